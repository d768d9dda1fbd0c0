// 归档与审计 in the browser: `archive` and `audit` run in the background from the app (POST /archive/run,
// /audit/run), with a progress page whose state the page polls (/jobs/status), the command's report when
// done and the 检查情况反馈单 PDF of the audit. Without --archive the page says how to name one.
#include "server/app.hpp"
#include "support/temp_dir.hpp"
#include "unit/server/app_fixture.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <regex>
#include <thread>

using namespace dangan;
using namespace dangan::server;
namespace fs = std::filesystem;

namespace {

struct JobsFixture : testing::AppFixture {
    fs::path archive = dir.path / "档案";

    explicit JobsFixture(bool with_archive = true)
        : AppFixture("webjobs", [&](AppOptions& options) {
              if (with_archive) options.archive = dir.path / "档案";
          }) {}

    /// Starts a job and waits (polling its state as the page does) until it is done; returns its id.
    std::string run(const std::string& path) {
        const auto started = post(path);
        REQUIRE(started.status == 303);
        const std::string location = started.headers.at("Location");
        REQUIRE(location.starts_with("/jobs/view?id="));
        const std::string id = location.substr(location.find('=') + 1);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(3);
        while (true) {
            const auto state = get("/jobs/status?id=" + id);
            REQUIRE(state.status == 200);
            if (state.body.find("\"done\":true") != std::string::npos) break;
            REQUIRE(std::chrono::steady_clock::now() < deadline);
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return id;
    }
};

}  // namespace

TEST_CASE("archive and audit run in the background: progress, report, the archive on disk, the 反馈单 PDF", "[server]") {
    JobsFixture f;
    const auto page = f.get("/archive");
    REQUIRE(page.status == 200);
    CHECK(page.body.find("id=\"run-archive\"") != std::string::npos);
    CHECK(page.body.find("id=\"run-audit\"") != std::string::npos);

    const auto archived = f.run("/archive/run");
    const auto done = f.get("/jobs/view?id=" + archived);
    REQUIRE(done.status == 200);
    CHECK(done.body.find("id=\"job-done\"") != std::string::npos);
    CHECK(done.body.find("id=\"job-running\"") == std::string::npos);
    // Filed as `dangan archive` files: one folder per matter with its manifest.
    size_t manifests = 0;
    for (const auto& e : fs::recursive_directory_iterator(f.archive))
        manifests += e.path().filename() == "manifest.json";
    CHECK(manifests >= 65);

    const auto audited = f.run("/audit/run");
    // The audit said how far it was (its phases, files done of all): the state names the last phase, 100% done.
    const auto state = f.get("/jobs/status?id=" + audited).body;
    CHECK(state.find("\"percent\":100") != std::string::npos);
    CHECK(state.find("\"phase\":\"\"") == std::string::npos);
    // So did the archive run (reading, 排版 of every matter, 写入档案): it ends in its last phase, all done.
    const auto archive_state = f.get("/jobs/status?id=" + archived).body;
    CHECK(archive_state.find("\"phase\":\"写入档案\"") != std::string::npos);
    CHECK(archive_state.find("\"percent\":100") != std::string::npos);
    const auto report = f.get("/jobs/view?id=" + audited);
    REQUIRE(report.status == 200);
    CHECK(report.body.find("id=\"feedback-pdf\"") != std::string::npos);
    CHECK(report.body.find("/tmp/") == std::string::npos);
    const auto pdf = f.get("/jobs/pdf?id=" + audited);
    REQUIRE(pdf.status == 200);
    CHECK(pdf.content_type == "application/pdf");
    CHECK(pdf.body.starts_with("%PDF"));
    // Both runs are listed on the page, newest first.
    const auto listed = f.get("/archive").body;
    CHECK(listed.find("审计") < listed.rfind("归档"));
    // The data folder got nothing: the 反馈单 waits in a private temporary folder.
    CHECK_FALSE(fs::exists(f.data / "反馈单.pdf"));
}

TEST_CASE("without --archive the page says how to name one and a run is refused in Chinese", "[server]") {
    JobsFixture f(false);
    CHECK(f.get("/archive").body.find("id=\"no-archive\"") != std::string::npos);
    const auto r = f.post("/archive/run");
    CHECK(r.status == 400);
    CHECK(r.body.find("--archive") != std::string::npos);
}

TEST_CASE("unknown jobs are 404; a run needs the page's token", "[server]") {
    JobsFixture f;
    CHECK(f.get("/jobs/view?id=nope").status == 404);
    CHECK(f.get("/jobs/status?id=nope").status == 404);
    CHECK(f.get("/jobs/pdf?id=nope").status == 404);
    Request r;
    r.method = "POST";
    r.path = "/audit/run";
    CHECK(f.app->handle(r).status == 403);
    CHECK_FALSE(fs::exists(f.archive));
}
