// The result of layout: pages of positioned text runs and lines, ready to be drawn by pdf::write_pdf
// and printed as a text trace by layout::trace. Coordinates are PDF points (1/72 in), origin at the
// bottom-left corner of the page, y growing upwards; text positions are baselines.
#pragma once

#include "core/diagnostic.hpp"
#include "text/font_metrics.hpp"

#include <memory>
#include <string>
#include <vector>

namespace dangan::layout {

/// A run of text in one face, size and style, drawn from (x, y) with the given extra spacing.
struct GlyphRun {
    text::FaceId face = 0;
    double size = 12;            ///< font size in points
    double x = 0;                ///< start of the baseline
    double y = 0;
    std::string text;            ///< UTF-8; only characters the face has (layout chose the face per character)
    double char_spacing = 0;     ///< extra space after every character (points), used for 两端对齐 (PDF Tc)
    bool bold = false;           ///< drawn as fill+stroke (CJK fonts rarely have a bold face)
    /// Total advance including char_spacing (for traces and checks). In a justified line the
    /// spacing after the line's very last character is left out, so x + width of a line's last
    /// run is exactly the right edge of the measure.
    double width = 0;
    /// Rotation in degrees, counter-clockwise about (x, y): the text's baseline runs in that direction
    /// (-90 reads top to bottom). 0 for all text but the page number on the short side of a landscape
    /// page (GB/T 9704 §8).
    double angle = 0;
};

/// A straight line: table borders, signature lines, rules under titles.
struct Rule {
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    double thickness = 0.5;
};

/// A bookmark (PDF outline entry) pointing at a place on a page.
struct Bookmark {
    std::string title;
    int level = 0;  ///< 0 = top level
    double y = 0;   ///< top of the target on its page
};

/// A picture (<image>) in a rectangle: PNG or JPEG bytes, decoded and embedded by the PDF writer.
struct Image {
    double x = 0, y = 0;           ///< bottom-left corner
    double width = 0, height = 0;  ///< points
    std::shared_ptr<const std::string> data;  ///< the file's bytes, shared by every page that shows it
    bool jpeg = false;             ///< JPEG, else PNG
};

struct LaidOutPage {
    double width = 595.276;   ///< A4 portrait by default
    double height = 841.890;
    std::string label;        ///< the printed page number, e.g. "3"; empty when the page is unnumbered
    std::vector<GlyphRun> runs;
    std::vector<Rule> rules;
    std::vector<Bookmark> bookmarks;
    std::vector<Image> images;
};

struct DocumentInfo {
    std::string title;
    std::string author;     ///< the branch
    std::string subject;
    std::string keywords;
    std::string created;    ///< ISO date-time; fixed in deterministic mode
};

struct LaidOutDocument {
    DocumentInfo info;
    std::vector<LaidOutPage> pages;
    /// Problems found while laying out: characters no font has (with the text around them), content
    /// that could not be placed, a TOC that did not converge. Layout never drops text silently.
    std::vector<core::Diagnostic> diagnostics;
};

}  // namespace dangan::layout
