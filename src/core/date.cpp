// PartialDate itself: construction with validation, ISO spelling, ordering and calendar arithmetic.
// Arithmetic uses the C++20 <chrono> calendar (proleptic Gregorian), so no day counting is
// hand-written here. Parsing is in date_parse.cpp, formatting in date_format.cpp.
#include "core/date.hpp"
#include "core/messages.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <tuple>

namespace dangan::core {

namespace {

constexpr int min_year = 1;
constexpr int max_year = 9999;

const std::array<const char*, 12> month_names = {"January", "February", "March",     "April",   "May",      "June",
                                                 "July",    "August",   "September", "October", "November", "December"};

std::string format_fields(const char* pattern, int a, int b = 0, int c = 0) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, pattern, a, b, c);
    return buffer;
}

std::chrono::year_month_day to_chrono(const PartialDate& date) {
    return std::chrono::year{date.year} / std::chrono::month{static_cast<unsigned>(date.month)} /
           std::chrono::day{static_cast<unsigned>(date.day)};
}

PartialDate from_chrono(const std::chrono::year_month_day& ymd) {
    int year = static_cast<int>(ymd.year());
    if (year < min_year || year > max_year) {
        throw DateError("date arithmetic left the supported years 1 to 9999 (got year " + std::to_string(year) +
                        ")");
    }
    return make_date(year, static_cast<int>(static_cast<unsigned>(ymd.month())),
                     static_cast<int>(static_cast<unsigned>(ymd.day())));
}

void require_full(const PartialDate& date, const char* operation) {
    if (!date.is_full()) {
        throw DateError(std::string(operation) + " needs a full date (year, month and day), got '" + date.iso() +
                        "'");
    }
    if (auto problem = date_problem(date)) {
        throw DateError(std::string(operation) + " got an invalid date: " + *problem);
    }
}

void throw_if_invalid(const PartialDate& date) {
    if (auto problem = date_problem(date)) {
        throw DateError("'" + date.iso() + "' is not a real date: " + *problem);
    }
}

}  // namespace

bool is_leap_year(int year) {
    return std::chrono::year{year}.is_leap();
}

int days_in_month(int year, int month) {
    if (month < 1 || month > 12) return 0;
    auto last = std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(month)} / std::chrono::last;
    return static_cast<int>(static_cast<unsigned>(last.day()));
}

std::optional<std::string> date_problem(const PartialDate& date) {
    if (date.year == 0) return tr("没有公元0年", "there is no year 0");
    if (date.year < min_year || date.year > max_year) {
        return tr(std::to_string(date.year) + "年超出了支持的年份 1–9999", "year " + std::to_string(date.year) + " is outside the supported years 1 to 9999");
    }
    const bool has_month = date.precision == DatePrecision::month || date.precision == DatePrecision::day;
    if (has_month && (date.month < 1 || date.month > 12)) return tr("没有" + std::to_string(date.month) + "月", "there is no month " + std::to_string(date.month));
    if (date.precision == DatePrecision::day) {
        if (date.day < 1) return tr("没有" + std::to_string(date.day) + "日", "there is no day " + std::to_string(date.day));
        int days = days_in_month(date.year, date.month);
        if (date.day > days) {
            return tr(std::to_string(date.year) + "年" + std::to_string(date.month) + "月只有" + std::to_string(days) + "天",
                      std::string(month_names.at(static_cast<size_t>(date.month - 1))) + " " +
                          std::to_string(date.year) + " has " + std::to_string(days) + " days");
        }
    }
    if (date.precision == DatePrecision::quarter && (date.quarter < 1 || date.quarter > 4)) {
        return tr("没有第" + std::to_string(date.quarter) + "季度", "there is no quarter " + std::to_string(date.quarter));
    }
    if (date.precision == DatePrecision::half_year && (date.half < 1 || date.half > 2)) {
        return tr("没有第" + std::to_string(date.half) + "个半年", "there is no half-year " + std::to_string(date.half));
    }
    // Fields that the precision does not use must be zero, or == and <=> would disagree.
    const bool stray_month = !has_month && date.month != 0;
    const bool stray_day = date.precision != DatePrecision::day && date.day != 0;
    const bool stray_quarter = date.precision != DatePrecision::quarter && date.quarter != 0;
    const bool stray_half = date.precision != DatePrecision::half_year && date.half != 0;
    if (stray_month || stray_day || stray_quarter || stray_half) {
        return "it has fields its precision does not use";
    }
    return std::nullopt;
}

std::string PartialDate::iso() const {
    switch (precision) {
    case DatePrecision::day: return format_fields("%04d-%02d-%02d", year, month, day);
    case DatePrecision::month: return format_fields("%04d-%02d", year, month);
    case DatePrecision::quarter: return format_fields("%04d-Q%d", year, quarter);
    case DatePrecision::half_year: return format_fields("%04d-H%d", year, half);
    case DatePrecision::year: break;
    }
    return format_fields("%04d", year);
}

PartialDate PartialDate::first_day() const {
    switch (precision) {
    case DatePrecision::day: return *this;
    case DatePrecision::month: return make_date(year, month, 1);
    case DatePrecision::quarter: return make_date(year, (quarter - 1) * 3 + 1, 1);
    case DatePrecision::half_year: return make_date(year, (half - 1) * 6 + 1, 1);
    case DatePrecision::year: break;
    }
    return make_date(year, 1, 1);
}

PartialDate PartialDate::last_day() const {
    int last_month = 12;
    switch (precision) {
    case DatePrecision::day: return *this;
    case DatePrecision::month: last_month = month; break;
    case DatePrecision::quarter: last_month = quarter * 3; break;
    case DatePrecision::half_year: last_month = half * 6; break;
    case DatePrecision::year: break;
    }
    return make_date(year, last_month, days_in_month(year, last_month));
}

std::strong_ordering PartialDate::operator<=>(const PartialDate& other) const {
    // Compare the first day the date may denote without building it (that would throw for an
    // invalid date, and comparison must not throw). Unused fields are 0, so "first day" is:
    auto first = [](const PartialDate& d) {
        int first_month = d.month;
        if (d.precision == DatePrecision::quarter) first_month = (d.quarter - 1) * 3 + 1;
        if (d.precision == DatePrecision::half_year) first_month = (d.half - 1) * 6 + 1;
        if (d.precision == DatePrecision::year) first_month = 1;
        int first_day_of_month = d.precision == DatePrecision::day ? d.day : 1;
        return std::make_tuple(d.year, first_month, first_day_of_month);
    };
    if (auto order = first(*this) <=> first(other); order != 0) return order;
    // Same first day: the coarser date (2025) sorts before the finer one (2025-01, 2025-01-01).
    if (auto order = precision <=> other.precision; order != 0) return order;
    // Same precision and first day; only invalid dates can still differ (stray fields).
    return std::tie(month, day, quarter, half) <=> std::tie(other.month, other.day, other.quarter, other.half);
}

namespace {
/// A date built from its fields, after the same validity check the parser makes.
PartialDate checked(PartialDate date) {
    throw_if_invalid(date);
    return date;
}
}  // namespace

PartialDate make_date(int year, int month, int day) {
    return checked({.year = year, .month = month, .day = day, .precision = DatePrecision::day});
}

PartialDate make_month(int year, int month) {
    return checked({.year = year, .month = month, .precision = DatePrecision::month});
}

PartialDate make_year(int year) { return checked({.year = year, .precision = DatePrecision::year}); }

PartialDate make_quarter(int year, int quarter) {
    return checked({.year = year, .quarter = quarter, .precision = DatePrecision::quarter});
}

PartialDate make_half_year(int year, int half) {
    return checked({.year = year, .half = half, .precision = DatePrecision::half_year});
}

PartialDate add_months(const PartialDate& date, int months) {
    require_full(date, "add_months");
    // Keep the intermediate year inside chrono::year's range (±32767) before it can wrap.
    if (months > 12 * max_year || months < -12 * max_year) {
        throw DateError("date arithmetic left the supported years 1 to 9999 (adding " + std::to_string(months) +
                        " months)");
    }
    auto target = std::chrono::year{date.year} / std::chrono::month{static_cast<unsigned>(date.month)} +
                  std::chrono::months{months};
    // Clamp to the target month's last day: 2025-01-31 + 1 month = 2025-02-28 (rules.md, "X个月内").
    auto last = std::chrono::year_month_day_last{target.year(), std::chrono::month_day_last{target.month()}};
    auto day = std::min(std::chrono::day{static_cast<unsigned>(date.day)}, last.day());
    return from_chrono(target.year() / target.month() / day);
}

PartialDate add_days(const PartialDate& date, int days) {
    require_full(date, "add_days");
    if (days > 4'000'000 || days < -4'000'000) {
        throw DateError("date arithmetic left the supported years 1 to 9999 (adding " + std::to_string(days) +
                        " days)");
    }
    return from_chrono(std::chrono::year_month_day{std::chrono::sys_days{to_chrono(date)} + std::chrono::days{days}});
}

int days_between(const PartialDate& from, const PartialDate& to) {
    require_full(from, "days_between");
    require_full(to, "days_between");
    auto difference = std::chrono::sys_days{to_chrono(to)} - std::chrono::sys_days{to_chrono(from)};
    return static_cast<int>(difference.count());
}

PartialDate today() {
    // GCC 12's libstdc++ has no time-zone database (chrono::current_zone), so ask the C library
    // for the local calendar date; localtime_r is the thread-safe variant.
    std::time_t now = std::time(nullptr);
    std::tm local{};
    if (localtime_r(&now, &local) == nullptr) {
        throw DateError("cannot determine today's date from the system clock");
    }
    return make_date(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
}

}  // namespace dangan::core
