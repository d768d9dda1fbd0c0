// The 换届 vote form: an election's counts and candidates saved into the record file as the command line reads
// it (keys the form does not show kept), the findings of R32/R33 on the field they name — in the form, as
// you type, and in `check` with the line of that field — 409 on a stale version, 422 naming the field in
// Chinese, the token.
#include "app_fixture.hpp"

#include "records/loader.hpp"

#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include <fstream>
#include <regex>

using namespace dangan;
namespace fs = std::filesystem;
using Poco::JSON::Object;

namespace {

const std::string kVoteFile = "dossiers/election-2025.json";

Object::Ptr vote_file_json(const fs::path& file) {
    std::ifstream in(file);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    return Poco::JSON::Parser().parse(text).extract<Object::Ptr>();
}

std::string vote_version(const std::string& body) {
    std::smatch m;
    REQUIRE(std::regex_search(body, m, std::regex(R"re(name="version" value="([0-9a-f]+)")re")));
    return m[1];
}

struct VoteRow {
    std::string name, votes, elected, role;
};

/// The form as the sample shows it (应到 10, 实到 9, six candidates), with `change` applied.
std::multimap<std::string, std::string> vote_params(const std::string& version,
                                                    const std::function<void(std::map<std::string, std::string>&,
                                                                             std::vector<VoteRow>&)>& change = {}) {
    std::map<std::string, std::string> counts{{"seats", "5"}, {"expected", "10"}, {"present", "9"},
                                              {"ballots_issued", "9"}, {"ballots_returned", "9"}};
    std::vector<VoteRow> rows{{"王建华", "9", "1", "书记"},   {"李秀梅", "9", "1", "副书记"}, {"张志强", "8", "1", "组织委员"},
                              {"陈静", "8", "1", "宣传委员"}, {"刘海涛", "7", "1", "纪检委员"}, {"赵明", "4", "", ""},
                              {"", "", "", ""}};
    if (change) change(counts, rows);
    std::multimap<std::string, std::string> p{{"file", kVoteFile}, {"record", ""}, {"version", version}};
    for (const auto& [k, v] : counts) p.emplace(k, v);
    for (const auto& r : rows) {
        p.emplace("cand_name", r.name);
        p.emplace("cand_votes", r.votes);
        p.emplace("cand_elected", r.elected);
        p.emplace("cand_role", r.role);
    }
    return p;
}

std::vector<rules::Finding> vote_findings(testing::AppFixture& f, const std::string& rule) {
    std::vector<rules::Finding> out;
    for (const auto& x : f.app->branch().load()->findings)
        if (x.rule == rule) out.push_back(x);
    return out;
}

}  // namespace

TEST_CASE("换届 vote form: counts and candidates saved as the command line reads them, findings on their field",
          "[server][forms]") {
    testing::AppFixture f("web-vote");
    const auto list = f.get("/elections");
    REQUIRE(list.status == 200);
    CHECK(list.body.find("应到 10 人，实到 9 人，候选人 6 名，当选 5 名") != std::string::npos);
    CHECK(list.body.find("/elections/vote?file=" + server::url_encode(kVoteFile) + "&amp;record=") != std::string::npos);

    const auto form = f.get("/elections/vote?file=" + kVoteFile + "&record=");
    REQUIRE(form.status == 200);
    CHECK(form.body.find("value=\"赵明\"") != std::string::npos);
    CHECK(form.body.find("<option value=\"王建华\">") != std::string::npos);  // the 花名册 as a pick list
    CHECK(form.body.find("这次换届未发现问题") != std::string::npos);
    const std::string version = vote_version(form.body);

    // 实到 8 of 10 is not more than 4/5: the finding appears as it is typed, on the 实到 field.
    const auto low = f.post("/elections/vote/preview", vote_params(version, [](auto& c, auto&) { c["present"] = "8"; }));
    REQUIRE(low.status == 200);
    CHECK(low.body.find("未超过4/5") != std::string::npos);
    CHECK(low.body.find("\"field\":\"present\"") != std::string::npos);

    // Saved: the counts as numbers, every key the form does not show kept; `check` finds the same, with the line.
    REQUIRE(f.post("/elections/vote/save", vote_params(version, [](auto& c, auto&) { c["present"] = "8"; })).status == 303);
    auto stored = vote_file_json(f.data / kVoteFile);
    CHECK(stored->getObject("voting")->getValue<int>("present") == 8);
    CHECK(stored->getObject("voting")->getValue<std::string>("excluded") == "预备党员冯浩然列席，不参加选举");
    CHECK(stored->getArray("candidates")->getObject(0)->getValue<std::string>("gender") == "男");
    CHECK(stored->getArray("steps")->getObject(2)->getValue<std::string>("date") == "2025年1月20日");
    const auto quorum = vote_findings(f, "vote.quorum");
    REQUIRE(quorum.size() == 1);
    CHECK(quorum[0].where.field == "/voting/present");
    CHECK(quorum[0].where.line > 0);
    const auto shown = f.get("/elections/vote?file=" + kVoteFile + "&record=&saved=1");
    CHECK(shown.body.find("id=\"saved\"") != std::string::npos);
    CHECK(shown.body.find("data-field=\"present\" class=\"has-finding\"") != std::string::npos);

    // Corrected, and 王建华 given 4 votes of 9 while 当选: the quorum finding goes, a majority finding on his row.
    const std::string v2 = vote_version(shown.body);
    REQUIRE(f.post("/elections/vote/save", vote_params(v2, [](auto&, auto& rows) { rows[0].votes = "4"; })).status == 303);
    CHECK(vote_findings(f, "vote.quorum").empty());
    const auto majority = vote_findings(f, "vote.majority");
    REQUIRE(majority.size() == 1);
    CHECK(majority[0].where.field == "/candidates/0/votes");
    const auto row = f.get("/elections/vote?file=" + kVoteFile + "&record=");
    CHECK(row.body.find("data-field=\"cand-0\" class=\"has-finding\"") != std::string::npos);

    // A new candidate typed into a blank row, one taken out by emptying the name: too few for five seats.
    const std::string v3 = vote_version(row.body);
    const auto margin = [](auto&, auto& rows) {
        rows[5].name = "";
        rows[5].votes = "";
        rows[6] = {"孙丽", "3", "", ""};
        rows[1] = {"", "", "", ""};
    };
    CHECK(f.post("/elections/vote/preview", vote_params(v3, margin)).body.find("\"field\":\"candidates\"") != std::string::npos);
    REQUIRE(f.post("/elections/vote/save", vote_params(v3, margin)).status == 303);
    stored = vote_file_json(f.data / kVoteFile);
    const auto candidates = stored->getArray("candidates");
    REQUIRE(candidates->size() == 5);
    CHECK(candidates->getObject(1)->getValue<std::string>("name") == "张志强");
    CHECK(candidates->getObject(4)->getValue<std::string>("name") == "孙丽");
    CHECK(candidates->getObject(4)->getValue<int>("votes") == 3);
    CHECK(candidates->getObject(4)->getValue<bool>("elected") == false);
    CHECK(!candidates->getObject(4)->has("role"));
    REQUIRE(vote_findings(f, "vote.margin").size() == 1);
    CHECK(vote_findings(f, "vote.margin")[0].where.field == "/candidates");
}

TEST_CASE("换届 vote form: stale version 409, bad counts 422 in Chinese, a name missing, no token, other files",
          "[server][forms]") {
    testing::AppFixture f("web-vote-bad");
    const auto form = f.get("/elections/vote?file=" + kVoteFile + "&record=");
    const std::string version = vote_version(form.body);
    const auto before = vote_file_json(f.data / kVoteFile);
    auto unchanged = [&] {
        std::ostringstream a, b;
        before->stringify(a);
        vote_file_json(f.data / kVoteFile)->stringify(b);
        return a.str() == b.str();
    };

    // Not a whole number: 422, the field named, what was typed shown again, nothing written.
    const auto word = f.post("/elections/vote/save", vote_params(version, [](auto& c, auto&) { c["present"] = "九"; }));
    CHECK(word.status == 422);
    CHECK(word.body.find("实到人数“九”不是人数或票数") != std::string::npos);
    CHECK(word.body.find("value=\"九\"") != std::string::npos);
    const auto negative = f.post("/elections/vote/save", vote_params(version, [](auto&, auto& rows) { rows[2].votes = "-1"; }));
    CHECK(negative.status == 422);
    CHECK(negative.body.find("第 3 位候选人（张志强）的得票“-1”") != std::string::npos);
    const auto nameless = f.post("/elections/vote/save", vote_params(version, [](auto&, auto& rows) { rows[6].votes = "5"; }));
    CHECK(nameless.status == 422);
    CHECK(nameless.body.find("第 7 行候选人没有填姓名") != std::string::npos);
    CHECK(f.post("/elections/vote/preview", vote_params(version, [](auto& c, auto&) { c["seats"] = "5.5"; }))
              .body.find("应选人数“5.5”不是人数或票数") != std::string::npos);
    CHECK(unchanged());

    // No token; a file that is not an election; a path outside the folder.
    CHECK(f.post("/elections/vote/save", vote_params(version), false).status == 403);
    CHECK(f.get("/elections/vote?file=organisation.json&record=").status == 404);
    CHECK(f.get("/elections/vote?file=../branch/dossiers/election-2025.json&record=").status == 404);
    CHECK(unchanged());

    // Changed on disk meanwhile: 409 with both versions; nothing overwritten.
    REQUIRE(f.post("/elections/vote/save", vote_params(version, [](auto& c, auto&) { c["expected"] = "11"; })).status == 303);
    const auto stale = f.post("/elections/vote/save", vote_params(version, [](auto& c, auto&) { c["expected"] = "12"; }));
    CHECK(stale.status == 409);
    CHECK(std::regex_search(stale.body, std::regex("expected[^0-9<]{1,30}12")));  // the author's
    CHECK(std::regex_search(stale.body, std::regex("expected[^0-9<]{1,30}11")));  // the stored one
    CHECK(vote_file_json(f.data / kVoteFile)->getObject("voting")->getValue<int>("expected") == 11);
}
