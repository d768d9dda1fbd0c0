#include "records/loader.hpp"
#include "rules/check.hpp"
#include "rules_helpers.hpp"

#include <catch2/catch.hpp>

#include "support/language_scope.hpp"

#include <filesystem>
#include <fstream>

using namespace dangan;
using dangan::testing::only;

namespace {

const rules::RuleBook& book() {
    static const auto instance = rules::RuleBook::load(DANGAN_SOURCE_DIR "/profiles", std::nullopt);
    return instance;
}

std::vector<rules::Finding> check(const std::vector<std::string>& files, const char* as_of = "2025-12-31",
                                  const rules::RuleBook& rule_book = book()) {
    records::Dataset data;
    core::DiagnosticSink sink;
    int n = 0;
    for (const auto& text : files)
        records::load_json_text(text, "f" + std::to_string(++n) + ".json", rule_book.vocabulary(), data, sink);
    INFO((sink.empty() ? std::string() : sink.all().front().str()));
    REQUIRE_FALSE(sink.has_errors());
    return rules::check_dataset(data, rule_book, {core::parse_date(as_of)});
}

std::string dump(const std::vector<rules::Finding>& all) { return rules::findings_to_text(all); }

// A complete meeting record that breaks no rule.
std::string meeting(const std::string& date, const std::string& extra = "", const std::string& kind = "党课") {
    return R"({"kind": "meeting", "type": ")" + kind + R"(", "date": ")" + date +
           R"(", "start": "14:30", "end": "16:00", "place": "会议室", "host": "王芳", "recorder": "李娜",
              "attendance": {"expected": 2, "present": ["王芳", "李娜"]}, "agenda": ["学习"], "resolutions": ["通过"])" +
           extra + "}";
}

}  // namespace

TEST_CASE("a complete meeting gives no finding") {
    const auto findings = check({meeting("2025-01-15")}, "2025-01-20");  // no period is over yet
    INFO(dump(findings));
    CHECK(findings.empty());
}

TEST_CASE("date completeness and validity") {
    SECTION("a year-only and a month-only date are partial") {
        const auto f = only(check({meeting("2025年"), meeting("2025年3月")}), "date.partial");
        REQUIRE(f.size() == 2);
        CHECK(f[0].message.find("只有") != std::string::npos);
        CHECK(f[0].severity == core::Severity::error);
        CHECK(f[0].where.field == "/date");
    }
    SECTION("an impossible date is invalid") {
        const auto f = only(check({meeting("2025年2月30日")}), "date.invalid");
        REQUIRE(f.size() == 1);
        CHECK(f[0].message.find("2025年2月30日") != std::string::npos);
    }
    SECTION("a date before 1900 is not plausible") {
        const auto f = only(check({meeting("0001-01-01")}), "date.invalid");
        REQUIRE(f.size() == 1);
        CHECK(f[0].message == "会议日期“0001-01-01”的年份1不合理（早于1900年），请核对");
    }
    SECTION("a missing date") {
        const auto f = only(check({R"({"kind": "meeting", "type": "党课", "host": "王芳"})"}), "date.missing");
        REQUIRE(f.size() == 1);
        CHECK(f[0].message == "会议日期未填写：应写明完整的年月日");
    }
    SECTION("a date after the check date") {
        const auto f = only(check({meeting("2026-01-05")}), "date.future");
        REQUIRE(f.size() == 1);
        CHECK(f[0].dates == std::vector<std::string>{"2026-01-05"});
    }
    SECTION("end time before start time") {
        const auto f = only(check({R"({"kind": "meeting", "type": "党课", "date": "2025-03-01", "start": "16:00",
                                       "end": "15:00", "host": "王芳"})"},
                                  "2025-03-31"),
                            "date.inconsistent");
        REQUIRE(f.size() == 1);
        CHECK(f[0].message == "结束时间 15:00 不晚于开始时间 16:00");
    }
}

TEST_CASE("meeting record completeness and placeholders") {
    const auto all = check({R"({"kind": "meeting", "type": "支部委员会", "date": "2025-03-01", "place": "XX会议室"})"},
                           "2025-03-31");
    const auto incomplete = only(all, "record.incomplete");
    CHECK(incomplete.size() >= 4);
    CHECK(incomplete[0].where.record == "2025-03-01 支部委员会");
    const auto placeholder = only(all, "content.placeholder");
    REQUIRE(placeholder.size() == 1);
    CHECK(placeholder[0].where.field == "/place");
    CHECK(rules::looks_like_placeholder("××同志"));
    CHECK(rules::looks_like_placeholder("待定"));
    CHECK_FALSE(rules::looks_like_placeholder("X光机房"));
    CHECK_FALSE(rules::looks_like_placeholder("第二会议室"));
}

TEST_CASE("meeting numbering: gaps, duplicates and order") {
    const auto all = check({meeting("2025-01-10", R"(, "number": 1)"), meeting("2025-03-10", R"(, "number": 3)"),
                            meeting("2025-02-10", R"(, "number": 3)")},
                           "2025-03-31");
    CHECK(only(all, "number.duplicate").size() == 1);
    REQUIRE(only(all, "number.gap").size() == 1);
    CHECK(only(all, "number.gap")[0].message == "2025年党课缺少第2次的记录（编号不连续）");
    const auto quiet = check({meeting("2025-01-10", R"(, "number": 1)"), meeting("2025-02-10", R"(, "number": 2)")},
                             "2025-03-31");
    CHECK(only(quiet, "number.gap").empty());
    CHECK(only(quiet, "date.order").empty());
    const auto order = check({meeting("2025-03-10", R"(, "number": 1)"), meeting("2025-02-10", R"(, "number": 2)")},
                             "2025-03-31");
    CHECK(only(order, "date.order").size() == 1);
}

TEST_CASE("votes: quorum and majority (R11)") {
    const auto bad = check({meeting("2025-03-01", R"(, "votes": [{"subject": "预算", "expected": 10, "present": 5, "yes": 5}])")},
                           "2025-03-31");
    REQUIRE(only(bad, "vote.quorum").size() == 1);
    CHECK(only(bad, "vote.quorum")[0].message == "“预算”的表决到会有表决权的 5 人未超过1/2（应到 10 人），会议不能表决");
    CHECK(only(bad, "vote.majority").size() == 1);
    const auto good = check({meeting("2025-03-01", R"(, "votes": [{"subject": "预算", "expected": 10, "present": 6, "yes": 5, "written_yes": 1}])")},
                            "2025-03-31");
    CHECK(only(good, "vote.quorum").empty());
    CHECK(only(good, "vote.majority").empty());
}

TEST_CASE("cadence: each complete month without a 支委会 is named") {
    const std::string org = R"({"kind": "organisation", "name": "测试支部", "type": "机关",
        "committee": {"members": [{"name": "王芳", "role": "书记"}, {"name": "李娜", "role": "组织委员"}]}})";
    const auto all = check({org, meeting("2025-01-10", "", "支委会"), meeting("2025-03-10", "", "支委会")}, "2025-04-15");
    std::vector<std::string> periods;
    for (const auto& f : only(all, "cadence.gap"))
        if (f.where.record == "支部委员会") periods.push_back(f.period);
    CHECK(periods == std::vector<std::string>{"2025-02"});  // April is not over on 2025-04-15
}

TEST_CASE("a local profile changes the cadence without recompiling") {
    const auto local = rules::RuleBook::load(DANGAN_SOURCE_DIR "/profiles", std::string("example-local"));
    const auto all = check({meeting("2025-01-10"), meeting("2025-02-10"), meeting("2025-03-10"), meeting("2025-12-01")},
                           "2025-12-31", local);
    std::vector<std::string> periods;
    for (const auto& f : only(all, "cadence.gap"))
        if (f.where.record == "党课") periods.push_back(f.period);
    CHECK(periods == std::vector<std::string>{"2025-Q2", "2025-Q3"});
    const auto national = check({meeting("2025-01-10"), meeting("2025-02-10"), meeting("2025-03-10"), meeting("2025-12-01")});
    for (const auto& f : only(national, "cadence.gap")) CHECK(f.where.record != "党课");  // 4 a year: met
}

TEST_CASE("term of the committee (R30)") {
    auto org = [](const std::string& elected, const std::string& extra = "") {
        return R"({"kind": "organisation", "name": "测试支部", "type": ")" + std::string("机关") +
               R"(", "committee": {"elected": ")" + elected + "\"" + extra + "}}";
    };
    const auto expired = only(check({org("2021-06-20")}), "term.expired");
    REQUIRE(expired.size() == 1);
    CHECK(expired[0].severity == core::Severity::error);
    CHECK(expired[0].message.find("已于2024年6月20日届满") != std::string::npos);
    const auto delayed = only(check({org("2022-06-20", R"(, "delay_until": "2026-03-01", "delay_approval": "X党复〔2025〕3号")")}),
                              "term.expired");
    CHECK(delayed.empty());
    const auto soon = only(check({org("2023-03-01")}), "term.expired");
    REQUIRE(soon.size() == 1);
    CHECK(soon[0].severity == core::Severity::info);
    const auto village = only(check({R"({"kind": "organisation", "name": "村支部", "type": "村", "committee": {"elected": "2022-06-20"}})"}),
                              "term.expired");
    CHECK(village.empty());  // 村 terms are 5 years
}

namespace {
std::string election(const std::string& steps, const std::string& extra = "") {
    return R"({"kind": "election", "id": "2025换届", "seats": 5, "steps": [)" + steps + "]" + extra + "}";
}
std::string step(const std::string& name, const std::string& date) {
    return R"({"step": ")" + name + R"(", "date": ")" + date + "\"}";
}
}  // namespace

TEST_CASE("election chain (R31): a 请示 with no 批复 and steps out of order") {
    const auto all = check({election(step("请示", "2025-03-01") + "," + step("选举大会", "2025-05-01"))});
    const auto missing = only(all, "workflow.missing");
    REQUIRE(missing.size() == 6);  // 批复 … 审查同意 before, 第一次支委会 … 结果批复 after the election
    CHECK(missing[0].message == "换届材料缺少“批复”");
    const auto order = only(check({election(step("请示", "2025-03-01") + "," + step("批复", "2025-02-20"))}), "workflow.order");
    REQUIRE(order.size() == 1);
    CHECK(order[0].message == "“批复”（2025-02-20）应在“请示”（2025-03-01）之后");
}

TEST_CASE("election votes (R32, R33)") {
    const std::string full = step("请示", "2025-03-01") + "," + step("批复", "2025-03-10") + "," +
                             step("预备人选报审", "2025-03-20") + "," + step("审查同意", "2025-03-28") + "," +
                             step("选举大会", "2025-04-10") + "," + step("第一次支委会", "2025-04-10") + "," +
                             step("结果报告", "2025-04-12") + "," + step("结果批复", "2025-04-20");
    const auto good = check({election(full, R"(, "voting": {"expected": 30, "present": 25},
        "candidates": [{"name": "甲", "votes": 20, "elected": true}, {"name": "乙"}, {"name": "丙"}, {"name": "丁"},
                       {"name": "戊"}, {"name": "己"}])")});
    INFO(dump(good));
    CHECK(good.empty());
    const auto bad = check({election(full, R"(, "voting": {"expected": 30, "present": 24},
        "candidates": [{"name": "甲", "votes": 12, "elected": true}, {"name": "乙"}, {"name": "丙"}, {"name": "丁"},
                       {"name": "戊"}])")});
    CHECK(only(bad, "vote.quorum").size() == 1);
    CHECK(only(bad, "vote.margin").size() == 1);
    CHECK(only(bad, "vote.majority").size() == 1);
    // Each finding names the field it is about (the web app's vote form outlines it; `check` gives its line).
    CHECK(only(bad, "vote.quorum")[0].where.field == "/voting/present");
    CHECK(only(bad, "vote.margin")[0].where.field == "/candidates");
    CHECK(only(bad, "vote.majority")[0].where.field == "/candidates/0/votes");
    // Counts that contradict each other: more present than expected, more ballots returned than issued —
    // also when the keys are written in Chinese.
    const auto counts = check({election(full, R"(, "选举情况": {"应到": 30, "实到": 31, "发出选票": 25, "收回选票": 26})")});
    const auto inconsistent = only(counts, "record.inconsistent");
    REQUIRE(inconsistent.size() == 2);
    CHECK(inconsistent[0].message == "选举大会实到 31 人，多于应到 30 人：请核对两个人数");
    CHECK(inconsistent[0].where.field == "/选举情况/实到");
    CHECK(inconsistent[1].where.field == "/选举情况/收回选票");
}

namespace {
std::string dossier(const std::string& steps, const std::string& extra = "") {
    return R"({"kind": "development", "name": "赵磊", "birth_date": "2000-04-02", "steps": [)" + steps + "]" + extra + "}";
}
std::string dstep(int n, const std::string& date, const std::string& extra = "") {
    return R"({"step": )" + std::to_string(n) + R"(, "date": ")" + date + "\"" + extra + "}";
}
}  // namespace

TEST_CASE("development: talk within one month (R02) with month-end clamping") {
    const auto late = only(check({dossier(dstep(1, "2025-01-31") + "," + dstep(2, "2025-03-01"))}), "workflow.interval");
    REQUIRE(late.size() == 1);
    CHECK(late[0].message.find("应不晚于2025年2月28日") != std::string::npos);
    CHECK(late[0].basis == "R02 细则第7条");
    CHECK(only(check({dossier(dstep(1, "2025-01-31") + "," + dstep(2, "2025-02-28"))}), "workflow.interval").empty());
}

TEST_CASE("development: age 18 (R01), 12 months of training (R04), order (R03), missing steps (R21)") {
    const auto young = only(check({R"({"kind": "development", "name": "小李", "birth_date": "2007-06-01",
                                       "steps": [{"step": 1, "date": "2025-05-01"}]})"}),
                            "workflow.interval");
    REQUIRE(young.size() == 1);
    CHECK(young[0].basis == "R01 细则第5条、党章第1条");

    const std::string early = dstep(1, "2024-01-10") + "," + dstep(2, "2024-01-20") + "," + dstep(3, "2024-03-01") +
                              "," + dstep(4, "2024-03-05") + "," + dstep(5, "2024-03-06") + "," + dstep(6, "2024-03-07") +
                              "," + dstep(7, "2025-02-01");
    const auto r04 = only(check({dossier(early, R"(, "contacts": ["王芳"])")}), "workflow.interval");
    REQUIRE(r04.size() == 1);
    CHECK(r04[0].message.find("应不早于2025年3月1日") != std::string::npos);

    const auto order = only(check({dossier(dstep(1, "2024-01-10") + "," + dstep(2, "2024-01-05"))}), "workflow.order");
    REQUIRE(order.size() == 1);

    const auto missing = only(check({dossier(dstep(1, "2024-01-10") + "," + dstep(3, "2024-03-01"))}), "workflow.missing");
    REQUIRE_FALSE(missing.empty());
    CHECK(missing[0].message == "缺少第2步“党组织派人谈话”的记录（已记录到第3步“推荐和确定入党积极分子”）");
}

TEST_CASE("development: admission vote needs a secret ballot; 转正 not before the 预备期 ends (R11, R15, R14)") {
    std::string steps;
    const char* dates[] = {"2022-01-10", "2022-01-20", "2022-03-01", "2022-03-05", "2022-03-06", "2022-03-07",
                           "2023-03-10", "2023-03-15", "2023-03-20", "2023-04-01", "2023-04-10", "2023-04-20",
                           "2023-05-01", "2023-05-05", "2023-05-10", "2023-05-20", "2023-06-01", "2023-06-10",
                           "2023-06-11", "2023-06-12", "2023-06-13", "2024-04-20", "2024-05-01"};
    for (int n = 1; n <= 23; ++n) {
        std::string extra;
        if (n == 15) extra = R"(, "vote": {"method": "举手表决", "expected": 10, "present": 9, "yes": 9})";
        steps += (n > 1 ? "," : "") + dstep(n, dates[n - 1], extra);
    }
    const auto all = check({dossier(steps, R"(, "contacts": ["王芳"], "introducers": ["王芳", "李娜"],
        "training": {"days": 3}, "probation_end": "2024-05-11")")});
    CHECK(only(all, "vote.method").size() == 1);
    bool r15 = false;
    for (const auto& f : only(all, "workflow.interval")) r15 = r15 || f.basis.starts_with("R15");
    CHECK(r15);
    const auto inconsistent = only(all, "date.inconsistent");
    REQUIRE(inconsistent.size() == 1);
    CHECK(inconsistent[0].message.find("2024年5月10日") != std::string::npos);
}

TEST_CASE("the 2026 provisional profile applies by date and only warns") {
    const std::string s = dstep(13, "2026-06-01") + "," + dstep(15, "2026-07-15");
    std::string steps;
    for (int n = 1; n <= 12; ++n) steps += dstep(n, "2026-01-0" + std::to_string(n < 10 ? n : 9)) + ",";
    (void)s;
    const auto after = only(check({dossier(dstep(13, "2026-06-01") + "," + dstep(14, "2026-06-02") + "," +
                                           dstep(15, "2026-07-15"))},
                                  "2026-12-31"),
                            "workflow.interval");
    bool provisional = false;
    for (const auto& f : after)
        if (f.basis.find("2026") != std::string::npos) provisional = f.severity == core::Severity::warning;
    CHECK(provisional);
    const auto before = only(check({dossier(dstep(13, "2025-06-01") + "," + dstep(14, "2025-06-02") + "," +
                                            dstep(15, "2025-07-15"))}),
                             "workflow.interval");
    for (const auto& f : before) CHECK(f.basis.find("2026") == std::string::npos);
}

TEST_CASE("bad profiles are unusable input with the file and key named") {
    CHECK_THROWS_WITH(rules::RuleBook::load(DANGAN_SOURCE_DIR "/profiles", std::string("no-such-profile")),
                      Catch::Contains("没有这个规则集；应为一个文件，或以下之一：example-local, "
                                      "national-2014, provisional-2026"));
    const dangan::testing::LanguageScope english(core::Language::en);
    CHECK_THROWS_WITH(rules::RuleBook::load(DANGAN_SOURCE_DIR "/profiles", std::string("no-such-profile")),
                      Catch::Contains("no such rule-set profile; expected a file or one of: example-local, "
                                      "national-2014, provisional-2026"));
}

TEST_CASE("findings serialise to JSON with the documented fields") {
    const auto findings = check({meeting("2025年3月")}, "2025-03-31");
    const auto json = rules::findings_to_json(findings);
    CHECK(json.find("\"rule\": \"date.partial\"") != std::string::npos);
    CHECK(json.find("\"severity\": \"error\"") != std::string::npos);
    CHECK(json.find("\"path\": \"f1.json\"") != std::string::npos);
    CHECK(json.find("\"record\"") != std::string::npos);
    CHECK(json.find("\"dates\"") != std::string::npos);
}

TEST_CASE("a misspelt key in a local profile is a warning naming the file, line and key; it is ignored") {
    const auto dir = std::filesystem::temp_directory_path() / "dangan-profile-test";
    std::filesystem::create_directories(dir);
    const auto file = dir / "local.json";
    std::ofstream(file) << R"({"id": "x-local", "extends": "national-2014", "status": "local",
        "meeting_kinds": {"党课": {"cadance": {"period": "month", "min": 3}}}})";
    const auto book = rules::RuleBook::load(DANGAN_SOURCE_DIR "/profiles", file.string());
    REQUIRE(book.warnings().size() == 1);
    CHECK(book.warnings()[0].str() ==
          file.string() + ":2:45 (规则集, /meeting_kinds/党课/cadance): 警告：不认识的键 \"cadance\"，已忽略（是否拼错？）；"
                          "是否应为 \"cadence\"？");
    // Ignored: the 党课 cadence stays the one the profile extends (four a year), not three a month.
    const auto* kind = book.for_date(core::parse_date("2025-06-01")).meeting_kind("党课");
    REQUIRE(kind);
    REQUIRE(kind->cadence);
    CHECK(kind->cadence->period != "month");

    // The shipped profiles have no unknown key.
    CHECK(rules::RuleBook::load(DANGAN_SOURCE_DIR "/profiles", std::nullopt).warnings().empty());
    std::ofstream(file, std::ios::trunc) << "{\"id\": \"\xB5\xB3\xBF\xCE\xB5\xB3\xBF\xCE\"}";
    CHECK_THROWS_WITH(rules::RuleBook::load(DANGAN_SOURCE_DIR "/profiles", file.string()),
                      Catch::Contains("规则集文件不是 UTF-8 文本"));
    std::filesystem::remove_all(dir);
}
