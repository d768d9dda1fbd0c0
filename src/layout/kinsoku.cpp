#include "layout/kinsoku.hpp"

#include <algorithm>
#include <array>

namespace dangan::layout {
namespace {

// Sorted tables, searched with binary_search: adding a character is a one-line change.
// clreq §3.1.7 / GB/T 15834: 点号 (。，、；：？！) and closing marks never start a line; the long
// marks —— and …… may neither start a line nor be split, so each of their halves is listed.
constexpr auto no_start = [] {
    std::array<char32_t, 41> a = {
        U'!', U'%', U')', U',', U'.', U':', U';', U'?', U']', U'}',
        U'\u00B7',  // · middle dot (间隔号)
        U'\u2014',  // — em dash (破折号 half)
        U'\u2015',  // ― horizontal bar (some fonts' 破折号)
        U'\u2019',  // ’
        U'\u201D',  // ”
        U'\u2026',  // … ellipsis (省略号 half)
        U'\u2030',  // ‰
        U'\u3001',  // 、
        U'\u3002',  // 。
        U'\u3009',  // 〉
        U'\u300B',  // 》
        U'\u300D',  // 」
        U'\u300F',  // 』
        U'\u3011',  // 】
        U'\u3015',  // 〕
        U'\u3017',  // 〗
        U'\u301E',  // 〞
        U'\u30FB',  // ・
        U'\uFE30',  // ︰
        U'\uFF01',  // ！
        U'\uFF05',  // ％
        U'\uFF09',  // ）
        U'\uFF0C',  // ，
        U'\uFF0E',  // ．
        U'\uFF1A',  // ：
        U'\uFF1B',  // ；
        U'\uFF1F',  // ？
        U'\uFF3D',  // ］
        U'\uFF5D',  // ｝
        U'\uFF60',  // ｠
        U'\uFF63',  // ｣
    };
    std::sort(a.begin(), a.end());
    return a;
}();

constexpr auto no_end = [] {
    std::array<char32_t, 20> a = {
        U'(', U'[', U'{',
        U'\u2018',  // ‘
        U'\u201C',  // “
        U'\u3008',  // 〈
        U'\u300A',  // 《
        U'\u300C',  // 「
        U'\u300E',  // 『
        U'\u3010',  // 【
        U'\u3014',  // 〔
        U'\u3016',  // 〖
        U'\u301D',  // 〝
        U'\uFF08',  // （
        U'\uFF3B',  // ［
        U'\uFF5B',  // ｛
        U'\uFF5F',  // ｟
        U'\uFF62',  // ｢
        U'\u00A3',  // £
        U'\uFFE5',  // ￥ (currency stays with its number)
    };
    std::sort(a.begin(), a.end());
    return a;
}();

// Units that follow a number in ledgers: "2025年3月15日", "12人", "3次", "5页", "第3条".
constexpr auto units = [] {
    std::array<char32_t, 20> a = {U'年', U'月', U'日', U'号', U'时', U'分', U'秒', U'人', U'名', U'次',
                                  U'个', U'件', U'页', U'条', U'岁', U'天', U'周', U'元', U'册', U'卷'};
    std::sort(a.begin(), a.end());
    return a;
}();

bool is_digit(char32_t cp) { return (cp >= U'0' && cp <= U'9') || (cp >= U'\uFF10' && cp <= U'\uFF19'); }

bool is_latin(char32_t cp) {
    return (cp >= U'A' && cp <= U'Z') || (cp >= U'a' && cp <= U'z') || (cp >= U'\uFF21' && cp <= U'\uFF3A') ||
           (cp >= U'\uFF41' && cp <= U'\uFF5A') || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

}  // namespace

bool is_alnum(char32_t cp) { return is_digit(cp) || is_latin(cp); }

bool compressible_closing(char32_t cp) {
    switch (cp) {
    case U'，': case U'。': case U'、': case U'；': case U'：': case U'？': case U'！': case U'）': case U'】':
    case U'》': case U'」': case U'』': case U'〕': case U'〉': case U'\u201D': case U'\u2019': case U'〗':
        return true;
    default: return false;
    }
}

bool compressible_opening(char32_t cp) {
    switch (cp) {
    case U'（': case U'【': case U'《': case U'「': case U'『': case U'〔': case U'〈': case U'\u201C':
    case U'\u2018': case U'〖':
        return true;
    default: return false;
    }
}

// CJK Unified Ideographs (with Extension A) are in none of the tables but the units: most characters of
// a Chinese ledger are answered without a search.
bool ideograph(char32_t cp) { return cp >= 0x3400 && cp <= 0x9FFF; }

bool forbidden_at_line_start(char32_t cp) {
    return !ideograph(cp) && std::binary_search(no_start.begin(), no_start.end(), cp);
}

bool forbidden_at_line_end(char32_t cp) {
    return !ideograph(cp) && std::binary_search(no_end.begin(), no_end.end(), cp);
}

uint8_t kinsoku_classes(char32_t cp) {
    uint8_t out = 0;
    if (std::binary_search(units.begin(), units.end(), cp)) out |= kinsoku_unit;
    if (ideograph(cp)) return out;
    if (is_digit(cp)) out |= kinsoku_digit | kinsoku_alnum;
    if (is_latin(cp)) out |= kinsoku_alnum;
    if (std::binary_search(no_start.begin(), no_start.end(), cp)) out |= kinsoku_no_start;
    if (std::binary_search(no_end.begin(), no_end.end(), cp)) out |= kinsoku_no_end;
    return out;
}

bool break_allowed(char32_t before, char32_t after) {
    return break_allowed_between(kinsoku_classes(before), kinsoku_classes(after));
}

}  // namespace dangan::layout
