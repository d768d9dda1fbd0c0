// 党费收缴台账 checks (党费规定 2008, 党章): rule ids and the month arithmetic shared by
// check_dues and the reminder table.
#pragma once

#include "core/date.hpp"
#include "records/model.hpp"
#include "rules/finding.hpp"

#include <optional>
#include <vector>

namespace dangan::rules {

namespace rule_id {
inline constexpr const char* dues_missing = "dues.missing";  ///< a month due and not recorded as paid
inline constexpr const char* dues_lapse = "dues.lapse";      ///< N consecutive months unpaid → 自行脱党 warning
inline constexpr const char* dues_backpay = "dues.backpay";  ///< paid more than N months late
inline constexpr const char* dues_amount = "dues.amount";    ///< amount or rate not as the rate table says
inline constexpr const char* dues_start = "dues.start";      ///< a month before the member had to pay
}  // namespace rule_id

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

}  // namespace dangan::rules
