// Renderer: statements, expressions, escaping, missing values, runtime errors and limits.
#include "helpers.hpp"

#include <Poco/JSON/Object.h>

#include <catch2/catch.hpp>

using namespace dangan::templating;
using namespace dangan::templating::test;

TEST_CASE("renderer: output, paths and indexes") {
    const std::string data = R"({"meeting":{"title":"支委会","attendance":{"present":7},"items":["a","b","c"]},
                                 "rows":[{"n":1},{"n":2}]})";
    CHECK(render("{{ meeting.title }}/{{ meeting.attendance.present }}", data) == "支委会/7");
    CHECK(render("{{ meeting.items[0] }}{{ meeting.items[-1] }}{{ rows[1].n }}", data) == "ac2");
    CHECK(render("{{ meeting[\"title\"] }}", data) == "支委会");
    CHECK(render("{% set i = 1 %}{{ meeting.items[i] }}", data) == "b");
}

TEST_CASE("renderer: literals and arithmetic") {
    CHECK(render("{{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ 7 // 2 }} {{ 7 % 3 }} {{ -7 % 3 }}") == "7 9 3 1 2");
    CHECK(render("{{ 7 / 2 }} {{ 6 / 2 }} {{ 0.1 + 0.2 }} {{ 2.5 * 2 }} {{ -1.5 }}") == "3.5 3 0.30000000000000004 5 -1.5");
    CHECK(render("{{ 'a' ~ 1 ~ \"b\" ~ 2.5 ~ true }}") == "a1b2.5true");
    CHECK(render("{{ none }}|{{ true }}|{{ False }}") == "|true|false");
    CHECK(render("{% for x in [1, 'two', [3]] %}{{ x is number }} {% endfor %}") == "true false false ");
    CHECK(render("{{ ([1] + [2]) | join(',') }}") == "1,2");
    CHECK(render("{{ 'yes' if 1 < 2 else 'no' }} {{ 'yes' if 2 < 1 else 'no' }} [{{ 'x' if false }}]") == "yes no []");
}

TEST_CASE("renderer: comparisons, logic, in and tests") {
    CHECK(render("{{ 1 == 1.0 }} {{ 'a' != 'b' }} {{ 2 >= 3 }} {{ 'abc' < 'abd' }} {{ 1 == '1' }}") ==
          "true true false true false");
    CHECK(render("{{ 2 in [1, 2] }} {{ 'b' in 'abc' }} {{ 'k' in o }} {{ 'z' not in o }}", R"({"o":{"k":1}})") ==
          "true true true true");
    CHECK(render("{{ not true }} {{ true and false }} {{ false or true }} {{ not (1 > 2) }}") ==
          "false false true true");
    CHECK(render("{{ x is defined }} {{ y is not defined }} {{ e is empty }} {{ z is empty }} {{ n is none }}",
                 R"({"x":1,"e":"","n":null})") == "true true true true true");
    CHECK(render("{{ 4 is even }} {{ 3 is odd }} {{ 'a' is string }} {{ [] is not empty }}") == "true true true false");
}

TEST_CASE("renderer: if, elif, else") {
    std::string tpl = "{% if n > 2 %}big{% elif n > 0 %}small{% else %}none{% endif %}";
    CHECK(render(tpl, R"({"n":3})") == "big");
    CHECK(render(tpl, R"({"n":1})") == "small");
    CHECK(render(tpl, R"({"n":0})") == "none");
}

TEST_CASE("renderer: for loops, loop variables and else") {
    const std::string data = R"({"xs":["a","b","c"],"empty":[],"o":{"k1":"v1","k2":"v2"}})";
    CHECK(render("{% for x in xs %}{{ loop.index }}{{ loop.index0 }}{{ x }}{{ loop.length }}"
                 "{% if loop.first %}F{% endif %}{% if loop.last %}L{% endif %};{% endfor %}",
                 data) == "10a3F;21b3;32c3L;");
    CHECK(render("{% for x in empty %}x{% else %}nothing{% endfor %}", data) == "nothing");
    CHECK(render("{% for k, v in o %}{{ k }}={{ v }} {% endfor %}", data) == "k1=v1 k2=v2 ");
    CHECK(render("{% for k in o %}{{ k }} {% endfor %}", data) == "k1 k2 ");
    CHECK(render("{% for i in range(3) %}{{ i }}{% endfor %}|{% for i in range(1, 7, 2) %}{{ i }}{% endfor %}"
                 "|{% for i in range(3, 0, -1) %}{{ i }}{% endfor %}") == "012|135|321");
    // `if` in a for skips items; loop.length and loop.last count only the rounds that run.
    CHECK(render("{% for p in ps if p.full %}{{ p.n }}{{ loop.index }}/{{ loop.length }}{% if loop.last %}.{% endif %} "
                 "{% endfor %}",
                 R"({"ps":[{"n":"a","full":true},{"n":"b"},{"n":"c","full":true}]})") == "a1/2 c2/2. ");
    CHECK(render("{% for p in ps if p > 5 %}x{% else %}none{% endfor %}", R"({"ps":[1,2]})") == "none");
    CHECK(render("{% for k, v in o if v > 1 %}{{ k }}{% endfor %}", R"({"o":{"a":1,"b":2}})") == "b");
    // Nested loops: loop is the innermost one; outer values are kept with set.
    CHECK(render("{% for r in [1,2] %}{% set row = loop.index %}{% for c in ['a','b'] %}{{ row }}{{ c }}{{ loop.index }} "
                 "{% endfor %}{% endfor %}") == "1a1 1b2 2a1 2b2 ");
}

TEST_CASE("renderer: set is scoped to the loop round") {
    CHECK(render("{% set x = 1 %}{% for i in [1,2] %}{{ x }}{% set x = x + 10 %}{{ x }} {% endfor %}{{ x }}") ==
          "111 111 1");
    CHECK(render("{% set x = 1 %}{% set x = x + 1 %}{{ x }}") == "2");
}

TEST_CASE("renderer: output is XML-escaped unless raw") {
    const std::string data = R"({"s":"<a href=\"x\">Tom & Jerry's</a>"})";
    CHECK(render("{{ s }}", data) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;");
    CHECK(render("{{ s | raw }}", data) == "<a href=\"x\">Tom & Jerry's</a>");
    CHECK(render("<p>{{ '&' }}</p>") == "<p>&amp;</p>");
    CHECK(render("literal <b>&amp;</b>") == "literal <b>&amp;</b>");  // template text is markup already
    // Tag signs as text: print them as strings.
    CHECK(render("{{ \"{{\" }} x {{ '}}' }} {{ '{%' }}") == "{{ x }} {%");
}

TEST_CASE("renderer: macros") {
    std::string tpl = "{% macro cell(text, width=10) %}<cell w=\"{{ width }}\">{{ text }}</cell>{% endmacro %}"
                      "{{ cell('a&b') }}{{ cell(name, 20) }}";
    CHECK(render(tpl, R"({"name":"张三"})") == "<cell w=\"10\">a&amp;b</cell><cell w=\"20\">张三</cell>");
    // Macros see their arguments and the data, not the caller's variables.
    CHECK(error_of("{% macro m() %}{{ local }}{% endmacro %}{% set local = 1 %}{{ m() }}") ==
          "t.tpl:1:19: unknown variable 'local'");
    CHECK(render("{% macro m() %}{{ g }}{% endmacro %}{{ m() }}", R"({"g":"data"})") == "data");
    CHECK(error_of("{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}") ==
          "t.tpl:1:20: macros call each other more than 64 levels deep; a macro probably calls itself without end");
}

TEST_CASE("renderer: missing values are errors in output, false in conditions") {
    const std::string data = R"({"meeting":{"title":"T","chair":null,"items":[1,2,3]}})";
    CHECK(error_of("{{ meting.title }}", data) == "t.tpl:1:4: unknown variable 'meting'; did you mean 'meeting'?");
    CHECK(error_of("\n  {{ meeting.titel }}", data) ==
          "t.tpl:2:14: unknown key 'titel' in 'meeting'; did you mean 'title'?");
    CHECK(error_of("{{ meeting.chair.name }}", data) ==
          "t.tpl:1:18: 'meeting.chair' is empty (none), so it has no key 'name'");
    CHECK(error_of("{{ meeting.items[5] }}", data) == "t.tpl:1:18: index 5 is out of range for 'meeting.items' (3 items)");
    CHECK(error_of("{{ x | upper }}", data) == "t.tpl:1:4: unknown variable 'x'");
    CHECK(error_of("{{ meeting.title | replace(meeting.nope, 'b') }}", data) ==
          "t.tpl:1:36: unknown key 'nope' in 'meeting'");
    CHECK(error_of("{% if meeting.kind == 'x' %}{% endif %}", data) == "t.tpl:1:15: unknown key 'kind' in 'meeting'");
    CHECK(error_of("{% set y = nothing %}", data) == "t.tpl:1:12: unknown variable 'nothing'");
    // Allowed: conditions, is defined, is empty, default.
    CHECK(render("{% if meeting.notes %}n{% else %}-{% endif %}", data) == "-");
    CHECK(render("{% if not meeting.notes and meeting.title %}ok{% endif %}", data) == "ok");
    CHECK(render("{% if meeting.chair.name %}x{% else %}none{% endif %}", data) == "none");
    CHECK(render("{% if missing.deep.path %}x{% endif %}{{ missing.deep is defined }}", data) == "false");
    CHECK(render("{{ meeting.notes | default('—') }} {{ meeting.chair | default('无') }}", data) == "— 无");
    CHECK(render("{{ meeting.items[9] is defined }} {{ meeting.notes is empty }}", data) == "false true");
    CHECK(render("{% for x in meeting.notes | default([]) %}x{% else %}none{% endfor %}", data) == "none");
}

TEST_CASE("renderer: runtime type errors carry locations") {
    const std::string data = R"({"n":3,"s":"text","xs":[1,2],"o":{"a":1},"z":null})";
    CHECK(error_of("{% for x in n %}{% endfor %}", data) ==
          "t.tpl:1:13: cannot loop over a whole number ('n'); expected a list or an object");
    CHECK(error_of("{% for x in z %}{% endfor %}", data) ==
          "t.tpl:1:13: cannot loop over nothing (none) in 'z'; write 'z | default([])' if it may be empty");
    CHECK(error_of("{% for k, v in xs %}{% endfor %}", data) ==
          "t.tpl:1:16: 'for k, v in …' needs an object, but 'xs' is a list; write 'for v in …'");
    CHECK(error_of("{{ n / 0 }}", data) == "t.tpl:1:6: division by zero");
    CHECK(error_of("{{ n % 0 }}", data) == "t.tpl:1:6: division by zero");
    CHECK(error_of("{{ s + 1 }}", data) == "t.tpl:1:6: cannot use '+' on text and a whole number; use '~' to join text");
    CHECK(error_of("{{ s < 1 }}", data) == "t.tpl:1:6: cannot compare text with a whole number");
    CHECK(error_of("{{ xs }}", data) ==
          "t.tpl:1:4: cannot write a list as text; go through it with a for loop or use '| join'");
    CHECK(error_of("{{ o }}", data) == "t.tpl:1:4: cannot write an object as text; write one of its keys, e.g. 'x.name'");
    CHECK(error_of("{{ n | upper }}", data) == "t.tpl:1:8: filter 'upper': expected text, found a whole number");
    CHECK(error_of("{{ n.x }}", data) == "t.tpl:1:6: cannot read key 'x' of a whole number ('n')");
    CHECK(error_of("{{ xs.length }}", data) ==
          "t.tpl:1:7: cannot read key 'length' of a list ('xs'); write 'xs | length'");
    CHECK(error_of("{{ xs['a'] }}", data) == "t.tpl:1:7: a list index must be a whole number, found text");
    CHECK(error_of("{{ -s }}", data) == "t.tpl:1:4: cannot use '-' on text");
    CHECK(error_of("{{ 3 is even }}{{ s is odd }}", data) ==
          "t.tpl:1:19: the value tested for even/odd must be a whole number, found text");
    CHECK(error_of("{{ 9223372036854775807 + 1 }}", data) == "t.tpl:1:24: the result is too large");
    CHECK(error_of("{{ 1 in n }}", data) == "t.tpl:1:6: 'in' needs a list, text or an object on the right, found a whole number");
    CHECK(error_of("{{ loop.index }}") == "t.tpl:1:4: 'loop' is only available inside a for loop");
    CHECK(error_of("{{ range(1, 5, 0) }}") == "t.tpl:1:4: range: the step must not be 0");
}

TEST_CASE("renderer: loop and output limits") {
    Environment env({});
    RenderLimits limits;
    limits.max_loop_iterations = 10;
    env.set_limits(limits);
    CHECK(env.render_string("{% for i in range(10) %}.{% endfor %}", json("{}")) == "..........");
    CHECK_THROWS_WITH(env.render_string("{% for i in range(5) %}{% for j in range(3) %}{% endfor %}{% endfor %}", json("{}")),
                      "<string>:1:24: more than 10 loop iterations; a loop probably runs away (the limit is "
                      "max_loop_iterations)");
    CHECK_THROWS_WITH(env.render_string("{{ range(11) | length }}", json("{}")),
                      "<string>:1:4: range would have 11 numbers, more than the limit of 10 loop iterations");
    limits.max_loop_iterations = 1000;
    limits.max_output_bytes = 100;
    env.set_limits(limits);
    CHECK_THROWS_WITH(env.render_string("{% for i in range(200) %}ab{% endfor %}", json("{}")),
                      "<string>:1:26: the output is larger than the limit of 100 bytes; a loop probably runs away");
    // A `set` in a loop lasts one round, so doubling text needs seven statements: 2^7 = 128 > 100.
    std::string doubling = "{% set s = 'x' %}\n";
    for (int i = 0; i < 7; ++i) doubling += "{% set s = s ~ s %}\n";
    CHECK_THROWS_WITH(env.render_string(doubling, json("{}")),
                      "<string>:8:14: the text is larger than the limit of 100 bytes");
}

TEST_CASE("renderer: data may be Poco containers built in code") {
    Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
    object->set("name", "王五");
    Poco::Dynamic::Struct<std::string> record;
    record["age"] = 30;
    object->set("record", record);
    object->set("list", Poco::Dynamic::Array{Poco::Dynamic::Var(1), Poco::Dynamic::Var("二")});
    Environment env({});
    CHECK(env.render_string("{{ name }} {{ record.age }} {{ list | join('/') }} {{ list | length }}", object) ==
          "王五 30 1/二 2");
    // No data at all: only literals work.
    CHECK(env.render_string("{{ 1 }}{% if x %}x{% endif %}", Poco::Dynamic::Var()) == "1");
}
