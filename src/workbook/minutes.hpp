// Word minutes in (`dangan import MINUTES.docx… --out DIR`): a 会议记录 written in Word — as a table of
// 时间/地点/主持人… or as "label：value" paragraphs — read into a meeting record for review, with a report
// of what was understood and what was not.
#pragma once

#include <Poco/JSON/Object.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace dangan::workbook {

struct MinutesResult {
    Poco::JSON::Object::Ptr record;                       ///< {"kind": "meeting", …}
    std::vector<std::string> understood;                  ///< the fields filled ("日期", "主持人" …)
    std::vector<std::string> not_understood;              ///< text seen but not used, as it was written
};

/// The label/value pairs and loose paragraphs of a .docx (tables: label cell then value cell; paragraphs:
/// 标签：内容). Throws core::InputError naming the file when it is not a Word document.
std::vector<std::pair<std::string, std::string>> read_docx_pairs(const std::filesystem::path& path);

/// Turns the pairs into a meeting record.
MinutesResult minutes_to_record(const std::vector<std::pair<std::string, std::string>>& pairs);

}  // namespace dangan::workbook
