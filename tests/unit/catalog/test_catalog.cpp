#include "catalog/archive_code.hpp"
#include "catalog/items.hpp"
#include "records/loader.hpp"

#include <catch2/catch.hpp>

using namespace dangan;
using namespace dangan::catalog;

TEST_CASE("档号 are written in the style of each standard") {
    const ArchiveCode code{"J031", "WS", 2025, "D30", "SH", 7};
    CHECK(format_archive_code(code, CodeStyle::dat22_2015) == "J031-WS·2025-D30-SH-0007");
    CHECK(format_archive_code(code, CodeStyle::dat13_2022) == "J031-WS·2025·D30·SH-0007");
    CHECK_THROWS_WITH(code_style("DA/T 22-2000"), "unknown 档号 style 'DA/T 22-2000'; expected DA/T 22-2015 or DA/T 13-2022");
}

TEST_CASE("档号 parse back and malformed ones say which part is wrong") {
    std::string error;
    auto code = parse_archive_code("J031-WS·2025-D30-SH-0007", CodeStyle::dat22_2015, error);
    REQUIRE(code);
    CHECK(code->item == 7);
    CHECK(code->year == 2025);
    auto newer = parse_archive_code("J031-WS·2025·Y·SH-0012", CodeStyle::dat13_2022, error);
    REQUIRE(newer);
    CHECK(newer->retention == "Y");

    CHECK_FALSE(parse_archive_code("J031-WS·2025-D30-SH-07", CodeStyle::dat22_2015, error));
    CHECK(error == "件号 must have 4 digits from 0001, found '07'");
    CHECK_FALSE(parse_archive_code("J031-WS·25-D30-SH-0007", CodeStyle::dat22_2015, error));
    CHECK(error == "年度 must have 4 digits, found '25'");
    CHECK_FALSE(parse_archive_code("J031-WS·2025-D20-SH-0007", CodeStyle::dat22_2015, error));
    CHECK(error == "保管期限 must be Y, D30 or D10, found 'D20'");
    CHECK_FALSE(parse_archive_code("J031-WS·2025·D30·SH-0007", CodeStyle::dat22_2015, error));
    CHECK(error.starts_with("expected 全宗号-门类·年度-期限-机构(问题)-件号"));
}

TEST_CASE("meetings are numbered in date order within the year; undated ones are not numbered") {
    records::Vocabulary v;
    v.meeting_kinds = {{"党课", "党课"}, {"支部委员会", "支部委员会"}};
    records::Dataset data;
    core::DiagnosticSink sink;
    records::load_json_text(R"({"kind": "organisation", "name": "中共某局机关第二支部委员会", "short_name": "第二支部",
        "type": "机关", "archive": {"fonds": "J031", "retention": "D30", "class": "SH"}})", "o.json", v, data, sink);
    records::load_json_text(R"({"kind": "meetings", "records": [
        {"type": "党课", "date": "2025-03-20", "number": 1},
        {"type": "支部委员会", "date": "2025年1月8日", "number": 1},
        {"type": "支部委员会", "date": "2025年2月"},
        {"type": "支部委员会", "date": "2024-12-30"}]})", "m.json", v, data, sink);
    REQUIRE_FALSE(sink.has_errors());
    const auto items = number_meetings(data, 2025);
    REQUIRE(items.size() == 2);
    CHECK(items[0].code_text == "J031-WS·2025-D30-SH-0001");
    CHECK(items[0].date_compact == "20250108");
    CHECK(items[0].title == "2025年支部委员会会议记录（第1次）");
    CHECK(items[1].code_text == "J031-WS·2025-D30-SH-0002");
    CHECK(items[1].title == "2025年党课记录（第1次）");
    CHECK(items[1].responsible == "第二支部");
    records::Meeting group_meeting;
    group_meeting.kind = "党小组会";
    group_meeting.group = "第一党小组";
    group_meeting.number = 6;
    group_meeting.date.date = core::make_date(2025, 6, 17);
    CHECK(meeting_title(group_meeting, nullptr) == "2025年第一党小组会议记录（第6次）");
    // A joint meeting numbered in both series names both numbers; without its second number it is the first kind's.
    records::Meeting joint;
    joint.kind = "主题党日";
    joint.also_kinds = {"支部党员大会"};
    joint.number = 3;
    joint.date.date = core::make_date(2025, 7, 1);
    CHECK(meeting_title(joint, nullptr) == "2025年主题党日活动记录（第3次）");
    joint.kind_numbers["支部党员大会"] = 2;
    CHECK(meeting_title(joint, nullptr) == "2025年主题党日暨支部党员大会记录（主题党日第3次、支部党员大会第2次）");
}
