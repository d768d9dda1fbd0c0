#include "layout/inline.hpp"

#include "document/utf8.hpp"
#include "layout/kinsoku.hpp"

#include <algorithm>
#include <cstdio>

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
    return cp == 0x00AD || cp == 0x034F || cp == 0x061C || (cp >= 0x115F && cp <= 0x1160) ||
           (cp >= 0x17B4 && cp <= 0x17B5) || (cp >= 0x180B && cp <= 0x180F) || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp == 0xFFA0 || (cp >= 0xFFF0 && cp <= 0xFFF8) ||
           (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A) || (cp >= 0xE0000 && cp <= 0xE0FFF);
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
                    engine.warn(where, "no font has the character " + describe_character(cp) + " in \"" +
                                           context_around(s.text, start) + "\"; it is drawn as 〓");
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
        g.face = face;
        g.advance = static_cast<float>(engine.cache.advance(face, cp) * s.styles[style]->size / 1000.0);
        if (cp == ' ') g.flags = Glyph::space;
        s.glyphs.push_back(g);
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
        if ((before.flags & Glyph::newline) || break_allowed(before.cp, s.glyphs[i].cp)) {
            s.glyphs[i].flags |= Glyph::break_before;
        }
    }
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
        if (break_allowed(glyphs[k - 1].cp, glyphs[k].cp)) return k;
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

        const size_t count = span.end - span.begin;
        double spacing = 0;
        double x = span.first ? config.indent : 0;
        const double slack = available - span.natural;
        switch (config.align) {
        case document::Align::justify:
            if (!span.hard && count > 1 && slack > 0) spacing = slack / static_cast<double>(count - 1);
            break;
        case document::Align::center: x += std::max(0.0, slack) / 2; break;
        case document::Align::right: x += std::max(0.0, slack); break;
        case document::Align::left: break;
        }
        line.width = span.natural + spacing * (count > 0 ? count - 1 : 0);
        for (size_t k = span.begin; k < span.end;) {
            GlyphRun run;
            const Glyph& head = glyphs[k];
            const auto* style = s.styles[head.style];
            run.face = head.face;
            run.size = style->size;
            run.bold = style->bold;
            run.x = x;
            run.char_spacing = spacing;
            size_t m = k;
            double advance = 0;
            run.text.reserve(3 * (span.end - k));
            while (m < span.end && glyphs[m].face == head.face && glyphs[m].style == head.style) {
                document::append_utf8(run.text, glyphs[m].cp);
                advance += glyphs[m].advance;
                ++m;
            }
            const size_t chars = m - k;
            // The spacing after the line's last character is invisible; leaving it out of the width
            // makes x + width of the last run equal the right edge of the measure.
            run.width = advance + spacing * static_cast<double>(m == span.end ? chars - 1 : chars);
            x += advance + spacing * static_cast<double>(chars);
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
    collect(engine, paragraph, fields);
    prepare(engine, paragraph.where);
    mark_breaks(engine);
    std::vector<LineSpan> spans;
    break_lines(engine, config, paragraph.where, spans);
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
