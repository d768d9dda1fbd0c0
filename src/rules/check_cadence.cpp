// Cadence (R26–R29): each meeting kind with a required frequency must have at least `min` records
// in every complete period (month, quarter, half-year, year) of the span the data covers.
#include "rules/check.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace dangan::rules {

namespace {

struct Period {
    std::string label;   ///< "2025-05", "2025-Q2", "2025-H1", "2025"
    std::string words;   ///< "2025年5月"
    core::PartialDate first, last;
};

std::vector<Period> periods_between(const std::string& kind, int first_year, const core::PartialDate& until) {
    std::vector<Period> out;
    for (int year = first_year; year <= until.year; ++year) {
        const std::string y = std::to_string(year);
        auto add = [&](core::PartialDate from, core::PartialDate to, std::string label, std::string words) {
            if (to <= until) out.push_back({std::move(label), std::move(words), from, to});
        };
        if (kind == "month") {
            for (int m = 1; m <= 12; ++m) {
                const auto month = core::make_month(year, m);
                add(month.first_day(), month.last_day(), y + "-" + (m < 10 ? "0" : "") + std::to_string(m),
                    y + "年" + std::to_string(m) + "月");
            }
        } else if (kind == "quarter") {
            static const char* names[] = {"第一季度", "第二季度", "第三季度", "第四季度"};
            for (int q = 1; q <= 4; ++q)
                add(core::make_date(year, 3 * q - 2, 1), core::make_month(year, 3 * q).last_day(),
                    y + "-Q" + std::to_string(q), y + "年" + names[q - 1]);
        } else if (kind == "half_year") {
            add(core::make_date(year, 1, 1), core::make_date(year, 6, 30), y + "-H1", y + "年上半年");
            add(core::make_date(year, 7, 1), core::make_date(year, 12, 31), y + "-H2", y + "年下半年");
        } else {
            add(core::make_date(year, 1, 1), core::make_date(year, 12, 31), y, y + "年");
        }
    }
    return out;
}

std::string period_words(const std::string& period) {
    if (period == "month") return "每月";
    if (period == "quarter") return "每季度";
    if (period == "half_year") return "每半年";
    return "每年";
}

/// 年度 meetings (组织生活会, 民主评议党员): the "2024年度" session is normally held in January–March 2025
/// (practice.md §5: a 2024年度 notice set 2025-03-28). A meeting counts for the year it is held for, and
/// that year is judged only once its due date in the next year (`annual_due_by`, default 03-31) has passed.
void check_annual(const records::Dataset& data, const MeetingKind& kind, const CheckOptions& options,
                  std::vector<Finding>& out) {
    const Cadence& cadence = *kind.cadence;
    const int due_month = cadence.annual_due_by->first;
    auto due = [&cadence](int year) { return cadence.annual_due(year); };
    std::optional<int> first, last;
    std::set<std::string> files;
    struct Held { int year; core::PartialDate date; };
    std::vector<Held> held;
    for (const auto& m : data.meetings) {
        if (!m.date.date) continue;
        first = std::min(first.value_or(m.date.date->year), m.date.date->year);
        last = std::max(last.value_or(m.date.date->year), m.date.date->year);
        if (!records::is_kind(m, kind.name)) continue;
        const int year = m.for_year.value_or(m.date.date->year);
        first = std::min(*first, year);
        held.push_back({year, *m.date.date});
        files.insert(m.where.file);
    }
    if (!first) return;
    const std::string file = files.size() == 1 ? *files.begin() : "";
    for (int year = *first; year <= std::min(*last, 9998); ++year) {  // 9999's due date would be in year 10000
        const core::PartialDate by = due(year);
        if (!(by < options.as_of)) continue;  // not yet due
        if (data.organisation && data.organisation->founded.full() && year < data.organisation->founded.date->year) continue;
        int count = 0, late = 0;
        for (const auto& h : held) {
            if (h.year != year) continue;
            if (h.date.last_day() <= by) ++count;
            else ++late;
        }
        if (count >= cadence.min) continue;
        const std::string y = std::to_string(year);
        std::string message = y + "年度" + (count == 0 ? "没有" : "只有" + std::to_string(count) + "次") + kind.name +
                              "记录（应每年至少" + std::to_string(cadence.min) + "次，最迟于" + std::to_string(year + 1) + "年" +
                              std::to_string(due_month) + "月" + std::to_string(by.day) + "日前召开" +
                              (late ? "；另有" + std::to_string(late) + "次在此之后召开" : "") + "）";
        out.push_back({rule_id::cadence_gap, cadence.severity, core::Location{file, 0, 0, kind.name, ""}, y,
                       {core::make_date(year, 1, 1).iso(), by.iso()}, message,
                       cadence.basis + "；年度会议可于次年" + std::to_string(due_month) + "月" + std::to_string(by.day) +
                           "日前召开（规则集 annual_due_by）"});
    }
}

}  // namespace

void check_cadence(const records::Dataset& data, const RuleBook& book, const CheckOptions& options,
                   std::vector<Finding>& out) {
    // The span judged: from 1 January of the earliest dated record to the earlier of the check date and
    // 31 December of the latest record's year. Periods not yet over on the check date are not judged.
    std::optional<int> first_year, last_year;
    std::set<std::string> files;
    for (const auto& m : data.meetings) {
        if (!m.date.date) continue;
        first_year = std::min(first_year.value_or(m.date.date->year), m.date.date->year);
        last_year = std::max(last_year.value_or(m.date.date->year), m.date.date->year);
        files.insert(m.where.file);
    }
    if (!first_year) return;
    core::PartialDate until = core::make_date(*last_year, 12, 31);
    if (options.as_of < until) until = options.as_of;
    const std::string file = files.size() == 1 ? *files.begin() : "";

    const bool has_committee =
        data.organisation && (!data.organisation->committee.members.empty() || data.organisation->full_member_count() >= 7);
    std::vector<std::string> groups;
    if (data.organisation) groups = data.organisation->groups;
    std::optional<core::PartialDate> founded;
    if (data.organisation && data.organisation->founded.full()) founded = *data.organisation->founded.date;

    const Profile& profile = book.for_date(until);
    for (const auto& kind : profile.meeting_kinds) {
        if (!kind.cadence) continue;
        const Cadence& cadence = *kind.cadence;
        if (cadence.requires_committee && !has_committee) continue;
        if (cadence.annual_due_by) {
            check_annual(data, kind, options, out);
            continue;
        }
        // `"groups": []` says the branch has no 党小组 (a small branch, 支部工作条例 Art 13 allows it):
        // a kind held per 党小组 is then not due at all. An absent "groups" key says nothing.
        if (cadence.per_group && groups.empty() && data.organisation && data.organisation->json &&
            data.organisation->json->has("groups"))
            continue;
        // One series per 党小组 when the kind is per group and the groups are known; else one for the branch.
        std::vector<std::string> series = cadence.per_group && !groups.empty() ? groups : std::vector<std::string>{""};
        for (const auto& group : series) {
            std::vector<core::PartialDate> dates;
            for (const auto& m : data.meetings)
                if (records::is_kind(m, kind.name) && m.date.date && (group.empty() || m.group == group))
                    dates.push_back(*m.date.date);
            // By first day, so that each period looks only at the dates starting inside it (an audit of a
            // large tree passes tens of thousands of dates here).
            std::vector<std::pair<core::PartialDate, core::PartialDate>> spans;
            spans.reserve(dates.size());
            for (const auto& d : dates) spans.emplace_back(d.first_day(), d.last_day());
            std::sort(spans.begin(), spans.end());
            for (const auto& period : periods_between(cadence.period, *first_year, until)) {
                // A record counts for a period only when its date lies wholly inside it: a meeting dated
                // just "2025年" cannot show that January had its 支委会.
                // A period that ended before the branch was founded owes nothing; the founding month counts.
                if (founded && period.last < *founded) continue;
                int count = 0;
                for (auto it = std::lower_bound(spans.begin(), spans.end(), std::make_pair(period.first, period.first),
                                                [](const auto& a, const auto& b) { return a.first < b.first; });
                     it != spans.end() && it->first <= period.last; ++it)
                    count += it->second <= period.last ? 1 : 0;
                if (count >= cadence.min) continue;
                const std::string who = group.empty() ? kind.name : group + kind.name;
                std::string message = period.words + (count == 0 ? "没有" : "只有" + std::to_string(count) + "次") +
                                      who + "记录（应" + period_words(cadence.period) + "至少" +
                                      std::to_string(cadence.min) + "次）";
                out.push_back({rule_id::cadence_gap, cadence.severity, core::Location{file, 0, 0, who, ""},
                               period.label, {period.first.iso(), period.last.iso()}, message, cadence.basis});
            }
        }
    }
}

}  // namespace dangan::rules
