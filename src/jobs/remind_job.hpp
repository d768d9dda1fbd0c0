// `dangan remind DATA…`: the 工作提醒表 — what is due, overdue or coming on one day — as text, JSON
// or a printable PDF (template remind.tpl).
#pragma once

#include "jobs/check_job.hpp"

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace dangan::jobs {

struct RemindRequest {
    std::vector<std::filesystem::path> inputs;
    std::optional<std::string> profile;
    std::optional<core::PartialDate> as_of;      ///< default today
    std::optional<int> within_days;              ///< default: the profile's remind.within_days (30)
    std::string format = "text";                 ///< text or json, printed to `out`
    std::optional<std::filesystem::path> pdf;    ///< also write the table as a PDF
    std::vector<std::filesystem::path> template_dirs;
    bool deterministic = false;
    bool force = false;  ///< --force: --out may replace a file dangan did not write
};

/// Parses a look-ahead such as "30d", "30", "2w" or "1m" (30 days) into days; throws
/// core::InputError with the accepted forms otherwise.
int parse_within(const std::string& text);

/// Returns 0 when nothing is overdue, 1 when something is, 2 for unusable input.
ExitCode run_remind(const RemindRequest& request, std::ostream& out, std::ostream& err);

}  // namespace dangan::jobs
