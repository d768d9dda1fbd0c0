// 档号 (archival reference codes) in the two standards branches meet:
//   DA/T 22-2015: 全宗号-门类代码·年度-保管期限-机构(问题)代码-件号   e.g. J031-WS·2025-D30-SH-0007
//   DA/T 13-2022: 全宗号-门类代码·年度·保管期限·机构(问题)代码-件号   e.g. J031-WS·2025·D30·SH-0007
// "·" is U+00B7 MIDDLE DOT; 件号 has four digits, zero-padded (rules.md §5.1, §5.2).
#pragma once

#include <optional>
#include <string>

namespace dangan::catalog {

enum class CodeStyle { dat22_2015, dat13_2022 };

/// "DA/T 22-2015" or "DA/T 13-2022"; throws std::invalid_argument for anything else.
CodeStyle code_style(const std::string& name);

struct ArchiveCode {
    std::string fonds;      ///< 全宗号, e.g. J031
    std::string category;   ///< 门类代码, e.g. WS
    int year = 0;           ///< 年度, 4 digits
    std::string retention;  ///< Y, D30 or D10
    std::string class_code; ///< 机构(问题)代码, e.g. SH
    int item = 0;           ///< 件号 1..9999
};

std::string format_archive_code(const ArchiveCode& code, CodeStyle style);

/// Parses a 档号 written in `style`. On failure returns nullopt and sets `error` to what is wrong
/// ("件号 must have 4 digits, found '07'"). Used by `audit` for number.format.
std::optional<ArchiveCode> parse_archive_code(const std::string& text, CodeStyle style, std::string& error);

}  // namespace dangan::catalog
