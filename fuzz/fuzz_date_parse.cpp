// Fuzz target: the date parser (core::parse_date) and the name scanners (core::find_dates,
// core::find_invalid_dates) used for folder and file names in audits. parse_date may only throw
// core::DateError; the scanners must never throw, and every offset they return must lie inside the
// text in order (callers cut names with them).
#include "core/date.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    // The first byte chooses whether a context year is known (as it is for names inside a year folder).
    const std::optional<int> context_year = (data[0] & 1) ? std::optional<int>(2025) : std::nullopt;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        const auto date = dangan::core::parse_date(text, context_year);
        (void)dangan::core::date_problem(date);
    } catch (const dangan::core::DateError&) {
        // Expected for text that is not a date.
    }
    for (const auto& found : dangan::core::find_dates(text, context_year)) {
        if (found.begin > found.end || found.end > text.size()) std::abort();
    }
    for (const auto& found : dangan::core::find_invalid_dates(text, context_year)) {
        if (found.begin > found.end || found.end > text.size()) std::abort();
    }
    return 0;
}
