// Completeness and validity of every date in the data: date.missing, date.partial, date.invalid,
// date.future. Order and intervals are judged by the dossier checks.
#include "rules/check.hpp"

namespace dangan::rules {

namespace {

std::string precision_words(const core::PartialDate& d) {
    switch (d.precision) {
    case core::DatePrecision::year: return "只有年份，缺少月、日";
    case core::DatePrecision::half_year: return "只有半年，缺少月、日";
    case core::DatePrecision::quarter: return "只有季度，缺少月、日";
    case core::DatePrecision::month: return "只有年月，缺少日";
    case core::DatePrecision::day: return "";
    }
    return "";
}

/// No person or record in a branch's files predates this year; earlier dates are typing slips.
constexpr int earliest_plausible_year = 1900;

struct DateJudge {
    const CheckOptions& options;
    std::vector<Finding>& out;

    /// `label` names the field in Chinese (会议日期, 第2步“党组织派人谈话”日期 …).
    void judge(const records::DateValue& value, const std::string& label, bool required, bool full_required = true) {
        if (!value.present()) {
            if (required)
                out.push_back({rule_id::date_missing, core::Severity::error, value.where, "", {},
                               label + "未填写：应写明完整的年月日", "R25/R37 日期须年月日齐全"});
            return;
        }
        if (!value.date) {
            out.push_back({rule_id::date_invalid, core::Severity::error, value.where, "", {},
                           label + "无效：" + value.error, ""});
            return;
        }
        // A real date, but not one a branch record can carry (0001-01-01 is a typing slip, not history).
        if (value.date->year < earliest_plausible_year) {
            out.push_back({rule_id::date_invalid, core::Severity::error, value.where, "", {value.date->iso()},
                           label + "“" + value.raw + "”的年份" + std::to_string(value.date->year) + "不合理（早于" +
                               std::to_string(earliest_plausible_year) + "年），请核对",
                           ""});
            return;
        }
        if (full_required && !value.full()) {
            out.push_back({rule_id::date_partial, core::Severity::error, value.where, "", {value.date->iso()},
                           label + "“" + value.raw + "”不完整：" + precision_words(*value.date),
                           "R25/R37 日期须年月日齐全"});
            return;
        }
        if (value.date->first_day() > options.as_of)
            out.push_back({rule_id::date_future, core::Severity::error, value.where, "", {value.date->iso()},
                           label + "“" + value.raw + "”晚于检查日期 " + core::format_date(options.as_of, core::DateStyle::gbt9704),
                           ""});
    }
};

}  // namespace

void check_dates(const records::Dataset& data, const CheckOptions& options, std::vector<Finding>& out) {
    DateJudge j{options, out};
    if (data.organisation) {
        for (const auto& m : data.organisation->members) {
            // A 花名册 commonly records 出生年月 and, for long-standing members, 入党/转正 by year and month
            // only; no rule reads more from them, so only their validity is judged. A 预备党员's 入党日期 is
            // the start of the 预备期, which the 转正 reminder counts to the day: that one must be complete.
            j.judge(m.birth_date, "党员" + m.name + "的出生日期", false, false);
            const bool probationary = m.status == "预备";
            j.judge(m.joined, (probationary ? "预备党员" : "党员") + m.name + "的入党日期", false, probationary);
            j.judge(m.full_member, "党员" + m.name + "的转正日期", false, false);
        }
        const auto& c = data.organisation->committee;
        j.judge(c.elected, "本届支委会选举日期", false);
        j.judge(c.delay_until, "延期换届截止日期", false);
        j.judge(data.organisation->founded, "支部成立日期", false);
    }
    for (const auto& m : data.meetings) j.judge(m.date, "会议日期", true);
    for (const auto& e : data.elections)
        for (const auto& s : e.steps) j.judge(s.date, "“" + s.step + "”日期", true);
    for (const auto& d : data.developments) {
        j.judge(d.birth_date, "出生日期", false);
        for (const auto& [n, s] : d.steps)
            j.judge(s.date, "第" + std::to_string(n) + "步日期", true);
        for (const auto& r : d.activist_reviews) j.judge(r, "培养考察记录日期", true);
        for (const auto& r : d.thought_reports) j.judge(r, "思想汇报日期", true);
        j.judge(d.training.start, "集中培训开始日期", false);
        j.judge(d.training.end, "集中培训结束日期", false);
        for (const auto& n : d.notices) {
            j.judge(n.start, "公示开始日期", true);
            j.judge(n.end, "公示结束日期", true);
        }
        j.judge(d.probation_end, "预备期满日期", false);
        // A planned departure may lie in the future: only its form is judged.
        if (d.planned_leave.present() && !d.planned_leave.date)
            out.push_back({rule_id::date_invalid, core::Severity::error, d.planned_leave.where, "", {},
                           "预计离开日期无效：" + d.planned_leave.error, ""});
    }
}

}  // namespace dangan::rules
