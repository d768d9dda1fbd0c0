// People named in a meeting record (主持人, 记录人, 出席, 缺席) are checked against the roster (issue 14): a
// typo (赵得明 for 赵德明) or a stranger (李四) would otherwise pass and be printed into the filed record.
// Known people: the members, the committee, the applicants of the 发展 dossiers, and the meeting's own
// 列席 (invited guests), each written with or without a note in brackets (刘洋（入党积极分子）).
#include "rules/check.hpp"

#include "core/suggest.hpp"
#include "core/unicode_text.hpp"

#include <set>

namespace dangan::rules {

namespace {

/// "刘洋（入党积极分子）" → "刘洋"; "张  伟" → "张伟" (padding, core::comparable_person_name);
/// "镇党委委员 刘光明" is kept whole (not a member's name form).
std::string bare_name(const std::string& written) {
    std::string name = written;
    for (const char* open : {"（", "("})
        if (const auto at = name.find(open); at != std::string::npos && at > 0) name.erase(at);
    return core::comparable_person_name(name);
}

/// "张伟 李娜　王芳" → {张伟, 李娜, 王芳} (ASCII and full-width blanks); one part when there is no blank.
std::vector<std::string> blank_separated(const std::string& text) {
    std::vector<std::string> parts;
    std::string current;
    auto flush = [&] {
        if (!current.empty()) parts.push_back(current);
        current.clear();
    };
    for (size_t i = 0; i < text.size();) {
        if (text[i] == ' ' || text[i] == '\t') {
            flush();
            ++i;
        } else if (text.compare(i, 3, "\u3000") == 0) {
            flush();
            i += 3;
        } else {
            current += text[i++];
        }
    }
    flush();
    return parts;
}

}  // namespace

void check_people(const records::Dataset& data, std::vector<Finding>& out) {
    if (!data.organisation || data.organisation->members.empty()) return;  // no roster to compare with
    std::set<std::string> known;
    std::vector<std::string> members;
    for (const auto& m : data.organisation->members) {
        known.insert(core::comparable_person_name(m.name));
        members.push_back(m.name);
    }
    for (const auto& c : data.organisation->committee.members) known.insert(core::comparable_person_name(c.name));
    for (const auto& d : data.developments) known.insert(core::comparable_person_name(d.name));
    for (const auto& m : data.meetings) {
        std::set<std::string> here = known;
        for (const auto& guest : m.attending) here.insert(bare_name(guest));
        auto judge = [&](const std::string& written, const std::string& field, const std::string& role) {
            const std::string name = bare_name(written);
            if (name.empty() || here.count(name)) return;
            core::Location where = m.where;
            where.field = m.where.field + field;
            // Several roster names in one entry, separated by blanks ("张伟 李娜 王芳", typed as in a sign-in
            // sheet): counted as one person, so say how to separate them.
            if (const auto parts = blank_separated(name); parts.size() >= 2) {
                bool all_known = true;
                std::string listed;
                for (const auto& part : parts) {
                    all_known = all_known && known.count(core::comparable_person_name(part)) > 0;
                    listed += (listed.empty() ? "" : "、") + part;
                }
                if (all_known) {
                    out.push_back({rule_id::record_inconsistent, core::Severity::warning, where, "", {},
                                   role + "“" + name + "”是用空格隔开的" + std::to_string(parts.size()) +
                                       "个人名，只算作一人；请用顿号分隔：" + listed,
                                   ""});
                    return;
                }
            }
            // A title before the name ("镇党委委员 刘光明") marks someone from outside: not a roster name.
            if (name.find(' ') != std::string::npos || name.find("\u3000") != std::string::npos) return;
            const auto close = core::closest_name(name, members);
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
