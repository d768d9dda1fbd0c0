#include "layout/table.hpp"

#include "layout/inline.hpp"

#include <algorithm>
#include <numeric>
#include <sstream>

namespace dangan::layout {

double PreparedTable::height() const {
    return std::accumulate(row_height.begin(), row_height.end(), 0.0);
}

double table_lead(const PreparedTable& table) {
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
            engine.warn(where, "the fixed column widths of the table leave no room for its automatic (*) columns");
        }
    }
    const double total = std::accumulate(widths.begin(), widths.end(), 0.0);
    if (total > measure + 1e-6) {
        std::ostringstream message;
        message.precision(1);
        message << std::fixed << "the table's columns are " << total * 25.4 / 72 << " mm wide but the text is only "
                << measure * 25.4 / 72 << " mm wide; the columns were narrowed to fit";
        engine.warn(where, message.str());
        for (double& w : widths) w *= measure / total;
    }
    return widths;
}

PreparedTable prepare_table(Engine& engine, const document::Table& table, double measure, bool keep_together,
                            const core::Location& where) {
    PreparedTable out;
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
            const double inner = std::max(1.0, pc.width - 2 * table.padding);
            for (const auto& paragraph : cell.paragraphs) {
                for (auto& line : layout_paragraph(engine, paragraph, inner)) {
                    pc.content_height += line.height;
                    pc.lines.push_back(std::move(line));
                }
            }
            if (cell.rowspan == 1) {
                out.row_height[cell.row] = std::max(out.row_height[cell.row], pc.content_height + 2 * table.padding);
            }
            out.cells.push_back(std::move(pc));
        }
    }
    // A spanning cell taller than its rows grows the last row it spans.
    for (const auto& pc : out.cells) {
        if (pc.rowspan == 1) continue;
        double spanned = 0;
        for (int r = pc.row; r < pc.row + pc.rowspan; ++r) spanned += out.row_height[r];
        const double need = pc.content_height + 2 * table.padding;
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
            } else if (band.height <= fresh + 1e-6 && body_on_page_) {
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

    /// A band taller than the space left: cells are cut between lines; each page gets a slice in
    /// which every cell of the band continues where it stopped. Nothing is clipped or dropped.
    void split_band(const Band& band) {
        std::vector<size_t> next(band.cells.size(), 0);
        auto finished = [&] {
            for (size_t k = 0; k < band.cells.size(); ++k) {
                if (next[k] < t_.cells[band.cells[k]].lines.size()) return false;
            }
            return true;
        };
        bool first_slice = true;
        while (first_slice || !finished()) {
            const double room = flow_.remaining() - 2 * t_.padding;
            // How many lines of each cell fit in this slice.
            std::vector<size_t> take(band.cells.size(), 0);
            double used = 0;
            bool any = false;
            for (size_t k = 0; k < band.cells.size(); ++k) {
                const auto& lines = t_.cells[band.cells[k]].lines;
                double h = 0;
                size_t i = next[k];
                while (i < lines.size() && h + lines[i].height <= room + 1e-6) h += lines[i++].height;
                take[k] = i;
                any |= i > next[k];
                used = std::max(used, h);
            }
            if (!any) {
                // Nothing fits below what is already on this page: continue on a fresh one, unless
                // this page holds nothing but the repeated header rows already.
                if (flow_.cursor > t_.header_height + 1e-6) {
                    continue_on_next_page();
                    first_slice = false;
                    continue;
                }
                // A single line taller than an empty page: place one line anyway, so text is not lost.
                for (size_t k = 0; k < band.cells.size(); ++k) {
                    const auto& lines = t_.cells[band.cells[k]].lines;
                    if (next[k] < lines.size()) {
                        take[k] = next[k] + 1;
                        used = std::max(used, lines[next[k]].height);
                    }
                }
                engine_.warn(t_.where, "a line of a table cell is taller than the page; it overflows the bottom margin");
            }
            bool done = true;
            for (size_t k = 0; k < band.cells.size(); ++k) done &= take[k] >= t_.cells[band.cells[k]].lines.size();
            const double slice = done ? std::max(used + 2 * t_.padding, first_slice ? band.height : 0.0)
                                      : std::max(flow_.remaining(), used + 2 * t_.padding);
            const double top = flow_.y();
            for (size_t k = 0; k < band.cells.size(); ++k) {
                const PreparedCell& cell = t_.cells[band.cells[k]];
                double y = top - t_.padding;
                for (size_t i = next[k]; i < take[k]; ++i) {
                    place_line(cell.lines[i], left_ + cell.x + t_.padding, y, flow_.page());
                    y -= cell.lines[i].height;
                }
                next[k] = take[k];
                cell_box(cell, top, slice);
            }
            flow_.cursor += slice;
            body_on_page_ = true;
            first_slice = false;
            if (!done) continue_on_next_page();
            if (done) break;
        }
    }
};

}  // namespace

void place_table(Engine& engine, Flow& flow, const PreparedTable& table) { TablePlacer(engine, flow, table).run(); }

}  // namespace dangan::layout
