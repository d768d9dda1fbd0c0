// <frame> (a framed box in the flow that splits across pages), minimum heights of cells and rows,
// and tables inside table cells.
#include "layout_helpers.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

using namespace dangan;
using namespace dangan::testing;

namespace {

/// 10 characters wide and 5 lines of 20 pt high (type area x 50 … 210, y 691.89 … 791.89).
std::string frame_doc(const std::string& content) {
    return "<document>" + narrow_page(10, 100) +
           "<style name=\"body\" indent=\"0pt\" line-pitch=\"20pt\"/><style name=\"table\" line-pitch=\"20pt\"/>" +
           content + "</document>";
}

constexpr double kTop = 841.890 - 50;
constexpr double kBottom = kTop - 100;

std::vector<std::vector<std::string>> frame_pages(const layout::LaidOutDocument& laid) {
    std::vector<std::vector<std::string>> out(laid.pages.size());
    for (const auto& line : text_lines(laid)) out[line.page].push_back(line.text);
    return out;
}

/// Lowest and highest y of the page's rules.
std::pair<double, double> rule_span(const layout::LaidOutPage& page) {
    double low = 1e9, high = -1e9;
    for (const auto& r : page.rules) {
        low = std::min({low, r.y1, r.y2});
        high = std::max({high, r.y1, r.y2});
    }
    return {low, high};
}

/// Whether the page has a horizontal rule at `y` from x1 to x2.
bool has_horizontal(const layout::LaidOutPage& page, double y, double x1, double x2) {
    return std::any_of(page.rules.begin(), page.rules.end(), [&](const layout::Rule& r) {
        return std::abs(r.y1 - y) < 0.01 && std::abs(r.y2 - y) < 0.01 && std::abs(std::min(r.x1, r.x2) - x1) < 0.01 &&
               std::abs(std::max(r.x1, r.x2) - x2) < 0.01;
    });
}

}  // namespace

TEST_CASE("a frame with a minimum height is drawn that tall around short content") {
    FixedMetrics fonts;
    const auto laid = lay_out(frame_doc("<frame min-height=\"60pt\" padding=\"0pt\">短</frame>"), fonts);
    REQUIRE(laid.pages.size() == 1);
    const auto [low, high] = rule_span(laid.pages[0]);
    CHECK(high == Approx(kTop));
    CHECK(low == Approx(kTop - 60));
    CHECK(has_horizontal(laid.pages[0], kTop - 60, 50, 210));
    CHECK(frame_pages(laid)[0] == std::vector<std::string>{"短"});
}

TEST_CASE("a frame that does not fit is cut at the page bottom and continued, not moved whole") {
    FixedMetrics fonts;
    // Three lines of text, then a frame of four lines (80 pt): two fit on the first page.
    const auto laid = lay_out(frame_doc(lines(3) + "<frame padding=\"0pt\">" + repeat("框", 40) + "</frame>"), fonts);
    const auto pages = frame_pages(laid);
    REQUIRE(pages.size() == 2);
    CHECK(pages[0].size() == 5);
    CHECK(pages[1].size() == 2);
    CHECK(pages[0][3] == repeat("框", 10));
    // Closed at the bottom of the first page, opened again at the top of the second.
    CHECK(has_horizontal(laid.pages[0], kTop - 60, 50, 210));
    CHECK(has_horizontal(laid.pages[0], kBottom, 50, 210));
    CHECK(has_horizontal(laid.pages[1], kTop, 50, 210));
    CHECK(has_horizontal(laid.pages[1], kTop - 40, 50, 210));
    CHECK(laid.diagnostics.empty());
}

TEST_CASE("the minimum height of a frame continues on the next page as an empty piece") {
    FixedMetrics fonts;
    // Four lines leave 20 pt: the frame's line goes there, the other 40 pt of its 60 pt on page 2.
    const auto laid = lay_out(frame_doc(lines(4) + "<frame min-height=\"60pt\" padding=\"0pt\">字</frame>"), fonts);
    REQUIRE(laid.pages.size() == 2);
    CHECK(frame_pages(laid)[0].back() == "字");
    CHECK(has_horizontal(laid.pages[0], kBottom, 50, 210));
    const auto [low, high] = rule_span(laid.pages[1]);
    CHECK(high == Approx(kTop));
    CHECK(low == Approx(kTop - 40));
    CHECK(laid.pages[1].runs.empty());
}

TEST_CASE("a frame whose minimum height ends at the page bottom leaves no empty piece behind") {
    FixedMetrics fonts;
    // Four lines leave 20 pt; the frame's 30 pt leave 10 pt, less than half an empty line, for page 2.
    const auto laid = lay_out(frame_doc(lines(4) + "<frame min-height=\"30pt\" padding=\"0pt\">字</frame><p>后</p>"), fonts);
    const auto pages = frame_pages(laid);
    REQUIRE(pages.size() == 2);
    CHECK(pages[1] == std::vector<std::string>{"后"});
    CHECK(laid.pages[1].rules.empty());
}

TEST_CASE("min-height on a cell or a row makes the row at least that tall") {
    FixedMetrics fonts;
    SECTION("cell") {
        const auto laid = lay_out(frame_doc("<table padding=\"0pt\"><row min-height=\"30pt\"><cell>甲</cell>"
                                            "<cell min-height=\"70pt\">乙</cell></row></table>"),
                                  fonts);
        CHECK(rule_span(laid.pages[0]).first == Approx(kTop - 70));
    }
    SECTION("row") {
        const auto laid = lay_out(frame_doc("<table padding=\"0pt\"><row min-height=\"50pt\"><cell>甲</cell>"
                                            "<cell>乙</cell></row></table>"),
                                  fonts);
        CHECK(rule_span(laid.pages[0]).first == Approx(kTop - 50));
    }
    SECTION("a table row with a minimum height still moves whole when it fits on the next page") {
        const auto laid = lay_out(frame_doc(lines(4) + "<table padding=\"0pt\"><row min-height=\"50pt\"><cell>甲</cell>"
                                                        "</row></table>"),
                                  fonts);
        REQUIRE(laid.pages.size() == 2);
        CHECK(rule_span(laid.pages[1]).first == Approx(kTop - 50));
    }
}

TEST_CASE("a table inside a cell is laid out in the cell's width, after the cell's paragraphs before it") {
    FixedMetrics fonts;
    const auto laid = lay_out(
        frame_doc("<table padding=\"0pt\" widths=\"50% *\"><row><cell valign=\"top\"><p>外</p>"
                  "<table padding=\"0pt\"><row><cell>内一</cell><cell>内二</cell></row>"
                  "<row><cell>内三</cell><cell>内四</cell></row></table><p>尾</p></cell><cell>右</cell></row></table>"),
        fonts);
    REQUIRE(laid.pages.size() == 1);
    std::map<std::string, const layout::GlyphRun*> at;
    for (const auto& run : laid.pages[0].runs) at[run.text] = &run;
    for (const char* t : {"外", "内一", "内二", "内三", "内四", "尾", "右"}) REQUIRE(at.count(t));
    // The outer cell is 80 pt wide: the inner columns 40 pt each.
    CHECK(at["内一"]->x == Approx(50));
    CHECK(at["内二"]->x == Approx(90));
    CHECK(at["内三"]->x == Approx(50));
    CHECK(at["右"]->x == Approx(130));
    // Stacked: 外, then the two inner rows, then 尾, 20 pt apart.
    CHECK(at["内一"]->y == Approx(at["外"]->y - 20));
    CHECK(at["内三"]->y == Approx(at["内一"]->y - 20));
    CHECK(at["尾"]->y == Approx(at["内三"]->y - 20));
    CHECK(at["内二"]->y == Approx(at["内一"]->y));
    // The inner grid: its middle line at x = 90 and a line between its rows.
    CHECK(std::any_of(laid.pages[0].rules.begin(), laid.pages[0].rules.end(), [](const layout::Rule& r) {
        return std::abs(r.x1 - 90) < 0.01 && std::abs(r.x2 - 90) < 0.01;
    }));
    CHECK(has_horizontal(laid.pages[0], kTop - 60, 50, 90));
    // The outer row holds all four lines.
    CHECK(rule_span(laid.pages[0]).first == Approx(kTop - 80));
}

TEST_CASE("a table inside a cell splits between its rows when the cell crosses a page") {
    FixedMetrics fonts;
    std::string rows;
    for (int i = 1; i <= 8; ++i) rows += "<row><cell>第" + std::to_string(i) + "行</cell></row>";
    const auto laid = lay_out(frame_doc(lines(2) + "<frame padding=\"0pt\"><table padding=\"0pt\">" + rows +
                                        "</table></frame>"),
                              fonts);
    const auto pages = frame_pages(laid);
    REQUIRE(pages.size() == 2);
    std::vector<std::string> found;
    for (const auto& page : pages)
        for (const auto& line : page)
            if (line.rfind("第", 0) == 0) found.push_back(line);
    REQUIRE(found.size() == 8);
    for (int i = 1; i <= 8; ++i) CHECK(found[static_cast<size_t>(i - 1)] == "第" + std::to_string(i) + "行");
    CHECK(pages[0].size() == 5);  // 2 lines of text + 3 rows
    CHECK(pages[1].size() == 5);
    CHECK(has_horizontal(laid.pages[0], kBottom, 50, 210));  // the frame closed at the page bottom
    // Each page's part of the inner table is closed at its top.
    CHECK(has_horizontal(laid.pages[1], kTop, 50, 210));
}

TEST_CASE("markup errors inside cells and frames are named in Chinese") {
    FixedMetrics fonts;
    auto message = [&](const std::string& xml) {
        try {
            lay_out(frame_doc(xml), fonts);
        } catch (const core::InputError& e) {
            return std::string(e.what());
        }
        return std::string("(no error)");
    };
    CHECK_THAT(message("<table><row><cell><p>甲</p><space height=\"1mm\"/></cell></row></table>"),
               Catch::Contains("<cell> 里不能有 <space>"));
    CHECK_THAT(message("<frame><p>甲</p><h1>标题</h1></frame>"), Catch::Contains("<frame> 里不能有 <h1>"));
    CHECK_THAT(message("<frame colour=\"red\">甲</frame>"), Catch::Contains("colour"));
    CHECK_THAT(message("<frame min-height=\"3\">甲</frame>"), Catch::Contains("min-height"));
}
