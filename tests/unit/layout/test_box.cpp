// <box>: content placed from a page corner outside the flow (the 归档章), and <item-pages/>, the
// document's page count filled in after layout.
#include "layout_helpers.hpp"

#include <catch2/catch.hpp>

using namespace dangan;
using namespace dangan::testing;

namespace {

constexpr double mm = 72 / 25.4;
constexpr double page_width = 595.276, page_height = 841.890;

/// 10 characters wide and 5 lines of 20 pt high; body text without indent.
std::string box_doc(const std::string& content) {
    return "<document>" + narrow_page(10, 100) +
           "<style name=\"body\" indent=\"0pt\" line-pitch=\"20pt\"/><style name=\"table\" line-pitch=\"20pt\"/>" +
           content + "</document>";
}


/// The lines of page `page` whose text contains `needle`.
std::vector<TextLine> find(const layout::LaidOutDocument& laid, size_t page, const std::string& needle) {
    std::vector<TextLine> out;
    for (const auto& line : text_lines(laid))
        if (line.page == page && line.text.find(needle) != std::string::npos) out.push_back(line);
    return out;
}

}  // namespace

TEST_CASE("a top-right box sits at its distance from the corner and takes no room in the flow") {
    FixedMetrics fonts;
    const std::string box = "<box corner=\"top-right\" x=\"26mm\" y=\"10mm\" width=\"45mm\"><p align=\"right\">归档</p></box>";
    const auto with = lay_out(box_doc(box + lines(2)), fonts);
    const auto without = lay_out(box_doc(lines(2)), fonts);
    REQUIRE(with.pages.size() == 1);
    const auto stamp = find(with, 0, "归档");
    REQUIRE(stamp.size() == 1);
    // Right-aligned in the box: its text ends at the box's right edge, 26 mm from the paper's.
    CHECK(stamp[0].x_end == Approx(page_width - 26 * mm));
    // The first line's box starts 10 mm below the top edge: the baseline is one line (20 pt) lower
    // at most, and above the type area (the page's top margin is 50 pt > 10 mm).
    CHECK(stamp[0].y < page_height - 10 * mm);
    CHECK(stamp[0].y >= page_height - 10 * mm - 20);
    // The body starts where it starts without the box.
    const auto a = find(with, 0, "一一");
    const auto b = find(without, 0, "一一");
    REQUIRE(a.size() == 2);
    REQUIRE(b.size() == 2);
    CHECK(a[0].y == Approx(b[0].y));
    CHECK(a[0].x_begin == Approx(b[0].x_begin));
}

TEST_CASE("a bottom-left box is measured from the bottom and left edges") {
    FixedMetrics fonts;
    const auto laid = lay_out(box_doc("<box corner=\"bottom-left\" x=\"15mm\" y=\"20mm\" width=\"30mm\"><p>左下</p></box>" +
                                  lines(1)),
                              fonts);
    const auto stamp = find(laid, 0, "左下");
    REQUIRE(stamp.size() == 1);
    CHECK(stamp[0].x_begin == Approx(15 * mm));
    // One line of 20 pt whose bottom is 20 mm above the bottom edge.
    CHECK(stamp[0].y > 20 * mm);
    CHECK(stamp[0].y < 20 * mm + 20);
}

TEST_CASE("<item-pages/> in a box prints the document's real page count, known only after layout") {
    FixedMetrics fonts;
    // 12 lines on pages of 5: 3 pages. The box is on the first page only, and prints 3 there.
    const std::string box = "<box x=\"10mm\" y=\"10mm\" width=\"40mm\"><p>页数<item-pages/></p></box>";
    const auto laid = lay_out(box_doc(box + lines(4) + lines(4, "二") + lines(4, "三")), fonts);
    REQUIRE(laid.pages.size() == 3);
    const auto stamp = find(laid, 0, "页数");
    REQUIRE(stamp.size() == 1);
    CHECK(stamp[0].text == "页数3");
    CHECK(find(laid, 1, "页数").empty());
    CHECK(find(laid, 2, "页数").empty());
    // A box after a page break is drawn on the page where it occurs.
    const auto later = lay_out(box_doc(lines(1) + "<page-break/>" + box + lines(1)), fonts);
    REQUIRE(later.pages.size() == 2);
    CHECK(find(later, 0, "页数").empty());
    REQUIRE(find(later, 1, "页数").size() == 1);
    CHECK(find(later, 1, "页数")[0].text == "页数2");
}

TEST_CASE("<item-pages/> counts unnumbered pages too, and works in table cells and footers") {
    FixedMetrics fonts;
    const std::string box = "<box x=\"10mm\" y=\"10mm\" width=\"40mm\"><table widths=\"20mm 20mm\" padding=\"1mm\">"
                            "<row><cell>件号</cell><cell>0007</cell></row>"
                            "<row><cell>页数</cell><cell><item-pages/></cell></row></table></box>";
    const std::string markup = "<document>" + narrow_page(10, 100) +
                               "<style name=\"body\" indent=\"0pt\" line-pitch=\"20pt\"/>"
                               "<footer><p>共<item-pages/>页</p></footer>"
                               "<section numbering=\"none\">" + box + lines(1) + "</section>"
                               "<section start=\"1\">" + lines(4) + lines(4, "二") + "</section></document>";
    const auto laid = lay_out(markup, fonts);
    REQUIRE(laid.pages.size() == 3);  // a cover and two numbered pages
    const auto cell = find(laid, 0, "0007");
    REQUIRE(cell.size() == 1);
    bool found = false;
    for (const auto& line : text_lines(laid))
        if (line.page == 0 && line.text == "页数3") found = true;
    CHECK(found);
    // The table's borders are inside the box: 40 mm wide, its right edge 10 mm from the paper's.
    double min_x = 1e9, max_x = -1e9;
    for (const auto& rule : laid.pages[0].rules) {
        min_x = std::min({min_x, rule.x1, rule.x2});
        max_x = std::max({max_x, rule.x1, rule.x2});
    }
    CHECK(max_x == Approx(page_width - 10 * mm));
    CHECK(min_x == Approx(page_width - 50 * mm));
    // The footer of a numbered page prints the same count.
    CHECK(find(laid, 1, "共3页").size() == 1);
}
