#include "pdf/page_labels.hpp"

#include <catch2/catch.hpp>

using namespace dangan::pdf;
using Style = PageLabelRange::Style;

TEST_CASE("page labels: a plain count is one range") {
    CHECK(plan_page_labels({"1", "2", "3"}) == std::vector<PageLabelRange>{{0, Style::decimal, "", 1}});
    CHECK(plan_page_labels({"5", "6"}) == std::vector<PageLabelRange>{{0, Style::decimal, "", 5}});
}

TEST_CASE("page labels: unnumbered front pages, roman numbers, prefixes and restarts") {
    CHECK(plan_page_labels({"", "", "i", "ii", "1", "2", "附1", "附2", "— 3 —"}) ==
          std::vector<PageLabelRange>{{0, Style::none, "", 1},
                                      {2, Style::lower_roman, "", 1},
                                      {4, Style::decimal, "", 1},
                                      {6, Style::decimal, "附", 1},
                                      {8, Style::none, "— 3 —", 1}});
    CHECK(plan_page_labels({"封面", "1", "2", "1"}) ==
          std::vector<PageLabelRange>{{0, Style::none, "封面", 1}, {1, Style::decimal, "", 1}, {3, Style::decimal, "", 1}});
    CHECK(plan_page_labels({"XII", "XIII"}) == std::vector<PageLabelRange>{{0, Style::upper_roman, "", 12}});
}

TEST_CASE("page labels: what cannot be a number stays a prefix") {
    // "iiii" is not a canonical roman numeral, "03" has a leading zero, "0" cannot be a /St.
    CHECK(plan_page_labels({"iiii"}) == std::vector<PageLabelRange>{{0, Style::none, "iiii", 1}});
    CHECK(plan_page_labels({"03"}) == std::vector<PageLabelRange>{{0, Style::none, "03", 1}});
    CHECK(plan_page_labels({"0"}) == std::vector<PageLabelRange>{{0, Style::none, "0", 1}});
    CHECK(plan_page_labels({"", ""}).empty());
    CHECK(plan_page_labels({}).empty());
}
