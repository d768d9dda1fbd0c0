// The web app of one branch (`dangan serve DATA`): routes → pages rendered from templates/web/*.tpl,
// saves through Branch, ledgers through the render job. Every handler is a function of a Request, so the
// unit tests drive the whole app without a socket.
#pragma once

#include "server/branch.hpp"
#include "server/http.hpp"
#include "templating/environment.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace dangan::server {

struct AppOptions {
    std::filesystem::path data;                     ///< the branch's data folder
    std::optional<std::string> profile;             ///< --profile
    std::optional<core::PartialDate> as_of;         ///< --as-of: a fixed "today" (tests, demos)
    std::vector<std::filesystem::path> template_dirs;  ///< --templates: searched before the shipped ones
    bool deterministic = false;                     ///< rendered PDFs with fixed dates and IDs (tests)
    /// The token every form and script must send back with a POST (a random one when empty): another web
    /// site open in the same browser cannot make the browser change the branch's records.
    std::string form_token;
    /// The address the server listens on: besides it only 127.0.0.1, localhost and [::1] are accepted as
    /// the Host of a request (a web page that rebinds its own name to 127.0.0.1 gets nothing).
    std::string bound_host = "127.0.0.1";
};

class App {
public:
    explicit App(AppOptions options);

    /// Answers one request. Never throws: a failure is a Chinese error page with its status.
    Response handle(const Request& request);

    const std::string& form_token() const { return options_.form_token; }
    Branch& branch() { return branch_; }

private:
    Response route(const Request& request);
    Response overview();
    Response meetings();
    Response roster_page();
    Response development_page();
    Response dues_page();
    Response meeting_form(const Request& request);
    Response save_meeting(const Request& request);
    Response preview(const Request& request);
    Response render_ledger(const Request& request);
    Response static_file(const std::string& name);
    Response page(const std::string& tpl, const Poco::JSON::Object::Ptr& scope, int status = 200);
    Response message(int status, const std::string& title, const std::string& text);
    Poco::JSON::Object::Ptr scope(const std::string& title, const std::string& nav);
    /// The meeting form's scope: fields, the profile's kinds, the roster as check boxes.
    Poco::JSON::Object::Ptr form_scope(const Snapshot& snap, const std::string& title,
                                       const Poco::JSON::Object::Ptr& fields, const std::optional<RecordRef>& ref,
                                       const std::string& version);

    AppOptions options_;
    Branch branch_;
    templating::Environment templates_;
    std::map<std::string, std::filesystem::path> static_files_;  ///< name → file: only these are served
};

}  // namespace dangan::server
