// PartialDate: construction, ISO spelling, first/last day, ordering and calendar arithmetic.
#include "core/date.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <ctime>
#include <vector>
#include "core/messages.hpp"

// These tests pin the English texts (--lang en); the Chinese ones are tested in test_messages.cpp.
[[maybe_unused]] static const bool english_messages_date = (dangan::core::set_language(dangan::core::Language::en), true);

using namespace dangan::core;

TEST_CASE("make_* build valid dates and reject impossible ones", "[date]") {
    CHECK(make_date(2025, 3, 15).iso() == "2025-03-15");
    CHECK(make_date(2024, 2, 29).iso() == "2024-02-29");
    CHECK(make_month(2025, 3).iso() == "2025-03");
    CHECK(make_year(2025).iso() == "2025");
    CHECK(make_quarter(2025, 1).iso() == "2025-Q1");
    CHECK(make_half_year(2025, 2).iso() == "2025-H2");
    CHECK(make_date(7, 1, 2).iso() == "0007-01-02");

    const std::pair<PartialDate (*)(), const char*> errors[] = {
        {[] { return make_date(2025, 2, 29); }, "'2025-02-29' is not a real date: February 2025 has 28 days"},
        {[] { return make_date(1900, 2, 29); }, "'1900-02-29' is not a real date: February 1900 has 28 days"},
        {[] { return make_date(2025, 13, 1); }, "'2025-13-01' is not a real date: there is no month 13"},
        {[] { return make_date(2025, 1, 0); }, "'2025-01-00' is not a real date: there is no day 0"},
        {[] { return make_date(2025, 1, 32); }, "'2025-01-32' is not a real date: January 2025 has 31 days"},
        {[] { return make_date(0, 1, 1); }, "'0000-01-01' is not a real date: there is no year 0"},
        {[] { return make_month(2025, 0); }, "'2025-00' is not a real date: there is no month 0"},
        {[] { return make_year(10000); },
         "'10000' is not a real date: year 10000 is outside the supported years 1 to 9999"},
        {[] { return make_quarter(2025, 5); }, "'2025-Q5' is not a real date: there is no quarter 5"},
        {[] { return make_half_year(2025, 0); }, "'2025-H0' is not a real date: there is no half-year 0"},
    };
    for (const auto& [make, message] : errors) {
        CAPTURE(message);
        CHECK_THROWS_MATCHES(make(), DateError, Catch::Message(message));
    }
}

TEST_CASE("leap years and month lengths follow the Gregorian rules", "[date]") {
    CHECK(is_leap_year(2024));
    CHECK(is_leap_year(2000));
    CHECK_FALSE(is_leap_year(1900));
    CHECK_FALSE(is_leap_year(2025));
    const int lengths_2025[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int month = 1; month <= 12; ++month) CHECK(days_in_month(2025, month) == lengths_2025[month - 1]);
    CHECK(days_in_month(2024, 2) == 29);
    CHECK(days_in_month(2025, 0) == 0);
    CHECK(days_in_month(2025, 13) == 0);
}

TEST_CASE("date_problem finds broken invariants", "[date]") {
    CHECK_FALSE(date_problem(make_date(2025, 3, 15)));
    PartialDate empty;
    CHECK(date_problem(empty) == std::optional<std::string>("there is no year 0"));
    PartialDate stray = make_year(2025);
    stray.month = 3;
    CHECK(date_problem(stray) == std::optional<std::string>("it has fields its precision does not use"));
}

TEST_CASE("first_day and last_day span a partial date", "[date]") {
    struct Case {
        PartialDate date;
        const char* first;
        const char* last;
    };
    const Case cases[] = {
        {make_date(2025, 3, 15), "2025-03-15", "2025-03-15"},
        {make_month(2025, 2), "2025-02-01", "2025-02-28"},
        {make_month(2024, 2), "2024-02-01", "2024-02-29"},
        {make_quarter(2025, 1), "2025-01-01", "2025-03-31"},
        {make_quarter(2025, 2), "2025-04-01", "2025-06-30"},
        {make_quarter(2025, 4), "2025-10-01", "2025-12-31"},
        {make_half_year(2025, 1), "2025-01-01", "2025-06-30"},
        {make_half_year(2025, 2), "2025-07-01", "2025-12-31"},
        {make_year(2025), "2025-01-01", "2025-12-31"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.date.iso());
        CHECK(c.date.first_day().iso() == c.first);
        CHECK(c.date.last_day().iso() == c.last);
    }
}

TEST_CASE("dates order chronologically, partial dates by first day then precision", "[date]") {
    // Each entry is strictly later than the one before.
    const std::vector<PartialDate> ordered = {
        make_date(2024, 12, 31), make_year(2025),        make_half_year(2025, 1), make_quarter(2025, 1),
        make_month(2025, 1),     make_date(2025, 1, 1),  make_date(2025, 1, 2),   make_month(2025, 2),
        make_quarter(2025, 2),   make_month(2025, 4),    make_date(2025, 6, 30),  make_half_year(2025, 2),
        make_quarter(2025, 3),   make_date(2025, 12, 31), make_year(2026),
    };
    for (size_t i = 0; i < ordered.size(); ++i) {
        for (size_t j = 0; j < ordered.size(); ++j) {
            CAPTURE(ordered[i].iso(), ordered[j].iso());
            CHECK((ordered[i] < ordered[j]) == (i < j));
            CHECK((ordered[i] == ordered[j]) == (i == j));
        }
    }
    std::vector<PartialDate> shuffled(ordered.rbegin(), ordered.rend());
    std::sort(shuffled.begin(), shuffled.end());
    CHECK(shuffled == ordered);
}

TEST_CASE("add_months adds calendar months and clamps to the month's end", "[date][arithmetic]") {
    struct Case {
        PartialDate from;
        int months;
        const char* expected;
    };
    const Case cases[] = {
        {make_date(2025, 1, 31), 1, "2025-02-28"},  {make_date(2024, 1, 31), 1, "2024-02-29"},
        {make_date(2024, 2, 29), 12, "2025-02-28"}, {make_date(2024, 2, 29), 48, "2028-02-29"},
        {make_date(2025, 3, 31), 1, "2025-04-30"},  {make_date(2025, 3, 15), 1, "2025-04-15"},
        {make_date(2025, 11, 30), 3, "2026-02-28"}, {make_date(2025, 12, 15), 1, "2026-01-15"},
        {make_date(2025, 3, 31), -1, "2025-02-28"}, {make_date(2025, 1, 15), -1, "2024-12-15"},
        {make_date(2025, 5, 31), -12, "2024-05-31"}, {make_date(2025, 3, 15), 0, "2025-03-15"},
        {make_date(2025, 8, 31), 6, "2026-02-28"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.from.iso(), c.months);
        CHECK(add_months(c.from, c.months).iso() == c.expected);
    }
    CHECK_THROWS_MATCHES(add_months(make_month(2025, 3), 1), DateError,
                         Catch::Message("add_months needs a full date (year, month and day), got '2025-03'"));
    CHECK_THROWS_MATCHES(add_months(make_date(9999, 12, 1), 1), DateError,
                         Catch::Message("date arithmetic left the supported years 1 to 9999 (got year 10000)"));
    CHECK_THROWS_AS(add_months(make_date(2025, 1, 1), 2'000'000'000), DateError);
}

TEST_CASE("add_days and days_between agree", "[date][arithmetic]") {
    CHECK(add_days(make_date(2025, 2, 28), 1).iso() == "2025-03-01");
    CHECK(add_days(make_date(2024, 2, 28), 1).iso() == "2024-02-29");
    CHECK(add_days(make_date(2025, 1, 1), -1).iso() == "2024-12-31");
    CHECK(add_days(make_date(2025, 1, 1), 365).iso() == "2026-01-01");
    CHECK(days_between(make_date(2025, 1, 1), make_date(2025, 12, 31)) == 364);
    CHECK(days_between(make_date(2024, 1, 1), make_date(2025, 1, 1)) == 366);
    CHECK(days_between(make_date(2025, 3, 15), make_date(2025, 3, 1)) == -14);
    CHECK(days_between(make_date(1949, 10, 1), make_date(2025, 10, 1)) == 27759);
    for (int offset : {-1000, -1, 0, 1, 59, 366, 10000}) {
        auto start = make_date(2024, 2, 29);
        CHECK(days_between(start, add_days(start, offset)) == offset);
    }
    CHECK_THROWS_MATCHES(days_between(make_year(2025), make_date(2025, 1, 1)), DateError,
                         Catch::Message("days_between needs a full date (year, month and day), got '2025'"));
    CHECK_THROWS_AS(add_days(make_date(1, 1, 1), -1), DateError);
}

TEST_CASE("today is the local calendar date", "[date]") {
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    auto date = today();
    CHECK(date.is_full());
    // Allow for midnight passing between the two readings.
    auto expected = make_date(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
    CHECK(std::abs(days_between(expected, date)) <= 1);
}
