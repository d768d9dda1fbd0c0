// A spreadsheet as dangan reads it: sheets of cells addressed by row and column, whatever the file
// was (.xlsx or .csv). Dates stored as Excel serial numbers are already turned into ISO text here.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace dangan::workbook {

struct Cell {
    std::string text;       ///< the value as text (numbers without a trailing .0; dates as 2025-03-15)
    bool number = false;    ///< a numeric cell (not a date)
    double value = 0;       ///< the number, when `number`
    bool date = false;      ///< a cell formatted as a date or time in Excel (text already converted)
    std::string problem;    ///< why the value could not be read (1900-02-29, an error cell such as #REF!)
};

struct Sheet {
    std::string name;
    std::string file;  ///< set for a CSV sheet (its own file); empty for a sheet of the workbook
    std::map<std::pair<int, int>, Cell> cells;  ///< (row, column), both 1-based
    std::vector<std::string> merged;             ///< merged ranges as written ("C7:C8"), already filled
    int rows = 0, columns = 0;

    const Cell* at(int row, int column) const {
        auto it = cells.find({row, column});
        return it == cells.end() ? nullptr : &it->second;
    }
};

struct Workbook {
    std::string file;           ///< the path as the user gave it
    std::vector<Sheet> sheets;  ///< in the workbook's order
    std::vector<std::string> notes;  ///< things noticed while reading (merged ranges), reported as warnings
};

/// "C7" for row 7, column 3.
std::string cell_name(int row, int column);

/// Excel's 1900 date system: serial 1 = 1900-01-01; serial 60 is the 1900-02-29 that never was (Lotus
/// kept it and Excel copied it), so serials from 61 on are one day ahead of a true day count. Returns
/// false for 60 and for serials out of range; `date1904` for workbooks made on old Macs.
bool serial_to_iso(double serial, bool date1904, std::string& iso);

}  // namespace dangan::workbook
