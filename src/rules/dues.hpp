// 党费收缴台账 (党费规定 2008, 党章): the month arithmetic shared by check_dues and the reminder table.
#pragma once

#include "core/date.hpp"
#include "records/model.hpp"
#include "rules/finding.hpp"

#include <optional>
#include <vector>

namespace dangan::rules {

// Rule ids: rule_id::dues_missing, dues_lapse, dues_backpay, dues_amount, dues_start (finding.hpp).

/// The first month a member pays for: the month of the 支部大会 resolution (joined) for a member who
/// joined in or after `year`, else January of `year`. nullopt when the member joined after `year`.
std::optional<core::PartialDate> first_dues_month(const records::Member* member, int year);

/// The months of `year` that have ended on `as_of` (a month is due once its last day has come),
/// from `first` on. Month-precision dates.
std::vector<core::PartialDate> due_months(int year, const core::PartialDate& first, const core::PartialDate& as_of);

/// The payment recorded for `month` (month precision), or nullptr.
const records::DuesPayment* payment_for(const records::DuesAccount& account, const core::PartialDate& month);

/// "2025年3月、4月、6月" (one year) or "2024年12月、2025年1月".
std::string month_list(const std::vector<core::PartialDate>& months);

/// 147.9 → "147.90" (元, two decimals as ledgers print them).
std::string format_money(double value);
/// 0.015 → "1.5%".
std::string format_rate(double rate);

}  // namespace dangan::rules
