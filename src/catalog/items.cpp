#include "catalog/items.hpp"

#include "catalog/numbering.hpp"

#include <algorithm>

namespace dangan::catalog {

std::string meeting_title(const records::Meeting& m, const records::Organisation*) {
    if (!m.title.empty()) return m.title;
    // The branch is already in the 责任者 column; the title names the year, the series and the number.
    std::string suffix = "记录";
    if (m.kind.ends_with("会") || m.kind == "支部委员会") suffix = "会议记录";
    else if (m.kind == "主题党日") suffix = "活动记录";
    // "第一党小组" + "党小组会" would say 党小组 twice: a group's own meeting is "第一党小组会议记录".
    const std::string series = !m.group.empty() && m.kind == "党小组会" ? m.group : m.group + m.kind;
    std::string title = (m.date.date ? std::to_string(m.date.date->year) + "年" : "") + series + suffix;
    if (m.number) title += "（第" + std::to_string(*m.number) + "次）";
    return title;
}

Item make_item(const NumberedMatter& matter, const records::Organisation* org) {
    Item item;
    item.meeting = matter.meeting;
    item.sequence = 1;
    item.code = matter.code;
    item.code_text = matter.code_text;
    // 责任者: the branch, by its short name when it has one (the catalogue column is narrow).
    item.responsible = org ? (org->short_name.empty() ? org->name : org->short_name) : "";
    item.title = matter.title;
    item.date_compact = core::format_date(matter.date, core::DateStyle::compact);
    return item;
}

std::vector<Item> number_meetings(const records::Dataset& data, int year) {
    return number_meetings(data, year, number_matters(data));
}

std::vector<Item> number_meetings(const records::Dataset& data, int year, const Numbering& numbering) {
    const records::Organisation* org = data.organisation ? &*data.organisation : nullptr;
    std::vector<Item> items;
    for (const auto& matter : numbering.matters) {  // in 件号 order within each sequence
        if (matter.kind != MatterKind::meeting || matter.code.year != year) continue;
        items.push_back(make_item(matter, org));
        items.back().sequence = static_cast<int>(items.size());
    }
    return items;
}

}  // namespace dangan::catalog
