// Environment: finding files, includes, the cache, file problems, threads and speed.
#include "helpers.hpp"

#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"

#include <filesystem>
#include <fstream>
#include <future>
#include <random>

#include <time.h>

using namespace dangan::templating;
using namespace dangan::templating::test;
namespace fs = std::filesystem;

using dangan::testing::TempDir;

namespace {

/// A fresh folder under the system temp dir, removed at the end of the test.
std::string load_error(Environment& env, const std::string& name) {
    try {
        env.load(name);
        return "no error";
    } catch (const TemplateError& error) {
        return error.what();
    }
}

}  // namespace

TEST_CASE("environment: names are checked before any file is opened") {
    CHECK(normalize_template_name("a/./b.tpl") == "a/b.tpl");
    CHECK(normalize_template_name("a/../b.tpl") == "b.tpl");
    CHECK_THROWS_WITH(normalize_template_name(""), "the template name is empty");
    CHECK_THROWS_WITH(normalize_template_name("/etc/passwd"),
                      "the template name '/etc/passwd' is an absolute path; write it relative to the template folder");
    CHECK_THROWS_WITH(normalize_template_name("a/../../x.tpl"),
                      "the template name 'a/../../x.tpl' points outside the template folder");
    CHECK_THROWS_WITH(normalize_template_name("a\\b.tpl"), "write '/' instead of '\\' in the template name 'a\\b.tpl'");
    CHECK_THROWS_WITH(normalize_template_name("a/"), "the template name 'a/' names a folder, not a file");
}

TEST_CASE("environment: render_file, includes and the search path order") {
    TempDir first, second;
    first.write("main.tpl", "<doc>\n  {% include \"partials/head.tpl\" %}\n</doc>\n");
    first.write("partials/head.tpl", "<head>{{ title }}</head>\n");
    second.write("partials/head.tpl", "never used\n");
    second.write("other.tpl", "from second {% include \"partials/head.tpl\" %}");
    Environment env({first.path, second.path});
    CHECK(env.render_file("main.tpl", json(R"({"title":"T"})")) == "<doc>\n<head>T</head>\n</doc>\n");
    CHECK(env.render_file("other.tpl", json(R"({"title":"U"})")) == "from second <head>U</head>\n");
}

TEST_CASE("environment: included templates see the variables in scope") {
    TempDir dir{"tpl"};
    dir.write("row.tpl", "{{ loop.index }}.{{ item }}{% set hidden = 1 %};");
    dir.write("main.tpl", "{% for item in xs %}{% include \"row.tpl\" %}{% endfor %}{{ hidden is defined }}");
    Environment env({dir.path});
    CHECK(env.render_file("main.tpl", json(R"({"xs":["a","b"]})")) == "1.a;2.b;false");
}

TEST_CASE("environment: errors inside included templates name both places") {
    TempDir dir{"tpl"};
    dir.write("a.tpl", "line\n  {% include \"b.tpl\" %}");
    dir.write("b.tpl", "{% include \"c.tpl\" %}");
    dir.write("c.tpl", "\n{{ x | uper }}");
    dir.write("d.tpl", "x{% include \"e.tpl\" %}");
    dir.write("e.tpl", "{{ nope }}");
    Environment env({dir.path});
    CHECK(load_error(env, "a.tpl") ==
          "c.tpl:2:8: unknown filter 'uper'; did you mean 'upper'? (included from b.tpl:1:1, which is included from a.tpl:2:3)");
    CHECK_THROWS_WITH(env.render_file("d.tpl", json(R"({"nope2":1})")),
                      "e.tpl:1:4: unknown variable 'nope'; did you mean 'nope2'? (included from d.tpl:1:2)");
}

TEST_CASE("environment: macros imported from another template") {
    TempDir dir{"tpl"};
    dir.write("partials/rows.tpl", "{% macro row(no, name) -%}\n<row><cell>{{ no }}</cell><cell>{{ name | upper }}</cell></row>\n"
                                   "{%- endmacro %}\n{% macro cell(x) %}<cell>{{ x }}</cell>{% endmacro %}\n");
    dir.write("main.tpl", "{% from \"partials/rows.tpl\" import row, cell %}\n{% for p in people %}\n{{ row(loop.index, p) }}\n"
                          "{% endfor %}\n{{ cell('&') }}");
    dir.write("typo.tpl", "{% from \"partials/rows.tpl\" import rwo %}");
    dir.write("twice.tpl", "{% from \"partials/rows.tpl\" import row %}{% macro row() %}{% endmacro %}");
    dir.write("bad.tpl", "x\n  {{ row(1, 2) }}{% from \"partials/rows.tpl\" import row %}");
    dir.write("call.tpl", "{{ cel(1) }}{% from \"partials/rows.tpl\" import cell %}");
    Environment env({dir.path});
    CHECK(env.render_file("main.tpl", json(R"({"people":["a","b"]})")) ==
          "<row><cell>1</cell><cell>A</cell></row>\n<row><cell>2</cell><cell>B</cell></row>\n<cell>&amp;</cell>");
    CHECK(load_error(env, "typo.tpl") ==
          "typo.tpl:1:36: the template 'partials/rows.tpl' has no macro 'rwo'; did you mean 'row'?");
    CHECK(load_error(env, "twice.tpl") == "twice.tpl:1:51: the macro 'row' is already imported from 'partials/rows.tpl'");
    CHECK(load_error(env, "call.tpl") == "call.tpl:1:4: unknown function 'cel'; did you mean 'cell'?");
    // An error inside an imported macro points into its template and names the call.
    CHECK_THROWS_WITH(env.render_file("bad.tpl", json("{}")),
                      "partials/rows.tpl:2:43: filter 'upper': expected text, found a whole number (called from bad.tpl:2:6)");
}

TEST_CASE("environment: include cycles, depth and bad include names") {
    TempDir dir{"tpl"};
    dir.write("a.tpl", "{% include \"b.tpl\" %}");
    dir.write("b.tpl", "\n{% include \"a.tpl\" %}");
    dir.write("self.tpl", "{% include \"self.tpl\" %}");
    dir.write("abs.tpl", "{% include \"/etc/passwd\" %}");
    dir.write("up.tpl", "{% include \"../x.tpl\" %}");
    dir.write("missing.tpl", "{% include \"partials/nothere.tpl\" %}");
    for (int i = 0; i < 20; ++i) dir.write("deep" + std::to_string(i) + ".tpl", "{% include \"deep" + std::to_string(i + 1) + ".tpl\" %}");
    dir.write("deep20.tpl", "bottom");
    Environment env({dir.path});
    CHECK(load_error(env, "a.tpl") == "b.tpl:2:12: include cycle: a.tpl → b.tpl → a.tpl (included from a.tpl:1:1)");
    CHECK(load_error(env, "self.tpl") == "self.tpl:1:12: include cycle: self.tpl → self.tpl");
    CHECK(load_error(env, "abs.tpl") ==
          "abs.tpl:1:12: the template name '/etc/passwd' is an absolute path; write it relative to the template folder");
    CHECK(load_error(env, "up.tpl") == "up.tpl:1:12: the template name '../x.tpl' points outside the template folder");
    CHECK(load_error(env, "missing.tpl") ==
          "missing.tpl:1:12: cannot find the template 'partials/nothere.tpl' in " + dir.path.string());
    CHECK(load_error(env, "deep0.tpl").starts_with("deep15.tpl:1:12: includes are nested more than 16 deep: deep0.tpl → "));
    env.set_max_include_depth(32);
    CHECK(env.render_file("deep0.tpl", json("{}")) == "bottom");
}

TEST_CASE("environment: file problems") {
    TempDir dir, outside;
    dir.write("gbk.tpl", std::string("\xB5\xB3\xD6\xA7\xB2\xBF\xBB\xE1\xD2\xE9\xBC\xC7\xC2\xBC"));  // 党支部会议记录 in GBK
    dir.write("bom.tpl", "\xEF\xBB\xBFok");
    dir.write("crlf.tpl", "{% if true %}\r\nline\r\n{% endif %}\r\n{{ x }}");
    outside.write("secret.tpl", "secret");
    fs::create_symlink(outside.path / "secret.tpl", dir.path / "link.tpl");
    Environment env({dir.path});
    CHECK(load_error(env, "nothere.tpl") == "nothere.tpl: cannot find the template 'nothere.tpl' in " + dir.path.string());
    CHECK(load_error(env, "gbk.tpl").starts_with("gbk.tpl: the template 'gbk.tpl' is not UTF-8 (invalid byte at 1:1; it looks like "));
    CHECK(env.render_file("bom.tpl", json("{}")) == "ok");
    // CRLF files behave like LF files; lines are counted the same way.
    CHECK(env.render_file("crlf.tpl", json(R"({"x":1})")) == "line\n1");
    CHECK_THROWS_WITH(env.render_file("crlf.tpl", json("{}")), "crlf.tpl:4:4: unknown variable 'x'");
    CHECK(load_error(env, "link.tpl") == "link.tpl: the template 'link.tpl' is a link that points outside the template folder");
    Environment nowhere({});
    CHECK(load_error(nowhere, "x.tpl") == "x.tpl: cannot find the template 'x.tpl' in an empty search path");
}

TEST_CASE("environment: templates are cached until the cache is cleared") {
    TempDir dir{"tpl"};
    dir.write("t.tpl", "one");
    Environment env({dir.path});
    auto first = env.load("t.tpl");
    CHECK(env.load("./t.tpl") == first);  // same normal name, same parse
    dir.write("t.tpl", "two");
    CHECK(env.render_file("t.tpl", json("{}")) == "one");
    env.clear_cache();
    CHECK(env.render_file("t.tpl", json("{}")) == "two");
    // Adding a filter invalidates templates that were parsed without it.
    dir.write("f.tpl", "{{ 1 | twice }}");
    CHECK(load_error(env, "f.tpl") == "f.tpl:1:8: unknown filter 'twice'");
    env.add_filter("twice", [](const Var& in, const std::vector<Var>&, const FilterContext&) -> Var {
        return to_text(in) + to_text(in);
    });
    CHECK(env.render_file("f.tpl", json("{}")) == "11");
}

TEST_CASE("environment: whitespace options") {
    Environment env({});
    CHECK(env.render_string("<a>\n  {% if true %}\n  <b/>\n  {% endif %}\n</a>", json("{}")) == "<a>\n  <b/>\n</a>");
    env.set_lexer_config({false, false});
    CHECK(env.render_string("<a>\n  {% if true %}\n  <b/>\n  {% endif %}\n</a>", json("{}")) ==
          "<a>\n  \n  <b/>\n  \n</a>");
}

namespace {

const std::string person_macro =
    "{% macro person(p) %}<person role=\"{{ p.role }}\">{{ p.name }}</person>{% endmacro %}\n";

/// The body of a ledger-like template of about 150 lines: loops, conditions, filters, macro calls.
std::string meeting_template() {
    std::string tpl = "<meeting number=\"{{ meeting.number | pad(3) }}\">\n"
                      "  <title>{{ meeting.title }}</title>\n"
                      "  <date>{{ meeting.date | date }}</date>\n"
                      "  <date-cn>{{ meeting.date | date('chinese') }}</date-cn>\n"
                      "  <ordinal>{{ meeting.number | ordinal }}</ordinal>\n"
                      "  <attendance present=\"{{ meeting.present | length }}\" absent=\"{{ meeting.absent | length }}\"/>\n"
                      "  {% for p in meeting.present %}\n"
                      "  {{ person(p) }}{% if not loop.last %}、{% endif %}\n"
                      "  {% endfor %}\n"
                      "  {% for a in meeting.absent %}\n"
                      "  <absent reason=\"{{ a.reason | default('—') }}\">{{ a.name }}</absent>\n"
                      "  {% else %}\n"
                      "  <absent>无</absent>\n"
                      "  {% endfor %}\n";
    for (int i = 0; i < 20; ++i) {
        tpl += "  {% if meeting.topics[" + std::to_string(i % 3) + "] is defined %}\n"
               "  <topic n=\"{{ loop_guard | default(" + std::to_string(i) + ") }}\">{{ meeting.topics[" +
               std::to_string(i % 3) + "].text | trim }}</topic>\n"
               "  {% endif %}\n"
               "  <p>{{ meeting.notes | default('') }} {{ meeting.title ~ '-' ~ " + std::to_string(i) + " }}</p>\n"
               "  {% for t in meeting.topics %}<t i=\"{{ loop.index }}\">{{ t.text }}</t>{% endfor %}\n"
               "  {% if meeting.recorder %}<recorder>{{ meeting.recorder }}</recorder>{% endif %}\n";
    }
    tpl += "</meeting>\n";
    return tpl;
}

Poco::Dynamic::Var meeting_data(int count) {
    std::string text = R"({"meetings":[)";
    for (int i = 0; i < count; ++i) {
        if (i) text += ",";
        text += R"({"number":)" + std::to_string(i + 1) + R"(,"title":"支部委员会会议 & 学习","date":"2025-03-)" +
                (i % 28 < 9 ? "0" : "") + std::to_string(i % 28 + 1) +
                R"(","present":[{"name":"张三","role":"书记"},{"name":"李四","role":"委员"},{"name":"王五","role":"委员"}],)"
                R"("absent":[{"name":"赵六","reason":"病假"}],"topics":[{"text":" 学习 "},{"text":"评议"}],"recorder":"李四"})";
    }
    return json(text + "]}");
}

}  // namespace

TEST_CASE("environment: 1000 meeting records render completely") {
    // Speed is measured by bench/ (it prints figures); this checks that a large render is complete.
    Environment env({});
    auto tpl = env.parse_string(person_macro + "{% for meeting in meetings %}" + meeting_template() + "{% endfor %}", "ledger.tpl");
    Poco::Dynamic::Var data = meeting_data(1000);
    const std::string out = env.render(*tpl, data);
    CHECK(out.find("<title>支部委员会会议 &amp; 学习</title>") != std::string::npos);
    CHECK(out.find("<date-cn>二〇二五年三月一日</date-cn>") != std::string::npos);
    CHECK(out.find("<person role=\"书记\">张三</person>、") != std::string::npos);
    size_t titles = 0;
    for (size_t at = out.find("<title>"); at != std::string::npos; at = out.find("<title>", at + 1)) ++titles;
    CHECK(titles == 1000);
}

TEST_CASE("environment: concurrent renders of one template give the same output") {
    Environment env({});
    auto tpl = env.parse_string(person_macro + meeting_template(), "meeting.tpl");
    Poco::Dynamic::Var data = meeting_data(1);
    Poco::Dynamic::Var one = data.extract<Poco::JSON::Object::Ptr>()->getArray("meetings")->get(0);
    Poco::JSON::Object::Ptr wrapped = new Poco::JSON::Object;
    wrapped->set("meeting", one);
    std::string expected = env.render(*tpl, wrapped);
    auto work = [&] {
        bool same = true;
        for (int i = 0; i < 200; ++i) same = same && env.render_string(person_macro + meeting_template(), wrapped, "m.tpl") == expected;
        return same;
    };
    auto a = std::async(std::launch::async, work);
    auto b = std::async(std::launch::async, work);
    CHECK(a.get());
    CHECK(b.get());
}
