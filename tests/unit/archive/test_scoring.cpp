// Points deducted under a scoring profile: per finding, capped per item, total and grade.
#include "archive/scoring.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace dangan;

namespace {
rules::Finding f(const std::string& rule) {
    rules::Finding out;
    out.rule = rule;
    return out;
}
}  // namespace

TEST_CASE("the shipped scoring profile deducts per finding up to each item's cap", "[scoring]") {
    const auto profile = archive::ScoringProfile::load(std::filesystem::path(DANGAN_SOURCE_DIR) / "profiles/audit/scoring.json");
    std::vector<rules::Finding> findings;
    for (int i = 0; i < 20; ++i) findings.push_back(f("cadence.gap"));  // 40 points, capped at 30
    findings.push_back(f("date.partial"));                              // 1
    findings.push_back(f("workflow.missing"));                          // 3
    findings.push_back(f("lint.junk"));                                 // 0.5
    findings.push_back(f("date.order"));                                // 1 (编号 item)
    findings.push_back(f("no.such.rule"));                              // 0
    const auto score = archive::score_findings(findings, profile);
    CHECK(score.total == Approx(100 - 30 - 1 - 3 - 0.5 - 1));
    CHECK(score.grade == "合格");  // 64.5
    CHECK(score.items[0].findings == 20);
    CHECK(score.items[0].deducted == 30);
    CHECK(score.points[20] == 1);
    CHECK(score.points.back() == 0);
    CHECK(score.item_of.back().empty());
    CHECK(score.item_of[22] == "整理规范");
    CHECK(archive::score_findings({}, profile).grade == "优秀");
    // An empty folder must not score 100 (优秀): nothing was there to check.
    const auto empty = archive::score_findings({f("archive.empty")}, profile);
    CHECK(empty.total == 0);
    CHECK(empty.grade == "不合格");
    CHECK(archive::format_points(64.5) == "64.5");
    CHECK(archive::format_points(30) == "30");
}

TEST_CASE("a malformed scoring profile names the key", "[scoring]") {
    char dir[] = "/tmp/dangan-scoring-XXXXXX";
    const std::filesystem::path tmp = ::mkdtemp(dir);
    std::ofstream(tmp / "a.json") << R"({"items": [{"name": "x", "rules": ["a"], "points_each": "two"}]})";
    CHECK_THROWS_WITH(archive::ScoringProfile::load(tmp / "a.json"), Catch::Contains("'/items/0/points_each' must be a number"));
    std::ofstream(tmp / "b.json") << R"({"items": []})";
    CHECK_THROWS_WITH(archive::ScoringProfile::load(tmp / "b.json"), Catch::Contains("'/items' must be a non-empty list"));
    std::filesystem::remove_all(tmp);
}
