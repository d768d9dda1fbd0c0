#include "layout/inline.hpp"
#include "core/messages.hpp"

#include "document/utf8.hpp"
#include "layout/kinsoku.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace dangan::layout {
namespace {

using document::InlineKind;

constexpr char32_t missing_marker = U'\u3013';  // 〓 (GETA MARK), the traditional "missing type" sign
constexpr double epsilon = 1e-6;

/// Resolved once per paragraph: what the loops below read instead of looking at styles.
struct InlineConfig {
    double width = 0;          ///< the measure
    double indent = 0;         ///< first-line indent
    document::Align align = document::Align::justify;
    double pitch = 0;          ///< line pitch for the paragraph's own size
    double size = 0;           ///< the paragraph's font size
    int base_face = 0;         ///< the face of 中 in the paragraph family (ascent, marker fallback)
};

/// Step 1: the paragraph's text in one UTF-8 string, with style segments and '\n' for <br/>.
void collect(Engine& engine, const document::Paragraph& paragraph, const Fields* fields) {
    Scratch& s = engine.scratch;
    s.text.clear();
    s.segments.clear();
    s.styles.clear();
    s.style_family.clear();
    auto style_index = [&](const document::TextStyle& style) -> uint16_t {
        for (size_t i = 0; i < s.styles.size(); ++i) {
            if (*s.styles[i] == style) return static_cast<uint16_t>(i);
        }
        s.styles.push_back(&style);
        s.style_family.push_back(engine.cache.family_id(style.family));
        return static_cast<uint16_t>(s.styles.size() - 1);
    };
    style_index(paragraph.style.text);  // style 0 is the paragraph's own
    for (const auto& piece : paragraph.content) {
        const uint16_t style = style_index(piece.style);
        s.segments.emplace_back(static_cast<uint32_t>(s.text.size()), style);
        switch (piece.kind) {
        case InlineKind::text: s.text += piece.text; break;
        case InlineKind::line_break: s.text += '\n'; break;
        case InlineKind::page_number:
            if (fields) s.text += fields->page_number;
            break;
        case InlineKind::page_count:
            if (fields) s.text += fields->page_count;
            break;
        case InlineKind::book_page_number:
            if (fields) s.text += fields->book_page_number;
            break;
        case InlineKind::book_page_count:
            if (fields) s.text += fields->book_page_count;
            break;
        case InlineKind::item_pages:
            if (fields) s.text += fields->item_pages;
            break;
        }
    }
}

}  // namespace

std::string describe_character(char32_t cp) {
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
    std::string glyph;
    document::append_utf8(glyph, cp);
    return std::string(code) + " '" + glyph + "'";
}

namespace {

/// The text around byte `at`, up to 10 characters each side, for messages.
std::string context_around(const std::string& text, size_t at) {
    size_t begin = at, end = at;
    for (int i = 0; i < 10 && begin > 0; ++i) {
        do --begin;
        while (begin > 0 && (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80);
    }
    for (int i = 0; i < 11 && end < text.size(); ++i) document::next_code_point(text, end);
    std::string out = text.substr(begin, end - begin);
    std::replace(out.begin(), out.end(), '\n', ' ');
    return out;
}

/// Unicode Default_Ignorable_Code_Point (DerivedCoreProperties.txt): zero-width space and joiners,
/// variation selectors, BOM, soft hyphen… Fonts rarely map them, and they must not be drawn, so they
/// are neither measured nor reported as missing.
bool default_ignorable(char32_t cp) {
    if (cp < 0x00AD || (cp >= 0x3400 && cp <= 0x9FFF)) return false;  // ASCII and the common ideographs at once
    return cp == 0x00AD || cp == 0x034F || cp == 0x061C || (cp >= 0x115F && cp <= 0x1160) ||
           (cp >= 0x17B4 && cp <= 0x17B5) || (cp >= 0x180B && cp <= 0x180F) || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp == 0xFFA0 || (cp >= 0xFFF0 && cp <= 0xFFF8) ||
           (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A) || (cp >= 0xE0000 && cp <= 0xE0FFF);
}

/// The blank a punctuation glyph has on its right (closing marks) or left (opening marks) that it can
/// give up next to another mark, in points: at most half an em, and only what the font's ink leaves
/// (a centred ， in a Taiwanese font gives up nothing); a twentieth of an em stays as a margin.
float punctuation_blank(Engine& engine, const Glyph& g, double size, bool right) {
    const auto ink = engine.cache.ink_extent(g.face, g.cp);
    if (!ink) return 0;
    const double advance = engine.cache.advance(g.face, g.cp);
    const double blank = right ? advance - ink->second : ink->first;
    const double give = std::min(500.0, blank - 50.0);
    return give >= 200.0 ? static_cast<float>(give * size / 1000.0) : 0.0f;
}

/// Adjacent punctuation (clreq §3.1.6, "标点挤压"): a closing mark followed by another mark loses the
/// blank half after it — "（签字）：" sets ）at half an em, not a 1½-em hole — and of two opening
/// marks the second loses the blank half before it (taken from the first's advance).
void compress_punctuation(Engine& engine) {
    Scratch& s = engine.scratch;
    auto& glyphs = s.glyphs;
    for (size_t i = 0; i + 1 < glyphs.size(); ++i) {
        Glyph& a = glyphs[i];
        const Glyph& b = glyphs[i + 1];
        float give = 0;
        if (compressible_closing(a.cp) && (compressible_closing(b.cp) || compressible_opening(b.cp))) {
            give = punctuation_blank(engine, a, s.styles[a.style]->size, true);
        } else if (compressible_opening(a.cp) && compressible_opening(b.cp)) {
            give = punctuation_blank(engine, b, s.styles[b.style]->size, false);
        }
        if (give > 0 && give < a.advance) {
            a.advance -= give;
            a.trim += give;
        }
    }
}

/// Step 2: one Glyph per character with its face and advance; characters no face has are
/// reported and drawn as 〓 so nothing disappears silently.
void prepare(Engine& engine, const core::Location& where) {
    Scratch& s = engine.scratch;
    s.glyphs.clear();
    size_t segment = 0;
    for (size_t pos = 0; pos < s.text.size();) {
        while (segment + 1 < s.segments.size() && s.segments[segment + 1].first <= pos) ++segment;
        const uint16_t style = s.segments.empty() ? 0 : s.segments[segment].second;
        const size_t start = pos;
        char32_t cp = document::next_code_point(s.text, pos);
        Glyph g;
        g.byte = static_cast<uint32_t>(start);
        g.style = style;
        if (cp == '\n') {
            g.cp = cp;
            g.flags = Glyph::newline;
            g.kinsoku = kinsoku_classes(cp);
            g.face = 0;
            g.advance = 0;
            s.glyphs.push_back(g);
            continue;
        }
        // Not drawn; ICU never puts a break before these (UAX #14 ZW, CM, GL), so skipping the glyph
        // loses no opportunity.
        if (default_ignorable(cp)) continue;
        const int family = s.style_family[style];
        int face = 0;
        try {
            face = engine.cache.face_for(family, cp);
            if (face < 0) {
                if (++engine.missing[cp] <= Engine::missing_reported) {
                    engine.warn(where, core::tr("没有字体有字符 " + describe_character(cp) + "（在“" +
                                                    context_around(s.text, start) +
                                                    "”里），画成了〓；请在 fonts.json 的 fallback 里加一个有这个字的字体",
                                                "no font has the character " + describe_character(cp) + " in \"" +
                                                    context_around(s.text, start) + "\"; it is drawn as 〓"));
                }
                cp = missing_marker;
                face = engine.cache.face_for(family, cp);
                if (face < 0) {
                    cp = U'?';
                    face = std::max(0, engine.cache.face_for(family, cp));
                }
            }
        } catch (const core::InputError& e) {
            // The font map rejects the family: point at the markup element that asked for it.
            throw core::InputError(where, e.diagnostic().message);
        }
        g.cp = cp;
        g.kinsoku = kinsoku_classes(cp);
        g.face = face;
        g.advance = static_cast<float>(engine.cache.advance(face, cp) * s.styles[style]->size / 1000.0);
        if (cp == ' ') g.flags = Glyph::space;
        s.glyphs.push_back(g);
    }
    compress_punctuation(engine);
}

bool numeral(char32_t cp) {
    if ((cp >= U'0' && cp <= U'9') || (cp >= U'\uFF10' && cp <= U'\uFF19')) return true;
    switch (cp) {
    case U'〇': case U'零': case U'一': case U'二': case U'三': case U'四': case U'五': case U'六': case U'七':
    case U'八': case U'九': case U'十': return true;
    default: return false;
    }
}

/// Units a line never breaks inside, found in the glyphs and made unbreakable (their break
/// opportunities removed): dates (2025年12月31日, 二〇二五年三月六日, 12月31日), 档号 and other codes
/// (J031-WS·2025-D30-0001: letters and digits joined by - · . /), short bracketed or quoted pieces
/// of up to 8 characters (（第1次）, 《条例》, “确定发展对象”) and the names in Engine::keep_whole.
/// When such a unit is wider than the measure, the breaker still breaks it (and says so).
void keep_units_whole(Engine& engine) {
    auto& g = engine.scratch.glyphs;
    const size_t n = g.size();
    const auto keep = [&](size_t from, size_t to) {
        for (size_t k = from + 1; k < to && k < n; ++k) g[k].flags &= static_cast<uint8_t>(~Glyph::break_before);
    };
    for (size_t i = 0; i < n; ++i) {
        const char32_t cp = g[i].cp;
        if (numeral(cp)) {  // dates: numeral runs each followed by 年, 月 or 日, at least two of them
            size_t j = i, parts = 0;
            while (j < n) {
                size_t k = j;
                while (k < n && numeral(g[k].cp)) ++k;
                if (k == j || k >= n || (g[k].cp != U'年' && g[k].cp != U'月' && g[k].cp != U'日')) break;
                ++parts;
                j = k + 1;
                if (g[k].cp == U'日') break;
            }
            if (parts >= 2) keep(i, j);
        }
        const auto alnum = [&](size_t k) { return (g[k].kinsoku & kinsoku_alnum) != 0; };
        if (alnum(i) && (i == 0 || !alnum(i - 1))) {  // codes: alnum runs joined by - · . /
            size_t j = i;
            bool joined = false;
            while (j < n) {
                if (alnum(j)) {
                    ++j;
                } else if ((g[j].cp == U'-' || g[j].cp == U'\u00B7' || g[j].cp == U'.' || g[j].cp == U'/' ||
                            g[j].cp == U'\u2010' || g[j].cp == U'\u2011') &&
                           j + 1 < n && alnum(j + 1)) {
                    joined = true;
                    ++j;
                } else {
                    break;
                }
            }
            if (joined) keep(i, j);
        }
        char32_t close = 0;
        switch (cp) {
        case U'（': close = U'）'; break;
        case U'《': close = U'》'; break;
        case U'\u201C': close = U'\u201D'; break;
        case U'「': close = U'」'; break;
        default: break;
        }
        if (close) {
            for (size_t k = i + 1; k < n && k <= i + 9; ++k) {
                if (g[k].cp == close) {
                    keep(i, k + 1);
                    break;
                }
                if (g[k].cp == cp || (g[k].flags & Glyph::newline)) break;
            }
        }
        if (!engine.keep_whole.empty()) {
            const auto words = engine.keep_whole.find(cp);
            if (words == engine.keep_whole.end()) continue;
            for (const auto& word : words->second) {
                if (i + word.size() > n) continue;
                size_t k = 1;
                while (k < word.size() && g[i + k].cp == word[k]) ++k;
                if (k == word.size()) {
                    keep(i, i + k);
                    break;
                }
            }
        }
    }
}

/// Step 3: break opportunities from ICU, then filtered by the 禁则 table. Because a forbidden
/// break is simply not an opportunity, the breaker falls back to an earlier one and the
/// character before moves to the next line (推出), so lines never overflow the measure.
void mark_breaks(Engine& engine) {
    Scratch& s = engine.scratch;
    engine.breaker.break_opportunities(s.text, s.breaks);
    size_t b = 0;
    for (size_t i = 0; i < s.glyphs.size(); ++i) {
        while (b < s.breaks.size() && s.breaks[b] < s.glyphs[i].byte) ++b;
        if (i == 0 || b >= s.breaks.size() || s.breaks[b] != s.glyphs[i].byte) continue;
        const Glyph& before = s.glyphs[i - 1];
        if ((before.flags & Glyph::newline) || break_allowed_between(before.kinsoku, s.glyphs[i].kinsoku)) {
            s.glyphs[i].flags |= Glyph::break_before;
        }
    }
    keep_units_whole(engine);
}

struct LineSpan {
    size_t begin = 0, end = 0;  ///< glyphs drawn: [begin, end)
    size_t next = 0;            ///< where the next line starts
    bool hard = false;          ///< ended by <br/> or the paragraph end (not justified)
    double natural = 0;         ///< width of [begin, end)
    bool first = false;
};

/// The last position in (start, j] where 禁则 allow a break, ignoring ICU; `start` when none.
size_t last_kinsoku_break(const std::vector<Glyph>& glyphs, size_t start, size_t j) {
    for (size_t k = j; k > start; --k) {
        if (break_allowed_between(glyphs[k - 1].kinsoku, glyphs[k].kinsoku)) return k;
    }
    return start;
}

/// Step 4: first-fit line breaking over the marked opportunities.
void break_lines(Engine& engine, const InlineConfig& config, const core::Location& where, std::vector<LineSpan>& out) {
    const auto& glyphs = engine.scratch.glyphs;
    const size_t n = glyphs.size();
    size_t start = 0;
    bool first = true;
    while (start < n || first) {
        // Spaces where a soft break fell are not drawn at the start of the next line.
        if (!first) {
            while (start < n && (glyphs[start].flags & Glyph::space)) ++start;
            if (start >= n) break;
        }
        const double available = config.width - (first ? config.indent : 0);
        double x = 0;
        size_t last_break = 0;  // 0 = none yet on this line
        LineSpan span;
        span.begin = start;
        span.first = first;
        size_t j = start;
        bool done = false;
        while (j < n) {
            const Glyph& g = glyphs[j];
            if (g.flags & Glyph::newline) {
                span.end = j;
                span.next = j + 1;
                span.hard = true;
                done = true;
                break;
            }
            if (j > start && (g.flags & Glyph::break_before)) last_break = j;
            if (!(g.flags & Glyph::space) && j > start && x + g.advance > available + epsilon) {
                if (last_break > start) {
                    span.end = span.next = last_break;
                } else if (size_t k = last_kinsoku_break(glyphs, start, j); k > start) {
                    // ICU offers nothing on this line (e.g. a run of quotes), but the Chinese rules allow
                    // a break here: take it rather than overflow the margin.
                    span.end = span.next = k;
                } else {
                    // HACK: not breakable at all (a long number, word or run of punctuation wider
                    // than the measure): break between characters rather than overflow, and say so.
                    span.end = span.next = j;
                    std::string piece;
                    for (size_t c = start; c < std::min(n, j + 1); ++c) document::append_utf8(piece, glyphs[c].cp);
                    engine.warn(where, "\"" + piece + "…\" cannot be broken and is wider than the line; it was " +
                                           "broken between two characters");
                }
                done = true;
                break;
            }
            x += g.advance;
            ++j;
        }
        if (!done) {
            span.end = span.next = n;
            span.hard = true;
        }
        // Trailing spaces hang in the margin: they do not count and are not drawn.
        while (span.end > span.begin && (glyphs[span.end - 1].flags & Glyph::space)) --span.end;
        double natural = 0;
        for (size_t k = span.begin; k < span.end; ++k) natural += glyphs[k].advance;
        span.natural = natural;
        out.push_back(span);
        start = span.next;
        first = false;
    }
}

/// Whether the space between glyphs a and b may stretch when a line is justified: not inside a
/// number or a Latin word (digits are never letter-spaced).
bool stretchable(const Glyph& a, const Glyph& b) { return !(a.kinsoku & b.kinsoku & kinsoku_alnum); }

/// Justification glue between two characters never exceeds this fraction of an em; a line that
/// would need more (a long unbreakable unit in a narrow cell) is set short of the right edge.
constexpr double max_stretch_em = 0.25;

/// Step 4 (the usual way): total-fit line breaking over the marked opportunities, per stretch between
/// forced breaks. A line costs the square of the glue it needs per gap (in em), heavily more beyond
/// max_stretch_em; a last line holding one character (punctuation not counted) costs as much as
/// stretching many lines slightly, so a paragraph does not end in a lone character when any other
/// choice exists. Returns false when some stretch cannot be broken within the measure (a unit wider
/// than the line): the first-fit breaker then handles the paragraph and reports what it had to split.
bool break_lines_total_fit(const Engine& engine, const InlineConfig& config, std::vector<LineSpan>& out) {
    const auto& g = engine.scratch.glyphs;
    const size_t n = g.size();
    constexpr double inf = std::numeric_limits<double>::infinity();
    // Lines ending more than this short of the measure are tried only when nothing fuller fits: they
    // would never be chosen, and leaving them out keeps the search linear in the paragraph's length.
    const double loose = 3.0 * config.size;
    // Prefix sums over the paragraph: width W, stretchable gaps S (pair (k-1, k) counted at k + 1),
    // characters that count for a lone last line C (punctuation does not).
    std::vector<double> W(n + 1, 0.0);
    std::vector<uint32_t> S(n + 2, 0), C(n + 1, 0);
    for (size_t k = 0; k < n; ++k) {
        W[k + 1] = W[k] + g[k].advance;
        C[k + 1] = C[k] + ((g[k].flags & (Glyph::space | Glyph::newline)) ||
                                   (g[k].kinsoku & (kinsoku_no_start | kinsoku_no_end))
                               ? 0
                               : 1);
        S[k + 1] = S[k] + (k > 0 && stretchable(g[k - 1], g[k]) ? 1 : 0);
    }
    S[n + 1] = S[n];
    std::vector<double> cost;
    std::vector<size_t> prev;
    std::vector<LineSpan> spans;
    size_t seg_begin = 0;
    while (true) {
        size_t seg_end = seg_begin;
        while (seg_end < n && !(g[seg_end].flags & Glyph::newline)) ++seg_end;
        const size_t next_segment = seg_end < n ? seg_end + 1 : n;
        const bool paragraph_start = seg_begin == 0;
        if (seg_end == seg_begin) {
            spans.push_back(LineSpan{seg_begin, seg_begin, next_segment, true, 0, paragraph_start});
        } else {
            const size_t m = seg_end - seg_begin;
            cost.assign(m + 1, inf);
            prev.assign(m + 1, 0);
            cost[0] = 0;
            for (size_t s = seg_begin; s < seg_end; ++s) {
                const double base = cost[s - seg_begin];
                if (base == inf) continue;
                const bool first = paragraph_start && s == seg_begin;
                size_t start = s;
                if (!first)
                    while (start < seg_end && (g[start].flags & Glyph::space)) ++start;
                const auto relax = [&](size_t at, double c) {
                    if (base + c < cost[at]) {
                        cost[at] = base + c;
                        prev[at] = s - seg_begin;
                    }
                };
                if (start >= seg_end) {  // only spaces remain: nothing more to set
                    relax(m, 0);
                    continue;
                }
                const double available = config.width - (first ? config.indent : 0);
                // The furthest end that fits (the first glyph always goes on the line).
                size_t jmax = static_cast<size_t>(
                    std::upper_bound(W.begin() + static_cast<std::ptrdiff_t>(start) + 1,
                                     W.begin() + static_cast<std::ptrdiff_t>(seg_end) + 1,
                                     W[start] + available + epsilon) -
                    W.begin()) - 1;
                jmax = std::max(jmax, start + 1);
                // Spaces at the end of a line hang in the margin: the line may run on over them.
                while (jmax < seg_end && (g[jmax].flags & Glyph::space)) ++jmax;
                bool found = false;
                for (size_t j = jmax; j > start; --j) {
                    const bool at_end = j == seg_end;
                    if (!at_end && !(g[j].flags & Glyph::break_before)) continue;
                    size_t e = j;
                    while (e > start && (g[e - 1].flags & Glyph::space)) --e;
                    const double natural = W[e] - W[start];
                    if (found && natural < available - loose) break;
                    if (natural > available + epsilon && j > start + 1) continue;
                    found = true;
                    double c;
                    if (at_end) {
                        // The last line is not stretched; a lone character there is what is avoided.
                        c = (C[e] - C[start] == 1 && s != seg_begin) ? 50000.0 : 0.0;
                    } else {
                        const double slack = std::max(0.0, available - natural);
                        const uint32_t gaps = e > start + 1 ? S[e] - S[start + 1] : 0;
                        const double per_gap = gaps > 0 ? slack / gaps / config.size : slack / config.size;
                        c = 1 + 10000.0 * per_gap * per_gap;
                        if (per_gap > max_stretch_em) c += 1e7 * per_gap;
                    }
                    relax(j - seg_begin, c);
                }
            }
            if (cost[m] == inf) return false;
            std::vector<size_t> breaks;  // segment-relative line starts, last to first
            for (size_t at = m; at > 0; at = prev[at]) breaks.push_back(prev[at]);
            std::reverse(breaks.begin(), breaks.end());
            for (size_t b = 0; b < breaks.size(); ++b) {
                const size_t s = seg_begin + breaks[b];
                const size_t e = b + 1 < breaks.size() ? seg_begin + breaks[b + 1] : seg_end;
                LineSpan span;
                span.first = paragraph_start && s == seg_begin;
                span.begin = s;
                if (!span.first)
                    while (span.begin < e && (g[span.begin].flags & Glyph::space)) ++span.begin;
                if (span.begin >= e && !(span.first || b + 1 == breaks.size())) continue;
                span.end = e;
                while (span.end > span.begin && (g[span.end - 1].flags & Glyph::space)) --span.end;
                span.next = b + 1 < breaks.size() ? e : next_segment;
                span.hard = b + 1 == breaks.size();
                span.natural = W[span.end] - W[span.begin];
                spans.push_back(span);
            }
        }
        if (seg_end >= n) break;
        seg_begin = seg_end + 1;
        if (seg_begin >= n) break;  // a <br/> at the very end: the greedy breaker ends there too
    }
    out = std::move(spans);
    return true;
}

/// Step 5: positioned runs per line, justified (两端对齐) by spreading the slack over the gaps
/// between characters; the last line and lines ended by <br/> stay ragged.
std::vector<Line> finalize(Engine& engine, const InlineConfig& config, const std::vector<LineSpan>& spans) {
    Scratch& s = engine.scratch;
    const auto& glyphs = s.glyphs;
    const double ascent = engine.cache.ascender(config.base_face) / 1000.0;
    const double descent = -engine.cache.descender(config.base_face) / 1000.0;
    std::vector<Line> lines;
    lines.reserve(spans.size());
    for (const LineSpan& span : spans) {
        Line line;
        const double available = config.width - (span.first ? config.indent : 0);
        double size = config.size;
        for (size_t k = span.begin; k < span.end; ++k) size = std::max(size, static_cast<double>(s.styles[glyphs[k].style]->size));
        line.height = size > config.size ? std::max(config.pitch, 1.5 * size) : config.pitch;
        // Centre the em box (ascent + descent) in the line box: CJK text sits in the middle of its line.
        line.baseline = (line.height - size * (ascent + descent)) / 2 + size * ascent;

        size_t gaps = 0;
        for (size_t k = span.begin + 1; k < span.end; ++k) gaps += stretchable(glyphs[k - 1], glyphs[k]) ? 1 : 0;
        double glue = 0;
        double x = span.first ? config.indent : 0;
        const double slack = available - span.natural;
        switch (config.align) {
        case document::Align::justify:
            // Glue between characters, not inside numbers and Latin words; never beyond the limit.
            if (!span.hard && gaps > 0 && slack > 0) glue = std::min(slack / static_cast<double>(gaps), max_stretch_em * size);
            break;
        case document::Align::center: x += std::max(0.0, slack) / 2; break;
        case document::Align::right: x += std::max(0.0, slack); break;
        case document::Align::left: break;
        }
        line.width = span.natural + glue * static_cast<double>(gaps);
        // The PDF draws each character at its font advance plus the run's spacing, so a run is a stretch
        // of glyphs with the same face, style and spacing (glue after it, minus what compression took).
        const auto spacing_after = [&](size_t k) -> double {
            const bool last = k + 1 >= span.end;
            const double g = !last && stretchable(glyphs[k], glyphs[k + 1]) ? glue : 0;
            // After the line's last character nothing follows: keep the run going when nothing was trimmed.
            if (last && glyphs[k].trim == 0 && k > span.begin && stretchable(glyphs[k - 1], glyphs[k]))
                return glue - glyphs[k].trim;
            return g - glyphs[k].trim;
        };
        for (size_t k = span.begin; k < span.end;) {
            GlyphRun run;
            const Glyph& head = glyphs[k];
            const auto* style = s.styles[head.style];
            run.face = head.face;
            run.size = style->size;
            run.bold = style->bold;
            run.x = x;
            run.char_spacing = spacing_after(k);
            size_t m = k;
            double advance = 0;
            run.text.reserve(3 * (span.end - k));
            while (m < span.end && glyphs[m].face == head.face && glyphs[m].style == head.style &&
                   std::abs(spacing_after(m) - run.char_spacing) < 1e-9) {
                document::append_utf8(run.text, glyphs[m].cp);
                const bool last = m + 1 >= span.end;
                advance += glyphs[m].advance + (!last && stretchable(glyphs[m], glyphs[m + 1]) ? glue : 0);
                ++m;
            }
            run.width = advance;
            x += advance;
            line.runs.push_back(std::move(run));
            k = m;
        }
        lines.push_back(std::move(line));
    }
    return lines;
}

InlineConfig configure(Engine& engine, const document::Paragraph& paragraph, double width) {
    InlineConfig config;
    config.width = width;
    // A first-line indent only makes sense for text that starts at the left edge; on centred or
    // right-aligned lines it would just shift them.
    const bool left_start = paragraph.style.align == document::Align::left ||
                            paragraph.style.align == document::Align::justify;
    config.indent = left_start ? std::min(paragraph.style.first_line_indent, width / 2) : 0;
    config.align = paragraph.style.align;
    config.size = paragraph.style.text.size;
    config.pitch = paragraph.style.line_pitch > 0 ? paragraph.style.line_pitch : 1.5 * config.size;
    try {
        const int family = engine.cache.family_id(paragraph.style.text.family);
        config.base_face = std::max(0, engine.cache.face_for(family, U'中'));
    } catch (const core::InputError& e) {
        throw core::InputError(paragraph.where, e.diagnostic().message);
    }
    return config;
}

}  // namespace

std::vector<Line> layout_paragraph(Engine& engine, const document::Paragraph& paragraph, double width,
                                   const Fields* fields) {
    const InlineConfig config = configure(engine, paragraph, width);
    collect(engine, paragraph, fields ? fields : engine.box_fields);
    prepare(engine, paragraph.where);
    mark_breaks(engine);
    std::vector<LineSpan> spans;
    if (!break_lines_total_fit(engine, config, spans)) {
        spans.clear();
        break_lines(engine, config, paragraph.where, spans);
    }
    if (spans.empty()) spans.push_back(LineSpan{0, 0, 0, true, 0, true});
    return finalize(engine, config, spans);
}

std::vector<GlyphRun> shape_text(Engine& engine, const document::TextStyle& style, std::string_view text,
                                 const core::Location& where) {
    document::Paragraph p;
    p.style.text = style;
    p.style.align = document::Align::left;
    p.where = where;
    p.content.push_back({InlineKind::text, std::string(text), style});
    const InlineConfig config = configure(engine, p, 1e9);
    collect(engine, p, nullptr);
    prepare(engine, where);
    std::vector<LineSpan> spans;
    double natural = 0;
    for (const auto& g : engine.scratch.glyphs) natural += g.advance;
    spans.push_back(LineSpan{0, engine.scratch.glyphs.size(), engine.scratch.glyphs.size(), true, natural, false});
    auto lines = finalize(engine, config, spans);
    return std::move(lines.front().runs);
}

double measure_text(Engine& engine, const document::TextStyle& style, std::string_view text,
                    const core::Location& where) {
    double width = 0;
    for (const auto& run : shape_text(engine, style, text, where)) width += run.width;
    return width;
}

}  // namespace dangan::layout
