// The multi-branch server: accounts, sessions, the authorization matrix (every role × every route × own /
// other branch), the login lock, the change log. On SQLite here; tests/e2e/web_postgresql.sh runs the same
// store on a real PostgreSQL.
#include "server/site.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <atomic>
#include <thread>

#include <regex>

using namespace dangan;
using namespace dangan::server;
namespace fs = std::filesystem;

namespace {

struct SiteFixture {
    testing::TempDir dir{"site"};
    std::unique_ptr<Site> site;
    std::map<std::string, Session> sessions;  ///< by account name

    SiteFixture() {
        for (const char* id : {"b1", "b2"})
            fs::copy(fs::path(DANGAN_SOURCE_DIR) / "samples/branch-2025", dir.path / id, fs::copy_options::recursive);
        dir.write("server.json", R"({"branches": [{"id": "b1", "name": "第一支部", "data": "b1"},
                                                  {"id": "b2", "name": "第二支部", "data": "b2"}],
                                     "database": "sqlite:accounts.sqlite"})");
        SiteOptions options;
        options.config = SiteConfig::load(dir.path / "server.json");
        options.as_of = core::parse_date("2025-12-31");
        options.deterministic = true;
        site = std::make_unique<Site>(options);
        site->accounts().set_account({"sec1", Role::secretary, "b1"}, "password-1");
        site->accounts().set_account({"sec2", Role::secretary, "b2"}, "password-2");
        site->accounts().set_account({"insp", Role::inspector, ""}, "password-3");
        site->accounts().set_account({"admin", Role::admin, ""}, "password-4");
        const std::map<std::string, std::string> passwords{
            {"sec1", "password-1"}, {"sec2", "password-2"}, {"insp", "password-3"}, {"admin", "password-4"}};
        for (const auto& [name, password] : passwords) {
            std::string message;
            sessions[name] = *site->accounts().log_in(name, password, message);
        }
    }

    Response call(const std::string& who, const std::string& method, const std::string& path,
                  std::multimap<std::string, std::string> params = {}) {
        Request r;
        r.method = method;
        const auto q = path.find('?');
        r.path = path.substr(0, q);
        if (q != std::string::npos) parse_form(path.substr(q + 1), r.params);
        for (auto& p : params) r.params.insert(p);
        if (sessions.count(who)) {
            r.headers["cookie"] = "other=1; dangan_session=" + sessions[who].token;
            if (method == "POST" && !r.params.count("token")) r.params.emplace("token", sessions[who].csrf);
        }
        return site->handle(r);
    }
};

std::multimap<std::string, std::string> meeting() {
    return {{"type", "支部委员会"}, {"number", "13"},     {"date", "2025-12-30"}, {"start", "09:00"},
            {"end", "10:00"},       {"place", "活动室"},  {"host", "王建华"},     {"recorder", "陈静"},
            {"expected", "5"},      {"present", "王建华"}, {"present", "陈静"},   {"agenda", "议题"},
            {"resolutions", "同意"}};
}

}  // namespace

TEST_CASE("authorization matrix: every role × every route × own and other branch", "[server][site]") {
    SiteFixture f;
    struct Case {
        std::string method, path;
        std::map<std::string, int> expected;  ///< who → status ("" = not logged in)
    };
    const std::vector<Case> cases = {
        {"GET", "/", {{"", 303}, {"sec1", 303}, {"sec2", 303}, {"insp", 200}, {"admin", 200}}},
        {"GET", "/b/b1/", {{"", 303}, {"sec1", 200}, {"sec2", 403}, {"insp", 200}, {"admin", 200}}},
        {"GET", "/b/b2/", {{"", 303}, {"sec1", 403}, {"sec2", 200}, {"insp", 200}, {"admin", 200}}},
        {"GET", "/b/b1/meetings", {{"", 303}, {"sec1", 200}, {"sec2", 403}, {"insp", 200}, {"admin", 200}}},
        {"GET", "/b/b1/meetings/new", {{"", 303}, {"sec1", 200}, {"sec2", 403}, {"insp", 200}, {"admin", 200}}},
        {"GET", "/b/b1/meetings/edit?file=meetings/committee-2025.json&record=/records/0",
         {{"", 303}, {"sec1", 200}, {"sec2", 403}, {"insp", 200}, {"admin", 200}}},
        {"GET", "/b/b1/members", {{"", 303}, {"sec1", 200}, {"sec2", 403}, {"insp", 200}, {"admin", 200}}},
        {"GET", "/b/b1/development", {{"", 303}, {"sec1", 200}, {"sec2", 403}, {"insp", 200}, {"admin", 200}}},
        {"GET", "/b/b1/dues", {{"", 303}, {"sec1", 200}, {"sec2", 403}, {"insp", 200}, {"admin", 200}}},
        {"GET", "/b/b3/", {{"", 303}, {"sec1", 404}, {"insp", 404}}},
        {"POST", "/b/b1/api/preview", {{"", 403}, {"sec1", 200}, {"sec2", 403}, {"insp", 403}, {"admin", 403}}},
        {"POST", "/b/b1/meetings/save", {{"", 403}, {"sec1", 303}, {"sec2", 403}, {"insp", 403}, {"admin", 403}}},
        {"POST", "/b/b2/meetings/save", {{"", 403}, {"sec1", 403}, {"sec2", 303}, {"insp", 403}, {"admin", 403}}},
        {"GET", "/b/b1/workbook", {{"", 303}, {"sec1", 200}, {"sec2", 403}, {"insp", 200}, {"admin", 200}}},
        {"GET", "/b/b1/workbook/download", {{"", 303}, {"sec1", 200}, {"sec2", 403}, {"insp", 200}, {"admin", 200}}},
        // The secretary's own upload gets as far as "no file was sent"; nobody else gets that far.
        {"POST", "/b/b1/workbook/upload", {{"", 403}, {"sec1", 400}, {"sec2", 403}, {"insp", 403}, {"admin", 403}}},
        {"POST", "/b/b1/workbook/apply", {{"", 403}, {"sec1", 410}, {"sec2", 403}, {"insp", 403}, {"admin", 403}}},
        // 归档与审计 (no archive folder in this server.json: a permitted run is 400 "没有档案文件夹"). An
        // inspector or admin may audit any branch, never archive; jobs are seen only through their branch.
        {"GET", "/b/b1/archive", {{"", 303}, {"sec1", 200}, {"sec2", 403}, {"insp", 200}, {"admin", 200}}},
        {"POST", "/b/b1/archive/run", {{"", 403}, {"sec1", 400}, {"sec2", 403}, {"insp", 403}, {"admin", 403}}},
        {"POST", "/b/b1/audit/run", {{"", 403}, {"sec1", 400}, {"sec2", 403}, {"insp", 400}, {"admin", 400}}},
        {"POST", "/b/b2/audit/run", {{"sec1", 403}, {"sec2", 400}, {"insp", 400}}},
        {"GET", "/b/b1/jobs/view?id=x", {{"", 303}, {"sec1", 404}, {"sec2", 403}, {"insp", 404}, {"admin", 404}}},
        {"GET", "/b/b1/jobs/status?id=x", {{"", 303}, {"sec1", 404}, {"sec2", 403}, {"insp", 404}, {"admin", 404}}},
        {"GET", "/b/b1/jobs/pdf?id=x", {{"", 303}, {"sec1", 404}, {"sec2", 403}, {"insp", 404}, {"admin", 404}}},
        // 花名册 form.
        {"GET", "/b/b1/members/new", {{"", 303}, {"sec1", 200}, {"sec2", 403}, {"insp", 200}, {"admin", 200}}},
        {"GET", "/b/b1/members/edit?index=0", {{"", 303}, {"sec1", 200}, {"sec2", 403}, {"insp", 200}, {"admin", 200}}},
        {"POST", "/b/b1/members/save", {{"", 403}, {"sec1", 422}, {"sec2", 403}, {"insp", 403}, {"admin", 403}}},
        // The 发展 step form and the 党费 cell form (a POST with the meeting's fields names no record: 409
        // "找不到"; the previews answer JSON).
        {"GET", "/b/b1/development/step?file=dossiers/development-he-yuxin.json&record=&step=2",
         {{"", 303}, {"sec1", 200}, {"sec2", 403}, {"insp", 200}, {"admin", 200}}},
        {"GET", "/b/b2/development/step?file=dossiers/development-he-yuxin.json&record=&step=2",
         {{"", 303}, {"sec1", 403}, {"sec2", 200}, {"insp", 200}, {"admin", 200}}},
        {"POST", "/b/b1/development/save", {{"", 403}, {"sec1", 409}, {"sec2", 403}, {"insp", 403}, {"admin", 403}}},
        {"POST", "/b/b2/development/save", {{"", 403}, {"sec1", 403}, {"sec2", 409}, {"insp", 403}, {"admin", 403}}},
        {"POST", "/b/b1/development/preview", {{"", 403}, {"sec1", 200}, {"sec2", 403}, {"insp", 403}, {"admin", 403}}},
        {"GET", "/b/b1/dues/cell?file=dues/dues-2025.json&record=&member=%E7%8E%8B%E5%BB%BA%E5%8D%8E&month=3",
         {{"", 303}, {"sec1", 200}, {"sec2", 403}, {"insp", 200}, {"admin", 200}}},
        {"GET", "/b/b2/dues/cell?file=dues/dues-2025.json&record=&member=%E7%8E%8B%E5%BB%BA%E5%8D%8E&month=3",
         {{"", 303}, {"sec1", 403}, {"sec2", 200}, {"insp", 200}, {"admin", 200}}},
        {"POST", "/b/b1/dues/save", {{"", 403}, {"sec1", 409}, {"sec2", 403}, {"insp", 403}, {"admin", 403}}},
        {"POST", "/b/b2/dues/save", {{"", 403}, {"sec1", 403}, {"sec2", 409}, {"insp", 403}, {"admin", 403}}},
        {"POST", "/b/b1/dues/preview", {{"", 403}, {"sec1", 200}, {"sec2", 403}, {"insp", 403}, {"admin", 403}}},
        // The 换届 step form (a POST without a file names no election: 409; its preview answers JSON).
        {"GET", "/b/b1/elections", {{"", 303}, {"sec1", 200}, {"sec2", 403}, {"insp", 200}, {"admin", 200}}},
        {"GET", "/b/b1/elections/step?file=dossiers/election-2025.json&record=&step=%E8%AF%B7%E7%A4%BA",
         {{"", 303}, {"sec1", 200}, {"sec2", 403}, {"insp", 200}, {"admin", 200}}},
        {"GET", "/b/b2/elections/step?file=dossiers/election-2025.json&record=&step=%E8%AF%B7%E7%A4%BA",
         {{"", 303}, {"sec1", 403}, {"sec2", 200}, {"insp", 200}, {"admin", 200}}},
        {"POST", "/b/b1/elections/save", {{"", 403}, {"sec1", 409}, {"sec2", 403}, {"insp", 403}, {"admin", 403}}},
        {"POST", "/b/b2/elections/save", {{"", 403}, {"sec1", 403}, {"sec2", 409}, {"insp", 403}, {"admin", 403}}},
        {"POST", "/b/b1/elections/preview", {{"", 403}, {"sec1", 200}, {"sec2", 403}, {"insp", 403}, {"admin", 403}}},
        // The 换届 vote form (candidates, counts): as the step form.
        {"GET", "/b/b1/elections/vote?file=dossiers/election-2025.json&record=",
         {{"", 303}, {"sec1", 200}, {"sec2", 403}, {"insp", 200}, {"admin", 200}}},
        {"GET", "/b/b2/elections/vote?file=dossiers/election-2025.json&record=",
         {{"", 303}, {"sec1", 403}, {"sec2", 200}, {"insp", 200}, {"admin", 200}}},
        {"POST", "/b/b1/elections/vote/save", {{"", 403}, {"sec1", 409}, {"sec2", 403}, {"insp", 403}, {"admin", 403}}},
        {"POST", "/b/b2/elections/vote/save", {{"", 403}, {"sec1", 403}, {"sec2", 409}, {"insp", 403}, {"admin", 403}}},
        {"POST", "/b/b1/elections/vote/preview", {{"", 403}, {"sec1", 200}, {"sec2", 403}, {"insp", 403}, {"admin", 403}}},
        {"POST", "/b/b2/elections/vote/preview", {{"", 403}, {"sec1", 403}, {"sec2", 200}, {"insp", 403}, {"admin", 403}}},
        // The shared index: a branch's 档号 page, and the search across branches (inspectors and admins).
        {"GET", "/b/b1/matters", {{"", 303}, {"sec1", 200}, {"sec2", 403}, {"insp", 200}, {"admin", 200}}},
        {"GET", "/b/b2/matters?q=2025", {{"", 303}, {"sec1", 403}, {"sec2", 200}, {"insp", 200}, {"admin", 200}}},
        {"GET", "/matters?q=2025", {{"", 303}, {"sec1", 403}, {"sec2", 403}, {"insp", 200}, {"admin", 200}}},
        {"GET", "/admin/accounts", {{"", 303}, {"sec1", 403}, {"sec2", 403}, {"insp", 403}, {"admin", 200}}},
        {"GET", "/changes", {{"", 303}, {"sec1", 403}, {"sec2", 403}, {"insp", 200}, {"admin", 200}}},
        {"GET", "/static/app.css", {{"", 200}, {"sec1", 200}, {"insp", 200}}},
        {"GET", "/static/../server.json", {{"", 404}, {"sec1", 404}, {"admin", 404}}},
    };
    int checked = 0;
    for (const auto& c : cases)
        for (const auto& [who, status] : c.expected) {
            INFO(c.method << " " << c.path << " as " << (who.empty() ? "(nobody)" : who));
            auto params = c.method == "POST" ? meeting() : std::multimap<std::string, std::string>{};
            CHECK(f.call(who, c.method, c.path, params).status == status);
            ++checked;
        }
    CHECK(checked == 212 + 6 * 5 + 6 * 5);  // … + the 换届 vote form's six routes
    // A secretary's save went into their own branch only.
    CHECK(fs::exists(f.dir.path / "b1/meetings/web-2025.json"));
    CHECK(fs::exists(f.dir.path / "b2/meetings/web-2025.json"));
}

TEST_CASE("admin account creation is for administrators, with the session's token", "[server][site]") {
    SiteFixture f;
    const std::multimap<std::string, std::string> account{
        {"name", "new"}, {"password", "password-5"}, {"role", "inspector"}};
    CHECK(f.call("", "POST", "/admin/accounts", account).status == 403);
    CHECK(f.call("sec1", "POST", "/admin/accounts", account).status == 403);
    CHECK(f.call("insp", "POST", "/admin/accounts", account).status == 403);
    auto forged = account;
    forged.emplace("token", "0000");
    CHECK(f.call("admin", "POST", "/admin/accounts", forged).status == 403);
    CHECK(f.call("admin", "POST", "/admin/accounts", account).status == 303);
    std::string message;
    CHECK(f.site->accounts().log_in("new", "password-5", message));
    auto short_password = account;
    short_password.find("password")->second = "short";
    const auto r = f.call("admin", "POST", "/admin/accounts", short_password);
    CHECK(r.status == 422);
    CHECK(r.body.find("密码太短") != std::string::npos);
}

TEST_CASE("a form posted with another session's token is refused", "[server][site]") {
    SiteFixture f;
    auto form = meeting();
    form.emplace("token", f.sessions["sec2"].csrf);
    CHECK(f.call("sec1", "POST", "/b/b1/meetings/save", form).status == 403);
    CHECK_FALSE(fs::exists(f.dir.path / "b1/meetings/web-2025.json"));
    // The workbook's upload and confirmation the same (the upload form carries the session's token too).
    CHECK(f.call("sec1", "POST", "/b/b1/workbook/upload", {{"token", f.sessions["sec2"].csrf}}).status == 403);
    CHECK(f.call("sec1", "POST", "/b/b1/workbook/apply", {{"token", f.sessions["sec2"].csrf}, {"upload", "x"}}).status == 403);
    // An inspector's audit the same.
    CHECK(f.call("insp", "POST", "/b/b1/audit/run", {{"token", f.sessions["sec2"].csrf}}).status == 403);
}

TEST_CASE("logging in sets an HttpOnly SameSite cookie; logging out ends the session", "[server][site]") {
    SiteFixture f;
    Request login;
    login.method = "POST";
    login.path = "/login";
    login.params = {{"name", "sec1"}, {"password", "password-1"}};
    const auto r = f.site->handle(login);
    REQUIRE(r.status == 303);
    const std::string cookie = r.headers.at("Set-Cookie");
    CHECK(cookie.find("HttpOnly") != std::string::npos);
    CHECK(cookie.find("SameSite=Strict") != std::string::npos);

    login.params = {{"name", "sec1"}, {"password", "wrong-password"}};
    const auto wrong = f.site->handle(login);
    CHECK(wrong.status == 401);
    CHECK(wrong.body.find("账户名或密码不对") != std::string::npos);
    login.params = {{"name", "nobody"}, {"password", "password-1"}};
    CHECK(f.site->handle(login).body.find("账户名或密码不对") != std::string::npos);  // same words: no name probing

    CHECK(f.call("sec1", "POST", "/logout").status == 303);
    CHECK(f.call("sec1", "GET", "/b/b1/").status == 303);  // the session is gone: to the login page
}

TEST_CASE("five wrong passwords lock an account for 15 minutes, also against the right one", "[server][site]") {
    SiteFixture f;
    auto& store = f.site->accounts();
    auto t = std::chrono::system_clock::now();
    store.set_clock([&] { return t; });
    std::string message;
    for (int i = 0; i < 5; ++i) CHECK_FALSE(store.log_in("sec1", "guess-" + std::to_string(i), message));
    CHECK(message.find("锁定 15 分钟") != std::string::npos);
    CHECK_FALSE(store.log_in("sec1", "password-1", message));
    CHECK(message.find("暂时锁定") != std::string::npos);
    t += std::chrono::minutes(16);
    CHECK(store.log_in("sec1", "password-1", message));
}

TEST_CASE("every save is in the change log with who, when and which branch", "[server][site]") {
    SiteFixture f;
    REQUIRE(f.call("sec1", "POST", "/b/b1/meetings/save", meeting()).status == 303);
    const auto changes = f.site->accounts().changes();
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].who == "sec1");
    CHECK(changes[0].branch == "b1");
    CHECK(changes[0].what.find("meetings/web-2025.json") != std::string::npos);
    const auto page = f.call("insp", "GET", "/changes");
    CHECK(page.body.find("sec1") != std::string::npos);
}

TEST_CASE("change log entries made at once are stored each once (group commit); sessions are read meanwhile", "[server][site]") {
    SiteFixture f;
    std::vector<std::thread> threads;
    std::atomic<int> sessions_seen{0};
    for (int i = 0; i < 40; ++i)
        threads.emplace_back([&, i] {
            f.site->accounts().log_change("sec1", "b1", "并发 " + std::to_string(i));
            sessions_seen += f.site->accounts().session(f.sessions.at("sec1").token).has_value();
        });
    for (auto& t : threads) t.join();
    CHECK(sessions_seen == 40);
    const auto changes = f.site->accounts().changes(1000);
    REQUIRE(changes.size() == 40);
    std::set<std::string> what;
    for (const auto& c : changes) what.insert(c.what);
    CHECK(what.size() == 40);
    CHECK(what.count("并发 0") == 1);
    CHECK(what.count("并发 39") == 1);
}

TEST_CASE("the dashboard lists every branch with its errors, worst first", "[server][site]") {
    SiteFixture f;
    f.dir.write("b2/meetings/partial.json", R"({"kind": "meeting", "type": "支部委员会", "date": "2025年12月"})");
    // Written outside the server: the dashboard reads the shared index, which the sweep brings up to date.
    CHECK(f.site->refresh_index() == 1);
    const auto r = f.call("insp", "GET", "/");
    REQUIRE(r.status == 200);
    const auto first = r.body.find("第二支部"), second = r.body.find("第一支部");
    REQUIRE(first != std::string::npos);
    REQUIRE(second != std::string::npos);
    CHECK(first < second);  // the branch with an error comes first
    // Each branch's score and grade as an audit's 反馈单 would give its findings (#12's scoring), and what is
    // overdue, by name. The sample year (no error, no warning on 2025-12-31) scores 100, 优秀; the partial
    // date costs the other branch points.
    std::smatch m;
    REQUIRE(std::regex_search(r.body, m, std::regex(R"re(第一支部</a></td>\s*<td class="score">([0-9.]+)</td><td class="grade">([^<]+)</td>)re")));
    CHECK(m[1] == "100");
    CHECK(m[2] == "优秀");
    REQUIRE(std::regex_search(r.body, m, std::regex(R"re(第二支部</a></td>\s*<td class="score">([0-9.]+)</td>)re")));
    CHECK(std::stod(m[1]) < 100);
}

TEST_CASE("server.json mistakes are named in Chinese", "[server][site]") {
    testing::TempDir dir("siteconfig");
    auto load = [&](const std::string& text) {
        dir.write("server.json", text);
        return SiteConfig::load(dir.path / "server.json");
    };
    CHECK_THROWS_WITH(load("{"), Catch::Contains("不是正确的 JSON"));
    CHECK_THROWS_WITH(load("{}"), Catch::Contains("缺少 branches"));
    CHECK_THROWS_WITH(load(R"({"branches": [{"id": "a/b", "data": "x"}]})"), Catch::Contains("只能用字母、数字"));
    CHECK_THROWS_WITH(load(R"({"branches": [{"id": "a", "data": "x"}, {"id": "a", "data": "y"}]})"),
                      Catch::Contains("重复"));
    CHECK_THROWS_WITH(load(R"({"branches": [{"id": "a", "data": "x"}], "database": "mysql:x"})"),
                      Catch::Contains("不认识"));
}
