// Inline layout: one paragraph → lines (collect → prepare → mark breaks → break → finalize).
#pragma once

#include "layout/engine.hpp"

#include <vector>

namespace dangan::layout {

/// Lays out `paragraph` in a measure of `width` points. Field elements take their text from
/// `fields` (headers and footers); without it they are empty. Always returns at least one line.
std::vector<Line> layout_paragraph(Engine& engine, const document::Paragraph& paragraph, double width,
                                   const Fields* fields = nullptr);

/// The natural width of `text` in `style` (no breaking), e.g. for page numbers and TOC labels.
double measure_text(Engine& engine, const document::TextStyle& style, std::string_view text,
                    const core::Location& where);

/// A single-line run of `text` in `style` at x = 0 (characters no face has become 〓).
std::vector<GlyphRun> shape_text(Engine& engine, const document::TextStyle& style, std::string_view text,
                                 const core::Location& where);

/// "U+20BB7 '𠮷'": a character as messages name it.
std::string describe_character(char32_t cp);

}  // namespace dangan::layout
