#include "core/suggest.hpp"

#include "core/messages.hpp"

#include <algorithm>

namespace dangan::core {

namespace {

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
    return best ? tr("；是不是“" + *best + "”？", "; did you mean '" + *best + "'?") : std::string{};
}

std::string unknown_key_message(std::string_view key, const std::vector<std::string>& known) {
    std::string message = tr("不认识的键 \"", "unknown key \"") + std::string(key) +
                          tr("\"，已忽略（是否拼错？）", "\" is ignored (misspelt?)");
    if (auto close = closest_name(key, known))
        return message + tr("；是否应为 \"", "; did you mean \"") + *close + tr("\"？", "\"?");
    message += tr("；应为以下之一：", "; expected one of: ");
    for (size_t i = 0; i < known.size(); ++i) message += (i ? ", " : "") + known[i];
    return message;
}

}  // namespace dangan::core
