// Lexer: template source → tokens. Text between tags is trimmed here, so whitespace control
// ({%- -%} {{- -}} {#- -#}, trim_blocks, lstrip_blocks) never reaches the parser.
#pragma once

#include "templating/token.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace dangan::templating {

/// Whitespace handling around statement and comment tags ({% %}, {# #}).
struct LexerConfig {
    /// Remove the first newline after a statement or comment tag (disable per tag with "+%}").
    bool trim_blocks = true;
    /// Remove spaces and tabs before a statement or comment tag when nothing else precedes it on its
    /// line (disable per tag with "{%+").
    bool lstrip_blocks = true;
};

/// Splits a template into tokens. Comments are dropped. Throws TemplateError (named `name`, with
/// `suffix` appended to messages) for an unclosed comment or string, or a character that cannot
/// start a token.
std::vector<Token> tokenize(std::string_view source, const std::string& name, const LexerConfig& config,
                            const std::string& suffix = {});

}  // namespace dangan::templating
