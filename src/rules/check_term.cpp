// Term of the branch committee (R30): elected date + term years must not have passed without an
// approved delay, and a delay may not exceed the maximum (generally one year).
#include "rules/check.hpp"

namespace dangan::rules {

void check_term(const records::Dataset& data, const RuleBook& book, const CheckOptions& options,
                std::vector<Finding>& out) {
    if (!data.organisation) return;
    const auto& org = *data.organisation;
    // The latest known election: the committee's recorded date, or a later 选举大会 in an election dossier.
    std::optional<core::PartialDate> elected = org.committee.elected.full() ? org.committee.elected.date : std::nullopt;
    for (const auto& e : data.elections)
        if (const auto* step = e.find("选举大会"); step && step->date.full() && step->date.date <= options.as_of)
            if (!elected || *elected < *step->date.date) elected = step->date.date;
    if (!elected) return;

    const Profile& profile = book.for_date(elected);
    const int years = org.committee.term_years.value_or(profile.term.years_for(org.type));
    const auto expiry = core::add_months(*elected, 12 * years);
    core::Location where = org.committee.elected.where;
    if (where.file.empty()) where = org.where;
    where.record = org.name;
    const std::string expiry_words = core::format_date(expiry, core::DateStyle::gbt9704);
    const auto& delay = org.committee.delay_until;
    const auto latest_delay = core::add_months(expiry, profile.term.max_delay_months);

    if (delay.full() && latest_delay < *delay.date)
        out.push_back({rule_id::term_expired, core::Severity::error, delay.where, "", {expiry.iso(), delay.date->iso()},
                       "延期换届至" + delay.raw + "，超过任期届满（" + expiry_words + "）后" +
                           std::to_string(profile.term.max_delay_months) + "个月的上限",
                       profile.term.basis});
    if (expiry < options.as_of) {
        const bool covered = delay.full() && options.as_of <= *delay.date && !(latest_delay < *delay.date);
        if (!covered)
            out.push_back({rule_id::term_expired, core::Severity::error, where, "", {elected->iso(), expiry.iso()},
                           "本届支委会" + core::format_date(*elected, core::DateStyle::gbt9704) + "选举产生，任期" +
                               std::to_string(years) + "年，已于" + expiry_words + "届满，未见经批准的延期",
                           profile.term.basis});
    } else if (core::add_months(options.as_of, profile.term.remind_months) >= expiry) {
        out.push_back({rule_id::term_expired, core::Severity::info, where, "", {expiry.iso()},
                       "本届支委会任期将于" + expiry_words + "届满，应提前做好换届准备（向上级党委请示）",
                       profile.term.basis});
    }
}

}  // namespace dangan::rules
