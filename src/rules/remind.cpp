#include "rules/remind.hpp"

#include "rules/dues.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <sstream>

namespace dangan::rules {

using core::PartialDate;

namespace {

std::string words(const PartialDate& d) { return core::format_date(d, core::DateStyle::gbt9704); }

std::optional<PartialDate> step_date(const records::DevelopmentDossier& d, int n) {
    const auto* s = d.step(n);
    return s && s->date.full() ? s->date.date : std::nullopt;
}

bool is_step_number(const std::string& event) {
    return !event.empty() && event.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

std::optional<PartialDate> probation_end(const records::DevelopmentDossier& d, const RuleBook& book) {
    const auto resolution = step_date(d, 15);
    if (!resolution) return std::nullopt;
    const Profile& p = book.for_date(resolution);
    return core::add_months(*resolution, p.development.probation_months + d.extension_months.value_or(0));
}

std::map<int, StepSchedule> development_schedule(const records::DevelopmentDossier& d, const RuleBook& book) {
    std::map<int, StepSchedule> out;
    auto event = [&](const std::string& name) -> std::optional<PartialDate> {
        if (name == "birth") return d.birth_date.full() ? d.birth_date.date : std::nullopt;
        if (name == "probation_end") return probation_end(d, book);
        if (is_step_number(name)) return step_date(d, std::stoi(name));
        return std::nullopt;
    };
    // The same selection as the interval checks: each rule is judged under the profile in force on the
    // date of its starting event; a local profile only when it is the chosen one.
    for (const auto& p : book.profiles()) {
        if (p.status == "local" && &book.for_date(std::nullopt) != &p) continue;
        for (const auto& rule : p.development.intervals) {
            if (!is_step_number(rule.to)) continue;
            const auto from = event(rule.from);
            if (!from || &book.for_date(from) != &p) continue;
            const int to = std::stoi(rule.to);
            StepSchedule& s = out[to];
            s.step = to;
            std::optional<PartialDate> earliest;
            if (rule.min_months) earliest = core::add_months(*from, *rule.min_months);
            if (rule.min_days) earliest = core::add_days(*from, *rule.min_days);
            if (earliest && (!s.earliest || *s.earliest < *earliest)) {
                s.earliest = earliest;
                s.earliest_basis = rule.message;
                s.earliest_rule = rule.id;
            }
            if (rule.max_months) {
                const auto due = core::add_months(*from, *rule.max_months);
                if (!s.due || due < *s.due) {
                    s.due = due;
                    s.due_basis = rule.message;
                    s.due_rule = rule.id;
                }
            }
        }
    }
    return out;
}

namespace {

class Reminders {
public:
    Reminders(const records::Dataset& data, const RuleBook& book, const RemindOptions& options)
        : data_(data), book_(book), as_of_(options.as_of),
          within_(options.within_days.value_or(book.for_date(options.as_of).remind.within_days)),
          horizon_(core::add_days(options.as_of, within_)) {}

    std::vector<Reminder> run() {
        meetings();
        term();
        developments();
        dues();
        std::stable_sort(out_.begin(), out_.end(), [](const Reminder& a, const Reminder& b) {
            if (a.status != b.status) return a.status < b.status;
            if (a.due.has_value() != b.due.has_value()) return a.due.has_value();
            if (a.due && *a.due != *b.due) return *a.due < *b.due;
            if (a.category != b.category) return a.category < b.category;
            return a.subject < b.subject;
        });
        return std::move(out_);
    }

private:
    ReminderStatus status_for(const PartialDate& deadline) const {
        if (deadline < as_of_) return ReminderStatus::overdue;
        if (deadline <= horizon_) return ReminderStatus::due;
        return ReminderStatus::upcoming;
    }

    void add(std::string category, std::string subject, std::optional<PartialDate> due, ReminderStatus status,
             std::string message, std::string basis) {
        out_.push_back({std::move(category), std::move(subject), status, due, std::move(message), std::move(basis)});
    }

    // This period's meetings of every kind with a cadence; a year cadence of several meetings (党课 4 a
    // year) is spread over the quarters, so "this quarter's 党课" is reminded too.
    void meetings() {
        const Profile& profile = book_.for_date(as_of_);
        const bool has_committee = data_.organisation && (!data_.organisation->committee.members.empty() ||
                                                          data_.organisation->full_member_count() >= 7);
        const std::vector<std::string> groups = data_.organisation ? data_.organisation->groups : std::vector<std::string>{};
        const int quarter = (as_of_.month - 1) / 3 + 1;
        for (const auto& kind : profile.meeting_kinds) {
            if (!kind.cadence) continue;
            const Cadence& c = *kind.cadence;
            if (c.requires_committee && !has_committee) continue;
            if (c.annual_due_by) {
                annual(kind.name, c);
                continue;
            }
            PartialDate first, last;
            std::string period_words;
            int needed = c.min;
            if (c.period == "month") {
                first = core::make_date(as_of_.year, as_of_.month, 1);
                last = core::make_month(as_of_.year, as_of_.month).last_day();
                period_words = "本月";
            } else if (c.period == "quarter") {
                first = core::make_date(as_of_.year, 3 * quarter - 2, 1);
                last = core::make_month(as_of_.year, 3 * quarter).last_day();
                period_words = "本季度";
            } else if (c.period == "half_year") {
                const int half = as_of_.month <= 6 ? 1 : 2;
                first = core::make_date(as_of_.year, half == 1 ? 1 : 7, 1);
                last = core::make_month(as_of_.year, half == 1 ? 6 : 12).last_day();
                period_words = "本半年";
            } else {
                first = core::make_date(as_of_.year, 1, 1);
                last = core::make_date(as_of_.year, 12, 31);
                period_words = "本年度";
                if (c.min > 1) {  // spread over the quarters: by the end of quarter q, ceil(min·q/4)
                    needed = (c.min * quarter + 3) / 4;
                    last = core::make_month(as_of_.year, 3 * quarter).last_day();
                    period_words = "本年度至本季度末";
                }
            }
            std::vector<std::string> series = c.per_group && !groups.empty() ? groups : std::vector<std::string>{""};
            for (const auto& group : series) {
                int held = 0;
                for (const auto& m : data_.meetings)
                    if (records::is_kind(m, kind.name) && m.date.full() && (group.empty() || m.group == group) &&
                        first <= *m.date.date && *m.date.date <= as_of_)
                        ++held;
                if (held >= needed) continue;
                const std::string who = group.empty() ? kind.name : group + kind.name;
                add("会议", who, last, status_for(last),
                    period_words + "应召开" + std::to_string(needed) + "次" + who + "，已召开" + std::to_string(held) +
                        "次，应于" + words(last) + "前召开",
                    c.basis);
            }
        }
    }

    // 年度 meetings (组织生活会, 民主评议党员) as check_cadence judges them: a session counts for the year it is
    // held for ("year", or the meeting's own year) and is due by `annual_due_by` of the next year (03-31). Until
    // that day last year's session is still open (the usual time to hold it); this year's is always listed.
    void annual(const std::string& kind, const Cadence& c) {
        for (int year : {as_of_.year - 1, as_of_.year}) {
            const PartialDate by = c.annual_due(year);
            if (by < as_of_) continue;  // last year's window has closed: `check` reports a missing session
            int held = 0;
            for (const auto& m : data_.meetings)
                if (records::is_kind(m, kind) && m.date.full() && *m.date.date <= as_of_ &&
                    m.for_year.value_or(m.date.date->year) == year)
                    ++held;
            if (held >= c.min) continue;
            add("会议", kind, by, status_for(by),
                std::to_string(year) + "年度应召开" + std::to_string(c.min) + "次" + kind + "，已召开" +
                    std::to_string(held) + "次，应于" + words(by) + "前召开",
                c.basis);
        }
    }

    // The committee's term: expiry within the reminder months, or past without a covering delay.
    void term() {
        if (!data_.organisation) return;
        const auto& org = *data_.organisation;
        std::optional<PartialDate> elected = org.committee.elected.full() ? org.committee.elected.date : std::nullopt;
        for (const auto& e : data_.elections)
            if (const auto* s = e.find("选举大会"); s && s->date.full() && *s->date.date <= as_of_)
                if (!elected || *elected < *s->date.date) elected = s->date.date;
        if (!elected) return;
        const Profile& p = book_.for_date(elected);
        const int years = org.committee.term_years.value_or(p.term.years_for(org.type));
        PartialDate deadline = core::add_months(*elected, 12 * years);
        std::string message = "本届支委会" + words(*elected) + "选举产生，任期" + std::to_string(years) + "年，于" +
                              words(deadline) + "届满";
        if (org.committee.delay_until.full() && deadline < *org.committee.delay_until.date) {
            deadline = *org.committee.delay_until.date;
            message += "，经批准延期至" + words(deadline);
        }
        if (core::add_months(as_of_, p.term.remind_months) < deadline) return;
        message += deadline < as_of_ ? "，已逾期，应立即换届" : "，应提前做好换届准备（请示、候选人预备人选、选举大会）";
        add("换届", org.short_name.empty() ? org.name : org.short_name, deadline, status_for(deadline), message,
            p.term.basis);
    }

    // Each applicant's next step, and every later step with a computed date.
    void developments() {
        for (const auto& d : data_.developments) {
            if (d.steps.empty()) continue;
            const int latest = d.steps.rbegin()->first;
            const Profile& profile = book_.for_date(step_date(d, 1));
            const auto& names = profile.development.steps;
            const int count = static_cast<int>(names.size());
            if (latest >= count) continue;  // 材料归档: the dossier is closed
            auto name = [&](int n) {
                return "第" + std::to_string(n) + "步“" + (n >= 1 && n <= count ? names[n - 1] : "") + "”";
            };
            const auto schedule = development_schedule(d, book_);
            bool next_listed = false;
            for (const auto& [n, s] : schedule) {
                if (n <= latest || d.step(n)) continue;
                if (s.due) {
                    std::string message = name(n) + "：" +
                                          (s.earliest ? "不早于" + words(*s.earliest) + "，" : std::string()) +
                                          "不晚于" + words(*s.due) + "。" + s.due_basis;
                    // A step that becomes possible inside the look-ahead is near even when its limit is later.
                    auto status = status_for(*s.due);
                    if (status == ReminderStatus::upcoming && s.earliest && *s.earliest <= horizon_)
                        status = ReminderStatus::due;
                    add("发展党员", d.name, s.due, status, message, s.due_rule);
                } else if (s.earliest) {
                    // A "not before" date: nothing is late, but the step becomes possible (转正讨论, 发展对象).
                    const auto status = *s.earliest < as_of_      ? ReminderStatus::open
                                        : *s.earliest <= horizon_ ? ReminderStatus::due
                                                                  : ReminderStatus::upcoming;
                    add("发展党员", d.name, s.earliest, status,
                        name(n) + (*s.earliest <= as_of_ ? "：自" + words(*s.earliest) + "起可以进行。"
                                                         : "：最早可于" + words(*s.earliest) + "进行。") +
                            s.earliest_basis,
                        s.earliest_rule);
                }
                if (n == latest + 1) next_listed = true;
            }
            if (!next_listed && latest + 1 <= count)
                add("发展党员", d.name, std::nullopt, ReminderStatus::upcoming,
                    "下一步：" + name(latest + 1) + "（已记录到" + name(latest) + "）", "");
        }
    }

    // Dues months missing in the ledger of the reminder's year, and this month's dues still open.
    void dues() {
        if (data_.dues.empty() || !data_.organisation) return;
        const records::DuesLedger* ledger = nullptr;
        for (const auto& l : data_.dues)
            if (l.year == as_of_.year) ledger = &l;
        const std::string basis = book_.for_date(as_of_).dues.basis;
        if (!ledger) {
            add("党费", std::to_string(as_of_.year) + "年党费收缴台账", std::nullopt, ReminderStatus::overdue,
                "没有" + std::to_string(as_of_.year) + "年的党费收缴台账（kind \"dues\"）", basis);
            return;
        }
        const auto this_month = core::make_month(as_of_.year, as_of_.month);
        for (const auto& m : data_.organisation->members) {
            const records::DuesAccount* account = nullptr;
            for (const auto& a : ledger->accounts)
                if (a.member == m.name) account = &a;
            const auto first = first_dues_month(&m, ledger->year);
            if (!first) continue;
            std::vector<PartialDate> missing;
            for (const auto& month : due_months(ledger->year, *first, as_of_)) {
                const auto* p = account ? payment_for(*account, month) : nullptr;
                if (!p || !p->paid.present()) missing.push_back(month);
            }
            if (!missing.empty()) {
                add("党费", m.name, missing.back().last_day(), ReminderStatus::overdue,
                    "欠交" + std::to_string(missing.size()) + "个月党费：" + month_list(missing) +
                        (missing.size() >= 6 ? "（连续六个月不交纳党费视为自行脱党，请及时谈话）" : ""),
                    basis);
                continue;
            }
            // The month in progress: due at its end.
            const auto* p = account ? payment_for(*account, this_month) : nullptr;
            if (*first <= this_month && this_month.last_day() != as_of_ && (!p || !p->paid.present()) &&
                this_month.last_day() <= horizon_)
                add("党费", m.name, this_month.last_day(), ReminderStatus::due,
                    "本月（" + std::to_string(as_of_.month) + "月）党费尚未交纳", basis);
        }
    }

    const records::Dataset& data_;
    const RuleBook& book_;
    PartialDate as_of_;
    int within_;
    PartialDate horizon_;
    std::vector<Reminder> out_;
};

}  // namespace

std::vector<Reminder> remind(const records::Dataset& data, const RuleBook& book, const RemindOptions& options) {
    return Reminders(data, book, options).run();
}

const char* to_string(ReminderStatus status) {
    switch (status) {
    case ReminderStatus::overdue: return "overdue";
    case ReminderStatus::due: return "due";
    case ReminderStatus::open: return "open";
    case ReminderStatus::upcoming: return "upcoming";
    }
    return "upcoming";
}

const char* status_words(ReminderStatus status) {
    switch (status) {
    case ReminderStatus::overdue: return "已逾期";
    case ReminderStatus::due: return "近期到期";
    case ReminderStatus::open: return "可办理";
    case ReminderStatus::upcoming: return "待办";
    }
    return "待办";
}

std::string reminders_to_text(const std::vector<Reminder>& reminders, const PartialDate& as_of, int within_days) {
    std::ostringstream out;
    out << "工作提醒表  " << words(as_of) << "（提前" << within_days << "天）\n";
    if (reminders.empty()) {
        out << "没有到期或逾期的事项\n";
        return out.str();
    }
    int counts[4] = {0, 0, 0, 0};
    for (const auto& r : reminders) ++counts[static_cast<int>(r.status)];
    std::optional<ReminderStatus> current;
    for (const auto& r : reminders) {
        if (!current || *current != r.status) {
            current = r.status;
            out << "\n【" << status_words(r.status) << "】\n";
        }
        const std::string when = !r.due                               ? std::string("（无期限）")
                                 : r.status == ReminderStatus::open ? "自" + words(*r.due) + "起"
                                                                    : words(*r.due);
        out << "  " << when << "  " << r.category << "  " << r.subject
            << "：" << r.message;
        if (!r.basis.empty()) out << "〔" << r.basis << "〕";
        out << "\n";
    }
    out << "\n共 " << reminders.size() << " 项：已逾期 " << counts[0] << " 项，近期到期 " << counts[1] << " 项，";
    if (counts[2]) out << "可办理 " << counts[2] << " 项，";
    out << "待办 " << counts[3] << " 项\n";
    return out.str();
}

std::string reminders_to_json(const std::vector<Reminder>& reminders, const PartialDate& as_of, int within_days) {
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    int counts[4] = {0, 0, 0, 0};
    for (const auto& r : reminders) {
        Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
        item->set("category", r.category);
        item->set("subject", r.subject);
        item->set("status", std::string(to_string(r.status)));
        if (r.due) item->set("due", r.due->iso());
        item->set("message", r.message);
        if (!r.basis.empty()) item->set("basis", r.basis);
        list->add(item);
        ++counts[static_cast<int>(r.status)];
    }
    Poco::JSON::Object summary;
    summary.set("overdue", counts[0]);
    summary.set("due", counts[1]);
    summary.set("open", counts[2]);
    summary.set("upcoming", counts[3]);
    summary.set("total", static_cast<int>(reminders.size()));
    std::ostringstream out;
    out << "{\"as_of\": \"" << as_of.iso() << "\", \"within_days\": " << within_days << ",\n\"reminders\": ";
    list->stringify(out, 2);
    out << ",\n\"summary\": ";
    summary.stringify(out);
    out << "}\n";
    return out.str();
}

}  // namespace dangan::rules
