// parse_date / try_parse_date: every accepted form, every partial form, every error message.
#include "core/date.hpp"

#include <catch2/catch.hpp>

#include <string>
#include "core/messages.hpp"
#include "support/language_scope.hpp"

// These tests pin the English texts (--lang en); the Chinese ones are tested in test_messages.cpp.
[[maybe_unused]] static const bool english_messages_date_parse = (dangan::core::set_language(dangan::core::Language::en), true);

using dangan::core::DateError;
using dangan::core::DatePrecision;
using dangan::core::parse_date;
using dangan::core::try_parse_date;

namespace {

struct Case {
    const char* text;
    const char* iso;
};

struct ErrorCase {
    const char* text;
    const char* message;
};

}  // namespace

TEST_CASE("parse_date reads every full-date form", "[date][parse]") {
    const Case cases[] = {
        {"2025-03-15", "2025-03-15"},
        {"2025/3/15", "2025-03-15"},
        {"2025.3.15", "2025-03-15"},
        {"2025_03_15", "2025-03-15"},
        {"2025-3-5", "2025-03-05"},
        {"20250315", "2025-03-15"},
        {"2025年3月15日", "2025-03-15"},
        {"2025年03月15号", "2025-03-15"},
        {"2025年3月15號", "2025-03-15"},           // Traditional 號
        {"2025 年 3 月 15 日", "2025-03-15"},      // spaced
        {"  2025-03-15\t", "2025-03-15"},          // surrounding white space
        {"\u30002025年3月15日\u3000", "2025-03-15"},  // ideographic spaces
        {"２０２５年３月１５日", "2025-03-15"},    // full-width digits (NFKC)
        {"２０２５－０３－１５", "2025-03-15"},    // full-width hyphen-minus
        {"２０２５．３．１５", "2025-03-15"},
        {"2025年⼗⼆⽉⼀⽇", "2025-12-01"},         // Kangxi radicals ⼗⼆⽉⼀⽇ (NFKC)
        {"2025年㋂15日", "2025-03-15"},            // telegraph symbol for March (NFKC → 3月)
        {"二〇二五年三月十五日", "2025-03-15"},
        {"二零二五年三月十五日", "2025-03-15"},
        {"二○二五年三月十五日", "2025-03-15"},     // U+25CB typed for 〇
        {"二O二五年三月十五日", "2025-03-15"},     // Latin O typed for 〇
        {"二〇二五年十二月三十一日", "2025-12-31"},
        {"二〇二五年十月十日", "2025-10-10"},
        {"二〇二五年一月一日", "2025-01-01"},
        {"二〇二五年二月二十日", "2025-02-20"},
        {"二〇二五年三月二十三日", "2025-03-23"},
        {"二〇二五年三月廿三日", "2025-03-23"},    // 廿 = 二十
        {"二〇二五年三月廿日", "2025-03-20"},
        {"二〇二五年五月卅一日", "2025-05-31"},    // 卅 = 三十
        {"二〇二五年三月一十五日", "2025-03-15"},
        {"二〇二四年二月二十九日", "2024-02-29"},
        {"一九四九年十月一日", "1949-10-01"},
        {"2025年三月十五号", "2025-03-15"},        // mixed Arabic year and Han month
        {"二〇二五年3月15日", "2025-03-15"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        auto date = parse_date(c.text);
        CHECK(date.is_full());
        CHECK(date.iso() == c.iso);
    }
}

TEST_CASE("parse_date keeps partial dates partial", "[date][parse]") {
    struct PartialCase {
        const char* text;
        const char* iso;
        DatePrecision precision;
    };
    const PartialCase cases[] = {
        {"2025-03", "2025-03", DatePrecision::month},
        {"2025/3", "2025-03", DatePrecision::month},
        {"2025.03", "2025-03", DatePrecision::month},
        {"2025_3", "2025-03", DatePrecision::month},
        {"202503", "2025-03", DatePrecision::month},
        {"2025年3月", "2025-03", DatePrecision::month},
        {"二〇二五年三月", "2025-03", DatePrecision::month},
        {"2025年", "2025", DatePrecision::year},
        {"2025年度", "2025", DatePrecision::year},
        {"二〇二五年", "2025", DatePrecision::year},
        {"2025", "2025", DatePrecision::year},
        {"2025年第一季度", "2025-Q1", DatePrecision::quarter},
        {"2025年一季度", "2025-Q1", DatePrecision::quarter},
        {"2025年第4季度", "2025-Q4", DatePrecision::quarter},
        {"2025年第二季", "2025-Q2", DatePrecision::quarter},
        {"2025年Q1", "2025-Q1", DatePrecision::quarter},
        {"2025-Q1", "2025-Q1", DatePrecision::quarter},
        {"2025-q3", "2025-Q3", DatePrecision::quarter},
        {"2025Q2", "2025-Q2", DatePrecision::quarter},
        {"二〇二五年第三季度", "2025-Q3", DatePrecision::quarter},
        {"2025年上半年", "2025-H1", DatePrecision::half_year},
        {"2025年下半年", "2025-H2", DatePrecision::half_year},
        {"2025-H1", "2025-H1", DatePrecision::half_year},
        {"2025H2", "2025-H2", DatePrecision::half_year},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        auto date = parse_date(c.text);
        CHECK(date.iso() == c.iso);
        CHECK(date.precision == c.precision);
        CHECK(date.day == 0);  // never an invented day
    }
}

TEST_CASE("parse_date uses the context year for year-less forms", "[date][parse]") {
    const Case cases[] = {
        {"3月", "2024-03"},          {"3月15日", "2024-03-15"},  {"三月十五日", "2024-03-15"},
        {"十二月", "2024-12"},       {"12月31号", "2024-12-31"}, {"第一季度", "2024-Q1"},
        {"一季度", "2024-Q1"},       {"Q4", "2024-Q4"},          {"上半年", "2024-H1"},
        {"下半年", "2024-H2"},       {"２月２９日", "2024-02-29"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(parse_date(c.text, 2024).iso() == c.iso);
    }
    // A context year does not override a written one.
    CHECK(parse_date("2025年3月15日", 2024).iso() == "2025-03-15");
}

TEST_CASE("parse_date explains impossible and unreadable dates", "[date][parse][errors]") {
    const ErrorCase cases[] = {
        {"2025年2月30日", "'2025年2月30日' is not a real date: February 2025 has 28 days"},
        {"2025-02-29", "'2025-02-29' is not a real date: February 2025 has 28 days"},
        {"2024-02-30", "'2024-02-30' is not a real date: February 2024 has 29 days"},
        {"2100-02-29", "'2100-02-29' is not a real date: February 2100 has 28 days"},
        {"2025-04-31", "'2025-04-31' is not a real date: April 2025 has 30 days"},
        {"2025年13月", "'2025年13月' is not a real date: there is no month 13"},
        {"2025-13-01", "'2025-13-01' is not a real date: there is no month 13"},
        {"2025年0月1日", "'2025年0月1日' is not a real date: there is no month 0"},
        {"2025年3月0日", "'2025年3月0日' is not a real date: there is no day 0"},
        {"20250230", "'20250230' is not a real date: February 2025 has 28 days"},
        {"0000-03-15", "'0000-03-15' is not a real date: there is no year 0"},
        {"0000", "'0000' is not a real date: there is no year 0"},
        {"二〇二五年二月三十日", "'二〇二五年二月三十日' is not a real date: February 2025 has 28 days"},
        {"2025年第五季度", "'2025年第五季度' is not a real date: there is no quarter 5"},
        {"2025-Q0", "'2025-Q0' is not a real date: there is no quarter 0"},
        {"2025-H3", "'2025-H3' is not a real date: there is no half-year 3"},
        {"  2025年2月30日 ", "'2025年2月30日' is not a real date: February 2025 has 28 days"},
        {"abc", "'abc' is not a date; expected a form such as 2025-03-15 or 2025年3月15日"},
        {"", "empty text is not a date; expected a form such as 2025-03-15 or 2025年3月15日"},
        {"   ", "empty text is not a date; expected a form such as 2025-03-15 or 2025年3月15日"},
        {"2025-03-15abc", "'2025-03-15abc' is not a date; expected a form such as 2025-03-15 or 2025年3月15日"},
        {"2025-03/15", "'2025-03/15' is not a date; expected a form such as 2025-03-15 or 2025年3月15日"},
        {"25-03-15", "'25-03-15' has a two-digit year: write all four digits, such as 2025"},
        {"250315", "'250315' is not a date; expected a form such as 2025-03-15 or 2025年3月15日"},
        {"2025年3月15", "'2025年3月15' is not a date; expected a form such as 2025-03-15 or 2025年3月15日"},
        {"15日", "'15日' is not a date; expected a form such as 2025-03-15 or 2025年3月15日"},
        {"2025-003-15", "'2025-003-15' is not a date; expected a form such as 2025-03-15 or 2025年3月15日"},
        {"陆月", "'陆月' is not a date; expected a form such as 2025-03-15 or 2025年3月15日"},
        {"\xff\xfe", "'\xEF\xBF\xBD\xEF\xBF\xBD' is not a date; expected a form such as 2025-03-15 or 2025年3月15日"},
        {"3月15日", "'3月15日' has no year and none is known from context; write the year, such as 2025年3月15日"},
        {"第一季度", "'第一季度' has no year and none is known from context; write the year, such as 2025年3月15日"},
        {"上半年", "'上半年' has no year and none is known from context; write the year, such as 2025年3月15日"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK_THROWS_MATCHES(parse_date(c.text), DateError, Catch::Message(c.message));
        CHECK_FALSE(try_parse_date(c.text).has_value());
    }
}

TEST_CASE("parse_date checks a year-less date against its context year", "[date][parse][errors]") {
    CHECK_THROWS_MATCHES(parse_date("2月29日", 2025), DateError,
                         Catch::Message("'2月29日' is not a real date: February 2025 has 28 days"));
    CHECK(parse_date("2月29日", 2024).iso() == "2024-02-29");
}

TEST_CASE("parse_date shortens very long text in messages", "[date][parse][errors]") {
    std::string text(100, 'x');
    CHECK_THROWS_MATCHES(parse_date(text), DateError,
                         Catch::Message("'" + std::string(60, 'x') +
                                        "…' is not a date; expected a form such as 2025-03-15 or 2025年3月15日"));
}

TEST_CASE("try_parse_date returns the same dates as parse_date", "[date][parse]") {
    auto date = try_parse_date("2025年3月15日");
    REQUIRE(date.has_value());
    CHECK(*date == parse_date("2025-03-15"));
    CHECK(try_parse_date("3月", 2025)->iso() == "2025-03");
    CHECK_FALSE(try_parse_date("3月").has_value());
}

TEST_CASE("parse_date reads a weekday after the date and refuses one that contradicts it", "[date][parse]") {
    // 2025-03-12 was a Wednesday; 2024-12-29 a Sunday.
    for (const char* text : {"2025年3月12日（星期三）", "2025年03月12日(周三)", "2025-03-12 星期三", "2025.3.12【周三】",
                             "二〇二五年三月十二日 星期三", "2025年3月12日礼拜三", "２０２５年３月１２日（星期三）"}) {
        CAPTURE(text);
        CHECK(parse_date(text).iso() == "2025-03-12");
    }
    CHECK(parse_date("2024年12月29日（星期日）").iso() == "2024-12-29");
    CHECK(parse_date("2024年12月29日（星期天）").iso() == "2024-12-29");
    CHECK(parse_date("2024年12月29日 周日").iso() == "2024-12-29");
    CHECK_THROWS_MATCHES(parse_date("2025年3月12日（星期四）"), DateError,
                         Catch::Message("'2025年3月12日（星期四）' contradicts itself: 2025-03-12 is a 星期三, not a 星期四; "
                                        "check the date"));
    CHECK_FALSE(try_parse_date("2024年12月29日（周六）").has_value());
    // Only after a full date: a weekday after a month is not a date.
    CHECK_FALSE(try_parse_date("2025年3月（星期三）").has_value());
    dangan::testing::LanguageScope chinese(dangan::core::Language::zh);
    CHECK_THROWS_MATCHES(parse_date("2025年3月12日(周四)"), DateError,
                         Catch::Message("“2025年3月12日(周四)”前后矛盾：2025年3月12日是星期三，不是星期四；请核对日期"));
}

TEST_CASE("parse_date says where a time, a second day, a short year or the year last went wrong", "[date][parse][errors]") {
    const ErrorCase english[] = {
        {"2025年3月12日上午", "'2025年3月12日上午' holds a time of day: write the date alone here (such as 2025-03-12) and "
                              "the hours in the start and end times"},
        {"2025-03-12 09:30", "'2025-03-12 09:30' holds a time of day: write the date alone here (such as 2025-03-12) and "
                             "the hours in the start and end times"},
        {"2025年3月12日（星期三）下午3时", "'2025年3月12日（星期三）下午3时' holds a time of day: write the date alone here "
                                         "(such as 2025-03-12) and the hours in the start and end times"},
        {"2025年3月12日至13日", "'2025年3月12日至13日' is a span of days: write one day here; for an event over several days "
                                "the first day (2025-03-12), and the others in the notes"},
        {"2025-03-12~2025-03-14", "'2025-03-12~2025-03-14' is a span of days: write one day here; for an event over several "
                                  "days the first day (2025-03-12), and the others in the notes"},
        {"25年3月12日", "'25年3月12日' has a two-digit year: write all four digits, such as 2025"},
        {"25.3.12", "'25.3.12' has a two-digit year: write all four digits, such as 2025"},
        {"3/12/2025", "'3/12/2025' puts the year last: write the year first, year-month-day (this order does not say "
                      "which number is the month and which the day)"},
        // Not these: a weekday word that is not one, a time after a partial date, trailing text.
        {"2025年3月12日（星期八）", "'2025年3月12日（星期八）' is not a date; expected a form such as 2025-03-15 or 2025年3月15日"},
        {"2025年3月上午", "'2025年3月上午' is not a date; expected a form such as 2025-03-15 or 2025年3月15日"},
        {"2025年3月12日党课", "'2025年3月12日党课' is not a date; expected a form such as 2025-03-15 or 2025年3月15日"},
        {"2025年2月30日（星期日）", "'2025年2月30日（星期日）' is not a date; expected a form such as 2025-03-15 or 2025年3月15日"},
    };
    for (const auto& c : english) {
        CAPTURE(c.text);
        CHECK_THROWS_MATCHES(parse_date(c.text), DateError, Catch::Message(c.message));
    }
    dangan::testing::LanguageScope chinese(dangan::core::Language::zh);
    CHECK_THROWS_MATCHES(parse_date("2025年3月12日上午"), DateError,
                         Catch::Message("“2025年3月12日上午”里写了时间：这一项只写日期（如 2025年3月12日），"
                                        "几点开始、结束写在开始时间和结束时间里（start、end）"));
    CHECK_THROWS_MATCHES(parse_date("2025年3月12日至13日"), DateError,
                         Catch::Message("“2025年3月12日至13日”是一段日期：这一项只写一天；活动跨几天的，写第一天（2025年3月12日），"
                                        "其余几天写在说明里"));
    CHECK_THROWS_MATCHES(parse_date("25年3月12日"), DateError,
                         Catch::Message("“25年3月12日”的年份只有两位：请写全四位，如 2025年…"));
    CHECK_THROWS_MATCHES(parse_date("3/12/2025"), DateError,
                         Catch::Message("“3/12/2025”把年份写在了最后：请把年份写在最前面，如 2025-月-日（这样写看不出哪个是月、哪个是日）"));
}
