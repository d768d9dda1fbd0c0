// The one numbering (catalog/numbering.hpp, docs/numbering.md): one sequence per 年度 × 保管期限 ×
// 机构(问题) for meetings, dossiers and the 党费台账; identity by content, never by position; issued
// numbers kept; indistinguishable records refused naming both.
#include "catalog/numbering.hpp"
#include "records/loader.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace dangan;
using namespace dangan::catalog;

namespace {

records::Dataset load_meetings(const std::string& meetings) {
    records::Vocabulary v;
    v.meeting_kinds = {{"党课", "党课"}, {"支部委员会", "支部委员会"}};
    records::Dataset data;
    core::DiagnosticSink sink;
    records::load_json_text(R"({"kind": "organisation", "name": "中共某局机关第二支部委员会", "type": "机关",
        "archive": {"fonds": "J031", "retention": "D30", "class": "SH"}})", "o.json", v, data, sink);
    records::load_json_text(meetings, "m.json", v, data, sink);
    REQUIRE_FALSE(sink.has_errors());
    return data;
}

std::vector<std::string> codes_by_key(const Numbering& n) {
    std::vector<std::string> out;
    for (const auto& m : n.matters) out.push_back(m.key + " = " + m.code_text);
    std::sort(out.begin(), out.end());
    return out;
}

const char* const three = R"({"kind": "meetings", "records": [
    {"type": "支部委员会", "date": "2025-03-06", "start": "14:30"},
    {"type": "支部委员会", "date": "2025-03-06", "start": "09:00"},
    {"type": "党课", "date": "2025-01-20"}]})";
const char* const three_reordered = R"({"kind": "meetings", "records": [
    {"type": "党课", "date": "2025-01-20"},
    {"type": "支部委员会", "date": "2025-03-06", "start": "09:00"},
    {"type": "支部委员会", "date": "2025-03-06", "start": "14:30"}]})";

}  // namespace

TEST_CASE("matters are numbered in date order, then start time, in one sequence per year") {
    const auto data = load_meetings(three);
    const auto n = number_matters(data);
    REQUIRE(n.matters.size() == 3);
    CHECK(n.matters[0].title == "2025年党课记录");
    CHECK(n.matters[0].code_text == "J031-WS·2025-D30-SH-0001");
    CHECK(n.matters[1].start == "09:00");
    CHECK(n.matters[1].code_text == "J031-WS·2025-D30-SH-0002");
    CHECK(n.matters[2].start == "14:30");
    CHECK(n.matters[0].sequence == SequenceKey{2025, "D30", "SH"});
}

TEST_CASE("reordering records in the file keeps every number") {
    const auto a = load_meetings(three), b = load_meetings(three_reordered);
    CHECK(codes_by_key(number_matters(a)) == codes_by_key(number_matters(b)));
}

TEST_CASE("a key comes from the explicit id, else from the content") {
    const auto data = load_meetings(R"({"kind": "meetings", "records": [
        {"id": "支委会-3月", "type": "支部委员会", "date": "2025-03-06"},
        {"type": "支部委员会", "date": "2025-03-07", "start": "14:30", "title": "专题会议"}]})");
    CHECK(meeting_key(data.meetings[0]) == "支委会-3月");
    CHECK(meeting_key(data.meetings[1]) == "会议 支部委员会 2025-03-07 14:30 专题会议");
}

TEST_CASE("two records that cannot be told apart are an error naming both, with lines") {
    const auto data = load_meetings(R"({"kind": "meetings", "records": [
        {"type": "支部委员会", "date": "2025-03-06"},
        {"type": "支部委员会", "date": "2025-03-06"}]})");
    try {
        number_matters(data);
        FAIL("expected an InputError");
    } catch (const core::InputError& e) {
        const std::string message = e.what();
        CHECK(message.find("两条记录无法区分") != std::string::npos);
        CHECK(message.find("m.json") != std::string::npos);
    }
}

TEST_CASE("issued numbers are kept and a late matter gets the next free one") {
    const auto data = load_meetings(three);
    // As filed before: the 14:30 meeting has 0001 (say, filed alone first), the 党课 0002.
    const std::vector<IssuedNumber> issued{
        {"会议 支部委员会 2025-03-06 14:30", 2025, 1, "J031-WS·2025-D30-SH-0001", "2025-03-06"},
        {"会议 党课 2025-01-20", 2025, 2, "J031-WS·2025-D30-SH-0002", "2025-01-20"}};
    const auto n = number_matters(data, issued);
    REQUIRE(n.matters.size() == 3);
    CHECK(n.find("会议 支部委员会 2025-03-06 14:30")->code_text == "J031-WS·2025-D30-SH-0001");
    CHECK(n.find("会议 支部委员会 2025-03-06 14:30")->issued);
    CHECK(n.find("会议 党课 2025-01-20")->code_text == "J031-WS·2025-D30-SH-0002");
    const auto* late = n.find("会议 支部委员会 2025-03-06 09:00");
    REQUIRE(late);
    CHECK(late->code_text == "J031-WS·2025-D30-SH-0003");
    CHECK(n.late.empty());  // the same day as the latest issued matter is not earlier than it
}

TEST_CASE("an issued number of a record no longer in the data is never given to another") {
    const auto data = load_meetings(three);
    const std::vector<IssuedNumber> issued{{"会议 已删除的记录", 2025, 5, "J031-WS·2025-D30-SH-0005", "2025-12-01"}};
    const auto n = number_matters(data, issued);
    for (const auto& m : n.matters) CHECK(m.code.item > 5);
    CHECK(n.late.size() == 3);  // all dated before the latest issued one
}
