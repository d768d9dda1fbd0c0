// The shared index (shared_index.hpp): branches × findings × score, matters and 档号 in database tables,
// updated by saves, read by the dashboard, made again from the folders when missing or stale. The same test
// runs on SQLite here and, tagged [postgresql] (hidden), on the real PostgreSQL tests/e2e/web_postgresql.sh
// starts (DANGAN_TEST_POSTGRESQL holds its connection string).
#include "server/site.hpp"
#include "support/temp_dir.hpp"

#include <Poco/Data/Session.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/PostgreSQL/Connector.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <regex>

using namespace dangan;
using namespace dangan::server;
namespace fs = std::filesystem;

namespace {

/// Three copies of the sample branch behind one server.json on `database` ("" = SQLite beside it).
struct IndexSite {
    testing::TempDir dir{"index"};
    std::string database;
    std::unique_ptr<Site> site;

    explicit IndexSite(const std::string& db) : database(db) {
        for (const char* id : {"b1", "b2", "b3"})
            fs::copy(fs::path(DANGAN_SOURCE_DIR) / "samples/branch-2025", dir.path / id, fs::copy_options::recursive);
        const std::string where = database.empty() ? "sqlite:index.sqlite" : "postgresql:" + database;
        dir.write("server.json", R"({"branches": [{"id": "b1", "name": "第一支部", "data": "b1"},
                                                  {"id": "b2", "name": "第二支部", "data": "b2"},
                                                  {"id": "b3", "name": "第三支部", "data": "b3"}],
                                     "database": ")" + where + R"("})");
        start();
    }

    void start() {
        site.reset();
        SiteOptions options;
        options.config = SiteConfig::load(dir.path / "server.json");
        options.as_of = core::parse_date("2025-12-31");
        options.deterministic = true;
        options.sweep_seconds = 0;
        site = std::make_unique<Site>(options);
    }

    /// Runs SQL on the index's database through a connection of the test's own (as an operator would).
    void execute(const std::string& sql) {
        std::unique_ptr<Poco::Data::Session> s;
        if (database.empty()) {
            Poco::Data::SQLite::Connector::registerConnector();
            s = std::make_unique<Poco::Data::Session>("SQLite", (dir.path / "index.sqlite").string());
        } else {
            Poco::Data::PostgreSQL::Connector::registerConnector();
            s = std::make_unique<Poco::Data::Session>("PostgreSQL", database);
        }
        *s << sql, Poco::Data::Keywords::now;
    }

    IndexedBranch row(const std::string& id) {
        const auto b = site->index().branch(id);
        REQUIRE(b);
        return *b;
    }

    Response as_inspector(const std::string& path) {
        std::string message;
        static int n = 0;
        const std::string name = "insp" + std::to_string(++n);
        site->accounts().set_account({name, Role::inspector, ""}, "password-3");
        const auto session = site->accounts().log_in(name, "password-3", message);
        REQUIRE(session);
        Request r;
        const auto q = path.find('?');
        r.path = path.substr(0, q);
        if (q != std::string::npos) parse_form(path.substr(q + 1), r.params);
        r.headers["cookie"] = "dangan_session=" + session->token;
        return site->handle(r);
    }

    Response save_as_secretary(const std::string& branch, std::multimap<std::string, std::string> form) {
        std::string message;
        site->accounts().set_account({"sec-" + branch, Role::secretary, branch}, "password-1");
        const auto session = site->accounts().log_in("sec-" + branch, "password-1", message);
        REQUIRE(session);
        Request r;
        r.method = "POST";
        r.path = "/b/" + branch + "/meetings/save";
        r.params = std::move(form);
        r.params.emplace("token", session->csrf);
        r.headers["cookie"] = "dangan_session=" + session->token;
        return site->handle(r);
    }
};

/// The order of the dashboard's rows: the branch ids as they appear in its table.
std::vector<std::string> dashboard_order(const std::string& html) {
    std::vector<std::string> ids;
    static const std::regex link(R"(<a href="/b/([a-z0-9]+)/">)");
    for (std::sregex_iterator it(html.begin(), html.end(), link), end; it != end; ++it) ids.push_back((*it)[1]);
    return ids;
}

void exercise_index(const std::string& database) {
    IndexSite f(database);
    auto& index = f.site->index();

    // Made from the folders at start: every branch, with the findings, score and matters of `check`.
    const auto b1 = f.row("b1");
    CHECK(b1.name == "第一支部");
    CHECK(b1.usable);
    CHECK(b1.records > 5);
    CHECK(b1.matters > 5);
    CHECK(b1.coded == 0);  // no archive: the 档号 are computed, none filed
    CHECK(!b1.score.empty());
    CHECK(static_cast<int>(index.findings("b1").size()) >= b1.errors + b1.warnings);
    CHECK(index.branches().size() == 3);
    CHECK(f.site->refresh_index() == 0);  // nothing changed: nothing made again

    // A save through the site updates its branch at once (one more matter, its fingerprint the folder's).
    const auto saved = f.save_as_secretary("b1", {{"type", "支部委员会"}, {"number", "13"}, {"date", "2025-12-30"},
                                                  {"start", "09:00"}, {"end", "10:00"}, {"place", "活动室"},
                                                  {"host", "王建华"}, {"recorder", "陈静"}, {"expected", "5"},
                                                  {"present", "王建华"}, {"agenda", "议题"}, {"resolutions", "同意"}});
    REQUIRE(saved.status == 303);
    f.site->settle_index();  // the index thread's work, done now
    CHECK(f.row("b1").matters == b1.matters + 1);
    CHECK(f.row("b1").records == b1.records + 1);
    CHECK(f.row("b1").fingerprint != b1.fingerprint);
    CHECK(f.site->refresh_index() == 0);

    // An edit made outside the server (the command line, an editor): b3's organisation.json loses its
    // name's closing brace, so its data no longer loads. The dashboard reads the index, not the folder,
    // so it still shows the old row until the sweep finds the folder changed.
    const fs::path org = f.dir.path / "b3" / "organisation.json";
    std::string text;
    {
        std::ifstream in(org);
        text.assign(std::istreambuf_iterator<char>(in), {});
    }
    std::ofstream(org) << text.substr(0, text.size() / 2);
    CHECK(f.row("b3").usable);
    CHECK(f.as_inspector("/").body.find("数据无法读取") == std::string::npos);
    CHECK(f.site->refresh_index() == 1);
    const auto b3 = f.row("b3");
    CHECK_FALSE(b3.usable);
    CHECK(b3.score.empty());
    CHECK(b3.matters == 0);
    CHECK_FALSE(b3.main.empty());
    // The dashboard, from the index: the unreadable branch first, then the others; named, with a score.
    const auto dashboard = f.as_inspector("/");
    REQUIRE(dashboard.status == 200);
    CHECK(dashboard_order(dashboard.body).front() == "b3");
    CHECK(dashboard.body.find("数据无法读取") != std::string::npos);
    CHECK(dashboard.body.find(f.row("b2").score) != std::string::npos);

    // Matters and 档号 across branches: the search finds the new meeting's 档号 in b1 only.
    const auto matters = index.matters("b1", "");
    REQUIRE(!matters.empty());
    const std::string code = matters.back().code;
    CHECK(!code.empty());
    const auto found = index.matters("", code);
    REQUIRE(!found.empty());
    CHECK(found.front().code == code);
    const auto search = f.as_inspector("/matters?q=" + url_encode(code));
    CHECK(search.status == 200);
    CHECK(search.body.find(code) != std::string::npos);

    // Stale or missing rows are made again from the folders: a row altered behind the server's back, a
    // branch's rows deleted, then a restart.
    std::ofstream(org) << text;  // b3 whole again
    f.execute("UPDATE index_branches SET errors = 99, fingerprint = 'old' WHERE branch = 'b2'");
    f.execute("DELETE FROM index_branches WHERE branch = 'b1'");
    f.execute("DELETE FROM index_matters WHERE branch = 'b1'");
    f.start();
    CHECK(f.row("b1").matters == b1.matters + 1);
    CHECK(f.row("b2").errors != 99);
    CHECK(f.row("b2").errors == b1.errors);  // the same sample data, the same findings
    CHECK(f.row("b3").usable);
    CHECK(f.site->index().matters("b1", "").size() == matters.size());
    CHECK(f.site->refresh_index() == 0);

    // A branch taken out of server.json leaves the index at the next start.
    f.dir.write("server.json", R"({"branches": [{"id": "b1", "name": "第一支部", "data": "b1"}],
                                   "database": ")" + (database.empty() ? std::string("sqlite:index.sqlite")
                                                                       : "postgresql:" + database) + R"("})");
    f.start();
    CHECK(f.site->index().branches().size() == 1);
    CHECK(f.site->index().matters("b2", "").empty());
}

}  // namespace

TEST_CASE("shared index on SQLite: made from the folders, updated by saves, read by the dashboard, rebuilt when stale",
          "[server][index]") {
    exercise_index("");
}

TEST_CASE("shared index on PostgreSQL (run by tests/e2e/web_postgresql.sh)", "[.postgresql]") {
    const char* database = std::getenv("DANGAN_TEST_POSTGRESQL");
    REQUIRE(database);
    exercise_index(database);
}

TEST_CASE("serve DATA: the branch's own index in memory; the overview and the 档号 page read it", "[server][index]") {
    testing::TempDir dir("index-app");
    fs::copy(fs::path(DANGAN_SOURCE_DIR) / "samples/branch-2025", dir.path / "branch", fs::copy_options::recursive);
    AppOptions options;
    options.data = dir.path / "branch";
    options.as_of = core::parse_date("2025-12-31");
    options.form_token = "t";
    options.index = std::make_shared<SharedIndex>(DatabaseConfig{"sqlite", ":memory:"});
    App app(options);
    Request r;
    r.path = "/";
    const auto overview = app.handle(r);
    REQUIRE(overview.status == 200);
    const auto row = options.index->branch("branch");
    REQUIRE(row);
    CHECK(overview.body.find("id=\"index-summary\"") != std::string::npos);
    CHECK(overview.body.find(row->score + " 分") != std::string::npos);
    r.path = "/matters";
    const auto page = app.handle(r);
    REQUIRE(page.status == 200);
    const auto matters = options.index->matters("branch", "");
    REQUIRE(matters.size() == static_cast<size_t>(row->matters));
    for (const auto& m : matters) CHECK(page.body.find(m.code) != std::string::npos);
    CHECK_FALSE(app.reindex());  // up to date
    CHECK(app.reindex(true));
}
