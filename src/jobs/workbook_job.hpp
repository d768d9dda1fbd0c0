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

}  // namespace dangan::jobs
