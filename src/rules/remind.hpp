// 工作提醒表 (`dangan remind`): what is due, overdue or coming on one day: this period's meetings,
// the committee's term, each applicant's next step with its deadline, and dues months missing.
// The development schedule (earliest and latest date of each step) is also what the 发展党员纪实簿
// prints in its step table.
#pragma once

#include "core/date.hpp"
#include "records/model.hpp"
#include "rules/profile.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dangan::rules {

/// When a development step may happen and by when it must, from the interval rules of the profile in
/// force on the date of each rule's starting event (so a dossier straddling 2026-05-18 gets the 2014
/// rules for earlier steps and the provisional 2026 ones after).
struct StepSchedule {
    int step = 0;
    std::optional<core::PartialDate> earliest;  ///< not before (e.g. 发展对象 12 months after 积极分子)
    std::optional<core::PartialDate> due;       ///< not after (the tightest limit)
    std::string earliest_basis, due_basis;      ///< the rules' messages, for the printed table
    std::string earliest_rule, due_rule;        ///< interval ids (R04, R02 …)
};

/// The schedule of every step that some interval rule constrains, by step number. The 预备期满 date
/// is the 支部大会 resolution (step 15) + probation + any extension months.
std::map<int, StepSchedule> development_schedule(const records::DevelopmentDossier& dossier, const RuleBook& book);

/// 预备期满: step 15 + probation months (+ extension), or nullopt before step 15.
std::optional<core::PartialDate> probation_end(const records::DevelopmentDossier& dossier, const RuleBook& book);

/// overdue: a deadline has passed; due: a deadline (or the day a step becomes possible) is inside the
/// look-ahead; open: a step with no deadline that may be taken since a day already past (可办理 — it
/// would read as missed beside 近期到期); upcoming: later, or no date at all.
enum class ReminderStatus { overdue, due, open, upcoming };

struct Reminder {
    std::string category;   ///< 会议, 换届, 发展党员, 党费
    std::string subject;    ///< who or what: 支部委员会, 第一党小组党小组会, 何雨欣, 王建华
    ReminderStatus status = ReminderStatus::upcoming;
    std::optional<core::PartialDate> due;       ///< deadline (or the day from which the step may happen)
    std::string message;    ///< readable Chinese
    std::string basis;
};

struct RemindOptions {
    core::PartialDate as_of;
    std::optional<int> within_days;  ///< look-ahead; default: the profile's remind.within_days
};

/// Every reminder on `as_of`, overdue first, then by deadline, category and subject.
std::vector<Reminder> remind(const records::Dataset& data, const RuleBook& book, const RemindOptions& options);

const char* to_string(ReminderStatus status);  ///< "overdue", "due", "open", "upcoming"
const char* status_words(ReminderStatus status);  ///< 已逾期, 近期到期, 可办理, 待办

/// Text table, JSON ({"as_of", "within_days", "reminders": [...], "summary"}).
std::string reminders_to_text(const std::vector<Reminder>& reminders, const core::PartialDate& as_of, int within_days);
std::string reminders_to_json(const std::vector<Reminder>& reminders, const core::PartialDate& as_of, int within_days);

}  // namespace dangan::rules
