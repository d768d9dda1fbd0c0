// A finding: one rule broken by one record, in the shape `check` and `audit` both print.
#pragma once

#include "core/diagnostic.hpp"

#include <string>
#include <vector>

namespace dangan::rules {

/// Stable rule ids (README "Rule ids"): scripts and inspectors' spreadsheets depend on them.
namespace rule_id {
inline constexpr const char* date_missing = "date.missing";
inline constexpr const char* date_partial = "date.partial";
inline constexpr const char* date_invalid = "date.invalid";
inline constexpr const char* date_inconsistent = "date.inconsistent";
inline constexpr const char* date_order = "date.order";
inline constexpr const char* date_future = "date.future";
inline constexpr const char* cadence_gap = "cadence.gap";
inline constexpr const char* workflow_missing = "workflow.missing";
inline constexpr const char* workflow_order = "workflow.order";
inline constexpr const char* workflow_interval = "workflow.interval";
inline constexpr const char* term_expired = "term.expired";
inline constexpr const char* vote_quorum = "vote.quorum";
inline constexpr const char* vote_majority = "vote.majority";
inline constexpr const char* vote_method = "vote.method";
inline constexpr const char* vote_margin = "vote.margin";
inline constexpr const char* number_gap = "number.gap";
inline constexpr const char* number_duplicate = "number.duplicate";
inline constexpr const char* number_format = "number.format";
inline constexpr const char* content_placeholder = "content.placeholder";
inline constexpr const char* record_incomplete = "record.incomplete";
inline constexpr const char* record_inconsistent = "record.inconsistent";
// 党费收缴台账 (check_dues.cpp, docs/dossiers.md).
inline constexpr const char* dues_missing = "dues.missing";  ///< a month due and not recorded as paid
inline constexpr const char* dues_lapse = "dues.lapse";      ///< N consecutive months unpaid → 自行脱党 warning
inline constexpr const char* dues_backpay = "dues.backpay";  ///< paid more than N months late
inline constexpr const char* dues_amount = "dues.amount";    ///< amount or rate not as the rate table says
inline constexpr const char* dues_start = "dues.start";      ///< a month before the member had to pay
// Audit of archive folders only (`dangan audit`), in the style of BagIt's lints and manifests.
inline constexpr const char* lint_junk = "lint.junk";                   ///< Thumbs.db, .DS_Store, ~$*.docx
inline constexpr const char* lint_normalization = "lint.normalization"; ///< same name in two Unicode forms
inline constexpr const char* lint_empty = "lint.empty";                 ///< a file of 0 bytes
inline constexpr const char* lint_unreadable = "lint.unreadable";       ///< cannot be read or listed
inline constexpr const char* lint_symlink = "lint.symlink";             ///< symbolic link, not followed
inline constexpr const char* lint_corrupt = "lint.corrupt";             ///< a document that does not open
inline constexpr const char* lint_encoding = "lint.encoding";           ///< a name not in UTF-8 (GBK …)
inline constexpr const char* manifest_missing = "manifest.missing";     ///< listed but absent
inline constexpr const char* manifest_extra = "manifest.extra";         ///< present but not listed
inline constexpr const char* manifest_checksum = "manifest.checksum";   ///< SHA-256 or size differs
inline constexpr const char* archive_empty = "archive.empty";           ///< no file, or no record recognised
}  // namespace rule_id

struct Finding {
    std::string rule;                  ///< one of rule_id
    core::Severity severity = core::Severity::error;
    core::Location where;              ///< file (path), line, record, field
    std::string period;                ///< for cadence: "2025-05", "2025-Q2", "2025-H1", "2025"
    std::vector<std::string> dates;    ///< ISO dates involved
    std::string message;               ///< readable Chinese sentence
    std::string basis;                 ///< the rule's source, e.g. "R02 细则第7条"
    /// A library's own words behind the finding (e.g. a zip reader's error), for the JSON only: the
    /// message says it in Chinese for the reader, this keeps the original for whoever debugs it.
    std::string detail;
};

/// Sorts findings by file, record, line, then rule, so reports are stable.
void sort_findings(std::vector<Finding>& findings);

/// The findings as a JSON document: {"findings": [...], "summary": {...}} (README "JSON findings").
std::string findings_to_json(const std::vector<Finding>& findings);

/// The text report: grouped by file and record, in readable Chinese, with a summary line.
std::string findings_to_text(const std::vector<Finding>& findings);

bool has_errors(const std::vector<Finding>& findings);

}  // namespace dangan::rules
