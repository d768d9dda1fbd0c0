#include "core/messages.hpp"
#include "document/markup_reader.hpp"

#include <catch2/catch.hpp>

using namespace dangan;
using namespace dangan::document;

namespace {

/// The message of reading `xml`, in `language`.
std::string error_in(core::Language language, const std::string& xml) {
    const core::Language saved = core::language();
    core::set_language(language);
    std::string out = "no error";
    try {
        read_markup(xml, "t.xml");
    } catch (const core::InputError& e) {
        out = e.what();
    }
    core::set_language(saved);
    return out;
}

/// The English message (--lang en): the exact texts below; the Chinese ones (the default) are checked
/// in "markup errors are in Chinese by default".
std::string error_of(const std::string& xml) { return error_in(core::Language::en, xml); }
std::string error_zh(const std::string& xml) { return error_in(core::Language::zh, xml); }

std::string body(const std::string& inner) { return "<document>\n" + inner + "\n</document>"; }

const Paragraph& first_paragraph(const Document& doc) {
    return std::get<Paragraph>(doc.sections.at(0).blocks.at(0).content);
}

}  // namespace

TEST_CASE("font sizes in 号 and points") {
    CHECK(parse_font_size("三号") == 16);
    CHECK(parse_font_size("四号") == 14);
    CHECK(parse_font_size("小四") == 12);
    CHECK(parse_font_size("五号") == 10.5);
    CHECK(parse_font_size("二号") == 22);
    CHECK(parse_font_size("小二") == 18);
    CHECK(parse_font_size("初号") == 42);
    CHECK(parse_font_size("八号") == 5);
    CHECK(parse_font_size("12pt") == 12);
    CHECK_FALSE(parse_font_size("十号"));
    CHECK_FALSE(parse_font_size("2字"));
}

TEST_CASE("lengths in pt, mm, cm and 字") {
    CHECK(parse_length("72pt", 0) == 72);
    CHECK(*parse_length("25.4mm", 0) == Approx(72));
    CHECK(*parse_length("2.54cm", 0) == Approx(72));
    CHECK(parse_length("2字", 16) == 32);
    CHECK_FALSE(parse_length("2字", 0));
    CHECK_FALSE(parse_length("12qq", 0));
    CHECK_FALSE(parse_length("12", 0));
    CHECK_FALSE(parse_length("-3pt", 0));
    CHECK_FALSE(parse_length("", 0));
}

TEST_CASE("defaults follow GB/T 9704: A4, margins 37/35/28/26 mm, body 3号仿宋 with a 2字 indent") {
    const Document doc = read_markup(body("<p>正文</p>"), "t.xml");
    CHECK(doc.page.width == Approx(595.276));
    CHECK(doc.page.margin_top == Approx(37 * 72 / 25.4));
    CHECK(doc.page.margin_bottom == Approx(35 * 72 / 25.4));
    CHECK(doc.page.margin_left == Approx(28 * 72 / 25.4));
    CHECK(doc.page.margin_right == Approx(26 * 72 / 25.4));
    const Paragraph& p = first_paragraph(doc);
    CHECK(p.style.text.family == "仿宋");
    CHECK(p.style.text.size == 16);
    CHECK(p.style.first_line_indent == 32);
    CHECK(p.style.align == Align::justify);
    CHECK(p.where.line == 2);
    CHECK(p.where.column == 1);
}

TEST_CASE("document info, page setup and named styles") {
    const Document doc = read_markup(
        "<document title=\"会议记录\" author=\"第一党支部\" subject=\"2025\">"
        "<page orientation=\"landscape\" margin-top=\"20mm\" margin-left=\"1cm\"/>"
        "<style name=\"小字\" font=\"宋体\" size=\"五号\" bold=\"yes\" align=\"center\" indent=\"0pt\" "
        "line-pitch=\"20pt\" space-before=\"1字\" space-after=\"6pt\"/>"
        "<p style=\"小字\" size=\"小四\">x</p></document>",
        "t.xml");
    CHECK(doc.info.title == "会议记录");
    CHECK(doc.info.author == "第一党支部");
    CHECK(doc.page.width == Approx(841.890));
    CHECK(doc.page.margin_top == Approx(20 * 72 / 25.4));
    CHECK(doc.page.margin_left == Approx(10 * 72 / 25.4));
    const Paragraph& p = first_paragraph(doc);
    CHECK(p.style.text == TextStyle{"宋体", 12, true});
    CHECK(p.style.align == Align::center);
    CHECK(p.style.line_pitch == 20);
    CHECK(p.style.space_before == 12);  // 1字 of the overriding size
    CHECK(p.style.space_after == 6);
}

TEST_CASE("inline spans, bold and breaks; white space collapses and disappears at CJK line joins") {
    const Document doc = read_markup(body("<p>\n  第一行\n  续写 <b>加粗</b><span font=\"黑体\" size=\"四号\">黑</span>"
                                          "<br/> next  word\n  end</p>"),
                                     "t.xml");
    const auto& c = first_paragraph(doc).content;
    REQUIRE(c.size() == 5);
    CHECK(c[0].text == "第一行续写 ");
    CHECK(c[1].text == "加粗");
    CHECK(c[1].style.bold);
    CHECK(c[2].text == "黑");
    CHECK(c[2].style == TextStyle{"黑体", 14, false});
    CHECK(c[3].kind == InlineKind::line_break);
    CHECK(c[4].text == "next word end");
}

TEST_CASE("signatures follow the body's face and size unless the template styles them") {
    const auto signature_style = [](const std::string& styles) {
        const Document doc = read_markup("<document>" + styles +
                                             "<section><p>正文</p><signature width=\"30mm\">记录人（签字）：</signature></section>"
                                             "</document>",
                                         "t.xml");
        const auto& blocks = doc.sections.at(0).blocks;
        REQUIRE(blocks.size() == 2);
        const auto& label = std::get<Signature>(blocks[1].content).label;
        REQUIRE_FALSE(label.content.empty());
        return label.content[0].style;
    };
    CHECK(signature_style("") == TextStyle{"仿宋", 16, false});  // built-in body: 仿宋 三号
    CHECK(signature_style("<style name=\"body\" font=\"仿宋\" size=\"小四\"/>") == TextStyle{"仿宋", 12, false});
    CHECK(signature_style("<style name=\"signature\" size=\"四号\"/><style name=\"body\" size=\"小四\"/>") ==
          TextStyle{"仿宋", 14, false});
}

TEST_CASE("headings, sections, header and footer fields, tables with spans") {
    const Document doc = read_markup(
        "<document><header><p>第<page-number/>页 共<page-count/>页</p></header><footer style=\"gbt9704\"/>"
        "<section numbering=\"none\"><h1>封面</h1></section>"
        "<section start=\"1\"><h2 toc=\"no\">一、概况</h2><toc title=\"目录\"/><page-break/><space height=\"1cm\"/>"
        "<signature width=\"30mm\">记录人：</signature>"
        "<table widths=\"20% 30mm *\" padding=\"1mm\"><row header=\"yes\"><cell>a</cell><cell>b</cell><cell>c</cell>"
        "</row><row><cell rowspan=\"2\" valign=\"top\">x</cell><cell colspan=\"2\" align=\"center\"><p>y</p><p>z</p>"
        "</cell></row><row><cell>1</cell><cell>2</cell></row></table></section></document>",
        "t.xml");
    REQUIRE(doc.sections.size() == 2);
    CHECK(doc.sections[0].numbering == Numbering::none);
    CHECK(doc.sections[1].restart == 1);
    CHECK(doc.footer.gbt9704);
    REQUIRE(doc.header.paragraphs.size() == 1);
    CHECK(doc.header.paragraphs[0].content[1].kind == InlineKind::page_number);
    CHECK(doc.header.paragraphs[0].content[3].kind == InlineKind::page_count);
    const auto& blocks = doc.sections[1].blocks;
    REQUIRE(blocks.size() == 6);
    const auto& h = std::get<Heading>(blocks[0].content);
    CHECK(h.level == 2);
    CHECK_FALSE(h.in_toc);
    CHECK(blocks[0].keep_with_next);
    CHECK(std::get<Toc>(blocks[1].content).title->plain_text() == "目录");
    CHECK(std::holds_alternative<PageBreak>(blocks[2].content));
    CHECK(std::get<VerticalSpace>(blocks[3].content).height == Approx(28.3465));
    CHECK(std::get<Signature>(blocks[4].content).line_width == Approx(85.0394));
    const auto& t = std::get<Table>(blocks[5].content);
    REQUIRE(t.columns.size() == 3);
    CHECK(t.columns[0].kind == ColumnWidth::Kind::percent);
    CHECK(t.columns[1].kind == ColumnWidth::Kind::points);
    CHECK(t.columns[2].kind == ColumnWidth::Kind::automatic);
    CHECK(t.rows[0].header);
    const auto& x = t.rows[1].cells[0];
    CHECK(x.rowspan == 2);
    CHECK(x.valign == VAlign::top);
    const auto& y = t.rows[1].cells[1];
    CHECK(y.column == 1);
    CHECK(y.colspan == 2);
    CHECK(y.paragraphs.size() == 2);
    CHECK(y.paragraphs[0].style.align == Align::center);
    CHECK(t.rows[2].cells[0].column == 1);  // slot 0 is taken by the rowspan above
}

TEST_CASE("each markup error is reported exactly, with line:column") {
    CHECK(error_of("<document>\n  <para>x</para>\n</document>") ==
          "t.xml:2:3: error: unknown element <para> inside <document>: expected <page>, <style>, <header>, <footer>, "
          "<section>, <p>, <h1>, <h2>, <h3>, <table>, <page-break>, <space>, <signature>, <toc>, <box>, <image> or <frame>");
    CHECK(error_of(body("<p colour=\"red\">x</p>")) ==
          "t.xml:2:1: error: unknown attribute 'colour' on <p>: expected style, font, size, bold, align, indent, "
          "line-pitch, space-before, space-after, keep-with-next or keep-together");
    CHECK(error_of(body("<page margin-top=\"12qq\"/>")) ==
          "t.xml:2:1: error: bad length '12qq' in attribute 'margin-top' of <page>: expected a number followed by pt, "
          "mm or cm");
    CHECK(error_of(body("<p indent=\"2 字\">x</p>")) ==
          "t.xml:2:1: error: bad length '2 字' in attribute 'indent' of <p>: expected a number followed by pt, mm, cm "
          "or 字");
    CHECK(error_of(body("<p style=\"正问\">x</p>")) ==
          "t.xml:2:1: error: unknown style '正问' on <p>: define it first with <style name=\"正问\"> or use one of "
          "body, footer, h1, h2, h3, header, signature, table, toc, toc-title");
    CHECK(error_of(body("<p size=\"十号\">x</p>")) ==
          "t.xml:2:1: error: bad font size '十号' in attribute 'size' of <p>: expected a 号 size (初号 … 八号, 小四 …) "
          "or a length such as 12pt");
    CHECK(error_of(body("<p size=\"700pt\">x</p>")) ==
          "t.xml:2:1: error: font size '700pt' in attribute 'size' of <p> is too large: at most 600pt (初号 is 42pt)");
    CHECK(error_of(body("<p align=\"middle\">x</p>")) ==
          "t.xml:2:1: error: bad value 'middle' for attribute 'align' of <p>: expected left, center, right or justify");
    CHECK(error_of(body("<p bold=\"1\">x</p>")) ==
          "t.xml:2:1: error: bad value '1' for attribute 'bold' of <p>: expected yes or no");
    CHECK(error_of(body("<p>a <i>b</i></p>")) ==
          "t.xml:2:6: error: unknown element <i> inside <p>: expected <b>, <span> or <br>");
    CHECK(error_of(body("<p><page-number/></p>")) ==
          "t.xml:2:4: error: <page-number/> is only allowed inside <header>, <footer> or <box>");
    CHECK(error_of(body("<p>共<item-pages/>页</p>")) ==
          "t.xml:2:5: error: <item-pages/> is only allowed inside <header>, <footer> or <box>");
    CHECK(error_of(body("<box><p>x</p></box>")) ==
          "t.xml:2:1: error: <box> needs a width attribute, e.g. <box width=\"45mm\">");
    CHECK(error_of(body("<box width=\"0mm\"/>")) ==
          "t.xml:2:1: error: bad value '0mm' for attribute 'width' of <box>: expected a length greater than 0");
    CHECK(error_of(body("<box width=\"40mm\" corner=\"middle\"/>")) ==
          "t.xml:2:1: error: bad value 'middle' for attribute 'corner' of <box>: expected top-right, top-left, "
          "bottom-right or bottom-left");
    CHECK(error_of(body("<box width=\"40mm\"><box width=\"10mm\"/></box>")) ==
          "t.xml:2:19: error: unknown element <box> inside <box>: expected <p> or <table>");
    CHECK(error_of(body("<box width=\"40mm\"><h1>x</h1></box>")) ==
          "t.xml:2:19: error: unknown element <h1> inside <box>: expected <p> or <table>");
    CHECK(error_of(body("<footer style=\"fancy\"/>")) ==
          "t.xml:2:1: error: bad value 'fancy' for attribute 'style' of <footer>: expected gbt9704");
    CHECK(error_of(body("正文")) == "t.xml:1:11: error: text is not allowed directly inside <document>: put it in a <p>");
    CHECK(error_of(body("<p>x</q>")) ==
          "t.xml:2:7: error: 多余的结束标记 </q>：前面没有与之对应的 <q>；这里应闭合的是第2行的 <p>");
    CHECK(error_of("<doc/>") == "t.xml:1:1: error: the root element must be <document>, found <doc>");
    CHECK(error_of(body("<style size=\"三号\"/>")) ==
          "t.xml:2:1: error: <style> needs a name attribute, e.g. <style name=\"正文\">");
    CHECK(error_of(body("<space/>")) == "t.xml:2:1: error: <space> needs a height attribute, e.g. <space height=\"10mm\"/>");
    CHECK(error_of(body("<section numbering=\"roman\"/>")) ==
          "t.xml:2:1: error: bad value 'roman' for attribute 'numbering' of <section>: expected arabic or none");
    CHECK(error_of(body("<section start=\"0\"/>")) ==
          "t.xml:2:1: error: bad value '0' for attribute 'start' of <section>: expected a whole number from 1 to 100000");
}

TEST_CASE("table shape errors") {
    CHECK(error_of(body("<table><row><cell>a</cell><cell>b</cell></row>\n<row><cell>c</cell></row></table>")) ==
          "t.xml:3:1: error: row 2 of the <table> covers 1 of its 2 columns: every row must fill every column (count "
          "colspan and the rowspan of cells above)");
    CHECK(error_of(body("<table><row><cell rowspan=\"2\">a</cell></row></table>")) ==
          "t.xml:2:8: error: a cell's rowspan reaches below the last row of the <table> (the table has 1 rows)");
    CHECK(error_of(body("<table widths=\"50% 6x\"><row><cell>a</cell></row></table>")) ==
          "t.xml:2:1: error: bad column width '6x' in attribute 'widths' of <table>: expected a percentage such as "
          "25%, a length such as 30mm, or *");
    CHECK(error_of(body("<table widths=\"60% 60%\"><row><cell>a</cell><cell>b</cell></row></table>")) ==
          "t.xml:2:1: error: the column widths of <table> add up to 120%, more than 100%");
    CHECK(error_of(body("<table><row><cell>a</cell></row>\n<row header=\"yes\"><cell>b</cell></row></table>")) ==
          "t.xml:3:1: error: header rows must come before the other rows of a <table>");
    CHECK(error_of(body("<table><row><td>a</td></row></table>")) ==
          "t.xml:2:13: error: unknown element <td> inside <row>: expected <cell>");
    CHECK(error_of(body("<table/>")) == "t.xml:2:1: error: a <table> needs at least one <row>");
    CHECK(error_of(body("<table><row><cell><p>a</p>b</cell></row></table>")) ==
          "t.xml:2:27: error: text is not allowed directly inside <cell>: put it in a <p>");
    CHECK(error_of(body("<table><row><cell><p>a</p><i/></cell></row></table>")) ==
          "t.xml:2:27: error: unknown element <i> inside <cell>: a cell holds either <p> and <table> elements or text "
          "with <b>, <span>, <br>, not both");
    CHECK(error_zh(body("<table><row><cell><p>a</p><i/></cell></row></table>")) ==
          "t.xml:2:27: 错误：<cell> 里不能有 <i>：<cell> 里要么是 <p> 和 <table>，要么是带 <b>、<span>、<br/> 的文字，"
          "不能混用");
}

TEST_CASE("random damage to valid markup gives an InputError or a document, never a crash") {
    const std::string good =
        "<document title=\"t\"><style name=\"x\" size=\"小四\"/><section start=\"2\"><h1>标题</h1><p style=\"x\">正文"
        "<b>粗</b><br/></p><table widths=\"50% *\"><row header=\"yes\"><cell colspan=\"2\">表</cell></row><row><cell>"
        "a</cell><cell rowspan=\"1\">b</cell></row></table><space height=\"1cm\"/><signature>签名</signature><toc/>"
        "</section><footer style=\"gbt9704\"><p><page-number/></p></footer></document>";
    REQUIRE_NOTHROW(read_markup(good, "t.xml"));
    unsigned seed = 7;
    auto next = [&] { return seed = seed * 1103515245 + 12345, (seed >> 16) & 0x7fff; };
    for (int round = 0; round < 2000; ++round) {
        std::string damaged = good;
        for (int edits = 1 + next() % 3; edits > 0; --edits) {
            const size_t at = next() % damaged.size();
            switch (next() % 3) {
            case 0: damaged.erase(at, 1 + next() % 4); break;
            case 1: damaged.insert(at, 1, "<>/\"=a1%"[next() % 8]); break;
            default: damaged[at] = static_cast<char>(next() % 128); break;
            }
        }
        try {
            read_markup(damaged, "t.xml");
        } catch (const core::InputError&) {
        }
    }
}

TEST_CASE("entities, CDATA and comments are read as text") {
    const Document doc = read_markup(body("<p>A&amp;B &lt;x&gt; <![CDATA[<b>]]><!-- note --></p>"), "t.xml");
    CHECK(first_paragraph(doc).plain_text() == "A&B <x> <b>");
}

TEST_CASE("errors inside header, footer and section") {
    CHECK(error_of(body("<header><p>x</p><h1>y</h1></header>")) ==
          "t.xml:2:17: error: unknown element <h1> inside <header>: expected <p>");
    CHECK(error_of(body("<section><style name=\"x\"/></section>")) ==
          "t.xml:2:10: error: unknown element <style> inside <section>: expected <p>, <h1>, <h2>, <h3>, <table>, "
          "<page-break>, <space>, <signature>, <toc>, <box>, <image> or <frame>");
    CHECK(error_of(body("<header style=\"gbt9704\"/>")) ==
          "t.xml:2:1: error: unknown attribute 'style' on <header>: expected distance");
    CHECK(error_of(body("<page-break>x</page-break>")) ==
          "t.xml:2:13: error: text is not allowed directly inside <page-break>: put it in a <p>");
}

TEST_CASE("a new style starts from body without its indent; based-on body keeps it") {
    const Document doc = read_markup(body("<style name=\"cell\" size=\"五号\"/><style name=\"more\" based-on=\"body\"/>"
                                          "<p style=\"cell\">a</p><p style=\"more\">b</p>"),
                                     "t.xml");
    const auto& blocks = doc.sections.at(0).blocks;
    CHECK(std::get<Paragraph>(blocks.at(0).content).style.first_line_indent == 0);
    CHECK(std::get<Paragraph>(blocks.at(0).content).style.text == TextStyle{"仿宋", 10.5, false});
    CHECK(std::get<Paragraph>(blocks.at(1).content).style.first_line_indent == 32);
}

TEST_CASE("markup nested deeper than 100 elements is an error with its location, not a crash") {
    std::string xml = "<document><p>";
    for (int i = 0; i < 5000; ++i) xml += "<b>";
    xml += "深";
    for (int i = 0; i < 5000; ++i) xml += "</b>";
    xml += "</p></document>";
    CHECK_THROWS_WITH(dangan::document::read_markup(xml, "deep.xml"),
                      Catch::Contains("deep.xml:1:") && Catch::Contains("元素嵌套超过 100 层"));
}

TEST_CASE("markup errors are in Chinese by default, naming the element, the attribute and what is expected") {
    CHECK(error_zh("<document>\n  <para>x</para>\n</document>") ==
          "t.xml:2:3: 错误：<document> 里不认识 <para>：这里可以写 <page>、<style>、<header>、<footer>、<section>、<p>、"
          "<h1>、<h2>、<h3>、<table>、<page-break>、<space>、<signature>、<toc>、<box>、<image>、<frame>");
    CHECK(error_zh(body("<p colour=\"red\">x</p>")) ==
          "t.xml:2:1: 错误：<p> 没有属性 colour：可用的属性是 style、font、size、bold、align、indent、line-pitch、"
          "space-before、space-after、keep-with-next、keep-together");
    CHECK(error_zh(body("<page margin-top=\"12qq\"/>")) ==
          "t.xml:2:1: 错误：<page> 的属性 margin-top=\"12qq\" 不是长度：应写数字加单位 pt、mm 或 cm，如 12pt、37mm");
    CHECK(error_zh(body("<p bold=\"1\">x</p>")) == "t.xml:2:1: 错误：<p> 的属性 bold=\"1\" 不对：应为 yes 或 no");
    CHECK(error_zh(body("<p align=\"middle\">x</p>")) ==
          "t.xml:2:1: 错误：<p> 的属性 align=\"middle\" 不对：应为 left、center、right、justify");
    CHECK(error_zh(body("<p size=\"十号\">x</p>")) ==
          "t.xml:2:1: 错误：<p> 的属性 size=\"十号\" 不是字号：应写号数（初号 … 八号、小四 …）或长度，如 12pt");
    CHECK(error_zh(body("<p style=\"正问\">x</p>")).find("<p> 用了没有定义的样式“正问”：请先用 <style name=\"正问\"> 定义") !=
          std::string::npos);
    CHECK(error_zh(body("<p><page-number/></p>")) ==
          "t.xml:2:4: 错误：<page-number/> 只能用在 <header>、<footer> 或 <box> 里（页码在排版后才知道）");
    CHECK(error_zh(body("<space/>")) == "t.xml:2:1: 错误：<space> 需要 height 属性，如 <space height=\"10mm\"/>");
    CHECK(error_zh(body("<table/>")) == "t.xml:2:1: 错误：<table> 至少要有一个 <row>");
    CHECK(error_zh(body("<table><row><cell>a</cell><cell>b</cell></row>\n<row><cell>c</cell></row></table>")) ==
          "t.xml:3:1: 错误：<table> 的第 2 行占了 1 列，表格有 2 列：每一行都要填满所有列（算上 colspan 和上面单元格的 "
          "rowspan）");
    CHECK(error_zh(body("<table widths=\"60% 60%\"><row><cell>a</cell><cell>b</cell></row></table>")) ==
          "t.xml:2:1: 错误：<table> 的列宽百分比加起来是 120%，超过了 100%");
    CHECK(error_zh(body("正文")) == "t.xml:1:11: 错误：<document> 里不能直接写文字：请放进 <p> … </p>");
    CHECK(error_zh("<doc/>") == "t.xml:1:1: 错误：最外层的元素必须是 <document>，这里是 <doc>");
    CHECK(error_zh(body("<page-break>x</page-break>")) == "t.xml:2:13: 错误：<page-break> 里不能直接写文字：请放进 <p> … </p>");
    CHECK(error_zh(body("<section start=\"0\"/>")) == "t.xml:2:1: 错误：<section> 的属性 start=\"0\" 不对：应为 1 到 100000 之间的整数");
    // No English left in the Chinese messages of these cases (element and attribute names aside).
    for (const char* xml : {"<p colour=\"red\">x</p>", "<table/>", "<space/>", "<p size=\"十号\">x</p>"}) {
        const std::string message = error_zh(body(xml));
        CHECK(message.find("expected") == std::string::npos);
        CHECK(message.find("unknown") == std::string::npos);
    }
}
