// Fuzz target: the JSON position scanner (records::JsonPositions), which documents "never throws".
// Positions it reports must be 1-based (or 0 for unknown) and the syntax error, when present, must
// carry a message.
#include "records/json_positions.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const dangan::records::JsonPositions positions(text);
    if (const auto& error = positions.syntax_error()) {
        if (error->message.empty()) std::abort();
    }
    const auto root = positions.at("");
    if (root.line < 0 || root.column < 0) std::abort();
    (void)dangan::records::nearest_position(positions, "/records/0/date");
    const dangan::records::JsonPositions validate_only(text, false);
    // Validation alone must agree with the full scan about whether the text is JSON.
    if (validate_only.syntax_error().has_value() != positions.syntax_error().has_value()) std::abort();
    return 0;
}
