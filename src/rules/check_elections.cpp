// 换届 dossiers (R31–R33): the document chain complete and in order, the election quorum, ballots,
// the candidate margin and each winner's majority.
#include "rules/check.hpp"

#include <cmath>

namespace dangan::rules {

namespace {

bool same_day_allowed(const ElectionRules& rules, const std::string& a, const std::string& b) {
    for (const auto& [x, y] : rules.same_day_allowed)
        if (x == a && y == b) return true;
    return false;
}

}  // namespace

void check_elections(const records::Dataset& data, const RuleBook& book, const CheckOptions& options,
                     std::vector<Finding>& out) {
    for (const auto& e : data.elections) {
        const auto* meeting = e.find("选举大会");
        const auto* request = e.find("请示");
        const Profile& profile = book.for_date(meeting && meeting->date.date ? meeting->date.date
                                                : request && request->date.date ? request->date.date
                                                                                 : std::nullopt);
        const auto& rules = profile.election;
        core::Location where = e.where;

        // Completeness: a step is missing when a later step of the chain is on file (a 请示 and a 选举大会
        // with no 批复 between them is the classic defect), or when the election was held over a month
        // before the check date and the reporting steps after it are still absent.
        size_t last_present = 0;
        bool any = false;
        for (size_t i = 0; i < rules.chain.size(); ++i)
            if (e.find(rules.chain[i])) last_present = i, any = true;
        if (meeting && meeting->date.full() && !(options.as_of < core::add_months(*meeting->date.date, 1)))
            last_present = rules.chain.size() - 1;
        for (size_t i = 0; any && i <= last_present; ++i) {
            if (e.find(rules.chain[i])) continue;
            out.push_back({rule_id::workflow_missing, core::Severity::error, where, "", {},
                           "换届材料缺少“" + rules.chain[i] + "”" +
                               (i + 1 < rules.chain.size() && e.find(rules.chain[i + 1])
                                    ? "（已有“" + rules.chain[i + 1] + "”）"
                                    : std::string()),
                           "R31 换届程序"});
        }

        // Order: each present step after the previous present one (same day only where allowed).
        const records::DossierStep* previous = nullptr;
        auto ordered = [&](const records::DossierStep* a, const records::DossierStep* b) {
            if (!a || !b || !a->date.full() || !b->date.full()) return;
            const bool same_ok = same_day_allowed(rules, a->step, b->step);
            const bool bad = same_ok ? *b->date.date < *a->date.date : !(*a->date.date < *b->date.date);
            if (bad)
                out.push_back({rule_id::workflow_order, core::Severity::error, b->date.where, "",
                               {a->date.date->iso(), b->date.date->iso()},
                               "“" + b->step + "”（" + b->date.raw + "）应在“" + a->step + "”（" + a->date.raw +
                                   "）之后",
                               "R31 换届程序"});
        };
        ordered(e.find("支委会决定"), request);
        for (const auto& name : rules.chain) {
            const auto* step = e.find(name);
            if (!step) continue;
            ordered(previous, step);
            previous = step;
        }

        // R32: quorum and ballots.
        if (e.expected && e.present && !rules.quorum.met(*e.present, *e.expected))
            out.push_back({rule_id::vote_quorum, core::Severity::error, e.present_where, "", {},
                           "选举大会到会有选举权的党员 " + std::to_string(*e.present) + " 人，未" +
                               rules.quorum.describe() + "（应到 " + std::to_string(*e.expected) + " 人），选举无效",
                           rules.quorum.basis});
        if (e.expected && e.present && *e.present > *e.expected)
            out.push_back({rule_id::record_inconsistent, core::Severity::error, e.present_where, "", {},
                           "选举大会实到 " + std::to_string(*e.present) + " 人，多于应到 " + std::to_string(*e.expected) +
                               " 人：请核对两个人数",
                           "R32 选举人数"});
        if (e.ballots_issued && e.ballots_returned && *e.ballots_returned > *e.ballots_issued)
            out.push_back({rule_id::record_inconsistent, core::Severity::error, e.returned_where, "", {},
                           "收回选票 " + std::to_string(*e.ballots_returned) + " 张多于发出 " +
                               std::to_string(*e.ballots_issued) + " 张，选举无效，应重新投票",
                           "R32 选票有效性"});

        // R33: candidate margin and majorities.
        if (e.seats && !e.candidates.empty()) {
            const int needed = static_cast<int>(std::ceil(*e.seats * (1.0 + rules.candidate_margin) - 1e-9));
            if (static_cast<int>(e.candidates.size()) < needed)
                out.push_back({rule_id::vote_margin, core::Severity::error, e.candidates_where, "", {},
                               "委员应选 " + std::to_string(*e.seats) + " 名，候选人只有 " +
                                   std::to_string(e.candidates.size()) + " 名，差额不足" +
                                   std::to_string(static_cast<int>(rules.candidate_margin * 100 + 0.5)) +
                                   "%（至少 " + std::to_string(needed) + " 名）",
                               "R33 选举工作条例第13条"});
            int elected = 0;
            for (const auto& c : e.candidates) {
                if (!c.elected) continue;
                ++elected;
                if (c.votes && e.present && !rules.winner.met(*c.votes, *e.present))
                    out.push_back({rule_id::vote_majority, core::Severity::error, c.votes_where, "", {},
                                   c.name + "得 " + std::to_string(*c.votes) + " 票，未" + rules.winner.describe() +
                                       "实到会有选举权人数 " + std::to_string(*e.present) + " 人，不能当选",
                                   rules.winner.basis});
            }
            if (elected > *e.seats)
                out.push_back({rule_id::record_inconsistent, core::Severity::error, e.candidates_where, "", {},
                               "当选 " + std::to_string(elected) + " 人，多于应选名额 " + std::to_string(*e.seats) + " 名",
                               ""});
        }
    }
}

}  // namespace dangan::rules
