// Word minutes → meeting record (workbook::minutes_to_record): the 时间 line, as secretaries write it.
#include "workbook/minutes.hpp"

#include <catch2/catch.hpp>

using namespace dangan;

namespace {

Poco::JSON::Object::Ptr record_for_time(const std::string& value) {
    const auto result = workbook::minutes_to_record({{"会议类型", "支部委员会"}, {"时间", value}});
    REQUIRE(result.record);
    return result.record;
}

std::string field(const Poco::JSON::Object::Ptr& record, const std::string& key) {
    return record->has(key) ? record->getValue<std::string>(key) : std::string("(none)");
}

}  // namespace

TEST_CASE("minutes: the 时间 line gives the date and the start and end in 24 hours") {
    auto r = record_for_time("2025年3月6日 14:30—16:00");
    CHECK(field(r, "date") == "2025-03-06");
    CHECK(field(r, "start") == "14:30");
    CHECK(field(r, "end") == "16:00");
    r = record_for_time("2025年3月6日下午2:30至4:00");
    CHECK(field(r, "start") == "14:30");
    CHECK(field(r, "end") == "16:00");
    // Each time takes the part of the day written last before it.
    r = record_for_time("2025年3月6日上午9:00至下午3:00");
    CHECK(field(r, "start") == "9:00");
    CHECK(field(r, "end") == "15:00");
    r = record_for_time("2025年3月6日晚上7时至9时");
    CHECK(field(r, "start") == "19:00");
    CHECK(field(r, "end") == "21:00");
    r = record_for_time("2025年3月6日中午12:30");
    CHECK(field(r, "start") == "12:30");
}

TEST_CASE("minutes: a weekday after the date is read, and kept with the date when it contradicts it") {
    // 2025-03-12 was a Wednesday.
    auto r = record_for_time("2025年3月12日（星期三）上午9:00—11:30");
    CHECK(field(r, "date") == "2025-03-12");
    CHECK(field(r, "start") == "9:00");
    CHECK(field(r, "end") == "11:30");
    // The import does not choose between the two: `dangan check` reports the contradiction.
    r = record_for_time("2025年3月12日（星期四）下午3:00");
    CHECK(field(r, "date") == "2025年3月12日（星期四）");
    CHECK(field(r, "start") == "15:00");
}
