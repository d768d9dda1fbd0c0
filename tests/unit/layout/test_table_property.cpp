// Property test for table splitting: random grids with rowspans, colspans and cells of random
// length on a short page. Every character of every cell must come out exactly once, inside the
// type area, and header rows repeat on every page.
#include "document/utf8.hpp"
#include "layout_helpers.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <random>

using namespace dangan;
using namespace dangan::testing;

TEST_CASE("property: random tables split across pages keep every character of every cell") {
    std::mt19937 random(9704);
    for (int round = 0; round < 150; ++round) {
        const int rows = 1 + static_cast<int>(random() % 8);
        const int columns = 1 + static_cast<int>(random() % 4);
        std::vector<std::vector<bool>> taken(rows, std::vector<bool>(columns, false));
        std::map<char32_t, int> expected;
        char32_t next_char = U'一' + 1;
        std::string xml = "<document>" + narrow_page(12, 120) +
                          "<style name=\"table\" line-pitch=\"15pt\"/><table padding=\"1pt\">";
        const int header_rows = static_cast<int>(random() % 2);
        for (int r = 0; r < rows; ++r) {
            xml += r < header_rows ? "<row header=\"yes\">" : "<row>";
            for (int c = 0; c < columns;) {
                if (taken[r][c]) {
                    ++c;
                    continue;
                }
                int colspan = 1;
                while (c + colspan < columns && !taken[r][c + colspan] && random() % 4 == 0) ++colspan;
                int rowspan = 1;
                if (r >= header_rows) {
                    while (r + rowspan < rows && random() % 3 == 0) ++rowspan;
                }
                for (int dr = 0; dr < rowspan; ++dr) {
                    for (int dc = 0; dc < colspan; ++dc) taken[r + dr][c + dc] = true;
                }
                const bool header = r < header_rows;
                const int length = header ? 2 : static_cast<int>(random() % 90);
                // Header cells use their own characters: they repeat on every page.
                const char32_t cp = header ? U'甲' + static_cast<char32_t>(c) : next_char++;
                std::string text;
                for (int i = 0; i < length; ++i) document::append_utf8(text, cp);
                if (!header) expected[cp] += length;
                xml += "<cell colspan=\"" + std::to_string(colspan) + "\" rowspan=\"" + std::to_string(rowspan) +
                       "\">" + text + "</cell>";
                c += colspan;
            }
            xml += "</row>";
        }
        xml += "</table></document>";
        CAPTURE(xml);
        FixedMetrics fonts;
        const auto laid = lay_out(xml, fonts);
        std::map<char32_t, int> found;
        for (const auto& page : laid.pages) {
            bool header_on_page = header_rows == 0;
            for (const auto& run : page.runs) {
                CHECK(run.y > 841.890 - 50 - 120 - 1e-6);
                CHECK(run.x + run.width <= 50 + 192 + 1e-6);
                for (size_t pos = 0; pos < run.text.size();) {
                    const char32_t cp = document::next_code_point(run.text, pos);
                    if (cp >= U'甲' && cp < U'甲' + 4) {
                        header_on_page = true;
                    } else {
                        ++found[cp];
                    }
                }
            }
            CHECK(header_on_page);  // the header row repeats on every page
        }
        for (const auto& [cp, count] : expected) {
            if (count == 0) continue;
            CAPTURE(static_cast<unsigned>(cp));
            CHECK(found[cp] == count);
        }
        CHECK(laid.diagnostics.empty());
    }
}
