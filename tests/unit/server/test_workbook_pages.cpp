// Workbook export and import in the browser (App routes /workbook…): the download is `dangan export`'s
// workbook; an upload is checked as the command line would read it — its problems named sheet!cell, a
// meeting the folder already holds refused as a duplicate — and written into the data folder only after
// the confirmation page, atomically, as a new file or replacing the workbook of the same name.
#include "core/atomic_write.hpp"
#include "jobs/workbook_job.hpp"
#include "records/loader.hpp"
#include "server/app.hpp"
#include "support/temp_dir.hpp"
#include "unit/server/app_fixture.hpp"
#include "workbook/convert.hpp"
#include "workbook/readers.hpp"
#include "workbook/table_writer.hpp"

#include <catch2/catch.hpp>

#include <regex>
#include <sstream>

using namespace dangan;
using namespace dangan::server;
namespace fs = std::filesystem;

namespace {

struct WorkbookFixture : testing::AppFixture {
    WorkbookFixture() : AppFixture("webbook") {}

    Response upload(const std::string& filename, const std::string& bytes, bool token = true) {
        Request r;
        r.method = "POST";
        r.path = "/workbook/upload";
        if (token) r.params.emplace("token", testing::kFormToken);
        r.files["workbook"] = Upload{filename, bytes};
        return app->handle(r);
    }

    Response apply(const std::string& id) { return post("/workbook/apply", {{"upload", id}}); }

    /// The folder's files, for "nothing was written" checks.
    std::set<std::string> files() const {
        std::set<std::string> out;
        for (const auto& e : fs::recursive_directory_iterator(data)) out.insert(e.path().lexically_relative(data).string());
        return out;
    }

    size_t meetings_on_disk() const {
        const auto book = rules::RuleBook::load(fs::path(DANGAN_SOURCE_DIR) / "profiles", std::nullopt);
        core::DiagnosticSink sink;
        const auto loaded = workbook::load_dataset({data}, book.vocabulary(), sink);
        CHECK_FALSE(sink.has_errors());
        return loaded.meetings.size();
    }
};

/// `dangan export` of a folder holding only the given meeting records: a workbook of new meetings.
std::string exported_meetings(const fs::path& folder, const std::vector<std::string>& titles) {
    fs::create_directories(folder / "in");
    std::string records;
    for (size_t i = 0; i < titles.size(); ++i)
        records += std::string(i ? "," : "") + R"({"type": "党小组会", "date": "2025-11-2)" + std::to_string(i) +
                   R"(", "start": "09:00", "end": "10:00", "place": "活动室", "host": "王建华", "recorder": "陈静",
                        "title": ")" + titles[i] + R"("})";
    core::write_file_atomically(folder / "in/m.json", R"({"kind": "meetings", "records": [)" + records + "]}");
    jobs::WorkbookRequest request;
    request.inputs = {folder / "in"};
    request.out = folder / "out.xlsx";
    std::ostringstream out, err;
    REQUIRE(jobs::run_workbook(request, out, err) == jobs::ExitCode::clean);
    return core::read_file(folder / "out.xlsx");
}

std::string upload_id(const std::string& page) {
    std::smatch m;
    REQUIRE(std::regex_search(page, m, std::regex(R"re(name="upload" value="([0-9a-f]+)")re")));
    return m[1];
}

}  // namespace

TEST_CASE("the workbook page offers the download and, for an editor, the upload form with the token", "[server]") {
    WorkbookFixture f;
    const auto r = f.get("/workbook");
    REQUIRE(r.status == 200);
    CHECK(r.body.find("下载 台账.xlsx") != std::string::npos);
    CHECK(r.body.find("enctype=\"multipart/form-data\"") != std::string::npos);
    CHECK(r.body.find(std::string("name=\"token\" value=\"") + testing::kFormToken + "\"") != std::string::npos);
}

TEST_CASE("the download is the branch's workbook, read back with every meeting, and leaves nothing behind", "[server]") {
    WorkbookFixture f;
    const auto before = f.files();
    const auto r = f.get("/workbook/download");
    REQUIRE(r.status == 200);
    CHECK(r.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    CHECK(r.headers.at("Content-Disposition").find("attachment") == 0);
    REQUIRE(r.body.starts_with("PK"));
    // Read back as the command line reads a workbook: the sample's 65 meetings.
    core::write_file_atomically(f.dir.path / "back/台账.xlsx", r.body);
    const auto book = rules::RuleBook::load(fs::path(DANGAN_SOURCE_DIR) / "profiles", std::nullopt);
    core::DiagnosticSink sink;
    const auto loaded = workbook::load_dataset({f.dir.path / "back"}, book.vocabulary(), sink);
    CHECK_FALSE(sink.has_errors());
    CHECK(loaded.meetings.size() == 65);
    CHECK(f.files() == before);
}

TEST_CASE("an uploaded workbook of new meetings is confirmed, then added to the folder and read by check", "[server]") {
    WorkbookFixture f;
    const auto bytes = exported_meetings(f.dir.path / "src", {"导入一", "导入二"});
    const auto before = f.files();
    const auto confirm = f.upload("新会议.xlsx", bytes);
    REQUIRE(confirm.status == 200);
    CHECK(confirm.body.find("会议记录 2 条") != std::string::npos);
    CHECK(confirm.body.find("id=\"will-add\"") != std::string::npos);
    CHECK(f.files() == before);  // nothing written before the confirmation
    const auto id = upload_id(confirm.body);

    const auto done = f.apply(id);
    REQUIRE(done.status == 303);
    CHECK(done.headers.at("Location").find("/workbook?imported=") == 0);
    CHECK(fs::exists(f.data / "新会议.xlsx"));
    CHECK(core::read_file(f.data / "新会议.xlsx") == bytes);
    CHECK(f.meetings_on_disk() == 67);
    // The pages see them at once.
    CHECK(f.get("/meetings").body.find("导入二") != std::string::npos);
    // A confirmation is used once.
    CHECK(f.apply(id).status == 410);
}

TEST_CASE("a workbook of the same name replaces the folder's one after confirmation", "[server]") {
    WorkbookFixture f;
    REQUIRE(f.apply(upload_id(f.upload("台账.xlsx", exported_meetings(f.dir.path / "a", {"旧的"})).body)).status == 303);
    const auto newer = exported_meetings(f.dir.path / "b", {"新的一", "新的二", "新的三"});
    const auto confirm = f.upload("台账.xlsx", newer);
    REQUIRE(confirm.status == 200);
    CHECK(confirm.body.find("id=\"will-replace\"") != std::string::npos);
    REQUIRE(f.apply(upload_id(confirm.body)).status == 303);
    CHECK(core::read_file(f.data / "台账.xlsx") == newer);
    CHECK(f.meetings_on_disk() == 68);  // 65 + the three new, the old one gone with the file it was in
}

TEST_CASE("a workbook with bad cells is refused with Chinese messages naming sheet!cell; nothing is written", "[server]") {
    WorkbookFixture f;
    workbook::TableSheet sheet;
    sheet.name = "会议";
    sheet.headers = {"会议类型", "标题", "次序", "日期", "地点"};
    sheet.widths = {12, 12, 8, 12, 12};
    sheet.rows = {{{"党小组会"}, {"坏的一条"}, {"第三次"}, {"2025-12-01"}, {"活动室"}},
                  {{"不存在的会"}, {"又一条"}, {"2"}, {"2025-12-02"}, {"活动室"}}};
    workbook::write_tables(f.dir.path / "bad.xlsx", {sheet}, {});
    const auto before = f.files();
    const auto r = f.upload("坏台账.xlsx", core::read_file(f.dir.path / "bad.xlsx"));
    CHECK(r.status == 422);
    CHECK(r.body.find("id=\"upload-problems\"") != std::string::npos);
    CHECK(r.body.find("会议!C2") != std::string::npos);
    CHECK(r.body.find("“次序”列：应填整数") != std::string::npos);
    CHECK(r.body.find("会议!A3") != std::string::npos);  // the unknown meeting kind, in its cell
    CHECK(r.body.find("/tmp/") == std::string::npos);  // the private folder the upload waited in is not shown
    CHECK(r.body.find("name=\"upload\"") == std::string::npos);  // no confirmation offered
    CHECK(f.files() == before);
}

TEST_CASE("the branch's own export uploaded back is refused: every meeting would be there twice", "[server]") {
    WorkbookFixture f;
    const auto exported = f.get("/workbook/download");
    REQUIRE(exported.status == 200);
    const auto r = f.upload("台账.xlsx", exported.body);
    CHECK(r.status == 422);
    CHECK(r.body.find("导入会重复") != std::string::npos);
    CHECK_FALSE(fs::exists(f.data / "台账.xlsx"));
}

TEST_CASE("uploads that are not .xlsx, have no file, lack the token or name a path are refused", "[server]") {
    WorkbookFixture f;
    const auto before = f.files();
    CHECK(f.upload("台账.xls", "not a workbook").status == 422);
    CHECK(f.upload("台账.xlsx", "").status == 400);
    CHECK(f.upload("台账.xlsx", "PK garbage", false).status == 403);
    const auto garbage = f.upload("../../etc/x.xlsx", "PK garbage");  // only the last name counts
    CHECK(garbage.status == 422);
    CHECK(garbage.body.find("x.xlsx") != std::string::npos);
    CHECK(f.apply("0123456789abcdef").status == 410);
    CHECK(f.files() == before);
}
