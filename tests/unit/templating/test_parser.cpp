// Parser: syntax errors with exact messages and positions, parse-time checks.
#include "helpers.hpp"

#include <catch2/catch.hpp>

using namespace dangan::templating::test;

TEST_CASE("parser: unclosed tags of each kind") {
    CHECK(error_of("a\n{% for x in xs %}\n{{ x }}\n") ==
          "t.tpl:4:1: expected '{% endfor %}' to close '{% for %}' opened at 2:1, found end of file");
    CHECK(error_of("{% if a %}x") == "t.tpl:1:12: expected '{% endif %}' to close '{% if %}' opened at 1:1, found end of file");
    CHECK(error_of("{% if a %}x{% else %}y") ==
          "t.tpl:1:23: expected '{% endif %}' to close '{% if %}' opened at 1:1, found end of file");
    CHECK(error_of("{% macro m() %}x") ==
          "t.tpl:1:17: expected '{% endmacro %}' to close '{% macro %}' opened at 1:1, found end of file");
    CHECK(error_of("{{ x ") == "t.tpl:1:6: expected '}}' to close '{{' opened at 1:1, found end of file");
    CHECK(error_of("{{ x {{ y }}") == "t.tpl:1:6: expected '}}' to close '{{' opened at 1:1, found '{{'");
    CHECK(error_of("{% if x }}") == "t.tpl:1:9: expected '%}' to close '{%' opened at 1:1, found '}}'");
    CHECK(error_of("{{ x %}") == "t.tpl:1:6: expected '}}' to close '{{' opened at 1:1, found '%}'");
    // A forgotten '}}' makes the tag read on into the markup; the message names the real mistake.
    CHECK(error_of("<p>{{ meeting.title </p>\n<p/>") ==
          "t.tpl:1:22: expected '}}' to close '{{' opened at 1:4, found '/'");
    CHECK(error_of("{% if a \n<p>x</p>\n{% endif %}") ==
          "t.tpl:2:6: expected '%}' to close '{%' opened at 1:1, found '/'");
}

TEST_CASE("parser: end tags that do not match") {
    CHECK(error_of("x\n{% endif %}") == "t.tpl:2:1: unexpected '{% endif %}'; there is no open '{% if %}'");
    CHECK(error_of("{% endfor %}") == "t.tpl:1:1: unexpected '{% endfor %}'; there is no open '{% for %}'");
    CHECK(error_of("{% else %}") == "t.tpl:1:1: unexpected '{% else %}'; there is no open '{% if %}'");
    CHECK(error_of("{% for x in y %}{% endif %}") ==
          "t.tpl:1:17: expected '{% endfor %}' to close '{% for %}' opened at 1:1, found '{% endif %}'");
    CHECK(error_of("{% if a %}{% else %}{% else %}{% endif %}") ==
          "t.tpl:1:21: expected '{% endif %}' to close '{% if %}' opened at 1:1, found '{% else %}'");
    CHECK(error_of("{% if a %}{% for x in y %}{% endif %}{% endfor %}") ==
          "t.tpl:1:27: expected '{% endfor %}' to close '{% for %}' opened at 1:11, found '{% endif %}'");
}

TEST_CASE("parser: bad statements") {
    CHECK(error_of("{% fro x in y %}{% endfor %}") == "t.tpl:1:4: unknown statement 'fro'; did you mean 'for'?");
    CHECK(error_of("{% %}") == "t.tpl:1:4: expected a statement such as 'if' or 'for', found '%}'");
    CHECK(error_of("{% for x on y %}") == "t.tpl:1:10: expected 'in', found 'on'");
    CHECK(error_of("{% for in y %}") == "t.tpl:1:8: expected a variable name, found 'in'");
    CHECK(error_of("{% for loop in y %}") ==
          "t.tpl:1:8: 'loop' is reserved for loop.index and friends; choose another name");
    CHECK(error_of("{% set x 3 %}") == "t.tpl:1:10: expected '=', found '3'");
    CHECK(error_of("{% set x = %}") == "t.tpl:1:12: expected an expression, found '%}'");
    CHECK(error_of("{% include header %}") ==
          "t.tpl:1:12: expected the template name in quotes, e.g. {% include \"partials/header.tpl\" %}, found 'header'");
    CHECK(error_of("{% if a %}{% macro m() %}{% endmacro %}{% endif %}") ==
          "t.tpl:1:11: a macro must be defined at the top level of the template, not inside '{% if %}' opened at 1:1");
    CHECK(error_of("{% macro m() %}{% endmacro %}{% macro m() %}{% endmacro %}") ==
          "t.tpl:1:39: the macro 'm' is already defined at 1:1");
    CHECK(error_of("{% macro m(a=1, b) %}{% endmacro %}") ==
          "t.tpl:1:18: parameter 'b' needs a default value because the one before it has one");
}

TEST_CASE("parser: bad expressions") {
    CHECK(error_of("x\nabc{{ }}") == "t.tpl:2:7: expected an expression, found '}}'");
    CHECK(error_of("{{ 1 + }}") == "t.tpl:1:8: expected an expression, found '}}'");
    CHECK(error_of("{{ a b }}") == "t.tpl:1:6: expected '}}' to close '{{' opened at 1:1, found 'b'");
    CHECK(error_of("{{ (a }}") == "t.tpl:1:7: expected ')', found '}}'");
    CHECK(error_of("{{ [1, 2 }}") == "t.tpl:1:10: expected ',' or ']', found '}}'");
    CHECK(error_of("{{ a[1 }}") == "t.tpl:1:8: expected ']', found '}}'");
    CHECK(error_of("{{ a. }}") == "t.tpl:1:7: expected a key name after '.', found '}}'");
    CHECK(error_of("{% if a = 1 %}{% endif %}") == "t.tpl:1:9: unexpected '='; write '==' to compare");
    CHECK(error_of("{{ and }}") == "t.tpl:1:4: expected an expression, found 'and'");
    CHECK(error_of("{{ 99999999999999999999 }}") == "t.tpl:1:4: the number 99999999999999999999 is too large");
}

TEST_CASE("parser: filters are checked at parse time") {
    // The data is empty: these fail before anything is evaluated.
    CHECK(error_of("a\n\n  {{ x | dat }}") == "t.tpl:3:10: unknown filter 'dat'; did you mean 'date'?");
    CHECK(error_of("{{ x | frobnicate }}") == "t.tpl:1:8: unknown filter 'frobnicate'");
    CHECK(error_of("{{ x | }}") == "t.tpl:1:8: expected a filter name after '|', found '}}'");
    CHECK(error_of("{{ x | pad }}") == "t.tpl:1:8: filter 'pad' takes 1 argument, found 0");
    CHECK(error_of("{{ x | upper(1) }}") == "t.tpl:1:8: filter 'upper' takes no arguments, found 1");
    CHECK(error_of("{{ x | date(1, 2) }}") == "t.tpl:1:8: filter 'date' takes at most 1 argument, found 2");
    CHECK(error_of("{{ x | date(\"chineese\") }}") ==
          "t.tpl:1:13: filter 'date': unknown date style 'chineese'; did you mean 'chinese'? "
          "(styles: gbt9704, chinese, compact, iso)");
    CHECK(error_of("{{ x | raw | upper }}") == "t.tpl:1:14: 'raw' must be the last filter");
}

TEST_CASE("parser: tests, loop fields and functions are checked at parse time") {
    CHECK(error_of("{% if x is defind %}{% endif %}") ==
          "t.tpl:1:12: unknown test 'defind'; did you mean 'defined'? (tests: defined, empty, none, number, string, even, odd)");
    CHECK(error_of("{{ loop.indx }}") == "t.tpl:1:9: unknown loop field 'loop.indx'; did you mean 'loop.index'?");
    CHECK(error_of("{{ loop }}") ==
          "t.tpl:1:4: 'loop' needs a field: loop.index, loop.index0, loop.first, loop.last or loop.length");
    CHECK(error_of("{{ rnage(3) }}") == "t.tpl:1:4: unknown function 'rnage'; did you mean 'range'?");
    CHECK(error_of("{{ range() }}") == "t.tpl:1:4: range takes 1 to 3 arguments (end, or start, end[, step]), found 0");
    CHECK(error_of("{% macro m(a, b=1) %}{% endmacro %}{{ m() }}") ==
          "t.tpl:1:39: macro 'm' takes 1 to 2 arguments, found 0");
}

TEST_CASE("parser: errors are found in branches the data never reaches") {
    CHECK(error_of("{% if false %}{{ x | uper }}{% endif %}") ==
          "t.tpl:1:22: unknown filter 'uper'; did you mean 'upper'?");
}
