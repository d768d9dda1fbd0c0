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
};

class Site {
public:
    explicit Site(SiteOptions options);

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
    Poco::JSON::Object::Ptr scope(const std::string& title, const Session& session);
    std::optional<Session> session_of(const Request& request);

    SiteOptions options_;
    AccountStore accounts_;
    std::map<std::string, std::unique_ptr<App>> apps_;  ///< by branch id
    std::map<std::string, std::string> names_;          ///< branch id → name

    /// The dashboard's rows, made at most once per kDashboardSeconds: with hundreds of branches, looking at
    /// every folder for each of fifty inspectors' page views would cost more than the view itself.
    Poco::JSON::Array::Ptr dashboard_rows();
    std::mutex dashboard_mutex_;
    /// #12's scoring profile (profiles/audit/scoring.json): the dashboard scores each branch's findings
    /// with it, as the 反馈单 of an audit would.
    archive::ScoringProfile scoring_;
    Poco::JSON::Array::Ptr dashboard_rows_;
    std::chrono::steady_clock::time_point dashboard_made_;
};

/// `dangan account NAME --role R [--branch ID] --config server.json`: adds or replaces an account, the
/// password read from the first line of `in`. Returns the exit code.
int add_account_command(const std::filesystem::path& config, const std::string& name, const std::string& role,
                        const std::string& branch, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace dangan::server
