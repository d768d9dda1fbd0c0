// The content model a markup file is read into (docs/markup.md): page setup, resolved styles,
// sections of blocks (headings, paragraphs, tables, breaks, spaces, signature lines, a TOC) and the
// page header and footer. Styles are resolved while reading, so layout reads plain values.
// All lengths are PDF points (1/72 in).
#pragma once

#include "core/diagnostic.hpp"

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace dangan::document {

enum class Align { left, center, right, justify };
enum class VAlign { top, middle, bottom };

/// How one piece of text is drawn.
struct TextStyle {
    std::string family = "仿宋";  ///< logical family name, resolved to faces by text::FontMetrics
    double size = 16;              ///< points (三号)
    bool bold = false;
    bool operator==(const TextStyle&) const = default;
};

/// A named style after resolution: everything a paragraph needs.
struct ParagraphStyle {
    TextStyle text;
    Align align = Align::justify;
    double first_line_indent = 0;  ///< points (markup gives it in 字 = font size)
    double line_pitch = 0;         ///< baseline-to-baseline distance in points; 0 = 1.5 × size
    double space_before = 0;
    double space_after = 0;
    bool keep_with_next = false;
    bool keep_together = false;
};

enum class InlineKind {
    text,         ///< `text` in `style`
    line_break,   ///< <br/>: a forced line break (the line before it is not justified)
    page_number,  ///< <page-number/>: the printed number of the page (header/footer only)
    page_count,   ///< <page-count/>: the last number of the page's numbering sequence (共 M 页)
    book_page_number,  ///< <page-number scope="book"/>: the page's physical number in the bound book
    book_page_count,   ///< <page-count scope="book"/>: the pages of the whole bound book
    /// <item-pages/>: how many pages the whole laid-out document has (the 件's 页数 of DA/T 22-2015),
    /// known only after layout; allowed where the other fields are, and in <box> (the 归档章).
    item_pages,
};

struct Inline {
    InlineKind kind = InlineKind::text;
    std::string text;  ///< UTF-8, white space already collapsed (see markup.md "White space")
    TextStyle style;
};

struct Paragraph {
    ParagraphStyle style;
    std::vector<Inline> content;
    core::Location where;  ///< the element in the markup, for diagnostics

    /// The text without styling (fields and breaks left out), for bookmarks, TOC and messages.
    std::string plain_text() const;
};

/// h1–h3: a paragraph that also gets a bookmark and a TOC entry; kept with the next block.
struct Heading {
    int level = 1;  ///< 1..3
    Paragraph paragraph;
    bool in_toc = true;
};

struct Table;

struct TableCell {
    int row = 0, column = 0;  ///< grid position of the top-left slot (filled by the reader)
    int rowspan = 1, colspan = 1;
    Align align = Align::left;
    VAlign valign = VAlign::middle;
    std::vector<Paragraph> paragraphs;
    /// A table inside the cell, after the first `before` paragraphs (in markup order).
    struct Nested {
        size_t before = 0;
        std::shared_ptr<const Table> table;
    };
    std::vector<Nested> tables;
    /// The cell's box is at least this tall (points, padding included): room to write by hand.
    double min_height = 0;
    core::Location where;
};

struct TableRow {
    bool header = false;  ///< header rows must come first; they repeat on every page the table spans
    std::vector<TableCell> cells;
};

/// A column width: a percentage of the measure, a fixed length, or automatic (shares what is left).
struct ColumnWidth {
    enum class Kind { automatic, percent, points } kind = Kind::automatic;
    double value = 0;
};

struct Table {
    std::vector<ColumnWidth> columns;  ///< one per grid column (reader checks rows against it)
    std::vector<TableRow> rows;
    bool borders = true;     ///< every cell edge drawn as a rule
    double border_width = 0.5;
    double padding = 0;      ///< points, inside every cell edge
    ParagraphStyle cell_style;  ///< style of cell text (style="…" on <table>)
    /// A row that does not fit below what is on the page is cut at the page bottom (its frame closed
    /// there and reopened on the next page) instead of moving whole to the next page: <frame>.
    bool split_rows = false;
};

struct PageBreak {};

struct VerticalSpace {
    double height = 0;
};

/// "label ______" — a label followed by a rule to sign on.
struct Signature {
    Paragraph label;       ///< the label text in its style
    double line_width = 0; ///< length of the rule
};

/// The table of contents: every heading with in_toc, dot leaders and page numbers.
struct Toc {
    std::optional<Paragraph> title;  ///< drawn before the entries, not itself in the TOC
    ParagraphStyle entry_style;
    double level_indent = 0;         ///< extra indent per heading level, points
    /// form="table": the entries as a ruled table (a heading row repeated on every page it spans,
    /// one row per heading) instead of dot-leader lines — the usual 目录 of a bound 台账.
    enum class Form { leaders, table } form = Form::leaders;
    enum class Column { number, title, page };  ///< 序号 (1, 2, 3 …), the heading's text, its page label
    std::vector<Column> columns;      ///< form table: what each column holds, left to right
    std::vector<std::string> heads;   ///< form table: the heading row's text, one per column
    /// form table: one per column, or none: then 序号 and 页码 are three characters of the entry style
    /// wide (plus padding) and the title takes the rest.
    std::vector<ColumnWidth> widths;
    double padding = 0;               ///< form table: points inside every cell edge
    double border_width = 0.5;
};

/// <image src width height align>: a PNG or JPEG picture (党徽, a scanned 签到表) as a block. The reader
/// only records the attributes; the job that may read files (jobs::Typesetter) resolves `src` inside
/// the folders the user named, checks the file and fills in the fields below it.
struct Image {
    std::string src;                 ///< as written: a path relative to the templates or data folder
    double width = 0, height = 0;    ///< points; 0 = from the other one and the picture's proportions
    Align align = Align::center;
    std::shared_ptr<const std::string> data;  ///< the file's bytes (null until resolved)
    bool jpeg = false;               ///< JPEG, else PNG
    int pixel_width = 0, pixel_height = 0;
};

/// The corner of the paper a <box> is placed from.
enum class Corner { top_left, top_right, bottom_left, bottom_right };

/// <box>: paragraphs and tables placed at a fixed distance from a corner of the page where the box
/// occurs in the flow, outside the flow (it takes no room there): the 归档章 top right of a 件's first
/// page. Laid out when the page is finalised, so its fields (<item-pages/>, <page-number/> …) are known.
struct Box {
    Corner corner = Corner::top_right;
    double x = 0;      ///< from the paper's left (…_left) or right (…_right) edge to the box
    double y = 0;      ///< from the paper's top (top_…) or bottom (bottom_…) edge to the box
    double width = 0;  ///< the box's measure
    std::vector<std::variant<Paragraph, Table>> content;  ///< stacked top to bottom
    core::Location where;
};

struct Block {
    std::variant<Paragraph, Heading, Table, PageBreak, VerticalSpace, Signature, Toc, Box, Image> content;
    bool keep_together = false;   ///< never split across pages (when it fits on one page)
    bool keep_with_next = false;  ///< on the same page as the start of the next block
    double space_before = 0;
    double space_after = 0;
    core::Location where;
};

enum class Numbering {
    arabic,  ///< pages carry 1, 2, 3 …
    none,    ///< pages carry no number and no header or footer (cover pages)
};

/// A run of pages that starts on a new page and shares one numbering setting.
struct Section {
    Numbering numbering = Numbering::arabic;
    std::optional<int> restart;  ///< first page number; empty = continue the previous numbered section
    std::vector<Block> blocks;
};

struct PageSetup {
    double width = 595.276;   ///< A4 portrait
    double height = 841.890;
    // GB/T 9704-2012 §5.2.1: 天头 37 mm, 订口 28 mm; 版心 156 × 225 mm leaves 26 mm right, 35 mm bottom.
    double margin_top = 37 * 72 / 25.4;
    double margin_bottom = 35 * 72 / 25.4;
    double margin_left = 28 * 72 / 25.4;
    double margin_right = 26 * 72 / 25.4;
};

/// A page header or footer; drawn on every numbered page.
struct HeaderFooter {
    std::vector<Paragraph> paragraphs;
    /// GB/T 9704 §7.5 page number "— N —" in 4号 宋体, outside edge (odd pages right, even left),
    /// inset one character, 7 mm below the type area. Only meaningful on <footer>.
    bool gbt9704 = false;
    /// <footer style="gbt9704" scope="book">: the "— N —" number counts through the bound book.
    bool book_scope = false;
    double distance = 7 * 72 / 25.4;  ///< gap between the type area and the header/footer
    bool empty() const { return paragraphs.empty() && !gbt9704; }
};

struct DocumentInfo {
    std::string title, author, subject, keywords;
};

struct Document {
    DocumentInfo info;
    PageSetup page;
    HeaderFooter header;
    HeaderFooter footer;
    std::vector<Section> sections;
};

}  // namespace dangan::document
