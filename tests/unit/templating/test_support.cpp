// Locations, include chains and "did you mean" suggestions.
#include "templating/error.hpp"

#include <catch2/catch.hpp>
#include "core/messages.hpp"

// The template tests pin the English texts (--lang en); the Chinese ones of the common mistakes are in
// test_messages_zh.cpp. Set once for the whole program, before any test runs.
[[maybe_unused]] static const bool english_messages_templating = (dangan::core::set_language(dangan::core::Language::en), true);

using namespace dangan::templating;

TEST_CASE("locate counts lines and code-point columns") {
    std::string text = "ab\n党支部x\n";
    CHECK(locate(text, 0).line == 1);
    CHECK(locate(text, 0).column == 1);
    CHECK(locate(text, 3).line == 2);
    CHECK(locate(text, 3).column == 1);
    CHECK(locate(text, 12).column == 4);  // after three 3-byte characters
    CHECK(position_text(text, 13) == "2:5");
    CHECK(position_text(text, 14) == "3:1");
    CHECK(position_text(text, 999) == "3:1");
}

TEST_CASE("TemplateError formats its message and keeps the fields") {
    TemplateError error("m.tpl", 3, 14, "unknown filter 'dat'; did you mean 'date'?");
    CHECK(std::string(error.what()) == "m.tpl:3:14: unknown filter 'dat'; did you mean 'date'?");
    CHECK(error.template_name() == "m.tpl");
    CHECK(error.line() == 3);
    CHECK(error.column() == 14);
    CHECK(error.diagnostic().where.file == "m.tpl");
    CHECK(error.diagnostic().message == "unknown filter 'dat'; did you mean 'date'?");
    TemplateError file_error("x.tpl", 0, 0, "cannot find the template 'x.tpl' in t");
    CHECK(std::string(file_error.what()) == "x.tpl: cannot find the template 'x.tpl' in t");
}

TEST_CASE("include_suffix lists the chain from the innermost include outwards") {
    CHECK(include_suffix({}) == "");
    CHECK(include_suffix({{"a.tpl", 4, 3}}) == " (included from a.tpl:4:3)");
    CHECK(include_suffix({{"a.tpl", 4, 3}, {"b.tpl", 2, 1}}) ==
          " (included from b.tpl:2:1, which is included from a.tpl:4:3)");
}

TEST_CASE("edit distance and suggestions") {
    CHECK(edit_distance("meting", "meeting") == 1);
    CHECK(edit_distance("fro", "for") == 1);  // a swap counts once
    CHECK(edit_distance("日其", "日期") == 1);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(did_you_mean("dat", {"date", "default", "upper"}) == "; did you mean 'date'?");
    CHECK(did_you_mean("x", {"y", "z"}) == "");            // one letter off a one-letter name is no typo
    CHECK(did_you_mean("title", {"people", "xyz"}) == "");  // too far
    CHECK(did_you_mean("titel", {"title", "titles"}) == "; did you mean 'title'?");
    CHECK(closest_name("ab", {"ac", "ad"}) == std::optional<std::string>("ac"));  // ties: sorted order
}
