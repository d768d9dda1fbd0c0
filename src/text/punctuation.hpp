// Mainland punctuation in any face: where a font sets ，。、：；！？ the Taiwanese way (centred in the
// em) or gives “”‘’ the narrow advance of a Latin quote, the glyph is moved (and its advance widened)
// inside the embedded subset, so the PDF, its text and layout's measurements all agree. Measured on
// Debian 12's fonts (fonts/README.md): WenQuanYi Zen Hei centres ，：；！？ and has 332-unit “”,
// AR PL UMing centres 。、 (also vertically), LXGW WenKai has 350-unit “”.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

typedef struct hb_face_t hb_face_t;

namespace dangan::text {

/// How one glyph is corrected, in thousandths of an em: drawn dx right and dy up, and given
/// `advance` as its advance width.
struct PunctuationFix {
    double dx = 0, dy = 0;
    double advance = 0;
};

/// The characters that may be corrected: ，。、：；！？ and “”‘’.
bool is_fixable_punctuation(char32_t cp);

/// The correction for `cp` given the glyph's ink box ([left, right] × [bottom, top], thousandths of an
/// em from the pen on the baseline) and advance; nullopt when it is already set the mainland way:
/// - ，。、 whose ink is centred (centre beyond 0.35 em) move to the bottom-left (centre 0.2 em), and
///   down to the baseline when they float (ink bottom above 0.1 em, as UMing's 。);
/// - ：；！？ whose ink is centred move to the left half (centre 0.24 em, or 0.07 em from the left for
///   a wide ？);
/// - “‘ narrower than 0.7 em become one em wide with the ink at the right (they open onto the next
///   character); ”’ become one em wide with the ink where it is, at the left.
std::optional<PunctuationFix> mainland_fix(char32_t cp, double ink_left, double ink_right, double ink_bottom,
                                           double ink_top, double advance);

/// Whether glyph `glyph` of `face` is a simple TrueType glyph with outlines (move_glyphs can move it;
/// a composite or empty glyph, or a font without glyf, cannot be moved).
bool is_simple_glyph(hb_face_t* face, unsigned glyph);

/// One glyph to move: its id in the face and the fix, in font units.
struct GlyphMove {
    unsigned glyph = 0;
    int dx = 0, dy = 0;
    int advance = 0;  ///< new advance width (font units)
};

/// A copy of the TrueType `face` (glyf outlines) with each glyph of `moves` shifted and given its new
/// advance: glyf, loca (long format), hmtx (every glyph a long metric), hhea and head are rewritten,
/// every other table is copied. Composite glyphs are left as they are. Returns the font's bytes;
/// throws std::runtime_error on a malformed table.
std::string move_glyphs(hb_face_t* face, const std::vector<GlyphMove>& moves);

}  // namespace dangan::text
