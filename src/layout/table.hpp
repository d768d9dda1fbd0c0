// Tables (STYLE §(c)5): resolve the grid and column widths, measure cells and rows, then place
// row bands on pages with the header rows repeated; a band taller than a page splits inside its
// cells at line boundaries.
#pragma once

#include "layout/flow.hpp"

#include <vector>

namespace dangan::layout {

struct PreparedCell {
    int row = 0, column = 0, rowspan = 1, colspan = 1;
    double x = 0, width = 0;  ///< outer box, relative to the table's left edge
    document::VAlign valign = document::VAlign::middle;
    std::vector<Line> lines;  ///< all paragraphs of the cell, stacked (a table inside it: a line per band)
    double content_height = 0;
    double min_height = 0;    ///< the cell's box is at least this tall, padding included
};

/// Rows that rowspans tie together: the unit that is moved to the next page as a whole.
struct Band {
    int first_row = 0, end_row = 0;
    double height = 0;
    std::vector<size_t> cells;  ///< indexes into PreparedTable::cells of cells starting in the band
};

struct PreparedTable {
    std::vector<double> column_x;  ///< column edges, size = columns + 1, relative to the table's left
    std::vector<double> row_top;   ///< top of each row from the table's top (size = rows + 1)
    std::vector<double> row_height;
    std::vector<PreparedCell> cells;
    std::vector<Band> bands;
    size_t header_bands = 0;  ///< the first header_bands bands repeat on every page
    double header_height = 0;
    double padding = 0;
    double min_row_height = 0;  ///< an empty row: one line of the cell style plus padding
    bool borders = true;
    double border_width = 0.5;
    bool keep_together = false;
    bool split_rows = false;  ///< document::Table::split_rows: a row that does not fit is cut, not moved
    core::Location where;
    double height() const;
};

/// Lays out a table's cells in `measure` (resolve → measure).
PreparedTable prepare_table(Engine& engine, const document::Table& table, double measure, bool keep_together,
                            const core::Location& where);

/// Places a prepared table at the flow's position, splitting it across pages as needed.
void place_table(Engine& engine, Flow& flow, const PreparedTable& table);

/// The height the start of a table needs on a page: header rows plus the first body band (of a
/// split_rows table, only its first line).
double table_lead(const PreparedTable& table);

}  // namespace dangan::layout
