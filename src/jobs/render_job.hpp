// `dangan render DATA…`: meeting records through templates into numbered PDF ledgers
// (会议记录本 = cover + 归档文件目录 + one record per 件), written atomically.
#pragma once

#include "jobs/check_job.hpp"

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace dangan::jobs {

struct RenderRequest {
    std::vector<std::filesystem::path> inputs;
    std::optional<std::string> profile;
    std::optional<core::PartialDate> as_of;
    std::optional<std::filesystem::path> out;      ///< one book into this file
    std::optional<std::filesystem::path> out_dir;  ///< the default set: one book per kind and year + catalogues
    std::string record_template = "meeting.tpl";   ///< template for each record
    std::vector<std::filesystem::path> template_dirs;  ///< searched before the shipped templates/
    std::optional<std::string> kind;               ///< only this meeting kind (canonical name or alias)
    std::optional<int> year;
    /// --year FIRST-LAST: the years year … last_year; with --out they are bound into one book (each year's
    /// matters keep their own 档号), with --out-dir each year gets its books as usual.
    std::optional<int> last_year;
    bool all_years = false;                        ///< --all: with --out, every year into one book
    bool deterministic = false;                    ///< same input, same bytes (tests)
    bool allow_date_errors = false;                ///< render even when check finds date errors
    bool progress = false;                         ///< print progress on long jobs
    bool simplified = false;                       ///< print Traditional characters as Simplified
    /// An archive made by `dangan archive`: its issued 档号 are printed (docs/numbering.md).
    std::optional<std::filesystem::path> archive;
    bool force = false;  ///< --force: --out may replace a file dangan did not write
};

/// Returns 0 when every file was written and nothing needs attention, 1 when check found date errors
/// (nothing rendered unless allowed) or a character could not be drawn, 2 for unusable input.
ExitCode run_render(const RenderRequest& request, std::ostream& out, std::ostream& err);

}  // namespace dangan::jobs
