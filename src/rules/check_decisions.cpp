// A 发展 step decided at a meeting is checked against that meeting (issue 14): the meeting is in the records on
// the step's date, it is of a kind that may decide the step, and its vote is recorded and agrees with the
// dossier's. Basis (《中国共产党发展党员工作细则》2014, as summarised in shared/domain/rules.md §1):
//   step 3  确定入党积极分子  — 支部委员会 (支部党员大会 where there is no 支委会), 第8条
//   step 7  确定发展对象      — 支部委员会, 第13条
//   step 12 支部委员会审查    — 支部委员会, 第19条
//   step 15 支部大会讨论接收  — 支部党员大会 with a vote, 第20–21条
//   step 23 支部大会讨论转正  — 支部党员大会 with a vote, 第32–33条
// A 支部党员大会 may also take the 支委会's steps (it is the higher body), so 3, 7 and 12 accept either kind.
// Years without any meeting record (a dossier older than the meeting records kept in dangan) are not judged.
#include "rules/check.hpp"

#include <cstdlib>
#include <set>

namespace dangan::rules {

namespace {

struct Decided {
    int step;
    std::vector<std::string> kinds;  ///< kinds that may decide it, the usual one first
    bool vote;                       ///< the decision is a vote of the 党员大会
    const char* basis;
};

const Decided decided_steps[] = {
    {3, {"支部委员会", "支部党员大会"}, false, "细则（2014）第8条 支委会研究决定入党积极分子"},
    {7, {"支部委员会", "支部党员大会"}, false, "细则（2014）第13条 支委会讨论确定发展对象"},
    {12, {"支部委员会", "支部党员大会"}, false, "细则（2014）第19条 支委会审查"},
    {15, {"支部党员大会"}, true, "细则（2014）第20–21条 支部大会讨论接收预备党员并表决"},
    {23, {"支部党员大会"}, true, "细则（2014）第32–33条 支部大会讨论预备党员转正并表决"},
};

bool any_kind(const records::Meeting& m, const std::vector<std::string>& kinds) {
    for (const auto& kind : kinds)
        if (records::is_kind(m, kind)) return true;
    return false;
}

std::string kinds_words(const std::vector<std::string>& kinds) {
    std::string out;
    for (const auto& kind : kinds) out += (out.empty() ? "" : "或") + kind;
    return out;
}

/// The meeting's vote on this person: the one whose subject names them, else the only one.
const records::Vote* vote_on(const records::Meeting& m, const std::string& name) {
    for (const auto& vote : m.votes)
        if (!name.empty() && vote.subject.find(name) != std::string::npos) return &vote;
    return m.votes.size() == 1 ? &m.votes.front() : nullptr;
}

}  // namespace

void check_decisions(const records::Dataset& data, std::vector<Finding>& out) {
    std::set<int> years_with_meetings;
    for (const auto& m : data.meetings)
        if (m.date.full()) years_with_meetings.insert(m.date.date->year);
    for (const auto& d : data.developments) {
        for (const auto& rule : decided_steps) {
            const auto* step = d.step(rule.step);
            if (!step || !step->date.full() || !years_with_meetings.count(step->date.date->year)) continue;
            const auto day = *step->date.date;
            const std::string what = d.name + "的第" + std::to_string(rule.step) + "步（" + step->date.raw + "）";
            const records::Meeting* held = nullptr;
            std::vector<const records::Meeting*> same_day;
            const records::Meeting* nearest = nullptr;
            long nearest_days = 0;
            for (const auto& m : data.meetings) {
                if (!m.date.full()) continue;
                const long apart = std::labs(core::days_between(day, *m.date.date));
                if (apart == 0 && any_kind(m, rule.kinds)) held = held ? held : &m;
                else if (apart == 0) same_day.push_back(&m);
                else if (any_kind(m, rule.kinds) && apart <= 31 && (!nearest || apart < nearest_days)) {
                    nearest = &m;
                    nearest_days = apart;
                }
            }
            core::Location where = step->date.where;
            where.record = d.id;
            if (!held) {
                std::string message = what + "应由" + kinds_words(rule.kinds) + "决定，但会议记录里没有这一天的" +
                                      rule.kinds.front() + "记录";
                if (!same_day.empty()) message += "（这一天的会议是" + same_day.front()->kind + "）";
                if (nearest) message += "；是不是 " + nearest->date.date->iso() + " 的" + nearest->kind + "？";
                else message += "；请补上会议记录，或改正步骤日期";
                out.push_back({rule_id::record_inconsistent, core::Severity::warning, where, "", {day.iso()}, message,
                               rule.basis});
                continue;
            }
            if (!rule.vote) continue;
            const records::Vote* vote = vote_on(*held, d.name);
            if (!vote) {
                out.push_back({rule_id::record_incomplete, core::Severity::warning, held->where, "", {day.iso()},
                               held->date.raw + " 的" + held->kind + "讨论了" + what + "，但会议记录里没有对" + d.name +
                                   "的表决情况（应到、实到、赞成、反对、弃权）",
                               rule.basis});
                continue;
            }
            if (!step->vote) continue;
            const auto& a = *step->vote;
            const auto& b = *vote;
            auto differs = [](const std::optional<int>& x, const std::optional<int>& y) { return x && y && *x != *y; };
            if (differs(a.yes, b.yes) || differs(a.no, b.no) || differs(a.abstain, b.abstain) ||
                differs(a.present, b.present) || differs(a.expected, b.expected)) {
                auto counts = [](const records::Vote& v) {
                    auto n = [](const std::optional<int>& x) { return x ? std::to_string(*x) : std::string("—"); };
                    return "应到" + n(v.expected) + "、实到" + n(v.present) + "、赞成" + n(v.yes) + "、反对" + n(v.no) +
                           "、弃权" + n(v.abstain);
                };
                out.push_back({rule_id::record_inconsistent, core::Severity::error, where, "", {day.iso()},
                               what + "的表决（" + counts(a) + "）与 " + held->date.raw + " " + held->kind + "会议记录的表决（" +
                                   counts(b) + "）不一致",
                               rule.basis});
            }
        }
    }
}

}  // namespace dangan::rules
