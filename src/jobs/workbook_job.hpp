// `dangan workbook --out 台账.xlsx` (a blank workbook to fill in) and `dangan export DATA --out X.xlsx`
// (any data set as that workbook; reading it back gives the same records).
#pragma once

#include "jobs/check_job.hpp"

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace dangan::jobs {

struct WorkbookRequest {
    std::vector<std::filesystem::path> inputs;  ///< empty: the blank workbook
    std::filesystem::path out;
    std::optional<std::string> profile;
};

ExitCode run_workbook(const WorkbookRequest& request, std::ostream& out, std::ostream& err);

/// `dangan import MINUTES.docx… --out DIR`: each Word minutes file becomes DIR/<name>.json, a meeting
/// record for review; the report says per file what was understood and what was not. Exit 1 when
/// something was not understood (the records are still written), 2 when a file cannot be read.
struct ImportRequest {
    std::vector<std::filesystem::path> inputs;
    std::filesystem::path out_dir;
};
ExitCode run_import(const ImportRequest& request, std::ostream& out, std::ostream& err);

}  // namespace dangan::jobs
