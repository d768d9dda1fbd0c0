#include "templating/error.hpp"

#include <algorithm>

namespace dangan::templating {

namespace {

std::string compose_what(const std::string& name, int line, int column, const std::string& message) {
    // Line 0: a problem with the file as a whole (not found, not UTF-8).
    if (line <= 0) return name + ": " + message;
    return name + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

// Code points of valid or invalid UTF-8; a stray byte counts as one code point so that offsets
// stay meaningful in broken files.
std::u32string decode(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        int extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
        if (extra < 0 || i + static_cast<size_t>(extra) >= text.size()) {
            out.push_back(c);
            ++i;
            continue;
        }
        char32_t cp = extra == 0 ? c : (c & (0x3F >> extra));
        for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        out.push_back(cp);
        i += static_cast<size_t>(extra) + 1;
    }
    return out;
}

}  // namespace

TemplateError::TemplateError(std::string template_name, int line, int column, std::string message)
    : core::InputError(core::Location{template_name, line, column, {}, {}}, message),
      what_(compose_what(template_name, line, column, message)) {}

SourcePosition locate(std::string_view source, size_t offset) {
    offset = std::min(offset, source.size());
    SourcePosition where;
    size_t line_start = 0;
    for (size_t i = 0; i < offset; ++i) {
        if (source[i] == '\n') {
            ++where.line;
            line_start = i + 1;
        }
    }
    // Columns count code points, as editors show them: continuation bytes (10xxxxxx) are skipped.
    for (size_t i = line_start; i < offset; ++i) {
        if ((static_cast<unsigned char>(source[i]) & 0xC0) != 0x80) ++where.column;
    }
    return where;
}

std::string position_text(std::string_view source, size_t offset) {
    SourcePosition where = locate(source, offset);
    return std::to_string(where.line) + ":" + std::to_string(where.column);
}

std::string include_suffix(const std::vector<IncludeSite>& chain) {
    if (chain.empty()) return {};
    std::string out = " (";
    for (size_t i = chain.size(); i-- > 0;) {
        const IncludeSite& site = chain[i];
        if (i + 1 != chain.size()) out += ", which is ";
        out += site.call ? "called from " : "included from ";
        out += site.name + ":" + std::to_string(site.line) + ":" + std::to_string(site.column);
    }
    return out + ")";
}

size_t edit_distance(std::string_view a_text, std::string_view b_text) {
    // Optimal string alignment distance: a swap of two neighbours ("fro" for "for") costs 1,
    // as it is the most common typing slip.
    std::u32string a = decode(a_text), b = decode(b_text);
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

std::optional<std::string> closest_name(std::string_view wrong, const std::vector<std::string>& candidates) {
    std::vector<std::string> sorted = candidates;
    std::sort(sorted.begin(), sorted.end());
    std::optional<std::string> best;
    size_t best_distance = 0;
    size_t wrong_length = decode(wrong).size();
    for (const auto& candidate : sorted) {
        if (candidate == wrong) continue;
        size_t distance = edit_distance(wrong, candidate);
        size_t longer = std::max(wrong_length, decode(candidate).size());
        // A distance of 2 between two 3-letter names is a different word, not a typo.
        if (distance > 2 || distance * 2 > longer) continue;
        if (!best || distance < best_distance) {
            best = candidate;
            best_distance = distance;
        }
    }
    return best;
}

std::string did_you_mean(std::string_view wrong, const std::vector<std::string>& candidates) {
    auto best = closest_name(wrong, candidates);
    return best ? "; did you mean '" + *best + "'?" : std::string{};
}

}  // namespace dangan::templating
