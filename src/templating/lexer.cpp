#include "templating/lexer.hpp"

#include "templating/error.hpp"

#include <array>
#include <cstring>

namespace dangan::templating {

namespace {

using Kind = Token::Kind;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_start(char c) {
    // Bytes ≥ 0x80 belong to non-ASCII letters: data keys may be Chinese ({{ 会议.日期 }}).
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

/// Full-width punctuation that a Chinese input method produces instead of the ASCII sign the
/// language needs. Found inside a tag, it gets its own message instead of becoming part of a name.
struct FullWidth {
    const char* utf8;
    const char* ascii;
};
constexpr std::array<FullWidth, 14> full_width_signs{{
    {"\u201C", "\""}, {"\u201D", "\""}, {"\u2018", "'"}, {"\u2019", "'"}, {"\uFF08", "("}, {"\uFF09", ")"},
    {"\uFF0C", ","}, {"\uFF1A", ":"}, {"\uFF5C", "|"}, {"\u3010", "["}, {"\u3011", "]"}, {"\uFF5E", "~"},
    {"\uFF1D", "="}, {"\u3002", "."},
}};

const FullWidth* full_width_at(std::string_view rest) {
    for (const auto& sign : full_width_signs) {
        if (rest.substr(0, std::strlen(sign.utf8)) == sign.utf8) return &sign;
    }
    return nullptr;
}

constexpr std::string_view ideographic_space = "\u3000";

/// What the text after a closing tag loses at its start.
enum class LeftTrim { none, one_newline, all_whitespace };

class Lexer {
public:
    Lexer(std::string_view source, const std::string& name, const LexerConfig& config, const std::string& suffix)
        : src_(source), name_(name), config_(config), suffix_(suffix) {}

    std::vector<Token> run() {
        size_t pos = 0;
        LeftTrim left = LeftTrim::none;
        while (pos <= src_.size()) {
            size_t open = find_tag(pos);
            size_t text_end = open == std::string_view::npos ? src_.size() : open;
            if (open == std::string_view::npos) {
                emit_text(pos, text_end, left, false);
                break;
            }
            char kind = src_[open + 1];
            char modifier = open + 2 < src_.size() ? src_[open + 2] : '\0';
            bool block_like = kind == '%' || kind == '#';
            if (modifier == '-') {
                emit_text(pos, text_end, left, true);
            } else {
                bool lstrip = block_like && config_.lstrip_blocks && modifier != '+' && only_indent_before(pos, open);
                size_t end = text_end;
                if (lstrip) {
                    while (end > pos && (src_[end - 1] == ' ' || src_[end - 1] == '\t')) --end;
                }
                emit_text(pos, end, left, false);
            }
            size_t body = open + 2 + ((modifier == '-' || (modifier == '+' && block_like)) ? 1 : 0);
            if (kind == '#') {
                pos = skip_comment(open, body, left);
            } else {
                tokens_.push_back({kind == '{' ? Kind::expression_open : Kind::statement_open, open, body, {}});
                pos = lex_tag(body, left);
            }
        }
        tokens_.push_back({Kind::end_of_file, src_.size(), src_.size(), {}});
        return std::move(tokens_);
    }

private:
    [[noreturn]] void fail(size_t pos, const std::string& message) const {
        SourcePosition where = locate(src_, pos);
        throw TemplateError(name_, where.line, where.column, message + suffix_);
    }

    size_t find_tag(size_t from) const {
        for (size_t i = src_.find('{', from); i != std::string_view::npos; i = src_.find('{', i + 1)) {
            if (i + 1 < src_.size() && (src_[i + 1] == '{' || src_[i + 1] == '%' || src_[i + 1] == '#')) return i;
        }
        return std::string_view::npos;
    }

    /// True when only spaces and tabs stand between the start of the tag's line and the tag, and
    /// that stretch lies entirely in the current text (no earlier tag on the same line).
    bool only_indent_before(size_t text_begin, size_t open) const {
        size_t i = open;
        while (i > 0 && (src_[i - 1] == ' ' || src_[i - 1] == '\t')) --i;
        if (i != 0 && src_[i - 1] != '\n') return false;
        return i >= text_begin;
    }

    void emit_text(size_t begin, size_t end, LeftTrim left, bool strip_right) {
        if (left == LeftTrim::all_whitespace) {
            while (begin < end && is_space(src_[begin])) ++begin;
        } else if (left == LeftTrim::one_newline) {
            if (begin < end && src_[begin] == '\n') ++begin;
            else if (begin + 1 < end && src_[begin] == '\r' && src_[begin + 1] == '\n') begin += 2;
        }
        if (strip_right) {
            while (end > begin && is_space(src_[end - 1])) --end;
        }
        if (begin < end) tokens_.push_back({Kind::text, begin, end, std::string(src_.substr(begin, end - begin))});
    }

    size_t skip_comment(size_t open, size_t body, LeftTrim& left) {
        size_t close = src_.find("#}", body);
        if (close == std::string_view::npos)
            fail(src_.size(), "expected '#}' to close '{#' opened at " + position_text(src_, open) +
                                  ", found end of file");
        char modifier = close > body ? src_[close - 1] : '\0';
        left = modifier == '-'                                          ? LeftTrim::all_whitespace
               : (modifier != '+' && config_.trim_blocks) ? LeftTrim::one_newline
                                                                        : LeftTrim::none;
        return close + 2;
    }

    /// Lexes the inside of a {{ }} or {% %} tag up to and including its closing token.
    size_t lex_tag(size_t pos, LeftTrim& left) {
        for (;;) {
            while (pos < src_.size()) {
                if (is_space(src_[pos])) ++pos;
                else if (src_.substr(pos, ideographic_space.size()) == ideographic_space) pos += ideographic_space.size();
                else break;
            }
            if (pos >= src_.size()) return pos;  // the parser reports the missing close with context
            std::string_view rest = src_.substr(pos);
            // Closing tags, with their whitespace-control sign.
            if (rest.starts_with("-}}") || rest.starts_with("}}")) {
                size_t len = rest[0] == '-' ? 3 : 2;
                tokens_.push_back({Kind::expression_close, pos, pos + len, {}});
                left = rest[0] == '-' ? LeftTrim::all_whitespace : LeftTrim::none;
                return pos + len;
            }
            if (rest.starts_with("-%}") || rest.starts_with("+%}") || rest.starts_with("%}")) {
                size_t len = rest[0] == '%' ? 2 : 3;
                tokens_.push_back({Kind::statement_close, pos, pos + len, {}});
                left = rest[0] == '-'                            ? LeftTrim::all_whitespace
                       : (rest[0] == '%' && config_.trim_blocks) ? LeftTrim::one_newline
                                                                 : LeftTrim::none;
                return pos + len;
            }
            // A new tag opening inside a tag: the earlier one was not closed. Emit it so the parser
            // can say "expected '}}' …, found '{{'".
            if (rest.starts_with("{{") || rest.starts_with("{%")) {
                tokens_.push_back({rest[1] == '{' ? Kind::expression_open : Kind::statement_open, pos, pos + 2, {}});
                return pos + 2;
            }
            pos = lex_one(pos);
        }
    }

    size_t lex_one(size_t pos) {
        std::string_view rest = src_.substr(pos);
        char c = rest[0];
        if (is_digit(c)) {
            size_t end = pos;
            while (end < src_.size() && is_digit(src_[end])) ++end;
            Kind kind = Kind::integer;
            if (end + 1 < src_.size() && src_[end] == '.' && is_digit(src_[end + 1])) {
                kind = Kind::decimal;
                ++end;
                while (end < src_.size() && is_digit(src_[end])) ++end;
            }
            tokens_.push_back({kind, pos, end, std::string(src_.substr(pos, end - pos))});
            return end;
        }
        if (c == '"' || c == '\'') return lex_string(pos);
        if (const FullWidth* sign = full_width_at(rest)) {
            fail(pos, std::string("unexpected '") + sign->utf8 + "'; write the plain '" + sign->ascii +
                          "' (switch the input method to English punctuation)");
        }
        if (is_name_start(c)) {
            size_t end = pos;
            while (end < src_.size() && (is_name_start(src_[end]) || is_digit(src_[end])) &&
                   !full_width_at(src_.substr(end)) &&
                   src_.substr(end, ideographic_space.size()) != ideographic_space)
                ++end;
            tokens_.push_back({Kind::identifier, pos, end, std::string(src_.substr(pos, end - pos))});
            return end;
        }
        struct Symbol {
            std::string_view text;
            Kind kind;
        };
        // Longest first, so "//" wins over "/" and "<=" over "<".
        static constexpr std::array<Symbol, 22> symbols{{
            {"//", Kind::double_slash}, {"==", Kind::equal},       {"!=", Kind::not_equal},
            {"<=", Kind::less_equal},   {">=", Kind::greater_equal}, {".", Kind::dot},
            {",", Kind::comma},         {":", Kind::colon},        {"(", Kind::left_paren},
            {")", Kind::right_paren},   {"[", Kind::left_bracket}, {"]", Kind::right_bracket},
            {"|", Kind::pipe},          {"+", Kind::plus},         {"-", Kind::minus},
            {"*", Kind::star},          {"/", Kind::slash},        {"%", Kind::percent},
            {"~", Kind::tilde},         {"<", Kind::less},         {">", Kind::greater},
            {"=", Kind::assign},
        }};
        if (rest.starts_with("&&")) fail(pos, "unexpected '&&'; write 'and'");
        if (rest.starts_with("||")) fail(pos, "unexpected '||'; write 'or'");
        for (const auto& symbol : symbols) {
            if (rest.starts_with(symbol.text)) {
                tokens_.push_back({symbol.kind, pos, pos + symbol.text.size(), std::string(symbol.text)});
                return pos + symbol.text.size();
            }
        }
        if (c == '!') fail(pos, "unexpected '!'; write 'not' (or '!=' for 'is not equal to')");
        if (c == '&') fail(pos, "unexpected '&'; write 'and', or '~' to join text");
        fail(pos, "unexpected character '" + std::string(1, c) + "'");
    }

    size_t lex_string(size_t pos) {
        char quote = src_[pos];
        std::string value;
        size_t i = pos + 1;
        for (;; ++i) {
            if (i >= src_.size() || src_[i] == '\n')
                fail(i, std::string("expected ") + quote + " to close the text started at " + position_text(src_, pos) +
                            ", found " + (i >= src_.size() ? "end of file" : "end of line"));
            char c = src_[i];
            if (c == quote) break;
            if (c == '\\') {
                char next = i + 1 < src_.size() ? src_[i + 1] : '\0';
                switch (next) {
                case '\\': value += '\\'; break;
                case '"': value += '"'; break;
                case '\'': value += '\''; break;
                case 'n': value += '\n'; break;
                case 't': value += '\t'; break;
                default:
                    fail(i, "unknown escape '\\" + std::string(next == '\0' || next == '\n' ? "" : std::string(1, next)) +
                                "' in text; use \\\\ \\\" \\' \\n or \\t");
                }
                ++i;
                continue;
            }
            value += c;
        }
        tokens_.push_back({Kind::string, pos, i + 1, std::move(value)});
        return i + 1;
    }

    std::string_view src_;
    const std::string& name_;
    const LexerConfig& config_;
    const std::string& suffix_;
    std::vector<Token> tokens_;
};

}  // namespace

std::string Token::describe() const {
    switch (kind) {
    case Kind::end_of_file: return "end of file";
    case Kind::text: return "text";
    case Kind::string: return "the text \"" + value + "\"";
    case Kind::expression_open: return "'{{'";
    case Kind::expression_close: return "'}}'";
    case Kind::statement_open: return "'{%'";
    case Kind::statement_close: return "'%}'";
    default: return "'" + value + "'";
    }
}

std::vector<Token> tokenize(std::string_view source, const std::string& name, const LexerConfig& config,
                            const std::string& suffix) {
    return Lexer(source, name, config, suffix).run();
}

}  // namespace dangan::templating
