// The loader's messages in Chinese (the default) and the Chinese keys it accepts (issue 14).
#include "core/json_positions.hpp"
#include "records/loader.hpp"
#include "support/language_scope.hpp"
#include "unit/records/loader_helpers.hpp"

#include <catch2/catch.hpp>

using namespace dangan;

// Helper names differ from test_loader.cpp's (a unity build compiles both files as one); the loading
// helpers are shared (loader_helpers.hpp).
namespace {

std::string zh_all_messages(const core::DiagnosticSink& sink) {
    std::string out;
    for (const auto& d : sink.all()) out += d.str() + "\n";
    return out;
}

}  // namespace

TEST_CASE("a Chinese quote, comma, colon or bracket in JSON syntax is named with the ASCII sign to type") {
    const testing::LanguageScope chinese(core::Language::zh);
    struct Case {
        const char* text;
        const char* sign;
        int column;
    };
    const Case cases[] = {
        {"{\"kind\": “meeting”}", "中文引号“，JSON 只认半角的 \"", 10},
        {"{\"kind\": \"meeting\"， \"type\": \"党课\"}", "中文逗号，，JSON 只认半角的 ,", 19},
        {"{\"kind\"： \"meeting\"}", "中文冒号：，JSON 只认半角的 :", 8},
        {"{\"agenda\": 【\"a\"】}", "中文方括号【，JSON 只认半角的 [", 12},
        {"｛\"kind\": \"meeting\"}", "全角花括号｛，JSON 只认半角的 {", 1},
    };
    for (const auto& c : cases) {
        const core::JsonPositions scanned(c.text);
        REQUIRE(scanned.syntax_error());
        CHECK(scanned.syntax_error()->message.find(std::string("这里是") + c.sign) == 0);
        CHECK(scanned.syntax_error()->position.column == c.column);
    }
    // Chinese quotes inside ASCII-quoted text are ordinary characters, not an error.
    CHECK_FALSE(core::JsonPositions("{\"title\": \"学习“两会”精神，做好工作\"}").syntax_error());
    // Any other stray character is quoted as it is, without the punctuation advice.
    const core::JsonPositions other("{\"kind\": 会议}");
    REQUIRE(other.syntax_error());
    CHECK(other.syntax_error()->message.find("实际是字符“会”") != std::string::npos);
}

TEST_CASE("data errors are Chinese by default and English with --lang en, naming file, line, record and field") {
    const std::string text = "{\n  \"kind\": \"meeting\",\n  \"type\": \"支部委员会\",\n  \"date\": \"2025-03-12\",\n"
                             "  \"attendance\": {\"expected\": \"五\"}\n}";
    {
        const testing::LanguageScope chinese(core::Language::zh);
        const auto r = testing::load(text);
        REQUIRE(r.sink.all().size() == 1);
        CHECK(r.sink.all()[0].str() == "t.json:5:30 (2025-03-12 支部委员会, /attendance/expected): 错误："
                                       "“expected”应为数字（不加引号，如 5），实际是文字“五”");
    }
    {
        const testing::LanguageScope english(core::Language::en);
        const auto r = testing::load(text);
        REQUIRE(r.sink.all().size() == 1);
        CHECK(r.sink.all()[0].message == "expected a number, found text \"五\"");
    }
}

TEST_CASE("a misspelt record key gets a did-you-mean; a key close to nothing lists the known ones") {
    const testing::LanguageScope chinese(core::Language::zh);
    const auto r = testing::load(R"({"kind": "meeting", "type": "党课", "date": "2025-03-12", "recoder": "陈静", "主持": "王", "杂项": 1})");
    const std::string messages = zh_all_messages(r.sink);
    CHECK(messages.find("不认识的字段“recoder”，已忽略（拼写有误？）；是不是“recorder”？") != std::string::npos);
    // 主持 is an alias (of host): accepted, no message about it.
    CHECK(messages.find("主持") == std::string::npos);
    REQUIRE(r.data.meetings.size() == 1);
    CHECK(r.data.meetings[0].host == "王");
    // A Chinese key close to no known key: the fields known here are listed.
    CHECK(messages.find("不认识的字段“杂项”，已忽略（拼写有误？）；这里认得的字段是 ") != std::string::npos);
}

TEST_CASE("an unknown meeting kind and an unknown file kind get a did-you-mean") {
    const testing::LanguageScope chinese(core::Language::zh);
    const auto kind = testing::load(R"({"kind": "meeting", "type": "支部委会", "date": "2025-03-12"})");
    CHECK(zh_all_messages(kind.sink).find("不认识的会议类型“支部委会”，是不是“支部委员会”？") != std::string::npos);
    const auto file = testing::load(R"({"kind": "meating"})");
    CHECK(zh_all_messages(file.sink).find("不认识的 kind“meating”，是不是“meeting”？") != std::string::npos);
    // A kind written in Chinese is read.
    const auto chinese_kind = testing::load(R"({"kind": "会议", "type": "党课", "date": "2025-03-12"})");
    CHECK(chinese_kind.sink.empty());
    CHECK(chinese_kind.data.meetings.size() == 1);
}

TEST_CASE("Chinese keys of the roster, dues, development dossiers, 换届 and the organisation are read") {
    const testing::LanguageScope chinese(core::Language::zh);
    const auto org = testing::load(R"({"kind": "组织", "支部名称": "第一支部", "单位类型": "村", "成立日期": "2020-05-01",
        "党小组": [], "花名册": [{"姓名": "王建华", "性别": "男", "党员类别": "正式", "入党日期": "2001-07-01"}],
        "支委会": {"选举日期": "2023-06-01", "任期年数": 5, "成员": [{"姓名": "王建华", "职务": "书记"}]}})");
    CHECK(zh_all_messages(org.sink) == "");
    REQUIRE(org.data.organisation);
    CHECK(org.data.organisation->name == "第一支部");
    CHECK(org.data.organisation->type == "村");
    REQUIRE(org.data.organisation->members.size() == 1);
    CHECK(org.data.organisation->members[0].joined.raw == "2001-07-01");
    CHECK(org.data.organisation->committee.members.at(0).role == "书记");
    CHECK(org.data.organisation->committee.term_years == 5);

    const auto dues = testing::load(R"({"kind": "党费", "年度": 2025, "党员": [{"姓名": "王建华", "类别": "农民",
        "交纳记录": [{"月份": "1月", "金额": 1, "交纳日期": "1月5日"}]}]})");
    CHECK(zh_all_messages(dues.sink) == "");
    REQUIRE(dues.data.dues.size() == 1);
    CHECK(dues.data.dues[0].year == 2025);
    CHECK(dues.data.dues[0].accounts.at(0).category == "农民");
    CHECK(dues.data.dues[0].accounts.at(0).payments.at(0).paid.date->iso() == "2025-01-05");

    const auto development = testing::load(R"({"kind": "发展", "姓名": "刘洋", "入党介绍人": ["王建华"],
        "步骤": [{"序号": 1, "日期": "2024-03-01"}, {"名称": "党组织派人谈话", "日期": "2024-03-20"}]})");
    CHECK(zh_all_messages(development.sink) == "");
    REQUIRE(development.data.developments.size() == 1);
    CHECK(development.data.developments[0].introducers.at(0) == "王建华");
    CHECK(development.data.developments[0].steps.count(2) == 1);

    const auto election = testing::load(R"({"kind": "换届", "应选人数": 3, "文件": [{"步骤": "请示", "日期": "2025-01-05", "文号": "x"}],
        "候选人": [{"姓名": "王建华", "得票": 20, "当选": true}]})");
    CHECK(election.data.elections.size() == 1);
    CHECK(election.data.elections[0].seats == 3);
    CHECK(election.data.elections[0].candidates.at(0).votes == 20);
}

TEST_CASE("a Chinese key beside its English key: the English one is used and the message says so") {
    const testing::LanguageScope chinese(core::Language::zh);
    const auto r = testing::load(R"({"kind": "meeting", "type": "党课", "date": "2025-03-12", "日期": "2025-03-13"})");
    REQUIRE(r.data.meetings.size() == 1);
    CHECK(r.data.meetings[0].date.raw == "2025-03-12");
    CHECK(zh_all_messages(r.sink).find("“日期”是“date”的中文写法，本记录两者都写了，以“date”为准") != std::string::npos);
}

TEST_CASE("attendance written flat with Chinese keys is read, and its errors point where it is written") {
    const testing::LanguageScope chinese(core::Language::zh);
    const auto good = testing::load(R"({"kind": "会议", "类型": "党课", "日期": "2025-03-12", "应到人数": 5, "出席人员": ["王", "李"]})");
    CHECK(good.sink.empty());
    REQUIRE(good.data.meetings.size() == 1);
    CHECK(good.data.meetings[0].expected == 5);
    CHECK(good.data.meetings[0].present.size() == 2);
    const auto bad = testing::load("{\"kind\": \"会议\", \"类型\": \"党课\", \"日期\": \"2025-03-12\",\n\"应到人数\": -1}");
    REQUIRE(bad.sink.all().size() == 1);
    CHECK(bad.sink.all()[0].where.line == 2);
    CHECK(bad.sink.all()[0].message.find("“应到人数”应为 0 或更大的整数") == 0);
}
