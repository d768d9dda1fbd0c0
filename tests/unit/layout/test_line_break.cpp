#include "core/line_break.hpp"
#include "layout/kinsoku.hpp"

#include <catch2/catch.hpp>

using namespace dangan;

TEST_CASE("ICU line break opportunities are UTF-8 byte offsets") {
    core::LineBreaker breaker;
    // 中文 = 2 × 3 bytes; "ab cd" breaks after the space.
    CHECK(breaker.break_opportunities("中文") == std::vector<size_t>{3, 6});
    CHECK(breaker.break_opportunities("ab cd") == std::vector<size_t>{3, 5});
    CHECK(breaker.break_opportunities("").empty());
    // Opening punctuation stays with what follows, closing with what precedes (UAX #14 OP/CL).
    CHECK(breaker.break_opportunities("中（文）。字") == std::vector<size_t>{3, 15, 18});
    // The iterator is reused: a second text is independent of the first.
    std::vector<size_t> out;
    breaker.break_opportunities("一二", out);
    CHECK(out == std::vector<size_t>{3, 6});
}

TEST_CASE("禁则 table: line-start and line-end prohibitions, numbers and words") {
    for (char32_t cp : std::u32string(U"。，、；：？！）》」』”’…—%·〕】")) {
        CAPTURE(static_cast<unsigned>(cp));
        CHECK(layout::forbidden_at_line_start(cp));
        CHECK_FALSE(layout::break_allowed(U'字', cp));
    }
    for (char32_t cp : std::u32string(U"（《「『“‘〔【")) {
        CAPTURE(static_cast<unsigned>(cp));
        CHECK(layout::forbidden_at_line_end(cp));
        CHECK_FALSE(layout::break_allowed(cp, U'字'));
    }
    CHECK(layout::break_allowed(U'字', U'字'));
    CHECK_FALSE(layout::break_allowed(U'1', U'2'));
    CHECK_FALSE(layout::break_allowed(U'１', U'２'));
    CHECK_FALSE(layout::break_allowed(U'a', U'b'));
    CHECK_FALSE(layout::break_allowed(U'5', U'年'));
    CHECK(layout::break_allowed(U'年', U'3'));
}

TEST_CASE("invalid UTF-8 still gives offsets within the text and does not crash") {
    core::LineBreaker breaker;
    const std::string bad = "ab\xff\xfe中";
    const auto offsets = breaker.break_opportunities(bad);
    REQUIRE_FALSE(offsets.empty());
    CHECK(offsets.back() == bad.size());
    for (size_t o : offsets) CHECK(o <= bad.size());
}

TEST_CASE("line breaker: remembered answers for short texts and shared iterators give ICU's answers") {
    const std::string label = "会议时间";
    const std::string longer = "支部委员会会议研究了发展党员工作，确定张三同志为发展对象，并报上级党委预审。Party branch 2025";
    std::vector<size_t> first_label, first_longer;
    {
        core::LineBreaker breaker;
        breaker.break_opportunities(label, first_label);
        breaker.break_opportunities(longer, first_longer);
    }
    CHECK(first_label == std::vector<size_t>{3, 6, 9, 12});
    core::LineBreaker a, b;  // two on one thread share the thread's iterator
    for (int round = 0; round < 3; ++round) {
        CHECK(a.break_opportunities(label) == first_label);
        CHECK(b.break_opportunities(longer) == first_longer);
        CHECK(a.break_opportunities(longer) == first_longer);
        CHECK(b.break_opportunities(label) == first_label);
    }
    // Texts that differ only after the remembered length limit are not confused.
    const std::string long_a = std::string(70, 'a') + " b";
    const std::string long_b = std::string(70, 'a') + "b";
    CHECK(a.break_opportunities(long_a) != a.break_opportunities(long_b));
}
