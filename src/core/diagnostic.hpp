// Diagnostics: the one way every module reports a problem to the user.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dangan::core {

enum class Severity { error, warning, info };

/// "error", "warning" or "info": the spelling used in JSON findings and text reports.
std::string_view to_string(Severity severity);

/// Where a problem is. Every part is optional; fill in what can be known.
struct Location {
    std::string file;    ///< path as the user gave it (or relative to an audited root)
    int line = 0;        ///< 1-based; 0 when unknown
    int column = 0;      ///< 1-based; 0 when unknown
    std::string record;  ///< the record: its id, or its JSON path such as "/meetings/3"
    std::string field;   ///< JSON path of the field inside the record, such as "/date"
};

/// Renders "file:line:column (record, field)" leaving out what is unknown.
std::string describe(const Location& where);

/// One problem, with where it is and what was expected.
struct Diagnostic {
    Severity severity = Severity::error;
    Location where;
    std::string message;             ///< lower-case sentence saying what was expected and what was found
    std::vector<std::string> hints;  ///< optional "did you mean …" lines

    /// "file:line:col (record, field): 错误：message" plus 建议 lines (English labels under --lang en).
    std::string str() const;
};

/// Thrown when input cannot be used at all; the CLI maps it to exit code 2.
class InputError : public std::runtime_error {
public:
    explicit InputError(Diagnostic diagnostic);
    InputError(Location where, std::string message);
    const Diagnostic& diagnostic() const { return diagnostic_; }

private:
    Diagnostic diagnostic_;
};

/// Collects diagnostics that do not stop the work (warnings, errors in one record of many).
class DiagnosticSink {
public:
    void add(Diagnostic diagnostic);
    void error(Location where, std::string message);
    void warning(Location where, std::string message);
    const std::vector<Diagnostic>& all() const { return diagnostics_; }
    bool has_errors() const;
    bool empty() const { return diagnostics_.empty(); }

private:
    std::vector<Diagnostic> diagnostics_;
};

}  // namespace dangan::core
