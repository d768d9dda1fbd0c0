// dangan's own PDF writer (docs/pdf-writer.md): writes pages into the output as they are finished, so a
// book of 10,000 records never exists as a whole in memory, and draws each page from the glyph runs layout
// already placed. Content streams are written directly (no re-measuring, no glyph-id lookup: the codes are
// the characters, Identity-H with a CIDToGIDMap), deflated on all cores; the fonts — HarfBuzz subsets,
// embedded as CID TrueType with ToUnicode, widths, CIDSet and CapHeight — the page tree, outlines, page
// labels, Info, XMP and the trailer are written once every page is in. Output is PDF/A-1b (pdf/pdfa.hpp).
#pragma once

#include "core/diagnostic.hpp"
#include "layout/laid_out.hpp"
#include "pdf/write_pdf.hpp"
#include "text/font_book.hpp"

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

namespace dangan::pdf {

/// Receives the file's bytes in order (a string, a temporary file beside the target …).
using ByteSink = std::function<void(std::string_view)>;

class PdfWriter {
public:
    /// Writes the header at once. `fonts` must outlive the writer and is used only from the calling
    /// thread. `info` fills Info and the XMP packet.
    PdfWriter(text::FontBook& fonts, const PdfOptions& options, const layout::DocumentInfo& info, ByteSink sink);
    ~PdfWriter();
    PdfWriter(const PdfWriter&) = delete;
    PdfWriter& operator=(const PdfWriter&) = delete;

    /// Appends pages (in order). Their content streams are built and deflated on up to `threads` threads
    /// and written out before this returns; the writer keeps only what the end of the file needs (the
    /// characters used per font, page object numbers, labels, bookmarks).
    void add_pages(const std::vector<layout::LaidOutPage>& pages, unsigned threads = 0);
    /// Writes the fonts, images, page tree, outlines, labels, Info, catalogue, xref and trailer.
    /// Returns the writer's diagnostics (characters drawn as outlines, characters without a glyph …).
    std::vector<core::Diagnostic> finish();

    /// Bytes written so far.
    size_t size() const;
    size_t pages() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// How many threads page work may use on this machine (all cores; at least 1).
unsigned writer_threads();

/// A number as the writer puts it into content streams: at most 3 decimals (rounded as std::to_chars
/// rounds), no trailing zeros, never "-0". put_number_exact always goes through std::to_chars;
/// put_number takes a faster path that gives the same text (tested against it).
void put_number(std::string& out, double v);
void put_number_exact(std::string& out, double v);

}  // namespace dangan::pdf
