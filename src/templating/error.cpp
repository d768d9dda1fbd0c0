#include "templating/error.hpp"

#include "core/messages.hpp"

#include <algorithm>

namespace dangan::templating {

namespace {

std::string compose_what(const std::string& name, int line, int column, const std::string& message) {
    // Line 0: a problem with the file as a whole (not found, not UTF-8).
    if (line <= 0) return name + ": " + message;
    return name + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

}  // namespace

TemplateError::TemplateError(std::string template_name, int line, int column, std::string message)
    : core::InputError(core::Location{template_name, line, column, {}, {}}, message),
      what_(compose_what(template_name, line, column, message)) {}

SourcePosition locate(std::string_view source, size_t offset) {
    offset = std::min(offset, source.size());
    SourcePosition where;
    size_t line_start = 0;
    for (size_t i = 0; i < offset; ++i) {
        if (source[i] == '\n') {
            ++where.line;
            line_start = i + 1;
        }
    }
    // Columns count code points, as editors show them: continuation bytes (10xxxxxx) are skipped.
    for (size_t i = line_start; i < offset; ++i) {
        if ((static_cast<unsigned char>(source[i]) & 0xC0) != 0x80) ++where.column;
    }
    return where;
}

std::string position_text(std::string_view source, size_t offset) {
    SourcePosition where = locate(source, offset);
    return std::to_string(where.line) + ":" + std::to_string(where.column);
}

std::string include_suffix(const std::vector<IncludeSite>& chain) {
    if (chain.empty()) return {};
    const bool zh = core::language() == core::Language::zh;
    std::string out = zh ? "（" : " (";
    for (size_t i = chain.size(); i-- > 0;) {
        const IncludeSite& site = chain[i];
        const std::string at = site.name + ":" + std::to_string(site.line) + ":" + std::to_string(site.column);
        if (zh) {
            if (i + 1 != chain.size()) out += "，";
            out += (site.call ? "由 " : "被 ") + at + (site.call ? " 调用" : " 包含");
        } else {
            if (i + 1 != chain.size()) out += ", which is ";
            out += (site.call ? "called from " : "included from ") + at;
        }
    }
    return out + (zh ? "）" : ")");
}

}  // namespace dangan::templating
