#include "catalog/stroke_order.hpp"

#include "core/unicode_text.hpp"

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

namespace dangan::catalog {

namespace {

constexpr std::string_view table_text =
#include "catalog/stroke_order.inc"
    ;

struct Table {
    std::vector<StrokeInfo> entries;
    std::unordered_map<char32_t, size_t> index;

    Table() {
        size_t start = 0;
        while (start < table_text.size()) {
            size_t end = table_text.find('\n', start);
            if (end == std::string_view::npos) end = table_text.size();
            const std::string_view line = table_text.substr(start, end - start);
            start = end + 1;
            const size_t tab = line.find('\t');
            if (line.empty() || tab == std::string_view::npos) continue;
            const std::u32string character = core::to_code_points(line.substr(0, tab));
            const std::string_view sequence = line.substr(tab + 1);
            // A malformed line is a bug in the shipped table, caught by test_catalog; skip it here
            // rather than make every ballot fail.
            if (character.size() != 1 || sequence.empty() ||
                sequence.find_first_not_of("12345") != std::string_view::npos || index.count(character[0]))
                continue;
            index.emplace(character[0], entries.size());
            entries.push_back({character[0], std::string(sequence)});
        }
    }
};

const Table& table() {
    static const Table instance;
    return instance;
}

/// -1, 0 or 1 for two characters in stroke order.
int compare_characters(char32_t a, char32_t b) {
    if (a == b) return 0;
    const StrokeInfo* x = stroke_info(a);
    const StrokeInfo* y = stroke_info(b);
    if (x && !y) return -1;
    if (!x && y) return 1;
    if (x && y) {
        if (x->count() != y->count()) return x->count() < y->count() ? -1 : 1;
        // Same count: the first differing stroke decides ('1' 横 < … < '5' 折).
        if (const int c = x->sequence.compare(y->sequence); c != 0) return c < 0 ? -1 : 1;
    }
    return a < b ? -1 : 1;  // identical strokes (or both unknown): code point, so the order is total
}

std::u32string decode(std::string_view text) {
    try {
        return core::to_code_points(text);
    } catch (const std::exception&) {
        return std::u32string(text.begin(), text.end());  // invalid UTF-8: compare the bytes
    }
}

}  // namespace

const StrokeInfo* stroke_info(char32_t character) {
    const auto& t = table();
    auto it = t.index.find(character);
    return it == t.index.end() ? nullptr : &t.entries[it->second];
}

const std::vector<StrokeInfo>& stroke_table() { return table().entries; }

bool stroke_less(std::string_view a, std::string_view b) {
    const std::u32string x = decode(a), y = decode(b);
    for (size_t i = 0; i < x.size() && i < y.size(); ++i)
        if (const int c = compare_characters(x[i], y[i]); c != 0) return c < 0;
    return x.size() < y.size();
}

void sort_by_strokes(std::vector<std::string>& names) {
    std::stable_sort(names.begin(), names.end(),
                     [](const std::string& a, const std::string& b) { return stroke_less(a, b); });
}

std::vector<std::string> unknown_stroke_characters(std::string_view name) {
    std::vector<std::string> out;
    for (char32_t c : decode(name)) {
        if (c < 0x2E80 || stroke_info(c)) continue;  // Latin letters, digits and "·" need no strokes
        std::string text = core::to_utf8(c);
        if (std::find(out.begin(), out.end(), text) == out.end()) out.push_back(std::move(text));
    }
    return out;
}

}  // namespace dangan::catalog
