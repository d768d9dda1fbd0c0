// Reading .xlsx and .csv files into Workbook. Unusable files (not a zip, not a workbook, text in no
// known encoding) throw core::InputError with a Chinese message naming the file.
#pragma once

#include "workbook/sheet.hpp"

#include <filesystem>
#include <string>

namespace dangan::workbook {

/// Reads every worksheet: shared and inline strings, numbers, booleans, dates (by the cell's number
/// format), merged ranges (the top-left value is copied into every cell of the range).
Workbook read_xlsx(const std::filesystem::path& path);

/// Reads one CSV file as one sheet named after the file (会议.csv → 会议; 台账-会议.csv → 会议). The
/// text may be UTF-8, UTF-8 with BOM or GB18030/GBK (as Excel on a Chinese Windows saves "CSV").
/// `encoding` is set to what was found.
Workbook read_csv(const std::filesystem::path& path, std::string* encoding = nullptr);

/// Parses CSV text (RFC 4180: quotes, doubled quotes, line breaks inside quotes) into a sheet.
Sheet parse_csv(const std::string& utf8, const std::string& name);

}  // namespace dangan::workbook
