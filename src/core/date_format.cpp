// Formatting of (partial) dates in the styles ledgers print, and Chinese cardinal numbers.
// Chinese numerals come from ICU: SimpleDateFormat with a per-field numbering-system override for
// dates, RBNF for cardinals. Both are costly to build, so each thread keeps its own instances.
#include "core/date.hpp"

#include <unicode/fieldpos.h>
#include <unicode/gregocal.h>
#include <unicode/rbnf.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <cstdio>
#include <memory>

namespace dangan::core {

namespace {

void check(UErrorCode status, const char* what) {
    if (U_FAILURE(status)) {
        throw std::runtime_error(std::string("ICU cannot create ") + what + ": " + u_errorName(status));
    }
}

/// The ICU objects for Chinese-numeral output, one set per thread: ICU formatters are not safe to
/// share between threads for formatting with a Calendar, and building them takes ~100 µs each.
class ChineseNumerals {
public:
    ChineseNumerals() {
        UErrorCode status = U_ZERO_ERROR;
        // GMT so no time-zone rule can move a date; Gregorian change at the earliest instant so
        // years before 1582 are proleptic Gregorian like the rest of dangan (<chrono>).
        calendar_ = std::make_unique<icu::GregorianCalendar>(icu::TimeZone::getGMT()->clone(), status);
        check(status, "a Gregorian calendar");
        calendar_->setGregorianChange(-1.0e300, status);
        check(status, "a proleptic Gregorian calendar");
        // The plain locale variants are wrong (text-and-pdf.md §3): zh@numbers=hanidec gives
        // 三月一五日 and zh@numbers=hans gives 二千零二十四年. Only the per-field override gives
        // 二〇二四年三月十五日: digit-by-digit year, counted month and day.
        const icu::UnicodeString override_fields("y=hanidec;M=hans;d=hans");
        full_ = make_format(u"y年M月d日", override_fields);
        month_ = make_format(u"y年M月", override_fields);
        year_ = make_format(u"y年", override_fields);

        numbers_ = std::make_unique<icu::RuleBasedNumberFormat>(icu::URBNF_SPELLOUT, icu::Locale("zh"), status);
        check(status, "the Chinese spell-out rules");
        // %spellout-cardinal writes 零 inside numbers (一百零五) and 十 for ten (not 一十);
        // %spellout-numbering would write 一百〇五.
        numbers_->setDefaultRuleSet(u"%spellout-cardinal", status);
        check(status, "the Chinese rule set %spellout-cardinal");
    }

    std::string format(const PartialDate& date) {
        calendar_->clear();
        // ICU months are 0-based; a year or quarter only needs its year field.
        calendar_->set(date.year, date.month > 0 ? date.month - 1 : 0, date.day > 0 ? date.day : 1);
        icu::SimpleDateFormat* format = year_.get();
        if (date.precision == DatePrecision::day) format = full_.get();
        if (date.precision == DatePrecision::month) format = month_.get();
        icu::UnicodeString text;
        icu::FieldPosition position;
        format->format(*calendar_, text, position);
        std::string out;
        text.toUTF8String(out);
        return out;
    }

    std::string number(long long n) {
        icu::UnicodeString text;
        numbers_->format(static_cast<int64_t>(n), text);
        std::string out;
        text.toUTF8String(out);
        return out;
    }

private:
    static std::unique_ptr<icu::SimpleDateFormat> make_format(const char16_t* pattern,
                                                              const icu::UnicodeString& override_fields) {
        UErrorCode status = U_ZERO_ERROR;
        auto format = std::make_unique<icu::SimpleDateFormat>(icu::UnicodeString(pattern), override_fields,
                                                              icu::Locale("zh"), status);
        check(status, "a Chinese-numeral date format");
        return format;
    }

    std::unique_ptr<icu::GregorianCalendar> calendar_;
    std::unique_ptr<icu::SimpleDateFormat> full_, month_, year_;
    std::unique_ptr<icu::RuleBasedNumberFormat> numbers_;
};

ChineseNumerals& chinese_numerals() {
    thread_local ChineseNumerals instance;
    return instance;
}

std::string printf_string(const char* pattern, int a, int b = 0, int c = 0) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, pattern, a, b, c);
    return buffer;
}

const char* half_name(int half) {
    return half == 1 ? "上半年" : "下半年";
}

std::string format_gbt9704(const PartialDate& date) {
    // GB/T 9704-2012 成文日期: Arabic numerals, no zero padding.
    switch (date.precision) {
    case DatePrecision::day: return printf_string("%d年%d月%d日", date.year, date.month, date.day);
    case DatePrecision::month: return printf_string("%d年%d月", date.year, date.month);
    case DatePrecision::quarter:
        return printf_string("%d年第", date.year) + chinese_number(date.quarter) + "季度";
    case DatePrecision::half_year: return printf_string("%d年", date.year) + half_name(date.half);
    case DatePrecision::year: break;
    }
    return printf_string("%d年", date.year);
}

std::string format_chinese_numerals(const PartialDate& date) {
    auto& numerals = chinese_numerals();
    switch (date.precision) {
    case DatePrecision::quarter: return numerals.format(date) + "第" + numerals.number(date.quarter) + "季度";
    case DatePrecision::half_year: return numerals.format(date) + half_name(date.half);
    default: return numerals.format(date);
    }
}

std::string format_compact(const PartialDate& date) {
    // DA/T 22 catalogue column: YYYYMMDD. Partial dates keep the same digit-only look; quarter and
    // half-year need a letter (parse_date reads all of these back).
    switch (date.precision) {
    case DatePrecision::day: return printf_string("%04d%02d%02d", date.year, date.month, date.day);
    case DatePrecision::month: return printf_string("%04d%02d", date.year, date.month);
    case DatePrecision::quarter: return printf_string("%04dQ%d", date.year, date.quarter);
    case DatePrecision::half_year: return printf_string("%04dH%d", date.year, date.half);
    case DatePrecision::year: break;
    }
    return printf_string("%04d", date.year);
}

}  // namespace

std::string format_date(const PartialDate& date, DateStyle style) {
    if (auto problem = date_problem(date)) {
        throw DateError("cannot format '" + date.iso() + "': " + *problem);
    }
    switch (style) {
    case DateStyle::gbt9704: return format_gbt9704(date);
    case DateStyle::chinese_numerals: return format_chinese_numerals(date);
    case DateStyle::compact: return format_compact(date);
    case DateStyle::iso: break;
    }
    return date.iso();
}

std::string chinese_number(long long n) {
    return chinese_numerals().number(n);
}

}  // namespace dangan::core
