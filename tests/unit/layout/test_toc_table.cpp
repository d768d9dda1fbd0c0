// <toc form="table">: the table of contents as a ruled table — column widths, titles wrapping in their
// cell, the heading row repeated on every page, page numbers that point at the headings, and the
// attribute errors in Chinese at the element's file and line.
#include "layout_helpers.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

using namespace dangan;
using namespace dangan::testing;

namespace {

/// 20 characters (320 pt) wide, x 50 … 370, and 10 lines of 20 pt high; `toc` is the <toc> element.
std::string toc_table_doc(const std::string& toc, const std::string& body) {
    return "<document>" + narrow_page(20, 200) +
           "<style name=\"body\" indent=\"0pt\" line-pitch=\"20pt\"/><style name=\"h2\" line-pitch=\"20pt\"/>"
           "<style name=\"h3\" line-pitch=\"20pt\"/><style name=\"toc\" line-pitch=\"20pt\"/>"
           "<style name=\"toc-title\" line-pitch=\"20pt\" space-after=\"0pt\"/>"
           "<section>" + toc + body + "</section></document>";
}

/// `count` chapters, each on a page of its own.
std::string toc_table_chapters(int count) {
    std::string body;
    for (int i = 1; i <= count; ++i) body += "<page-break/><h2>第" + std::to_string(i) + "章</h2>" + lines(1);
    return body;
}

/// The x of every vertical rule on the page.
std::set<long> toc_table_verticals(const layout::LaidOutPage& page) {
    std::set<long> out;
    for (const auto& r : page.rules) {
        if (std::abs(r.x1 - r.x2) < 0.01) out.insert(std::lround(r.x1 * 100));
    }
    return out;
}

std::string toc_table_error(const std::string& xml) {
    FixedMetrics fonts;
    try {
        lay_out(xml, fonts);
    } catch (const core::InputError& e) {
        return e.diagnostic().str();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("a table TOC's columns take the widths given; by default 序号 and 页码 three characters wide") {
    FixedMetrics fonts;
    const auto given = lay_out(toc_table_doc("<toc form=\"table\" widths=\"40pt * 60pt\"/>", toc_table_chapters(2)), fonts);
    CHECK(toc_table_verticals(given.pages[0]) == std::set<long>{5000, 9000, 31000, 37000});
    const auto plain = lay_out(toc_table_doc("<toc form=\"table\"/>", toc_table_chapters(2)), fonts);
    const double narrow = 3 * 16 + 2 * 1.5 * 72 / 25.4;  // three characters and the padding
    CHECK(toc_table_verticals(plain.pages[0]) ==
          std::set<long>{5000, std::lround((50 + narrow) * 100), std::lround((370 - narrow) * 100), 37000});
    // Two columns: only what was asked for.
    const auto two = lay_out(toc_table_doc("<toc form=\"table\" columns=\"title page\" widths=\"* 60pt\"/>",
                                           toc_table_chapters(2)),
                             fonts);
    CHECK(toc_table_verticals(two.pages[0]) == std::set<long>{5000, 31000, 37000});
    CHECK(text_lines(two).front().text == "标题页码");
}

TEST_CASE("a long heading wraps inside its cell and its page number stays flush right") {
    FixedMetrics fonts;
    const std::string title = repeat("长", 30);
    const auto laid = lay_out(toc_table_doc("<toc form=\"table\" widths=\"40pt * 60pt\" padding=\"0pt\"/>",
                                            "<page-break/><h2>" + title + "</h2>" + lines(1)),
                              fonts);
    CHECK(laid.diagnostics.empty());
    // The title column is 220 pt: 13 characters a line, so 30 characters take 3 lines.
    std::vector<std::string> cell;
    std::string page_number;
    double page_number_end = 0;
    for (const auto& run : laid.pages[0].runs) {
        if (run.x >= 90 - 0.01 && run.x < 310 && run.text.find("长") != std::string::npos) cell.push_back(run.text);
        if (run.x >= 310 && run.text != "页码") {
            page_number = run.text;
            page_number_end = run.x + run.width;
        }
    }
    std::string joined;
    for (const auto& part : cell) joined += part;
    CHECK(joined == title);
    std::set<double> baselines;
    for (const auto& run : laid.pages[0].runs) {
        if (run.x >= 90 - 0.01 && run.x < 310 && run.text.find("长") != std::string::npos) baselines.insert(run.y);
    }
    CHECK(baselines.size() == 3);
    CHECK(page_number == laid.pages[1].label);
    CHECK(page_number_end == Approx(370));
}

TEST_CASE("a table TOC over several pages repeats its heading row and every row points at its heading's page") {
    FixedMetrics fonts;
    const auto laid = lay_out(toc_table_doc("<toc title=\"目录\" form=\"table\" heads=\"序号|章|页\"/>",
                                            toc_table_chapters(30)),
                              fonts);
    CHECK(laid.diagnostics.empty());
    std::map<std::string, std::string> heading_page;
    for (const auto& page : laid.pages) {
        for (const auto& bookmark : page.bookmarks) heading_page[bookmark.title] = page.label;
    }
    REQUIRE(heading_page.size() == 30);
    const std::regex row("([0-9]+)(第[0-9]+章)([0-9]+)");
    std::set<size_t> toc_pages, heads;
    int rows = 0;
    for (const auto& line : text_lines(laid)) {
        if (line.text == "序号章页") heads.insert(line.page);
        std::smatch m;
        if (!std::regex_match(line.text, m, row)) continue;
        CAPTURE(line.text);
        ++rows;
        CHECK(m[1].str() == std::to_string(rows));  // 序号 1, 2, 3 … in order
        CHECK(heading_page.at(m[2].str()) == m[3].str());
        CHECK(line.x_end == Approx(370 - 1.5 * 72 / 25.4));  // flush right inside the padding
        toc_pages.insert(line.page);
    }
    CHECK(rows == 30);
    CHECK(toc_pages.size() >= 3);
    std::string first_lines;
    for (const auto& line : text_lines(laid)) {
        if (line.page < 2) first_lines += std::to_string(line.page) + ":" + line.text + "\n";
    }
    CAPTURE(first_lines);
    CHECK(heads == toc_pages);  // the heading row at the top of every page the TOC spans
    CHECK(text_lines(laid).front().text == "目录");
    // The first chapter starts on the page after the TOC.
    CHECK(heading_page.at("第1章") == std::to_string(*toc_pages.rbegin() + 2));
}

TEST_CASE("h3 entries of a table TOC are indented in the title column and get no 序号") {
    FixedMetrics fonts;
    const auto laid = lay_out(toc_table_doc("<toc form=\"table\" widths=\"40pt * 60pt\" padding=\"0pt\"/>",
                                            "<page-break/><h2>甲章</h2><h3>乙节</h3>" + lines(1) +
                                                "<h2>丙章</h2><h3>丁节</h3>" + lines(1)),
                              fonts);
    double chapter = 0, section = 0;
    for (const auto& run : laid.pages[0].runs) {
        if (run.text.find("甲章") != std::string::npos) chapter = run.x;
        if (run.text.find("乙节") != std::string::npos) section = run.x;
    }
    CHECK(chapter == Approx(90));
    CHECK(section == Approx(90 + 2 * 16));
    std::vector<std::string> rows;
    for (const auto& line : text_lines(laid)) {
        if (line.page == 0) rows.push_back(line.text);
    }
    CHECK(rows == std::vector<std::string>{"序号标题页码", "1甲章2", "乙节2", "2丙章2", "丁节2"});
}

TEST_CASE("bad <toc> table attributes are refused in Chinese at the element's line") {
    const std::string chapters = toc_table_chapters(1);
    CHECK_THAT(toc_table_error(toc_table_doc("\n<toc form=\"grid\"/>", chapters)),
               Catch::Contains("t.xml:2:") && Catch::Contains("<toc> 的属性 form=\"grid\" 不对：应为 leaders、table"));
    CHECK_THAT(toc_table_error(toc_table_doc("<toc form=\"table\" columns=\"number chapter\"/>", chapters)),
               Catch::Contains("t.xml:1:") && Catch::Contains("columns=\"number chapter\" 不对") &&
                   Catch::Contains("number、title、page"));
    CHECK_THAT(toc_table_error(toc_table_doc("<toc form=\"table\" heads=\"序号|标题\"/>", chapters)),
               Catch::Contains("写了 2 个表头，目录有 3 列"));
    CHECK_THAT(toc_table_error(toc_table_doc("<toc form=\"table\" widths=\"10% *\"/>", chapters)),
               Catch::Contains("写了 2 个列宽，目录有 3 列"));
    CHECK_THAT(toc_table_error(toc_table_doc("<toc form=\"table\" widths=\"10% wide *\"/>", chapters)),
               Catch::Contains("<toc> 的 widths 里“wide”不是列宽"));
    CHECK_THAT(toc_table_error(toc_table_doc("<toc columns=\"title page\"/>", chapters)),
               Catch::Contains("columns 只用于表格目录：请同时写 form=\"table\""));
    CHECK_THAT(toc_table_error(toc_table_doc("<toc form=\"table\" padding=\"wide\"/>", chapters)),
               Catch::Contains("padding"));
}
