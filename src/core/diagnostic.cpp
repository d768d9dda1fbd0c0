#include "core/diagnostic.hpp"

#include "core/messages.hpp"

#include <algorithm>

namespace dangan::core {

std::string_view to_string(Severity severity) {
    switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "info";
    }
    return "error";
}

std::string describe(const Location& where) {
    std::string out = where.file;
    if (where.line > 0) {
        out += ":" + std::to_string(where.line);
        if (where.column > 0) out += ":" + std::to_string(where.column);
    }
    std::string inside = where.record;
    if (!where.field.empty()) inside += (inside.empty() ? "" : ", ") + where.field;
    if (!inside.empty()) out += (out.empty() ? "(" : " (") + inside + ")";
    return out;
}

std::string Diagnostic::str() const {
    std::string out = describe(where);
    if (!out.empty()) out += ": ";
    // The severity and hint labels are in the user's language: a secretary reads 错误/警告/提示, not error:.
    switch (severity) {
    case Severity::error: out += tr("错误：", "error: "); break;
    case Severity::warning: out += tr("警告：", "warning: "); break;
    case Severity::info: out += tr("提示：", "info: "); break;
    }
    out += message;
    for (const auto& hint : hints) out += tr("\n  建议：", "\n  hint: ") + hint;
    return out;
}

InputError::InputError(Diagnostic diagnostic)
    : std::runtime_error(diagnostic.str()), diagnostic_(std::move(diagnostic)) {}

InputError::InputError(Location where, std::string message)
    : InputError(Diagnostic{Severity::error, std::move(where), std::move(message), {}}) {}

void DiagnosticSink::add(Diagnostic diagnostic) { diagnostics_.push_back(std::move(diagnostic)); }

void DiagnosticSink::error(Location where, std::string message) {
    add({Severity::error, std::move(where), std::move(message), {}});
}

void DiagnosticSink::warning(Location where, std::string message) {
    add({Severity::warning, std::move(where), std::move(message), {}});
}

bool DiagnosticSink::has_errors() const {
    return std::any_of(diagnostics_.begin(), diagnostics_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::error; });
}

}  // namespace dangan::core
