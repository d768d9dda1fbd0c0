// Not a benchmark (that lives in bench/), but a guard: a ledger of ~3,800 pages of CJK text must lay
// out in well under a second in an optimised build. Run with: test_layout "[perf]".
#include "layout_helpers.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <iostream>

using namespace dangan;

TEST_CASE("about 3,800 pages of CJK text lay out quickly", "[.][perf]") {
    testing::FixedMetrics fonts;
    const std::string sentence = "党支部召开支部委员会会议，研究发展党员工作，2025年3月15日应到7人（实到6人）。";
    std::string xml = "<document>";
    for (int p = 0; p < 7600; ++p) {
        xml += "<p>";
        for (int s = 0; s < 7; ++s) xml += sentence;
        xml += "</p>";
    }
    xml += "</document>";
    const auto document = document::read_markup(xml, "big.xml");
    const auto start = std::chrono::steady_clock::now();
    const auto laid = layout::layout_document(document, fonts);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << laid.pages.size() << " pages in " << seconds << " s\n";
    CHECK(laid.pages.size() > 3000);
    CHECK(seconds < 1.0);
}
