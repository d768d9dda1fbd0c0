// Layout: a Document becomes pages of positioned glyph runs and rules (see laid_out.hpp).
// Pipeline (Typst-style): inline (collect → prepare → break → finalize lines), flow (blocks onto
// pages, keeps, widows/orphans), table (resolve → measure → place, repeated headers), pages
// (page numbers, header/footer, TOC passes until stable).
#pragma once

#include "document/document.hpp"
#include "layout/laid_out.hpp"
#include "text/font_metrics.hpp"

#include <string>
#include <vector>

namespace dangan::layout {

struct LayoutOptions {
    /// Layout passes allowed for the TOC's page numbers to settle before a warning (Typst uses 5).
    int max_passes = 5;
    /// DocumentInfo::created; callers pass a fixed value in deterministic mode.
    std::string created;
    /// Words never broken across lines: the people of the record and the branch roster (a name split
    /// 吴晓/燕 reads wrong and is not found by a PDF search). UTF-8.
    std::vector<std::string> keep_whole;
};

/// Lays out `document`, measuring only through `fonts`. Problems that do not stop the work
/// (missing glyphs, unbreakable text, a TOC that did not settle) are in the result's diagnostics.
/// Throws core::InputError for a font family `fonts` does not know (with the paragraph's location).
LaidOutDocument layout_document(const document::Document& document, text::FontMetrics& fonts,
                                const LayoutOptions& options = {});

/// A stable text rendering of a laid-out document for golden tests (SILE debug outputter style):
/// every coordinate with 4 decimals, runs with face name, size, position and text, rules, bookmarks.
std::string trace(const LaidOutDocument& document, text::FontMetrics& fonts);

}  // namespace dangan::layout
