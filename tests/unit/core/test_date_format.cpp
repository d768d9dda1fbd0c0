// format_date in every style (full and partial dates) and chinese_number.
#include "core/date.hpp"

#include <catch2/catch.hpp>

#include <unicode/gregocal.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>

#include <memory>
#include <thread>

using namespace dangan::core;

TEST_CASE("format_date prints every precision in every style", "[date][format]") {
    struct Case {
        PartialDate date;
        const char* gbt9704;
        const char* chinese;
        const char* compact;
        const char* iso;
    };
    const Case cases[] = {
        {make_date(2025, 3, 15), "2025年3月15日", "二〇二五年三月十五日", "20250315", "2025-03-15"},
        {make_date(2024, 12, 31), "2024年12月31日", "二〇二四年十二月三十一日", "20241231", "2024-12-31"},
        {make_date(2025, 10, 10), "2025年10月10日", "二〇二五年十月十日", "20251010", "2025-10-10"},
        {make_date(2025, 1, 1), "2025年1月1日", "二〇二五年一月一日", "20250101", "2025-01-01"},
        {make_date(2025, 2, 20), "2025年2月20日", "二〇二五年二月二十日", "20250220", "2025-02-20"},
        {make_date(2000, 11, 5), "2000年11月5日", "二〇〇〇年十一月五日", "20001105", "2000-11-05"},
        {make_date(1949, 10, 1), "1949年10月1日", "一九四九年十月一日", "19491001", "1949-10-01"},
        {make_month(2025, 3), "2025年3月", "二〇二五年三月", "202503", "2025-03"},
        {make_month(2025, 12), "2025年12月", "二〇二五年十二月", "202512", "2025-12"},
        {make_quarter(2025, 1), "2025年第一季度", "二〇二五年第一季度", "2025Q1", "2025-Q1"},
        {make_quarter(2025, 4), "2025年第四季度", "二〇二五年第四季度", "2025Q4", "2025-Q4"},
        {make_half_year(2025, 1), "2025年上半年", "二〇二五年上半年", "2025H1", "2025-H1"},
        {make_half_year(2025, 2), "2025年下半年", "二〇二五年下半年", "2025H2", "2025-H2"},
        {make_year(2025), "2025年", "二〇二五年", "2025", "2025"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.iso);
        CHECK(format_date(c.date, DateStyle::gbt9704) == c.gbt9704);
        CHECK(format_date(c.date, DateStyle::chinese_numerals) == c.chinese);
        CHECK(format_date(c.date, DateStyle::compact) == c.compact);
        CHECK(format_date(c.date, DateStyle::iso) == c.iso);
        // Everything format_date writes, parse_date reads back.
        for (auto style : {DateStyle::gbt9704, DateStyle::chinese_numerals, DateStyle::compact, DateStyle::iso}) {
            CHECK(parse_date(format_date(c.date, style)) == c.date);
        }
    }
}

TEST_CASE("format_date refuses an invalid date", "[date][format]") {
    PartialDate broken;  // year 0
    CHECK_THROWS_MATCHES(format_date(broken, DateStyle::iso), DateError,
                         Catch::Message("cannot format '0000': there is no year 0"));
    broken = make_date(2025, 1, 31);
    broken.month = 2;
    CHECK_THROWS_MATCHES(format_date(broken, DateStyle::chinese_numerals), DateError,
                         Catch::Message("cannot format '2025-02-31': February 2025 has 28 days"));
}

TEST_CASE("Chinese-numeral dates round-trip for every day of a leap year", "[date][format]") {
    // ICU's own parser (same override) must read what format_date writes, and parse_date must read
    // it too: dangan's hand parser agrees with ICU on the canonical form.
    UErrorCode status = U_ZERO_ERROR;
    icu::SimpleDateFormat icu_format(icu::UnicodeString(u"y年M月d日"), icu::UnicodeString("y=hanidec;M=hans;d=hans"),
                                     icu::Locale("zh"), status);
    icu_format.setTimeZone(*icu::TimeZone::getGMT());
    REQUIRE(U_SUCCESS(status));
    icu::GregorianCalendar calendar(icu::TimeZone::getGMT()->clone(), status);
    REQUIRE(U_SUCCESS(status));
    for (auto date = make_date(2024, 1, 1); date.year == 2024; date = add_days(date, 1)) {
        std::string text = format_date(date, DateStyle::chinese_numerals);
        CAPTURE(text);
        CHECK(parse_date(text) == date);
        icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(text);
        icu::ParsePosition position(0);
        calendar.clear();
        icu_format.parse(unicode, calendar, position);
        CHECK(position.getIndex() == unicode.length());
        CHECK(calendar.get(UCAL_YEAR, status) == 2024);
        CHECK(calendar.get(UCAL_MONTH, status) + 1 == date.month);
        CHECK(calendar.get(UCAL_DATE, status) == date.day);
    }
}

TEST_CASE("format_date works from several threads", "[date][format]") {
    // Each thread builds its own ICU formatters; results must not interleave.
    std::vector<std::thread> threads;
    std::vector<int> failures(4, 0);
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([t, &failures] {
            for (int i = 0; i < 200; ++i) {
                auto date = make_date(2020 + t, 1 + i % 12, 1 + i % 28);
                if (parse_date(format_date(date, DateStyle::chinese_numerals)) != date) ++failures[t];
            }
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK(failures == std::vector<int>(4, 0));
}

TEST_CASE("chinese_number spells cardinals", "[date][format]") {
    const std::pair<long long, const char*> cases[] = {
        {0, "零"},       {1, "一"},          {2, "二"},           {10, "十"},          {11, "十一"},
        {12, "十二"},    {20, "二十"},       {31, "三十一"},      {100, "一百"},       {105, "一百零五"},
        {110, "一百一十"}, {2024, "二千零二十四"}, {10000, "一万"}, {-5, "负五"},
    };
    for (const auto& [number, text] : cases) {
        CAPTURE(number);
        CHECK(chinese_number(number) == text);
    }
}
