// `dangan audit PATH`: judges an archive folder tree (hand-made or made by `dangan archive`) and
// prints the findings as text or JSON.
#pragma once

#include "jobs/check_job.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace dangan::jobs {

struct AuditRequest {
    std::filesystem::path root;
    std::optional<std::string> profile;                 ///< --profile: an id or a file
    std::optional<core::PartialDate> as_of;             ///< --as-of, default today
    std::string format = "text";                        ///< text or json (of the report on standard output)
    bool fast = false;                                  ///< --fast: sizes only, no SHA-256
    bool follow_links = false;                          ///< --follow-links: walk symbolic links too
    std::optional<std::filesystem::path> vocabulary;    ///< --vocabulary FILE, default profiles/audit/vocabulary.json
    bool timing = false;                                ///< print walk and hashing times to `err`
    std::optional<std::filesystem::path> pdf;           ///< --out: also write the 检查情况反馈单 here
                                                        ///< (with --branches: the 汇总表 and every branch's 反馈单)
    std::optional<std::filesystem::path> xlsx;          ///< --branches --out FILE.xlsx: the summary workbook
    std::optional<std::filesystem::path> scoring;       ///< --scoring FILE, default profiles/audit/scoring.json
    std::vector<std::filesystem::path> template_dirs;   ///< searched before the shipped templates/
    bool deterministic = false;
    bool force = false;  ///< --force: --out may replace a file dangan did not write
    bool contents = true;                               ///< open the documents (--names-only: false)
    bool ocr = false;                                   ///< --ocr: read scanned minutes through Tesseract
    std::optional<core::PartialDate> since;             ///< --since: the branch's founding date
    bool branches = false;                              ///< --branches: root holds one branch per subfolder (or is a list file)
    /// Told how far the audit is (phase, done, total; total 0 while unknown), besides the terminal's
    /// progress line: the web app shows it as a share done.
    std::function<void(const std::string& phase, size_t done, size_t total)> progress;
};

/// Returns 0 when no error-level finding, 1 with error-level findings, 2 when the path is not a
/// readable folder or the vocabulary or profile is unusable.
ExitCode run_audit(const AuditRequest& request, std::ostream& out, std::ostream& err);

}  // namespace dangan::jobs
