// The web app driven through App::handle, without a socket: pages, saves, the version check, the form
// token, paths a request may not reach, the live preview and the ledger download.
#include "core/atomic_write.hpp"
#include "records/loader.hpp"
#include "server/app.hpp"
#include "server/meeting_form.hpp"
#include "support/temp_dir.hpp"
#include "unit/server/app_fixture.hpp"

#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include <regex>

using namespace dangan;
using namespace dangan::server;
namespace fs = std::filesystem;
using Poco::JSON::Object;

namespace {

/// The sample branch in the app (tests/unit/server/app_fixture.hpp).
struct Fixture : testing::AppFixture {};

/// A complete new meeting, as a secretary fills the form in.
std::multimap<std::string, std::string> new_meeting() {
    return {{"type", "支部委员会"},       {"number", "13"},         {"date", "2025-12-30"},
            {"start", "09:00"},           {"end", "10:30"},         {"place", "机关三楼党员活动室"},
            {"host", "王建华"},           {"recorder", "陈静"},     {"expected", "5"},
            {"present", "王建华"},        {"present", "张志强"},    {"present", "刘海涛"},
            {"present", "陈静"},          {"absent", "赵明：外出培训"}, {"agenda", "研究年终总结"},
            {"content", "王建华：通报全年工作完成情况。"}, {"resolutions", "同意年终总结报告。"}};
}

std::string query_of(const std::string& location, const std::string& key) {
    std::multimap<std::string, std::string> params;
    parse_form(location.substr(location.find('?') + 1), params);
    auto it = params.find(key);
    return it == params.end() ? "" : it->second;
}

}  // namespace

TEST_CASE("the overview names the branch and shows a clean check of the sample year", "[server]") {
    Fixture f;
    const auto r = f.get("/");
    REQUIRE(r.status == 200);
    CHECK(r.body.find("中共江川市档案局机关第二支部委员会") != std::string::npos);
    CHECK(r.body.find("错误 0 项") != std::string::npos);
    CHECK(r.body.find("未发现问题。") != std::string::npos);
}

TEST_CASE("the meetings page lists every meeting record with a link to its form", "[server]") {
    Fixture f;
    const auto r = f.get("/meetings");
    REQUIRE(r.status == 200);
    const std::regex link("/meetings/edit\\?file=");
    const auto count = std::distance(std::sregex_iterator(r.body.begin(), r.body.end(), link), std::sregex_iterator());
    CHECK(count == 65);  // samples/README.md: 65 meetings
    CHECK(r.body.find("/render?year=2025") != std::string::npos);
}

TEST_CASE("a new meeting is saved into the year's file and reads back as the command line reads it", "[server]") {
    Fixture f;
    const auto r = f.post("/meetings/save", new_meeting());
    REQUIRE(r.status == 303);
    const std::string location = r.headers.at("Location");
    CHECK(query_of(location, "file") == "meetings/web-2025.json");
    CHECK(query_of(location, "record") == "/records/0");

    const auto book = rules::RuleBook::load(fs::path(DANGAN_SOURCE_DIR) / "profiles", std::nullopt);
    core::DiagnosticSink sink;
    const auto data = records::load_dataset({f.data}, book.vocabulary(), sink);
    CHECK_FALSE(sink.has_errors());
    REQUIRE(data.meetings.size() == 66);
    const auto saved = std::find_if(data.meetings.begin(), data.meetings.end(),
                                    [](const auto& m) { return m.date.raw == "2025-12-30"; });
    REQUIRE(saved != data.meetings.end());
    CHECK(saved->kind == "支部委员会");
    CHECK(saved->present.size() == 4);
    REQUIRE(saved->absent.size() == 1);
    CHECK(saved->absent[0].reason == "外出培训");

    // The page it leads to says so and shows no finding for this complete record.
    Request again;
    again.path = "/meetings/edit";
    parse_form(location.substr(location.find('?') + 1), again.params);
    const auto page = f.app->handle(again);
    REQUIRE(page.status == 200);
    CHECK(page.body.find("已保存到 meetings/web-2025.json") != std::string::npos);
    CHECK(page.body.find("这条记录未发现问题。") != std::string::npos);
}

TEST_CASE("a record saved without its place is saved, and the form names the field", "[server]") {
    Fixture f;
    auto form = new_meeting();
    form.erase("place");
    const auto r = f.post("/meetings/save", form);
    REQUIRE(r.status == 303);
    Request again;
    again.path = "/meetings/edit";
    parse_form(r.headers.at("Location").substr(r.headers.at("Location").find('?') + 1), again.params);
    const auto page = f.app->handle(again);
    CHECK(page.body.find("data-field=\"place\"><span class=\"sev\">") != std::string::npos);
}

TEST_CASE("the live preview gives the findings of the form as typed, and writes nothing", "[server]") {
    Fixture f;
    auto form = new_meeting();
    form.erase("host");
    const auto before = core::read_file(f.data / "meetings/committee-2025.json");
    const auto r = f.post("/api/preview", form);
    REQUIRE(r.status == 200);
    CHECK(r.content_type.starts_with("application/json"));
    Poco::JSON::Parser parser;
    auto answer = parser.parse(r.body).extract<Object::Ptr>();
    auto findings = answer->getArray("findings");
    bool host = false;
    for (size_t i = 0; i < findings->size(); ++i)
        host = host || findings->getObject(static_cast<unsigned>(i))->getValue<std::string>("field") == "host";
    CHECK(host);
    CHECK_FALSE(fs::exists(f.data / "meetings/web-2025.json"));
    CHECK(core::read_file(f.data / "meetings/committee-2025.json") == before);
}

TEST_CASE("an edit of a record changed meanwhile on disk is refused with both versions (409)", "[server]") {
    Fixture f;
    const std::string file = "meetings/committee-2025.json";
    const auto page = f.get("/meetings/edit", {{"file", file}, {"record", "/records/0"}});
    REQUIRE(page.status == 200);
    std::smatch m;
    REQUIRE(std::regex_search(page.body, m, std::regex("name=\"version\" value=\"([0-9a-f]+)\"")));
    const std::string version = m[1];

    // Somebody else (the command line, an editor) changes the same record.
    std::string text = core::read_file(f.data / file);
    const auto at = text.find("党员活动室");
    REQUIRE(at != std::string::npos);
    text.replace(at, std::string("党员活动室").size(), "第二会议室");
    core::write_file_atomically(f.data / file, text);

    auto form = new_meeting();
    form.emplace("file", file);
    form.emplace("record", "/records/0");
    form.emplace("version", version);
    const auto r = f.post("/meetings/save", form);
    CHECK(r.status == 409);
    CHECK(r.body.find("已经修改了这条记录") != std::string::npos);
    CHECK(r.body.find("第二会议室") != std::string::npos);       // theirs
    CHECK(r.body.find("研究年终总结") != std::string::npos);     // mine
    CHECK(core::read_file(f.data / file) == text);               // nothing overwritten
}

TEST_CASE("an edit with the current version saves and keeps the keys the form does not show", "[server]") {
    Fixture f;
    const std::string file = "meetings/committee-2025.json";
    const auto page = f.get("/meetings/edit", {{"file", file}, {"record", "/records/0"}});
    std::smatch m;
    REQUIRE(std::regex_search(page.body, m, std::regex("name=\"version\" value=\"([0-9a-f]+)\"")));
    Poco::JSON::Parser parser;
    auto before = parser.parse(core::read_file(f.data / file)).extract<Object::Ptr>()->getArray("records")->getObject(0);

    std::multimap<std::string, std::string> form;
    auto fields = form_fields(before);
    for (const char* key : {"type", "number", "title", "date", "start", "end", "place", "host", "recorder", "expected",
                            "present_more", "absent", "attending", "agenda", "content", "resolutions"})
        form.emplace(key, fields->get(key).toString());
    for (const auto& name : *fields->getArray("present")) form.emplace("present", name.toString());
    form.erase("place");
    form.emplace("place", "第二会议室");
    form.emplace("file", file);
    form.emplace("record", "/records/0");
    form.emplace("version", std::string(m[1]));
    const auto r = f.post("/meetings/save", form);
    REQUIRE(r.status == 303);
    auto after = parser.parse(core::read_file(f.data / file)).extract<Object::Ptr>()->getArray("records")->getObject(0);
    CHECK(after->getValue<std::string>("place") == "第二会议室");
    // Votes are not on the form: they survive the save unchanged.
    REQUIRE(before->has("votes") == after->has("votes"));
    if (before->has("votes")) {
        std::ostringstream a, b;
        before->getArray("votes")->stringify(a);
        after->getArray("votes")->stringify(b);
        CHECK(a.str() == b.str());
    }
}

TEST_CASE("every sample meeting survives form → record unchanged (nothing lost by opening and saving)", "[server]") {
    Fixture f;
    const auto book = rules::RuleBook::load(fs::path(DANGAN_SOURCE_DIR) / "profiles", std::nullopt);
    core::DiagnosticSink sink;
    const auto data = records::load_dataset({f.data}, book.vocabulary(), sink);
    std::vector<std::string> people;
    for (const auto& m : data.organisation->members) people.push_back(m.name);
    int checked = 0;
    for (const auto& meeting : data.meetings) {
        auto fields = form_fields(meeting.json());
        Request form;
        for (const auto& key : fields->getNames())
            if (!fields->isArray(key)) form.params.emplace(key, fields->get(key).toString());
        for (const auto& name : *fields->getArray("present")) form.params.emplace("present", name.toString());
        std::vector<std::string> messages;
        auto record = record_from_form(form, meeting.json(), people, messages);
        CHECK(messages.empty());
        std::ostringstream a, b;
        meeting.json()->stringify(a);
        record->stringify(b);
        INFO(meeting.id);
        // Key order may differ only where the form re-creates an object; compare parsed values.
        Poco::JSON::Parser p1, p2;
        std::ostringstream ca, cb;
        p1.parse(a.str()).extract<Object::Ptr>()->stringify(ca);
        p2.parse(b.str()).extract<Object::Ptr>()->stringify(cb);
        CHECK(ca.str() == cb.str());
        ++checked;
    }
    CHECK(checked == 65);
}

TEST_CASE("bad form input is refused with a Chinese message and nothing is written", "[server]") {
    Fixture f;
    SECTION("a number that is not a whole number") {
        auto form = new_meeting();
        form.erase("number");
        form.emplace("number", "三");
        const auto r = f.post("/meetings/save", form);
        CHECK(r.status == 422);
        CHECK(r.body.find("“第几次”须填一个整数") != std::string::npos);
    }
    SECTION("a meeting kind the rule set does not know") {
        auto form = new_meeting();
        form.erase("type");
        form.emplace("type", "茶话会");
        const auto r = f.post("/meetings/save", form);
        CHECK(r.status == 422);
        CHECK(r.body.find("茶话会") != std::string::npos);
    }
    SECTION("a new record without a date") {
        auto form = new_meeting();
        form.erase("date");
        const auto r = f.post("/meetings/save", form);
        CHECK(r.status == 422);
        CHECK(r.body.find("须先填写会议日期") != std::string::npos);
    }
    CHECK_FALSE(fs::exists(f.data / "meetings/web-2025.json"));
}

TEST_CASE("a POST without the page's token is refused (another site cannot post through the browser)", "[server]") {
    Fixture f;
    const auto r = f.post("/meetings/save", new_meeting(), false);
    CHECK(r.status == 403);
    CHECK_FALSE(fs::exists(f.data / "meetings/web-2025.json"));
    auto wrong = new_meeting();
    wrong.emplace("token", "guess");
    CHECK(f.post("/meetings/save", wrong, false).status == 403);
}

TEST_CASE("requests cannot reach files outside the data folder or the shipped static files", "[server]") {
    Fixture f;
    f.dir.write("secret.json", R"({"kind": "meeting", "type": "党课", "date": "2025-01-01"})");
    CHECK(f.get("/meetings/edit", {{"file", "../secret.json"}, {"record", ""}}).status == 404);
    CHECK(f.get("/meetings/edit", {{"file", (f.dir.path / "secret.json").string()}, {"record", ""}}).status == 404);
    CHECK(f.get("/static/../../CMakeLists.txt").status == 404);
    CHECK(f.get("/static/%2e%2e/CMakeLists.txt").status == 404);
    CHECK(f.get("/static/app.css").status == 200);
    CHECK(f.get("/static/app.css").content_type.starts_with("text/css"));

    auto form = new_meeting();
    form.emplace("file", "../secret.json");
    form.emplace("record", "");
    form.emplace("version", "0");
    const auto r = f.post("/meetings/save", form);
    CHECK(r.status == 409);
    CHECK(core::read_file(f.dir.path / "secret.json").find("党课") != std::string::npos);
}

TEST_CASE("a request for another host name is refused (DNS rebinding)", "[server]") {
    Fixture f;
    Request r;
    r.path = "/";
    r.headers["host"] = "evil.example:8080";
    CHECK(f.app->handle(r).status == 403);
    r.headers["host"] = "127.0.0.1:8080";
    CHECK(f.app->handle(r).status == 200);
    r.headers["host"] = "localhost:8080";
    CHECK(f.app->handle(r).status == 200);
}

TEST_CASE("the ledger of a year is rendered and sent as a PDF, leaving nothing in the data folder", "[server]") {
    Fixture f;
    const auto files_before = std::distance(fs::recursive_directory_iterator(f.data), fs::recursive_directory_iterator());
    const auto r = f.get("/render", {{"year", "2025"}, {"kind", "支部委员会"}});
    REQUIRE(r.status == 200);
    CHECK(r.content_type == "application/pdf");
    CHECK(r.body.starts_with("%PDF-"));
    CHECK(r.body.size() > 10000);
    CHECK(std::distance(fs::recursive_directory_iterator(f.data), fs::recursive_directory_iterator()) == files_before);
    CHECK(f.get("/render", {{"year", "二〇二五"}}).status == 400);
}

TEST_CASE("an unknown page is a Chinese 404", "[server]") {
    Fixture f;
    const auto r = f.get("/nothing");
    CHECK(r.status == 404);
    CHECK(r.body.find("没有这个页面") != std::string::npos);
}

TEST_CASE("names typed in one box are split at 、，, and spaces", "[server]") {
    CHECK(split_names("王建华、陈静，张志强, 刘海涛 赵明") ==
          std::vector<std::string>{"王建华", "陈静", "张志强", "刘海涛", "赵明"});
    CHECK(split_names("  ").empty());
}

TEST_CASE("form decoding reads + as space and UTF-8 percent escapes", "[server]") {
    std::multimap<std::string, std::string> p;
    parse_form("a=1+2&b=%E7%8E%8B&b=x&empty=&flag", p);
    CHECK(p.find("a")->second == "1 2");
    CHECK(p.count("b") == 2);
    CHECK(p.find("b")->second == "王");
    CHECK(p.find("empty")->second.empty());
    CHECK(p.count("flag") == 1);
}

TEST_CASE("the roster, the development timeline and the dues grid show the branch's data", "[server]") {
    Fixture f;
    const auto members = f.get("/members");
    REQUIRE(members.status == 200);
    CHECK(members.body.find("王建华") != std::string::npos);
    CHECK(members.body.find("何雨欣") != std::string::npos);
    const auto development = f.get("/development");
    REQUIRE(development.status == 200);
    CHECK(development.body.find("冯浩然") != std::string::npos);
    CHECK(development.body.find("第25步 材料归档") != std::string::npos);
    const auto dues = f.get("/dues");
    REQUIRE(dues.status == 200);
    CHECK(dues.body.find("党费收缴台账") != std::string::npos);
    CHECK(dues.body.find("147.90") != std::string::npos);
}

TEST_CASE("a broken record file is named on the pages, in Chinese, and nothing crashes", "[server]") {
    Fixture f;
    f.dir.write("branch/meetings/broken.json", "{\"kind\": \"meetings\", \"records\": [,]}");
    for (const char* page : {"/", "/meetings", "/members", "/development", "/dues"}) {
        const auto r = f.get(page);
        INFO(page);
        CHECK(r.status == 200);
        CHECK(r.body.find("数据文件有问题") != std::string::npos);
        CHECK(r.body.find("meetings/broken.json") != std::string::npos);
    }
    // Rendering refuses with the reason, not a half-made book.
    const auto render = f.get("/render", {{"year", "2025"}});
    CHECK(render.status >= 400);
}

TEST_CASE("a change made on disk is seen by the next page (the snapshot is read again)", "[server]") {
    Fixture f;
    CHECK(f.get("/").body.find("错误 0 项") != std::string::npos);
    // The command line (or an editor) adds a meeting with only a month: the overview must show the error.
    f.dir.write("branch/meetings/late.json",
                R"({"kind": "meeting", "type": "支部委员会", "date": "2025年12月", "place": "活动室"})");
    const auto r = f.get("/");
    CHECK(r.body.find("错误 0 项") == std::string::npos);
    CHECK(r.body.find("2025年12月") != std::string::npos);
}

TEST_CASE("a branch kept in a workbook: its meetings are shown, changed in the workbook, added beside it", "[server]") {
    testing::TempDir dir("web-xlsx");
    const fs::path data = dir.path / "branch";
    fs::copy(fs::path(DANGAN_SOURCE_DIR) / "samples/branch-2025-xlsx", data, fs::copy_options::recursive);
    AppOptions options;
    options.data = data;
    options.as_of = core::parse_date("2025-12-31");
    options.form_token = testing::kFormToken;
    App app(options);
    Request list;
    list.path = "/meetings";
    const auto page = app.handle(list);
    REQUIRE(page.status == 200);
    std::smatch m;
    REQUIRE(std::regex_search(page.body, m, std::regex("/meetings/edit\\?file=([^&\"]+)&amp;record=([^\"]+)\"")));

    // Editing a meeting typed in the workbook: refused with where to change it; the workbook is untouched.
    const auto before = core::read_file(data / "台账.xlsx");
    Request save;
    save.method = "POST";
    save.path = "/meetings/save";
    save.params = new_meeting();
    save.params.emplace("token", testing::kFormToken);
    std::multimap<std::string, std::string> link;
    parse_form("file=" + std::string(m[1]) + "&record=" + std::string(m[2]), link);
    save.params.emplace("file", link.find("file")->second);
    save.params.emplace("record", link.find("record")->second);
    save.params.emplace("version", "x");
    const auto refused = app.handle(save);
    CHECK(refused.status == 422);
    CHECK(refused.body.find("请在该文件中修改") != std::string::npos);
    CHECK(core::read_file(data / "台账.xlsx") == before);

    // A new meeting goes into web-2025.json beside the workbook, and both load together.
    Request add;
    add.method = "POST";
    add.path = "/meetings/save";
    add.params = new_meeting();
    add.params.emplace("token", testing::kFormToken);
    CHECK(app.handle(add).status == 303);
    CHECK(fs::exists(data / "web-2025.json"));
    CHECK(app.handle(list).body.find("研究年终总结") == std::string::npos);  // the list shows kinds, not agendas
    const auto again = app.handle(list);
    const std::regex edit_link("/meetings/edit\\?file=");
    CHECK(std::distance(std::sregex_iterator(again.body.begin(), again.body.end(), edit_link), std::sregex_iterator()) == 66);
}
