// Writing the workbook: `dangan workbook` (blank, with header notes, drop-down lists and date columns)
// and `dangan export` (any data set in the same sheets, read back into the same records).
#pragma once

#include "records/model.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace dangan::workbook {

struct WriteOptions {
    std::vector<std::string> meeting_kinds;     ///< canonical names, for the 会议类型 drop-down list
    std::vector<std::string> development_steps; ///< names of steps 1..N, one 发展 column each
};

/// Writes `data` (nullptr: a blank workbook) to `out` atomically (a temporary file in the same folder,
/// then renamed). Throws core::InputError when the file cannot be written.
void write_workbook(const std::filesystem::path& out, const records::Dataset* data, const WriteOptions& options);

}  // namespace dangan::workbook
