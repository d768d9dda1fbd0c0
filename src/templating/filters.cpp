#include "templating/filters.hpp"

#include "core/date.hpp"
#include "templating/error.hpp"

#include <Poco/UTF8String.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace dangan::templating {

namespace {

using Args = std::vector<Var>;

std::string text_input(const Var& input, const FilterContext&) {
    ValueKind kind = kind_of(input);
    if (kind != ValueKind::string) throw FilterError("expected text, found " + std::string(kind_name(kind)));
    return to_text(input);
}

std::string text_arg(const Args& args, size_t i, std::string_view what) {
    if (kind_of(args.at(i)) != ValueKind::string)
        throw FilterError(std::string(what) + " must be text, found " + std::string(kind_name(args[i])));
    return to_text(args[i]);
}

/// A whole number from a number or from text made of digits ("12" in data that stores numbers as text).
Poco::Int64 whole_number_input(const Var& input) {
    if (kind_of(input) == ValueKind::string) {
        std::string text = to_text(input);
        Poco::Int64 value = 0;
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || error != std::errc{} || end != text.data() + text.size())
            throw FilterError("expected a whole number, found the text '" + text + "'");
        return value;
    }
    return to_integer(input, "the input");
}

// ----- dates

struct DateStyleName {
    std::string_view name;
    core::DateStyle style;
};
constexpr DateStyleName date_styles[] = {
    {"gbt9704", core::DateStyle::gbt9704},
    {"chinese", core::DateStyle::chinese_numerals},
    {"compact", core::DateStyle::compact},
    {"iso", core::DateStyle::iso},
};

core::DateStyle date_style(const Var& name_value) {
    if (kind_of(name_value) != ValueKind::string)
        throw FilterError("the date style must be text, found " + std::string(kind_name(name_value)));
    std::string name = to_text(name_value);
    std::vector<std::string> names;
    for (const auto& entry : date_styles) {
        if (entry.name == name) return entry.style;
        names.emplace_back(entry.name);
    }
    throw FilterError("unknown date style '" + name + "'" + did_you_mean(name, names) +
                      " (styles: gbt9704, chinese, compact, iso)");
}

Var date_filter(const Var& input, const Args& args, const FilterContext&) {
    core::DateStyle style = args.empty() ? core::DateStyle::gbt9704 : date_style(args[0]);
    ValueKind kind = kind_of(input);
    if (kind != ValueKind::string && kind != ValueKind::integer)
        throw FilterError("expected a date such as \"2025-03-15\", found " + std::string(kind_name(kind)));
    std::string text = to_text(input);
    if (text.empty()) throw FilterError("expected a date such as \"2025-03-15\", found empty text");
    try {
        return core::format_date(core::parse_date(text), style);
    } catch (const core::DateError& error) {
        throw FilterError(error.what());
    }
}

// ----- numbers

Var cn_number_filter(const Var& input, const Args&, const FilterContext&) {
    return core::chinese_number(whole_number_input(input));
}

Var ordinal_filter(const Var& input, const Args& args, const FilterContext&) {
    std::string unit = args.empty() ? "次" : text_arg(args, 0, "the unit");
    return "第" + core::chinese_number(whole_number_input(input)) + unit;
}

Var pad_filter(const Var& input, const Args& args, const FilterContext&) {
    Poco::Int64 width = to_integer(args.at(0), "the width");
    if (width < 1 || width > 32) throw FilterError("the width must be between 1 and 32, found " + std::to_string(width));
    Poco::Int64 number = whole_number_input(input);
    std::string digits = std::to_string(number < 0 ? -(number + 1) + 1ULL : static_cast<unsigned long long>(number));
    std::string sign = number < 0 ? "-" : "";
    // The sign takes one place of the width, as in Python's zfill: -7 | pad(4) → -007.
    size_t target = static_cast<size_t>(width) - sign.size();
    if (digits.size() < target) digits.insert(0, target - digits.size(), '0');
    return sign + digits;
}

Var round_filter(const Var& input, const Args& args, const FilterContext&) {
    Poco::Int64 places = args.empty() ? 0 : to_integer(args[0], "the number of decimal places");
    if (places < 0 || places > 10)
        throw FilterError("the number of decimal places must be between 0 and 10, found " + std::to_string(places));
    if (kind_of(input) == ValueKind::integer) return input;
    double value = to_number(input, "the input");
    double scale = std::pow(10.0, static_cast<double>(places));
    // Half away from zero (2.5 → 3), the rounding taught in school and used in statistics tables.
    double rounded = std::round(value * scale) / scale;
    if (places == 0) return static_cast<Poco::Int64>(rounded);
    return rounded;
}

Var sum_filter(const Var& input, const Args& args, const FilterContext&) {
    std::string key = args.empty() ? "" : text_arg(args, 0, "the key");
    Poco::Int64 whole = 0;
    double total = 0;
    bool decimal = false;
    size_t position = 0;
    for (const Var& item : list_items(input)) {
        ++position;
        Var value = item;
        if (!key.empty()) {
            auto found = kind_of(item) == ValueKind::object ? object_get(item, key) : std::nullopt;
            if (!found) throw FilterError("item " + std::to_string(position) + " has no key '" + key + "'");
            value = *found;
        }
        ValueKind kind = kind_of(value);
        if (kind == ValueKind::integer && !decimal) {
            Poco::Int64 next = 0;
            if (__builtin_add_overflow(whole, value.convert<Poco::Int64>(), &next))
                throw FilterError("the sum is too large");
            whole = next;
        } else if (kind == ValueKind::integer || kind == ValueKind::decimal) {
            if (!decimal) total = static_cast<double>(whole);
            decimal = true;
            total += value.convert<double>();
        } else {
            throw FilterError("item " + std::to_string(position) + " must be a number, found " +
                              std::string(kind_name(kind)));
        }
    }
    if (decimal) return total;
    return whole;
}

Var int_filter(const Var& input, const Args&, const FilterContext&) {
    ValueKind kind = kind_of(input);
    if (kind == ValueKind::decimal) return static_cast<Poco::Int64>(std::trunc(input.convert<double>()));
    if (kind == ValueKind::integer) return input;
    std::string text = to_text(input);
    std::string trimmed = text;
    while (!trimmed.empty() && trimmed.back() == ' ') trimmed.pop_back();
    while (!trimmed.empty() && trimmed.front() == ' ') trimmed.erase(0, 1);
    Poco::Int64 value = 0;
    auto [end, error] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), value);
    if (kind != ValueKind::string || trimmed.empty() || error != std::errc{} || end != trimmed.data() + trimmed.size())
        throw FilterError("expected a whole number or text made of digits, found " +
                          (kind == ValueKind::string ? "'" + text + "'" : std::string(kind_name(kind))));
    return value;
}

// ----- text

Var upper_filter(const Var& input, const Args&, const FilterContext& context) {
    return Poco::UTF8::toUpper(text_input(input, context));
}

Var lower_filter(const Var& input, const Args&, const FilterContext& context) {
    return Poco::UTF8::toLower(text_input(input, context));
}

Var trim_filter(const Var& input, const Args&, const FilterContext& context) {
    std::string text = text_input(input, context);
    // ASCII white space, the ideographic space U+3000 (a Chinese input method's space) and U+00A0.
    auto leading = [](std::string_view s) -> size_t {
        if (s.empty()) return 0;
        if (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r') return 1;
        if (s.starts_with("\u3000")) return 3;
        if (s.starts_with("\u00A0")) return 2;
        return 0;
    };
    auto trailing = [](std::string_view s) -> size_t {
        if (s.empty()) return 0;
        char c = s.back();
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return 1;
        if (s.ends_with("\u3000")) return 3;
        if (s.ends_with("\u00A0")) return 2;
        return 0;
    };
    std::string_view view = text;
    while (size_t n = leading(view)) view.remove_prefix(n);
    while (size_t n = trailing(view)) view.remove_suffix(n);
    return std::string(view);
}

Var replace_filter(const Var& input, const Args& args, const FilterContext& context) {
    std::string text = text_input(input, context);
    std::string from = text_arg(args, 0, "the text to replace");
    std::string to = text_arg(args, 1, "the replacement");
    if (from.empty()) throw FilterError("the text to replace must not be empty");
    std::string out;
    size_t pos = 0;
    for (size_t hit = text.find(from); hit != std::string::npos; hit = text.find(from, pos)) {
        out.append(text, pos, hit - pos);
        out += to;
        pos = hit + from.size();
    }
    out.append(text, pos, std::string::npos);
    return out;
}

Var string_filter(const Var& input, const Args&, const FilterContext&) { return to_text(input); }

// ----- lists

/// The value at a dotted key path ("chair.name") inside an object, or nullopt.
std::optional<Var> key_path(const Var& item, const std::string& path) {
    Var current = item;
    size_t begin = 0;
    for (;;) {
        size_t dot = path.find('.', begin);
        if (kind_of(current) != ValueKind::object) return std::nullopt;
        auto next = object_get(current, path.substr(begin, dot == std::string::npos ? std::string::npos : dot - begin));
        if (!next) return std::nullopt;
        current = *next;
        if (dot == std::string::npos) return std::make_optional<Var>(current);
        begin = dot + 1;
    }
}

Var keyed(const Var& item, const std::string& key, size_t position) {
    auto value = key_path(item, key);
    if (!value)
        throw FilterError("item " + std::to_string(position) + " has no key '" + key + "'" +
                          (kind_of(item) == ValueKind::object ? did_you_mean(key, object_keys(item)) : ""));
    return *value;
}

Var join_filter(const Var& input, const Args& args, const FilterContext&) {
    std::string separator = args.empty() ? "" : text_arg(args, 0, "the separator");
    std::string out;
    size_t position = 0;
    for (const Var& item : list_items(input)) {
        ValueKind kind = kind_of(item);
        if (kind == ValueKind::list || kind == ValueKind::object)
            throw FilterError("item " + std::to_string(position + 1) + " is " + std::string(kind_name(kind)) +
                              "; pick a key first, e.g. '| map(\"name\") | join(\"、\")'");
        if (position++ > 0) out += separator;
        out += to_text(item);
    }
    return out;
}

Var map_filter(const Var& input, const Args& args, const FilterContext&) {
    std::string key = text_arg(args, 0, "the key");
    std::vector<Var> out;
    size_t position = 0;
    for (const Var& item : list_items(input)) out.push_back(keyed(item, key, ++position));
    return make_list(std::move(out));
}

Var length_filter(const Var& input, const Args&, const FilterContext&) {
    switch (kind_of(input)) {
    case ValueKind::string: return static_cast<Poco::Int64>(count_code_points(to_text(input)));
    case ValueKind::list: return static_cast<Poco::Int64>(list_items(input).size());
    case ValueKind::object: return static_cast<Poco::Int64>(object_keys(input).size());
    default: throw FilterError("expected text, a list or an object, found " + std::string(kind_name(input)));
    }
}

Var first_or_last(const Var& input, bool first) {
    ValueKind kind = kind_of(input);
    if (kind == ValueKind::string) {
        std::string text = to_text(input);
        if (text.empty()) throw FilterError("the text is empty");
        size_t begin = 0, end = text.size();
        if (first) {
            end = 1;
            while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
        } else {
            begin = text.size() - 1;
            while (begin > 0 && (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80) --begin;
        }
        return text.substr(begin, end - begin);
    }
    if (kind != ValueKind::list) throw FilterError("expected a list or text, found " + std::string(kind_name(kind)));
    auto items = list_items(input);
    if (items.empty()) throw FilterError("the list is empty");
    return first ? items.front() : items.back();
}

Var first_filter(const Var& input, const Args&, const FilterContext&) { return first_or_last(input, true); }
Var last_filter(const Var& input, const Args&, const FilterContext&) { return first_or_last(input, false); }

Var sort_filter(const Var& input, const Args& args, const FilterContext&) {
    std::string key = args.empty() ? "" : text_arg(args, 0, "the key");
    auto items = list_items(input);
    struct Entry {
        Var sort_key;
        Var item;
    };
    std::vector<Entry> entries;
    entries.reserve(items.size());
    size_t position = 0;
    for (const Var& item : items) {
        ++position;
        entries.push_back({key.empty() ? item : keyed(item, key, position), item});
    }
    // compare_values throws for mixed kinds; let it escape std::stable_sort only after checking
    // every key against the first, so the sort itself never sees a throwing comparison.
    for (size_t i = 1; i < entries.size(); ++i) compare_values(entries[0].sort_key, entries[i].sort_key);
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return compare_values(a.sort_key, b.sort_key) < 0;
    });
    std::vector<Var> out;
    out.reserve(entries.size());
    for (auto& entry : entries) out.push_back(entry.item);
    return make_list(std::move(out));
}

Var reverse_filter(const Var& input, const Args&, const FilterContext&) {
    auto items = list_items(input);
    return make_list(std::vector<Var>(items.rbegin(), items.rend()));
}

// ----- special

Var default_filter(const Var& input, const Args& args, const FilterContext& context) {
    if (!context.input_defined || is_empty_value(input)) return args.at(0);
    return input;
}

Var raw_filter(const Var& input, const Args&, const FilterContext&) { return input; }

FilterDef def(Filter function, size_t min_args, size_t max_args) {
    FilterDef definition;
    definition.function = std::move(function);
    definition.min_args = min_args;
    definition.max_args = max_args;
    return definition;
}

}  // namespace

FilterTable FilterTable::builtin() {
    FilterTable table;
    FilterDef date = def(date_filter, 0, 1);
    date.check_literals = [](const std::vector<std::optional<Var>>& args) {
        if (!args.empty() && args[0]) date_style(*args[0]);
    };
    table.add("date", std::move(date));
    table.add("cn_number", def(cn_number_filter, 0, 0));
    table.add("ordinal", def(ordinal_filter, 0, 1));
    table.add("pad", def(pad_filter, 1, 1));
    FilterDef fallback = def(default_filter, 1, 1);
    fallback.accepts_missing_input = true;
    table.add("default", std::move(fallback));
    table.add("join", def(join_filter, 0, 1));
    table.add("map", def(map_filter, 1, 1));
    table.add("length", def(length_filter, 0, 0));
    table.add("upper", def(upper_filter, 0, 0));
    table.add("lower", def(lower_filter, 0, 0));
    table.add("trim", def(trim_filter, 0, 0));
    table.add("first", def(first_filter, 0, 0));
    table.add("last", def(last_filter, 0, 0));
    table.add("sort", def(sort_filter, 0, 1));
    table.add("reverse", def(reverse_filter, 0, 0));
    table.add("sum", def(sum_filter, 0, 1));
    table.add("round", def(round_filter, 0, 1));
    table.add("replace", def(replace_filter, 2, 2));
    table.add("int", def(int_filter, 0, 0));
    table.add("string", def(string_filter, 0, 0));
    table.add("raw", def(raw_filter, 0, 0));
    return table;
}

void FilterTable::add(std::string name, FilterDef definition) {
    filters_[std::move(name)] = std::make_shared<const FilterDef>(std::move(definition));
}

std::shared_ptr<const FilterDef> FilterTable::find(std::string_view name) const {
    auto it = filters_.find(name);
    return it == filters_.end() ? nullptr : it->second;
}

std::vector<std::string> FilterTable::names() const {
    std::vector<std::string> out;
    for (const auto& entry : filters_) out.push_back(entry.first);
    return out;
}

}  // namespace dangan::templating
