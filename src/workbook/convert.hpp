// Spreadsheet → records: each sheet row becomes the JSON object the JSON loader reads (so a workbook
// and a JSON folder give the same typed records), with a map from every value back to its cell.
#pragma once

#include "core/diagnostic.hpp"
#include "records/loader.hpp"
#include "workbook/schema.hpp"
#include "workbook/sheet.hpp"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dangan::workbook {

/// One record file's worth of data made from sheets.
struct Document {
    std::string label;                         ///< the "file" its records' locations name
    Poco::JSON::Object::Ptr root;              ///< {"kind": …} as in a JSON record file
    std::map<std::string, std::string> cells;  ///< JSON pointer → "台账.xlsx 会议!E7"
};

/// Turns the sheets of one workbook (or of the CSV files of one folder) into documents. Problems of
/// single cells go to `sink` naming the sheet and cell; unknown sheets and columns are warnings.
std::vector<Document> convert(const Workbook& book, const records::Vocabulary& vocabulary, core::DiagnosticSink& sink);

/// A cell's value for a column of `type`; nullopt (and `problem` set, in Chinese) when it cannot be
/// read as that type. An empty cell gives an empty Var.
Poco::Dynamic::Var parse_cell(Type type, const Cell& cell, std::string& problem, std::string* note = nullptr);

/// What a JSON value looks like in a cell of `type` (the inverse of parse_cell); `date_cell` is set
/// when the text is a full ISO date that should be written as an Excel date.
std::string format_cell(Type type, const Poco::Dynamic::Var& value, bool* numeric = nullptr);

/// Loads JSON record files, .xlsx workbooks and .csv sheets from the folders or files named (the
/// records::load_dataset of JSON, extended to spreadsheets).
records::Dataset load_dataset(const std::vector<std::filesystem::path>& inputs, const records::Vocabulary& vocabulary,
                              core::DiagnosticSink& sink);

/// The cell a JSON pointer of a document came from: the longest prefix of `pointer` that has one.
std::string cell_for(const std::map<std::string, std::string>& cells, std::string pointer);

}  // namespace dangan::workbook
