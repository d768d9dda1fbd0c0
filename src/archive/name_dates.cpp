#include "archive/name_dates.hpp"

#include "core/unicode_text.hpp"

#include <Poco/Exception.h>
#include <Poco/RegularExpression.h>

#include <algorithm>
#include <cctype>

namespace dangan::archive {

namespace {

using core::PartialDate;
using Poco::RegularExpression;

struct Candidate {
    PartialDate date;
    size_t begin = 0;
};

int rank(const PartialDate& d) { return static_cast<int>(d.precision); }

/// Replaces bytes [begin, end) by spaces, so later patterns do not see them and offsets stay put.
void blank(std::string& text, size_t begin, size_t length) { text.replace(begin, length, length, ' '); }

int group_number(const std::string& text, const RegularExpression::Match& m) {
    return std::stoi(text.substr(m.offset, m.length));
}

/// Runs `re` over `text` repeatedly; `each` gets the groups and returns whether to blank the match.
template <typename F>
void each_match(const RegularExpression& re, std::string& text, F each) {
    RegularExpression::MatchVec m;
    size_t offset = 0;
    while (offset < text.size()) {
        try {
            if (re.match(text, offset, m) == 0) return;
        } catch (const Poco::Exception&) {
            return;
        }
        const size_t begin = m[0].offset, length = m[0].length;
        if (each(m)) blank(text, begin, length);
        offset = begin + std::max<size_t>(length, 1);
    }
}

RegularExpression make(const char* pattern) { return RegularExpression(pattern, RegularExpression::RE_UTF8); }

/// The year of month `m` inside the context: the name's own year first, then the folders' range, then their year.
std::optional<int> year_for(int m, std::optional<int> own_year, const NameContext& context) {
    if (own_year) return own_year;
    if (context.range) {
        for (int y = context.range->first.year; y <= context.range->last.year; ++y) {
            const auto month = core::make_month(y, m);
            if (!(month.last_day() < context.range->first) && !(context.range->last < month.first_day())) return y;
        }
        return std::nullopt;  // a month outside the 学期 (e.g. 8月 in 第一学期): the caller says it is inconsistent
    }
    return context.year;
}

std::string quote(const std::string& s) { return "“" + s + "”"; }

std::string cn_reason(int y, int m, int d) {
    if (m < 1 || m > 12) return "没有" + std::to_string(m) + "月";
    if (d < 1) return "没有0日";
    return (y > 0 ? std::to_string(y) + "年" : "") + std::to_string(m) + "月只有" +
           std::to_string(core::days_in_month(y > 0 ? y : 2024, m)) + "天";
}

}  // namespace

NameReading read_name(const std::string& raw, const NameContext& context) {
    static const auto wenhao = make("[〔\\[【(]\\s*(?:19|20)\\d{2}\\s*[〕\\]】)]\\s*(?:第\\s*)?\\d+\\s*号");
    static const auto cohort = make("(?<!\\d)(?:19|20)\\d{2}\\s*级");
    static const auto annual = make("(?<!\\d)((?:19|20)\\d{2})\\s*年度");
    static const auto school_year = make("(?<!\\d)((?:19|20)\\d{2})\\s*[-—–~至到]\\s*((?:19|20)\\d{2})\\s*学年");
    static const auto range = make(
        "(?<!\\d)((?:19|20)\\d{2})\\s*[.年/-]\\s*(\\d{1,2})\\s*月?\\s*[-—–~至到]+\\s*((?:19|20)\\d{2})\\s*[.年/-]\\s*(\\d{1,2})\\s*月?(?![\\d.])");
    // 2023年1-3月, 2023年1月至3月: a span of months inside one year (a quarter's summary, a register)
    static const auto month_range = make(
        "(?<!\\d)((?:19|20)\\d{2})\\s*年\\s*(\\d{1,2})\\s*月?\\s*[-—–~至到]+\\s*(\\d{1,2})\\s*月(?!\\s*\\d)");
    // 23.4.5: a two-digit year with dots, as 23年3月5日 is with 年月日
    static const auto short_dot = make("(?<![\\d.])([1-3]\\d)\\.(\\d{1,2})\\.(\\d{1,2})(?![\\d.])");
    static const auto stamp = make("(?<!\\d)((?:19|20)\\d{2})(\\d{2})(\\d{2})[_-]?\\d{6}(?!\\d)");
    static const auto time = make("(?<=\\d)(?:\\s+|_)\\d{1,2}[.:]\\d{2}(?:[.:]\\d{2})?(?![\\d.])");
    static const auto short_year = make("(?<!\\d)(\\d{2})年(\\d{1,2})月(?:(\\d{1,2})[日号]?)?");
    static const auto month_day_cn = make("(?<![\\d年])(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*(?:日|号)?(?!\\d)");
    static const auto month_cn = make("(?<![\\d年])(\\d{1,2})\\s*月(?!\\d)");
    static const auto month_day_dot = make("(?<![\\d.])(\\d{1,2})\\.(\\d{1,2})(?![\\d.])");
    static const auto mmdd = make("^(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])(?=[^\\x00-\\x7F])");

    NameReading out;
    // NFKC only where it changes something we read (full-width digits and punctuation, the ideographic
    // space): normalising every name costs a tenth of the walk of a large tree.
    const bool wide = raw.find("\xEF\xBC") != std::string::npos || raw.find("\xEF\xBD") != std::string::npos ||
                      raw.find("\xE3\x80\x80") != std::string::npos;
    std::string text = wide ? core::normalize_nfkc(raw) : raw;
    std::vector<Candidate> found;
    auto invalid = [&](int y, int m, int d, const std::string& written) {
        out.invalid.push_back("名称中的日期" + quote(written) + "不存在：" + cn_reason(y, m, d));
        if (m >= 1 && m <= 12 && y > 0) out.invalid_month = core::make_month(y, m);
    };
    auto add = [&](int y, int m, int d, size_t begin, const std::string& written) {
        if (m < 1 || m > 12 || d < 1 || d > core::days_in_month(y, m)) {
            invalid(y, m, d, written);
            return;
        }
        found.push_back({core::make_date(y, m, d), begin});
    };

    // Each pattern runs only when the name holds a character it needs (a cheap find): most names hold
    // one plain date, and a dozen regular expressions over every name of a large tree cost more than the walk.
    auto has = [&](const char* s) { return text.find(s) != std::string::npos; };
    auto digit_run = [&](size_t n) {
        size_t run = 0;
        for (char c : text)
            if ((run = (c >= '0' && c <= '9') ? run + 1 : 0) >= n) return true;
        return false;
    };
    if (has("号")) each_match(wenhao, text, [](auto&) { return true; });
    if (has("级")) each_match(cohort, text, [&](auto&) { return out.cohort = true; });
    if (has("年度")) each_match(annual, text, [&](const RegularExpression::MatchVec& m) {
        out.annual_year = group_number(text, m[1]);
        return true;
    });
    if (has("学年")) each_match(school_year, text, [&](const RegularExpression::MatchVec& m) {
        const int a = group_number(text, m[1]), b = group_number(text, m[2]);
        if (b != a + 1) return false;
        out.range = DateRange{core::make_date(a, 9, 1), core::make_date(b, 8, 31)};
        return true;
    });
    auto years = [&] {  // how many places could begin a year 19xx/20xx (a range needs two)
        int n = 0;
        for (size_t i = 0; i + 3 < text.size(); ++i)
            n += (text[i] == '1' || text[i] == '2') && (text[i + 1] == '9' || text[i + 1] == '0') &&
                 std::isdigit(static_cast<unsigned char>(text[i + 2])) && std::isdigit(static_cast<unsigned char>(text[i + 3]));
        return n;
    };
    if ((has("-") || has("—") || has("–") || has("~") || has("至") || has("到")) && years() >= 2) each_match(range, text, [&](const RegularExpression::MatchVec& m) {
        const int y1 = group_number(text, m[1]), m1 = group_number(text, m[2]), y2 = group_number(text, m[3]), m2 = group_number(text, m[4]);
        if (m1 < 1 || m1 > 12 || m2 < 1 || m2 > 12 || y2 < y1 || (y2 == y1 && m2 < m1)) return false;
        out.range = DateRange{core::make_month(y1, m1).first_day(), core::make_month(y2, m2).last_day()};
        return true;
    });
    if (has("年") && has("月") && (has("-") || has("—") || has("–") || has("~") || has("至") || has("到")))
        each_match(month_range, text, [&](const RegularExpression::MatchVec& m) {
            const int y = group_number(text, m[1]), m1 = group_number(text, m[2]), m2 = group_number(text, m[3]);
            if (m1 < 1 || m2 > 12 || m2 <= m1) return false;
            out.range = DateRange{core::make_month(y, m1).first_day(), core::make_month(y, m2).last_day()};
            return true;
        });
    if (digit_run(8)) each_match(stamp, text, [&](const RegularExpression::MatchVec& m) {
        const int y = group_number(text, m[1]), mo = group_number(text, m[2]), d = group_number(text, m[3]);
        if (mo < 1 || mo > 12 || d < 1 || d > core::days_in_month(y, mo)) return false;
        found.push_back({core::make_date(y, mo, d), m[0].offset});
        return true;
    });
    if (has(":") || has(".")) each_match(time, text, [](auto&) { return true; });
    if (has("年") && has("月")) each_match(short_year, text, [&](const RegularExpression::MatchVec& m) {
        const int y = 2000 + group_number(text, m[1]), mo = group_number(text, m[2]);
        const std::string written = text.substr(m[0].offset, m[0].length);
        if (m.size() > 3 && m[3].offset != std::string::npos) {
            add(y, mo, group_number(text, m[3]), m[0].offset, written);
        } else if (mo >= 1 && mo <= 12) {
            found.push_back({core::make_month(y, mo), m[0].offset});
        }
        return true;
    });

    if (has(".") && !digit_run(4)) each_match(short_dot, text, [&](const RegularExpression::MatchVec& m) {
        add(2000 + group_number(text, m[1]), group_number(text, m[2]), group_number(text, m[3]), m[0].offset,
            text.substr(m[0].offset, m[0].length));
        return true;
    });

    // Dates with their year (core's forms), then the year they give the year-less ones.
    std::optional<int> own_year;
    for (const auto& bad : core::find_invalid_dates(text)) {
        const std::string written = text.substr(bad.begin, bad.end - bad.begin);
        std::string why;
        static const auto ymd = make("((?:19|20)\\d{2})\\D{1,3}(\\d{1,2})(?:\\D{1,3}(\\d{1,2}))?");
        RegularExpression::MatchVec m;
        if (ymd.match(written, 0, m) && m.size() > 2) {
            const int y = group_number(written, m[1]), mo = group_number(written, m[2]);
            const int d = m.size() > 3 && m[3].offset != std::string::npos ? group_number(written, m[3]) : 1;
            why = "：" + cn_reason(y, mo, d);
            if (mo >= 1 && mo <= 12) out.invalid_month = core::make_month(y, mo);
        }
        out.invalid.push_back("名称中的日期" + quote(written) + "不存在" + why);
        blank(text, bad.begin, bad.end - bad.begin);
    }
    for (const auto& d : core::find_dates(text)) {
        // "2025年3月12日（星期四）支委会": the weekday a name gives with its date must be the date's.
        if (d.date.precision == core::DatePrecision::day) {
            if (const auto w = core::leading_weekday(std::string_view(text).substr(d.end)); w) {
                const int real = core::weekday_of(d.date);
                if (w->weekday != real) {
                    out.invalid.push_back("名称中的日期" + quote(text.substr(d.begin, d.end - d.begin + w->length)) +
                                          "前后矛盾：" + core::format_date(d.date, core::DateStyle::gbt9704) + "是" +
                                          core::weekday_name(real) + "，不是" + core::weekday_name(w->weekday));
                    blank(text, d.begin, d.end - d.begin + w->length);
                    continue;
                }
            }
        }
        found.push_back({d.date, d.begin});
        own_year = own_year.value_or(d.date.year);
        blank(text, d.begin, d.end - d.begin);
    }
    for (const auto& c : found) own_year = own_year.value_or(c.date.year);
    if (!own_year && out.annual_year) out.context_used = true;
    if (!own_year && out.annual_year && !context.range) own_year = out.annual_year;

    auto year_less = [&](int m, int d, size_t begin, const std::string& written) {
        if (m < 1 || m > 12) return false;
        if (!own_year) out.context_used = true;
        auto y = year_for(m, own_year, context);
        // "2023年度民主评议（2.10）" in a 学期 folder: a 年度 session is held in its year or early the next.
        if (!y && out.annual_year) y = *out.annual_year + (m <= 6 ? 1 : 0);
        if (!y) {
            if (!context.range && !context.year) out.needs_year = true;
            else if (context.range) {
                // A month the folder's period does not hold: read it with the period's first year, so the
                // caller reports it as inconsistent with the folder.
                if (d > 0) add(context.range->first.year, m, d, begin, written);
                else found.push_back({core::make_month(context.range->first.year, m), begin});
            }
            return true;
        }
        if (d > 0) add(*y, m, d, begin, written);
        else found.push_back({core::make_month(*y, m), begin});
        return true;
    };
    if (text.size() > 4 && text[0] >= '0' && text[0] <= '1' && static_cast<unsigned char>(text[4]) >= 0x80) each_match(mmdd, text, [&](const RegularExpression::MatchVec& m) {
        return year_less(group_number(text, m[1]), group_number(text, m[2]), 0, text.substr(m[0].offset, m[0].length));
    });
    const bool month = has("月");
    if (month) each_match(month_day_cn, text, [&](const RegularExpression::MatchVec& m) {
        return year_less(group_number(text, m[1]), group_number(text, m[2]), m[0].offset, text.substr(m[0].offset, m[0].length));
    });
    if (has(".")) each_match(month_day_dot, text, [&](const RegularExpression::MatchVec& m) {
        return year_less(group_number(text, m[1]), group_number(text, m[2]), m[0].offset, text.substr(m[0].offset, m[0].length));
    });
    if (month) each_match(month_cn, text, [&](const RegularExpression::MatchVec& m) {
        return year_less(group_number(text, m[1]), 0, m[0].offset, text.substr(m[0].offset, m[0].length));
    });
    // What is left (三月, 第一季度, 上半年) through core with the year now known.
    const auto left_year = own_year ? own_year : context.year;
    const bool more = text.find("月") != std::string::npos || text.find("季") != std::string::npos ||
                      text.find("半年") != std::string::npos || text.find('Q') != std::string::npos ||
                      text.find('q') != std::string::npos;
    if (!own_year && more) out.context_used = true;
    if (left_year && more)
        for (const auto& d : core::find_dates(text, left_year)) found.push_back({d.date, d.begin});

    if (!found.empty()) {
        const auto best = std::max_element(found.begin(), found.end(), [](const Candidate& a, const Candidate& b) {
            return rank(a.date) < rank(b.date) || (rank(a.date) == rank(b.date) && a.begin > b.begin);
        });
        out.date = best->date;
        const size_t lead = raw.find_first_not_of(' ');
        out.at_start = best->begin == (lead == std::string::npos ? 0 : lead) || best->begin == 0;
    }
    return out;
}

NameContext child_context(const NameReading& reading, const NameContext& parent) {
    NameContext c = parent;
    if (reading.range) {
        c.range = reading.range;
        c.year = reading.range->first.year == reading.range->last.year ? std::optional<int>(reading.range->first.year)
                                                                         : std::nullopt;
    }
    if (reading.date) {
        c.year = reading.date->year;
        c.range.reset();
    } else if (reading.annual_year && !reading.range) {
        c.year = reading.annual_year;
        c.range.reset();
    }
    return c;
}

}  // namespace dangan::archive
