// 发展党员 dossiers (R01–R24): steps present and in order, intervals between them, the people
// involved, training, votes, the 预备期 and the recurring records (考察, 思想汇报).
#include "rules/check.hpp"

namespace dangan::rules {

namespace {

using core::PartialDate;
using core::Severity;

class DossierCheck {
public:
    DossierCheck(const records::DevelopmentDossier& d, const RuleBook& book, const CheckOptions& options,
                 std::vector<Finding>& out)
        : d_(d), book_(book), options_(options), out_(out),
          profile_(book.for_date(date_of(1))) {}

    void run() {
        check_missing_steps();
        check_order();
        check_intervals();
        check_probation();
        check_people();
        check_training();
        check_votes();
        check_reviews();
        check_thought_reports();
        check_leaving();
        check_notices();
    }

private:
    const records::DossierStep* step(int n) const { return d_.step(n); }

    std::optional<PartialDate> date_of(int n) const {
        const auto* s = step(n);
        return s && s->date.full() ? s->date.date : std::nullopt;
    }

    std::string step_name(int n) const {
        const auto& names = profile_.development.steps;
        return "第" + std::to_string(n) + "步“" + (n >= 1 && n <= static_cast<int>(names.size()) ? names[n - 1] : "") + "”";
    }

    /// probation_end = 支部大会 resolution + 12 months + any extension (R14).
    std::optional<PartialDate> computed_probation_end() const {
        const auto resolution = date_of(15);
        if (!resolution) return std::nullopt;
        return core::add_months(*resolution, profile_.development.probation_months + d_.extension_months.value_or(0));
    }

    std::optional<PartialDate> event(const std::string& name) const {
        if (name == "birth") return d_.birth_date.full() ? d_.birth_date.date : std::nullopt;
        if (name == "probation_end") return computed_probation_end();
        return date_of(std::stoi(name));
    }

    std::string event_words(const std::string& name) const {
        if (name == "birth") return "出生日期";
        if (name == "probation_end") return "预备期满日";
        return step_name(std::stoi(name));
    }

    core::Location location_of(const std::string& event_name) const {
        if (event_name == "birth") return d_.birth_date.where;
        if (event_name == "probation_end") return step(15) ? step(15)->date.where : d_.where;
        const auto* s = step(std::stoi(event_name));
        return s ? s->date.where : d_.where;
    }

    void add(const char* rule, Severity severity, core::Location where, std::string message, std::string basis,
             std::vector<std::string> dates = {}) {
        where.record = d_.id;
        out_.push_back({rule, severity, std::move(where), "", std::move(dates), std::move(message), std::move(basis)});
    }

    // R21: every step before the latest recorded one must itself be recorded.
    void check_missing_steps() {
        if (d_.steps.empty()) {
            add(rule_id::workflow_missing, Severity::error, d_.where, "纪实簿没有任何步骤记录", "R21 一人一簿");
            return;
        }
        const int latest = d_.steps.rbegin()->first;
        for (int n = 1; n < latest; ++n)
            if (!step(n))
                add(rule_id::workflow_missing, Severity::error, d_.where,
                    "缺少" + step_name(n) + "的记录（已记录到" + step_name(latest) + "）",
                    n == 4 || n == 8 || n == 18 ? "R20 备案材料" : "R21 每一步都应有纪实");
    }

    // R03: chains of steps in date order.
    void check_order() {
        for (const auto& chain : profile_.development.order) {
            int previous = 0;
            for (int n : chain) {
                if (!date_of(n)) continue;
                if (previous && *date_of(n) < *date_of(previous))
                    add(rule_id::workflow_order, Severity::error, step(n)->date.where,
                        step_name(n) + "（" + step(n)->date.raw + "）早于" + step_name(previous) + "（" +
                            step(previous)->date.raw + "）",
                        "R03 发展程序顺序", {date_of(previous)->iso(), date_of(n)->iso()});
                previous = n;
            }
        }
    }

    void check_intervals() {
        // Every interval rule of the profile in force on the date of its starting event.
        auto run_rules = [&](const Profile& p) {
            for (const auto& rule : p.development.intervals) {
                const auto from = event(rule.from), to = event(rule.to);
                if (!from || !to) continue;
                if (&book_.for_date(from) != &p) continue;  // this rule is judged under another profile
                std::string problem;
                if (rule.min_months && *to < core::add_months(*from, *rule.min_months))
                    problem = "应不早于" + core::format_date(core::add_months(*from, *rule.min_months), core::DateStyle::gbt9704);
                if (rule.max_months && core::add_months(*from, *rule.max_months) < *to)
                    problem = "应不晚于" + core::format_date(core::add_months(*from, *rule.max_months), core::DateStyle::gbt9704);
                if (rule.min_days && core::days_between(*from, *to) < *rule.min_days)
                    problem = "应不早于" + core::format_date(core::add_days(*from, *rule.min_days), core::DateStyle::gbt9704);
                if (problem.empty()) continue;
                add(rule_id::workflow_interval, rule.severity, location_of(rule.to),
                    rule.message + "：" + event_words(rule.from) + "为" + core::format_date(*from, core::DateStyle::gbt9704) +
                        "，" + event_words(rule.to) + "为" + core::format_date(*to, core::DateStyle::gbt9704) + "，" + problem,
                    rule.basis, {from->iso(), to->iso()});
            }
        };
        for (const auto& p : book_.profiles()) {
            if (p.status == "local" && &book_.for_date(std::nullopt) != &p) continue;
            run_rules(p);
        }
    }

    // R14, R17: the recorded 预备期满 date and any extension.
    void check_probation() {
        if (d_.extension_months) {
            const int months = *d_.extension_months;
            const auto& e = profile_.development;
            if (months != 0 && (months < e.extension_min || months > e.extension_max))
                add(rule_id::workflow_interval, Severity::error, d_.where,
                    "延长预备期 " + std::to_string(months) + " 个月，应为 " + std::to_string(e.extension_min) + "–" +
                        std::to_string(e.extension_max) + " 个月",
                    "R17 细则第33条");
        }
        const auto computed = computed_probation_end();
        if (computed && d_.probation_end.full() && !(*d_.probation_end.date == *computed))
            add(rule_id::date_inconsistent, Severity::error, d_.probation_end.where,
                "记录的预备期满日" + d_.probation_end.raw + "与支部大会通过之日起算的预备期满日" +
                    core::format_date(*computed, core::DateStyle::gbt9704) + "不一致",
                "R14 预备期自支部大会通过之日起计算", {d_.probation_end.date->iso(), computed->iso()});
    }

    // R06, R07: 培养联系人 and 入党介绍人.
    void check_people() {
        const auto& e = profile_.development;
        const int contacts = static_cast<int>(d_.contacts.size());
        if (step(5) && (contacts < e.contacts_min || contacts > e.contacts_max))
            add(rule_id::workflow_missing, Severity::error, step(5)->where,
                "培养联系人为 " + std::to_string(contacts) + " 人，应为 " + std::to_string(e.contacts_min) + "–" +
                    std::to_string(e.contacts_max) + " 名正式党员",
                "R06 细则第9条");
        const int introducers = static_cast<int>(d_.introducers.size());
        if (step(9) && introducers != e.introducers)
            add(rule_id::workflow_missing, Severity::error, step(9)->where,
                "入党介绍人为 " + std::to_string(introducers) + " 人，应为 " + std::to_string(e.introducers) + " 名正式党员",
                "R07 细则第14条");
    }

    // R09: 短期集中培训 of at least 3 days or 24 学时, finished before the 支部大会.
    void check_training() {
        if (!step(11)) return;
        const auto& e = profile_.development;
        const double days = d_.training.days.value_or(0), hours = d_.training.hours.value_or(0);
        if (days < e.training_days && hours < e.training_hours)
            add(rule_id::workflow_interval, Severity::error, step(11)->where,
                "集中培训" + (days > 0 ? std::to_string(static_cast<int>(days)) + "天" : std::string()) +
                    (hours > 0 ? std::to_string(static_cast<int>(hours)) + "学时" : std::string()) +
                    (days <= 0 && hours <= 0 ? "未记录天数或学时" : std::string()) + "，应不少于" +
                    std::to_string(static_cast<int>(e.training_days)) + "天或" +
                    std::to_string(static_cast<int>(e.training_hours)) + "学时",
                e.training_basis);
        if (d_.training.end.full() && date_of(15) && *date_of(15) < *d_.training.end.date)
            add(rule_id::workflow_order, Severity::error, d_.training.end.where,
                "集中培训结束（" + d_.training.end.raw + "）晚于支部大会讨论接收（" + step(15)->date.raw + "）",
                "R09 培训应在接收前完成");
        if (d_.training.start.full() && d_.training.end.full() && *d_.training.end.date < *d_.training.start.date)
            add(rule_id::date_inconsistent, Severity::error, d_.training.end.where,
                "集中培训结束日期早于开始日期", "");
    }

    // R11: the admission (15) and 转正 (23) votes.
    void check_votes() {
        for (int n : {15, 23}) {
            const auto* s = step(n);
            if (!s) continue;
            if (!s->vote) {
                add(rule_id::record_incomplete, Severity::warning, s->where,
                    step_name(n) + "没有表决记录（应到、实到、赞成、反对、弃权）", "R11 表决情况应记录");
                continue;
            }
            const Profile& p = book_.for_date(s->date.date);
            check_vote(*s->vote, p.votes, true, d_.id, out_);
        }
    }

    // R05: a 考察 record in every 6-month window from 积极分子 to 发展对象 (or to the check date).
    void check_reviews() {
        const auto start = date_of(3);
        if (!start) return;
        const PartialDate end = date_of(7).value_or(options_.as_of);
        const int window = profile_.development.review_window_months;
        for (int k = 0;; ++k) {
            const auto from = core::add_months(*start, window * k);
            const auto to = core::add_days(core::add_months(*start, window * (k + 1)), -1);
            if (end < to) break;
            bool found = false;
            for (const auto& r : d_.activist_reviews)
                if (r.full() && from <= *r.date && *r.date <= to) found = true;
            if (!found) {
                core::Location where = step(6) ? step(6)->where : d_.where;
                where.record = d_.id;
                out_.push_back({rule_id::workflow_missing, Severity::warning, where, from.iso() + ".." + to.iso(),
                                {from.iso(), to.iso()},
                                core::format_date(from, core::DateStyle::gbt9704) + "至" +
                                    core::format_date(to, core::DateStyle::gbt9704) + "没有培养考察记录（应每半年考察一次）",
                                "R05 细则第11条"});
            }
        }
    }

    // R24: 思想汇报 at least every quarter while an activist, candidate or 预备党员 (LOCAL, warning).
    void check_thought_reports() {
        if (!profile_.development.thought_report_months) return;
        const auto start = date_of(3);
        if (!start) return;
        const PartialDate end = date_of(24).value_or(options_.as_of);
        const int months = *profile_.development.thought_report_months;
        for (int k = 0;; ++k) {
            const auto from = core::add_months(*start, months * k);
            const auto to = core::add_days(core::add_months(*start, months * (k + 1)), -1);
            if (end < to) break;
            bool found = false;
            for (const auto& r : d_.thought_reports)
                if (r.full() && from <= *r.date && *r.date <= to) found = true;
            if (!found) {
                core::Location where = d_.where;
                where.record = d_.id;
                out_.push_back({rule_id::workflow_missing, Severity::warning, where, from.iso() + ".." + to.iso(),
                                {from.iso(), to.iso()},
                                core::format_date(from, core::DateStyle::gbt9704) + "至" +
                                    core::format_date(to, core::DateStyle::gbt9704) + "没有思想汇报",
                                "R24 思想汇报每季度至少一次（常见规定）"});
            }
        }
    }

    // R23: a candidate leaving within 3 months of the admission meeting.
    void check_leaving() {
        if (!d_.planned_leave.full()) return;
        const auto meeting = date_of(15);
        if (!meeting) return;
        if (*d_.planned_leave.date < core::add_months(*meeting, profile_.development.leaving_soon_months))
            add(rule_id::workflow_interval, Severity::warning, d_.planned_leave.where,
                "预计离开本单位日期（" + d_.planned_leave.raw + "）距支部大会不足三个月，一般不办理接收",
                "R23 细则第19条");
    }

    // R22: 公示 of at least N working days ending before the step it precedes (2026 provisional / local).
    void check_notices() {
        for (const auto& notice : d_.notices) {
            if (!notice.start.full() || !notice.end.full()) continue;
            if (*notice.end.date < *notice.start.date) {
                add(rule_id::date_inconsistent, Severity::error, notice.end.where, "公示结束日期早于开始日期", "");
                continue;
            }
            const Profile& p = book_.for_date(notice.end.date);
            if (p.development.notice_working_days) {
                int working = 0;  // Monday–Friday; statutory holidays need a calendar (provisional, see README)
                for (auto day = *notice.start.date; day <= *notice.end.date; day = core::add_days(day, 1)) {
                    const int weekday = (core::days_between(core::make_date(2024, 1, 1), day) % 7 + 7) % 7;  // 0 = Monday
                    if (weekday < 5) ++working;
                }
                if (working < *p.development.notice_working_days)
                    add(rule_id::workflow_interval, Severity::warning, notice.start.where,
                        "公示只有 " + std::to_string(working) + " 个工作日，应不少于 " +
                            std::to_string(*p.development.notice_working_days) + " 个工作日",
                        "R22 公示（" + p.title + "）");
            }
            if (notice.before_step > 0 && date_of(notice.before_step) &&
                *date_of(notice.before_step) < *notice.end.date)
                add(rule_id::workflow_order, Severity::error, notice.end.where,
                    "公示结束（" + notice.end.raw + "）晚于" + step_name(notice.before_step), "R22 公示期满后方可决定");
        }
    }

    const records::DevelopmentDossier& d_;
    const RuleBook& book_;
    const CheckOptions& options_;
    std::vector<Finding>& out_;
    const Profile& profile_;
};

}  // namespace

void check_developments(const records::Dataset& data, const RuleBook& book, const CheckOptions& options,
                        std::vector<Finding>& out) {
    for (const auto& d : data.developments) DossierCheck(d, book, options, out).run();
}

}  // namespace dangan::rules
