#include "helpers.hpp"

#include <catch2/catch.hpp>

using namespace dangan::templating::test;

TEST_CASE("smoke: variables, loops and filters") {
    CHECK(render("Hello {{ name }}!", R"({"name":"党支部"})") == "Hello 党支部!");
    CHECK(render("{% for x in xs %}{{ loop.index }}:{{ x }} {% endfor %}", R"({"xs":[1,2,3]})") == "1:1 2:2 3:3 ");
    CHECK(error_of("{{ meting }}", R"({"meeting":1})") == "t.tpl:1:4: unknown variable 'meting'; did you mean 'meeting'?");
}
