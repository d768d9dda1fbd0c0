#include "layout_helpers.hpp"

#include <catch2/catch.hpp>

using namespace dangan;
using namespace dangan::testing;

namespace {

/// 10 characters wide and 5 lines of 20 pt high; body text without indent.
std::string doc(const std::string& content, const std::string& extra = "", int chars = 10) {
    return "<document>" + narrow_page(chars, 100) +
           "<style name=\"body\" indent=\"0pt\" line-pitch=\"20pt\"/>"
           "<style name=\"h2\" line-pitch=\"20pt\"/><style name=\"table\" line-pitch=\"20pt\"/>" +
           extra + content + "</document>";
}

/// Lines per page (text only).
std::vector<std::vector<std::string>> pages_of(const layout::LaidOutDocument& laid) {
    std::vector<std::vector<std::string>> out(laid.pages.size());
    for (const auto& line : text_lines(laid)) out[line.page].push_back(line.text);
    return out;
}


}  // namespace

TEST_CASE("a heading is never the last line on a page: it moves with the start of the next block") {
    FixedMetrics fonts;
    const auto laid = lay_out(doc(repeat("<p>正文</p>", 4) + "<h2>二、标题</h2>" + lines(2)), fonts);
    const auto pages = pages_of(laid);
    REQUIRE(pages.size() == 2);
    CHECK(pages[0].size() == 4);
    CHECK(pages[1].front() == "二、标题");
    REQUIRE(laid.pages[1].bookmarks.size() == 1);
    CHECK(laid.pages[1].bookmarks[0].title == "二、标题");
    CHECK(laid.pages[1].bookmarks[0].level == 0);  // the highest heading level used is level 0
    CHECK(laid.pages[0].bookmarks.empty());
}

TEST_CASE("widows and orphans: at least two lines of a paragraph on each side of a page break") {
    FixedMetrics fonts;
    // 3 lines after 3 lines: 2 would fit, but 1 line alone on the next page is a widow → split 1/2?
    // No: 1 line alone at the bottom is an orphan too, so the whole paragraph moves.
    auto pages = pages_of(lay_out(doc(lines(1) + lines(1) + lines(1) + lines(3, "二")), fonts));
    REQUIRE(pages.size() == 2);
    CHECK(pages[0].size() == 3);
    CHECK(pages[1].size() == 3);
    // 4 lines after 3: 2 + 2.
    pages = pages_of(lay_out(doc(lines(3) + lines(4, "二")), fonts));
    REQUIRE(pages.size() == 2);
    CHECK(pages[0].size() == 5);
    CHECK(pages[1].size() == 2);
    // 5 lines after 2: 3 fit, but that leaves a widow → 3 would leave 2: fine (3 + 2).
    pages = pages_of(lay_out(doc(lines(2) + lines(5, "二")), fonts));
    CHECK(pages[0].size() == 5);
    CHECK(pages[1].size() == 2);
    // 4 lines after 2: 3 fit but would leave a single line → 2 + 2.
    pages = pages_of(lay_out(doc(lines(2) + lines(4, "二")), fonts));
    CHECK(pages[0].size() == 4);
    CHECK(pages[1].size() == 2);
}

TEST_CASE("keep-together moves a whole paragraph; page-break starts a page; space adds height") {
    FixedMetrics fonts;
    auto pages = pages_of(lay_out(doc(lines(3) + "<p keep-together=\"yes\">" + repeat("二", 40) + "</p>"), fonts));
    REQUIRE(pages.size() == 2);
    CHECK(pages[0].size() == 3);
    CHECK(pages[1].size() == 4);
    pages = pages_of(lay_out(doc(lines(1) + "<page-break/>" + lines(1)), fonts));
    CHECK(pages.size() == 2);
    const auto laid = lay_out(doc(lines(1) + "<space height=\"20pt\"/>" + lines(1)), fonts);
    const auto tl = text_lines(laid);
    REQUIRE(tl.size() == 2);
    CHECK(tl[0].y - tl[1].y == Approx(40));
}

TEST_CASE("a table split across pages repeats its header rows") {
    FixedMetrics fonts;
    std::string rows = "<row header=\"yes\"><cell>序号</cell><cell>姓名</cell></row>";
    for (int i = 1; i <= 10; ++i) rows += "<row><cell>" + std::to_string(i) + "</cell><cell>同志</cell></row>";
    const auto laid = lay_out(doc("<table padding=\"0pt\" widths=\"30% *\">" + rows + "</table>"), fonts);
    const auto pages = pages_of(laid);
    REQUIRE(pages.size() == 3);
    std::vector<std::string> body;
    for (const auto& page : pages) {
        CHECK(page.front() == "序号姓名");
        for (size_t i = 1; i < page.size(); ++i) body.push_back(page[i]);
    }
    CHECK(pages[0].size() == 5);
    CHECK(pages[1].size() == 5);
    CHECK(pages[2].size() == 3);
    REQUIRE(body.size() == 10);
    for (int i = 1; i <= 10; ++i) CHECK(body[i - 1] == std::to_string(i) + "同志");
    // Borders: every page's part is closed (top rule, left rule, cell edges).
    for (const auto& page : laid.pages) CHECK(page.rules.size() >= 3);
}

TEST_CASE("a cell taller than a page splits between its lines and nothing is lost") {
    FixedMetrics fonts;
    // 宋体 12pt in a 160pt cell → 13 characters a line; 200 characters → 16 lines → 4 pages.
    std::string text;
    for (int i = 0; i < 200; ++i) text += (i % 10 == 9) ? "。" : "记";
    const auto laid = lay_out(doc("<p>前文</p><table padding=\"0pt\"><row header=\"yes\"><cell>内容</cell></row>"
                                  "<row><cell>" + text + "</cell></row><row><cell>后</cell></row></table>"),
                              fonts);
    const auto pages = pages_of(laid);
    REQUIRE(pages.size() >= 4);
    std::string joined;
    for (size_t p = 0; p < pages.size(); ++p) {
        for (const auto& line : pages[p]) {
            if (line != "内容" && line != "前文" && line != "后") joined += line;
        }
        CHECK(pages[p].front() == (p == 0 ? "前文" : "内容"));
    }
    CHECK(joined == text);
    CHECK(pages.back().back() == "后");
    CHECK(laid.diagnostics.empty());
}

TEST_CASE("page labels, 共 M 页 and an unnumbered cover") {
    FixedMetrics fonts;
    const auto laid = lay_out(doc("<section numbering=\"none\"><p>封面</p></section><section>" + lines(5) + lines(5) +
                                      lines(2) + "</section>",
                                  "<header><p align=\"left\">第<page-number/>页 共<page-count/>页</p></header>"),
                              fonts);
    REQUIRE(laid.pages.size() == 4);
    CHECK(laid.pages[0].label.empty());
    CHECK(laid.pages[1].label == "1");
    CHECK(laid.pages[3].label == "3");
    const auto pages = pages_of(laid);
    CHECK(pages[0] == std::vector<std::string>{"封面"});  // no header on the cover
    CHECK(pages[1].back() == "第1页 共3页");  // finalize adds headers after the body
    CHECK(pages[3].back() == "第3页 共3页");
}

TEST_CASE("numbering restarts per section; 共 M 页 counts the sequence") {
    FixedMetrics fonts;
    const auto laid = lay_out(doc("<section>" + lines(5) + lines(5) + "</section><section start=\"1\">" + lines(1) +
                                      "</section>",
                                  "<footer><p><page-number/>/<page-count/></p></footer>"),
                              fonts);
    REQUIRE(laid.pages.size() == 3);
    const auto pages = pages_of(laid);
    CHECK(pages[0].back() == "1/2");
    CHECK(pages[1].back() == "2/2");
    CHECK(pages[2].back() == "1/1");
}

TEST_CASE("gbt9704 page numbers: — N — on the right of odd pages and the left of even pages, one character in") {
    FixedMetrics fonts;
    const auto laid = lay_out(doc(lines(5) + lines(5) + lines(5), "<footer style=\"gbt9704\"/>"), fonts);
    REQUIRE(laid.pages.size() == 3);
    for (size_t p = 0; p < 3; ++p) {
        const auto& run = laid.pages[p].runs.back();
        CAPTURE(p);
        CHECK(run.text == "— " + std::to_string(p + 1) + " —");
        CHECK(run.size == 14);
        CHECK(run.face == 0);  // 宋体
        // "— 1 —" = 2 × 14 + 3 × 7 = 49 pt; the type area is 50 … 210.
        if (p % 2 == 0) {
            CHECK(run.x + run.width == Approx(210 - 14));
        } else {
            CHECK(run.x == Approx(50 + 14));
        }
        CHECK(run.y < 841.890 - 50 - 100);  // below the type area
    }
}

TEST_CASE("landscape pages: the footer and the gbt9704 number on the left short side, turned to read downwards") {
    FixedMetrics fonts;
    // A4 landscape, margins top 30, bottom 40, left 50, right 60 pt.
    const std::string page =
        "<page orientation=\"landscape\" margin-top=\"30pt\" margin-bottom=\"40pt\" margin-left=\"50pt\" margin-right=\"60pt\"/>"
        "<style name=\"body\" indent=\"0pt\" line-pitch=\"20pt\"/>";
    const std::string body = "<p>" + repeat("一", 2000) + "</p>";
    const auto laid = lay_out("<document>" + page + "<footer style=\"gbt9704\"><p>页脚</p></footer>" + body + "</document>", fonts);
    REQUIRE(laid.pages.size() >= 2);
    for (size_t p = 0; p < 2; ++p) {
        CAPTURE(p);
        const auto& pg = laid.pages[p];
        CHECK(pg.width > pg.height);
        const layout::GlyphRun* number = nullptr;
        const layout::GlyphRun* footer = nullptr;
        for (const auto& run : pg.runs) {
            if (run.text.find("—") != std::string::npos) number = &run;
            if (run.text == "页脚") footer = &run;
        }
        REQUIRE(number);
        REQUIRE(footer);
        CHECK(number->text == "— " + std::to_string(p + 1) + " —");
        CHECK(number->angle == -90);
        CHECK(footer->angle == -90);
        // On the left short side, outside the type area (left margin 50 pt), at least 10 mm from the edge.
        CHECK(number->x < 50);
        CHECK(number->x > 10 * 72 / 25.4);
        CHECK(footer->x < 50);
        // The footer paragraph is centred along the side: it reads downwards from above the middle.
        const double middle = 30 + (595.276 - 30 - 40) / 2;  // portrait left margin = landscape top margin
        CHECK(footer->y == Approx(595.276 - middle + footer->width / 2).margin(0.01));
        // Odd pages: the number at the outside edge of the turned page, the bottom; even pages at the top.
        if (p == 0) {
            CHECK(number->y - number->width == Approx(40 + 14).margin(0.01));
        } else {
            CHECK(number->y == Approx(595.276 - 30 - 14).margin(0.01));
        }
        // The body text is not turned.
        CHECK(pg.runs.front().angle == 0);
    }
}

TEST_CASE("the TOC prints each heading's page number, also when the TOC itself takes several pages") {
    FixedMetrics fonts;
    std::string body;
    for (int i = 1; i <= 12; ++i) body += "<page-break/><h2>第" + std::to_string(i) + "章</h2>" + lines(1);
    const auto laid = lay_out(doc("<toc title=\"目录\"/>" + body, "", 20), fonts);
    CHECK(laid.diagnostics.empty());
    std::map<std::string, std::string> heading_page;
    for (const auto& page : laid.pages) {
        for (const auto& bookmark : page.bookmarks) heading_page[bookmark.title] = page.label;
    }
    REQUIRE(heading_page.size() == 12);
    int toc_entries = 0;
    size_t toc_pages = 0;
    for (const auto& line : text_lines(laid)) {
        const auto dots = line.text.find("..");
        if (dots == std::string::npos) continue;
        toc_pages = std::max(toc_pages, line.page + 1);
        const std::string title = line.text.substr(0, dots);
        const std::string number = line.text.substr(line.text.find_last_of('.') + 1);
        CAPTURE(line.text);
        CHECK(heading_page.at(title) == number);
        CHECK(line.x_end == Approx(50 + 320));  // numbers flush right
        ++toc_entries;
    }
    CHECK(toc_entries == 12);
    CHECK(toc_pages >= 2);
    CHECK(heading_page.at("第1章") == std::to_string(toc_pages + 1));
}

TEST_CASE("a TOC that cannot settle in the allowed passes gives a warning") {
    FixedMetrics fonts;
    std::string body;
    for (int i = 1; i <= 12; ++i) body += "<page-break/><h2>第" + std::to_string(i) + "章</h2>" + lines(1);
    layout::LayoutOptions options;
    options.max_passes = 1;
    const auto laid = layout::layout_document(document::read_markup(doc("<toc/>" + body, "", 20), "t.xml"), fonts,
                                              options);
    REQUIRE(laid.diagnostics.size() == 1);
    CHECK(laid.diagnostics[0].str() ==
          "警告：排版试了 1 遍仍未稳定：目录里的页码可能不对");
}

TEST_CASE("a signature line is a label followed by a rule of the given width") {
    FixedMetrics fonts;
    const auto laid = lay_out(doc("<signature width=\"40pt\" align=\"left\">记录人：</signature>"), fonts);
    REQUIRE(laid.pages[0].rules.size() == 1);
    const auto& rule = laid.pages[0].rules[0];
    CHECK(rule.x2 - rule.x1 == Approx(40));
    CHECK(rule.x1 == Approx(50 + 64 + 4));
    CHECK(text_lines(laid)[0].text == "记录人：");
}

TEST_CASE("document info is copied") {
    FixedMetrics fonts;
    layout::LayoutOptions options;
    options.created = "2025-01-01T00:00:00Z";
    const auto laid = layout::layout_document(
        document::read_markup("<document title=\"记录\" author=\"支部\"><p>x</p></document>", "t.xml"), fonts, options);
    CHECK(laid.info.title == "记录");
    CHECK(laid.info.author == "支部");
    CHECK(laid.info.created == "2025-01-01T00:00:00Z");
    CHECK(laid.pages.size() == 1);
}

TEST_CASE("space before is dropped at the top of a page, kept elsewhere") {
    FixedMetrics fonts;
    const auto laid = lay_out(doc("<p space-before=\"10pt\">一</p><p space-before=\"10pt\">二</p>"), fonts);
    const auto tl = text_lines(laid);
    REQUIRE(tl.size() == 2);
    CHECK(tl[0].y == Approx(841.890 - 50 - 16.08));  // no space above: baseline = (20 - 16) / 2 + 0.88 × 16
    CHECK(tl[0].y - tl[1].y == Approx(30));
}

TEST_CASE("a keep-together table moves whole; columns wider than the text are narrowed with a warning") {
    FixedMetrics fonts;
    std::string rows;
    for (int i = 1; i <= 3; ++i) rows += "<row><cell>" + std::to_string(i) + "</cell></row>";
    auto pages = pages_of(lay_out(doc(lines(3) + "<table padding=\"0pt\" keep-together=\"yes\">" + rows + "</table>"),
                                  fonts));
    REQUIRE(pages.size() == 2);
    CHECK(pages[1] == std::vector<std::string>{"1", "2", "3"});
    const auto laid = lay_out(doc("<table widths=\"100mm 100mm\"><row><cell>a</cell><cell>b</cell></row></table>"),
                              fonts);
    REQUIRE(laid.diagnostics.size() == 1);
    CHECK(laid.diagnostics[0].str() ==
          "t.xml:1:252: 警告：表格各列共宽 200.0 毫米，版心只有 56.4 毫米宽；已按比例缩窄各列");
    const auto& rules = laid.pages[0].rules;
    REQUIRE_FALSE(rules.empty());
    CHECK(rules.front().x2 == Approx(50 + 160));  // top border across the text width
}

TEST_CASE("a heading chain (h2 then h3) moves together with the first lines of the paragraph") {
    FixedMetrics fonts;
    const auto pages = pages_of(lay_out(doc(lines(2) + "<h2>二、</h2><h3 line-pitch=\"20pt\">（一）</h3>" + lines(2)),
                                        fonts));
    REQUIRE(pages.size() == 2);
    CHECK(pages[0].size() == 2);
    CHECK(pages[1].front() == "二、");
}

TEST_CASE("rows tied by a rowspan taller than a page split without losing or overlapping text") {
    FixedMetrics fonts;
    std::string text;
    for (int i = 0; i < 150; ++i) text += (i % 10 == 9) ? "。" : "议";
    std::string second;
    for (int i = 0; i < 40; ++i) second += "乙";
    const auto laid = lay_out(doc("<table padding=\"0pt\" widths=\"50% *\"><row header=\"yes\"><cell>左</cell>"
                                  "<cell>右</cell></row><row><cell rowspan=\"2\">" + text + "</cell><cell>甲</cell>"
                                  "</row><row><cell>" + second + "</cell></row></table>"),
                              fonts);
    CHECK(laid.diagnostics.empty());
    std::string left, right;
    for (size_t p = 0; p < laid.pages.size(); ++p) {
        const auto& runs = laid.pages[p].runs;
        for (size_t i = 0; i < runs.size(); ++i) {
            if (runs[i].text == "左" || runs[i].text == "右") continue;
            (runs[i].x < 50 + 80 - 1 ? left : right) += runs[i].text;
            // No two runs overlap.
            for (size_t j = i + 1; j < runs.size(); ++j) {
                const bool same_band = std::abs(runs[i].y - runs[j].y) < runs[i].size;
                const bool same_span = runs[i].x < runs[j].x + runs[j].width && runs[j].x < runs[i].x + runs[i].width;
                CHECK_FALSE((same_band && same_span));
            }
            CHECK(runs[i].y > 841.890 - 50 - 100);  // inside the type area
        }
    }
    CHECK(left == text);
    CHECK(right == "甲" + second);
    CHECK(laid.pages.size() >= 3);
}

TEST_CASE("keep-with-next on a paragraph keeps it with the next block") {
    FixedMetrics fonts;
    const auto pages =
        pages_of(lay_out(doc(lines(4) + "<p keep-with-next=\"yes\">说明</p>" + lines(2, "二")), fonts));
    REQUIRE(pages.size() == 2);
    CHECK(pages[0].size() == 4);
    CHECK(pages[1].front() == "说明");
}

TEST_CASE("header rows taller than half a page are reported") {
    FixedMetrics fonts;
    const auto laid = lay_out(doc("<table padding=\"0pt\"><row header=\"yes\"><cell>" + repeat("表", 40) +
                                  "</cell></row><row><cell>1</cell></row></table>"),
                              fonts);
    REQUIRE(laid.diagnostics.size() == 1);
    CHECK(laid.diagnostics[0].message ==
          "表格的表头行超过半页高：表格跨页时每页都重复表头，留给各行的位置很少");
}
