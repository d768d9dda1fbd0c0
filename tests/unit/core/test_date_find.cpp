// find_dates on realistic folder and file names, including names that hold no date.
#include "core/date.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

using namespace dangan::core;

namespace {

/// "iso@text" for each found date, where text is the matched slice of the name.
std::vector<std::string> describe(std::string_view name, std::optional<int> context_year) {
    std::vector<std::string> out;
    for (const auto& found : find_dates(name, context_year)) {
        REQUIRE(found.begin < found.end);
        REQUIRE(found.end <= name.size());
        out.push_back(found.date.iso() + "@" + std::string(name.substr(found.begin, found.end - found.begin)));
    }
    return out;
}

using List = std::vector<std::string>;

}  // namespace

TEST_CASE("find_dates finds the dates in file and folder names", "[date][find]") {
    struct Case {
        const char* name;
        std::optional<int> context_year;
        List expected;
    };
    const Case cases[] = {
        {"2025.3.15支委会会议记录", std::nullopt, {"2025-03-15@2025.3.15"}},
        {"2025.3.15 支委会会议记录.pdf", std::nullopt, {"2025-03-15@2025.3.15"}},
        {"（３）3月15日党课", 2025, {"2025-03-15@3月15日"}},
        {"（３）３月１５日党课", 2025, {"2025-03-15@３月１５日"}},  // offsets point into the original bytes
        {"20250315_党员大会", std::nullopt, {"2025-03-15@20250315"}},
        {"2025_03_15", std::nullopt, {"2025-03-15@2025_03_15"}},
        {"2025-03-15-01 支部大会.docx", std::nullopt, {"2025-03-15@2025-03-15"}},
        {"IMG_20250315_143000.jpg", std::nullopt, {"2025-03-15@20250315"}},
        {"第一季度党课", 2025, {"2025-Q1@第一季度"}},
        {"Q1 主题党日", 2025, {"2025-Q1@Q1"}},
        {"上半年组织生活会", 2025, {"2025-H1@上半年"}},
        {"二〇二五年三月十五日支部委员会", std::nullopt, {"2025-03-15@二〇二五年三月十五日"}},
        {"2025年度民主评议党员", std::nullopt, {"2025@2025年度"}},
        {"2025年第二季度党费收缴", std::nullopt, {"2025-Q2@2025年第二季度"}},
        {"2025年3月", std::nullopt, {"2025-03@2025年3月"}},
        {"2025-03 三会一课", std::nullopt, {"2025-03@2025-03"}},
        {"2025/组织生活会", std::nullopt, {"2025@2025"}},
        {"2024年12月30日至2025年1月2日集中学习", std::nullopt,
         {"2024-12-30@2024年12月30日", "2025-01-02@2025年1月2日"}},
        {"3月15日、4月2日党课", 2025, {"2025-03-15@3月15日", "2025-04-02@4月2日"}},
        {"三月十五日党课", 2025, {"2025-03-15@三月十五日"}},
        {"党课（2025年3月15日）", std::nullopt, {"2025-03-15@2025年3月15日"}},
        {"组发〔2025〕3号", std::nullopt, {"2025@2025"}},
        {"会议记录2025", std::nullopt, {"2025@2025"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        CHECK(describe(c.name, c.context_year) == c.expected);
    }
}

TEST_CASE("find_dates ignores numbers that are not dates", "[date][find]") {
    const char* names[] = {
        "0007",                     // a serial number, not year 7
        "01_入党申请书",            // a sequence prefix
        "（３）党课",               // an item number
        "第3期党课",
        "2021-2-Y-001 档号",        // 档号: year-category-retention-number, not February 2021
        "20250315001",              // eleven digits: an archive number, not a date
        "120250315",
        "20251345_名单",            // eight digits that are no valid date
        "2025年2月30日会议记录",    // impossible dates are skipped as a whole
        "2025年3月15",              // a day without 日/号
        "统一月报",                 // 一月 inside a word
        "陆月娥入党申请书",         // 陆 is a surname here, not 6
        "SQ1资料",
        "v2025",
        "3000份",
        "123月",
        "GB18030编码说明",
        "第15号文件",
        "2000份党员名单",           // a count
        "第2025号",
        "2025人次",
    };
    for (const char* name : names) {
        CAPTURE(name);
        CHECK(describe(name, 2025).empty());
    }
}

TEST_CASE("find_dates skips year-less dates without a context year", "[date][find]") {
    CHECK(describe("3月15日党课", std::nullopt).empty());
    CHECK(describe("第一季度党课", std::nullopt).empty());
    CHECK(describe("3月15日党课 2025年", std::nullopt) == List{"2025@2025年"});
}

TEST_CASE("find_dates survives arbitrary bytes", "[date][find]") {
    const std::string inputs[] = {
        std::string("\xff\xfe\x32\x30\x32\x35", 6),
        std::string("2025\xe5\xb9", 6),  // truncated 年
        std::string("\x00\x32\x30\x32\x35-03-15", 11),
        "年月日号第季度上下半",
        "2025-",
        "2025年第",
        "Q",
        "二〇二",
    };
    for (const auto& input : inputs) {
        CHECK_NOTHROW(find_dates(input, 2025));
        CHECK_NOTHROW(try_parse_date(input, 2025));
    }
    CHECK(describe(std::string("\x00\x32\x30\x32\x35-03-15", 11), std::nullopt).size() == 1);
}

TEST_CASE("find_dates and parse_date agree on random date-like names", "[date][find][fuzz]") {
    // Names assembled from the pieces dates are made of, with a fixed seed so failures repeat.
    const char* pieces[] = {"2025", "2024", "0", "1", "3", "12", "15", "29", "30", "31", "-", ".", "/", "_", " ",
                            "年", "月", "日", "号", "第", "季度", "上半年", "Q", "H", "一", "二", "〇", "十", "廿",
                            "三", "党课", "（", "）", "２", "０", "度", "份", "x"};
    const size_t count = sizeof pieces / sizeof pieces[0];
    uint32_t state = 12345;
    auto next = [&state] {
        state = state * 1664525u + 1013904223u;
        return state >> 8;
    };
    for (int round = 0; round < 3000; ++round) {
        std::string name;
        size_t length = 1 + next() % 8;
        for (size_t i = 0; i < length; ++i) name += pieces[next() % count];
        CAPTURE(name);
        size_t previous_end = 0;
        for (const auto& found : find_dates(name, 2025)) {
            CHECK(found.begin >= previous_end);
            CHECK(found.end <= name.size());
            CHECK_FALSE(date_problem(found.date).has_value());
            // What find_dates reports as a date, parse_date reads as the same date.
            auto slice = name.substr(found.begin, found.end - found.begin);
            CAPTURE(slice);
            auto parsed = try_parse_date(slice, 2025);
            CHECK(parsed == std::optional<PartialDate>(found.date));
            previous_end = found.end;
        }
        try {
            auto date = parse_date(name, 2025);
            CHECK_FALSE(date_problem(date).has_value());
        } catch (const DateError&) {
            // expected for most of these names
        }
    }
}

TEST_CASE("find_invalid_dates reports impossible dates meant as dates", "[date][find]") {
    struct Case {
        const char* name;
        std::vector<std::string> messages;
    };
    const Case cases[] = {
        {"2025年2月30日会议记录", {"'2025年2月30日' is not a real date: February 2025 has 28 days"}},
        {"2025.2.30支委会", {"'2025.2.30' is not a real date: February 2025 has 28 days"}},
        {"２０２５年１３月党课", {"'２０２５年１３月' is not a real date: there is no month 13"}},
        {"第五季度", {"'第五季度' is not a real date: there is no quarter 5"}},
        {"2月29日党课", {"'2月29日' is not a real date: February 2025 has 28 days"}},
        {"2025年3月15日党课", {}},  // valid
        {"20251345_名单", {}},       // a number, not a date
        {"2025-13号文件", {}},
        {"Q5型号", {}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        std::vector<std::string> messages;
        for (const auto& found : find_invalid_dates(c.name, 2025)) {
            messages.push_back(found.message);
            CHECK(found.end <= std::string_view(c.name).size());
        }
        CHECK(messages == c.messages);
    }
    auto found = find_invalid_dates("记录2025年2月30日");
    REQUIRE(found.size() == 1);
    CHECK(found[0].begin == 6);
    CHECK(found[0].end == std::string_view("记录2025年2月30日").size());
}
