// `dangan archive DATA… --to DIR`: files every meeting record with a full date into a 一事一档
// archive (archive/store.hpp): its PDF, its source record, its attachments and a manifest, under a
// 件号 that never changes once issued.
#pragma once

#include "jobs/check_job.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace dangan::jobs {

struct ArchiveRequest {
    std::vector<std::filesystem::path> inputs;
    std::filesystem::path to;                          ///< the archive folder (created when absent)
    std::optional<std::string> profile;
    std::optional<core::PartialDate> as_of;
    std::string format = "text";                       ///< of the findings printed (late records, dates)
    std::string record_template = "meeting.tpl";
    std::vector<std::filesystem::path> template_dirs;
    bool deterministic = false;                        ///< fixed PDF dates and IDs (tests)
    /// A folder outside the data folders from which attachments may also be copied (--attachments-root).
    std::optional<std::filesystem::path> attachments_root;
    /// --rebuild-index: build index.sqlite again from the manifests, then file as usual (or only
    /// rebuild when no data is given).
    bool rebuild_index = false;
    /// Called as the run goes (the web app shows it as a share done): the phase ("排版", "写入档案") and how
    /// many of its matters are done of all; total 0 while it cannot say. May be called from worker threads.
    std::function<void(const std::string& phase, size_t done, size_t total)> progress;
};

/// Returns 0 when every record was filed (late records only give warnings), 1 when some records
/// could not be filed because their date is missing, partial or wrong, 2 for unusable input.
ExitCode run_archive(const ArchiveRequest& request, std::ostream& out, std::ostream& err);

}  // namespace dangan::jobs
