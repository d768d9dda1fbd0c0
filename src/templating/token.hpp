// Tokens of the template language: what the lexer hands to the parser.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dangan::templating {

/// One lexical token. Positions are byte offsets into the template source.
struct Token {
    enum class Kind {
        text,              ///< literal text between tags (already trimmed by whitespace control)
        expression_open,   ///< {{  (or {{-)
        expression_close,  ///< }}  (or -}})
        statement_open,    ///< {%  (or {%-, {%+)
        statement_close,   ///< %}  (or -%}, +%})
        identifier,        ///< meeting, for, and, true …
        integer,           ///< 42
        decimal,           ///< 3.5
        string,            ///< "…" or '…'; `value` holds the unescaped text
        dot,               ///< .
        comma,             ///< ,
        colon,             ///< :
        left_paren,        ///< (
        right_paren,       ///< )
        left_bracket,      ///< [
        right_bracket,     ///< ]
        pipe,              ///< |
        plus,              ///< +
        minus,             ///< -
        star,              ///< *
        slash,             ///< /
        double_slash,      ///< //
        percent,           ///< %
        tilde,             ///< ~
        equal,             ///< ==
        not_equal,         ///< !=
        less,              ///< <
        less_equal,        ///< <=
        greater,           ///< >
        greater_equal,     ///< >=
        assign,            ///< =
        end_of_file,       ///< end of the template
    };

    Kind kind = Kind::end_of_file;
    size_t pos = 0;     ///< byte offset of the first byte of the token
    size_t end = 0;     ///< byte offset one past the token
    std::string value;  ///< text for text/identifier/number tokens, unescaped content for strings

    /// How an error message names this token: "'}}'", "'foo'", "end of file", "a string".
    std::string describe() const;
};

}  // namespace dangan::templating
