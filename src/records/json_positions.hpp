// Line and column of every value in a JSON text, keyed by JSON pointer ("/meetings/3/date").
// Poco's JSON parser reports neither for values nor for syntax errors, and a branch secretary
// editing a 500-line file needs the line; this small scanner supplies both.
#pragma once

#include "core/unicode_text.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace dangan::records {

class JsonPositions {
public:
    /// Scans `text`; never throws. If the text is not valid JSON, syntax_error() says where and why.
    explicit JsonPositions(std::string_view text);

    /// Position of the value at `pointer` ("" is the root), or line 0 when unknown.
    core::LineColumn at(const std::string& pointer) const;

    struct SyntaxError {
        core::LineColumn position;
        std::string message;
    };
    const std::optional<SyntaxError>& syntax_error() const { return error_; }

private:
    std::unordered_map<std::string, core::LineColumn> positions_;
    std::optional<SyntaxError> error_;
};

/// Escapes a key for use in a JSON pointer (RFC 6901: ~ → ~0, / → ~1).
std::string pointer_token(std::string_view key);

}  // namespace dangan::records
