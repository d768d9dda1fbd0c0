// `dangan check DATA…`: load the records, run every rule, print the report.
#pragma once

#include "core/date.hpp"
#include "core/diagnostic.hpp"
#include "records/model.hpp"
#include "rules/finding.hpp"
#include "rules/profile.hpp"

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace dangan::jobs {

enum class ExitCode { clean = 0, findings = 1, unusable = 2 };

struct CheckRequest {
    std::vector<std::filesystem::path> inputs;
    std::optional<std::string> profile;      ///< --profile: an id or a file
    std::optional<core::PartialDate> as_of;  ///< --as-of, default today
    std::string format = "text";             ///< text or json
};

/// The rule book and the records of one run.
struct Inputs {
    rules::RuleBook book;
    records::Dataset data;
};

/// Loads the rule-set profiles (`profile`: --profile) and every record file of `inputs`, printing the data's
/// diagnostics to `err`. Returns nullopt when the data has errors: the caller stops with exit 2.
std::optional<Inputs> load_inputs(const std::vector<std::filesystem::path>& inputs,
                                  const std::optional<std::string>& profile, std::ostream& err);

/// Runs the check and writes the report to `out` and data errors to `err`. Returns the exit code:
/// 0 no error-level finding, 1 error-level findings, 2 data errors (the report is then not produced).
ExitCode run_check(const CheckRequest& request, std::ostream& out, std::ostream& err);

/// Gives each finding that names a JSON field the line of that field (scanning only the files that
/// have findings).
void add_line_numbers(std::vector<rules::Finding>& findings);

/// Findings on records read from a spreadsheet name the cell (`台账.xlsx 会议!E7`) instead of a JSON
/// pointer. Call before add_line_numbers.
void add_cell_references(std::vector<rules::Finding>& findings, const records::Dataset& data);

/// Prints diagnostics (data errors and warnings) one per line; returns true if any is an error.
bool print_diagnostics(const std::vector<core::Diagnostic>& diagnostics, std::ostream& err);

}  // namespace dangan::jobs
