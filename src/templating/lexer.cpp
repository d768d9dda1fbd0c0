#include "templating/lexer.hpp"
#include "core/messages.hpp"

#include "templating/error.hpp"

#include <array>
#include <optional>
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

/// A stretch of the source: literal text, or one tag with the tokens of its inside.
struct Piece {
    bool is_tag = false;
    size_t begin = 0;         ///< text: first byte kept; tag: offset of its '{'
    size_t end = 0;           ///< text: one past the last byte kept; tag: one past its closing sign
    char kind = 0;            ///< tag: '{' (output), '%' (statement) or '#' (comment)
    char open_sign = 0;       ///< tag: '-' or '+' right after the opening sign, else 0
    char close_sign = 0;      ///< tag: '-' or '+' right before the closing sign, else 0
    std::vector<Token> tokens;  ///< tag: from the opening token to the closing one (or to end of file)
    bool block_like() const { return is_tag && kind != '{'; }
};

bool only_blanks(std::string_view text) {
    return text.find_first_not_of(" \t\r") == std::string_view::npos;
}

class Lexer {
public:
    Lexer(std::string_view source, const std::string& name, const LexerConfig& config, const std::string& suffix)
        : src_(source), name_(name), config_(config), suffix_(suffix) {}

    /// Three steps: cut the source into text and tags, trim the text around tags, emit tokens.
    std::vector<Token> run() {
        split();
        trim_tag_lines();
        trim_signs();
        std::vector<Token> tokens;
        for (auto& piece : pieces_) {
            if (piece.is_tag) {
                for (auto& token : piece.tokens) tokens.push_back(std::move(token));
            } else if (piece.begin < piece.end) {
                tokens.push_back({Kind::text, piece.begin, piece.end,
                                  std::string(src_.substr(piece.begin, piece.end - piece.begin))});
            }
        }
        tokens.push_back({Kind::end_of_file, src_.size(), src_.size(), {}});
        return tokens;
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

    void split() {
        size_t pos = 0;
        while (pos < src_.size()) {
            size_t open = find_tag(pos);
            size_t text_end = open == std::string_view::npos ? src_.size() : open;
            if (text_end > pos) pieces_.push_back({false, pos, text_end, 0, 0, 0, {}});
            if (open == std::string_view::npos) break;
            Piece tag{true, open, open, src_[open + 1], 0, 0, {}};
            char sign = open + 2 < src_.size() ? src_[open + 2] : '\0';
            if (sign == '-' || (sign == '+' && tag.kind != '{')) tag.open_sign = sign;
            size_t body = open + 2 + (tag.open_sign ? 1 : 0);
            if (tag.kind == '#') {
                size_t close = src_.find("#}", body);
                if (close == std::string_view::npos)
                    fail(src_.size(), "expected '#}' to close '{#' opened at " + position_text(src_, open) +
                                          ", found end of file");
                if (close > body && (src_[close - 1] == '-' || src_[close - 1] == '+')) tag.close_sign = src_[close - 1];
                tag.end = close + 2;
            } else {
                tag.tokens.push_back({tag.kind == '{' ? Kind::expression_open : Kind::statement_open, open, body, {}});
                tag.end = lex_tag(body, tag);
            }
            pos = tag.end;
            pieces_.push_back(std::move(tag));
        }
    }

    /// Lines that hold only statement tags and comments (and blanks) leave nothing in the output:
    /// their indentation (lstrip_blocks) and their line end (trim_blocks) are removed. A line that
    /// also holds text or a {{ }} keeps both, so `{% if a %}x{% endif %}` keeps its line end.
    void trim_tag_lines() {
        for (size_t i = 0; i < pieces_.size(); ++i) {
            if (!pieces_[i].block_like()) continue;
            // Walk left to the start of the line.
            std::optional<size_t> left_text;  // the text piece holding the previous line end
            size_t first = i;
            bool tag_only = true;
            for (size_t j = i; j-- > 0;) {
                Piece& piece = pieces_[j];
                if (piece.is_tag) {
                    if (!piece.block_like()) tag_only = false;
                    first = j;
                    if (!tag_only) break;
                    continue;
                }
                std::string_view text = src_.substr(piece.begin, piece.end - piece.begin);
                size_t newline = text.rfind('\n');
                if (!only_blanks(newline == std::string_view::npos ? text : text.substr(newline + 1))) tag_only = false;
                if (newline != std::string_view::npos) {
                    left_text = j;
                    break;
                }
                first = j;
                if (!tag_only) break;
            }
            if (!tag_only) continue;
            // Walk right to the end of the line.
            std::optional<size_t> right_text;
            size_t last = i;
            for (size_t j = i + 1; j < pieces_.size(); ++j) {
                Piece& piece = pieces_[j];
                if (piece.is_tag) {
                    if (!piece.block_like()) tag_only = false;
                    last = j;
                    if (!tag_only) break;
                    continue;
                }
                std::string_view text = src_.substr(piece.begin, piece.end - piece.begin);
                size_t newline = text.find('\n');
                if (!only_blanks(text.substr(0, newline))) tag_only = false;
                if (newline != std::string_view::npos) {
                    right_text = j;
                    break;
                }
                last = j;
                if (!tag_only) break;
            }
            if (!tag_only) continue;
            const Piece& first_tag = pieces_[first].is_tag ? pieces_[first] : pieces_[first + 1];
            bool keep_indent = !config_.lstrip_blocks || first_tag.open_sign == '+';
            const Piece& last_tag = pieces_[last].is_tag ? pieces_[last] : pieces_[last - 1];
            bool keep_line_end = !config_.trim_blocks || last_tag.close_sign == '+';
            if (!keep_indent) {
                if (left_text) {
                    Piece& text = pieces_[*left_text];
                    text.end = text.begin + src_.substr(text.begin, text.end - text.begin).rfind('\n') + 1;
                }
                // Blanks between the tags of the line go too.
                for (size_t j = first; j < last; ++j)
                    if (!pieces_[j].is_tag) pieces_[j].end = pieces_[j].begin;
            }
            if (!keep_line_end && right_text) {
                Piece& text = pieces_[*right_text];
                text.begin += src_.substr(text.begin, text.end - text.begin).find('\n') + 1;
            }
            i = last;
        }
    }

    /// '-' signs remove all white space (line ends included) between the tag and the text.
    void trim_signs() {
        for (size_t i = 0; i < pieces_.size(); ++i) {
            const Piece& tag = pieces_[i];
            if (!tag.is_tag) continue;
            if (tag.open_sign == '-' && i > 0 && !pieces_[i - 1].is_tag) {
                Piece& text = pieces_[i - 1];
                while (text.end > text.begin && is_space(src_[text.end - 1])) --text.end;
            }
            if (tag.close_sign == '-' && i + 1 < pieces_.size() && !pieces_[i + 1].is_tag) {
                Piece& text = pieces_[i + 1];
                while (text.begin < text.end && is_space(src_[text.begin])) ++text.begin;
            }
        }
    }

    /// Lexes the inside of a {{ }} or {% %} tag up to and including its closing token; returns
    /// the offset after it (the end of the source when the tag is not closed: the parser reports it).
    size_t lex_tag(size_t pos, Piece& tag) {
        std::vector<Token>& tokens = tag.tokens;
        for (;;) {
            while (pos < src_.size()) {
                if (is_space(src_[pos])) ++pos;
                else if (src_.substr(pos, ideographic_space.size()) == ideographic_space) pos += ideographic_space.size();
                else break;
            }
            if (pos >= src_.size()) return pos;
            std::string_view rest = src_.substr(pos);
            // Closing tags, with their whitespace-control sign.
            if (rest.starts_with("-}}") || rest.starts_with("}}")) {
                size_t len = rest[0] == '-' ? 3 : 2;
                tokens.push_back({Kind::expression_close, pos, pos + len, {}});
                if (rest[0] == '-') tag.close_sign = '-';
                return pos + len;
            }
            if (rest.starts_with("-%}") || rest.starts_with("+%}") || rest.starts_with("%}")) {
                size_t len = rest[0] == '%' ? 2 : 3;
                tokens.push_back({Kind::statement_close, pos, pos + len, {}});
                if (rest[0] != '%') tag.close_sign = rest[0];
                return pos + len;
            }
            // A new tag opening inside a tag: the earlier one was not closed. Emit it so the parser
            // can say "expected '}}' …, found '{{'".
            if (rest.starts_with("{{") || rest.starts_with("{%")) {
                tokens.push_back({rest[1] == '{' ? Kind::expression_open : Kind::statement_open, pos, pos + 2, {}});
                return pos + 2;
            }
            pos = lex_one(pos, tokens);
        }
    }

    size_t lex_one(size_t pos, std::vector<Token>& out) {
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
            out.push_back({kind, pos, end, std::string(src_.substr(pos, end - pos))});
            return end;
        }
        if (c == '"' || c == '\'') return lex_string(pos, out);
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
            out.push_back({Kind::identifier, pos, end, std::string(src_.substr(pos, end - pos))});
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
                out.push_back({symbol.kind, pos, pos + symbol.text.size(), std::string(symbol.text)});
                return pos + symbol.text.size();
            }
        }
        if (c == '!') fail(pos, "unexpected '!'; write 'not' (or '!=' for 'is not equal to')");
        if (c == '&') fail(pos, "unexpected '&'; write 'and', or '~' to join text");
        fail(pos, "unexpected character '" + std::string(1, c) + "'");
    }

    size_t lex_string(size_t pos, std::vector<Token>& out) {
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
        out.push_back({Kind::string, pos, i + 1, std::move(value)});
        return i + 1;
    }

    std::string_view src_;
    const std::string& name_;
    const LexerConfig& config_;
    const std::string& suffix_;
    std::vector<Piece> pieces_;
};

}  // namespace

std::string Token::describe() const {
    switch (kind) {
    case Kind::end_of_file: return core::tr("文件结尾", "end of file");
    case Kind::text: return core::tr("正文", "text");
    case Kind::string: return core::tr("文字“" + value + "”", "the text \"" + value + "\"");
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
