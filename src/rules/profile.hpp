// Rule sets as data: a profile file names the meeting kinds and their cadences, the development
// steps, their order and intervals, the election chain and the term rules. Profiles extend one
// another, and the one in force is chosen by the event's date.
#pragma once

#include "core/date.hpp"
#include "core/diagnostic.hpp"
#include "records/loader.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace dangan::rules {

/// A fraction with a comparison, such as "> 4/5" or ">= 1/2". Store the operator: the texts use both.
struct Threshold {
    std::string op = ">";  ///< ">" or ">="
    int numerator = 1;
    int denominator = 2;
    std::string basis;

    /// Whether `count` meets the threshold of `total` (exact integer arithmetic).
    bool met(int count, int total) const;
    std::string describe() const;  ///< "超过 4/5" or "达到 1/2"
};

struct Cadence {
    std::string period;  ///< "month", "quarter", "half_year" or "year"
    int min = 1;
    core::Severity severity = core::Severity::warning;
    bool per_group = false;           ///< one sequence per 党小组
    bool requires_committee = false;  ///< only branches with a 支委会
    /// 年度 meetings (组织生活会, 民主评议): a meeting counts for the year it is held for (its "year", or
    /// "2024年度" in its title, else its date's year) and is due by this (month, day) of the next year
    /// ("annual_due_by": "03-31"; practice.md §5: a 2024年度 session due by 2025-03-28). `check` and the
    /// audit of hand-made folders both read it. Unset for other kinds.
    std::optional<std::pair<int, int>> annual_due_by;
    std::string basis;

    /// The day the `year`'s 年度 session is due by: annual_due_by in the next year (clamped to the month's
    /// length). Only for kinds with annual_due_by.
    core::PartialDate annual_due(int year) const;
};

struct MeetingKind {
    std::string name;
    std::vector<std::string> aliases;
    std::optional<Cadence> cadence;
};

/// A time constraint between two events of a development dossier.
struct Interval {
    std::string id;
    std::string from, to;  ///< step numbers as text ("1".."25"), "birth" or "probation_end"
    std::optional<int> min_months, max_months, min_days;
    core::Severity severity = core::Severity::error;
    std::string message;
    std::string basis;
};

struct DevelopmentRules {
    std::vector<std::string> steps;              ///< names of steps 1..N
    std::vector<std::vector<int>> order;         ///< chains of step numbers that must be in date order
    std::vector<int> filings;                    ///< 备案 steps that must be present once a later step is
    int age_min = 18;
    int contacts_min = 1, contacts_max = 2;
    int introducers = 2;
    double training_days = 3, training_hours = 24;
    std::string training_basis;
    int review_window_months = 6;
    int probation_months = 12;
    int extension_min = 6, extension_max = 12;
    std::optional<int> thought_report_months;
    int leaving_soon_months = 3;
    std::optional<int> notice_working_days;
    std::vector<Interval> intervals;
};

struct ElectionRules {
    std::map<std::string, std::vector<std::string>> steps;  ///< canonical → aliases
    std::vector<std::string> chain;                          ///< required, in this order
    std::vector<std::pair<std::string, std::string>> same_day_allowed;
    Threshold quorum;
    double candidate_margin = 0.2;
    Threshold winner;
};

struct TermRules {
    std::map<std::string, int> years_by_type;
    int default_years = 3;
    int max_delay_months = 12;
    int remind_months = 6;
    std::string basis;
    int years_for(const std::string& organisation_type) const;
};

struct VoteRules {
    Threshold quorum, majority;
    bool secret_ballot_for_admission = true;
};

/// One step of a 党费 rate table: monthly base up to `up_to` (inclusive; none = no upper bound) pays `rate`.
struct DuesBracket {
    std::optional<double> up_to;
    double rate = 0;
};

/// 党费 rules (2008 中组部规定): rate tables by member category, fixed monthly amounts, and the limits
/// the dues checks and the reminder table use.
struct DuesRules {
    std::map<std::string, std::vector<DuesBracket>> rates;  ///< category (在职, 离退休) → brackets, ascending
    std::map<std::string, double> fixed;                    ///< category (学生, 低保 …) → 元 per month
    /// category (农民) → the range of 元 per month within which the province sets the amount
    std::map<std::string, std::pair<double, double>> ranges;
    std::string default_category = "在职";
    int lapse_months = 6;          ///< consecutive months without dues → 自行脱党 warning
    int backpay_max_months = 6;    ///< back-payment generally not more than 6 months late
    double tolerance = 0.01;       ///< 元: rounding a computed amount to 分 may differ by this much
    std::string basis;

    /// The rate for `base` in `category`; nullopt for an unknown or fixed-amount category.
    std::optional<double> rate_for(const std::string& category, double base) const;
    /// A category with a rate table, a fixed amount or a range.
    bool known(const std::string& category) const;
    /// Every category the rules know, rate tables first.
    std::vector<std::string> categories() const;
    /// The expected monthly amount in 元 (rounded to 分); nullopt when it cannot be computed.
    std::optional<double> amount_for(const std::string& category, std::optional<double> base) const;
};

/// The reminder table (`dangan remind`).
struct RemindRules {
    int within_days = 30;  ///< default look-ahead
};

struct Profile {
    std::string id, title, status;  ///< status: confirmed, provisional or local
    core::PartialDate effective_from;
    std::string file;
    std::vector<MeetingKind> meeting_kinds;
    VoteRules votes;
    DevelopmentRules development;
    ElectionRules election;
    TermRules term;
    DuesRules dues;
    RemindRules remind;

    const MeetingKind* meeting_kind(const std::string& name) const;
    bool provisional() const { return status == "provisional"; }
};

/// The profiles of one run. Without a chosen profile, the shipped national ones apply by date;
/// with one (`--profile`), it applies to every date.
class RuleBook {
public:
    /// Loads every profile in `directory` (resolving "extends"); `chosen` is a profile id or a file path.
    /// Throws core::InputError naming the file, key and what was expected for a bad profile.
    static RuleBook load(const std::filesystem::path& directory, const std::optional<std::string>& chosen);

    /// The profile in force on `date` (the chosen one if any; else the latest whose effective_from ≤ date,
    /// or the earliest for older dates).
    const Profile& for_date(const std::optional<core::PartialDate>& date) const;

    /// The profile whose vocabulary reads the data (the chosen one, else the latest national one).
    const Profile& base() const;

    records::Vocabulary vocabulary() const;
    const std::vector<Profile>& profiles() const { return profiles_; }

    /// Warnings from loading, such as unknown (misspelt) keys, each naming file, line and key. The
    /// caller prints them; they do not stop the run.
    const std::vector<core::Diagnostic>& warnings() const { return warnings_; }

private:
    std::vector<Profile> profiles_;  ///< sorted by effective_from
    std::vector<core::Diagnostic> warnings_;
    std::optional<size_t> chosen_;
};

}  // namespace dangan::rules
