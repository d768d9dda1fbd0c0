// `check`: every date rule and record rule over a loaded dataset.
#pragma once

#include "core/placeholder.hpp"

#include "records/model.hpp"
#include "rules/finding.hpp"
#include "rules/profile.hpp"

#include <vector>

namespace dangan::rules {

struct CheckOptions {
    core::PartialDate as_of;  ///< "today" for the rules: later dates are date.future; open periods are not judged
};

/// Runs every rule family (dates, meeting records, cadence, term, elections, development dossiers, dues)
/// and returns the findings sorted for reporting.
std::vector<Finding> check_dataset(const records::Dataset& data, const RuleBook& book, const CheckOptions& options);

// The rule families, each in its own file (exposed for unit tests).
void check_dates(const records::Dataset& data, const CheckOptions& options, std::vector<Finding>& out);
/// Names in meeting records (host, recorder, present, absent) that are not on the roster (issue 14).
void check_people(const records::Dataset& data, std::vector<Finding>& out);
/// 发展 steps decided at a meeting, against that meeting (issue 14, check_decisions.cpp).
void check_decisions(const records::Dataset& data, std::vector<Finding>& out);
void check_meetings(const records::Dataset& data, const RuleBook& book, std::vector<Finding>& out);
void check_cadence(const records::Dataset& data, const RuleBook& book, const CheckOptions& options,
                   std::vector<Finding>& out);
void check_term(const records::Dataset& data, const RuleBook& book, const CheckOptions& options,
                std::vector<Finding>& out);
void check_elections(const records::Dataset& data, const RuleBook& book, const CheckOptions& options,
                     std::vector<Finding>& out);
void check_developments(const records::Dataset& data, const RuleBook& book, const CheckOptions& options,
                        std::vector<Finding>& out);
/// 党费收缴台账 (check_dues.cpp; rule ids in rules/dues.hpp).
void check_dues(const records::Dataset& data, const RuleBook& book, const CheckOptions& options,
                std::vector<Finding>& out);

/// Checks one recorded vote against the quorum and majority thresholds (R11).
void check_vote(const records::Vote& vote, const VoteRules& rules, bool secret_ballot_required,
                const std::string& record, std::vector<Finding>& out);

/// Whether `text` looks like a placeholder left in a form: XX, ××, xxxx, 某某, 待定, TBD … (core/placeholder.hpp)
using core::looks_like_placeholder;

}  // namespace dangan::rules
