// Line and column of every value in a JSON text, keyed by JSON pointer ("/meetings/3/date").
// Poco's JSON parser reports neither for values nor for syntax errors, and a branch secretary
// editing a 500-line file needs the line; this small scanner supplies both.
#pragma once

#include "core/unicode_text.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace dangan::core {

class JsonPositions {
public:
    /// Scans `text`; never throws. If the text is not valid JSON, syntax_error() says where and why.
    /// With `record_positions` false it only validates (cheaper: no table is built).
    explicit JsonPositions(std::string_view text, bool record_positions = true);

    /// Position of the value at `pointer` ("" is the root), or line 0 when unknown.
    LineColumn at(const std::string& pointer) const;

    struct SyntaxError {
        LineColumn position;
        std::string message;
    };
    const std::optional<SyntaxError>& syntax_error() const { return error_; }

private:
    std::unordered_map<std::string, LineColumn> positions_;
    std::optional<SyntaxError> error_;
};

/// Finds the line of a JSON pointer in a file, scanning each file once and only when asked: lines are
/// needed for the few values a report names, not for the thousands that are fine.
class LineFinder {
public:
    /// Position of `pointer` in `file` (or of its nearest enclosing value); line 0 when unknown.
    LineColumn find(const std::string& file, const std::string& pointer);

private:
    std::unordered_map<std::string, std::unique_ptr<JsonPositions>> files_;
};

/// Position of `pointer`, or of the nearest enclosing value that exists (an absent field is reported at
/// the object that lacks it).
LineColumn nearest_position(const JsonPositions& positions, const std::string& pointer);

/// Escapes a key for use in a JSON pointer (RFC 6901: ~ → ~0, / → ~1).
std::string pointer_token(std::string_view key);

}  // namespace dangan::core
