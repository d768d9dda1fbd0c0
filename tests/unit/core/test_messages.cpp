// Chinese by default, English with --lang en (core/messages), for the core's own messages.
#include "core/atomic_write.hpp"
#include "core/date.hpp"
#include "core/messages.hpp"
#include "support/language_scope.hpp"

#include <catch2/catch.hpp>

using namespace dangan;

TEST_CASE("--lang values are zh or en; anything else is refused") {
    core::Language language = core::Language::zh;
    CHECK(core::parse_language("en", language));
    CHECK(language == core::Language::en);
    CHECK(core::parse_language("zh", language));
    CHECK(language == core::Language::zh);
    CHECK_FALSE(core::parse_language("fr", language));
    CHECK_FALSE(core::parse_language("", language));
}

TEST_CASE("date errors in Chinese name the date as written and what is wrong with it") {
    const testing::LanguageScope chinese(core::Language::zh);
    CHECK_THROWS_WITH(core::parse_date("2025-02-30"), "“2025-02-30”不是真实存在的日期：2025年2月只有28天");
    CHECK_THROWS_WITH(core::parse_date("明天"), "“明天”不是日期；应写成 2025-03-15 或 2025年3月15日 这样的形式");
    CHECK_THROWS_WITH(core::parse_date("3月12日"), "“3月12日”没有写年份，上下文也看不出是哪一年；请写上年份，如 2025年3月15日");
    // With the year the file states, the same text is a date.
    CHECK(core::parse_date("3月12日", 2025).iso() == "2025-03-12");
}

TEST_CASE("the advice for full-width signs covers only the signs that stand for JSON syntax") {
    const testing::LanguageScope chinese(core::Language::zh);
    CHECK(core::full_width_sign_advice("”", 0).find("中文引号”") != std::string::npos);
    CHECK(core::full_width_sign_advice("a、b", 1).find("顿号、，JSON 只认半角的 ,") != std::string::npos);
    CHECK(core::full_width_sign_advice("会", 0).empty());
    CHECK(core::full_width_sign_advice("x", 0).empty());
    const testing::LanguageScope english(core::Language::en);
    CHECK(core::full_width_sign_advice("：", 0) ==
          "found a Chinese colon ：; JSON needs the ASCII sign : here (switch the input method to English punctuation and retype it)");
}

TEST_CASE("file errors in Chinese") {
    const testing::LanguageScope chinese(core::Language::zh);
    CHECK_THROWS_WITH(core::read_file("/nonexistent/dangan.json"), "/nonexistent/dangan.json: 错误：无法打开文件：No such file or directory");
}
