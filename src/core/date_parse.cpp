// Reading dates: parse_date for a field that should hold one date, find_dates for dates inside
// folder and file names. Both run one hand-written matcher over NFKC-normalised code points.
//
// Why a hand-written matcher and not ICU's date parser: ICU's SimpleDateFormat (with the override
// "y=hanidec;M=hans;d=hans") reads only the canonical 二〇二五年三月十五日; records also hold
// 二零二五, 廿三, 15号, partial dates (2025年第一季度, 上半年) and ASCII forms that must not cost
// an ICU object per call (10,000 records are checked in well under a second). ICU still does the
// Unicode work: NFKC (full-width digits, Kangxi radicals ⽇ ⽉, telegraph symbols ㋂ ㏮) before
// matching. The tests check that everything ICU formats in the canonical style parses back.
#include "core/date.hpp"
#include "core/messages.hpp"
#include "core/unicode_text.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <variant>

namespace dangan::core {

namespace {

// ---------------------------------------------------------------------------------------------
// Characters

bool is_digit(char32_t c) {
    return c >= U'0' && c <= U'9';
}

bool is_letter(char32_t c) {
    return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
}

bool is_space(char32_t c) {
    // NFKC has already turned the ideographic space U+3000 and no-break spaces into U+0020.
    return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\v' || c == U'\f';
}

/// The separators of numeric dates: 2025-03-15, 2025/3/15, 2025.3.15, 2025_03_15.
bool is_separator(char32_t c) {
    return c == U'-' || c == U'/' || c == U'.' || c == U'_';
}

bool is_day_marker(char32_t c) {
    return c == U'日' || c == U'号' || c == U'號';  // 號: Traditional 号 (年, 月, 日 are the same)
}

/// Value of a digit-like Han numeral, or -1. An explicit table rather than u_getNumericValue:
/// ICU also gives values to accounting numerals such as 陆 (6) and 伍 (5), which are common
/// surnames, and a folder "陆月娥入党申请书" would then contain the date "6月". ○ (U+25CB) and ◯
/// (U+25EF) are the circles people type for 〇 with a pinyin IME.
int han_digit(char32_t c) {
    switch (c) {
    case U'〇': case U'零': case U'○': case U'◯': return 0;
    case U'一': return 1;
    case U'二': return 2;
    case U'三': return 3;
    case U'四': return 4;
    case U'五': return 5;
    case U'六': return 6;
    case U'七': return 7;
    case U'八': return 8;
    case U'九': return 9;
    default: return -1;
    }
}

/// 十 (10), 廿 (20), 卅 (30): the tens that are written as one character.
int han_tens(char32_t c) {
    switch (c) {
    case U'十': return 10;
    case U'廿': return 20;
    case U'卅': return 30;
    default: return 0;
    }
}

bool is_han_numeral(char32_t c) {
    return han_digit(c) >= 0 || han_tens(c) > 0;
}

bool is_ideograph(char32_t c) {
    return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_IDEOGRAPHIC);
}

// ---------------------------------------------------------------------------------------------
// The matcher

/// Which kind of text matched; find_dates applies different boundary heuristics to each.
enum class Form {
    numeric,         ///< digits and separators only: 2025-03-15, 2025.3, 2025-Q1, 2025
    compact_day,     ///< 20250315
    compact_month,   ///< 202503 (what format_date writes in the compact style)
    chinese,         ///< 2025年…, 二〇二五年…
    yearless,        ///< 3月15日, 第一季度, 上半年, Q1
};

struct Match {
    PartialDate date;       ///< year is 0 for Form::yearless
    size_t end = 0;         ///< one past the last code point
    Form form = Form::numeric;
    bool ends_with_month = false;   ///< "…3月": a number right after would be a day without 日
    bool han_month_only = false;    ///< yearless "三月" without a day (see find_dates)
    bool han_or_marked_quarter = false;  ///< 第一季度 / 一季度 rather than Q1
};

class Cursor {
public:
    Cursor(std::u32string_view text, size_t pos) : text_(text), pos_(pos) {}
    char32_t peek(size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : 0; }
    size_t pos() const { return pos_; }
    void advance(size_t n = 1) { pos_ = std::min(pos_ + n, text_.size()); }
    bool take(char32_t c) {
        if (peek() != c) return false;
        advance();
        return true;
    }
    void skip_spaces() {
        while (peek() == U' ') advance();
    }
    size_t digit_run() const {
        size_t n = 0;
        while (is_digit(peek(n))) ++n;
        return n;
    }
    int read_digits(size_t n) {
        int value = 0;
        for (size_t i = 0; i < n; ++i) value = value * 10 + static_cast<int>(peek(i) - U'0');
        advance(n);
        return value;
    }

private:
    std::u32string_view text_;
    size_t pos_;
};

/// A Han number 0..99 as used for months and days: 三, 十, 十五, 二十, 二十三, 三十一, 一十五,
/// 廿, 廿三, 卅一, 〇/零 (0, rejected later as "no month 0").
std::optional<int> read_han_number(Cursor& at) {
    int tens = han_tens(at.peek());
    if (tens > 0) {
        at.advance();
        int unit = han_digit(at.peek());
        if (unit >= 1) {
            at.advance();
            return tens + unit;
        }
        return tens;
    }
    int first = han_digit(at.peek());
    if (first < 0) return std::nullopt;
    at.advance();
    if (at.peek() == U'十') {  // 二十, 二十三, 三十一
        at.advance();
        int unit = han_digit(at.peek());
        if (unit >= 1) {
            at.advance();
            return first * 10 + unit;
        }
        return first * 10;
    }
    return first;
}

/// A month, day or quarter number: one or two ASCII digits, or a Han number.
std::optional<int> read_number(Cursor& at) {
    size_t run = at.digit_run();
    if (run > 2) return std::nullopt;
    if (run > 0) return at.read_digits(run);
    return read_han_number(at);
}

/// "Q1"/"q1" (one digit; Q5 is matched and rejected later with a precise message).
bool read_letter_quarter(Cursor& at, Match& match) {
    if ((at.peek() == U'Q' || at.peek() == U'q') && is_digit(at.peek(1)) && !is_digit(at.peek(2))) {
        match.date.quarter = static_cast<int>(at.peek(1) - U'0');
        match.date.precision = DatePrecision::quarter;
        at.advance(2);
        match.end = at.pos();
        return true;
    }
    return false;
}

/// What may follow a year or stand alone with a context year: 3月, 3月15日, 三月十五号,
/// 第一季度, 一季度, 1季度, 第一季, Q1, 上半年, 下半年. Spaces between the parts are allowed.
bool read_period(Cursor at, Match& match) {
    at.skip_spaces();

    // Month and optional day.
    Cursor month_at = at;
    bool han_month = is_han_numeral(month_at.peek());
    if (auto month = read_number(month_at)) {
        Cursor marker = month_at;
        marker.skip_spaces();
        if (marker.take(U'月')) {
            match.date.month = *month;
            match.date.precision = DatePrecision::month;
            match.end = marker.pos();
            match.ends_with_month = true;
            match.han_month_only = han_month;
            Cursor day_at = marker;
            day_at.skip_spaces();
            if (auto day = read_number(day_at)) {
                day_at.skip_spaces();
                if (is_day_marker(day_at.peek())) {
                    day_at.advance();
                    match.date.day = *day;
                    match.date.precision = DatePrecision::day;
                    match.end = day_at.pos();
                    match.ends_with_month = false;
                    match.han_month_only = false;
                }
            }
            return true;
        }
    }

    // Quarter: 第一季度, 一季度, 第1季度, 第一季.
    Cursor quarter_at = at;
    quarter_at.take(U'第');
    quarter_at.skip_spaces();
    if (auto quarter = read_number(quarter_at)) {
        quarter_at.skip_spaces();
        if (quarter_at.take(U'季')) {
            quarter_at.take(U'度');
            match.han_or_marked_quarter = true;
            match.date.quarter = *quarter;
            match.date.precision = DatePrecision::quarter;
            match.end = quarter_at.pos();
            return true;
        }
    }

    Cursor letter_at = at;
    if (read_letter_quarter(letter_at, match)) return true;

    // Half-year: 上半年, 下半年.
    if ((at.peek() == U'上' || at.peek() == U'下') && at.peek(1) == U'半' && at.peek(2) == U'年') {
        match.date.half = at.peek() == U'上' ? 1 : 2;
        match.date.precision = DatePrecision::half_year;
        at.advance(3);
        match.end = at.pos();
        return true;
    }
    return false;
}

/// After "2025年": a period, 度 (2025年度 = the year), or nothing (the year alone).
void read_after_year_marker(Cursor at, Match& match) {
    match.form = Form::chinese;
    match.date.precision = DatePrecision::year;
    match.end = at.pos();
    if (at.peek() == U'度') {
        match.end = at.pos() + 1;
        return;
    }
    Match period = match;
    if (read_period(at, period)) match = period;
}

/// Four Han digits followed by 年: 二〇二五年, 二零二五年, 二○二五年. Inside the year a Latin O
/// or an ASCII 0 is also read as 〇 (二O二五 is a common typing slip); the first digit must be 1-9.
bool read_han_year(Cursor& at, int& year) {
    Cursor probe = at;
    int value = 0;
    for (int i = 0; i < 4; ++i) {
        char32_t c = probe.peek();
        int digit = han_digit(c);
        if (digit < 0 && i > 0 && (c == U'O' || c == U'o' || c == U'0')) digit = 0;
        if (digit < 0 || (i == 0 && digit == 0)) return false;
        value = value * 10 + digit;
        probe.advance();
    }
    probe.skip_spaces();
    if (!probe.take(U'年')) return false;
    year = value;
    at = probe;
    return true;
}

/// Matches the longest date form that starts at `start`. Boundaries are not checked here.
std::optional<Match> match_at(std::u32string_view text, size_t start) {
    Cursor at(text, start);
    Match match;
    const char32_t first = at.peek();

    if (is_digit(first)) {
        const size_t run = at.digit_run();
        if (run == 8) {
            match.date.year = at.read_digits(4);
            match.date.month = at.read_digits(2);
            match.date.day = at.read_digits(2);
            match.date.precision = DatePrecision::day;
            match.form = Form::compact_day;
            match.end = at.pos();
            return match;
        }
        if (run == 6) {
            match.date.year = at.read_digits(4);
            match.date.month = at.read_digits(2);
            match.date.precision = DatePrecision::month;
            match.form = Form::compact_month;
            match.end = at.pos();
            return match;
        }
        if (run == 4) {
            match.date.year = at.read_digits(4);
            match.date.precision = DatePrecision::year;
            match.form = Form::numeric;
            match.end = at.pos();
            Cursor marker = at;
            marker.skip_spaces();
            if (marker.take(U'年')) {
                read_after_year_marker(marker, match);
                return match;
            }
            const char32_t separator = at.peek();
            // 2025-Q1, 2025Q1, 2025 Q1, 2025-H1 (a letter and one digit).
            Cursor letter = at;
            if (is_separator(separator) || separator == U' ') letter.advance();
            const char32_t kind = letter.peek();
            if ((kind == U'Q' || kind == U'q' || kind == U'H' || kind == U'h') && is_digit(letter.peek(1)) &&
                !is_digit(letter.peek(2))) {
                int value = static_cast<int>(letter.peek(1) - U'0');
                if (kind == U'Q' || kind == U'q') {
                    match.date.quarter = value;
                    match.date.precision = DatePrecision::quarter;
                } else {
                    match.date.half = value;
                    match.date.precision = DatePrecision::half_year;
                }
                match.end = letter.pos() + 2;
                return match;
            }
            // 2025-03, 2025-03-15 and the same with / . _ (one separator throughout).
            if (is_separator(separator)) {
                Cursor month_at = at;
                month_at.advance();
                size_t month_run = month_at.digit_run();
                if (month_run == 1 || month_run == 2) {
                    match.date.month = month_at.read_digits(month_run);
                    match.date.precision = DatePrecision::month;
                    match.end = month_at.pos();
                    if (month_at.peek() == separator) {
                        Cursor day_at = month_at;
                        day_at.advance();
                        size_t day_run = day_at.digit_run();
                        if (day_run == 1 || day_run == 2) {
                            match.date.day = day_at.read_digits(day_run);
                            match.date.precision = DatePrecision::day;
                            match.end = day_at.pos();
                        }
                    }
                }
            }
            return match;  // the year alone when nothing else followed
        }
        if (run <= 2) {
            match.form = Form::yearless;
            if (read_period(at, match) && match.date.precision != DatePrecision::half_year) return match;
        }
        return std::nullopt;
    }

    int year = 0;
    if (read_han_year(at, year)) {
        match.date.year = year;
        read_after_year_marker(at, match);
        return match;
    }

    if (is_han_numeral(first) || first == U'第' || first == U'上' || first == U'下' || first == U'Q' ||
        first == U'q') {
        match.form = Form::yearless;
        if (read_period(at, match)) return match;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// parse_date

std::string expected_forms() { return tr("应写成 2025-03-15 或 2025年3月15日 这样的形式", "expected a form such as 2025-03-15 or 2025年3月15日"); }

/// The text as the user wrote it, for messages: trimmed, invalid UTF-8 replaced, at most 60 code points.
std::string quote(std::string_view text) {
    std::u32string cps = to_code_points(text);
    auto not_space = [](char32_t c) { return !is_space(c) && c != U'\u3000'; };
    auto first = std::find_if(cps.begin(), cps.end(), not_space);
    auto last = std::find_if(cps.rbegin(), cps.rend(), not_space).base();
    std::u32string trimmed = first < last ? std::u32string(first, last) : std::u32string();
    if (trimmed.size() > 60) {
        trimmed.resize(60);
        trimmed += U'…';
    }
    return tr("“", "'") + to_utf8(trimmed) + tr("”", "'");
}

using ParseResult = std::variant<PartialDate, std::string>;

/// What people type after a full date in a field meant for the date alone, as minutes head it:
/// a weekday (2025年3月12日（星期三）, 2025-03-12 周三), a time of day (上午, 9:30) or a second day
/// (至13日). A weekday that agrees is accepted (it only repeats the date); one that disagrees makes
/// the date contradictory, which is exactly what an inspection looks for. A time or a second day is
/// refused with advice on where it belongs instead of the general "not a date". nullopt: nothing
/// recognised, the caller gives its general message.
std::optional<ParseResult> read_after_date(std::u32string_view after_date, const PartialDate& date, std::string_view text) {
    std::u32string rest(after_date);
    const std::string written_after = to_utf8(rest);
    if (const auto w = leading_weekday(written_after)) {
        const int real = weekday_of(date);
        if (w->weekday != real) {
            const std::string day = format_date(date, DateStyle::gbt9704);
            return quote(text) + tr("前后矛盾：" + day + "是" + weekday_name(real) + "，不是" + weekday_name(w->weekday) +
                                        "；请核对日期",
                                    " contradicts itself: " + date.iso() + " is a " + std::string(weekday_name(real)) +
                                        ", not a " + weekday_name(w->weekday) + "; check the date");
        }
        rest = to_code_points(written_after.substr(w->length));
    }
    size_t i = 0;
    while (i < rest.size() && is_space(rest[i])) ++i;
    if (i == rest.size()) return ParseResult(date);  // only a weekday that agrees followed the date
    auto starts = [&](std::u32string_view word) { return std::u32string_view(rest).substr(i, word.size()) == word; };
    // A time of day: 上午, 下午9时, 9:30, 14点.
    static const std::u32string_view parts_of_day[] = {U"上午", U"下午", U"中午", U"晚上", U"早上", U"凌晨", U"傍晚", U"晚"};
    bool time = false;
    for (auto word : parts_of_day) time = time || starts(word);
    if (!time && i < rest.size() && is_digit(rest[i])) {
        size_t j = i;
        while (j < rest.size() && is_digit(rest[j])) ++j;
        time = j - i <= 2 && j < rest.size() && (rest[j] == U':' || rest[j] == U'时' || rest[j] == U'点');
    }
    if (time)
        return quote(text) + tr("里写了时间：这一项只写日期（如 " + format_date(date, DateStyle::gbt9704) +
                                    "），几点开始、结束写在开始时间和结束时间里（start、end）",
                                " holds a time of day: write the date alone here (such as " + date.iso() +
                                    ") and the hours in the start and end times");
    // A second day: 至13日, 到3月14日, -14日, ～14日.
    if (i < rest.size() && (rest[i] == U'至' || rest[i] == U'到' || rest[i] == U'~' || rest[i] == U'-' ||
                            rest[i] == U'–' || rest[i] == U'—' || rest[i] == U'〜'))
        return quote(text) + tr("是一段日期：这一项只写一天；活动跨几天的，写第一天（" +
                                    format_date(date, DateStyle::gbt9704) + "），其余几天写在说明里",
                                " is a span of days: write one day here; for an event over several days the first day "
                                "(" + date.iso() + "), and the others in the notes");
    return std::nullopt;
}

/// Dates typed with a two-digit year (25年3月12日, 25.3.12) or in the American order (3/12/2025):
/// advice that names the mistake instead of the general "not a date".
std::optional<std::string> misordered_date_advice(std::u32string_view t, std::string_view text) {
    size_t i = 0;
    auto digits = [&] {
        const size_t from = i;
        while (i < t.size() && is_digit(t[i])) ++i;
        return i - from;
    };
    const size_t first = digits();
    if (first == 2 && i < t.size() && (t[i] == U'年' || is_separator(t[i])) && i + 1 < t.size() && is_digit(t[i + 1]))
        return quote(text) + tr("的年份只有两位：请写全四位，如 20" + to_utf8(t.substr(0, 2)) + "年…",
                                " has a two-digit year: write all four digits, such as 20" + to_utf8(t.substr(0, 2)));
    if ((first == 1 || first == 2) && i < t.size() && is_separator(t[i])) {
        const char32_t separator = t[i++];
        const size_t second = digits();
        if ((second == 1 || second == 2) && i < t.size() && t[i] == separator) {
            ++i;
            if (digits() == 4 && i == t.size())
                return quote(text) + tr("把年份写在了最后：请把年份写在最前面，如 " + to_utf8(t.substr(t.size() - 4)) +
                                            "-月-日（这样写看不出哪个是月、哪个是日）",
                                        " puts the year last: write the year first, year-month-day (this order "
                                        "does not say which number is the month and which the day)");
        }
    }
    return std::nullopt;
}

ParseResult parse(std::string_view text, std::optional<int> context_year) {
    const std::u32string cps = to_code_points(normalize_nfkc(text));
    size_t begin = 0;
    size_t end = cps.size();
    while (begin < end && is_space(cps[begin])) ++begin;
    while (end > begin && is_space(cps[end - 1])) --end;
    if (begin == end) return tr("空白不是日期；", "empty text is not a date; ") + expected_forms();

    const std::u32string_view trimmed = std::u32string_view(cps).substr(begin, end - begin);
    auto match = match_at(trimmed, 0);
    if (match && match->end != trimmed.size() && match->date.precision == DatePrecision::day &&
        match->form != Form::yearless && !date_problem(match->date)) {
        if (auto after = read_after_date(trimmed.substr(match->end), match->date, text)) return *after;
    }
    if (!match || match->end != trimmed.size()) {
        if (auto advice = misordered_date_advice(trimmed, text)) return *advice;
        return quote(text) + tr("不是日期；", " is not a date; ") + expected_forms();
    }
    PartialDate date = match->date;
    // Six digits are YYYYMM only when that is a real month; "250315" (YYMMDD) is simply not a date.
    if (match->form == Form::compact_month && date_problem(date)) {
        return quote(text) + tr("不是日期；", " is not a date; ") + expected_forms();
    }
    if (match->form == Form::yearless) {
        if (!context_year) {
            return quote(text) + tr("没有写年份，上下文也看不出是哪一年；请写上年份，如 2025年3月15日",
                                    " has no year and none is known from context; write the year, such as 2025年3月15日");
        }
        date.year = *context_year;
    }
    if (auto problem = date_problem(date)) return quote(text) + tr("不是真实存在的日期：", " is not a real date: ") + *problem;
    return date;
}

// ---------------------------------------------------------------------------------------------
// find_dates

/// Text for scanning: NFKC code points, each remembering the bytes of the original it came from.
struct ScanText {
    std::u32string cps;
    std::vector<size_t> begin;  ///< byte offset in the original text
    std::vector<size_t> end;
};

ScanText normalise_for_scan(std::string_view text) {
    // Normalise one code point at a time so every output code point maps back to original bytes
    // (NFKC changes lengths: ２ is three bytes, 2 is one). Composition across code points does not
    // matter for dates: every character a date uses is its own NFKC unit.
    ScanText scan;
    scan.cps.reserve(text.size());
    scan.begin.reserve(text.size());
    scan.end.reserve(text.size());
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    size_t i = 0;
    while (i < text.size()) {
        size_t start = i;
        UChar32 c = 0;
        if (bytes[i] < 0x80) {
            c = bytes[i++];
        } else {
            int32_t window = static_cast<int32_t>(std::min<size_t>(4, text.size() - i));
            int32_t j = 0;
            U8_NEXT_OR_FFFD(bytes + i, j, window, c);
            i += static_cast<size_t>(j);
        }
        auto push = [&](char32_t cp) {
            scan.cps.push_back(cp);
            scan.begin.push_back(start);
            scan.end.push_back(i);
        };
        if (c < 0x80 || U_FAILURE(status) || nfkc == nullptr || nfkc->isInert(c)) {
            push(static_cast<char32_t>(c));
            continue;
        }
        UErrorCode normalise_status = U_ZERO_ERROR;
        icu::UnicodeString normalised = nfkc->normalize(icu::UnicodeString(c), normalise_status);
        if (U_FAILURE(normalise_status)) {
            push(static_cast<char32_t>(c));
            continue;
        }
        for (int32_t k = 0; k < normalised.length();) {
            UChar32 out = normalised.char32At(k);
            push(static_cast<char32_t>(out));
            k += U16_LENGTH(out);
        }
    }
    return scan;
}

// Heuristics for names (documented here because they decide what counts as a date):
// - Dates written with digits only (2025-03-15, 2025.3, 20250315, 2025) count only for years
//   1900..2100, so serial numbers such as "0007" or "3000" are not years. Dates with 年 accept
//   every year 1..9999.
// - A date never starts or ends inside a longer run of digits: "120250315" and "20250315001" hold
//   no date, "01_" and "(3)" are just numbers (a 1-2 digit number is a date only with 月 or 季度).
// - Eight digits are a date only if they form a valid YYYYMMDD. Six digits are never taken from
//   names: 250315 (YYMMDD) and 202503 (YYYYMM) cannot be told apart.
// - A partial digits-only date (2025, 2025-03, 2025-Q1) must stand apart: not after a letter
//   ("v2025") or "digit + separator" ("001-2025"), not before a letter or "separator + digit"
//   ("2021-2-Y-001" is a 档号, not February 2021), nor before "separator + letter + separator or
//   digit". A full date may touch letters and sequence numbers: "IMG20250315", "2025-03-15-01".
// - A digits-only year followed by a counter (2000份, 2025号, 2020人) or preceded by 第 is a count
//   or a number, not a year; 〔2025〕3号 still gives 2025.
// - "…3月" followed by a number (a day without 日/号) is ambiguous and skipped.
// - A year-less month in Han numerals without a day ("三月") must not follow another ideograph,
//   so "统一月报" holds no date; "三月十五日" and "第一季度" are distinctive enough anywhere.
// - "Q1" must not touch letters or digits ("SQ1", "Q12").
// - Year-less dates need the context year; without one they are skipped. Impossible dates
//   (2025年2月30日) are skipped as a whole, so no "2025年" is reported from inside them.
constexpr int min_plausible_year = 1900;
constexpr int max_plausible_year = 2100;

/// Characters that make a preceding number a count: 份 个 人 名 号 期 条 届 次 件 页 元 张 本 篇.
bool is_counter(char32_t c) {
    static constexpr std::u32string_view counters = U"份个人名号號期条届次件页元张本篇";
    return counters.find(c) != std::u32string_view::npos;
}

bool acceptable(std::u32string_view text, size_t start, const Match& match) {
    auto at = [&](size_t i) -> char32_t { return i < text.size() ? text[i] : 0; };
    const char32_t before = start > 0 ? text[start - 1] : 0;
    const char32_t before2 = start > 1 ? text[start - 2] : 0;
    const char32_t after = at(match.end);
    const char32_t after2 = at(match.end + 1);
    const char32_t after3 = at(match.end + 2);
    const bool full = match.date.precision == DatePrecision::day;

    // Never start inside a number.
    if (is_digit(text[start]) && is_digit(before)) return false;
    if (is_han_numeral(text[start]) && is_han_numeral(before)) return false;
    // Never end inside a number.
    if (is_digit(after)) return false;
    if (match.ends_with_month && is_han_numeral(after)) return false;

    switch (match.form) {
    case Form::compact_month: return false;
    case Form::compact_day:
    case Form::numeric: {
        if (match.date.year < min_plausible_year || match.date.year > max_plausible_year) return false;
        if (full) return true;
        if (match.date.precision == DatePrecision::year && (is_counter(after) || before == U'第')) return false;
        if (is_letter(before)) return false;
        if (is_separator(before) && is_digit(before2)) return false;
        if (is_letter(after)) return false;
        if (is_separator(after) && is_digit(after2)) return false;
        if (is_separator(after) && is_letter(after2) && (is_separator(after3) || is_digit(after3))) return false;
        return true;
    }
    case Form::chinese: return true;
    case Form::yearless: {
        if (match.date.precision == DatePrecision::quarter && (text[start] == U'Q' || text[start] == U'q')) {
            return !is_letter(before) && !is_digit(before) && !is_letter(after);
        }
        if (match.han_month_only && is_ideograph(before)) return false;
        return true;
    }
    }
    return false;
}

bool may_start_date(char32_t c) {
    return is_digit(c) || is_han_numeral(c) || c == U'第' || c == U'上' || c == U'下' || c == U'Q' || c == U'q';
}

/// Whether an impossible date in a name was meant as a date (and is worth reporting) rather than
/// being some other number: 年/月/日/季度 make the intent clear ("2025年2月30日"), and so does a
/// Y-M-D with a real month ("2025.2.30"). "20251345", "2025-13" and "Q5" are just not dates.
bool looks_meant_as_date(const PartialDate& date, const Match& match) {
    switch (match.form) {
    case Form::chinese: return true;
    case Form::yearless: return date.precision != DatePrecision::quarter || match.han_or_marked_quarter;
    case Form::numeric: return date.precision == DatePrecision::day && date.month >= 1 && date.month <= 12;
    case Form::compact_day:
    case Form::compact_month: return false;
    }
    return false;
}

/// The scanner behind find_dates and find_invalid_dates: calls visit(date, match, problem or null,
/// begin byte, end byte) for every date-shaped text that passes the boundary heuristics.
template <class Visit>
void scan_dates(std::string_view text, std::optional<int> context_year, Visit visit) {
    const ScanText scan = normalise_for_scan(text);
    const std::u32string_view cps(scan.cps);
    size_t pos = 0;
    while (pos < cps.size()) {
        if (!may_start_date(cps[pos])) {
            ++pos;
            continue;
        }
        auto match = match_at(cps, pos);
        if (!match || !acceptable(cps, pos, *match)) {
            ++pos;
            continue;
        }
        PartialDate date = match->date;
        if (match->form == Form::yearless) {
            if (!context_year) {
                pos = match->end;
                continue;
            }
            date.year = *context_year;
        }
        // An impossible date is skipped as a whole, so no "2025年" is found inside "2025年2月30日".
        auto problem = date_problem(date);
        visit(date, *match, problem ? &*problem : nullptr, scan.begin[pos], scan.end[match->end - 1]);
        pos = match->end;
    }
}

}  // namespace

PartialDate parse_date(std::string_view text, std::optional<int> context_year) {
    ParseResult result = parse(text, context_year);
    if (auto* message = std::get_if<std::string>(&result)) throw DateError(*message);
    return std::get<PartialDate>(result);
}

std::optional<PartialDate> try_parse_date(std::string_view text, std::optional<int> context_year) {
    ParseResult result = parse(text, context_year);
    if (auto* date = std::get_if<PartialDate>(&result)) return *date;
    return std::nullopt;
}

std::vector<FoundDate> find_dates(std::string_view text, std::optional<int> context_year) {
    std::vector<FoundDate> found;
    scan_dates(text, context_year,
               [&](const PartialDate& date, const Match&, const std::string* problem, size_t begin, size_t end) {
                   if (problem == nullptr) found.push_back(FoundDate{date, begin, end});
               });
    return found;
}

std::vector<FoundInvalidDate> find_invalid_dates(std::string_view text, std::optional<int> context_year) {
    std::vector<FoundInvalidDate> found;
    scan_dates(text, context_year,
               [&](const PartialDate& date, const Match& match, const std::string* problem, size_t begin, size_t end) {
                   if (problem == nullptr || !looks_meant_as_date(date, match)) return;
                   found.push_back(FoundInvalidDate{
                       quote(text.substr(begin, end - begin)) + " is not a real date: " + *problem, begin, end});
               });
    return found;
}

int weekday_of(const PartialDate& date) {
    const int n = days_between(make_date(1970, 1, 1), date);  // 1970-01-01 was a Thursday
    return ((4 + n) % 7 + 7) % 7;
}

const char* weekday_name(int weekday) {
    static const char* const names[] = {"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"};
    return names[((weekday % 7) + 7) % 7];
}

std::optional<WrittenWeekday> leading_weekday(std::string_view text) {
    size_t i = 0;
    auto skip_spaces = [&] {
        while (i < text.size()) {
            if (text[i] == ' ' || text[i] == '\t') ++i;
            else if (text.substr(i, 3) == "\u3000") i += 3;
            else break;
        }
    };
    auto take = [&](std::initializer_list<std::string_view> words) {
        for (auto w : words)
            if (text.substr(i, w.size()) == w) {
                i += w.size();
                return true;
            }
        return false;
    };
    skip_spaces();
    const bool bracket = take({"（", "(", "【", "["});
    skip_spaces();
    if (!take({"星期", "礼拜", "周"})) return std::nullopt;
    static const std::string_view names[] = {"日", "一", "二", "三", "四", "五", "六"};
    std::optional<int> weekday;
    for (int n = 0; n < 7 && !weekday; ++n)
        if (text.substr(i, names[n].size()) == names[n]) weekday = n;
    if (!weekday && text.substr(i, 3) == "天") weekday = 0;
    if (!weekday) return std::nullopt;
    i += 3;
    skip_spaces();
    if (bracket) take({"）", ")", "】", "]"});
    return WrittenWeekday{*weekday, i};
}

}  // namespace dangan::core
