// 党费收缴台账 (党费规定 2008, 党章): months missing, 自行脱党 after six consecutive unpaid months,
// back-payment beyond six months, amounts against the rate table, and 预备党员 paying from the day
// of the 支部大会 resolution.
#include "rules/check.hpp"
#include "rules/dues.hpp"
#include "core/suggest.hpp"
#include "core/unicode_text.hpp"

#include <cmath>
#include <cstdio>

namespace dangan::rules {

using core::PartialDate;
using core::Severity;

std::optional<PartialDate> first_dues_month(const records::Member* member, int year) {
    if (member && member->joined.full()) {
        const auto& joined = *member->joined.date;
        if (joined.year > year) return std::nullopt;
        if (joined.year == year) return core::make_month(year, joined.month);
    }
    return core::make_month(year, 1);
}

std::vector<PartialDate> due_months(int year, const PartialDate& first, const PartialDate& as_of) {
    std::vector<PartialDate> out;
    for (int m = first.year == year ? first.month : 1; m <= 12; ++m) {
        const auto month = core::make_month(year, m);
        if (as_of < month.last_day()) break;
        out.push_back(month);
    }
    return out;
}

const records::DuesPayment* payment_for(const records::DuesAccount& account, const PartialDate& month) {
    for (const auto& p : account.payments)
        if (p.month.date && p.month.date->precision == core::DatePrecision::month && *p.month.date == month) return &p;
    return nullptr;
}

std::string month_list(const std::vector<PartialDate>& months) {
    std::string out;
    int year = 0;
    for (const auto& m : months) {
        if (!out.empty()) out += "、";
        out += (m.year != year ? std::to_string(m.year) + "年" : std::string()) + std::to_string(m.month) + "月";
        year = m.year;
    }
    return out;
}

namespace {


std::string month_words(const PartialDate& m) { return std::to_string(m.year) + "年" + std::to_string(m.month) + "月"; }

class LedgerCheck {
public:
    LedgerCheck(const records::DuesLedger& ledger, const records::Dataset& data, const RuleBook& book,
                const CheckOptions& options, std::vector<Finding>& out)
        : ledger_(ledger), data_(data), options_(options), out_(out),
          rules_(book.for_date(core::make_date(ledger.year > 0 ? ledger.year : 2000, 1, 1)).dues),
          basis_(rules_.basis) {}

    void run() {
        if (ledger_.year <= 0) return;  // the loader has reported the missing year
        for (const auto& account : ledger_.accounts) check_account(account);
        check_members_without_account();
    }

private:
    const records::Member* member(const std::string& name) const {
        if (!data_.organisation) return nullptr;
        for (const auto& m : data_.organisation->members)
            if (core::comparable_person_name(m.name) == core::comparable_person_name(name)) return &m;
        return nullptr;
    }

    void add(const char* rule, Severity severity, core::Location where, const std::string& record,
             std::string message, std::vector<std::string> dates = {}, std::string period = "") {
        where.record = record;
        out_.push_back({rule, severity, std::move(where), std::move(period), std::move(dates), std::move(message), basis_});
    }

    void check_account(const records::DuesAccount& a) {
        const std::string record = ledger_.id + " " + a.member;
        const records::Member* m = member(a.member);
        if (data_.organisation && !m)
            add(rule_id::record_inconsistent, Severity::warning, a.where, record,
                "党费台账中的“" + a.member + "”不在支部党员名册中");
        const std::string category = a.category.empty() ? rules_.default_category : a.category;
        if (!rules_.known(category)) {
            // Say which categories exist, the nearest one, and how a local profile adds one.
            std::string list;
            for (const auto& c : rules_.categories()) list += (list.empty() ? "" : "、") + c;
            const auto close = core::closest_name(category, rules_.categories());
            add(rule_id::dues_amount, Severity::error, a.where, record,
                "党费类别“" + category + "”在规则集中没有比例表或固定金额" +
                    (close ? "（是不是“" + *close + "”？）" : "") + "；已有类别：" + list +
                    "。如需新增，在本地规则集中写 \"dues\": {\"fixed\": {\"" + category +
                    "\": 0.2}}（每月固定金额）或 \"ranges\": {\"" + category + "\": {\"min\": 0.2, \"max\": 1}}");
        }

        const auto first = first_dues_month(m, ledger_.year);
        for (const auto& p : a.payments) check_payment(a, p, category, first, record);
        if (!first) return;

        // Months missing: every month that has ended since the member had to pay.
        const auto months = due_months(ledger_.year, *first, options_.as_of);
        std::vector<PartialDate> missing;
        for (const auto& month : months) {
            const auto* p = payment_for(a, month);
            if (!p || !p->paid.present()) missing.push_back(month);
        }
        if (!missing.empty())
            add(rule_id::dues_missing, Severity::error, a.where, record,
                a.member + "缺少" + std::to_string(missing.size()) + "个月的党费交纳记录：" + month_list(missing),
                {missing.front().iso(), missing.back().iso()}, std::to_string(ledger_.year));

        // 自行脱党: a window of N consecutive months none of which was paid by the window's end.
        if (!a.lapse_reason.empty()) return;
        const int n = rules_.lapse_months;
        for (size_t start = 0; n > 0 && start + n <= months.size(); ++start) {
            const auto window_end = months[start + n - 1].last_day();
            bool all_unpaid = true;
            for (size_t k = start; k < start + n && all_unpaid; ++k) {
                const auto* p = payment_for(a, months[k]);
                if (p && p->paid.full() && !(window_end < *p->paid.date)) all_unpaid = false;
            }
            if (!all_unpaid) continue;
            add(rule_id::dues_lapse, Severity::warning, a.where, record,
                a.member + "连续" + std::to_string(n) + "个月（" + month_words(months[start]) + "至" +
                    month_words(months[start + n - 1]) +
                    "）未交纳党费：没有正当理由的，按自行脱党处理，请支部及时谈话核实（有正当理由的请在 lapse_reason 中写明）",
                {months[start].iso(), months[start + n - 1].iso()});
            break;  // one warning per member is enough
        }
    }

    void check_payment(const records::DuesAccount& a, const records::DuesPayment& p, const std::string& category,
                       const std::optional<PartialDate>& first, const std::string& record) {
        if (p.month.present() && !p.month.date) {
            add(rule_id::date_invalid, Severity::error, p.month.where, record, "交纳月份无效：" + p.month.error);
            return;
        }
        if (!p.month.date) return;  // the loader has reported the missing month
        const auto month = *p.month.date;
        if (month.precision != core::DatePrecision::month) {
            add(rule_id::date_invalid, Severity::error, p.month.where, record,
                "交纳月份“" + p.month.raw + "”应写成年月，如 " + std::to_string(ledger_.year) + "-03");
            return;
        }
        if (month.year != ledger_.year)
            add(rule_id::record_inconsistent, Severity::error, p.month.where, record,
                "交纳月份“" + p.month.raw + "”不在台账年度" + std::to_string(ledger_.year) + "年内");
        if (first && month.year == first->year && month < *first)
            add(rule_id::dues_start, Severity::warning, p.month.where, record,
                a.member + "为" + month_words(month) + "交纳党费，早于应交起始月" + month_words(*first) +
                    "（预备党员自支部大会通过之日起交纳党费）",
                {month.iso(), first->iso()});

        if (p.paid.present()) {
            if (!p.paid.date) {
                add(rule_id::date_invalid, Severity::error, p.paid.where, record, "交纳日期无效：" + p.paid.error);
            } else if (!p.paid.full()) {
                add(rule_id::date_partial, Severity::error, p.paid.where, record,
                    "交纳日期“" + p.paid.raw + "”不完整：应写明年月日");
            } else {
                const auto paid = *p.paid.date;
                if (options_.as_of < paid)
                    add(rule_id::date_future, Severity::error, p.paid.where, record,
                        "交纳日期“" + p.paid.raw + "”晚于检查日期 " +
                            core::format_date(options_.as_of, core::DateStyle::gbt9704),
                        {paid.iso()});
                const auto limit = core::add_months(month.last_day(), rules_.backpay_max_months);
                if (limit < paid)
                    add(rule_id::dues_backpay, Severity::warning, p.paid.where, record,
                        a.member + month_words(month) + "的党费于" + core::format_date(paid, core::DateStyle::gbt9704) +
                            "补交，超过" + std::to_string(rules_.backpay_max_months) + "个月（应不晚于" +
                            core::format_date(limit, core::DateStyle::gbt9704) + "）",
                        {month.iso(), paid.iso()});
            }
            if (!p.amount)
                add(rule_id::record_incomplete, Severity::error, p.where, record,
                    a.member + month_words(month) + "已记交纳日期，但没有金额");
        }

        // The amount against the rate table; a written rate against the table's rate for the base.
        const auto base = p.base ? p.base : a.base;
        const auto written_rate = p.rate ? p.rate : a.rate;
        if (base && !rules_.fixed.count(category)) {
            if (const auto table_rate = rules_.rate_for(category, *base);
                table_rate && written_rate && std::abs(*written_rate - *table_rate) > 1e-9)
                add(rule_id::dues_amount, Severity::warning, p.where, record,
                    a.member + month_words(month) + "按" + format_rate(*written_rate) + "计交，计费基数" + format_money(*base) +
                        "元（" + category + "）按比例表应为" + format_rate(*table_rate));
        }
        if (!p.amount) return;
        if (auto range = rules_.ranges.find(category); range != rules_.ranges.end() && !rules_.fixed.count(category)) {
            // 农民: 0.2–1 元 a month, the amount set by the province (2008 规定); a local profile that
            // states the province's amount in "fixed" is checked exactly instead.
            const auto [lo, hi] = range->second;
            if (*p.amount < lo - 1e-9 || *p.amount > hi + 1e-9)
                add(rule_id::dues_amount, Severity::warning, p.where, record,
                    a.member + month_words(month) + "交纳" + format_money(*p.amount) + "元，" + category + "每月应在" +
                        format_money(lo) + "至" + format_money(hi) + "元之间（具体标准由省级党委确定）",
                    {month.iso()});
            return;
        }
        const auto expected = rules_.amount_for(category, base);
        if (!expected) {
            if (!rules_.fixed.count(category) && !base)
                add(rule_id::record_incomplete, Severity::warning, p.where, record,
                    a.member + month_words(month) + "没有计费基数（base），无法核对金额");
            return;
        }
        if (std::abs(*p.amount - *expected) > rules_.tolerance + 1e-9)
            add(rule_id::dues_amount, Severity::warning, p.where, record,
                a.member + month_words(month) + "交纳" + format_money(*p.amount) + "元，按" +
                    (rules_.fixed.count(category) ? category + "每月固定" + format_money(*expected) + "元"
                                                  : "计费基数" + format_money(*base) + "元、比例" +
                                                        format_rate(*rules_.rate_for(category, *base)) + "应为" +
                                                        format_money(*expected) + "元"),
                {month.iso()});
    }

    // A member of the branch who must pay in the ledger's year but has no account at all.
    void check_members_without_account() {
        if (!data_.organisation) return;
        for (const auto& m : data_.organisation->members) {
            bool found = false;
            for (const auto& a : ledger_.accounts)
                found = found || core::comparable_person_name(a.member) == core::comparable_person_name(m.name);
            if (found) continue;
            const auto first = first_dues_month(&m, ledger_.year);
            if (!first || due_months(ledger_.year, *first, options_.as_of).empty()) continue;
            add(rule_id::dues_missing, Severity::error, ledger_.where, ledger_.id,
                "党费台账中没有党员" + m.name + "的交纳记录", {}, std::to_string(ledger_.year));
        }
    }

    const records::DuesLedger& ledger_;
    const records::Dataset& data_;
    const CheckOptions& options_;
    std::vector<Finding>& out_;
    const DuesRules& rules_;
    std::string basis_;
};

}  // namespace

void check_dues(const records::Dataset& data, const RuleBook& book, const CheckOptions& options,
                std::vector<Finding>& out) {
    for (const auto& ledger : data.dues) LedgerCheck(ledger, data, book, options, out).run();
}

std::string format_money(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", value);
    return buffer;
}

std::string format_rate(double rate) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g%%", rate * 100.0);
    return buffer;
}

}  // namespace dangan::rules
