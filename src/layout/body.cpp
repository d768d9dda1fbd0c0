#include "layout/body.hpp"

#include "layout/inline.hpp"
#include "layout/table.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace dangan::layout {

void Flow::new_page(size_t section) {
    section_ = section;
    BodyPage page;
    page.section = section;
    page.page.width = setup_.width;
    page.page.height = setup_.height;
    pages.push_back(std::move(page));
    cursor = 0;
}

std::vector<const document::Heading*> collect_headings(const document::Document& document) {
    std::vector<const document::Heading*> out;
    for (const auto& section : document.sections) {
        for (const auto& block : section.blocks) {
            if (auto* heading = std::get_if<document::Heading>(&block.content)) out.push_back(heading);
        }
    }
    return out;
}

namespace {

/// A block after inline/table layout, ready to be flowed.
struct Prepared {
    enum class Kind { lines, table, page_break, space, box, image } kind = Kind::lines;
    const document::Box* box = nullptr;  ///< Kind::box: placed on the page where it occurs, outside the flow
    std::optional<Image> image;          ///< Kind::image: x relative to the type area's left, y unset
    std::vector<Line> lines;
    std::optional<PreparedTable> table;
    double space = 0;
    bool keep_together = false;
    bool keep_with_next = false;
    double before = 0, after = 0;
    int heading = -1;  ///< index into the document's headings
    bool signature = false;
    /// The height of the signature lines (and the space before them) that follow this block: its last
    /// lines go with them to the next page rather than leave them alone there (GB/T 9704 §7.3.5.5).
    double keep_tail = 0;
};

double lines_height(const std::vector<Line>& lines, size_t count) {
    double h = 0;
    for (size_t i = 0; i < std::min(count, lines.size()); ++i) h += lines[i].height;
    return h;
}

/// "label ______": the label, then a rule on its baseline as long as the signature's width.
std::vector<Line> prepare_signature(Engine& engine, const document::Signature& signature, double measure) {
    const double gap = signature.label.style.text.size / 4;
    const double label_width = std::max(measure / 4, measure - signature.line_width - gap);
    document::Paragraph label = signature.label;
    label.style.align = document::Align::left;
    auto lines = layout_paragraph(engine, label, label_width);
    Line& last = lines.back();
    double end = 0;
    for (const auto& run : last.runs) end = std::max(end, run.x + run.width);
    const double x1 = end + (end > 0 ? gap : 0);
    const double underline = -signature.label.style.text.size * 0.15;
    last.rules.push_back(Rule{x1, underline, x1 + signature.line_width, underline, 0.5});
    double shift = 0;
    const double total = x1 + signature.line_width;
    if (signature.label.style.align == document::Align::right) shift = std::max(0.0, measure - total);
    if (signature.label.style.align == document::Align::center) shift = std::max(0.0, measure - total) / 2;
    for (auto& line : lines) {
        for (auto& run : line.runs) run.x += shift;
        for (auto& rule : line.rules) {
            rule.x1 += shift;
            rule.x2 += shift;
        }
    }
    return lines;
}

/// TOC: the title, then one entry per heading: its text, dot leaders, and the page label flush right.
std::vector<Line> prepare_toc(Engine& engine, const document::Toc& toc, double measure,
                              const std::vector<const document::Heading*>& headings,
                              const std::vector<std::string>& labels, const core::Location& where) {
    std::vector<Line> out;
    if (toc.title) {
        for (auto& line : layout_paragraph(engine, *toc.title, measure)) out.push_back(std::move(line));
        if (!out.empty()) out.back().height += toc.title->style.space_after;
    }
    const auto& style = toc.entry_style.text;
    const double dot = measure_text(engine, style, ".", where);
    const double gap = style.size / 2;
    // The highest listed level is flush left, whether a document starts its headings at h1 or h2.
    int top_level = 3;
    for (const auto* heading : headings) {
        if (heading->in_toc) top_level = std::min(top_level, heading->level);
    }
    for (size_t h = 0; h < headings.size(); ++h) {
        if (!headings[h]->in_toc) continue;
        const std::string& label = h < labels.size() ? labels[h] : std::string();
        auto label_runs = shape_text(engine, style, label, where);
        double label_width = 0;
        for (const auto& run : label_runs) label_width += run.width;
        const double indent = toc.level_indent * (headings[h]->level - top_level);
        document::Paragraph entry;
        entry.style = toc.entry_style;
        entry.style.first_line_indent = 0;
        entry.style.align = document::Align::left;
        entry.where = headings[h]->paragraph.where;
        entry.content.push_back({document::InlineKind::text, headings[h]->paragraph.plain_text(), style});
        const double text_width = std::max(measure / 4, measure - indent - label_width - 2 * gap - 3 * dot);
        auto lines = layout_paragraph(engine, entry, text_width);
        for (auto& line : lines) {
            for (auto& run : line.runs) run.x += indent;
        }
        Line& last = lines.back();
        double end = indent;
        for (const auto& run : last.runs) end = std::max(end, run.x + run.width);
        const double label_x = measure - label_width;
        const double leader_space = label_x - gap - (end + gap);
        if (dot > 0 && leader_space >= dot) {
            const auto count = static_cast<size_t>(std::floor(leader_space / dot));
            auto leader = shape_text(engine, style, std::string(count, '.'), where);
            for (auto& run : leader) {
                run.x += label_x - gap - static_cast<double>(count) * dot;
                last.runs.push_back(std::move(run));
            }
        }
        for (auto& run : label_runs) {
            run.x += label_x;
            last.runs.push_back(std::move(run));
        }
        for (auto& line : lines) out.push_back(std::move(line));
    }
    return out;
}

/// A table-form TOC as a document table: the heading row (repeated on every page it spans), then one
/// row per listed heading; 序号 centred, the heading's text left (indented by level, wrapping inside its
/// cell), the page label flush right — laid out and placed by the same code as a <table>.
document::Table toc_table(const document::Toc& toc, const std::vector<const document::Heading*>& headings,
                          const std::vector<std::string>& labels, const core::Location& where) {
    using Column = document::Toc::Column;
    document::Table table;
    table.columns = toc.widths;
    if (table.columns.empty()) {
        // 序号 and 页码 hold two characters or a few digits: three characters wide, so that their
        // headings never wrap whatever the measure; the title takes what is left.
        const double narrow = 3 * toc.entry_style.text.size + 2 * toc.padding;
        for (const auto column : toc.columns) {
            table.columns.push_back(column == Column::title
                                        ? document::ColumnWidth{}
                                        : document::ColumnWidth{document::ColumnWidth::Kind::points, narrow});
        }
    }
    table.padding = toc.padding;
    table.border_width = toc.border_width;
    table.cell_style = toc.entry_style;
    table.cell_style.first_line_indent = 0;
    auto cell = [&](const std::string& text, document::Align align, const document::TextStyle& style, double indent,
                    const core::Location& at) {
        document::TableCell c;
        c.align = align;
        c.where = at;
        document::Paragraph p;
        p.style = table.cell_style;
        p.style.text = style;
        p.style.align = align;
        p.style.first_line_indent = indent;
        p.where = at;
        if (!text.empty()) p.content.push_back({document::InlineKind::text, text, style});
        c.paragraphs.push_back(std::move(p));
        return c;
    };
    document::TableRow head;
    head.header = true;
    document::TextStyle head_style = toc.entry_style.text;
    head_style.bold = true;
    for (size_t c = 0; c < toc.columns.size(); ++c) {
        head.cells.push_back(cell(c < toc.heads.size() ? toc.heads[c] : std::string(), document::Align::center, head_style, 0, where));
    }
    table.rows.push_back(std::move(head));
    int top_level = 3;
    for (const auto* heading : headings) {
        if (heading->in_toc) top_level = std::min(top_level, heading->level);
    }
    int number = 0;
    for (size_t h = 0; h < headings.size(); ++h) {
        if (!headings[h]->in_toc) continue;
        // 序号 counts the top-level entries (the meetings of a 会议记录本); their <h3> 议题 rows leave it blank.
        const bool top = headings[h]->level == top_level;
        if (top) ++number;
        document::TableRow row;
        const auto& at = headings[h]->paragraph.where;
        for (const Column column : toc.columns) {
            if (column == Column::number) {
                row.cells.push_back(cell(top ? std::to_string(number) : std::string(), document::Align::center,
                                         toc.entry_style.text, 0, at));
            } else if (column == Column::title) {
                const double indent = toc.level_indent * (headings[h]->level - top_level);
                row.cells.push_back(cell(headings[h]->paragraph.plain_text(), document::Align::left, toc.entry_style.text,
                                         indent, at));
            } else {
                row.cells.push_back(cell(h < labels.size() ? labels[h] : std::string(), document::Align::right,
                                         toc.entry_style.text, 0, at));
            }
        }
        table.rows.push_back(std::move(row));
    }
    int c = 0;
    for (auto& row : table.rows) {
        c = 0;
        for (auto& tc : row.cells) tc.column = c++;
    }
    for (size_t r = 0; r < table.rows.size(); ++r) {
        for (auto& tc : table.rows[r].cells) tc.row = static_cast<int>(r);
    }
    return table;
}

class BodyLayouter {
public:
    BodyLayouter(Engine& engine, const std::vector<const document::Heading*>& headings,
                 const std::vector<std::string>& labels)
        : engine_(engine), doc_(engine.document), headings_(headings), labels_(labels), flow_(doc_.page) {
        body_.heading_pages.assign(headings.size(), 0);
        // Bookmark levels start at 0 for the highest heading level used, so a ledger whose headings
        // start at <h2> still gets top-level outline entries.
        for (const auto* heading : headings) top_level_ = std::min(top_level_, heading->level);
    }

    Body run() {
        for (size_t s = 0; s < doc_.sections.size(); ++s) {
            flow_.new_page(s);
            blocks_.clear();
            for (const auto& block : doc_.sections[s].blocks) {
                // A table-form TOC's title is a block of its own, kept with the table's first rows.
                const auto* toc = std::get_if<document::Toc>(&block.content);
                if (toc && toc->form == document::Toc::Form::table && toc->title) {
                    Prepared title;
                    title.lines = layout_paragraph(engine_, *toc->title, flow_.measure());
                    title.keep_together = true;
                    title.keep_with_next = true;
                    title.before = block.space_before;
                    title.after = toc->title->style.space_after;
                    blocks_.push_back(std::move(title));
                }
                blocks_.push_back(prepare(block));
            }
            mark_signature_keeps();
            for (size_t i = 0; i < blocks_.size(); ++i) place(i);
        }
        if (flow_.pages.empty()) flow_.new_page(0);  // a document with no content still has a page
        body_.pages = std::move(flow_.pages);
        return std::move(body_);
    }

private:
    Engine& engine_;
    const document::Document& doc_;
    const std::vector<const document::Heading*>& headings_;
    const std::vector<std::string>& labels_;
    Flow flow_;
    Body body_;
    std::vector<Prepared> blocks_;
    int next_heading_ = 0;
    int top_level_ = 3;

    Prepared prepare(const document::Block& block) {
        Prepared p;
        p.keep_together = block.keep_together;
        p.keep_with_next = block.keep_with_next;
        p.before = block.space_before;
        p.after = block.space_after;
        const double measure = flow_.measure();
        if (auto* paragraph = std::get_if<document::Paragraph>(&block.content)) {
            p.lines = layout_paragraph(engine_, *paragraph, measure);
        } else if (auto* heading = std::get_if<document::Heading>(&block.content)) {
            p.lines = layout_paragraph(engine_, heading->paragraph, measure);
            p.heading = next_heading_++;
        } else if (auto* table = std::get_if<document::Table>(&block.content)) {
            p.kind = Prepared::Kind::table;
            p.table = prepare_table(engine_, *table, measure, block.keep_together, block.where);
        } else if (std::get_if<document::PageBreak>(&block.content)) {
            p.kind = Prepared::Kind::page_break;
        } else if (auto* space = std::get_if<document::VerticalSpace>(&block.content)) {
            p.kind = Prepared::Kind::space;
            p.space = space->height;
        } else if (auto* signature = std::get_if<document::Signature>(&block.content)) {
            p.lines = prepare_signature(engine_, *signature, measure);
            p.signature = true;
        } else if (auto* toc = std::get_if<document::Toc>(&block.content)) {
            if (toc->form == document::Toc::Form::table) {
                p.kind = Prepared::Kind::table;
                if (toc->title) p.before = 0;  // given to the title block before it
                p.table = prepare_table(engine_, toc_table(*toc, headings_, labels_, block.where), measure, false,
                                        block.where);
            } else {
                p.lines = prepare_toc(engine_, *toc, measure, headings_, labels_, block.where);
            }
        } else if (auto* box = std::get_if<document::Box>(&block.content)) {
            p.kind = Prepared::Kind::box;
            p.box = box;
        } else if (auto* image = std::get_if<document::Image>(&block.content)) {
            p.kind = Prepared::Kind::image;
            p.image = prepare_image(*image, measure, block.where);
        }
        return p;
    }

    /// An image's size: as given, or from the other side and the picture's proportions, or its pixels at
    /// 72 per inch; never wider than the measure or taller than the page. Nothing when not loaded.
    std::optional<Image> prepare_image(const document::Image& image, double measure, const core::Location& where) {
        if (!image.data || image.pixel_width <= 0 || image.pixel_height <= 0) {
            engine_.warn(where, "<image src=\"" + image.src + "\"> was not loaded (only jobs read image files); left out");
            return std::nullopt;
        }
        const double ratio = static_cast<double>(image.pixel_height) / image.pixel_width;
        double width = image.width, height = image.height;
        if (width <= 0 && height <= 0) width = image.pixel_width;
        if (width <= 0) width = height / ratio;
        if (height <= 0) height = width * ratio;
        const double scale = std::min({1.0, measure / width, flow_.body_height() / height});
        width *= scale;
        height *= scale;
        Image out;
        out.width = width;
        out.height = height;
        out.x = image.align == document::Align::right ? measure - width
                : image.align == document::Align::center ? (measure - width) / 2 : 0;
        out.data = image.data;
        out.jpeg = image.jpeg;
        return out;
    }

    /// A run of signature lines (with spaces between or before them) and the content block before it:
    /// that block learns the run's height, so place_lines keeps its last lines with the signatures.
    void mark_signature_keeps() {
        for (size_t i = 0; i < blocks_.size(); ++i) {
            if (!blocks_[i].signature) continue;
            size_t first = i;
            while (first > 0 && (blocks_[first - 1].signature || blocks_[first - 1].kind == Prepared::Kind::space)) --first;
            size_t last = i;
            while (last + 1 < blocks_.size() &&
                   (blocks_[last + 1].signature || blocks_[last + 1].kind == Prepared::Kind::space))
                ++last;
            if (first == 0 || blocks_[first - 1].kind != Prepared::Kind::lines) {
                i = last;
                continue;
            }
            double tail = 0;
            for (size_t k = first; k <= last; ++k) {
                const Prepared& b = blocks_[k];
                tail += b.kind == Prepared::Kind::space ? b.space : b.before + lines_height(b.lines, b.lines.size()) + b.after;
            }
            blocks_[first - 1].keep_tail = tail;
            i = last;
        }
    }

    /// Height the start of block i needs on the current page (keep-with-next looks ahead).
    double lead(size_t i, int depth = 0) const {
        const Prepared& p = blocks_[i];
        switch (p.kind) {
        case Prepared::Kind::page_break: return 0;
        case Prepared::Kind::space: return p.space;
        case Prepared::Kind::table: return p.before + table_lead(*p.table);
        // A box takes no room: what needs to stay together is what follows it.
        case Prepared::Kind::box: return i + 1 < blocks_.size() && depth < 8 ? lead(i + 1, depth + 1) : 0;
        case Prepared::Kind::image: return p.before + (p.image ? p.image->height : 0);
        case Prepared::Kind::lines: break;
        }
        const bool whole = p.keep_together || p.keep_with_next;
        double h = p.before + lines_height(p.lines, whole ? p.lines.size() : 2);
        if (p.keep_with_next && i + 1 < blocks_.size() && depth < 8) h += p.after + lead(i + 1, depth + 1);
        return h;
    }

    void place(size_t i) {
        Prepared& p = blocks_[i];
        if (p.kind == Prepared::Kind::page_break) {
            if (!flow_.page_empty()) flow_.new_page();
            return;
        }
        if (p.kind == Prepared::Kind::box) {
            flow_.pages.back().boxes.push_back(p.box);
            return;
        }
        if (p.kind == Prepared::Kind::space) {
            if (!flow_.page_empty()) flow_.cursor = std::min(flow_.body_height(), flow_.cursor + p.space);
            return;
        }
        // A heading is never the last thing on a page: it moves on with the start of what follows.
        if (p.keep_with_next && !flow_.page_empty() && lead(i) > flow_.remaining() + 1e-6) flow_.new_page();
        if (!flow_.page_empty()) flow_.cursor += p.before;
        if (p.kind == Prepared::Kind::table) {
            place_table(engine_, flow_, *p.table);
        } else if (p.kind == Prepared::Kind::image) {
            if (p.image) {
                // An image is never split: it starts a page when it does not fit below what is there.
                if (!flow_.page_empty() && p.image->height > flow_.remaining() + 1e-6) flow_.new_page();
                Image image = *p.image;
                image.x += flow_.left();
                image.y = flow_.y() - image.height;
                flow_.page().images.push_back(std::move(image));
                flow_.cursor += p.image->height;
            }
        } else {
            place_lines(p);
        }
        flow_.cursor += p.after;
    }

    /// Places the lines of `p`, moving their runs onto pages (each block is placed once).
    void place_lines(Prepared& p) {
        const size_t n = p.lines.size();
        const double total = lines_height(p.lines, n);
        if (p.keep_together && !flow_.page_empty() && total > flow_.remaining() + 1e-6 &&
            total <= flow_.body_height()) {
            flow_.new_page();
        }
        size_t k = 0;
        while (k < n) {
            size_t fit = 0;
            double h = 0;
            while (k + fit < n && h + p.lines[k + fit].height <= flow_.remaining() + 1e-6) h += p.lines[k + fit++].height;
            size_t count = fit;
            // Signatures never stand alone on a page: when the rest of this block fits but the
            // signature lines after it do not, its last two lines move on with them.
            if (fit == n - k && p.keep_tail > 0 && h + p.after + p.keep_tail > flow_.remaining() + 1e-6 &&
                lines_height(p.lines, 2) + p.after + p.keep_tail <= flow_.body_height()) {
                count = n - k >= 2 ? n - k - 2 : 0;
                if (count < 2 && k == 0) count = 0;  // an orphan line would stay behind: move the whole block
                if (count == 0 && !flow_.page_empty()) {
                    flow_.new_page();
                    continue;
                }
                if (count > 0) fit = count;
                else count = fit;  // a fresh page cannot do better
            }
            if (fit < n - k) {
                // Widows and orphans: at least two lines of a paragraph on each side of a page break.
                if (n - k - count < 2) count = (n - k >= 2) ? n - k - 2 : 0;
                if (k == 0 && count < 2) count = 0;
                if (count == 0) {
                    if (!flow_.page_empty()) {
                        flow_.new_page();
                        continue;
                    }
                    count = std::max<size_t>(fit, 1);  // an empty page cannot do better
                }
            }
            for (size_t j = k; j < k + count; ++j) {
                if (j == 0 && p.heading >= 0) {
                    const auto* heading = headings_[p.heading];
                    flow_.page().bookmarks.push_back(
                        Bookmark{heading->paragraph.plain_text(), heading->level - top_level_, flow_.y()});
                    body_.heading_pages[p.heading] = flow_.page_index();
                }
                const double height = p.lines[j].height;
                place_line(std::move(p.lines[j]), flow_.left(), flow_.y(), flow_.page());
                flow_.cursor += height;
            }
            k += count;
            if (k < n) flow_.new_page();
        }
    }
};

}  // namespace

Body layout_body(Engine& engine, const std::vector<const document::Heading*>& headings,
                 const std::vector<std::string>& toc_labels) {
    return BodyLayouter(engine, headings, toc_labels).run();
}

}  // namespace dangan::layout
