// TemplateError: the one error type of the template language, plus the helpers that place it
// (byte offset → line:column) and word it ("did you mean …?").
#pragma once

#include "core/diagnostic.hpp"
#include "core/suggest.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dangan::templating {

/// A parse or render error in a template. what() is exactly
/// "<template name>:<line>:<column>: <message>", e.g.
/// "meeting.tpl:3:14: unknown filter 'dat'; did you mean 'date'?". For an error inside an included
/// template the location is in that template and the message ends with
/// "(included from a.tpl:4:3)". diagnostic() carries the same facts as structured fields.
class TemplateError : public core::InputError {
public:
    TemplateError(std::string template_name, int line, int column, std::string message);

    const char* what() const noexcept override { return what_.c_str(); }
    const std::string& template_name() const { return diagnostic().where.file; }
    int line() const { return diagnostic().where.line; }
    int column() const { return diagnostic().where.column; }
    const std::string& message() const { return diagnostic().message; }

private:
    std::string what_;
};

/// 1-based line and column (in code points) of a byte offset.
struct SourcePosition {
    int line = 1;
    int column = 1;
};
SourcePosition locate(std::string_view source, size_t offset);

/// "3:14": how messages refer to another position in the same template ("opened at 2:1").
std::string position_text(std::string_view source, size_t offset);

/// Where a template was entered from: the including template and the position of its include tag,
/// or the position of a call of a macro imported from another template.
struct IncludeSite {
    std::string name;
    int line = 0;
    int column = 0;
    bool call = false;  ///< a macro call ("called from") rather than an include ("included from")
};

/// " (included from b.tpl:2:1, which is included from a.tpl:4:3)" for a chain whose innermost
/// site comes last ("called from" for macro calls); "" for an empty chain.
std::string include_suffix(const std::vector<IncludeSite>& chain);

// "Did you mean" suggestions live in core (profiles and font maps use them too).
using core::closest_name;
using core::did_you_mean;
using core::edit_distance;

}  // namespace dangan::templating
