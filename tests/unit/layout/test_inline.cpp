#include "document/utf8.hpp"
#include "layout_helpers.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace dangan;
using namespace dangan::testing;

namespace {

constexpr double left_edge = 50;

/// A document with a 10-character measure and no first-line indent, one paragraph of `text`.
std::string paragraph_doc(const std::string& text, const std::string& attributes = "indent=\"0pt\"") {
    return "<document>" + narrow_page(10) + "<p " + attributes + ">" + text + "</p></document>";
}

std::vector<std::string> lines_of(const std::string& text, FixedMetrics& fonts,
                                  const std::string& attributes = "indent=\"0pt\"") {
    std::vector<std::string> out;
    for (const auto& line : text_lines(lay_out(paragraph_doc(text, attributes), fonts))) out.push_back(line.text);
    return out;
}

std::u32string code_points(const std::string& s) {
    std::u32string out;
    for (size_t pos = 0; pos < s.size();) out += document::next_code_point(s, pos);
    return out;
}

std::string first_char(const std::string& s) {
    size_t pos = 0;
    document::next_code_point(s, pos);
    return s.substr(0, pos);
}

std::string last_char(const std::string& s) {
    size_t begin = s.size();
    do --begin;
    while (begin > 0 && (static_cast<unsigned char>(s[begin]) & 0xC0) == 0x80);
    return s.substr(begin);
}

}  // namespace

TEST_CASE("lines fill the measure; a character that may not start a line pushes its predecessor down (推出)") {
    FixedMetrics fonts;
    // Without 禁则 the 11th character would start line 2.
    for (const std::string punct : {"。", "，", "、", "；", "：", "？", "！", "）", "》", "」", "』", "”", "’", "%",
                                    "·", "〕", "】", "…", "—"}) {
        CAPTURE(punct);
        const auto lines = lines_of(repeat("一", 10) + punct + "二二", fonts);
        REQUIRE(lines.size() == 2);
        CHECK(lines[0] == repeat("一", 9));
        CHECK(lines[1] == "一" + punct + "二二");
    }
}

TEST_CASE("a character that may not end a line moves to the next line") {
    FixedMetrics fonts;
    for (const std::string open : {"（", "《", "「", "『", "“", "‘", "〔", "【"}) {
        CAPTURE(open);
        const auto lines = lines_of(repeat("一", 9) + open + "二二", fonts);
        REQUIRE(lines.size() == 2);
        CHECK(last_char(lines[0]) != open);
        CHECK(lines[0] + lines[1] == repeat("一", 9) + open + "二二");
        // ICU offers no break before ‘ (UAX #14 class QU), so one more 一 moves with it.
        CHECK(lines[1] == (open == "‘" ? "一" + open + "二二" : open + "二二"));
    }
}

TEST_CASE("—— and …… are never split and never start a line") {
    FixedMetrics fonts;
    for (const std::string mark : {"——", "……"}) {
        CAPTURE(mark);
        // The mark would straddle the line end (9 + 2 characters on a 10-character line).
        auto lines = lines_of(repeat("一", 9) + mark + "二", fonts);
        REQUIRE(lines.size() == 2);
        CHECK(lines[0] == repeat("一", 8));
        CHECK(lines[1] == "一" + mark + "二");
        // The mark would start line 2.
        lines = lines_of(repeat("一", 10) + mark + "二", fonts);
        REQUIRE(lines.size() == 2);
        CHECK(lines[0] == repeat("一", 9));
        CHECK(lines[1] == "一" + mark + "二");
    }
}

TEST_CASE("numbers, full-width numbers, Latin words and 2025年 stay whole") {
    FixedMetrics fonts;
    // "2025" is 4 × 8 pt; after 8 ideographs only 32 pt are left: 2025 fits, 年 does not.
    auto lines = lines_of(repeat("一", 8) + "2025年3月", fonts);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == repeat("一", 8));
    CHECK(lines[1] == "2025年3月");
    lines = lines_of(repeat("一", 9) + "１２３", fonts);
    REQUIRE(lines.size() == 2);
    CHECK(lines[1] == "１２３");
    lines = lines_of(repeat("一", 8) + "branch", fonts);
    REQUIRE(lines.size() == 2);
    CHECK(lines[1] == "branch");
}

TEST_CASE("an unbreakable run wider than the line is broken by character and reported") {
    FixedMetrics fonts;
    const auto doc = lay_out(paragraph_doc(repeat("9", 25)), fonts);
    const auto lines = text_lines(doc);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].text == repeat("9", 20));
    CHECK(lines[1].text == repeat("9", 5));
    REQUIRE(doc.diagnostics.size() == 1);
    CHECK(doc.diagnostics[0].str() ==
          "t.xml:1:72: 警告：\"999999999999999999999…\" cannot be broken and is wider than the line; it was "
          "broken between two characters");
}

TEST_CASE("justified lines end exactly at the measure, the last line is ragged, the first is indented") {
    FixedMetrics fonts;
    // 2字 indent; mixed Latin makes the natural widths uneven so spacing is needed.
    const auto doc = lay_out(paragraph_doc(repeat("党支部ab会议记录，", 6), ""), fonts);
    const auto lines = text_lines(doc);
    REQUIRE(lines.size() > 3);
    CHECK(lines[0].x_begin == Approx(left_edge + 32));
    for (size_t i = 0; i + 1 < lines.size(); ++i) {
        CAPTURE(i, lines[i].text);
        CHECK(lines[i].x_end == Approx(left_edge + 160));
    }
    CHECK(lines.back().x_end < left_edge + 160 - 1);
    CHECK(lines[1].x_begin == Approx(left_edge));
    bool spaced = false;
    for (const auto& run : doc.pages[0].runs) spaced |= run.char_spacing > 0;
    CHECK(spaced);
}

TEST_CASE("a <br/> ends a ragged line; center and right alignment") {
    FixedMetrics fonts;
    auto doc = lay_out(paragraph_doc("一二三<br/>四五", "indent=\"0pt\" align=\"justify\""), fonts);
    auto lines = text_lines(doc);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].text == "一二三");
    CHECK(lines[0].x_end == Approx(left_edge + 48));
    doc = lay_out(paragraph_doc("一二", "indent=\"0pt\" align=\"center\""), fonts);
    CHECK(text_lines(doc)[0].x_begin == Approx(left_edge + 64));
    doc = lay_out(paragraph_doc("一二", "indent=\"0pt\" align=\"right\""), fonts);
    CHECK(text_lines(doc)[0].x_begin == Approx(left_edge + 128));
}

TEST_CASE("a character no font has is drawn as 〓 and reported with its code point and context") {
    FixedMetrics fonts;
    fonts.missing.insert(U'𠮷');
    const auto doc = lay_out(paragraph_doc("党员𠮷同志参加会议"), fonts);
    CHECK(text_lines(doc)[0].text == "党员〓同志参加会议");
    REQUIRE(doc.diagnostics.size() == 1);
    CHECK(doc.diagnostics[0].severity == core::Severity::warning);
    CHECK(doc.diagnostics[0].message ==
          "没有字体有字符 U+20BB7 '𠮷'（在“党员𠮷同志参加会议”里），画成了〓；请在 fonts.json 的 fallback 里加一个有这个字的字体");
    CHECK(doc.diagnostics[0].where.line == 1);
}

TEST_CASE("a character missing many times is reported three times with context, then counted") {
    FixedMetrics fonts;
    fonts.missing.insert(U'𠮷');
    std::string xml = "<document>";
    for (int i = 0; i < 5; ++i) xml += "<p>第" + std::to_string(i) + "位𠮷同志</p>";
    const auto doc = lay_out(xml + "</document>", fonts);
    REQUIRE(doc.diagnostics.size() == 4);
    CHECK(doc.diagnostics[2].message ==
          "没有字体有字符 U+20BB7 '𠮷'（在“第2位𠮷同志”里），画成了〓；请在 fonts.json 的 fallback 里加一个有这个字的字体");
    CHECK(doc.diagnostics[3].str() == "警告：没有字体有字符 U+20BB7 '𠮷'：另有 2 处画成了〓");
}

TEST_CASE("zero-width and other default-ignorable characters are not drawn nor reported") {
    FixedMetrics fonts;
    fonts.missing = {U'\u200B', U'\uFEFF', U'\uFE0F', U'\u00AD'};
    const auto doc = lay_out(paragraph_doc("党\u200B员\uFEFF同\uFE0F志\u00AD们"), fonts);
    CHECK(text_lines(doc)[0].text == "党员同志们");
    CHECK(text_lines(doc)[0].x_end == Approx(left_edge + 80));
    CHECK(doc.diagnostics.empty());
}

TEST_CASE("a character missing from the family's face comes from the fallback face in its own run") {
    FixedMetrics fonts;
    fonts.family_lacks["仿宋"] = {U'喆'};
    const auto doc = lay_out(paragraph_doc("张喆同志"), fonts);
    const auto& runs = doc.pages[0].runs;
    REQUIRE(runs.size() == 3);
    CHECK(runs[0].text == "张");
    CHECK(runs[1].text == "喆");
    CHECK(runs[1].face == FixedMetrics::fallback_face);
    CHECK(runs[2].text == "同志");
    CHECK(runs[2].x == Approx(left_edge + 32));
    CHECK(doc.diagnostics.empty());
}

TEST_CASE("an unknown font family is an input error at the paragraph") {
    FixedMetrics fonts;
    CHECK_THROWS_WITH(lay_out(paragraph_doc("x", "font=\"魏碑\""), fonts),
                      "t.xml:1:72: 错误：unknown font family '魏碑': the font map defines 宋体, 黑体, 楷体, 仿宋, 小标宋");
}

TEST_CASE("font answers are cached per character, not asked per occurrence") {
    FixedMetrics fonts;
    lay_out(paragraph_doc(repeat("党支部会议记录", 200)), fonts);
    CHECK(fonts.advance_calls < 20);
    CHECK(fonts.face_for_calls < 20);
}

TEST_CASE("property: random CJK and punctuation paragraphs keep every character in order and obey 禁则") {
    FixedMetrics fonts;
    const std::u32string alphabet = U"党支部会议记录同志年月日一二三四五六七八九十。，、；：？！）》」』”’（《「『“‘1234５６ab";
    const std::u32string no_start = U"。，、；：？！）》」』”’…—";
    const std::u32string no_end = U"（《「『“‘";
    std::mt19937 random(20251122);
    for (int round = 0; round < 200; ++round) {
        std::string text;
        const int length = 20 + static_cast<int>(random() % 120);
        // Like real prose, two punctuation marks are never adjacent (a run of marks wider than the
        // line cannot be laid out without breaking a rule; that case is tested separately).
        bool after_mark = true;
        for (int i = 0; i < length; ++i) {
            const char32_t cp = alphabet[random() % alphabet.size()];
            const bool mark = random() % 23 == 0 || no_start.find(cp) != std::u32string::npos ||
                              no_end.find(cp) != std::u32string::npos;
            if (mark && after_mark) {
                document::append_utf8(text, U'字');
                after_mark = false;
                continue;
            }
            if (random() % 23 == 0) {
                text += random() % 2 ? "——" : "……";
            } else {
                document::append_utf8(text, cp);
            }
            after_mark = mark;
        }
        CAPTURE(text);
        const auto doc = lay_out(paragraph_doc(text), fonts);
        const auto lines = text_lines(doc);
        std::string joined;
        for (size_t i = 0; i < lines.size(); ++i) {
            joined += lines[i].text;
            CHECK(lines[i].x_end <= left_edge + 160 + 1e-6);
            const auto cps = code_points(lines[i].text);
            if (i > 0) {
                CHECK(no_start.find(cps.front()) == std::u32string::npos);
            }
            if (i + 1 < lines.size()) {
                CHECK(no_end.find(cps.back()) == std::u32string::npos);
                // —— and …… never split across lines
                const bool split = (last_char(lines[i].text) == "—" && first_char(lines[i + 1].text) == "—") ||
                                   (last_char(lines[i].text) == "…" && first_char(lines[i + 1].text) == "…");
                CHECK_FALSE(split);
            }
        }
        CHECK(joined == text);
        CHECK(doc.diagnostics.empty());
    }
}

