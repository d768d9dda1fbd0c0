// The template mistakes a secretary editing a template makes most, in Chinese (the default language; the
// rest of this program pins the English texts).
#include "helpers.hpp"

#include <catch2/catch.hpp>

#include "support/language_scope.hpp"

namespace {

std::string zh_error_of(const std::string& source, const std::string& data = "{}") {
    dangan::testing::LanguageScope chinese(dangan::core::Language::zh);
    return dangan::templating::test::error_of(source, data);
}

}  // namespace

TEST_CASE("template mistakes are explained in Chinese") {
    const std::string data = R"({"record": {"date": "2025-03-12"}})";
    CHECK(zh_error_of("{{ recrod.date }}", data) == "t.tpl:1:4: 没有名为“recrod”的数据；是不是“record”？");
    CHECK(zh_error_of("{{ record.dat }}", data) == "t.tpl:1:11: “record”里没有“dat”；是不是“date”？");
    CHECK(zh_error_of("{{ record.date | dat }}", data) == "t.tpl:1:18: 不认识的过滤器“dat”；是不是“date”？");
    CHECK(zh_error_of("{% for x in %}{% endfor %}") == "t.tpl:1:13: 这里应为一个值（数据名、文字或数字），实际是 '%}'");
    CHECK(zh_error_of("{% if 1 %}正文") == "t.tpl:1:13: 第 1:1 处的 '{% if %}' 没有闭合：到文件结尾也没有 '{% endif %}'");
    CHECK(zh_error_of("{% endfor %}") == "t.tpl:1:1: 多余的 '{% endfor %}'：前面没有未闭合的 '{% for %}'");
    CHECK(zh_error_of("{% fro x in y %}{% endfor %}") == "t.tpl:1:4: 不认识的语句“fro”；是不是“for”？");
    CHECK(zh_error_of("{% if a = 1 %}{% endif %}") == "t.tpl:1:9: 这里不能用“=”：比较相等请写“==”");
    CHECK(zh_error_of("{{ record.date ").find("处的 '{{' 应在这里用 '}}' 闭合，实际是 文件结尾") != std::string::npos);
    // "{{ record.date </p>" reads on into the markup: the missing '}}' is named, in Chinese too.
    CHECK(zh_error_of("<p>{{ record.date </p>", data) == "t.tpl:1:20: 第 1:4 处的 '{{' 应在这里用 '}}' 闭合，实际是 '/'");
    // Writing a list or looping over text: what the data is, in Chinese words.
    const std::string meeting = R"({"record": {"agenda": ["一", "二"], "place": "三楼会议室"}})";
    CHECK(zh_error_of("{{ record.agenda }}", meeting) ==
          "t.tpl:1:4: 列表不能直接写出：用 {% for … %} 逐项写出，或用“| join('、')”连起来");
    CHECK(zh_error_of("{% for x in record.place %}{{ x }}{% endfor %}", meeting) ==
          "t.tpl:1:13: “record.place”是文字，不能逐项循环：应为列表或对象");
    CHECK(zh_error_of("{{ record.agenda.size }}", meeting) ==
          "t.tpl:1:18: “record.agenda”是列表，没有“size”这一项；请写“record.agenda | length”");
}
