// Issue 14: rules that fit ordinary branches (each with a case that passes and one that is reported).
#include "records/loader.hpp"
#include "rules/check.hpp"
#include "rules_helpers.hpp"

#include <catch2/catch.hpp>

using namespace dangan;
using dangan::testing::only;

namespace {

const rules::RuleBook& fit_book() {
    static const auto instance = rules::RuleBook::load(DANGAN_SOURCE_DIR "/profiles", std::nullopt);
    return instance;
}

std::vector<rules::Finding> fit_check(const std::vector<std::string>& files, const char* as_of) {
    records::Dataset data;
    core::DiagnosticSink sink;
    int n = 0;
    for (const auto& text : files)
        records::load_json_text(text, "g" + std::to_string(++n) + ".json", fit_book().vocabulary(), data, sink);
    INFO((sink.empty() ? std::string() : sink.all().front().str()));
    REQUIRE_FALSE(sink.has_errors());
    return rules::check_dataset(data, fit_book(), {core::parse_date(as_of)});
}

std::string party_lesson(const std::string& date) {
    return R"({"kind": "meeting", "type": "党课", "date": ")" + date + R"(", "start": "14:30", "end": "16:00",
              "place": "村委会", "host": "王芳", "recorder": "李娜", "attendance": {"expected": 2, "present": ["王芳", "李娜"]},
              "agenda": ["学习"], "resolutions": ["通过"]})";
}

std::vector<std::string> group_gaps(const std::vector<rules::Finding>& all) {
    std::vector<std::string> out;
    for (const auto& f : only(all, "cadence.gap"))
        if (f.where.record.find("党小组会") != std::string::npos) out.push_back(f.period);
    return out;
}

}  // namespace

TEST_CASE("\"groups\": [] means the branch has no 党小组: no 党小组会 gap") {
    const std::string none = R"({"kind": "organisation", "name": "中共某村支部委员会", "type": "村", "groups": []})";
    const auto all = fit_check({none, party_lesson("2025-01-10")}, "2025-04-15");
    CHECK(group_gaps(all).empty());
}

TEST_CASE("without a \"groups\" key, a month without 党小组会 is still reported") {
    const std::string unsaid = R"({"kind": "organisation", "name": "中共某村支部委员会", "type": "村"})";
    const auto all = fit_check({unsaid, party_lesson("2025-01-10")}, "2025-04-15");
    CHECK(group_gaps(all) == std::vector<std::string>{"2025-01", "2025-02", "2025-03"});
}
