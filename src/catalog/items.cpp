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
    if (!m.kind_numbers.empty()) {
        // A joint meeting numbered in several series (issue 14): 2025年主题党日暨支部党员大会记录（主题党日第3次、支部党员大会第2次）.
        std::string kinds = m.kind, numbers = m.number ? m.kind + "第" + std::to_string(*m.number) + "次" : "";
        for (const auto& kind : m.also_kinds) kinds += "暨" + kind;
        for (const auto& [kind, number] : m.kind_numbers)
            numbers += (numbers.empty() ? "" : "、") + kind + "第" + std::to_string(number) + "次";
        return (m.date.date ? std::to_string(m.date.date->year) + "年" : "") + m.group + kinds + "记录（" + numbers + "）";
    }
    if (m.number) title += "（第" + std::to_string(*m.number) + "次）";
    return title;
}

/// Minutes after midnight of "9:00", "14:30", "１４：３０" or "14时30分"; -1 when the text is not a time. Two
/// meetings of one day are ordered by it: as text, "14:00" would sort before "9:00".
int clock_minutes(const std::string& text) {
    int hours = -1, minutes = 0;
    size_t i = 0;
    auto digits = [&](int& into) {
        int n = 0, count = 0;
        while (i < text.size()) {
            if (text[i] >= '0' && text[i] <= '9') { n = n * 10 + (text[i] - '0'); ++i; ++count; }
            else if (text.compare(i, 2, "\xEF\xBC") == 0 && i + 2 < text.size() &&
                     static_cast<unsigned char>(text[i + 2]) >= 0x90 && static_cast<unsigned char>(text[i + 2]) <= 0x99) {
                n = n * 10 + (static_cast<unsigned char>(text[i + 2]) - 0x90); i += 3; ++count;  // full-width digit
            } else break;
        }
        if (count) into = n;
        return count > 0;
    };
    if (!digits(hours)) return -1;
    if (i < text.size()) {
        for (const char* sep : {":", "\xEF\xBC\x9A", "\xE6\x97\xB6", "\xE7\x82\xB9"})  // : ： 时 点
            if (text.compare(i, std::char_traits<char>::length(sep), sep) == 0) { i += std::char_traits<char>::length(sep); break; }
        digits(minutes);
    }
    if (hours > 23 || minutes > 59) return -1;
    return hours * 60 + minutes;
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
