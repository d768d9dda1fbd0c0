// 姓氏笔画 order for candidate lists and 名单, as the mainland election rules use it: fewer strokes
// first; equal counts by the first stroke in the order 横 竖 撇 点 折, then by the following strokes;
// then the next character (the given name) by the same rule. ICU's zh@collation=stroke uses
// traditional counts (阝 = 3) and radical order within a count, so it is not used here; the stroke
// data is our own table (stroke_order.inc).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dangan::catalog {

/// One character's strokes: the sequence in the 横竖撇点折 code, '1' 横 … '5' 折.
struct StrokeInfo {
    char32_t character = 0;
    std::string sequence;
    int count() const { return static_cast<int>(sequence.size()); }
};

/// The character's strokes, or nullptr when the table does not know it.
const StrokeInfo* stroke_info(char32_t character);

/// Every character of the table, in table order (for tests and `dangan` diagnostics).
const std::vector<StrokeInfo>& stroke_table();

/// Whether `a` comes before `b` in 姓氏笔画 order. Characters the table does not know come after
/// every known one at the same position and among themselves by code point, so the order is total
/// and deterministic; a shorter name that is a prefix of a longer one comes first. Invalid UTF-8
/// never throws (the bytes are compared as given).
bool stroke_less(std::string_view a, std::string_view b);

/// Sorts names in 姓氏笔画 order (stable: equal names keep their order).
void sort_by_strokes(std::vector<std::string>& names);

/// The characters of `name` the table does not know (each once, in order), so a caller can warn
/// that the printed order of those names is not certain.
std::vector<std::string> unknown_stroke_characters(std::string_view name);

}  // namespace dangan::catalog
