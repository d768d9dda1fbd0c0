// Golden traces: every tests/cases/layout/<case>.xml is laid out with FixedMetrics and its trace
// compared with <case>.trace. UPDATE_GOLDEN=1 in the environment rewrites the .trace files.
// FixedMetrics here: 𠮷 is missing from every face, and 仿宋 lacks 喆 (drawn by the fallback face).
#include "layout_helpers.hpp"

#include "core/atomic_write.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace dangan;

namespace {

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string trace_case(const std::filesystem::path& xml) {
    testing::FixedMetrics fonts;
    fonts.missing.insert(U'𠮷');
    fonts.family_lacks["仿宋"] = {U'喆'};
    try {
        const auto doc = document::read_markup(slurp(xml), xml.filename().string());
        return layout::trace(layout::layout_document(doc, fonts), fonts);
    } catch (const core::InputError& e) {
        return std::string(e.what()) + "\n";
    }
}

}  // namespace

TEST_CASE("layout golden traces (tests/cases/layout)") {
    const std::filesystem::path folder = std::filesystem::path(DANGAN_TEST_DIR) / "cases" / "layout";
    const bool update = std::getenv("UPDATE_GOLDEN") != nullptr;
    int cases = 0;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (entry.path().extension() == ".xml") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& xml : files) {
        ++cases;
        auto expected_path = xml;
        expected_path.replace_extension(".trace");
        const std::string actual = trace_case(xml);
        // Deterministic: a second run gives the same bytes.
        CHECK(actual == trace_case(xml));
        if (update) {
            std::ofstream(expected_path, std::ios::binary) << actual;
            continue;
        }
        INFO("case " << xml.filename().string() << " (UPDATE_GOLDEN=1 rewrites the trace)");
        REQUIRE(std::filesystem::exists(expected_path));
        CHECK(actual == slurp(expected_path));
    }
    CHECK(cases >= 10);
}
