// `audit`: judges any archive folder tree. Hand-made folders are judged by their names (dates,
// series, number prefixes, dossiers); folders made by `dangan archive` also by their manifests,
// their index and the stored records. All paths in findings are relative to the audited root.
#pragma once

#include "archive/vocabulary.hpp"
#include "archive/walk.hpp"
#include "core/date.hpp"
#include "rules/finding.hpp"
#include "rules/profile.hpp"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace dangan::archive {

struct AuditOptions {
    core::PartialDate as_of;  ///< later dates are date.future; periods not over are not judged
    bool fast = false;        ///< manifests: check presence and sizes only, no SHA-256
    int hash_workers = 2;     ///< threads hashing files of dangan-made archives
    bool follow_links = false;  ///< --follow-links: walk symbolic links as what they point to (WalkOptions)
    /// The branch's life (founding and dissolution): cadence is judged only for periods inside it.
    /// From --since, else audit.json or organisation.json in the audited folder (read_branch_info).
    std::optional<core::PartialDate> since, until;
    bool contents = true;  ///< open the documents (lint.corrupt, dates and placeholders inside); --names-only: off
    bool ocr = false;      ///< --ocr: read the date fields of scanned minutes (.jpg/.png) through Tesseract
    /// Told how far the audit is: `phase` in words (清点文件, 打开文档), `done` of `total` (0: not known).
    /// Called from several threads while documents are opened; must be cheap (a throttled terminal line).
    std::function<void(const std::string& phase, size_t done, size_t total)> progress;
    // Only tests set these, to make files vanish at a chosen moment (docs/reliability.md).
    BeforeListing before_listing;     ///< called before each folder of the walk is listed
    std::function<void()> after_walk; ///< called after the walk, before any file is opened
};

/// What a branch says about itself beside its tree: `audit.json` in the audited folder
/// ({"name", "kind", "since", "until", "groups"}) or, for a dangan archive, organisation.json
/// ("name", "type", "groups", and "founded"/"dissolved" when present).
struct BranchInfo {
    std::string name;  ///< the branch's name for the 反馈单 (empty: the folder's name is used)
    std::string kind;  ///< 机关, 村, 学校, 企业 …
    std::optional<core::PartialDate> since, until;
    std::vector<std::string> groups;
    std::string problem;  ///< why audit.json could not be used (reported as lint.unreadable), or ""
};

/// Reads audit.json, else organisation.json, in `root`; missing files give an empty BranchInfo.
BranchInfo read_branch_info(const std::filesystem::path& root);

struct AuditReport {
    BranchInfo branch;
    std::vector<rules::Finding> findings;  ///< sorted (rules::sort_findings)
    std::uintmax_t files = 0, folders = 0, bytes = 0;
    std::uintmax_t hashed_bytes = 0;
    int records = 0;           ///< files recognised as records (meeting series or dossier documents)
    int dangan_items = 0;      ///< matter folders with a dangan manifest
    int inspected = 0;         ///< documents opened (docx, xlsx, pdf, images)
    double content_seconds = 0;
    double walk_seconds = 0, total_seconds = 0;
};

/// Audits the tree under `root`. Throws core::InputError when `root` is not a readable folder
/// (exit 2); everything inside it that cannot be read is a finding, never fatal.
AuditReport audit_tree(const std::filesystem::path& root, const AuditVocabulary& vocabulary,
                       const rules::RuleBook& book, const AuditOptions& options);

/// The name rules over an already walked tree (hand-made folders; entries inside dangan matter
/// folders are skipped). Exposed for tests and the benchmark.
void audit_names(const Tree& tree, const AuditVocabulary& vocabulary, const rules::RuleBook& book,
                 const AuditOptions& options, AuditReport& report);

/// The text report: grouped by folder, each finding naming its file, in readable Chinese.
std::string audit_to_text(const AuditReport& report);

/// The JSON report: the `check` JSON document (same fields) plus "audit" statistics.
std::string audit_to_json(const AuditReport& report);

}  // namespace dangan::archive
