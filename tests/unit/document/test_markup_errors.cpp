// Malformed markup: each kind of XML error in Chinese, naming the tag, at the place an origin map
// gives (the template file and line that wrote it) — one case per kind.
#include "document/markup_reader.hpp"

#include <catch2/catch.hpp>

using namespace dangan;
using namespace dangan::document;

namespace {

/// The error of reading `xml` whose lines are mapped as if written by a template "t.tpl" 10 lines lower.
std::string mapped_error_of(const std::string& xml, bool mapped = true) {
    const MarkupOrigin origin = [](int line, int column) {
        return core::Location{"t.tpl", line + 10, column, "", ""};
    };
    try {
        if (mapped) read_markup(xml, "out.xml", origin);
        else read_markup(xml, "out.xml");
    } catch (const core::InputError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("an unclosed element is named where it was opened, with the closing tag that met it") {
    CHECK(mapped_error_of("<document>\n<section>\n<table><row><cell>x</cell></row>\n</section>\n</document>") ==
          "t.tpl:13:1: 错误：<table> 没有闭合：第14行遇到 </section> 之前缺少 </table>");
    // Without a map the markup's own lines are given.
    CHECK(mapped_error_of("<document>\n<p>标题\n</document>", false) ==
          "out.xml:2:1: 错误：<p> 没有闭合：第3行遇到 </document> 之前缺少 </p>");
}

TEST_CASE("an element still open at the end of the markup") {
    CHECK(mapped_error_of("<document>\n<section>\n<p>x</p>\n") ==
          "t.tpl:12:1: 错误：<section> 没有闭合：直到标记结束也没有 </section>");
}

TEST_CASE("a closing tag that closes nothing, and a misspelt one") {
    CHECK(mapped_error_of("<document>\n<p>x</p></b>\n</document>") ==
          "t.tpl:12:11: 错误：多余的结束标记 </b>：前面没有与之对应的 <b>；这里应闭合的是第11行的 <document>");
    CHECK(mapped_error_of("<document>\n<table><row><cell>x</cell></row>\n</tabel>\n</document>") ==
          "t.tpl:13:3: 错误：多余的结束标记 </tabel>：前面没有与之对应的 <tabel>；这里应闭合的是第12行的 <table>");
}

TEST_CASE("a bare < or & in text, and other invalid tokens") {
    CHECK(mapped_error_of("<document>\n<p>甲 < 乙</p>\n</document>") ==
          "t.tpl:12:6: 错误：正文里的“<”不能直接写：请写成 &lt;（模板里用 {{ }} 输出的数据会自动转换）");
    CHECK(mapped_error_of("<document>\n<p>甲 & 乙</p>\n</document>") ==
          "t.tpl:12:6: 错误：正文里的“&”不能直接写：请写成 &amp;（模板里用 {{ }} 输出的数据会自动转换）");
}

TEST_CASE("an undefined entity is named") {
    CHECK(mapped_error_of("<document>\n<p>甲&nbsp;乙</p>\n</document>") ==
          "t.tpl:12:5: 错误：未定义的实体 &nbsp;：标记里只能用 &lt; &gt; &amp; &quot; &apos;（不间断空格等请直接写字符）");
}

TEST_CASE("an attribute written twice names its element") {
    CHECK(mapped_error_of("<document>\n<p style=\"body\" style=\"h1\">x</p>\n</document>") ==
          "t.tpl:12:17: 错误：<p> 的同一个属性写了两次：每个属性只能写一次");
}

TEST_CASE("content after </document>, an unfinished tag, an empty markup") {
    CHECK(mapped_error_of("<document/>\n<p>x</p>") ==
          "t.tpl:12:1: 错误：</document> 之后还有内容：整个标记必须在一个 <document> … </document> 之内");
    CHECK(mapped_error_of("<document>\n<p style=\"body>x</p>\n</document>").find("错误：") != std::string::npos);
    CHECK(mapped_error_of("<document>\n<p style=\"body>x</p>\n</document>").find("t.tpl:12:") == 0);
    CHECK(mapped_error_of("") .find("标记是空的") != std::string::npos);
}

TEST_CASE("the reader's own errors go through the map too") {
    CHECK(mapped_error_of("<document>\n<para>x</para>\n</document>").find("t.tpl:12:1: 错误：<document> 里不认识 <para>") == 0);
}
