// Parser: tokens → Template (the AST). Resolves filters, tests, loop fields, macro calls and
// includes while parsing, so that every mistake a template author can make in the text itself is
// reported before any data is rendered.
#pragma once

#include "templating/ast.hpp"
#include "templating/error.hpp"
#include "templating/filters.hpp"
#include "templating/lexer.hpp"

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace dangan::templating {

/// Everything the parser needs from its environment.
struct ParseContext {
    std::string name;    ///< the template's name, used in messages
    std::string suffix;  ///< appended to every message: " (included from a.tpl:4:3)" or ""
    const FilterTable* filters = nullptr;
    LexerConfig lexer;
    /// Loads an included template. Throws ValueError for a name that cannot be used (the parser
    /// then reports it at the include tag) or TemplateError for an error inside that template.
    std::function<std::shared_ptr<const Template>(const std::string& name, const IncludeSite& site)> load_include;
};

/// Parses `source` (already normalised to LF line ends). Throws TemplateError.
std::shared_ptr<Template> parse_template(std::string source, const ParseContext& context);

}  // namespace dangan::templating
