// Small allocation-free UTF-8 helpers shared by the markup reader and layout (hot loops).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dangan::document {

/// Decodes the code point starting at `pos` and advances `pos` past it. Malformed or truncated
/// sequences decode to U+FFFD and advance by one byte, so every input terminates.
inline char32_t next_code_point(std::string_view s, size_t& pos) {
    const auto b0 = static_cast<unsigned char>(s[pos]);
    auto cont = [&](size_t i) -> int {
        if (pos + i >= s.size()) return -1;
        const auto b = static_cast<unsigned char>(s[pos + i]);
        return (b & 0xC0) == 0x80 ? (b & 0x3F) : -1;
    };
    if (b0 < 0x80) { ++pos; return b0; }
    if (b0 >= 0xC2 && b0 < 0xE0) {
        const int c1 = cont(1);
        if (c1 >= 0) { pos += 2; return static_cast<char32_t>(((b0 & 0x1F) << 6) | c1); }
    } else if (b0 >= 0xE0 && b0 < 0xF0) {
        const int c1 = cont(1), c2 = cont(2);
        if (c1 >= 0 && c2 >= 0) {
            const char32_t cp = static_cast<char32_t>(((b0 & 0x0F) << 12) | (c1 << 6) | c2);
            if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) { pos += 3; return cp; }
        }
    } else if (b0 >= 0xF0 && b0 < 0xF5) {
        const int c1 = cont(1), c2 = cont(2), c3 = cont(3);
        if (c1 >= 0 && c2 >= 0 && c3 >= 0) {
            const char32_t cp = static_cast<char32_t>(((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3);
            if (cp >= 0x10000 && cp <= 0x10FFFF) { pos += 4; return cp; }
        }
    }
    ++pos;
    return 0xFFFD;
}

/// Appends the UTF-8 encoding of `cp` to `out`.
inline void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

/// Characters set on the CJK square grid (ideographs, kana, hangul, full-width forms, CJK
/// punctuation, and the quotes/dashes/ellipsis Chinese fonts draw full-width).
inline bool is_wide(char32_t cp) {
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD) || cp == 0x2014 || cp == 0x2015 ||
           cp == 0x2026 || (cp >= 0x2018 && cp <= 0x201D) || cp == 0x00B7 || cp == 0x2E3A;
}

}  // namespace dangan::document
