// The 发展 step form and the 党费 cell form: saves change only their object of the record file (every other
// key and record kept, in the format the command line reads, atomically), findings of the same rules as
// `check` beside the fields and as you type, 409 with both versions on a stale version, Chinese refusals,
// the token.
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

Object::Ptr read_json(const fs::path& file) {
    std::ifstream in(file);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    return Poco::JSON::Parser().parse(text).extract<Object::Ptr>();
}

std::string version_on(const std::string& body) {
    std::smatch m;
    REQUIRE(std::regex_search(body, m, std::regex(R"re(name="version" value="([0-9a-f]+)")re")));
    return m[1];
}

std::multimap<std::string, std::string> step_params(const std::string& file, int step, const std::string& date,
                                                    const std::string& version) {
    return {{"file", file}, {"record", ""}, {"step", std::to_string(step)}, {"date", date},
            {"by", ""},     {"reference", ""}, {"record_text", "支委会研究"}, {"version", version}};
}

/// The rule findings of the data folder as the command line's loader and `check` see it: no loading error.
bool loads_cleanly(testing::AppFixture& f) {
    f.app->branch().load();
    const auto snap = f.app->branch().load();
    for (const auto& d : snap->diagnostics)
        if (d.severity == core::Severity::error) return false;
    return snap->usable();
}

}  // namespace

TEST_CASE("发展 step form: a new step is added in order, findings as you type, saved as the command line reads it",
          "[server][forms]") {
    testing::AppFixture f("web-step");
    const std::string file = "dossiers/development-lin-chenyang.json";
    const auto before = read_json(f.data / file);

    const auto timeline = f.get("/development");
    REQUIRE(timeline.status == 200);
    CHECK(timeline.body.find("/development/step?file=" + server::url_encode(file) + "&amp;record=&amp;step=7") != std::string::npos);

    const auto form = f.get("/development/step?file=" + file + "&record=&step=7");
    REQUIRE(form.status == 200);
    CHECK(form.body.find("确定发展对象") != std::string::npos);
    CHECK(form.body.find("id=\"step-form\"") != std::string::npos);
    const std::string version = version_on(form.body);

    // As you type: 确定发展对象 half a year after 确定积极分子 (2024-09-10) is too early; the rules say so.
    const auto early = f.post("/development/preview", step_params(file, 7, "2025-03-20", version));
    REQUIRE(early.status == 200);
    CHECK(early.content_type.find("json") != std::string::npos);
    CHECK(early.body.find("\"findings\":[{") != std::string::npos);
    CHECK(early.body.find("\"messages\":[]") != std::string::npos);
    const auto later = f.post("/development/preview", step_params(file, 7, "2025-09-20", version));
    CHECK(later.body.find("一年") == std::string::npos);
    CHECK(early.body.find("一年") != std::string::npos);
    CHECK(read_json(f.data / file)->getArray("steps")->size() == before->getArray("steps")->size());  // nothing written

    // Saved: one entry more, after step 6, every other key and step as it was.
    const auto saved = f.post("/development/save", step_params(file, 7, "2025-09-20", version));
    REQUIRE(saved.status == 303);
    CHECK(saved.headers.at("Location").find("saved=1") != std::string::npos);
    const auto after = read_json(f.data / file);
    const auto steps = after->getArray("steps");
    REQUIRE(steps->size() == before->getArray("steps")->size() + 1);
    CHECK(steps->getObject(6)->getValue<int>("step") == 7);
    CHECK(steps->getObject(6)->getValue<std::string>("date") == "2025-09-20");
    CHECK(steps->getObject(6)->getValue<std::string>("record") == "支委会研究");
    CHECK(steps->getObject(3)->getValue<std::string>("date") == "2024.9.18");  // as written, untouched
    for (const auto& key : before->getNames()) CHECK(after->has(key));
    CHECK(loads_cleanly(f));
    const auto reopened = f.get("/development/step?file=" + file + "&record=&step=7&saved=1");
    CHECK(reopened.body.find("id=\"saved\"") != std::string::npos);
    CHECK(reopened.body.find("value=\"2025-09-20\"") != std::string::npos);

    // The version the first form showed is stale now: 409, both versions, nothing written.
    const auto stale = f.post("/development/save", step_params(file, 7, "2025-10-01", version));
    CHECK(stale.status == 409);
    CHECK(stale.body.find("已经修改") != std::string::npos);
    CHECK(stale.body.find("id=\"mine\"") != std::string::npos);
    CHECK(stale.body.find("2025-10-01") != std::string::npos);
    CHECK(stale.body.find("2025-09-20") != std::string::npos);
    CHECK(read_json(f.data / file)->getArray("steps")->getObject(6)->getValue<std::string>("date") == "2025-09-20");

    // A date that is not one: 422 in Chinese, the form again with what was typed.
    const auto bad = f.post("/development/save", step_params(file, 7, "九月", version_on(reopened.body)));
    CHECK(bad.status == 422);
    CHECK(bad.body.find("不是完整的日期") != std::string::npos);
    CHECK(bad.body.find("九月") != std::string::npos);

    // Without the page's token: refused.
    CHECK(f.post("/development/save", step_params(file, 7, "2025-09-21", version_on(reopened.body)), false).status == 403);
}

TEST_CASE("发展 step form: an existing step's date changed; the finding appears beside the field", "[server][forms]") {
    testing::AppFixture f("web-step2");
    const std::string file = "dossiers/development-he-yuxin.json";
    const auto form = f.get("/development/step?file=" + file + "&record=&step=2");
    REQUIRE(form.status == 200);
    CHECK(form.body.find("value=\"2023-03-28\"") != std::string::npos);
    CHECK(form.body.find("这份纪实未发现问题") != std::string::npos);
    // 谈话 three months after the application (the rules: within one month).
    const auto saved = f.post("/development/save", step_params(file, 2, "2023-06-30", version_on(form.body)));
    REQUIRE(saved.status == 303);
    const auto steps = read_json(f.data / file)->getArray("steps");
    CHECK(steps->getObject(1)->getValue<std::string>("date") == "2023-06-30");
    CHECK_FALSE(steps->getObject(1)->has("by"));
    const auto shown = f.get("/development/step?file=" + file + "&record=&step=2");
    CHECK(shown.body.find("data-field=\"mine\"><span class=\"sev\">") != std::string::npos);  // marked beside the field
    CHECK(shown.body.find("这份纪实未发现问题") == std::string::npos);
    CHECK(f.get("/development/step?file=" + file + "&record=&step=26").status == 404);
    CHECK(f.get("/development/step?file=../organisation.json&record=&step=2").status == 404);
}

TEST_CASE("党费 cell form: a month paid, changed or cleared; the grid and check follow", "[server][forms]") {
    testing::AppFixture f("web-dues");
    const std::string file = "dues/dues-2025.json";
    const auto grid = f.get("/dues");
    REQUIRE(grid.status == 200);
    CHECK(grid.body.find("/dues/cell?file=") != std::string::npos);
    const std::string cell = "/dues/cell?file=" + file + "&record=&member=" + server::url_encode("王建华") + "&month=3";
    const auto form = f.get(cell);
    REQUIRE(form.status == 200);
    CHECK(form.body.find("value=\"147.9\"") != std::string::npos);
    CHECK(form.body.find("value=\"2025-03-10\"") != std::string::npos);
    const std::string version = version_on(form.body);
    auto params = [&](const std::string& amount, const std::string& paid, const std::string& v) {
        return std::multimap<std::string, std::string>{{"file", file}, {"record", ""}, {"member", "王建华"}, {"month", "3"},
                                                       {"amount", amount}, {"paid", paid}, {"note", ""}, {"version", v}};
    };

    // As you type: clearing the month (not paid) is a finding of the ledger, marked as this member's.
    const auto cleared = f.post("/dues/preview", params("", "", version));
    REQUIRE(cleared.status == 200);
    CHECK(cleared.body.find("\"field\":\"mine\"") != std::string::npos);
    const auto same = f.post("/dues/preview", params("147.9", "2025-03-10", version));
    CHECK(same.body.find("\"field\":\"mine\"") == std::string::npos);

    // A wrong amount: 422 in Chinese, nothing written.
    const auto bad = f.post("/dues/save", params("一百", "2025-03-10", version));
    CHECK(bad.status == 422);
    CHECK(bad.body.find("不是数字") != std::string::npos);

    // Changed: the amount as a number, other months and members untouched.
    const auto saved = f.post("/dues/save", params("150.5", "2025-03-12", version));
    REQUIRE(saved.status == 303);
    auto ledger = read_json(f.data / file);
    auto wang = ledger->getArray("members")->getObject(0);
    CHECK(wang->getArray("payments")->getObject(2)->getValue<double>("amount") == Approx(150.5));
    CHECK(wang->getArray("payments")->getObject(2)->getValue<std::string>("paid") == "2025-03-12");
    CHECK(wang->getArray("payments")->getObject(3)->getValue<double>("amount") == Approx(147.9));
    CHECK(ledger->getArray("members")->size() == 12);
    CHECK(ledger->has("_comment"));
    CHECK(loads_cleanly(f));

    // Stale version: 409 with both versions.
    const auto stale = f.post("/dues/save", params("1", "2025-03-12", version));
    CHECK(stale.status == 409);
    CHECK(stale.body.find("id=\"theirs\"") != std::string::npos);
    CHECK(stale.body.find("150.5") != std::string::npos);

    // Cleared: the month's entry goes; check finds the month unpaid; the grid says 未交.
    const auto again = f.get(cell);
    REQUIRE(f.post("/dues/save", params("", "", version_on(again.body))).status == 303);
    wang = read_json(f.data / file)->getArray("members")->getObject(0);
    CHECK(wang->getArray("payments")->size() == 11);
    CHECK(loads_cleanly(f));
    CHECK(f.get(cell).body.find("data-field=\"mine\"><span class=\"sev\">") != std::string::npos);
    // Paid again: back in month order.
    REQUIRE(f.post("/dues/save", params("147.9", "2025-03-10", version_on(f.get(cell).body))).status == 303);
    wang = read_json(f.data / file)->getArray("members")->getObject(0);
    REQUIRE(wang->getArray("payments")->size() == 12);
    CHECK(wang->getArray("payments")->getObject(2)->getValue<std::string>("month") == "2025-03");

    CHECK(f.get("/dues/cell?file=" + file + "&record=&member=nobody&month=3").status == 404);
    CHECK(f.post("/dues/save", params("1", "2025-03-12", version), false).status == 403);
}

namespace {

std::multimap<std::string, std::string> election_params(const std::string& step, const std::string& date,
                                                        const std::string& version, const std::string& title = "") {
    return {{"file", "dossiers/election-2025.json"}, {"record", ""}, {"step", step}, {"date", date}, {"title", title},
            {"reference", ""}, {"by", ""}, {"record_text", ""}, {"version", version}};
}

}  // namespace

TEST_CASE("换届 step form: a step moved, a missing one added in the chain's order, 409, 422, token", "[server][forms]") {
    testing::AppFixture f("web-election");
    const std::string file = "dossiers/election-2025.json";
    // The list: every step of the chain with its form.
    const auto list = f.get("/elections");
    REQUIRE(list.status == 200);
    CHECK(list.body.find("/elections/step?file=" + server::url_encode(file) + "&amp;record=&amp;step=" +
                         server::url_encode("结果报告")) != std::string::npos);
    const auto form = f.get("/elections/step?file=" + file + "&record=&step=" + server::url_encode("结果报告"));
    REQUIRE(form.status == 200);
    CHECK(form.body.find("value=\"2025-03-10\"") != std::string::npos);
    CHECK(form.body.find("这次换届未发现问题") != std::string::npos);
    const std::string version = version_on(form.body);

    // The report dated before the election meeting: the finding appears as it is typed, beside the step.
    const auto early = f.post("/elections/preview", election_params("结果报告", "2025-03-01", version));
    REQUIRE(early.status == 200);
    CHECK(early.body.find("\"field\":\"mine\"") != std::string::npos);
    const auto saved = f.post("/elections/save", election_params("结果报告", "2025-03-01", version, "关于换届选举结果的报告"));
    REQUIRE(saved.status == 303);
    auto steps = read_json(f.data / file)->getArray("steps");
    CHECK(steps->getObject(7)->getValue<std::string>("step") == "结果报告");
    CHECK(steps->getObject(7)->getValue<std::string>("date") == "2025-03-01");
    CHECK(steps->getObject(7)->getValue<std::string>("title") == "关于换届选举结果的报告");
    CHECK(steps->getObject(2)->getValue<std::string>("date") == "2025年1月20日");  // as written, untouched
    CHECK(loads_cleanly(f));
    const auto shown = f.get("/elections/step?file=" + file + "&record=&step=" + server::url_encode("结果报告") + "&saved=1");
    CHECK(shown.body.find("id=\"saved\"") != std::string::npos);
    CHECK(shown.body.find("data-field=\"mine\"><span class=\"sev\">") != std::string::npos);

    // The first form's version is stale now: 409 with both versions, nothing written.
    const auto stale = f.post("/elections/save", election_params("结果报告", "2025-03-11", version));
    CHECK(stale.status == 409);
    CHECK(stale.body.find("2025-03-11") != std::string::npos);
    CHECK(read_json(f.data / file)->getArray("steps")->getObject(7)->getValue<std::string>("date") == "2025-03-01");
    // Not a date: 422, in Chinese, naming the field, with what was typed.
    const auto bad = f.post("/elections/save", election_params("结果报告", "三月十日", version_on(shown.body)));
    CHECK(bad.status == 422);
    CHECK(bad.body.find("日期“三月十日”不是完整的日期") != std::string::npos);
    // A step the rules do not know, and no token.
    CHECK(f.get("/elections/step?file=" + file + "&record=&step=xyz").status == 404);
    CHECK(f.post("/elections/save", election_params("结果报告", "2025-03-10", version_on(shown.body)), false).status == 403);
    CHECK(f.get("/elections/step?file=../organisation.json&record=&step=" + server::url_encode("请示")).status == 404);

    // A missing step (请示 taken out of the file) is added back where the chain puts it: before 批复.
    auto top = read_json(f.data / file);
    top->getArray("steps")->remove(1);
    std::ostringstream text;
    top->stringify(text, 2);
    std::ofstream(f.data / file) << text.str();
    const auto missing = f.get("/elections/step?file=" + file + "&record=&step=" + server::url_encode("请示"));
    REQUIRE(missing.status == 200);
    CHECK(missing.body.find("name=\"date\" id=\"election-date\" value=\"\"") != std::string::npos);
    REQUIRE(f.post("/elections/save", election_params("请示", "2025-01-11", version_on(missing.body))).status == 303);
    steps = read_json(f.data / file)->getArray("steps");
    CHECK(steps->getObject(0)->getValue<std::string>("step") == "支委会决定");
    CHECK(steps->getObject(1)->getValue<std::string>("step") == "请示");
    CHECK(steps->getObject(1)->getValue<std::string>("date") == "2025-01-11");
    CHECK(steps->getObject(2)->getValue<std::string>("step") == "批复");
    CHECK(loads_cleanly(f));
}
