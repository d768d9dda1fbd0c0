// The shared index of the web app (issue #15, item 3): for every branch the server serves, its matters with
// their 档号, the findings of `check`, #12's score and the 工作提醒 past their deadline, in database tables —
// PostgreSQL for a `--config` server that names one, embedded SQLite otherwise — through Poco::Data with one
// schema and one code path. The 工委 dashboard reads it with one query instead of reading and judging
// hundreds of folders on each view.
//
// The data folders stay the truth: each branch's row carries the fingerprint of what it was made from (the
// record files' names, sizes and modification times, the day, the archive's index), and a row whose
// fingerprint differs from the folder's, or that is missing, is made again from the folder. Saves, archive
// and audit runs update their branch at once; a periodic sweep catches edits made by the command line.
#pragma once

#include "archive/scoring.hpp"
#include "server/accounts.hpp"
#include "server/branch.hpp"

#include <Poco/Data/Session.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace dangan::server {

/// One branch as the dashboard shows it.
struct IndexedBranch {
    std::string id, name, fingerprint;
    bool usable = true;
    int records = 0, matters = 0, coded = 0;  ///< records read; matters numbered; of those, 档号 issued by the archive
    int errors = 0, warnings = 0, overdue = 0;
    std::string score, grade;                 ///< #12's score of the findings ("" when the data is unusable)
    std::string main;                         ///< the first error's message
    std::string overdue_items;                ///< the first overdue 工作提醒, by subject ("王建华；支部委员会 等 5 项")
    std::string last_job;                     ///< the last archive or audit run from the browser ("审计 2025-12-31 …")
};

/// One matter of a branch: identity key, kind, date, 题名 and the 档号 the one numbering gives it.
struct IndexedMatter {
    std::string branch, key, kind, date, title, code;
    bool issued = false;  ///< the 档号 came from the branch's archive (filed), not only computed
};

class SharedIndex {
public:
    /// Opens the database and creates the index tables when absent. "sqlite" with target ":memory:" is a
    /// private index that lives as long as the server (the default of `serve DATA`). Throws core::InputError.
    explicit SharedIndex(const DatabaseConfig& database);
    ~SharedIndex();
    SharedIndex(const SharedIndex&) = delete;
    SharedIndex& operator=(const SharedIndex&) = delete;

    /// The fingerprint stored for `branch`, or nullopt when the index has no row for it.
    std::optional<std::string> fingerprint(const std::string& branch);

    /// Replaces everything the index holds of `branch` with what `snapshot` says (one transaction):
    /// counts, findings, score, overdue reminders, and the matters numbered with the archive's issued
    /// numbers (`archive`: the branch's archive folder, if any).
    void update(const std::string& branch, const std::string& name, const std::string& fingerprint,
                const Snapshot& snapshot, const std::optional<std::filesystem::path>& archive);
    /// Notes the last archive or audit run of a branch (shown on the dashboard).
    void note_job(const std::string& branch, const std::string& text);
    /// Removes the rows of branches not in `keep` (a branch taken out of server.json).
    void forget_others(const std::vector<std::string>& keep);

    /// Every branch, those needing attention first: unusable data, then most errors, then most overdue.
    std::vector<IndexedBranch> branches();
    std::optional<IndexedBranch> branch(const std::string& id);
    /// Matters whose 档号 or 题名 contains `text` (all when empty), of `branch` or of every branch, at most
    /// `limit`, by branch and 档号.
    std::vector<IndexedMatter> matters(const std::string& branch, const std::string& text, size_t limit = 500);
    struct IndexedFinding {
        std::string severity, rule, record, message;
    };
    std::vector<IndexedFinding> findings(const std::string& branch);

    const archive::ScoringProfile& scoring() const { return scoring_; }
    /// Counts the changes made through this object (update, note_job, forget_others): a reader may keep
    /// what it read while the count stays the same.
    std::uint64_t generation() const { return generation_.load(); }

private:
    std::string sql(std::string text) const;  ///< '?' placeholders, as $1, $2 … for PostgreSQL

    DatabaseConfig config_;
    std::unique_ptr<Poco::Data::Session> db_;
    std::mutex mutex_;  ///< one statement (or transaction) at a time on the one connection
    archive::ScoringProfile scoring_;
    std::atomic<std::uint64_t> generation_{0};
};

}  // namespace dangan::server
