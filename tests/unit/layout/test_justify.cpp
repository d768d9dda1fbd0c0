// Issue #13's line-breaking rules, on the fixed 16 pt fake font (a 10-character measure): adjacent
// punctuation compressed by the blank the glyph has, glue that never letter-spaces digits, total-fit
// breaking without one-character last lines, and units kept whole (dates, 档号, （第N次）, names).
#include "document/utf8.hpp"
#include "layout_helpers.hpp"

#include <catch2/catch.hpp>

using namespace dangan;
using namespace dangan::testing;

namespace {

layout::LaidOutDocument lay_out_with(const std::string& text, FixedMetrics& fonts,
                                     const std::vector<std::string>& names = {}) {
    const std::string xml = "<document>" + narrow_page(10) + "<p indent=\"0pt\">" + text + "</p></document>";
    layout::LayoutOptions options;
    options.keep_whole = names;
    return layout::layout_document(document::read_markup(xml, "t.xml"), fonts, options);
}

std::vector<std::string> lines(const layout::LaidOutDocument& doc) {
    std::vector<std::string> out;
    for (const auto& line : text_lines(doc)) out.push_back(line.text);
    return out;
}

size_t length(const std::string& s) {
    size_t n = 0;
    for (size_t pos = 0; pos < s.size(); ++n) document::next_code_point(s, pos);
    return n;
}

/// x of the n-th character of the page's text, from the runs (font advance + char spacing).
double x_of(const layout::LaidOutDocument& doc, const std::string& ch, FixedMetrics& fonts) {
    for (const auto& run : doc.pages[0].runs) {
        double x = run.x;
        for (size_t pos = 0; pos < run.text.size();) {
            const size_t at = pos;
            const char32_t cp = document::next_code_point(run.text, pos);
            if (run.text.compare(at, pos - at, ch) == 0) return x;
            x += fonts.advance(0, cp) * run.size / 1000.0 + run.char_spacing;
        }
    }
    FAIL("character not found: " << ch);
    return 0;
}

}  // namespace

TEST_CASE("adjacent punctuation: a closing mark before another mark gives up its blank half") {
    FixedMetrics fonts;
    fonts.ink[U'）'] = {80, 420};   // a bracket drawn in the left half of its em
    fonts.ink[U'：'] = {100, 300};
    const auto doc = lay_out_with("主持人（签字）：", fonts);
    // ）at half an em (8 pt), not the 1½-em hole of two full-width marks.
    CHECK(x_of(doc, "：", fonts) - x_of(doc, "）", fonts) == Approx(8.0));
    CHECK(x_of(doc, "）", fonts) - x_of(doc, "字", fonts) == Approx(16.0));
}

TEST_CASE("adjacent punctuation: only the blank the glyph has; two opening marks close up") {
    FixedMetrics fonts;
    fonts.ink[U'，'] = {400, 600};  // centred (Taiwanese style): gives up what lies right of its ink
    fonts.ink[U'“'] = {600, 950};
    fonts.ink[U'（'] = {560, 920};
    fonts.ink[U'《'] = {550, 930};
    fonts.ink[U'；'] = {150, 900};  // ink almost to the right edge: nothing to give
    auto doc = lay_out_with("好，“是”", fonts);
    CHECK(x_of(doc, "“", fonts) - x_of(doc, "，", fonts) == Approx(16.0 * 0.65));
    doc = lay_out_with("好；“是”", fonts);
    CHECK(x_of(doc, "“", fonts) - x_of(doc, "；", fonts) == Approx(16.0));
    doc = lay_out_with("见（《条例》）", fonts);
    CHECK(x_of(doc, "《", fonts) - x_of(doc, "（", fonts) == Approx(8.0));
}

TEST_CASE("justification: glue between characters, none inside numbers and Latin words, within the limit") {
    FixedMetrics fonts;
    // Two lines; the first must be stretched (the date cannot be split, so the line ends early).
    const auto doc = lay_out_with("会议于二〇二五年十二月三十一日举行12345号ab", fonts);
    bool stretched = false;
    for (const auto& run : doc.pages[0].runs) {
        size_t digits = 0, total = 0;
        for (size_t pos = 0; pos < run.text.size(); ++total) {
            const char32_t cp = document::next_code_point(run.text, pos);
            if ((cp >= U'0' && cp <= U'9') || (cp >= U'a' && cp <= U'z')) ++digits;
        }
        // A run of two or more digits or letters is never letter-spaced.
        if (digits >= 2 && digits == total) CHECK(run.char_spacing == Approx(0.0));
        stretched |= run.char_spacing > 0;
        CHECK(run.char_spacing <= 0.25 * 16 + 1e-9);
    }
    CHECK(stretched);
}

TEST_CASE("total fit: a paragraph does not end in a one-character line") {
    FixedMetrics fonts;
    // 21 ideographs on a 10-character measure: first fit gives 10 + 10 + 1.
    const auto out = lines(lay_out_with(repeat("党", 7) + repeat("组", 7) + repeat("会", 7), fonts));
    REQUIRE(out.size() == 3);
    CHECK(length(out.back()) >= 2);
    // A closing mark does not count as a character of its own: "心。" alone is still a lone character.
    const auto punct = lines(lay_out_with(repeat("学", 20) + "心。", fonts));
    CHECK(length(punct.back()) >= 3);
}

TEST_CASE("units kept whole: dates, 档号, （第N次） and names") {
    FixedMetrics fonts;
    auto out = lines(lay_out_with("应于2025年12月31日前召开会议", fonts));
    REQUIRE(out.size() >= 2);
    CHECK(out[0].find("2025年12月31日") != std::string::npos);  // not 2025年/12月31日
    out = lines(lay_out_with("档号范围J031-WS-2025-0001至", fonts));
    bool whole = false;
    for (const auto& line : out) whole |= line.find("J031-WS-2025-0001") != std::string::npos;
    CHECK(whole);
    out = lines(lay_out_with("二〇二五年支委会会议记录（第1次）", fonts));
    whole = false;
    for (const auto& line : out) whole |= line.find("（第1次）") != std::string::npos;
    CHECK(whole);
    // 吴晓燕 would straddle the first break (characters 9–11).
    out = lines(lay_out_with("出席人员李秀梅陈静吴晓燕郑凯何雨欣", fonts, {"吴晓燕", "李秀梅"}));
    whole = false;
    for (const auto& line : out) whole |= line.find("吴晓燕") != std::string::npos;
    CHECK(whole);
    out = lines(lay_out_with("出席人员李秀梅陈静吴晓燕郑凯何雨欣", fonts));
    CHECK(out[0] == "出席人员李秀梅陈静吴");  // without the name list the break falls inside it
}

TEST_CASE("keeps: signature lines never stand alone on a page; the last lines go with them") {
    FixedMetrics fonts;
    // A body of 10 lines of 24 pt (16 pt type, default pitch): 9 lines of text fill it but for one.
    for (int lines_of_text : {8, 9, 10}) {
        CAPTURE(lines_of_text);
        const std::string xml = "<document>" + narrow_page(10, 240) + "<p indent=\"0pt\">" +
                                repeat("一二三四五六七八九十", lines_of_text) +
                                "</p><space height=\"8mm\"/><signature width=\"20mm\">主持人：</signature>"
                                "<signature width=\"20mm\">记录人：</signature></document>";
        const auto doc = lay_out(xml, fonts);
        for (const auto& page : doc.pages) {
            bool text = false, signature = false;
            for (const auto& run : page.runs) {
                if (run.text.find("人：") != std::string::npos) signature = true;
                else text = true;
            }
            CHECK((text || !signature));  // no page holds signatures only
        }
    }
}

TEST_CASE("footers and headers keep 10 mm from the paper edge whatever the margins say") {
    FixedMetrics fonts;
    const std::string xml =
        "<document><page margin-top=\"12mm\" margin-bottom=\"12mm\"/>"
        "<header><p>页眉</p></header><footer><p>第 <page-number/> 页</p></footer><p>正文</p></document>";
    const auto doc = lay_out(xml, fonts);
    const double mm = 72 / 25.4;
    for (const auto& run : doc.pages[0].runs) {
        CAPTURE(run.text);
        if (run.text == "页眉") CHECK(841.89 - (run.y + 0.88 * run.size) >= 10 * mm - 1e-6);
        if (run.text.find("页") != std::string::npos && run.text != "页眉") CHECK(run.y - 0.12 * run.size >= 10 * mm - 1e-6);
    }
}

TEST_CASE("page preset: gbt9704 sets the 156 × 225 mm type area, the 三号 grid and — N — in one attribute") {
    FixedMetrics fonts;
    const auto doc = lay_out("<document><page preset=\"gbt9704\"/><p indent=\"0pt\">正文</p></document>", fonts);
    const double mm = 72 / 25.4;
    REQUIRE(doc.pages.size() == 1);
    bool number = false, body = false;
    for (const auto& run : doc.pages[0].runs) {
        if (run.text.find("— 1 —") != std::string::npos) {
            number = true;
            CHECK(run.x > 595.276 / 2);  // odd page: outside edge is the right
        }
        if (run.text == "正文") {
            body = true;
            CHECK(run.x == Approx(28 * mm));
            CHECK(run.size == Approx(16));
        }
    }
    CHECK(number);
    CHECK(body);
    CHECK_THROWS_WITH(lay_out("<document><page preset=\"a5\"/></document>", fonts),
                      Catch::Contains("<page> 的属性 preset=\"a5\" 不对：应为 gbt9704 或 record"));
}
