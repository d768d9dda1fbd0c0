#include "catalog/stroke_order.hpp"

#include "core/unicode_text.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace dangan::catalog;

namespace {
std::vector<std::string> sorted(std::vector<std::string> names) {
    sort_by_strokes(names);
    return names;
}
}  // namespace

TEST_CASE("the shipped stroke table is well formed") {
    const auto& table = stroke_table();
    REQUIRE(table.size() >= 150);
    std::set<char32_t> seen;
    for (const auto& entry : table) {
        CHECK(seen.insert(entry.character).second);
        CHECK(entry.sequence.find_first_not_of("12345") == std::string::npos);
        CHECK(entry.count() >= 1);
    }
    // 规范 counts, not ICU's traditional ones (text-and-pdf.md §3): 阝 is 2 strokes, 黄 11.
    CHECK(stroke_info(U'邓')->count() == 4);
    CHECK(stroke_info(U'阳')->count() == 6);
    CHECK(stroke_info(U'那')->count() == 6);
    CHECK(stroke_info(U'陈')->count() == 7);
    CHECK(stroke_info(U'陆')->count() == 7);
    CHECK(stroke_info(U'邱')->count() == 7);
    CHECK(stroke_info(U'邹')->count() == 7);
    CHECK(stroke_info(U'郑')->count() == 8);
    CHECK(stroke_info(U'黄')->count() == 11);
    CHECK(stroke_info(U'谷')->count() == 7);
    CHECK(stroke_info(U'苏')->count() == 7);   // 艹 is 3 strokes (ICU: 8)
    CHECK(stroke_info(U'连')->count() == 7);   // 辶 is 3 strokes (ICU: 8)
    CHECK(stroke_info(U'鑫') == nullptr);
}

TEST_CASE("equal stroke counts are ordered by the first stroke 横竖撇点折, where ICU uses radicals") {
    // 4 strokes: ICU zh@collation=stroke gives 孔 方 毛 王.
    CHECK(sorted({"孔", "方", "毛", "王"}) == std::vector<std::string>{"王", "毛", "方", "孔"});
    // 2 strokes: ICU gives 丁 刁 卜.
    CHECK(sorted({"丁", "刁", "卜"}) == std::vector<std::string>{"丁", "卜", "刁"});
}

TEST_CASE("the sample names of text-and-pdf.md §3 in 姓氏笔画 order") {
    const std::vector<std::string> names{"陈静", "丁一", "李娜", "刘洋", "马丽", "欧阳明", "王芳", "乙二", "张伟", "赵磊"};
    // ICU: 乙二 丁一 马丽 王芳 刘洋 张伟 李娜 欧阳明 陈静 赵磊 (陈 counted 8, 李 after 张 by radical).
    CHECK(sorted(names) ==
          std::vector<std::string>{"乙二", "丁一", "马丽", "王芳", "刘洋", "李娜", "张伟", "陈静", "欧阳明", "赵磊"});
}

TEST_CASE("the next strokes decide when the first is the same, then the given name") {
    // 7 strokes, first stroke 折: 张 5153154 < 陈 5215234 < 陆 5211252? no: 陆 5211… < 陈 5215…
    CHECK(stroke_less("张", "陆"));
    CHECK(stroke_less("陆", "陈"));
    CHECK_FALSE(stroke_less("陈", "陆"));
    // Same surname: the given name by the same rule (静 14 strokes after 明 8).
    CHECK(stroke_less("陈明", "陈静"));
    // A surname alone comes before the same surname with a given name.
    CHECK(stroke_less("王", "王芳"));
    CHECK_FALSE(stroke_less("王芳", "王芳"));
    // The election sample's candidates.
    CHECK(sorted({"王建华", "李秀梅", "张志强", "陈静", "刘海涛", "赵明"}) ==
          std::vector<std::string>{"王建华", "刘海涛", "李秀梅", "张志强", "陈静", "赵明"});
}

TEST_CASE("characters missing from the table sort after known ones and are reported") {
    CHECK(stroke_less("王芳", "鑫芳"));      // 鑫 unknown: after any known surname
    CHECK(stroke_less("魏明", "鑫明"));      // even a 17-stroke one
    CHECK(stroke_less("鑫明", "鑫鑫"));
    CHECK(unknown_stroke_characters("鑫王鑫") == std::vector<std::string>{"鑫"});
    CHECK(unknown_stroke_characters("王芳").empty());
    CHECK(unknown_stroke_characters("Anna·王").empty());
    // Invalid UTF-8 does not throw and still gives an order.
    CHECK_NOTHROW(stroke_less("\xff\xfe", "王"));
}
