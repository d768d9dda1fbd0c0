// The PDF writer for a whole laid-out document in memory: returns the file's bytes, so the caller can
// write it atomically (core::write_file_atomically). A book streams its pages through pdf::PdfWriter
// (pdf/pdf_writer.hpp) instead; both are dangan's own writer (docs/pdf-writer.md).
#pragma once

#include "core/diagnostic.hpp"
#include "layout/laid_out.hpp"
#include "text/font_book.hpp"

#include <string>
#include <vector>

namespace dangan::pdf {

struct PdfOptions {
    /// Same input, same bytes: no current time anywhere, /ID derived from the content. The creation
    /// date is then DocumentInfo::created, or absent when that is empty.
    bool deterministic = false;
    /// Synthetic bold (GlyphRun::bold, or a face with "embolden"): the outline is stroked as well as
    /// filled with a line this fraction of the font size wide.
    double bold_stroke_em = 0.03;
    /// Written as /Creator.
    std::string creator = "dangan";
    /// Names the document in diagnostics (Location::file), e.g. the output path.
    std::string source_name;
    /// PDF/A-1b (pdf/pdfa.hpp): XMP metadata, the sRGB OutputIntent, CapHeight and CIDSet, subset
    /// tags from the content. Needs the sRGB profile of icc-profiles-free or colord-data; without it
    /// the file is written as plain PDF 1.4 with a warning.
    bool pdfa = true;
};

/// Writes `document` as PDF into `out` (replacing its contents). Fonts: each face used is subset
/// with HarfBuzz and embedded as a CID TrueType font (Identity-H, codes = Unicode values, with
/// ToUnicode). Characters above U+FFFF, beyond two-byte codes, are drawn as filled glyph outlines at
/// their place. Returns diagnostics: a warning per such character (it prints but extracts only through
/// /ActualText) and an error per character the run's face has no glyph for; each names the page and
/// quotes the surrounding text. Throws std::runtime_error when HarfBuzz, libdeflate or libpng fail.
std::vector<core::Diagnostic> write_pdf(const layout::LaidOutDocument& document, text::FontBook& fonts,
                                        const PdfOptions& options, std::string& out);

}  // namespace dangan::pdf
