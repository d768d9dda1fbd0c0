// The 花名册 form (/members/new, /members/edit, POST /members/save): a member is added to or changed in
// organisation.json atomically, keeping every key the form does not show; a stale version is 409 with both
// versions; an empty or repeated name is refused in Chinese and nothing is written.
#include "core/atomic_write.hpp"
#include "records/loader.hpp"
#include "server/app.hpp"
#include "support/temp_dir.hpp"
#include "unit/server/app_fixture.hpp"

#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

using namespace dangan;
using namespace dangan::server;
namespace fs = std::filesystem;
using Poco::JSON::Object;

namespace {

struct RosterFixture : testing::AppFixture {
    RosterFixture() : AppFixture("roster") {}

    Response save(std::multimap<std::string, std::string> params) { return post("/members/save", std::move(params)); }

    Object::Ptr organisation() const {
        Poco::JSON::Parser parser;
        return parser.parse(core::read_file(data / "organisation.json")).extract<Object::Ptr>();
    }

    std::string version_shown(const std::string& index) {
        const auto page = get("/members/edit", {{"index", index}});
        REQUIRE(page.status == 200);
        const auto at = page.body.find("name=\"version\" value=\"");
        REQUIRE(at != std::string::npos);
        const auto start = at + 22;
        return page.body.substr(start, page.body.find('"', start) - start);
    }
};

}  // namespace

TEST_CASE("a new member is added to organisation.json and loads as the command line loads it", "[server]") {
    RosterFixture f;
    const size_t before = f.organisation()->getArray("members")->size();
    const auto r = f.save({{"name", "周新"}, {"gender", "女"}, {"birth_date", "1990-05-01"}, {"status", "预备"},
                           {"joined", "2025-07-01"}, {"group", "第一党小组"}, {"index", ""}, {"version", ""}});
    REQUIRE(r.status == 303);
    CHECK(r.headers.at("Location") == "/members/edit?index=" + std::to_string(before) + "&saved=1");
    const auto members = f.organisation()->getArray("members");
    REQUIRE(members->size() == before + 1);
    const auto added = members->getObject(static_cast<unsigned>(before));
    CHECK(added->getValue<std::string>("name") == "周新");
    CHECK(added->getValue<std::string>("status") == "预备");
    CHECK_FALSE(added->has("full_member"));  // an empty field writes no key
    const auto book = rules::RuleBook::load(fs::path(DANGAN_SOURCE_DIR) / "profiles", std::nullopt);
    core::DiagnosticSink sink;
    const auto data = records::load_dataset({f.data}, book.vocabulary(), sink);
    CHECK_FALSE(sink.has_errors());
    CHECK(data.organisation->members.size() == before + 1);
    CHECK(f.get("/members").body.find("周新") != std::string::npos);
}

TEST_CASE("an edit keeps the keys the form does not show, and a stale version is 409", "[server]") {
    RosterFixture f;
    const auto version = f.version_shown("0");
    const auto first = f.organisation()->getArray("members")->getObject(0);
    REQUIRE(first->has("roles"));
    const auto r = f.save({{"index", "0"}, {"version", version}, {"name", "王建华"}, {"gender", "男"},
                           {"birth_date", "1972-04-16"}, {"status", "正式"}, {"joined", "1995-06-28"},
                           {"full_member", "1996-06-28"}, {"group", "第二党小组"}, {"position", "局办公室主任"}});
    REQUIRE(r.status == 303);
    const auto saved = f.organisation()->getArray("members")->getObject(0);
    CHECK(saved->getValue<std::string>("group") == "第二党小组");
    CHECK(saved->has("roles"));  // not on the form, kept
    // The same old version again: someone else's change is not overwritten.
    const auto stale = f.save({{"index", "0"}, {"version", version}, {"name", "王建华"}, {"group", "第三党小组"}});
    CHECK(stale.status == 409);
    CHECK(stale.body.find("第二党小组") != std::string::npos);  // their version is shown
    CHECK(f.organisation()->getArray("members")->getObject(0)->getValue<std::string>("group") == "第二党小组");
}

TEST_CASE("an empty or repeated name and a bad status are refused in Chinese; nothing is written", "[server]") {
    RosterFixture f;
    const auto before = core::read_file(f.data / "organisation.json");
    const auto empty = f.save({{"name", ""}, {"status", "正式"}});
    CHECK(empty.status == 422);
    CHECK(empty.body.find("请填写姓名") != std::string::npos);
    const auto twice = f.save({{"name", "王建华"}, {"status", "正式"}});
    CHECK(twice.status == 422);
    CHECK(twice.body.find("花名册中已有“王建华”") != std::string::npos);
    CHECK(f.save({{"name", "新人"}, {"status", "候补"}}).status == 422);  // the loader refuses the status
    CHECK(f.save({{"name", "新人"}, {"index", "999"}, {"version", "x"}}).status == 409);
    CHECK(f.get("/members/edit", {{"index", "999"}}).status == 404);
    Request no_token;
    no_token.method = "POST";
    no_token.path = "/members/save";
    no_token.params = {{"name", "新人"}};
    CHECK(f.app->handle(no_token).status == 403);
    CHECK(core::read_file(f.data / "organisation.json") == before);
}
