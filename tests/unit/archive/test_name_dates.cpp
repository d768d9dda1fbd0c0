// Names as branches write them (archive/name_dates): the habits, the fuller date winning, ranges,
// cohorts, 文号, 年度 and impossible dates, each with its context.
#include "archive/name_dates.hpp"

#include <catch2/catch.hpp>

using namespace dangan;
using archive::NameContext;
using archive::read_name;

namespace {
std::string iso(const archive::NameReading& r) { return r.date ? r.date->iso() : "-"; }
NameContext year(int y) { return NameContext{y, std::nullopt}; }
}  // namespace

TEST_CASE("habits of hand-kept names are read with the year around them", "[name_dates]") {
    CHECK(iso(read_name("3.6支委会", year(2024))) == "2024-03-06");
    CHECK(iso(read_name("0205支委会", year(2024))) == "2024-02-05");
    CHECK(iso(read_name("23年3月5日支委会", {})) == "2023-03-05");
    CHECK(iso(read_name("IMG_20230315_101522", {})) == "2023-03-15");
    CHECK(iso(read_name("微信图片_20230207093012", {})) == "2023-02-07");
    CHECK(iso(read_name("扫描全能王 2023-03-15 10.23", {})) == "2023-03-15");
    CHECK(iso(read_name("03月", year(2024))) == "2024-03");
    CHECK(read_name("0205支委会", year(2024)).at_start);
}

TEST_CASE("the fuller of two dates wins", "[name_dates]") {
    const auto r = read_name("2024年第3次支委会（3月12日）", year(2023));
    CHECK(iso(r) == "2024-03-12");  // the name's own year, not the folder's
}

TEST_CASE("学年 and 学期 are ranges that place month and day", "[name_dates]") {
    const auto term = read_name("第一学期（2023.9-2024.1）", {});
    REQUIRE(term.range);
    CHECK(term.range->first.iso() == "2023-09-01");
    CHECK(term.range->last.iso() == "2024-01-31");
    const auto inside = archive::child_context(term, {});
    CHECK(iso(read_name("9.12支委会", inside)) == "2023-09-12");
    CHECK(iso(read_name("1.9支委会", inside)) == "2024-01-09");
    const auto school_year = read_name("2023-2024学年", {});
    REQUIRE(school_year.range);
    CHECK(school_year.range->last.iso() == "2024-08-31");
}

TEST_CASE("cohorts, 文号 and 年度 are not dates of the document", "[name_dates]") {
    const auto cohort = read_name("2021级", {});
    CHECK(cohort.cohort);
    CHECK(!cohort.date);
    CHECK(!read_name("市直机关工委〔2023〕5号关于开展学习的通知", {}).date);
    const auto annual = read_name("2024年度组织生活会（2025.1.20）", {});
    CHECK(annual.annual_year == 2024);
    CHECK(iso(annual) == "2025-01-20");
    CHECK(read_name("2023.1-2023.12党费收缴情况", {}).range);
}

TEST_CASE("impossible dates are said in Chinese; a month without a year asks for one", "[name_dates]") {
    const auto june = read_name("6.31支委会", year(2024));
    REQUIRE(june.invalid.size() == 1);
    CHECK(june.invalid[0] == "名称中的日期“6.31”不存在：2024年6月只有30天");
    CHECK(june.invalid_month->iso() == "2024-06");
    const auto nov = read_name("2023.11.31党员大会", {});
    REQUIRE(nov.invalid.size() == 1);
    CHECK(nov.invalid[0] == "名称中的日期“2023.11.31”不存在：2023年11月只有30天");
    const auto nowhere = read_name("3.6支委会", {});
    CHECK(nowhere.needs_year);
    CHECK(!nowhere.date);
}

TEST_CASE("secretaries' other habits: full-width digits, brackets, 号, revision marks, 23.4.5", "[name_dates]") {
    CHECK(iso(read_name("２０２３年６月８日支委会", {})) == "2023-06-08");
    CHECK(iso(read_name("（2023-3-5）支委会", {})) == "2023-03-05");
    CHECK(iso(read_name("2023.03.05-支委会会议记录", {})) == "2023-03-05");
    CHECK(iso(read_name("二〇二三年三月五日支委会", {})) == "2023-03-05");
    CHECK(iso(read_name("2023年1月5号支委会", {})) == "2023-01-05");
    CHECK(iso(read_name("2023年7月5日支委会定稿", {})) == "2023-07-05");
    CHECK(iso(read_name("2023年10月5日支委会(1)", {})) == "2023-10-05");
    CHECK(iso(read_name("23.4.5支委会", {})) == "2023-04-05");
    CHECK(!read_name("23.4.31支委会", {}).invalid.empty());
    CHECK(iso(read_name("2023年第二季度支委会", {})) == "2023-Q2");
    CHECK(iso(read_name("2023年度第1季度支委会", {})) == "2023-Q1");
}

TEST_CASE("a span of months inside one year is a range, not a month", "[name_dates]") {
    for (const char* name : {"2023年1-3月支委会汇总", "2023年1月至3月党费收缴明细", "2023年1月-3月支委会"}) {
        const auto r = read_name(name, {});
        INFO(name);
        REQUIRE(r.range);
        CHECK(r.range->first.iso() == "2023-01-01");
        CHECK(r.range->last.iso() == "2023-03-31");
        CHECK(!r.date);
    }
    CHECK(!read_name("2023年1月-3月5日支委会", {}).range);  // a day follows: not a span of months
}

TEST_CASE("a weekday written after a name's date must be the date's", "[name_dates]") {
    // 2025-03-12 was a Wednesday.
    CHECK(iso(read_name("2025年3月12日（星期三）支委会会议记录", {})) == "2025-03-12");
    CHECK(iso(read_name("2025.3.12 周三 主题党日", {})) == "2025-03-12");
    CHECK(read_name("2025年3月12日（星期三）支委会会议记录", {}).invalid.empty());
    const auto wrong = read_name("2025年3月12日（星期四）支委会会议记录", {});
    REQUIRE(wrong.invalid.size() == 1);
    CHECK(wrong.invalid[0] == "名称中的日期“2025年3月12日(星期四)”前后矛盾：2025年3月12日是星期三，不是星期四");
    CHECK(!wrong.date);  // (the name is quoted after NFKC: full-width brackets read as ASCII ones)
    // A 周 that is not a weekday (周年, 周报) is not read as one.
    CHECK(read_name("2025年3月12日周年纪念", {}).invalid.empty());
}
