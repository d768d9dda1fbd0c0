// Chinese line-breaking prohibitions (禁则) applied on top of ICU's UAX #14 opportunities.
#pragma once

#include <cstdint>

namespace dangan::layout {

/// Characters that never begin a line (GB/T 15834 and clreq §3.1.7 "行首禁则"): closing brackets
/// and quotes, sentence and pause punctuation, 破折号/省略号 (they also never split), %, ·.
bool forbidden_at_line_start(char32_t cp);

/// Characters that never end a line ("行尾禁则"): opening brackets and quotes.
bool forbidden_at_line_end(char32_t cp);

/// True when the Chinese rules allow a line break between `before` and `after` (ICU must also
/// allow it). Besides the two tables: runs of digits (ASCII and full-width) and Latin words are
/// never split, and a number stays with a following unit character such as 年, 月, 日, 人 (2025年).
bool break_allowed(char32_t before, char32_t after);

/// ASCII or full-width digits and Latin letters: never letter-spaced, never split.
bool is_alnum(char32_t cp);

/// What the rules above ask about a character, as bits: layout classifies each glyph once and asks the
/// bits for every pair (a paragraph asks about the same characters many times).
enum KinsokuClass : uint8_t {
    kinsoku_alnum = 1,     ///< is_alnum
    kinsoku_digit = 2,     ///< ASCII or full-width digit
    kinsoku_no_start = 4,  ///< forbidden_at_line_start
    kinsoku_no_end = 8,    ///< forbidden_at_line_end
    kinsoku_unit = 16,     ///< a unit that stays with a number before it (年, 人 …)
};
uint8_t kinsoku_classes(char32_t cp);

/// break_allowed for two characters' kinsoku_classes.
inline bool break_allowed_between(uint8_t before, uint8_t after) {
    if ((after & kinsoku_no_start) || (before & kinsoku_no_end)) return false;
    // ICU breaks between full-width digits (text-and-pdf.md §3): numbers and words stay whole.
    if ((before & kinsoku_alnum) && (after & kinsoku_alnum)) return false;
    if ((before & kinsoku_digit) && (after & kinsoku_unit)) return false;
    return true;
}

/// Full-width punctuation whose blank half clreq §3.1.6 lets adjacent punctuation give up: closing
/// marks (，。、；：？！）》」』”’ …) and opening marks (（《「『“‘ …).
bool compressible_closing(char32_t cp);
bool compressible_opening(char32_t cp);

}  // namespace dangan::layout
