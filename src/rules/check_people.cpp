// People named in a meeting record (主持人, 记录人, 出席, 缺席) are checked against the roster (issue 14): a
// typo (赵得明 for 赵德明) or a stranger (李四) would otherwise pass and be printed into the filed record.
// Known people: the members, the committee, the applicants of the 发展 dossiers, and the meeting's own
// 列席 (invited guests), each written with or without a note in brackets (刘洋（入党积极分子）).
#include "rules/check.hpp"

#include "core/suggest.hpp"

#include <set>

namespace dangan::rules {

namespace {

/// "刘洋（入党积极分子）" → "刘洋"; "镇党委委员 刘光明" is kept whole (not a member's name form).
std::string bare_name(const std::string& written) {
    std::string name = written;
    for (const char* open : {"（", "("})
        if (const auto at = name.find(open); at != std::string::npos && at > 0) name.erase(at);
    while (!name.empty() && (name.back() == ' ')) name.pop_back();
    return name;
}

}  // namespace

void check_people(const records::Dataset& data, std::vector<Finding>& out) {
    if (!data.organisation || data.organisation->members.empty()) return;  // no roster to compare with
    std::set<std::string> known;
    std::vector<std::string> members;
    for (const auto& m : data.organisation->members) {
        known.insert(m.name);
        members.push_back(m.name);
    }
    for (const auto& c : data.organisation->committee.members) known.insert(c.name);
    for (const auto& d : data.developments) known.insert(d.name);
    for (const auto& m : data.meetings) {
        std::set<std::string> here = known;
        for (const auto& guest : m.attending) here.insert(bare_name(guest));
        auto judge = [&](const std::string& written, const std::string& field, const std::string& role) {
            const std::string name = bare_name(written);
            if (name.empty() || here.count(name)) return;
            // A title before the name ("镇党委委员 刘光明") marks someone from outside: not a roster name.
            if (name.find(' ') != std::string::npos) return;
            const auto close = core::closest_name(name, members);
            core::Location where = m.where;
            where.field = m.where.field + field;
            out.push_back({rule_id::record_inconsistent, core::Severity::warning, where, "", {},
                           role + "“" + name + "”不在党员名册中" + (close ? "（是不是“" + *close + "”？）" : "") +
                               "；名册外的人员（上级领导、列席人员）请写入“列席”",
                           ""});
        };
        judge(m.host, "/host", "主持人");
        judge(m.recorder, "/recorder", "记录人");
        for (size_t i = 0; i < m.present.size(); ++i)
            judge(m.present[i], "/attendance/present/" + std::to_string(i), "出席人员");
        for (size_t i = 0; i < m.absent.size(); ++i)
            judge(m.absent[i].name, "/attendance/absent/" + std::to_string(i) + "/name", "缺席人员");
    }
}

}  // namespace dangan::rules
