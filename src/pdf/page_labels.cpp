#include "pdf/page_labels.hpp"

#include <algorithm>
#include <optional>

namespace dangan::pdf {
namespace {

/// Value of a roman numeral written in canonical form ("iv", not "iiii"), or nullopt.
std::optional<int> roman_value(const std::string& text, bool upper) {
    if (text.empty() || text.size() > 15) return std::nullopt;
    static const std::pair<int, const char*> table[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"},
                                                        {100, "c"},  {90, "xc"},  {50, "l"},  {40, "xl"},
                                                        {10, "x"},   {9, "ix"},   {5, "v"},   {4, "iv"},
                                                        {1, "i"}};
    std::string lower;
    for (char c : text) {
        const bool is_upper = c >= 'A' && c <= 'Z';
        const bool is_lower = c >= 'a' && c <= 'z';
        if (upper ? !is_upper : !is_lower) return std::nullopt;
        lower += static_cast<char>(is_upper ? c - 'A' + 'a' : c);
    }
    // Build the canonical spelling of each candidate value by reading greedily, then compare.
    int value = 0;
    std::size_t pos = 0;
    for (const auto& [v, s] : table) {
        const std::string sym = s;
        while (lower.compare(pos, sym.size(), sym) == 0) {
            value += v;
            pos += sym.size();
        }
    }
    if (pos != lower.size() || value <= 0) return std::nullopt;
    std::string canonical;
    for (int rest = value; const auto& [v, s] : table)
        while (rest >= v) {
            canonical += s;
            rest -= v;
        }
    if (canonical != lower) return std::nullopt;
    return value;
}

PageLabelRange parse_label(const std::string& label) {
    PageLabelRange r;
    std::size_t digits = 0;
    while (digits < label.size() && label[label.size() - 1 - digits] >= '0' && label[label.size() - 1 - digits] <= '9')
        ++digits;
    // Up to 9 digits (fits an int); no leading zero, since /St cannot express "03".
    if (digits > 0 && digits <= 9 && label[label.size() - digits] != '0') {
        r.style = PageLabelRange::Style::decimal;
        r.prefix = label.substr(0, label.size() - digits);
        r.start = std::stoi(label.substr(label.size() - digits));
        return r;
    }
    if (auto v = roman_value(label, false)) {
        r.style = PageLabelRange::Style::lower_roman;
        r.start = *v;
        return r;
    }
    if (auto v = roman_value(label, true)) {
        r.style = PageLabelRange::Style::upper_roman;
        r.start = *v;
        return r;
    }
    r.prefix = label;
    return r;
}

}  // namespace

std::vector<PageLabelRange> plan_page_labels(const std::vector<std::string>& labels) {
    if (std::all_of(labels.begin(), labels.end(), [](const std::string& l) { return l.empty(); })) return {};
    std::vector<PageLabelRange> ranges;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        PageLabelRange page = parse_label(labels[i]);
        page.first_page = static_cast<int>(i);
        if (!ranges.empty()) {
            const PageLabelRange& open = ranges.back();
            const int offset = static_cast<int>(i) - open.first_page;
            const bool continues = open.style == page.style && open.prefix == page.prefix &&
                                   (page.style == PageLabelRange::Style::none || open.start + offset == page.start);
            if (continues) continue;
        }
        ranges.push_back(std::move(page));
    }
    return ranges;
}

}  // namespace dangan::pdf
