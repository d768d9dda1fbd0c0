// Lexer: token kinds and positions, whitespace control, lexical errors.
#include "templating/lexer.hpp"

#include "templating/error.hpp"

#include <catch2/catch.hpp>

using namespace dangan::templating;
using Kind = Token::Kind;

namespace {

std::vector<Token> lex(const std::string& source, LexerConfig config = {}) {
    return tokenize(source, "t.tpl", config);
}

std::vector<Kind> kinds(const std::vector<Token>& tokens) {
    std::vector<Kind> out;
    for (const auto& t : tokens) out.push_back(t.kind);
    return out;
}

/// The text tokens joined with '|', to see what whitespace control kept.
std::string texts(const std::string& source, LexerConfig config = {}) {
    std::string out;
    for (const auto& t : lex(source, config))
        if (t.kind == Kind::text) out += "[" + t.value + "]";
    return out;
}

std::string lex_error(const std::string& source) {
    try {
        lex(source);
        return "no error";
    } catch (const TemplateError& e) {
        return e.what();
    }
}

}  // namespace

TEST_CASE("lexer: text and expression tokens with byte offsets") {
    auto tokens = lex("a {{ x.y[0] | f(\"s\", 2.5) }} b");
    CHECK(kinds(tokens) == std::vector<Kind>{Kind::text, Kind::expression_open, Kind::identifier, Kind::dot,
                                             Kind::identifier, Kind::left_bracket, Kind::integer, Kind::right_bracket,
                                             Kind::pipe, Kind::identifier, Kind::left_paren, Kind::string, Kind::comma,
                                             Kind::decimal, Kind::right_paren, Kind::expression_close, Kind::text,
                                             Kind::end_of_file});
    CHECK(tokens[0].value == "a ");
    CHECK(tokens[1].pos == 2);
    CHECK(tokens[2].value == "x");
    CHECK(tokens[2].pos == 5);
    CHECK(tokens[11].value == "s");
    CHECK(tokens[13].value == "2.5");
    CHECK(tokens[16].value == " b");
}

TEST_CASE("lexer: every operator") {
    auto tokens = lex("{{ + - * / // % ~ == != < <= > >= = , : ( ) [ ] | . }}");
    CHECK(kinds(tokens) == std::vector<Kind>{Kind::expression_open, Kind::plus, Kind::minus, Kind::star, Kind::slash,
                                             Kind::double_slash, Kind::percent, Kind::tilde, Kind::equal,
                                             Kind::not_equal, Kind::less, Kind::less_equal, Kind::greater,
                                             Kind::greater_equal, Kind::assign, Kind::comma, Kind::colon,
                                             Kind::left_paren, Kind::right_paren, Kind::left_bracket,
                                             Kind::right_bracket, Kind::pipe, Kind::dot, Kind::expression_close,
                                             Kind::end_of_file});
}

TEST_CASE("lexer: statements, Chinese names and string escapes") {
    auto tokens = lex("{% if 会议.日期 %}{{ 'it\\'s' ~ \"a\\\"b\\n\" }}{% endif %}");
    CHECK(tokens[0].kind == Kind::statement_open);
    CHECK(tokens[2].value == "会议");
    CHECK(tokens[4].value == "日期");
    CHECK(tokens[5].kind == Kind::statement_close);
    CHECK(tokens[7].value == "it's");
    CHECK(tokens[9].value == "a\"b\n");
}

TEST_CASE("lexer: comments disappear") {
    CHECK(texts("a{# note {{ x }} #}b") == "[a][b]");
    CHECK(kinds(lex("{# only #}")) == std::vector<Kind>{Kind::end_of_file});
}

TEST_CASE("lexer: trim_blocks and lstrip_blocks for statement lines") {
    CHECK(texts("<a>\n  {% if x %}\n  <b/>\n  {% endif %}\n</a>\n") == "[<a>\n][  <b/>\n][</a>\n]");
    // A line with text besides the tag keeps its indentation and its line end.
    CHECK(texts("x {% if y %}\nz") == "[x ][\nz]");
    CHECK(texts("  {% if a %}x{% endif %}\ny") == "[  ][x][\ny]");
    CHECK(texts("{{ a }} {% if b %}\n") == "[ ][\n]");
    // Several statement tags on one line: the whole line goes, blanks between them too.
    CHECK(texts("a\n  {% endif %} {% endfor %}\nb") == "[a\n][b]");
    CHECK(texts("{% if a %}  {% if b %}") == "");
    // A comment spanning lines counts as one tag.
    CHECK(texts("a\n{#\n note\n#}\nb") == "[a\n][b]");
    // Comments behave like statements.
    CHECK(texts("a\n  {# c #}\nb") == "[a\n][b]");
    // Output tags keep their surroundings.
    CHECK(texts("  {{ x }}\n") == "[  ][\n]");
    // CRLF after a statement tag is removed as one line end.
    CHECK(texts("{% if a %}\r\nb") == "[b]");
}

TEST_CASE("lexer: whitespace control signs") {
    CHECK(texts("a  \n {{- x -}} \n b") == "[a][b]");
    CHECK(texts("a \n{%- if x -%}\n\n b") == "[a][b]");
    CHECK(texts("a \n {#- c -#} \n b") == "[a][b]");
    // '+' keeps what lstrip_blocks / trim_blocks would remove.
    CHECK(texts("a\n  {%+ if x +%}\nb") == "[a\n  ][\nb]");
}

TEST_CASE("lexer: trim_blocks and lstrip_blocks can be turned off") {
    LexerConfig off{false, false};
    CHECK(texts("<a>\n  {% if x %}\n  <b/>\n", off) == "[<a>\n  ][\n  <b/>\n]");
}

TEST_CASE("lexer: describe tokens for messages") {
    auto tokens = lex("{{ x 'y' 3 }}");
    CHECK(tokens[0].describe() == "'{{'");
    CHECK(tokens[1].describe() == "'x'");
    CHECK(tokens[2].describe() == "the text \"y\"");
    CHECK(tokens[3].describe() == "'3'");
    CHECK(tokens[4].describe() == "'}}'");
    CHECK(tokens[5].describe() == "end of file");
}

TEST_CASE("lexer: errors") {
    CHECK(lex_error("a\n{# open") == "t.tpl:2:8: expected '#}' to close '{#' opened at 2:1, found end of file");
    CHECK(lex_error("{{ \"abc }}") == "t.tpl:1:11: expected \" to close the text started at 1:4, found end of file");
    CHECK(lex_error("{{ 'a\nb' }}") == "t.tpl:1:6: expected ' to close the text started at 1:4, found end of line");
    CHECK(lex_error("{{ 'a\\q' }}") == "t.tpl:1:6: unknown escape '\\q' in text; use \\\\ \\\" \\' \\n or \\t");
    CHECK(lex_error("{{ a @ b }}") == "t.tpl:1:6: unexpected character '@'");
    CHECK(lex_error("{{ a && b }}") == "t.tpl:1:6: unexpected '&&'; write 'and'");
    CHECK(lex_error("{{ !a }}") == "t.tpl:1:4: unexpected '!'; write 'not' (or '!=' for 'is not equal to')");
    CHECK(lex_error("{{ x | date(“chinese”) }}") ==
          "t.tpl:1:13: unexpected '“'; write the plain '\"' (switch the input method to English punctuation)");
    CHECK(lex_error("{{ f（1） }}") ==
          "t.tpl:1:5: unexpected '（'; write the plain '(' (switch the input method to English punctuation)");
}

TEST_CASE("lexer: ideographic space inside a tag is white space") {
    auto tokens = lex("{{\u3000name\u3000}}");
    REQUIRE(tokens.size() == 4);
    CHECK(tokens[1].value == "name");
}
