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
    CHECK_THROWS_WITH(archive::ScoringProfile::load(tmp / "a.json"), Catch::Contains("“/items/0/points_each”应为数字"));
    std::ofstream(tmp / "b.json") << R"({"items": []})";
    CHECK_THROWS_WITH(archive::ScoringProfile::load(tmp / "b.json"), Catch::Contains("“/items”应为非空的"));
    std::filesystem::remove_all(tmp);
}

TEST_CASE("errors dominate the score; a reminder (info) never costs points", "[scoring]") {
    const auto profile = archive::ScoringProfile::load(std::filesystem::path(DANGAN_SOURCE_DIR) / "profiles/audit/scoring.json");
    auto with = [](const std::string& rule, core::Severity severity, int n) {
        std::vector<rules::Finding> out;
        for (int i = 0; i < n; ++i) {
            out.push_back(f(rule));
            out.back().severity = severity;
        }
        return out;
    };
    const auto infos = archive::score_findings(with("term.expired", core::Severity::info, 40), profile);
    CHECK(infos.total == 100);
    const auto warnings = archive::score_findings(with("date.partial", core::Severity::warning, 4), profile);
    const auto errors = archive::score_findings(with("date.partial", core::Severity::error, 4), profile);
    CHECK(warnings.total == Approx(98));
    CHECK(errors.total == Approx(96));
    CHECK(archive::four_properties_of("manifest.checksum") == "真实性");
    CHECK(archive::four_properties_of("date.missing") == "完整性");
    CHECK(archive::four_properties_of("lint.corrupt") == "可用性");
    CHECK(archive::four_properties_of("lint.junk") == "安全性");
}
