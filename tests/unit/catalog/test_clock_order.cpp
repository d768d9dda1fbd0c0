// Issue 14: two meetings of one day are numbered by their start times compared as times.
#include "catalog/items.hpp"
#include "records/loader.hpp"

#include <catch2/catch.hpp>

using namespace dangan;

TEST_CASE("start times are read as times") {
    CHECK(catalog::clock_minutes("9:00") == 540);
    CHECK(catalog::clock_minutes("14:30") == 870);
    CHECK(catalog::clock_minutes("１４：３０") == 870);
    CHECK(catalog::clock_minutes("14时30分") == 870);
    CHECK(catalog::clock_minutes("8点") == 480);
    CHECK(catalog::clock_minutes("上午") == -1);
    CHECK(catalog::clock_minutes("25:00") == -1);
    CHECK(catalog::clock_minutes("") == -1);
}

TEST_CASE("a 9:00 meeting is numbered before a 14:00 meeting of the same day") {
    records::Vocabulary v;
    v.meeting_kinds = {{"党课", "党课"}, {"支部委员会", "支部委员会"}};
    records::Dataset data;
    core::DiagnosticSink sink;
    records::load_json_text(R"({"kind": "meetings", "records": [
        {"type": "党课", "date": "2025-03-20", "start": "14:00"},
        {"type": "支部委员会", "date": "2025-03-20", "start": "9:00"}]})", "m.json", v, data, sink);
    REQUIRE_FALSE(sink.has_errors());
    const auto items = catalog::number_meetings(data, 2025);
    REQUIRE(items.size() == 2);
    CHECK(items[0].meeting->kind == "支部委员会");  // as text, "14:00" < "9:00" put the 党课 first
    CHECK(items[1].meeting->kind == "党课");
}

TEST_CASE("times that are not times keep the order they had") {
    records::Vocabulary v;
    v.meeting_kinds = {{"党课", "党课"}, {"支部委员会", "支部委员会"}};
    records::Dataset data;
    core::DiagnosticSink sink;
    records::load_json_text(R"({"kind": "meetings", "records": [
        {"type": "党课", "date": "2025-03-20", "start": "下午"},
        {"type": "支部委员会", "date": "2025-03-20", "start": "9:00"}]})", "m.json", v, data, sink);
    const auto items = catalog::number_meetings(data, 2025);
    REQUIRE(items.size() == 2);
    CHECK(items[0].meeting->kind == "支部委员会");  // "9:00" < "下午" as text: unchanged behaviour
}
