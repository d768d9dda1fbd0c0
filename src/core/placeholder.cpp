#include "core/placeholder.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace dangan::core {

bool looks_like_placeholder(std::string_view text) {
    // Placeholders copied from blank forms and never filled in: runs of X/x/×, 某某, 待定/待填/待补, TBD/TODO,
    // and doubled question marks. A single X (e.g. "X光") is not flagged. This runs on every text of every
    // record, so it is one pass over the bytes that tries a marker only where its first two bytes occur
    // (one byte would not do: most Chinese characters share the lead bytes of 某 and 待).
    static const std::string_view markers[] = {"XX", "xx", "××", "＊＊", "***", "某某", "待定", "待填", "待补",
                                               "TBD", "TODO", "？？", "??"};
    static const auto pairs = [] {
        std::vector<std::uint8_t> table(65536);
        for (auto marker : markers)
            table[static_cast<unsigned char>(marker[0]) << 8 | static_cast<unsigned char>(marker[1])] = 1;
        return table;
    }();
    static const auto firsts = [] {
        std::array<std::uint8_t, 256> table{};
        for (auto marker : markers) table[static_cast<unsigned char>(marker[0])] = 1;
        return table;
    }();
    const std::string_view view = text;
    for (size_t i = 0; i + 1 < view.size(); ++i) {
        const auto first = static_cast<unsigned char>(view[i]);
        if (!firsts[first] || !pairs[first << 8 | static_cast<unsigned char>(view[i + 1])]) continue;
        const auto rest = view.substr(i);
        for (auto marker : markers)
            if (rest.starts_with(marker)) return true;
    }
    return false;
}

}  // namespace dangan::core
