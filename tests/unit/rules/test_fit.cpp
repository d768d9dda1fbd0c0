// Issue 14: rules that fit ordinary branches (each with a case that passes and one that is reported).
#include "records/loader.hpp"
#include "rules/check.hpp"
#include "rules_helpers.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace dangan;
using dangan::testing::only;

namespace {

const rules::RuleBook& fit_book() {
    static const auto instance = rules::RuleBook::load(DANGAN_SOURCE_DIR "/profiles", std::nullopt);
    return instance;
}

std::vector<rules::Finding> fit_check(const std::vector<std::string>& files, const char* as_of) {
    records::Dataset data;
    core::DiagnosticSink sink;
    int n = 0;
    for (const auto& text : files)
        records::load_json_text(text, "g" + std::to_string(++n) + ".json", fit_book().vocabulary(), data, sink);
    INFO((sink.empty() ? std::string() : sink.all().front().str()));
    REQUIRE_FALSE(sink.has_errors());
    return rules::check_dataset(data, fit_book(), {core::parse_date(as_of)});
}

std::string party_lesson(const std::string& date) {
    return R"({"kind": "meeting", "type": "党课", "date": ")" + date + R"(", "start": "14:30", "end": "16:00",
              "place": "村委会", "host": "王芳", "recorder": "李娜", "attendance": {"expected": 2, "present": ["王芳", "李娜"]},
              "agenda": ["学习"], "resolutions": ["通过"]})";
}

std::vector<std::string> group_gaps(const std::vector<rules::Finding>& all) {
    std::vector<std::string> out;
    for (const auto& f : only(all, "cadence.gap"))
        if (f.where.record.find("党小组会") != std::string::npos) out.push_back(f.period);
    return out;
}

}  // namespace

TEST_CASE("\"groups\": [] means the branch has no 党小组: no 党小组会 gap") {
    const std::string none = R"({"kind": "organisation", "name": "中共某村支部委员会", "type": "村", "groups": []})";
    const auto all = fit_check({none, party_lesson("2025-01-10")}, "2025-04-15");
    CHECK(group_gaps(all).empty());
}

TEST_CASE("without a \"groups\" key, a month without 党小组会 is still reported") {
    const std::string unsaid = R"({"kind": "organisation", "name": "中共某村支部委员会", "type": "村"})";
    const auto all = fit_check({unsaid, party_lesson("2025-01-10")}, "2025-04-15");
    CHECK(group_gaps(all) == std::vector<std::string>{"2025-01", "2025-02", "2025-03"});
}

namespace {

std::vector<rules::Finding> dues_of(const std::string& category, const std::string& amount) {
    const std::string org = R"({"kind": "organisation", "name": "中共某村支部委员会", "type": "村", "members": [
        {"name": "王芳", "status": "正式", "joined": "2010-07-01"}]})";
    std::string payments;
    for (int m = 1; m <= 12; ++m)
        payments += std::string(m > 1 ? ", " : "") + R"({"month": "2025-)" + (m < 10 ? "0" : "") + std::to_string(m) +
                    R"(", "amount": )" + amount + R"(, "paid": "2025-)" + (m < 10 ? "0" : "") + std::to_string(m) + R"(-10"})";
    const std::string ledger = R"({"kind": "dues", "year": 2025, "members": [{"member": "王芳", "category": ")" + category +
                               R"(", "payments": [)" + payments + "]}]}";
    records::Dataset data;
    core::DiagnosticSink sink;
    records::load_json_text(org, "o.json", fit_book().vocabulary(), data, sink);
    records::load_json_text(ledger, "d.json", fit_book().vocabulary(), data, sink);
    REQUIRE(sink.empty());
    std::vector<rules::Finding> out;
    rules::check_dues(data, fit_book(), {core::parse_date("2025-12-31")}, out);
    return out;
}

}  // namespace

TEST_CASE("农民 pay 0.2 to 1 元 a month (the province sets the amount)") {
    CHECK(only(dues_of("农民", "0.5"), "dues.amount").empty());
    CHECK(only(dues_of("农民", "0.2"), "dues.amount").empty());
    CHECK(only(dues_of("农民", "1"), "dues.amount").empty());
    const auto too_much = only(dues_of("农民", "1.5"), "dues.amount");
    REQUIRE(too_much.size() == 12);
    CHECK(too_much[0].message == "王芳2025年1月交纳1.50元，农民每月应在0.20至1.00元之间（具体标准由省级党委确定）");
}

TEST_CASE("学生 and 离退休 are categories of the national profile") {
    CHECK(only(dues_of("学生", "0.2"), "dues.amount").empty());
    CHECK(only(dues_of("学生", "0.5"), "dues.amount").size() == 12);
    // 下岗失业 and 低保 members pay the same fixed 0.2 元 (2008 中组部规定, shared/domain/rules.md §7 [D3]).
    CHECK(only(dues_of("失业", "0.2"), "dues.amount").empty());
    CHECK(only(dues_of("低保", "0.2"), "dues.amount").empty());
    const auto relief = only(dues_of("低保", "1"), "dues.amount");
    REQUIRE(relief.size() == 12);
    CHECK(relief[0].message == "王芳2025年1月交纳1.00元，按低保每月固定0.20元");
}

TEST_CASE("an unknown dues category names the known ones, the nearest, and how to add one") {
    const auto f = only(dues_of("农名", "0.5"), "dues.amount");
    REQUIRE_FALSE(f.empty());
    CHECK(f[0].message.find("党费类别“农名”在规则集中没有比例表或固定金额（是不是“农民”？）") == 0);
    CHECK(f[0].message.find("已有类别：在职、离退休") != std::string::npos);
    CHECK(f[0].message.find(R"("dues": {"fixed": {"农名": 0.2}})") != std::string::npos);
}

namespace {

std::string annual(const std::string& date, const std::string& extra) {
    return R"({"kind": "meeting", "type": "组织生活会", "date": ")" + date + R"(", "start": "9:00", "end": "11:00",
              "place": "会议室", "host": "王芳", "recorder": "李娜", "attendance": {"expected": 2, "present": ["王芳", "李娜"]},
              "agenda": ["对照检查"], "resolutions": ["整改"])" + extra + "}";
}

std::vector<std::string> annual_gaps(const std::vector<rules::Finding>& all) {
    std::vector<std::string> out;
    for (const auto& f : only(all, "cadence.gap"))
        if (f.where.record == "组织生活会") out.push_back(f.period + " " + f.message);
    return out;
}

}  // namespace

TEST_CASE("a 2024年度 组织生活会 held in January 2025 counts for 2024") {
    // 2024 has other records (a 党课), so 2024 is judged; the session for it is held on 2025-01-20.
    const auto by_year = fit_check({party_lesson("2024-05-10"), annual("2025-01-20", R"(, "year": 2024)")}, "2025-12-31");
    CHECK(annual_gaps(by_year).empty());  // and 2025's is not due before 2026-03-31
    const auto by_title = fit_check({party_lesson("2024-05-10"), annual("2025-02-20", R"(, "title": "2024年度组织生活会")")},
                                    "2025-12-31");
    CHECK(annual_gaps(by_title).empty());
}

TEST_CASE("a 年度 session after the due date, or one not said to be for last year, leaves that year's gap") {
    const auto late = fit_check({party_lesson("2024-05-10"), annual("2025-04-10", R"(, "year": 2024)")}, "2025-12-31");
    REQUIRE(annual_gaps(late).size() == 1);
    CHECK(annual_gaps(late)[0] ==
          "2024 2024年度没有组织生活会记录（应每年至少1次，最迟于2025年3月31日前召开；另有1次在此之后召开）");
    const auto unsaid = fit_check({party_lesson("2024-05-10"), annual("2025-01-20", "")}, "2025-12-31");
    REQUIRE(annual_gaps(unsaid).size() == 1);  // counted for 2025; 2024 has none
    CHECK(annual_gaps(unsaid)[0].starts_with("2024 2024年度没有组织生活会"));
    // After 2026-03-31 an unheld 2025 session is reported too.
    CHECK(annual_gaps(fit_check({party_lesson("2025-05-10")}, "2026-04-01")).size() == 1);
    CHECK(annual_gaps(fit_check({party_lesson("2025-05-10")}, "2026-03-31")).empty());
}

TEST_CASE("people named in a meeting are checked against the roster, with did-you-mean") {
    const std::string org = R"({"kind": "organisation", "name": "中共某村支部委员会", "type": "村", "members": [
        {"name": "王芳", "status": "正式"}, {"name": "李娜", "status": "正式"}, {"name": "赵德明", "status": "正式"}]})";
    auto people = [&](const std::string& meeting) {
        std::vector<std::string> out;
        for (const auto& f : only(fit_check({org, meeting}, "2025-01-20"), "record.inconsistent"))
            if (f.message.find("不在党员名册中") != std::string::npos) out.push_back(f.where.field + " " + f.message);
        return out;
    };
    const std::string good = R"({"kind": "meeting", "type": "党课", "date": "2025-01-15", "host": "王芳", "recorder": "李娜",
        "attendance": {"expected": 3, "present": ["王芳", "李娜"], "absent": [{"name": "赵德明", "reason": "病假"}],
                       "attending": ["刘光明（镇党委委员）"]}})";
    CHECK(people(good).empty());
    const std::string guest_present = R"({"kind": "meeting", "type": "党课", "date": "2025-01-15", "host": "刘光明",
        "recorder": "李娜", "attendance": {"present": ["王芳", "李娜", "刘光明"], "attending": ["刘光明（镇党委委员）"]}})";
    CHECK(people(guest_present).empty());
    const std::string bad = R"({"kind": "meeting", "type": "党课", "date": "2025-01-15", "host": "赵得明", "recorder": "李娜",
        "attendance": {"present": ["王芳", "李四"]}})";
    const auto found = people(bad);
    REQUIRE(found.size() == 2);
    CHECK(found[0] == "/host 主持人“赵得明”不在党员名册中（是不是“赵德明”？）；名册外的人员（上级领导、列席人员）请写入“列席”");
    CHECK(found[1] == "/attendance/present/1 出席人员“李四”不在党员名册中（是不是“李娜”？）；名册外的人员（上级领导、列席人员）请写入“列席”");
}

TEST_CASE("a name padded to three characters' width (张  伟) is the roster's 张伟 in a meeting's people") {
    const std::string org = R"({"kind": "organisation", "name": "中共某村支部委员会", "type": "村", "members": [
        {"name": "张　伟", "status": "正式", "joined": "2001-07-01"}, {"name": "李娜", "status": "正式", "joined": "2001-07-01"}]})";
    const std::string meeting = R"({"kind": "meeting", "type": "党课", "date": "2025-01-15", "host": "张伟", "recorder": "李 娜",
        "attendance": {"expected": 2, "present": ["张  伟", "李娜"]}})";
    std::vector<std::string> strangers;
    for (const auto& f : only(fit_check({org, meeting}, "2025-01-20"), "record.inconsistent"))
        if (f.message.find("不在党员名册中") != std::string::npos) strangers.push_back(f.message);
    CHECK(strangers.empty());
    // Still a stranger when the characters differ.
    const std::string other = R"({"kind": "meeting", "type": "党课", "date": "2025-01-15", "host": "张 炜", "recorder": "李娜"})";
    size_t found = 0;
    for (const auto& f : only(fit_check({org, other}, "2025-01-20"), "record.inconsistent"))
        found += f.message.find("主持人“张炜”不在党员名册中") != std::string::npos;
    CHECK(found == 1);
    // Roster names separated by blanks are one entry: said, with the way to write them.
    const std::string spaced = R"({"kind": "meeting", "type": "党课", "date": "2025-01-15", "host": "张伟", "recorder": "李娜",
        "attendance": {"expected": 2, "present": ["张伟 李娜"]}})";
    std::vector<std::string> said;
    for (const auto& f : only(fit_check({org, spaced}, "2025-01-20"), "record.inconsistent"))
        if (f.where.field.ends_with("/attendance/present/0")) said.push_back(f.message);
    REQUIRE(said.size() == 1);
    CHECK(said[0] == "出席人员“张伟 李娜”是用空格隔开的2个人名，只算作一人；请用顿号分隔：张伟、李娜");
}

TEST_CASE("a roster's 出生年月 and a long-standing member's 入党 year and month are not defects; a 预备党员's 入党日期 must be complete") {
    const std::string org = R"({"kind": "organisation", "name": "中共某村支部委员会", "type": "村", "members": [
        {"name": "王芳", "status": "正式", "birth_date": "1980.5", "joined": "1999年12月", "full_member": "2000年12月"},
        {"name": "李娜", "status": "预备", "birth_date": "1995年", "joined": "2025年6月"},
        {"name": "赵明", "status": "正式", "birth_date": "1980-02-30"}]})";
    std::vector<std::string> dates;
    for (const auto& f : fit_check({org}, "2025-12-31"))
        if (f.rule.starts_with("date.")) dates.push_back(f.rule + " " + f.message);
    std::sort(dates.begin(), dates.end());  // date.invalid before date.partial
    REQUIRE(dates.size() == 2);
    CHECK(dates[0].starts_with("date.invalid 党员赵明的出生日期无效"));
    CHECK(dates[1] == "date.partial 预备党员李娜的入党日期“2025年6月”不完整：只有年月，缺少日");
}

TEST_CASE("a founding date bounds the cadence: months before it owe no meeting") {
    const std::string founded = R"({"kind": "organisation", "name": "中共某村支部委员会", "type": "村", "groups": [],
        "founded": "2025-03-10"})";
    auto day_gaps = [](const std::vector<rules::Finding>& all) {
        std::vector<std::string> out;
        for (const auto& f : only(all, "cadence.gap"))
            if (f.where.record == "主题党日") out.push_back(f.period);
        return out;
    };
    const std::string day = R"({"kind": "meeting", "type": "主题党日", "date": "2025-01-15"})";
    // Founded in March: January and February are not judged; March (the founding month) and April are.
    CHECK(day_gaps(fit_check({founded, party_lesson("2025-04-10")}, "2025-05-02")) ==
          std::vector<std::string>{"2025-03", "2025-04"});
    // Without a founding date every month of the year is judged.
    const std::string unsaid = R"({"kind": "organisation", "name": "中共某村支部委员会", "type": "村", "groups": []})";
    CHECK(day_gaps(fit_check({unsaid, party_lesson("2025-04-10"), day}, "2025-05-02")) ==
          std::vector<std::string>{"2025-02", "2025-03", "2025-04"});
}

TEST_CASE("a joint meeting counts for each of its kinds (a list of types, or 暨 in the title)") {
    const std::string org = R"({"kind": "organisation", "name": "中共某村支部委员会", "type": "村", "groups": []})";
    auto gaps = [](const std::vector<rules::Finding>& all) {
        std::vector<std::string> out;
        for (const auto& f : only(all, "cadence.gap"))
            if (f.period == "2025-Q3" || f.period == "2025-07") out.push_back(f.where.record + " " + f.period);
        return out;
    };
    auto july = [](const std::string& type, const std::string& title) {
        return R"({"kind": "meeting", "type": )" + type + R"(, "title": ")" + title + R"(", "date": "2025-07-01"})";
    };
    const std::string others = R"({"kind": "meetings", "records": [
        {"type": "主题党日", "date": "2025-08-05"}, {"type": "主题党日", "date": "2025-09-05"}]})";
    // Good: one record of both kinds covers July's 主题党日 and the third quarter's 党员大会.
    CHECK(gaps(fit_check({org, others, july(R"(["主题党日", "支部党员大会"])", "七一主题党日")}, "2025-10-02")).empty());
    CHECK(gaps(fit_check({org, others, july(R"("主题党日")", "七一主题党日暨党员大会")}, "2025-10-02")).empty());
    CHECK(gaps(fit_check({org, others, july(R"("支部党员大会")", "七一主题党日暨党员大会会议记录")}, "2025-10-02")).empty());
    // Bad: a 主题党日 alone leaves the quarter without a 党员大会.
    CHECK(gaps(fit_check({org, others, july(R"("主题党日")", "七一主题党日")}, "2025-10-02")) ==
          std::vector<std::string>{"支部党员大会 2025-Q3"});
}

TEST_CASE("an unknown kind in a joint meeting's list is a data error") {
    records::Dataset data;
    core::DiagnosticSink sink;
    records::load_json_text(R"({"kind": "meeting", "type": ["主题党日", "党员大讲堂"], "date": "2025-07-01"})", "j.json",
                            fit_book().vocabulary(), data, sink);
    REQUIRE(sink.has_errors());
    CHECK(sink.all().front().str().find("不认识的会议类型“党员大讲堂”") != std::string::npos);
    CHECK(sink.all().front().where.field == "/type/1");
}

TEST_CASE("a year-less date takes the year a meetings file states") {
    records::Dataset stated, unstated;
    core::DiagnosticSink sink;
    records::load_json_text(R"({"kind": "meetings", "year": 2025, "records": [{"type": "党课", "date": "3月12日"}]})", "y.json",
                            fit_book().vocabulary(), stated, sink);
    REQUIRE_FALSE(sink.has_errors());
    REQUIRE(stated.meetings.at(0).date.full());
    CHECK(stated.meetings.at(0).date.date->iso() == "2025-03-12");
    records::load_json_text(R"({"kind": "meetings", "records": [{"type": "党课", "date": "3月12日"}]})", "n.json",
                            fit_book().vocabulary(), unstated, sink);
    CHECK_FALSE(unstated.meetings.at(0).date.full());  // no year anywhere: still reported by check
}

TEST_CASE("Chinese keys of a meeting are read as their English keys") {
    records::Dataset data;
    core::DiagnosticSink sink;
    records::load_json_text(R"({"kind": "meeting", "类型": "支委会", "日期": "2025-03-06", "主持人": "王芳", "记录人": "李娜",
        "地点": "会议室", "议题": ["学习"]})", "c.json", fit_book().vocabulary(), data, sink);
    INFO((sink.empty() ? std::string() : sink.all().front().str()));
    CHECK(sink.empty());  // no "unknown field" warning either
    REQUIRE(data.meetings.size() == 1);
    CHECK(data.meetings[0].kind == "支部委员会");
    CHECK(data.meetings[0].host == "王芳");
    CHECK(data.meetings[0].date.full());
    // A key that is neither English nor a known Chinese one is still a warning, with the key it may mean.
    records::Dataset other;
    core::DiagnosticSink warned;
    records::load_json_text(R"({"kind": "meeting", "type": "党课", "date": "2025-03-06", "主持者": "王芳"})", "d.json",
                            fit_book().vocabulary(), other, warned);
    REQUIRE(warned.all().size() == 1);
    CHECK(warned.all()[0].message == "不认识的字段“主持者”，已忽略（拼写有误？）；是不是“主持”（即“host”）？");
}

namespace {

std::string numbered(const std::string& type, const std::string& date, const std::string& extra) {
    return R"({"kind": "meeting", "type": )" + type + R"(, "date": ")" + date + R"(", )" + extra + "}";
}

std::vector<std::string> number_findings(const std::vector<rules::Finding>& all) {
    std::vector<std::string> out;
    for (const char* rule : {"number.gap", "number.duplicate"})
        for (const auto& f : only(all, rule)) out.push_back(f.message);
    return out;
}

}  // namespace

TEST_CASE("a joint meeting is numbered in each kind's series: no gap when it carries both numbers") {
    const std::vector<std::string> files = {
        numbered(R"("支部党员大会")", "2025-03-10", R"("number": 1)"),
        numbered(R"(["主题党日", "支部党员大会"])", "2025-07-01", R"("number": 3, "numbers": {"党员大会": 2})"),
        numbered(R"("支部党员大会")", "2025-09-10", R"("number": 3)"),
        numbered(R"("主题党日")", "2025-03-20", R"("number": 1)"),
        numbered(R"("主题党日")", "2025-05-20", R"("number": 2)"),
    };
    CHECK(number_findings(fit_check(files, "2025-09-30")).empty());
}

TEST_CASE("a joint meeting without its number in the other kind's series leaves a gap there") {
    const std::vector<std::string> files = {
        numbered(R"("支部党员大会")", "2025-03-10", R"("number": 1)"),
        numbered(R"(["主题党日", "支部党员大会"])", "2025-07-01", R"("number": 3)"),
        numbered(R"("支部党员大会")", "2025-09-10", R"("number": 3)"),
        numbered(R"("主题党日")", "2025-03-20", R"("number": 1)"),
        numbered(R"("主题党日")", "2025-05-20", R"("number": 2)"),
    };
    CHECK(number_findings(fit_check(files, "2025-09-30")) == std::vector<std::string>{"2025年支部党员大会缺少第2次的记录（编号不连续）"});
    // Its number twice in the other series is a duplicate there.
    auto twice = files;
    twice[1] = numbered(R"(["主题党日", "支部党员大会"])", "2025-07-01", R"("number": 3, "numbers": {"支部党员大会": 3})");
    const auto found = number_findings(fit_check(twice, "2025-09-30"));
    CHECK(std::find(found.begin(), found.end(), "2025年支部党员大会第3次重复（另见 2025-07-01 主题党日）") != found.end());
}

TEST_CASE("\"numbers\" naming a kind the meeting is not is a data error") {
    records::Dataset data;
    core::DiagnosticSink sink;
    records::load_json_text(numbered(R"("主题党日")", "2025-07-01", R"("numbers": {"支部委员会": 2})"), "n.json",
                            fit_book().vocabulary(), data, sink);
    REQUIRE(sink.has_errors());
    CHECK(sink.all().front().message.find("“支部委员会”不是这次会议的类型（主题党日）") == 0);
}

namespace {

std::string applicant(const std::string& step15) {
    return R"({"kind": "development", "name": "刘洋", "steps": [)" + step15 + "]}";
}

std::vector<std::string> decision_findings(const std::vector<rules::Finding>& all) {
    std::vector<std::string> out;
    for (const auto& f : all)
        if (f.basis.find("细则（2014）第20–21条") == 0) out.push_back(f.message);
    return out;
}

const std::string admission_vote =
    R"("votes": [{"subject": "接收刘洋为预备党员", "method": "无记名投票", "expected": 5, "present": 5, "yes": 5, "no": 0, "abstain": 0}])";

}  // namespace

TEST_CASE("a 发展 step decided at a meeting agrees with that meeting: good case") {
    const auto all = fit_check({numbered(R"("支部党员大会")", "2025-06-12", admission_vote),
                                applicant(R"({"step": 15, "date": "2025年6月12日", "vote": {"expected": 5, "present": 5, "yes": 5, "no": 0, "abstain": 0}})")},
                               "2025-12-31");
    CHECK(decision_findings(all).empty());
}

TEST_CASE("a 发展 step decided at a meeting: missing meeting, wrong kind, no vote, different vote") {
    const std::string step = R"({"step": 15, "date": "2025-06-12", "vote": {"expected": 5, "present": 5, "yes": 5, "no": 0, "abstain": 0}})";
    SECTION("no meeting that day, a 支部党员大会 two days earlier: named as the likely one") {
        const auto found = decision_findings(fit_check({numbered(R"("支部党员大会")", "2025-06-10", admission_vote), applicant(step)}, "2025-12-31"));
        CHECK(found == std::vector<std::string>{"刘洋的第15步（2025-06-12）应由支部党员大会决定，但会议记录里没有这一天的支部党员大会记录；"
                                                "是不是 2025-06-10 的支部党员大会？"});
    }
    SECTION("that day's meeting is of another kind") {
        const auto found = decision_findings(fit_check({numbered(R"("支部委员会")", "2025-06-12", admission_vote), applicant(step)}, "2025-12-31"));
        REQUIRE(found.size() == 1);
        CHECK(found[0].find("（这一天的会议是支部委员会）；请补上会议记录，或改正步骤日期") != std::string::npos);
    }
    SECTION("the meeting records no vote on the applicant") {
        const auto found = decision_findings(fit_check({numbered(R"("支部党员大会")", "2025-06-12", R"("number": 1)"), applicant(step)}, "2025-12-31"));
        REQUIRE(found.size() == 1);
        CHECK(found[0].find("会议记录里没有对刘洋的表决情况") != std::string::npos);
    }
    SECTION("the dossier's vote differs from the meeting's") {
        const std::string other = R"({"step": 15, "date": "2025-06-12", "vote": {"expected": 5, "present": 5, "yes": 4, "no": 1, "abstain": 0}})";
        const auto found = decision_findings(fit_check({numbered(R"("支部党员大会")", "2025-06-12", admission_vote), applicant(other)}, "2025-12-31"));
        REQUIRE(found.size() == 1);
        CHECK(found[0].find("与 2025-06-12 支部党员大会会议记录的表决（应到5、实到5、赞成5、反对0、弃权0）不一致") != std::string::npos);
    }
    SECTION("a year without any meeting record is not judged") {
        const std::string old = R"({"step": 15, "date": "2023-06-12"})";
        CHECK(decision_findings(fit_check({numbered(R"("支部党员大会")", "2025-06-12", admission_vote), applicant(old)}, "2025-12-31")).empty());
    }
}
