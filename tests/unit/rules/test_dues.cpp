// 党费收缴台账 checks: each with a clean case and the case that breaks it.
#include "records/loader.hpp"
#include "rules/check.hpp"
#include "rules_helpers.hpp"
#include "rules/dues.hpp"

#include <catch2/catch.hpp>

using namespace dangan;
using dangan::testing::only;

namespace {

const rules::RuleBook& dues_book() {
    static const auto instance = rules::RuleBook::load(DANGAN_SOURCE_DIR "/profiles", std::nullopt);
    return instance;
}

const char* organisation = R"({"kind": "organisation", "name": "测试支部", "type": "机关", "members": [
  {"name": "王芳", "status": "正式", "joined": "2010-07-01"},
  {"name": "李娜", "status": "预备", "joined": "2025-06-12"}]})";

/// A ledger with one account; `payments` is the JSON list body.
std::string ledger(const std::string& member, const std::string& payments, const std::string& extra = "") {
    return R"({"kind": "dues", "year": 2025, "members": [{"member": ")" + member + R"(", "base": 8000)" + extra +
           R"(, "payments": [)" + payments + "]}]}";
}

std::string months(int from, int to, const std::string& amount = "120.00", int paid_day = 10) {
    std::string out;
    for (int m = from; m <= to; ++m) {
        char buffer[160];
        std::snprintf(buffer, sizeof buffer, R"(%s{"month": "2025-%02d", "amount": %s, "paid": "2025-%02d-%02d"})",
                      out.empty() ? "" : ", ", m, amount.c_str(), m, paid_day);
        out += buffer;
    }
    return out;
}

std::vector<rules::Finding> run(const std::vector<std::string>& files, const char* as_of = "2025-12-31") {
    records::Dataset data;
    core::DiagnosticSink sink;
    int n = 0;
    for (const auto& text : files)
        records::load_json_text(text, "d" + std::to_string(++n) + ".json", dues_book().vocabulary(), data, sink);
    INFO((sink.empty() ? std::string() : sink.all().front().str()));
    REQUIRE(sink.empty());
    std::vector<rules::Finding> out;
    rules::check_dues(data, dues_book(), {core::parse_date(as_of)}, out);
    rules::sort_findings(out);
    return out;
}

std::string li_na_full_year() {  // 预备党员 from 2025-06-12: June to December, 8000 × 1.5% = 120
    return R"({"member": "李娜", "base": 8000, "payments": [)" + months(6, 12) + "]}";
}

}  // namespace

TEST_CASE("the rate table of the profile") {
    const auto& d = dues_book().for_date(core::make_date(2025, 1, 1)).dues;
    CHECK(d.rate_for("在职", 3000) == Approx(0.005));
    CHECK(d.rate_for("在职", 3000.01) == Approx(0.01));
    CHECK(d.rate_for("在职", 5000) == Approx(0.01));
    CHECK(d.rate_for("在职", 10000) == Approx(0.015));
    CHECK(d.rate_for("在职", 10001) == Approx(0.02));
    CHECK(d.rate_for("离退休", 5000) == Approx(0.005));
    CHECK(d.rate_for("离退休", 6000) == Approx(0.01));
    CHECK(*d.amount_for("", 8000) == Approx(120.0));
    CHECK(*d.amount_for("学生", std::nullopt) == Approx(0.2));
    CHECK_FALSE(d.amount_for("在职", std::nullopt));
    CHECK_FALSE(d.rate_for("外星人", 1000));
}

TEST_CASE("a complete year of correct dues gives no finding") {
    const auto f = run({organisation, R"({"kind": "dues", "year": 2025, "members": [{"member": "王芳", "base": 8000,
        "rate": 0.015, "payments": [)" + months(1, 12) + "]}, " + li_na_full_year() + "]}"});
    INFO(rules::findings_to_text(f));
    CHECK(f.empty());
}

TEST_CASE("dues.missing: months that have ended without a payment, and members without an account") {
    const auto f = only(run({organisation, R"({"kind": "dues", "year": 2025, "members": [{"member": "王芳", "base": 8000,
        "payments": [)" + months(1, 2) + ", " + months(5, 9) + "]}]}"},
                            "2025-09-30"),
                        "dues.missing");
    REQUIRE(f.size() == 2);
    // 李娜 joined on 2025-06-12 and has no account: June to September are due.
    CHECK(f[0].message == "党费台账中没有党员李娜的交纳记录");
    CHECK(f[1].message == "王芳缺少2个月的党费交纳记录：2025年3月、4月");
    CHECK(f[1].severity == core::Severity::error);
    CHECK(f[1].where.record == "2025年党费收缴台账 王芳");
    // A month still running is not missing: on 2025-10-15, October is not yet due.
    const auto october = only(run({organisation, ledger("王芳", months(1, 9)) }, "2025-10-15"), "dues.missing");
    REQUIRE(october.size() == 1);  // only 李娜's missing account
    CHECK(october[0].message.find("李娜") != std::string::npos);
}

TEST_CASE("dues.lapse: six consecutive months unpaid by the end of the sixth") {
    SECTION("January to June never paid") {
        const auto f = only(run({ledger("王芳", months(7, 12))}), "dues.lapse");
        REQUIRE(f.size() == 1);
        CHECK(f[0].severity == core::Severity::warning);
        CHECK(f[0].message.starts_with("王芳连续6个月（2025年1月至2025年6月）未交纳党费"));
        CHECK(f[0].dates == std::vector<std::string>{"2025-01", "2025-06"});
    }
    SECTION("five months unpaid is not a lapse") {
        CHECK(only(run({ledger("王芳", months(6, 12))}), "dues.lapse").empty());
    }
    SECTION("back-paid only after the six months still lapsed") {
        std::string late;
        for (int m = 1; m <= 6; ++m)
            late += "{\"month\": \"2025-0" + std::to_string(m) + "\", \"amount\": 120, \"paid\": \"2025-07-15\"}, ";
        const auto f = run({ledger("王芳", late + months(7, 12))});
        CHECK(only(f, "dues.lapse").size() == 1);
        CHECK(only(f, "dues.missing").empty());
    }
    SECTION("quarterly payment in advance is no lapse") {
        std::string quarterly;
        for (int m = 1; m <= 12; ++m) {
            char buffer[120];
            std::snprintf(buffer, sizeof buffer, R"(%s{"month": "2025-%02d", "amount": 120, "paid": "2025-%02d-10"})",
                          m == 1 ? "" : ", ", m, (m - 1) / 3 * 3 + 1);
            quarterly += buffer;
        }
        CHECK(run({ledger("王芳", quarterly)}).empty());
    }
    SECTION("a justification suspends the warning") {
        CHECK(only(run({ledger("王芳", months(7, 12), R"(, "lapse_reason": "病休，经支部同意缓交")")}), "dues.lapse").empty());
    }
}

TEST_CASE("dues.backpay: paid more than six months after the month") {
    CHECK(only(run({ledger("王芳", months(2, 12) + R"(, {"month": "2025-01", "amount": 120, "paid": "2025-07-31"})")}),
               "dues.backpay").empty());  // 2025-01-31 + 6 months = 2025-07-31: still in time
    const auto f = only(run({ledger("王芳", months(2, 12) + R"(, {"month": "2025-01", "amount": 120, "paid": "2025-08-01"})")}),
                        "dues.backpay");
    REQUIRE(f.size() == 1);
    CHECK(f[0].message == "王芳2025年1月的党费于2025年8月1日补交，超过6个月（应不晚于2025年7月31日）");
    CHECK(f[0].severity == core::Severity::warning);
}

TEST_CASE("dues.amount: the amount and the written rate against the rate table") {
    SECTION("a wrong amount") {
        const auto f = only(run({ledger("王芳", months(1, 12, "80.00"))}), "dues.amount");
        REQUIRE(f.size() == 12);
        CHECK(f[0].message == "王芳2025年1月交纳80.00元，按计费基数8000.00元、比例1.5%应为120.00元");
    }
    SECTION("rounding to 分 within the tolerance is accepted") {
        // 2999 × 0.5% = 14.995 → 15.00 or 14.99 are both fine.
        const std::string base_2999 = R"({"kind": "dues", "year": 2025, "members": [{"member": "王芳", "base": 2999, "payments": [)";
        CHECK(only(run({base_2999 + months(1, 12, "14.99") + "]}]}"}), "dues.amount").empty());
        CHECK(only(run({base_2999 + months(1, 12, "15.00") + "]}]}"}), "dues.amount").empty());
    }
    SECTION("a written rate that is not the table's") {
        const auto f = only(run({ledger("王芳", months(1, 12, "80.00"), R"(, "rate": 0.01)")}), "dues.amount");
        REQUIRE(f.size() == 24);
        CHECK(f[0].message == "王芳2025年1月按1%计交，计费基数8000.00元（在职）按比例表应为1.5%");
    }
    SECTION("a fixed-amount category") {
        const std::string student = R"({"kind": "dues", "year": 2025, "members": [{"member": "王芳", "category": "学生", "payments": [)";
        CHECK(run({student + months(1, 12, "0.20") + "]}]}"}).empty());
        const auto f = only(run({student + months(1, 1, "1.00") + "]}]}"}, "2025-01-31"), "dues.amount");
        REQUIRE(f.size() == 1);
        CHECK(f[0].message == "王芳2025年1月交纳1.00元，按学生每月固定0.20元");
    }
    SECTION("an unknown category") {
        const auto f = only(run({ledger("王芳", months(1, 12), R"(, "category": "外籍")")}), "dues.amount");
        REQUIRE_FALSE(f.empty());
        CHECK(f[0].message.find("党费类别“外籍”在规则集中没有比例表或固定金额；已有类别：") == 0);  // #14: with a fix-it hint
    }
}

TEST_CASE("dues.start: a 预备党员 pays from the month of the resolution") {
    CHECK(run({organisation, R"({"kind": "dues", "year": 2025, "members": [{"member": "王芳", "base": 8000, "payments": [)" +
                                 months(1, 12) + "]}, " + li_na_full_year() + "]}"})
              .empty());
    const auto f = run({organisation, R"({"kind": "dues", "year": 2025, "members": [{"member": "李娜", "base": 8000,
        "payments": [)" + months(5, 12) + "]}, {\"member\": \"王芳\", \"base\": 8000, \"payments\": [" + months(1, 12) + "]}]}"});
    const auto start = only(f, "dues.start");
    REQUIRE(start.size() == 1);
    CHECK(start[0].message == "李娜为2025年5月交纳党费，早于应交起始月2025年6月（预备党员自支部大会通过之日起交纳党费）");
    // and June onwards is what is due: nothing is missing
    CHECK(only(f, "dues.missing").empty());
}

TEST_CASE("bad dues records are reported, never crash") {
    SECTION("a month that is a full date, a paid date that is partial, and a paid month without amount") {
        const auto f = run({ledger("王芳", R"({"month": "2025-01-05", "amount": 120, "paid": "2025-01-10"},
                                             {"month": "2025-02", "amount": 120, "paid": "2025年2月"},
                                             {"month": "2025-03", "paid": "2025-03-10"})")},
                           "2025-03-31");
        REQUIRE(only(f, "date.invalid").size() == 1);
        CHECK(only(f, "date.invalid")[0].message == "交纳月份“2025-01-05”应写成年月，如 2025-03");
        REQUIRE(only(f, "date.partial").size() == 1);
        CHECK(only(f, "date.partial")[0].message == "交纳日期“2025年2月”不完整：应写明年月日");
        REQUIRE(only(f, "record.incomplete").size() == 1);
        CHECK(only(f, "record.incomplete")[0].message == "王芳2025年3月已记交纳日期，但没有金额");
    }
    SECTION("a month outside the ledger's year and a paid date after the check date") {
        const auto f = run({ledger("王芳", months(1, 2) + R"(, {"month": "2024-12", "amount": 120, "paid": "2026-01-10"})")},
                           "2025-02-28");
        CHECK(only(f, "record.inconsistent").size() == 1);
        CHECK(only(f, "date.future").size() == 1);
    }
    SECTION("loader: missing year and month are data errors") {
        records::Dataset data;
        core::DiagnosticSink sink;
        records::load_json_text(R"({"kind": "dues", "members": [{"member": "王芳", "payments": [{"amount": 1}]}]})",
                                "x.json", dues_book().vocabulary(), data, sink);
        REQUIRE(sink.all().size() == 2);
        CHECK(sink.all()[0].message == "党费台账要写明年度，如 \"year\": 2025（中文可写作“年度”）");
        CHECK(sink.all()[1].message == "缺少必填字段“month”（月份），如 \"month\": \"2025-03\"");
    }
}

TEST_CASE("month helpers") {
    CHECK(rules::month_list({core::make_month(2024, 12), core::make_month(2025, 1), core::make_month(2025, 2)}) ==
          "2024年12月、2025年1月、2月");
    const auto due = rules::due_months(2025, core::make_month(2025, 6), core::make_date(2025, 8, 30));
    REQUIRE(due.size() == 2);  // June, July; August has not ended
    CHECK(due[1] == core::make_month(2025, 7));
    records::Member joined_later;
    joined_later.joined.date = core::make_date(2026, 2, 1);
    joined_later.joined.raw = "2026-02-01";
    CHECK_FALSE(rules::first_dues_month(&joined_later, 2025));
    CHECK(rules::first_dues_month(nullptr, 2025) == core::make_month(2025, 1));
}

TEST_CASE("a ledger row written 王  芳 (padded to three characters' width) is the roster's 王芳") {
    const std::string padded = R"({"kind": "dues", "year": 2025, "members": [{"member": "王\u3000芳", "base": 8000, "payments": [)" +
                               months(1, 12) + "]}, " + li_na_full_year() + "]}";
    const auto findings = run({organisation, padded});
    for (const auto& f : findings) INFO(f.message);
    CHECK(only(findings, "dues.missing").empty());
    size_t strangers = 0;
    for (const auto& f : only(findings, "record.inconsistent")) strangers += f.message.find("不在支部党员名册中") != std::string::npos;
    CHECK(strangers == 0);
    // Without the closing-up the same ledger would name a stranger and miss 王芳: a different name still does.
    const std::string other = R"({"kind": "dues", "year": 2025, "members": [{"member": "王\u3000方", "base": 8000, "payments": [)" +
                              months(1, 12) + "]}, " + li_na_full_year() + "]}";
    CHECK(only(run({organisation, other}), "dues.missing").size() == 1);
}
