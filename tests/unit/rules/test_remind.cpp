// Due dates of the development steps (the 纪实簿's table and the reminder table) and the 工作提醒表.
#include "records/loader.hpp"
#include "rules/remind.hpp"

#include <catch2/catch.hpp>

using namespace dangan;

namespace {

const rules::RuleBook& remind_book() {
    static const auto instance = rules::RuleBook::load(DANGAN_SOURCE_DIR "/profiles", std::nullopt);
    return instance;
}

records::Dataset load(const std::vector<std::string>& files) {
    records::Dataset data;
    core::DiagnosticSink sink;
    int n = 0;
    for (const auto& text : files)
        records::load_json_text(text, "r" + std::to_string(++n) + ".json", remind_book().vocabulary(), data, sink);
    INFO((sink.empty() ? std::string() : sink.all().front().str()));
    REQUIRE(sink.empty());
    return data;
}

/// A development dossier with the given {step, date} pairs.
std::string dossier(const std::vector<std::pair<int, std::string>>& steps, const std::string& name = "赵磊") {
    std::string list;
    for (const auto& [n, date] : steps)
        list += (list.empty() ? "" : ", ") + std::string("{\"step\": ") + std::to_string(n) + ", \"date\": \"" + date + "\"}";
    return R"({"kind": "development", "name": ")" + name + R"(", "steps": [)" + list + "]}";
}

std::map<int, rules::StepSchedule> schedule(const std::vector<std::pair<int, std::string>>& steps) {
    const auto data = load({dossier(steps)});
    return rules::development_schedule(data.developments.at(0), remind_book());
}

std::string iso(const std::optional<core::PartialDate>& d) { return d ? d->iso() : "none"; }

std::vector<rules::Reminder> of(const std::vector<rules::Reminder>& all, const std::string& category) {
    std::vector<rules::Reminder> out;
    for (const auto& r : all)
        if (r.category == category) out.push_back(r);
    return out;
}

}  // namespace

TEST_CASE("R02: the interview is due one month after the application, clamped to the month's end") {
    auto s = schedule({{1, "2025-01-31"}});
    CHECK(iso(s.at(2).due) == "2025-02-28");
    CHECK(s.at(2).due_rule == "R02");
    CHECK(iso(schedule({{1, "2024-01-31"}}).at(2).due) == "2024-02-29");  // leap year
    CHECK(iso(schedule({{1, "2025-03-15"}}).at(2).due) == "2025-04-15");
    CHECK_FALSE(s.at(2).earliest);
}

TEST_CASE("R04: 发展对象 no earlier than 12 months after 积极分子") {
    auto s = schedule({{1, "2023-01-10"}, {2, "2023-02-01"}, {3, "2024-02-29"}});
    CHECK(iso(s.at(7).earliest) == "2025-02-28");  // 2024-02-29 + 12 months, clamped
    CHECK(s.at(7).earliest_rule == "R04");
    CHECK_FALSE(s.at(7).due);
}

TEST_CASE("R12: approval within 3 months of the 支部大会; the tighter of two limits is the due date") {
    auto s = schedule({{15, "2025-11-30"}});
    CHECK(iso(s.at(17).due) == "2026-02-28");  // not R12-max's 2026-05-30
    CHECK(s.at(17).due_rule == "R12");
}

TEST_CASE("the end of 预备期 opens the 转正 discussion (R15) and R16 limits it") {
    const auto data = load({dossier({{15, "2025-06-12"}})});
    const auto& d = data.developments.at(0);
    CHECK(iso(rules::probation_end(d, remind_book())) == "2026-06-12");
    auto s = rules::development_schedule(d, remind_book());
    CHECK(iso(s.at(23).earliest) == "2026-06-12");
    CHECK(iso(s.at(23).due) == "2026-09-12");
    CHECK(s.count(24) == 0);  // R19 starts from step 23, not recorded yet
    // An extension moves the end: 2024-08-31 + 12 + 6 months = 2026-02-28.
    const auto extended = load({R"({"kind": "development", "name": "赵磊", "extension_months": 6,
                                     "steps": [{"step": 15, "date": "2024-08-31"}]})"});
    CHECK(iso(rules::probation_end(extended.developments.at(0), remind_book())) == "2026-02-28");
}

TEST_CASE("the rule set is chosen by the date of each rule's starting event") {
    SECTION("预审 under the 2014 baseline: no deadline for the 支部大会") {
        CHECK(schedule({{13, "2025-06-01"}}).count(15) == 0);
    }
    SECTION("预审 under provisional-2026 (from 2026-05-18): 支部大会 within one month") {
        auto s = schedule({{13, "2026-05-31"}});
        CHECK(iso(s.at(15).due) == "2026-06-30");
        CHECK(s.at(15).due_rule == "R22-2026");
    }
    SECTION("宣誓 one month after approval only when the approval is on or after 2026-05-18") {
        CHECK(schedule({{17, "2026-05-17"}}).count(20) == 0);
        CHECK(iso(schedule({{17, "2026-05-18"}}).at(20).due) == "2026-06-18");
    }
}

TEST_CASE("remind: each applicant's next step with its deadline") {
    const auto data = load({dossier({{1, "2025-12-10"}}, "钱伟")});
    SECTION("due within the look-ahead") {
        const auto r = of(rules::remind(data, remind_book(), {core::make_date(2025, 12, 31), 30}), "发展党员");
        REQUIRE(r.size() == 1);
        CHECK(r[0].subject == "钱伟");
        CHECK(r[0].status == rules::ReminderStatus::due);
        CHECK(iso(r[0].due) == "2026-01-10");
        CHECK(r[0].message == "第2步“党组织派人谈话”：不晚于2026年1月10日。党组织应在收到入党申请书后一个月内派人谈话");
        CHECK(r[0].basis == "R02");
    }
    SECTION("beyond a short look-ahead it is upcoming") {
        const auto r = of(rules::remind(data, remind_book(), {core::make_date(2025, 12, 31), 5}), "发展党员");
        REQUIRE(r.size() == 1);
        CHECK(r[0].status == rules::ReminderStatus::upcoming);
    }
    SECTION("after the deadline it is overdue") {
        const auto r = of(rules::remind(data, remind_book(), {core::make_date(2026, 2, 1), 30}), "发展党员");
        REQUIRE(r.size() == 1);
        CHECK(r[0].status == rules::ReminderStatus::overdue);
    }
    SECTION("a step without a time limit is listed as the next step") {
        const auto later = load({dossier({{1, "2025-01-10"}, {2, "2025-01-20"}}, "钱伟")});
        const auto r = of(rules::remind(later, remind_book(), {core::make_date(2025, 3, 1), 30}), "发展党员");
        REQUIRE(r.size() == 1);
        CHECK(r[0].message == "下一步：第3步“推荐和确定入党积极分子”（已记录到第2步“党组织派人谈话”）");
        CHECK_FALSE(r[0].due);
    }
    SECTION("a 预备党员 is reminded when the 转正 discussion becomes possible") {
        const auto probation = load({dossier({{15, "2025-06-12"}, {16, "2025-06-20"}, {17, "2025-06-27"},
                                              {18, "2025-06-30"}, {19, "2025-06-30"}, {20, "2025-07-01"},
                                              {21, "2025-12-20"}, {22, "2026-05-20"}},
                                             "钱伟")});
        const auto r = of(rules::remind(probation, remind_book(), {core::make_date(2026, 5, 25), 30}), "发展党员");
        REQUIRE(r.size() == 1);
        CHECK(r[0].status == rules::ReminderStatus::due);
        CHECK(iso(r[0].due) == "2026-09-12");
        CHECK(r[0].message == "第23步“支部大会讨论转正”：不早于2026年6月12日，不晚于2026年9月12日。"
                              "预备期满后应及时讨论转正（地方规定一般不超过三个月）");
    }
}

TEST_CASE("remind: a step that only has a 'not before' date") {
    const auto data = load({dossier({{1, "2024-01-10"}, {2, "2024-01-20"}, {3, "2024-03-05"}, {4, "2024-03-12"},
                                     {5, "2024-03-05"}, {6, "2024-09-01"}},
                                    "钱伟")});
    auto r = of(rules::remind(data, remind_book(), {core::make_date(2025, 1, 20), 30}), "发展党员");
    REQUIRE(r.size() == 1);
    CHECK(r[0].status == rules::ReminderStatus::upcoming);
    CHECK(r[0].message == "第7步“确定发展对象”：最早可于2025年3月5日进行。确定为发展对象前须经过一年以上培养教育");
    // On the day itself it is near; from the next day on it is 可办理 (open), not 近期到期 beside a date that
    // reads as missed, and it sorts after the steps that have a deadline.
    r = of(rules::remind(data, remind_book(), {core::make_date(2025, 3, 5), 30}), "发展党员");
    REQUIRE(r.size() == 1);
    CHECK(r[0].status == rules::ReminderStatus::due);
    r = of(rules::remind(data, remind_book(), {core::make_date(2025, 3, 10), 30}), "发展党员");
    REQUIRE(r.size() == 1);
    CHECK(r[0].status == rules::ReminderStatus::open);
    CHECK(iso(r[0].due) == "2025-03-05");
    CHECK(r[0].message == "第7步“确定发展对象”：自2025年3月5日起可以进行。确定为发展对象前须经过一年以上培养教育");
    const auto all = rules::remind(data, remind_book(), {core::make_date(2025, 3, 10), 30});
    const auto text = rules::reminders_to_text(all, core::make_date(2025, 3, 10), 30);
    CHECK(text.find("【可办理】\n  自2025年3月5日起  发展党员  钱伟") != std::string::npos);
    CHECK(text.find("可办理 1 项，") != std::string::npos);
    const auto json = rules::reminders_to_json(all, core::make_date(2025, 3, 10), 30);
    CHECK(json.find("\"status\": \"open\"") != std::string::npos);
    CHECK(json.find("\"open\":1") != std::string::npos);
}

TEST_CASE("remind: this period's meetings") {
    const std::string org = R"({"kind": "organisation", "name": "测试支部", "type": "机关", "groups": ["第一党小组", "第二党小组"],
        "committee": {"elected": "2025-03-01", "members": [{"name": "王芳", "role": "书记"}]},
        "members": [{"name": "王芳", "status": "正式"}]})";
    auto meeting = [](const std::string& type, const std::string& date, const std::string& group = "") {
        return R"({"kind": "meeting", "type": ")" + type + R"(", "date": ")" + date + "\"" +
               (group.empty() ? "" : ", \"group\": \"" + group + "\"") + "}";
    };
    const auto data = load({org, meeting("支委会", "2025-12-05"), meeting("党小组会", "2025-12-08", "第一党小组"),
                            meeting("主题党日", "2025-12-01"), meeting("党员大会", "2025-10-20"),
                            meeting("党课", "2025-02-10"), meeting("党课", "2025-05-10"), meeting("党课", "2025-08-10"),
                            meeting("组织生活会", "2025-01-20"), meeting("民主评议党员", "2025-01-20"),
                            meeting("谈心谈话", "2025-01-15")});
    const auto r = of(rules::remind(data, remind_book(), {core::make_date(2025, 12, 15), 30}), "会议");
    REQUIRE(r.size() == 2);
    // 党课 4 a year: by the end of the fourth quarter 4 are needed, 3 were held.
    CHECK(r[0].subject == "党课");
    CHECK(r[0].message == "本年度至本季度末应召开4次党课，已召开3次，应于2025年12月31日前召开");
    CHECK(r[0].status == rules::ReminderStatus::due);
    CHECK(r[1].subject == "第二党小组党小组会");
    CHECK(iso(r[1].due) == "2025-12-31");
    // In the first quarter one 党课 is enough so far.
    const auto spring = of(rules::remind(data, remind_book(), {core::make_date(2026, 1, 5), 30}), "会议");
    bool lesson = false;
    for (const auto& x : spring) lesson = lesson || x.subject == "党课";
    CHECK(lesson);  // none held yet in 2026
    for (const auto& x : spring) CHECK(x.status != rules::ReminderStatus::overdue);
}

TEST_CASE("remind: a 年度 meeting is due by 31 March of the next year, as check judges it") {
    const std::string org = R"({"kind": "organisation", "name": "测试支部", "type": "机关", "groups": [],
        "members": [{"name": "王芳", "status": "正式"}]})";
    auto names = [](const std::vector<rules::Reminder>& r) {
        std::string out;
        for (const auto& x : r)
            if (x.subject == "组织生活会") out += x.message + "|" + iso(x.due) + "|" + rules::to_string(x.status) + "\n";
        return out;
    };
    const auto none = load({org});
    // In November the 2025年度 session is due by 2026-03-31, not by the end of the year.
    CHECK(names(rules::remind(none, remind_book(), {core::make_date(2025, 11, 20), 30})) ==
          "2025年度应召开1次组织生活会，已召开0次，应于2026年3月31日前召开|2026-03-31|upcoming\n");
    // In March both are listed: last year's, now near, and this year's.
    CHECK(names(rules::remind(none, remind_book(), {core::make_date(2026, 3, 10), 30})) ==
          "2025年度应召开1次组织生活会，已召开0次，应于2026年3月31日前召开|2026-03-31|due\n"
          "2026年度应召开1次组织生活会，已召开0次，应于2027年3月31日前召开|2027-03-31|upcoming\n");
    // After 31 March last year's window has closed (check reports the gap); this year's remains.
    CHECK(names(rules::remind(none, remind_book(), {core::make_date(2026, 4, 2), 30})) ==
          "2026年度应召开1次组织生活会，已召开0次，应于2027年3月31日前召开|2027-03-31|upcoming\n");
    // A January meeting held for the year before counts for that year.
    const auto held = load({org, R"({"kind": "meeting", "type": "组织生活会", "date": "2026-01-15", "year": 2025})"});
    CHECK(names(rules::remind(held, remind_book(), {core::make_date(2026, 2, 1), 30})) ==
          "2026年度应召开1次组织生活会，已召开0次，应于2027年3月31日前召开|2027-03-31|upcoming\n");
}

TEST_CASE("remind: the committee's term within six months, and overdue after it") {
    const std::string org = R"({"kind": "organisation", "name": "测试支部", "short_name": "测试支部", "type": "机关",
        "committee": {"elected": "2023-03-06"}, "members": []})";
    const auto data = load({org});
    CHECK(of(rules::remind(data, remind_book(), {core::make_date(2025, 9, 5), 30}), "换届").empty());
    auto r = of(rules::remind(data, remind_book(), {core::make_date(2025, 9, 6), 30}), "换届");
    REQUIRE(r.size() == 1);
    CHECK(r[0].status == rules::ReminderStatus::upcoming);
    CHECK(iso(r[0].due) == "2026-03-06");
    r = of(rules::remind(data, remind_book(), {core::make_date(2026, 3, 7), 30}), "换届");
    REQUIRE(r.size() == 1);
    CHECK(r[0].status == rules::ReminderStatus::overdue);
    CHECK(r[0].message == "本届支委会2023年3月6日选举产生，任期3年，于2026年3月6日届满，已逾期，应立即换届");
}

TEST_CASE("remind: dues months missing and this month's dues") {
    const std::string org = R"({"kind": "organisation", "name": "测试支部", "type": "机关",
        "members": [{"name": "王芳", "status": "正式"}, {"name": "李娜", "status": "正式"}]})";
    const std::string dues = R"({"kind": "dues", "year": 2025, "members": [
        {"member": "王芳", "base": 8000, "payments": [{"month": "2025-01", "amount": 120, "paid": "2025-01-10"},
                                                     {"month": "2025-02", "amount": 120, "paid": "2025-02-10"}]},
        {"member": "李娜", "base": 8000, "payments": [{"month": "2025-01", "amount": 120, "paid": "2025-01-10"}]}]})";
    const auto r = of(rules::remind(load({org, dues}), remind_book(), {core::make_date(2025, 3, 10), 30}), "党费");
    REQUIRE(r.size() == 2);
    CHECK(r[0].subject == "李娜");
    CHECK(r[0].status == rules::ReminderStatus::overdue);
    CHECK(r[0].message == "欠交1个月党费：2025年2月");
    CHECK(r[1].subject == "王芳");
    CHECK(r[1].status == rules::ReminderStatus::due);
    CHECK(r[1].message == "本月（3月）党费尚未交纳");
    // No ledger for the year of the reminder.
    const auto none = of(rules::remind(load({org, dues}), remind_book(), {core::make_date(2026, 3, 10), 30}), "党费");
    REQUIRE(none.size() == 1);
    CHECK(none[0].message == "没有2026年的党费收缴台账（kind \"dues\"）");
}

TEST_CASE("remind: text and JSON output") {
    const auto data = load({dossier({{1, "2025-12-10"}}, "钱伟")});
    const auto r = rules::remind(data, remind_book(), {core::make_date(2025, 12, 31), 30});
    const auto text = rules::reminders_to_text(r, core::make_date(2025, 12, 31), 30);
    CHECK(text.starts_with("工作提醒表  2025年12月31日（提前30天）\n"));
    CHECK(text.find("【近期到期】") != std::string::npos);
    CHECK(text.find("  2026年1月10日  发展党员  钱伟：第2步") != std::string::npos);
    CHECK(text.find("共 ") != std::string::npos);
    const auto json = rules::reminders_to_json(r, core::make_date(2025, 12, 31), 30);
    CHECK(json.find("\"as_of\": \"2025-12-31\"") != std::string::npos);
    INFO(json);
    CHECK(json.find("\"status\": \"due\"") != std::string::npos);
    CHECK(rules::reminders_to_text({}, core::make_date(2025, 1, 1), 30).find("没有到期或逾期的事项") != std::string::npos);
}
