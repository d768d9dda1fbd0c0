// The workbook's sheets and columns, shared by the reader and the writer so that what `dangan workbook`
// writes is exactly what the loader reads. It lives in records (not workbook) because its Chinese headers
// are also the Chinese keys the JSON loader accepts (类型, 日期, 主持人 …): one vocabulary for both. Each column names the JSON key (a path such as
// "attendance/expected") it fills in the record the JSON loader reads.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace dangan::records {

enum class Type {
    text,      ///< any text
    date,      ///< a date: an Excel date, a serial number, or any form dangan reads (2025年3月6日 …)
    time,      ///< a time of day, 14:30
    integer,   ///< a whole number
    number,    ///< a number (amounts, rates)
    list,      ///< names separated by 、 (also ，, ; accepted)
    lines,     ///< one item per line (Alt+Enter in Excel)
    pairs,     ///< "周文斌（外出学习）、…": names with an optional note in brackets
    flag,      ///< 是/否
    json,      ///< the 其他 column: a JSON object with what has no column of its own
};

struct Column {
    std::string key;                   ///< JSON path inside the row's record, "" for the row link column
    std::string header;                ///< the header dangan writes
    std::vector<std::string> aliases;  ///< other headers read as this column
    Type type = Type::text;
    std::string note;                  ///< the header's comment in the blank workbook
};

struct SheetSchema {
    std::string name;
    std::vector<Column> columns;
    bool key_value = false;  ///< 组织: one row per setting (项目 | 内容) instead of one row per record
};

/// The sheets in the order dangan writes them: 组织, 花名册, 会议, 会议内容, 表决, 党费, 发展, 换届, 候选人.
const std::vector<SheetSchema>& sheets();
const SheetSchema* find_sheet(const std::string& name);

/// A header as users write it, made comparable: full-width letters and digits folded (NFKC), blanks,
/// "*" and a bracketed unit such as （人） removed.
std::string normalise_header(const std::string& header);

/// The month columns of the 党费 sheet: "3月" (amount) and "3月交纳日期" (date paid).
std::string month_header(int month);
std::string paid_header(int month);

/// Chinese key → English key for the JSON objects whose fields are the columns of `sheet` whose key starts
/// with `prefix` ("" for the record itself, "attendance/" for a meeting's attendance): every header and
/// alias of such a column (支部名称, 名称 → name). Columns without a key, or nested deeper, are left out.
std::map<std::string, std::string> key_aliases(const std::string& sheet, const std::string& prefix = "");

}  // namespace dangan::records
