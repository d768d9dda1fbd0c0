// The web app of one branch (`dangan serve DATA`): routes → pages rendered from templates/web/*.tpl,
// saves through Branch, ledgers through the render job. Every handler is a function of a Request, so the
// unit tests drive the whole app without a socket.
#pragma once

#include "server/branch.hpp"
#include "server/http.hpp"
#include "server/shared_index.hpp"
#include "templating/environment.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <optional>
#include <string>

namespace dangan::server {

struct AppOptions {
    std::filesystem::path data;                     ///< the branch's data folder
    std::optional<std::string> profile;             ///< --profile
    std::optional<core::PartialDate> as_of;         ///< --as-of: a fixed "today" (tests, demos)
    std::vector<std::filesystem::path> template_dirs;  ///< --templates: searched before the shipped ones
    /// --archive DIR: the branch's archive folder, which the 档案 page files into (`dangan archive --to`) and
    /// audits (`dangan audit`). Without it the page only says how to name one.
    std::optional<std::filesystem::path> archive;
    bool deterministic = false;                     ///< rendered PDFs with fixed dates and IDs (tests)
    /// The token every form and script must send back with a POST (a random one when empty): another web
    /// site open in the same browser cannot make the browser change the branch's records.
    std::string form_token;
    /// The address the server listens on: besides it only 127.0.0.1, localhost and [::1] are accepted as
    /// the Host of a request (a web page that rebinds its own name to 127.0.0.1 gets nothing).
    std::string bound_host = "127.0.0.1";
    /// The shared index this branch is kept in (shared_index.hpp), under `index_id` and `index_name` (the
    /// organisation's name when empty). `serve DATA` gives a private SQLite one; none: no index.
    std::shared_ptr<SharedIndex> index;
    std::string index_id = "branch";
    std::string index_name;
    /// Called instead of reindex() after a save when set: the site updates the index on a thread of its
    /// own, so that a save's answer does not wait for it.
    std::function<void()> reindex_later;
};

/// Who asks, as the multi-branch site (site.hpp) knows it; `serve DATA` uses the defaults.
struct Context {
    std::string base;        ///< the prefix of this branch's pages ("/b/jc2"); empty for `serve DATA`
    std::string token;       ///< the token forms must send back (the session's); empty: the app's own
    bool read_only = false;  ///< an inspector: every page, no save
    std::string user;        ///< the account's name, shown with a 退出 button (multi-branch site)
    /// Called after each save with what was saved ("会议记录 meetings/web-2025.json /records/3"), for the
    /// change log.
    std::function<void(const std::string&)> changed;
};

class App {
public:
    explicit App(AppOptions options);
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    /// Answers one request. Never throws: a failure is a Chinese error page with its status.
    Response handle(const Request& request, const Context& context = {});

    const std::string& form_token() const { return options_.form_token; }

    /// Brings this branch's rows of the shared index up to date with its folder: made again when the
    /// index has none or their fingerprint differs from the folder's (always when `force`). Called after
    /// every save and archive or audit run, and by the site's sweep for edits made outside the app.
    /// Returns whether the rows were made again.
    bool reindex(bool force = false);
    /// The fingerprint of what the branch's index rows are made from: the data folder's files, today's
    /// date and the archive's index.
    std::string index_fingerprint() const;
    Branch& branch() { return branch_; }

    /// A page that only says something (an error, a refusal), in the app's look.
    Response message(int status, const std::string& title, const std::string& text);
    /// One of the shipped static files (templates/web/static/), by name only; 404 for anything else.
    Response static_file(const std::string& name);
    /// Renders templates/web/`tpl` with `scope` (for the multi-branch site's own pages).
    Response page(const std::string& tpl, const Poco::JSON::Object::Ptr& scope, int status = 200);

private:
    Response route(const Request& request, const Context& ctx);
    Response overview(const Context& ctx);
    Response meetings(const Context& ctx);
    Response roster_page(const Context& ctx);
    Response development_page(const Context& ctx);
    Response dues_page(const Context& ctx);
    Response matters_page(const Request& request, const Context& ctx);
    // The 发展 step form and the 党费 cell form (record_forms.cpp).
    const records::DevelopmentDossier* find_dossier(const Snapshot& snap, const std::string& file, const std::string& record) const;
    const records::DuesLedger* find_ledger(const Snapshot& snap, const std::string& file, const std::string& record) const;
    Response step_form(const Request& request, const Context& ctx, const std::vector<std::string>& messages = {},
                       int status = 200);
    Response save_step(const Request& request, const Context& ctx);
    Response preview_step(const Request& request, const Context& ctx);
    Response elections_page(const Context& ctx);
    const records::ElectionDossier* find_election(const Snapshot& snap, const std::string& file, const std::string& record) const;
    Response election_form(const Request& request, const Context& ctx, const std::vector<std::string>& messages = {},
                           int status = 200);
    Response save_election(const Request& request, const Context& ctx);
    Response preview_election(const Request& request, const Context& ctx);
    // The 换届 vote form: seats, the counts of the 选举大会, candidates and their votes (vote_form.cpp).
    Response vote_form(const Request& request, const Context& ctx, const std::vector<std::string>& messages = {},
                       int status = 200);
    Response save_vote(const Request& request, const Context& ctx);
    Response preview_vote(const Request& request, const Context& ctx);
    Response dues_form(const Request& request, const Context& ctx, const std::vector<std::string>& messages = {},
                       int status = 200);
    Response save_dues(const Request& request, const Context& ctx);
    Response preview_dues(const Request& request, const Context& ctx);
    Response preview_answer(const std::vector<std::string>& messages, const std::vector<rules::Finding>& findings,
                            const std::string& object);
    /// A form preview's JSON answer: {"messages": [...], "findings": [...]} with the findings already shaped.
    static Response preview_json(const std::vector<std::string>& messages, const Poco::JSON::Array::Ptr& findings);
    Response conflict_page(const SaveResult& result, const Context& ctx, const std::string& nav, const std::string& link);
    static SaveResult with_mine(SaveResult result, const Poco::JSON::Object::Ptr& mine);
    Response meeting_form(const Request& request, const Context& ctx);
    Response save_meeting(const Request& request, const Context& ctx);
    Response preview(const Request& request, const Context& ctx);
    Response render_ledger(const Request& request, const Context& ctx);
    Response workbook_page(const Request& request, const Context& ctx);
    Response workbook_download(const Context& ctx);
    Response workbook_upload(const Request& request, const Context& ctx);
    Response workbook_apply(const Request& request, const Context& ctx);
    Response archive_page(const Context& ctx);
    Response member_form(const Request& request, const Context& ctx);
    Response save_member(const Request& request, const Context& ctx);
    Response start_job(const std::string& kind, const Context& ctx);
    Response job_page(const Request& request, const Context& ctx);
    Response job_status(const Request& request);
    Response job_pdf(const Request& request);
    Poco::JSON::Object::Ptr scope(const std::string& title, const std::string& nav, const Context& ctx);
    /// A page of the branch's data: the common scope plus the branch's name and any loading problems.
    Poco::JSON::Object::Ptr branch_scope(const Snapshot& snap, const std::string& title, const std::string& nav,
                                         const Context& ctx);
    /// The meeting form's scope: fields, the profile's kinds, the roster as check boxes.
    Poco::JSON::Object::Ptr form_scope(const Context& ctx, const Snapshot& snap, const std::string& title,
                                       const Poco::JSON::Object::Ptr& fields, const std::optional<RecordRef>& ref,
                                       const std::string& version);

    AppOptions options_;
    Branch branch_;
    templating::Environment templates_;
    std::map<std::string, std::filesystem::path> static_files_;  ///< name → file: only these are served

    /// An uploaded workbook waiting for its confirmation, in a private temporary folder (never in the data
    /// folder until confirmed). At most kMaxUploads wait; the oldest is dropped.
    struct PendingUpload {
        std::filesystem::path dir, file;
        std::string target;
    };
    /// A background run of `archive` or `audit` (long: the progress page polls its state). Its output and
    /// the 反馈单 PDF (in a private temporary folder) are kept until the app stops; at most kMaxJobs.
    struct Job {
        std::string id, kind;  ///< kind: "archive" or "audit"
        std::string who;       ///< the account that started it (multi-branch site), for the page
        std::chrono::steady_clock::time_point started;
        bool done = false;     ///< the fields below are set when done (under jobs_mutex_)
        int code = -1;         ///< the command's exit code (0 clean, 1 findings, 2 unusable)
        double seconds = 0;
        std::string output;    ///< what the command printed (its report and messages)
        std::filesystem::path dir, pdf;  ///< the private folder and the 反馈单 in it (audit), if written
        /// How far it is (the phase and the files or matters done of the total, total 0 while unknown), under
        /// jobs_mutex_; the progress page shows the share done.
        std::string phase;
        size_t done_items = 0, total_items = 0;
    };
    static constexpr size_t kMaxJobs = 20;
    std::mutex jobs_mutex_;
    std::map<std::string, std::shared_ptr<Job>> jobs_;
    std::vector<std::string> job_order_;  ///< ids, oldest first
    std::vector<std::thread> job_threads_;
    std::mutex index_mutex_;  ///< one reindex of this branch at a time
    static constexpr size_t kMaxUploads = 16;
    std::mutex uploads_mutex_;
    std::map<std::string, PendingUpload> uploads_;  ///< by a random id the confirmation form carries
    std::vector<std::string> upload_order_;         ///< ids, oldest first
};

}  // namespace dangan::server
