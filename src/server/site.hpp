// The multi-branch server (`dangan serve --config server.json`) of a 机关工委: many branches, each its own
// data folder served by an App under /b/<id>/, behind accounts and roles (accounts.hpp). A secretary sees and
// edits only the branch of the account; inspectors and administrators read every branch and the dashboard;
// administrators manage accounts. Every save is written to the change log.
//
// server.json:
//   {"branches": [{"id": "jc2", "name": "档案局机关第二支部", "data": "branches/jc2"}, …],
//    "database": "sqlite:accounts.sqlite"            (or "postgresql:host=… port=… dbname=… user=…")
//    "profile": "national-2014"}                      (optional)
// Relative paths are relative to the folder of server.json.
#pragma once

#include "server/accounts.hpp"
#include "server/app.hpp"

#include <filesystem>
#include <Poco/JSON/Array.h>

#include <chrono>
#include <condition_variable>
#include <set>
#include <thread>
#include <map>
#include <mutex>
#include <memory>
#include <optional>

#include "archive/scoring.hpp"
#include <string>
#include <vector>

namespace dangan::server {

struct BranchConfig {
    std::string id;    ///< letters, digits, - and _: it is part of the address /b/<id>/
    std::string name;
    std::filesystem::path data;
    std::optional<std::filesystem::path> archive;  ///< "archive": the branch's archive folder (归档与审计 page)
};

struct SiteConfig {
    std::vector<BranchConfig> branches;
    DatabaseConfig database;
    std::optional<std::string> profile;

    /// Reads server.json. Throws core::InputError in Chinese naming the file and the entry that is wrong.
    static SiteConfig load(const std::filesystem::path& file);
};

struct SiteOptions {
    SiteConfig config;
    std::optional<core::PartialDate> as_of;
    std::vector<std::filesystem::path> template_dirs;
    bool deterministic = false;
    std::string bound_host = "127.0.0.1";
    /// How often the shared index is compared with the folders for edits made outside the server (the
    /// command line, an editor); 0: never (tests call refresh_index()).
    int sweep_seconds = 30;
};

class Site {
public:
    /// Opens the database, and brings the shared index up to date with every branch's folder (made again
    /// for the branches it lacks or whose folder changed since; a persisted index makes a restart quick).
    explicit Site(SiteOptions options);
    ~Site();

    /// Compares every branch's index rows with its folder and makes stale or missing ones again. Returns
    /// how many branches were indexed again.
    size_t refresh_index();
    /// Brings up to date now the branches saved since the index thread last ran (it does so itself within
    /// moments; tests call this to see the index right after a save). Returns how many were made again.
    size_t settle_index();
    SharedIndex& index() { return *index_; }

    /// Answers one request; never throws.
    Response handle(const Request& request);

    AccountStore& accounts() { return accounts_; }

private:
    Response route(const Request& request);
    Response login_page(const std::string& message, int status);
    Response log_in(const Request& request);
    Response dashboard(const Session& session);
    Response accounts_page(const Session& session, const std::string& message, int status = 200);
    Response add_account(const Request& request, const Session& session);
    Response changes_page(const Session& session);
    Response matters_search(const Request& request, const Session& session);
    Poco::JSON::Object::Ptr scope(const std::string& title, const Session& session);
    std::optional<Session> session_of(const Request& request);

    SiteOptions options_;
    AccountStore accounts_;
    std::map<std::string, std::unique_ptr<App>> apps_;  ///< by branch id
    std::map<std::string, std::string> names_;          ///< branch id → name

    /// The dashboard's rows, from the shared index: one query, whatever the number of branches.
    Poco::JSON::Array::Ptr dashboard_rows();
    /// The shared index (the same database as the accounts): branches × findings × score, matters, 档号.
    std::shared_ptr<SharedIndex> index_;
    /// The rows last read, kept while the index's generation stays the same (fifty inspectors looking at
    /// once cost one query).
    std::mutex dashboard_mutex_;
    Poco::JSON::Array::Ptr dashboard_rows_;
    std::uint64_t dashboard_generation_ = 0;

    /// The sweep: refresh_index() every options_.sweep_seconds on a thread of its own.
    std::thread sweeper_;
    std::mutex sweep_mutex_;
    std::condition_variable sweep_wake_;
    bool stopping_ = false;
    std::set<std::string> dirty_;  ///< branches saved since the index thread last ran (under sweep_mutex_)
    std::uint64_t saves_seen_ = 0;  ///< how many times a save asked for the index (under sweep_mutex_)
    std::mutex settle_mutex_;      ///< one settle_index at a time: a caller returns only when the work is done
};

/// `dangan account NAME --role R [--branch ID] --config server.json`: adds or replaces an account, the
/// password read from the first line of `in`. Returns the exit code.
int add_account_command(const std::filesystem::path& config, const std::string& name, const std::string& role,
                        const std::string& branch, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace dangan::server
