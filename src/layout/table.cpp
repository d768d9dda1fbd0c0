#include "layout/table.hpp"
#include "core/messages.hpp"

#include "layout/inline.hpp"

#include <algorithm>
#include <numeric>
#include <sstream>

namespace dangan::layout {

double PreparedTable::height() const {
    return std::accumulate(row_height.begin(), row_height.end(), 0.0);
}

double table_lead(const PreparedTable& table) {
    if (table.split_rows && table.header_bands < table.bands.size()) {
        const Band& band = table.bands[table.header_bands];
        double first = table.min_row_height;
        for (size_t i : band.cells) {
            const auto& lines = table.cells[i].lines;
            if (!lines.empty()) first = std::max(first, lines.front().height + 2 * table.padding);
        }
        return table.header_height + std::min(band.height, first);
    }
    double lead = table.header_height;
    if (table.header_bands < table.bands.size()) lead += table.bands[table.header_bands].height;
    return table.keep_together ? table.height() : lead;
}

/// Column widths: fixed lengths first, then percentages of the measure, then automatic columns
/// share what is left; a table wider than the measure is scaled down (with a warning).
static std::vector<double> resolve_columns(Engine& engine, const document::Table& table, double measure,
                                           const core::Location& where) {
    using Kind = document::ColumnWidth::Kind;
    std::vector<double> widths(table.columns.size(), 0);
    double used = 0;
    int automatic = 0;
    for (size_t c = 0; c < widths.size(); ++c) {
        const auto& col = table.columns[c];
        if (col.kind == Kind::points) widths[c] = col.value;
        if (col.kind == Kind::percent) widths[c] = measure * col.value / 100;
        if (col.kind == Kind::automatic) ++automatic;
        used += widths[c];
    }
    if (automatic > 0) {
        const double share = std::max(0.0, measure - used) / automatic;
        for (size_t c = 0; c < widths.size(); ++c) {
            if (table.columns[c].kind == Kind::automatic) widths[c] = share;
        }
        if (share < 1) {
            engine.warn(where, core::tr("表格的固定列宽占满了版心，自动宽度（*）的列没有位置了",
                                        "the fixed column widths of the table leave no room for its automatic (*) columns"));
        }
    }
    const double total = std::accumulate(widths.begin(), widths.end(), 0.0);
    if (total > measure + 1e-6) {
        std::ostringstream wide, room;
        wide.precision(1);
        room.precision(1);
        wide << std::fixed << total * 25.4 / 72;
        room << std::fixed << measure * 25.4 / 72;
        engine.warn(where, core::tr("表格各列共宽 " + wide.str() + " 毫米，版心只有 " + room.str() + " 毫米宽；已按比例缩窄各列",
                                    "the table's columns are " + wide.str() + " mm wide but the text is only " + room.str() +
                                        " mm wide; the columns were narrowed to fit"));
        for (double& w : widths) w *= measure / total;
    }
    return widths;
}

/// A table inside a cell, as lines: one per band, its baseline at the band's top and its runs and rules
/// below that. The outer cell then splits it between its rows like lines of text; its header rows are
/// not repeated.
static std::vector<Line> table_lines(Engine& engine, const document::Table& table, double width,
                                     const core::Location& where) {
    const PreparedTable t = prepare_table(engine, table, width, false, where);
    const double table_width = t.column_x.back();
    std::vector<Line> out;
    for (const Band& band : t.bands) {
        Line line;
        line.height = band.height;
        line.baseline = 0;
        line.width = table_width;
        auto rule = [&](double x1, double y1, double x2, double y2) {
            if (t.borders) line.rules.push_back(Rule{x1, y1, x2, y2, t.border_width});
        };
        // Every band draws the table's top and left edges beside it: the band above draws the same top
        // line, and a band that starts a page is closed at the top.
        rule(0, 0, table_width, 0);
        rule(0, 0, 0, -band.height);
        const double band_top = t.row_top[band.first_row];
        for (size_t index : band.cells) {
            const PreparedCell& cell = t.cells[index];
            const double top = -(t.row_top[cell.row] - band_top);
            const double height = t.row_top[cell.row + cell.rowspan] - t.row_top[cell.row];
            const double extra = height - 2 * t.padding - cell.content_height;
            double y = top - t.padding;
            if (cell.valign == document::VAlign::middle) y -= extra / 2;
            if (cell.valign == document::VAlign::bottom) y -= extra;
            for (const Line& inner : cell.lines) {
                const double baseline = y - inner.baseline;
                for (GlyphRun run : inner.runs) {
                    run.x += cell.x + t.padding;
                    run.y += baseline;
                    line.runs.push_back(std::move(run));
                }
                for (Rule r : inner.rules) {
                    r.x1 += cell.x + t.padding;
                    r.x2 += cell.x + t.padding;
                    r.y1 += baseline;
                    r.y2 += baseline;
                    line.rules.push_back(r);
                }
                y -= inner.height;
            }
            rule(cell.x + cell.width, top, cell.x + cell.width, top - height);
            rule(cell.x, top - height, cell.x + cell.width, top - height);
        }
        out.push_back(std::move(line));
    }
    return out;
}

PreparedTable prepare_table(Engine& engine, const document::Table& table, double measure, bool keep_together,
                            const core::Location& where) {
    PreparedTable out;
    out.split_rows = table.split_rows;
    out.padding = table.padding;
    out.borders = table.borders;
    out.border_width = table.border_width;
    out.keep_together = keep_together;
    out.where = where;

    const auto widths = resolve_columns(engine, table, measure, where);
    out.column_x.assign(widths.size() + 1, 0);
    for (size_t c = 0; c < widths.size(); ++c) out.column_x[c + 1] = out.column_x[c] + widths[c];

    // Measure every cell at its width.
    const size_t rows = table.rows.size();
    const double empty_row = (table.cell_style.line_pitch > 0 ? table.cell_style.line_pitch
                                                              : 1.5 * table.cell_style.text.size) +
                             2 * table.padding;
    out.row_height.assign(rows, empty_row);
    out.min_row_height = empty_row;
    for (const auto& row : table.rows) {
        for (const auto& cell : row.cells) {
            PreparedCell pc;
            pc.row = cell.row;
            pc.column = cell.column;
            pc.rowspan = cell.rowspan;
            pc.colspan = cell.colspan;
            pc.valign = cell.valign;
            pc.x = out.column_x[cell.column];
            pc.width = out.column_x[cell.column + cell.colspan] - pc.x;
            pc.min_height = cell.min_height;
            const double inner = std::max(1.0, pc.width - 2 * table.padding);
            auto add = [&pc](std::vector<Line>&& lines) {
                for (auto& line : lines) {
                    pc.content_height += line.height;
                    pc.lines.push_back(std::move(line));
                }
            };
            size_t nested = 0;
            for (size_t i = 0; i <= cell.paragraphs.size(); ++i) {
                for (; nested < cell.tables.size() && cell.tables[nested].before <= i; ++nested)
                    add(table_lines(engine, *cell.tables[nested].table, inner, cell.where));
                if (i < cell.paragraphs.size()) add(layout_paragraph(engine, cell.paragraphs[i], inner));
            }
            if (cell.rowspan == 1) {
                out.row_height[cell.row] = std::max(
                    {out.row_height[cell.row], pc.content_height + 2 * table.padding, pc.min_height});
            }
            out.cells.push_back(std::move(pc));
        }
    }
    // A spanning cell taller than its rows grows the last row it spans.
    for (const auto& pc : out.cells) {
        if (pc.rowspan == 1) continue;
        double spanned = 0;
        for (int r = pc.row; r < pc.row + pc.rowspan; ++r) spanned += out.row_height[r];
        const double need = std::max(pc.content_height + 2 * table.padding, pc.min_height);
        if (need > spanned) out.row_height[pc.row + pc.rowspan - 1] += need - spanned;
    }
    out.row_top.assign(rows + 1, 0);
    for (size_t r = 0; r < rows; ++r) out.row_top[r + 1] = out.row_top[r] + out.row_height[r];

    // Bands: the smallest groups of rows that no rowspan crosses.
    std::vector<int> reach(rows, 0);
    for (size_t r = 0; r < rows; ++r) reach[r] = static_cast<int>(r) + 1;
    for (const auto& pc : out.cells) reach[pc.row] = std::max(reach[pc.row], pc.row + pc.rowspan);
    for (int r = 0; r < static_cast<int>(rows);) {
        Band band;
        band.first_row = r;
        int end = reach[r];
        for (int k = r; k < end; ++k) end = std::max(end, reach[k]);
        band.end_row = end;
        band.height = out.row_top[end] - out.row_top[r];
        for (size_t i = 0; i < out.cells.size(); ++i) {
            if (out.cells[i].row >= r && out.cells[i].row < end) band.cells.push_back(i);
        }
        out.bands.push_back(std::move(band));
        r = end;
    }
    for (const auto& band : out.bands) {
        bool header = true;
        for (int r = band.first_row; r < band.end_row; ++r) header &= table.rows[r].header;
        if (!header) break;
        ++out.header_bands;
        out.header_height += band.height;
    }
    return out;
}

namespace {

/// Places bands on pages; knows where the current page's part of the table began.
class TablePlacer {
public:
    TablePlacer(Engine& engine, Flow& flow, const PreparedTable& table)
        : engine_(engine), flow_(flow), t_(table), left_(flow.left()) {}

    void run() {
        if (t_.header_height > flow_.body_height() / 2) {
            // Repeating such a header would leave little or no room for rows on each page.
            engine_.warn(t_.where, core::tr("表格的表头行超过半页高：表格跨页时每页都重复表头，留给各行的位置很少",
                                            "the table's header rows take more than half a page; they are repeated on every "
                                            "page the table continues on, which leaves little room for the rows"));
        }
        // Simulate the start (STYLE §(c)5): header rows and the first body band must fit together.
        if (!flow_.page_empty() && table_lead(t_) > flow_.remaining() &&
            table_lead(t_) <= flow_.body_height()) {
            flow_.new_page();
        }
        start_fragment();
        for (size_t b = 0; b < t_.bands.size(); ++b) {
            const Band& band = t_.bands[b];
            if (b < t_.header_bands) {
                place_band(band);
                continue;
            }
            const double fresh = flow_.body_height() - t_.header_height;
            if (band.height <= flow_.remaining() + 1e-6) {
                place_band(band);
            } else if (band.height <= fresh + 1e-6 && body_on_page_ && !t_.split_rows) {
                continue_on_next_page();
                place_band(band);
            } else {
                split_band(band);
            }
            body_on_page_ = true;
        }
        end_fragment();
    }

private:
    Engine& engine_;
    Flow& flow_;
    const PreparedTable& t_;
    double left_;
    double fragment_top_ = 0;
    bool body_on_page_ = false;  ///< a body band (not only repeated headers or earlier blocks) is on this page

    double width() const { return t_.column_x.back(); }

    void rule(double x1, double y1, double x2, double y2) {
        if (t_.borders) flow_.page().rules.push_back(Rule{x1, y1, x2, y2, t_.border_width});
    }

    void start_fragment() {
        fragment_top_ = flow_.y();
        body_on_page_ = !flow_.page_empty();
        rule(left_, fragment_top_, left_ + width(), fragment_top_);
    }

    void end_fragment() { rule(left_, fragment_top_, left_, flow_.y()); }

    void continue_on_next_page() {
        end_fragment();
        flow_.new_page();
        start_fragment();
        body_on_page_ = false;
        for (size_t h = 0; h < t_.header_bands; ++h) place_band(t_.bands[h]);
    }

    /// Draws the right and bottom edges of a cell box (the table's top and left edges close it).
    void cell_box(const PreparedCell& cell, double top, double height) {
        const double x1 = left_ + cell.x, x2 = x1 + cell.width;
        rule(x2, top, x2, top - height);
        rule(x1, top - height, x2, top - height);
    }

    void place_band(const Band& band) {
        const double band_top = flow_.y();
        for (size_t index : band.cells) {
            const PreparedCell& cell = t_.cells[index];
            const double top = band_top - (t_.row_top[cell.row] - t_.row_top[band.first_row]);
            const double height = t_.row_top[cell.row + cell.rowspan] - t_.row_top[cell.row];
            const double extra = height - 2 * t_.padding - cell.content_height;
            double y = top - t_.padding;
            if (cell.valign == document::VAlign::middle) y -= extra / 2;
            if (cell.valign == document::VAlign::bottom) y -= extra;
            for (const Line& line : cell.lines) {
                place_line(line, left_ + cell.x + t_.padding, y, flow_.page());
                y -= line.height;
            }
            cell_box(cell, top, height);
        }
        flow_.cursor += band.height;
    }

    /// True when, cutting at `room`, the cells touching row `r` can take at least one more line.
    template <typename Parts>
    bool first_line_fits(const Parts& parts, int r, int r0, const std::vector<double>& h, double room) const {
        double offset = 0;
        for (int k = r0; k < r; ++k) offset += h[static_cast<size_t>(k - r0)];
        for (const auto& part : parts) {
            const PreparedCell& c = t_.cells[part.cell];
            if (c.row + c.rowspan - 1 < r || std::max(c.row, r0) > r) continue;
            double top = 0;
            for (int k = r0; k < std::max(c.row, r0); ++k) top += h[static_cast<size_t>(k - r0)];
            if (part.next >= c.lines.size()) {
                // Only its minimum height is left: worth a piece of at least one empty line.
                if (c.min_height - part.drawn > t_.min_row_height / 2 && top + t_.min_row_height <= room + 1e-6)
                    return true;
                continue;
            }
            if (top + 2 * t_.padding + c.lines[part.next].height <= room + 1e-6) return true;
        }
        (void)offset;
        return false;
    }

    /// Whether row `r`, just cut at the page bottom, needs nothing more: its cells are all placed and
    /// what is left of their minimum height is less than half an empty line (not worth a piece of frame
    /// on the next page). Only for rows with a minimum height; others keep their continuation row.
    template <typename Parts>
    bool row_finished(const Parts& parts, int r, int r0) const {
        bool has_min = false;
        for (const auto& part : parts) {
            const PreparedCell& c = t_.cells[part.cell];
            if (c.row + c.rowspan - 1 < r || std::max(c.row, r0) > r) continue;
            if (c.row + c.rowspan - 1 > r || part.next < c.lines.size()) return false;
            if (c.min_height - part.drawn > t_.min_row_height / 2) return false;
            has_min |= c.min_height > 0;
        }
        return has_min;
    }

    /// A band taller than the space left. Rows that fit are placed whole; a cell spanning past the
    /// cut (rowspan) or a row taller than the space left is cut between lines, and the rest continues
    /// at the top of the next page under the repeated header. Row heights of what remains are
    /// recomputed from the remaining content each time, so nothing is clipped, dropped or overlaps.
    void split_band(const Band& band) {
        struct Part {
            size_t cell = 0;
            size_t next = 0;       ///< first line not yet placed
            bool started = false;  ///< some of it is on an earlier page (then it is top-aligned)
            double drawn = 0;      ///< height of its box on earlier pages (counts towards min_height)
        };
        std::vector<Part> parts;
        for (size_t index : band.cells) parts.push_back(Part{index, 0, false, 0});
        auto last_row = [&](const PreparedCell& c) { return c.row + c.rowspan - 1; };
        auto remaining = [&](const Part& part) {
            const auto& lines = t_.cells[part.cell].lines;
            double h = 0;
            for (size_t i = part.next; i < lines.size(); ++i) h += lines[i].height;
            return h;
        };
        // The height a cell still needs: its remaining lines, or what is left of its minimum height.
        auto need = [&](const Part& part) {
            return std::max(remaining(part) + 2 * t_.padding, t_.cells[part.cell].min_height - part.drawn);
        };
        int r0 = band.first_row;
        const int end = band.end_row;
        while (r0 < end) {
            // Heights of the rows still to place, from what is left in their cells.
            std::vector<double> h(static_cast<size_t>(end - r0), t_.min_row_height);
            for (const Part& part : parts) {
                const PreparedCell& c = t_.cells[part.cell];
                if (last_row(c) < r0 || std::max(c.row, r0) != last_row(c)) continue;
                double& row = h[static_cast<size_t>(last_row(c) - r0)];
                row = std::max(row, need(part));
            }
            for (const Part& part : parts) {
                const PreparedCell& c = t_.cells[part.cell];
                const int first = std::max(c.row, r0);
                if (last_row(c) < r0 || first == last_row(c)) continue;
                double spanned = 0;
                for (int r = first; r <= last_row(c); ++r) spanned += h[static_cast<size_t>(r - r0)];
                const double still = need(part);
                if (still > spanned) h[static_cast<size_t>(last_row(c) - r0)] += still - spanned;
            }
            const double room = flow_.remaining();
            double cut = 0;
            int r = r0;
            while (r < end && cut + h[static_cast<size_t>(r - r0)] <= room + 1e-6) cut += h[static_cast<size_t>(r++ - r0)];
            int slice_end = r;  // rows [r0, slice_end) are touched by this slice
            if (r < end) {
                const double row = h[static_cast<size_t>(r - r0)];
                const bool too_tall = row > flow_.body_height() - t_.header_height + 1e-6;
                // A row that would fit on a fresh page moves there whole (if something else is on this
                // page); a row taller than any page is cut here, using the space that is left.
                const bool fresh = flow_.cursor <= t_.header_height + 1e-6;
                // A split_rows table (<frame>) cuts the row at the page bottom instead of moving it.
                if (too_tall || t_.split_rows || (r == r0 && fresh)) {
                    if (!fresh && !first_line_fits(parts, r, r0, h, room)) {
                        if (!t_.split_rows || r == r0) {
                            continue_on_next_page();
                            continue;
                        }
                        // rows r0 … r-1 are placed whole; row r starts on the next page
                    } else {
                        cut = room;
                        slice_end = r + 1;
                    }
                } else if (r == r0) {
                    continue_on_next_page();
                    continue;
                }
            }
            const double top = flow_.y();
            bool progress = r > r0;
            for (Part& part : parts) {
                const PreparedCell& c = t_.cells[part.cell];
                const int first = std::max(c.row, r0);
                if (last_row(c) < r0 || first >= slice_end) continue;
                double offset = 0;  // from the slice top to the cell's top
                for (int k = r0; k < first; ++k) offset += h[static_cast<size_t>(k - r0)];
                double natural = 0;
                for (int k = first; k <= last_row(c); ++k) natural += h[static_cast<size_t>(k - r0)];
                const auto& lines = c.lines;
                const bool whole = offset + natural <= cut + 1e-6;
                double y = top - offset - t_.padding;
                if (whole && !part.started) {
                    const double extra = natural - 2 * t_.padding - remaining(part);
                    if (c.valign == document::VAlign::middle) y -= extra / 2;
                    if (c.valign == document::VAlign::bottom) y -= extra;
                }
                const double space = cut - offset - 2 * t_.padding;
                double used = 0;
                while (part.next < lines.size() && (whole || used + lines[part.next].height <= space + 1e-6)) {
                    place_line(lines[part.next], left_ + c.x + t_.padding, y, flow_.page());
                    y -= lines[part.next].height;
                    used += lines[part.next].height;
                    ++part.next;
                    progress = true;
                }
                part.started = true;
                const double box = whole ? natural : cut - offset;
                cell_box(c, top - offset, box);
                if (!whole) {
                    part.drawn += box;
                    if (c.min_height > 0 && box > 1e-6) progress = true;  // the minimum height shrinks
                }
            }
            if (!progress) {
                // A single line taller than an empty page: place it anyway (it overflows the bottom
                // margin) rather than lose it or loop.
                bool placed = false;
                for (Part& part : parts) {
                    const PreparedCell& c = t_.cells[part.cell];
                    if (part.next < c.lines.size() && last_row(c) >= r0 && std::max(c.row, r0) == r0) {
                        place_line(c.lines[part.next], left_ + c.x + t_.padding, top - t_.padding, flow_.page());
                        ++part.next;
                        placed = true;
                        break;
                    }
                }
                // Nothing left to place, yet the row is taller than any page (its minimum height, from
                // the line pitch): each new page would be the same, so it is refused (issue #11).
                if (!placed)
                    throw core::InputError(
                        t_.where, core::tr("表格的一行高 " + std::to_string(static_cast<int>(h.front())) + "pt，高于版心（" +
                                               std::to_string(static_cast<int>(flow_.body_height())) +
                                               "pt）：请减小行距 line-pitch 或字号",
                                           "a table row is " + std::to_string(static_cast<int>(h.front())) +
                                               "pt high, taller than the page body (" +
                                               std::to_string(static_cast<int>(flow_.body_height())) +
                                               "pt); reduce the line pitch or the font size"));
                engine_.warn(t_.where, core::tr("表格单元格里的一行高于一页，超出了下边距",
                                                "a line of a table cell is taller than the page; it overflows the bottom margin"));
            }
            flow_.cursor += cut;
            body_on_page_ = true;
            if (r < end && slice_end == r + 1 && row_finished(parts, r, r0)) ++r;
            if (r == end) break;
            r0 = r;
            continue_on_next_page();
        }
    }
};

}  // namespace

void place_table(Engine& engine, Flow& flow, const PreparedTable& table) { TablePlacer(engine, flow, table).run(); }

}  // namespace dangan::layout
