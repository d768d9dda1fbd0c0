// Built-in filters: each one's output and its bad-input messages; registering filters.
#include "helpers.hpp"

#include <catch2/catch.hpp>

using namespace dangan::templating;
using namespace dangan::templating::test;

TEST_CASE("filter date: the four styles and partial dates") {
    const std::string data = R"({"d":"2025-03-15","cn":"2025年3月5日","m":"2025-03","q":"2025年第一季度"})";
    CHECK(render("{{ d | date }}|{{ d | date('gbt9704') }}", data) == "2025年3月15日|2025年3月15日");
    CHECK(render("{{ d | date('chinese') }}", data) == "二〇二五年三月十五日");
    CHECK(render("{{ d | date('compact') }}|{{ d | date('iso') }}", data) == "20250315|2025-03-15");
    CHECK(render("{{ cn | date('iso') }}", data) == "2025-03-05");
    CHECK(render("{{ m | date }}|{{ m | date('compact') }}", data) == "2025年3月|202503");
    CHECK(render("{{ 20250315 | date('iso') }}") == "2025-03-15");
    CHECK(error_of("{{ 'tomorrow' | date }}").starts_with("t.tpl:1:17: filter 'date': "));
    CHECK(error_of("{{ '' | date }}") == "t.tpl:1:9: filter 'date': expected a date such as \"2025-03-15\", found empty text");
    CHECK(error_of("{{ 1.5 | date }}") ==
          "t.tpl:1:10: filter 'date': expected a date such as \"2025-03-15\", found a decimal number");
    // A style that is not a literal is checked when it is used.
    CHECK(error_of("{{ d | date(s) }}", R"({"d":"2025-03-15","s":"long"})") ==
          "t.tpl:1:8: filter 'date': unknown date style 'long' (styles: gbt9704, chinese, compact, iso)");
}

TEST_CASE("filters cn_number, ordinal and pad") {
    CHECK(render("{{ 3 | cn_number }} {{ 10 | cn_number }} {{ 21 | cn_number }} {{ '12' | cn_number }}") == "三 十 二十一 十二");
    CHECK(render("{{ 3 | ordinal }} {{ 12 | ordinal('条') }} {{ 1 | ordinal('') }}") == "第三次 第十二条 第一");
    CHECK(render("{{ 7 | pad(4) }} {{ 12345 | pad(3) }} {{ '42' | pad(3) }} {{ -7 | pad(4) }}") == "0007 12345 042 -007");
    CHECK(error_of("{{ 'x' | cn_number }}") == "t.tpl:1:10: filter 'cn_number': expected a whole number, found the text 'x'");
    CHECK(error_of("{{ 2.5 | ordinal }}") == "t.tpl:1:10: filter 'ordinal': the input must be a whole number, found 2.5");
    CHECK(error_of("{{ 7 | pad(0) }}") == "t.tpl:1:8: filter 'pad': the width must be between 1 and 32, found 0");
}

TEST_CASE("filter default") {
    const std::string data = R"({"e":"","n":null,"l":[],"z":0,"f":false,"s":"x"})";
    CHECK(render("{{ e | default('a') }}{{ n | default('b') }}{{ l | default('c') }}{{ missing | default('d') }}", data) ==
          "abcd");
    CHECK(render("{{ z | default('a') }}{{ f | default('b') }}{{ s | default('c') }}", data) == "0falsex");
    CHECK(error_of("{{ missing | default(other) }}", data) == "t.tpl:1:22: unknown variable 'other'");
}

TEST_CASE("list filters: join, map, length, first, last, sort, reverse, sum") {
    const std::string data = R"({"xs":[3,1,2],"people":[{"name":"张三","age":40},{"name":"李四","age":25}],"s":"党支部","o":{"a":1}})";
    CHECK(render("{{ xs | join }}|{{ xs | join('、') }}", data) == "312|3、1、2");
    CHECK(render("{{ people | map('name') | join('、') }}", data) == "张三、李四");
    CHECK(render("{{ xs | length }} {{ s | length }} {{ o | length }}", data) == "3 3 1");
    CHECK(render("{{ xs | first }}{{ xs | last }} {{ s | first }}{{ s | last }}", data) == "32 党部");
    CHECK(render("{{ xs | sort | join }} {{ xs | sort | reverse | join }}", data) == "123 321");
    CHECK(render("{{ people | sort('age') | map('name') | join }}", data) == "李四张三");
    CHECK(render("{{ xs | sum }} {{ people | sum('age') }} {{ [1, 2.5] | sum }} {{ [] | sum }}", data) == "6 65 3.5 0");
    CHECK(error_of("{{ people | join }}", data) ==
          "t.tpl:1:13: filter 'join': item 1 is an object; pick a key first, e.g. '| map(\"name\") | join(\"、\")'");
    CHECK(error_of("{{ people | map('nmae') | join }}", data) ==
          "t.tpl:1:13: filter 'map': item 1 has no key 'nmae'; did you mean 'name'?");
    CHECK(error_of("{{ [] | first }}", data) == "t.tpl:1:9: filter 'first': the list is empty");
    CHECK(error_of("{{ [1, 'a'] | sort | join }}", data) == "t.tpl:1:15: filter 'sort': cannot compare a whole number with text");
    CHECK(error_of("{{ ['a'] | sum }}", data) == "t.tpl:1:12: filter 'sum': item 1 must be a number, found text");
    CHECK(error_of("{{ 3 | length }}", data) ==
          "t.tpl:1:8: filter 'length': expected text, a list or an object, found a whole number");
    CHECK(error_of("{{ s | join }}", data) == "t.tpl:1:8: filter 'join': expected a list, found text");
}

TEST_CASE("text filters: upper, lower, trim, replace, int, string, round") {
    CHECK(render("{{ 'abc Ä' | upper }} {{ 'ABC' | lower }}") == "ABC Ä abc");
    CHECK(render("[{{ '\u3000 x y \\n' | trim }}]") == "[x y]");
    CHECK(render("{{ 'a-b-c' | replace('-', '/') }}") == "a/b/c");
    CHECK(render("{{ '12' | int + 1 }} {{ 3.9 | int }} {{ 5 | string ~ 'x' }}") == "13 3 5x");
    CHECK(render("{{ 3.14159 | round(2) }} {{ 2.5 | round }} {{ -2.5 | round }} {{ 7 | round(1) }}") == "3.14 3 -3 7");
    CHECK(error_of("{{ 'a' | replace('', 'b') }}") == "t.tpl:1:10: filter 'replace': the text to replace must not be empty");
    CHECK(error_of("{{ 'x1' | int }}") ==
          "t.tpl:1:11: filter 'int': expected a whole number or text made of digits, found 'x1'");
    CHECK(error_of("{{ 'a' | round }}") == "t.tpl:1:10: filter 'round': the input must be a number, found text");
}

TEST_CASE("applications can add filters") {
    Environment env({});
    env.add_filter("dang_hao", [](const Var& input, const std::vector<Var>& args, const FilterContext& context) -> Var {
        if (kind_of(input) != ValueKind::integer) throw FilterError("expected a whole number");
        return "WS·" + to_text(args.empty() ? Var("2025") : args[0]) + "-" + to_text(input) + "/" +
               std::string(context.name);
    });
    CHECK(env.render_string("{{ 7 | dang_hao }} {{ 8 | dang_hao('2024') }}", json("{}")) ==
          "WS·2025-7/dang_hao WS·2024-8/dang_hao");
    CHECK_THROWS_WITH(env.render_string("{{ 'x' | dang_hao }}", json("{}")),
                      "<string>:1:10: filter 'dang_hao': expected a whole number");
    // A filter that throws something unexpected still gets a location.
    env.add_filter("boom", [](const Var&, const std::vector<Var>&, const FilterContext&) -> Var {
        throw std::runtime_error("disk on fire");
    });
    CHECK_THROWS_WITH(env.render_string("{{ 1 | boom }}", json("{}")), "<string>:1:8: filter 'boom' failed: disk on fire");
    // Arity rules are checked at parse time.
    FilterDef fixed;
    fixed.function = [](const Var& input, const std::vector<Var>&, const FilterContext&) { return input; };
    fixed.min_args = fixed.max_args = 2;
    env.add_filter("two", fixed);
    CHECK_THROWS_WITH(env.parse_string("{{ 1 | two(1) }}"), "<string>:1:8: filter 'two' takes 2 arguments, found 1");
}
