// `dangan dossier DATA…`: the 发展党员纪实簿 (one PDF per person), the 换届选举 dossier and the
// 党费收缴台账 through templates (development.tpl, election.tpl, dues.tpl), written atomically.
#pragma once

#include "jobs/check_job.hpp"
#include "records/model.hpp"
#include "rules/profile.hpp"

#include <Poco/JSON/Object.h>

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace dangan::jobs {

struct DossierRequest {
    std::vector<std::filesystem::path> inputs;
    std::optional<std::string> profile;
    std::optional<core::PartialDate> as_of;        ///< for "not yet due" versus "missing"; default today
    std::optional<std::filesystem::path> out;      ///< exactly one dossier into this file
    std::filesystem::path out_dir = "out";         ///< otherwise one PDF per dossier here
    std::optional<std::string> only;               ///< development, election or dues
    std::optional<std::string> person;             ///< only this applicant's 纪实簿
    std::vector<std::filesystem::path> template_dirs;
    bool deterministic = false;
    /// The 纪实簿 of all selected applicants bound into one PDF (`发展党员纪实簿-合订本.pdf`, or --out) after a
    /// contents page (development-contents.tpl) that gives each person's first page; elections and dues
    /// are written as usual.
    bool merge = false;
    /// An archive made by `dangan archive`: its issued 档号 are printed (docs/numbering.md).
    std::optional<std::filesystem::path> archive;
    bool force = false;  ///< --force: --out may replace a file dangan did not write
};

/// Returns 0 when every file was written cleanly, 1 when a character could not be drawn (the files are
/// still written), 2 for unusable input or a selection that matches nothing.
ExitCode run_dossier(const DossierRequest& request, std::ostream& out, std::ostream& err);

// Template data (exposed for tests). Every key is always present.

/// person, steps (all of the profile's steps, each with present/missing/not-yet state, its computed
/// earliest and due dates and whether the recorded date breaks them), reviews (one row per 6-month
/// window with its 考察 record or missing), thought_reports, training, notices, probation_end.
Poco::JSON::Object::Ptr development_data(const records::DevelopmentDossier& dossier, const rules::RuleBook& book,
                                         const core::PartialDate& as_of);

/// election: steps in the chain order (missing ones marked), candidates in 姓氏笔画 order, the
/// quorum, margin and winner checks worked out. A candidate's gender and position not written in the
/// election come from the organisation's member list.
Poco::JSON::Object::Ptr election_data(const records::ElectionDossier& election, const rules::RuleBook& book,
                                      const records::Organisation* organisation = nullptr);

/// ledger: one row per member with twelve month cells, totals, and the rate table.
Poco::JSON::Object::Ptr dues_data(const records::DuesLedger& ledger, const records::Dataset& data,
                                  const rules::RuleBook& book, const core::PartialDate& as_of);

}  // namespace dangan::jobs
