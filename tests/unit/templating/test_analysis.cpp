// may_read_keys: whether a template can read given keys, decided from its tree (a book renders a
// record's template a second time only when it can print the record's place).
#include "helpers.hpp"

#include <catch2/catch.hpp>

#include "templating/analysis.hpp"

using namespace dangan::templating;

namespace {

const std::vector<std::string> place = {"first_page", "last_page", "page_range"};

/// may_read_keys for template text whose includes and imports come from tests/cases/templating-analysis.
bool reads_place(const std::string& source) {
    Environment env({std::string(DANGAN_TEST_DIR) + "/cases/templating-analysis"});
    return may_read_keys(*env.parse_string(source, "t.tpl"), place);
}

}  // namespace

TEST_CASE("analysis: a template that names no place key cannot read one") {
    CHECK_FALSE(reads_place("<p>{{ item.title }} {{ item.code | upper }}</p>"));
    CHECK_FALSE(reads_place("{% for r in record.rows if r.ok %}{{ loop.index }} {{ r['name'] }}{% endfor %}"));
    CHECK_FALSE(reads_place("{% if record.kind == '支部委员会' %}{{ record.date | date('chinese') }}{% endif %}"));
    CHECK_FALSE(reads_place("{{ record.people | map('name') | join('、') }} {{ record.x | default(record.y) }}"));
    CHECK_FALSE(reads_place("{% include 'plain.tpl' %}"));
    CHECK_FALSE(reads_place("{% macro t(x) %}{{ x.title }}{% endmacro %}{{ t(item) }}"));
    CHECK_FALSE(reads_place("{% for k in item %}{{ k }}{% endfor %}"));  // keys only
}

TEST_CASE("analysis: every way of naming a place key is found") {
    CHECK(reads_place("{{ item.first_page }}"));
    CHECK(reads_place("{% if item %}{{ item.page_range }}{% endif %}"));
    CHECK(reads_place("{{ item['last_page'] }}"));
    CHECK(reads_place("{{ items | map('item.first_page') | join(',') }}"));
    CHECK(reads_place("{{ items | sum('last_page') }}"));
    CHECK(reads_place("{% set first_page = 3 %}{{ first_page }}"));
    CHECK(reads_place("{% include 'place.tpl' %}"));
    // An imported template is judged whole: one of its macros reads first_page, though another is called.
    CHECK(reads_place("{% from 'macros.tpl' import title %}{{ title(item) }}"));
    CHECK(reads_place("{% macro m(x) %}{{ x.first_page }}{% endmacro %}<p/>"));
}

TEST_CASE("analysis: reads whose key is known only while rendering count as reads") {
    CHECK(reads_place("{% set k = 'first' ~ '_page' %}{{ item[k] }}"));
    CHECK(reads_place("{% for k, v in item %}{{ v }}{% endfor %}"));
    CHECK(reads_place("{{ items | map(record.key) | join(',') }}"));
    CHECK(reads_place("{% if item == record.other %}x{% endif %}"));
    CHECK(reads_place("{% if item in record.list %}x{% endif %}"));
}

TEST_CASE("analysis: an environment with an added filter assumes every key may be read") {
    Environment env({std::string(DANGAN_TEST_DIR) + "/cases/templating-analysis"});
    CHECK_FALSE(env.may_read_keys("plain.tpl", place));
    CHECK(env.may_read_keys("place.tpl", place));
    env.add_filter("page_of", [](const Poco::Dynamic::Var& v, const std::vector<Poco::Dynamic::Var>&, const FilterContext&) { return v; });
    CHECK(env.may_read_keys("plain.tpl", place));
}
