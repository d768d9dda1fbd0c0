#include "catalog/archive_code.hpp"

#include <cstdio>
#include <regex>
#include <stdexcept>

namespace dangan::catalog {

namespace {
const char* const dot = "\xC2\xB7";  // U+00B7 ·
}

CodeStyle code_style(const std::string& name) {
    if (name == "DA/T 22-2015") return CodeStyle::dat22_2015;
    if (name == "DA/T 13-2022") return CodeStyle::dat13_2022;
    throw std::invalid_argument("unknown 档号 style '" + name + "'; expected DA/T 22-2015 or DA/T 13-2022");
}

std::string format_archive_code(const ArchiveCode& code, CodeStyle style) {
    char item[8];
    std::snprintf(item, sizeof item, "%04d", code.item);
    const std::string year = std::to_string(code.year);
    const std::string sep = style == CodeStyle::dat22_2015 ? "-" : dot;
    return code.fonds + "-" + code.category + dot + year + sep + code.retention + sep + code.class_code + "-" + item;
}

std::optional<ArchiveCode> parse_archive_code(const std::string& text, CodeStyle style, std::string& error) {
    // Fields are matched loosely first, so the message can say which part is wrong.
    const std::string sep = style == CodeStyle::dat22_2015 ? "-" : "\xC2\xB7";
    static const std::regex dat22(R"(^([^-·]+)-([A-Z]{2})\xC2\xB7([^-]+)-([^-]+)-([^-]+)-([^-]+)$)");
    static const std::regex dat13(R"(^([^-·]+)-([A-Z]{2})\xC2\xB7([^\xC2]+)\xC2\xB7([^\xC2]+)\xC2\xB7([^-]+)-([^-]+)$)");
    std::smatch m;
    if (!std::regex_match(text, m, style == CodeStyle::dat22_2015 ? dat22 : dat13)) {
        error = style == CodeStyle::dat22_2015
                    ? "expected 全宗号-门类·年度-期限-机构(问题)-件号, e.g. J031-WS·2025-D30-SH-0001"
                    : "expected 全宗号-门类·年度·期限·机构(问题)-件号, e.g. J031-WS·2025·D30·SH-0001";
        return std::nullopt;
    }
    ArchiveCode code;
    code.fonds = m[1];
    code.category = m[2];
    const std::string year = m[3], retention = m[4], item = m[6];
    code.class_code = m[5];
    if (!std::regex_match(year, std::regex("^[0-9]{4}$"))) {
        error = "年度 must have 4 digits, found '" + year + "'";
        return std::nullopt;
    }
    code.year = std::stoi(year);
    if (retention != "Y" && retention != "D30" && retention != "D10") {
        error = "保管期限 must be Y, D30 or D10, found '" + retention + "'";
        return std::nullopt;
    }
    code.retention = retention;
    if (!std::regex_match(item, std::regex("^[0-9]{4}$")) || item == "0000") {
        error = "件号 must have 4 digits from 0001, found '" + item + "'";
        return std::nullopt;
    }
    code.item = std::stoi(item);
    (void)sep;
    return code;
}

}  // namespace dangan::catalog
