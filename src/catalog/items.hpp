// The items (件) of a year's archive of meeting records: numbered in date order and described by the
// columns of the 归档文件目录 (DA/T 22-2015: 序号、档号、文号、责任者、题名、日期、密级、页数、备注).
#pragma once

#include "catalog/archive_code.hpp"
#include "records/model.hpp"

#include <string>
#include <vector>

namespace dangan::catalog {

struct Item {
    const records::Meeting* meeting = nullptr;
    int sequence = 0;           ///< 序号 in the catalogue, 1-based
    ArchiveCode code;
    std::string code_text;      ///< formatted 档号
    std::string document_number;///< 文号 (blank for minutes)
    std::string responsible;    ///< 责任者: the branch
    std::string title;          ///< 题名
    std::string date_compact;   ///< 日期, 8 digits YYYYMMDD
    std::string secrecy;        ///< 密级 (blank if none)
    int pages = 0;              ///< 页数: filled in once the item is laid out
    std::string note;           ///< 备注
};

struct Numbering;
struct NumberedMatter;

/// The catalogue row of a numbered meeting (sequence 1; the caller counts its rows).
Item make_item(const NumberedMatter& matter, const records::Organisation* organisation);

/// Items for the meetings whose full date falls in `year`, in 件号 order, with the 档号 the one
/// numbering (catalog/numbering.hpp) gives them: meetings share their sequence with the 换届 and 发展
/// dossiers and the 党费台账, so the catalogue shows the same 档号 as the archive. Meetings without a
/// full date are left out (check reports them; they must never be numbered).
std::vector<Item> number_meetings(const records::Dataset& data, int year);
std::vector<Item> number_meetings(const records::Dataset& data, int year, const Numbering& numbering);

/// Minutes after midnight of a start time as written ("9:00", "14:30", "14时30分", full-width digits);
/// -1 when it is not a time. Meetings of one day are numbered in this order, not in text order.
int clock_minutes(const std::string& text);

/// The default 题名 of a meeting record: the title if given, else "<branch> <kind>会议记录（第N次）".
std::string meeting_title(const records::Meeting& meeting, const records::Organisation* organisation);

}  // namespace dangan::catalog
