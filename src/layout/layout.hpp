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

/// Where a document's pages sit in a bound book: what `<page-number scope="book"/>`, `<page-count
/// scope="book"/>` and `<footer style="gbt9704" scope="book">` print. A document printed alone is its
/// own book (the default).
struct BookPlace {
    int first_page = 1;  ///< the physical page (1-based; the book's cover is page 1) of the first page
    int book_pages = 0;  ///< pages of the whole book; 0 = this document's own page count
};

/// A document laid out up to its page bodies, its headers and footers not yet drawn: a book lays out
/// every record first, then its cover and catalogue, and only then knows where each record starts.
/// Holds the pages and the page frame (setup, header, footer), not the document's body.
struct PagedDocument {
    LaidOutDocument laid_out;  ///< labels are the document's own numbers; no header or footer yet
    std::vector<int> number;   ///< per page: the document's own number (0 = unnumbered)
    std::vector<int> count;    ///< per page: 共 M 页 of its numbering sequence
    document::Document frame;  ///< page setup, header and footer of the document (no sections)
    std::vector<std::string> keep_whole;
    /// The header or footer prints book numbers: the pages' labels (PDF page labels) follow the book.
    bool book_numbers = false;

    size_t pages() const { return laid_out.pages.size(); }
    /// The label page `page` prints once the document starts at physical page `first_page` of a book
    /// ("" for unnumbered pages).
    std::string printed_label(size_t page, int first_page) const;
};

/// Lays out `document` up to its page bodies (the TOC's passes included); finish_pages draws the
/// headers and footers. layout_document is the two in one.
PagedDocument layout_pages(const document::Document& document, text::FontMetrics& fonts,
                           const LayoutOptions& options = {});

/// Draws the headers and footers of `paged` for its place in a book, consuming it.
LaidOutDocument finish_pages(PagedDocument&& paged, text::FontMetrics& fonts, const BookPlace& place = {});

/// Lays out `document`, measuring only through `fonts`. Problems that do not stop the work
/// (missing glyphs, unbreakable text, a TOC that did not settle) are in the result's diagnostics.
/// Throws core::InputError for a font family `fonts` does not know (with the paragraph's location).
LaidOutDocument layout_document(const document::Document& document, text::FontMetrics& fonts,
                                const LayoutOptions& options = {});

/// A stable text rendering of a laid-out document for golden tests (SILE debug outputter style):
/// every coordinate with 4 decimals, runs with face name, size, position and text, rules, bookmarks.
std::string trace(const LaidOutDocument& document, text::FontMetrics& fonts);

}  // namespace dangan::layout
