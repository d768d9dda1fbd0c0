// Chinese dates: a date that may be partial (only a year, a half-year, a quarter or a month),
// parsing of every form branch records use, formatting in the styles ledgers print, and
// calendar-month arithmetic. Implemented on ICU (see date.cpp); no other module includes ICU.
#pragma once

#include <compare>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dangan::core {

/// How much of a date is known. A partial date stays partial: no day is ever invented.
enum class DatePrecision { year, half_year, quarter, month, day };

/// A calendar date that may be partial. Invariants (kept by the parser and `make_*`):
/// precision == day → month 1..12 and day valid for that month; month → month 1..12;
/// quarter → quarter 1..4; half_year → half 1..2; year → year 1..9999.
struct PartialDate {
    int year = 0;
    int month = 0;    ///< 1..12 for precision month/day, else 0
    int day = 0;      ///< 1..31 for precision day, else 0
    int quarter = 0;  ///< 1..4 for precision quarter, else 0
    int half = 0;     ///< 1..2 for precision half_year, else 0
    DatePrecision precision = DatePrecision::year;

    bool is_full() const { return precision == DatePrecision::day; }

    /// "2025-03-15", "2025-03", "2025-Q1", "2025-H1" or "2025".
    std::string iso() const;

    /// First and last full day this (partial) date may denote, e.g. 2025-Q1 → 2025-01-01 .. 2025-03-31.
    PartialDate first_day() const;
    PartialDate last_day() const;

    /// Chronological order of full dates; partial dates compare by their first day, then by precision.
    std::strong_ordering operator<=>(const PartialDate& other) const;
    bool operator==(const PartialDate& other) const = default;
};

/// A full date; throws DateError if the day does not exist (e.g. 2025-02-30).
PartialDate make_date(int year, int month, int day);
PartialDate make_month(int year, int month);
PartialDate make_year(int year);
PartialDate make_quarter(int year, int quarter);
PartialDate make_half_year(int year, int half);

/// Gregorian (proleptic) leap year rule.
bool is_leap_year(int year);

/// 28..31; 0 when `month` is not 1..12.
int days_in_month(int year, int month);

/// Why `date` breaks the PartialDate invariants, as the part of a message after the colon:
/// "February 2025 has 28 days", "there is no month 13", "there is no day 0", "there is no year 0";
/// nullopt when it is a real (possibly partial) date.
std::optional<std::string> date_problem(const PartialDate& date);

/// A date that cannot be parsed or does not exist. what() is a readable message that names the
/// text and what was expected, e.g. "'2025年2月30日' is not a real date: February 2025 has 28 days".
/// The years dangan accepts for --as-of: every rule adds months and years to it (a 预备期, a term, a
/// cadence period), and far outside the years a branch's records can have that arithmetic would leave
/// the calendar. Dates in the data outside them are findings (date.future, an implausible year).
inline constexpr int min_supported_year = 1900;
inline constexpr int max_supported_year = 2199;

class DateError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Parses every form branch records use (after NFKC, so full-width digits work):
///   2025-03-15  2025/3/15  2025.3.15  2025_03_15  20250315  2025年3月15日  2025年03月15号
///   二〇二五年三月十五日  二零二五年三月十五日  (and Traditional 年/月/日 variants)
///   partial: 2025-03  2025年3月  2025年  2025  2025年第一季度  2025年一季度  2025年Q1  2025-Q1
///            2025年上半年  2025年下半年  2025-H1
///   with a context year: 3月  3月15日  第一季度  上半年
/// Also: 號 for 号; 廿/卅 (廿三 = 23); ○, ◯ or a Latin O typed for 〇 inside a Han year;
/// 2025年度 (= 2025); 2025Q1, 2025H1 and 202503 (what the compact style writes); Q1 and 一季度 with
/// a context year; spaces between the parts of a 年/月/日 date. Full-width forms, Kangxi radicals
/// (⽉) and telegraph symbols (㋂) work through NFKC. A context year never overrides a written one.
/// Leading and trailing white space is ignored. Throws DateError for text that is not a date,
/// an impossible date (2025年2月30日, month 13), or a year-less form without a context year.
/// Messages: "'abc' is not a date; expected a form such as 2025-03-15 or 2025年3月15日",
/// "'2025年2月30日' is not a real date: February 2025 has 28 days",
/// "'3月15日' has no year and none is known from context; write the year, such as 2025年3月15日".
/// An ASCII date costs no ICU call (NFKC is skipped for ASCII).
PartialDate parse_date(std::string_view text, std::optional<int> context_year = std::nullopt);

/// Like parse_date but returns nullopt instead of throwing (for scanning file names).
std::optional<PartialDate> try_parse_date(std::string_view text,
                                          std::optional<int> context_year = std::nullopt);

/// A date found inside a longer text, such as a folder or file name.
struct FoundDate {
    PartialDate date;
    size_t begin = 0;  ///< byte offset in the searched text
    size_t end = 0;
};

/// Finds the dates in a name like "2025.3.15 支委会会议记录" or "（３）3月15日党课" (year from context).
/// Returns them in order of appearance; impossible dates are skipped (find_invalid_dates reports
/// them), and so are year-less dates when there is no context year. Offsets refer to the original
/// (not normalised) bytes.
/// To avoid false positives (details in date_parse.cpp): digit-only dates need a year 1900..2100
/// and must not sit inside a longer number or code ("0007", "01_", "20250315001" and the 档号
/// "2021-2-Y-001" hold no date); six-digit runs are never dates; a bare year followed by a counter
/// (2000份, 2025号) is a count; a year-less 一月 must not follow another ideograph (统一月报).
std::vector<FoundDate> find_dates(std::string_view text, std::optional<int> context_year = std::nullopt);

/// A date-shaped text inside a name that is not a real date, such as "2025年2月30日会议记录".
struct FoundInvalidDate {
    std::string message;  ///< "'2025年2月30日' is not a real date: February 2025 has 28 days"
    size_t begin = 0;     ///< byte offset in the searched text
    size_t end = 0;
};

/// The impossible dates that find_dates skips, for audits. Only text clearly meant as a date is
/// reported: forms with 年/月/日/季度 and Y-M-D with a real month ("2025.2.30"); an eight-digit
/// number such as "20251345" or "2025-13" is just not a date. Same heuristics as find_dates.
std::vector<FoundInvalidDate> find_invalid_dates(std::string_view text,
                                                 std::optional<int> context_year = std::nullopt);

/// 0 = Sunday … 6 = Saturday, for a full date.
int weekday_of(const PartialDate& date);

/// 星期日 … 星期六 for 0 … 6.
const char* weekday_name(int weekday);

/// A weekday written at the start of `text`, as names and minutes write it after a date: 星期三, 周三,
/// 礼拜天, in （）, () or 【】 or none, with spaces. Its number (0 = Sunday) and the bytes it takes, or
/// nullopt. parse_date accepts such a weekday after a full date when it agrees and refuses it when not.
struct WrittenWeekday {
    int weekday = 0;
    size_t length = 0;
};
std::optional<WrittenWeekday> leading_weekday(std::string_view text);

enum class DateStyle {
    gbt9704,           ///< 2025年3月15日 (GB/T 9704 成文日期: Arabic numerals, no zero padding)
    chinese_numerals,  ///< 二〇二五年三月十五日 (ICU SimpleDateFormat, override "y=hanidec;M=hans;d=hans")
    compact,           ///< 20250315 (DA/T 22 catalogue column, 8 digits)
    iso,               ///< 2025-03-15
};

/// Formats a date. Partial dates print what is known in the same style: 2025年3月, 2025年第一季度,
/// 2025年上半年, 二〇二五年三月, 202503 / 2025Q1 / 2025H1 (compact), 2025-03 (iso). parse_date reads
/// every output back. Throws DateError for a date that breaks the invariants (see date_problem).
/// ICU formatters are cached per thread.
std::string format_date(const PartialDate& date, DateStyle style);

/// Adds calendar months, clamping to the month's last day: 2025-01-31 + 1 month = 2025-02-28.
/// Used for "一个月内" and "满一年" (12 months). `date` must be full (else DateError, as when the
/// result leaves the years 1..9999). The same holds for add_days and days_between.
PartialDate add_months(const PartialDate& date, int months);

/// Adds days to a full date.
PartialDate add_days(const PartialDate& date, int days);

/// Days from `from` to `to` (negative when `to` is earlier). Both must be full.
int days_between(const PartialDate& from, const PartialDate& to);

/// Today's date in the local time zone (the TZ environment variable, else the system's).
PartialDate today();

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五, 0 → 零, -5 → 负五 (ICU RBNF zh
/// %spellout-cardinal: %spellout-numbering would write 一百〇五, the 〇 being for digit-by-digit years).
std::string chinese_number(long long n);

}  // namespace dangan::core
