// Plain tables as an .xlsx workbook (the 工委's summary of `dangan audit --branches`): one sheet per
// table, a bold frozen header row, set column widths, numbers stored as numbers. Not the 台账 workbook
// (writer.hpp), which carries the record schema; this one has no schema, only rows.
#pragma once

#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace dangan::workbook {

struct TableCell {
    std::string text;              ///< shown when `number` is empty
    std::optional<double> number;  ///< a number cell (sums and sorting work in the spreadsheet)
};

struct TableSheet {
    std::string name;                          ///< the sheet's tab (at most 31 characters, no []:*?/\)
    std::vector<std::string> headers;          ///< the first row, bold and frozen
    std::vector<double> widths;                ///< column widths in characters, one per header
    std::vector<bool> wrap;                    ///< columns whose long text wraps (empty: none)
    std::vector<std::vector<TableCell>> rows;  ///< one cell per header
};

struct TableProperties {
    std::string title;
    std::string comments;
    std::time_t created = 0;  ///< 0: now; a fixed time gives the same bytes for the same tables
};

/// Whether `file` is a workbook write_tables made (its document properties name dangan as author), so a
/// second run may replace it; a 台账 a branch filled in is never one.
bool written_by_write_tables(const std::filesystem::path& file);

/// Writes `sheets` to `out` through a temporary beside it and a rename, so a reader never sees half a
/// workbook. Throws core::InputError naming the file when it cannot be written.
void write_tables(const std::filesystem::path& out, const std::vector<TableSheet>& sheets,
                  const TableProperties& properties);

}  // namespace dangan::workbook
