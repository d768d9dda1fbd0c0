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
