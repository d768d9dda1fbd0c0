#include "core/json_positions.hpp"

#include "core/atomic_write.hpp"
#include "core/diagnostic.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <unordered_set>

namespace dangan::core {

namespace {

/// Recursive-descent scanner over JSON that records where each value starts. It accepts exactly
/// what RFC 8259 accepts, so that its first error is the real first error of the file.
class Scanner {
public:
    Scanner(std::string_view text, std::unordered_map<std::string, LineColumn>* out)
        : text_(text), out_(out) {}

    void run() {
        skip_space();
        std::string pointer;
        pointer.reserve(128);
        value(pointer);
        skip_space();
        if (pos_ < text_.size()) fail("unexpected text after the end of the JSON value");
    }

    struct Failure {
        size_t offset;
        std::string message;
    };

private:
    [[noreturn]] void fail(const std::string& message) { throw Failure{pos_, message}; }
    [[noreturn]] void fail_at(size_t offset, const std::string& message) { throw Failure{offset, message}; }

    LineColumn here() const { return {line_, column_}; }

    void advance() {
        if (text_[pos_] == '\n') {
            ++line_;
            column_ = 1;
        } else if ((static_cast<unsigned char>(text_[pos_]) & 0xC0) != 0x80) {
            ++column_;  // count code points, not bytes
        }
        ++pos_;
    }

    void skip_space() {
        while (pos_ < text_.size() &&
               (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
            advance();
    }

    char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

    std::string describe_here() const {
        if (pos_ >= text_.size()) return "end of file";
        const char c = text_[pos_];
        if (static_cast<unsigned char>(c) >= 0x80) return "a non-ASCII character";
        return std::string("'") + c + "'";
    }

    void expect(char c, const char* what) {
        if (peek() != c) fail(std::string("expected ") + what + ", found " + describe_here());
        advance();
    }

    /// `pointer` is this value's JSON pointer; children extend it in place and restore it.
    void value(std::string& pointer) {
        if (++depth_ > 200) fail("nesting deeper than 200 levels");
        if (out_) out_->emplace(pointer, here());
        switch (peek()) {
        case '{': object(pointer); break;
        case '[': array(pointer); break;
        case '"': string(); break;
        case 't': literal("true"); break;
        case 'f': literal("false"); break;
        case 'n': literal("null"); break;
        default:
            if (peek() == '-' || (peek() >= '0' && peek() <= '9')) number();
            else fail("expected a value (a string in \"quotes\", a number, true, false, null, [ or {), found " +
                      describe_here());
        }
        --depth_;
    }

    void object(std::string& pointer) {
        advance();  // {
        skip_space();
        if (peek() == '}') return advance();
        // A repeated key is an error: parsers keep only one of the two values (Poco the last), so a
        // branch secretary's second "host" would silently replace the first.
        std::unordered_set<std::string> keys;
        while (true) {
            skip_space();
            if (peek() != '"') fail("expected a key in \"quotes\", found " + describe_here());
            const size_t length = pointer.size();
            const size_t key_start = pos_;
            pointer += '/';
            string(&pointer);  // the key, escaped for the pointer as it is read
            if (!keys.insert(pointer.substr(length + 1)).second) {
                pos_ = key_start;
                fail("the key \"" + pointer.substr(length + 1) +
                     "\" appears twice in one object; only one of the two values would be kept");
            }
            skip_space();
            expect(':', "':' after the key");
            skip_space();
            value(pointer);
            pointer.resize(length);
            if (!another('}')) return;
        }
    }

    /// After a member or an element: true when a ',' announces another, false at `close`. A comma
    /// right before `close` is the commonest hand-editing slip, so it gets its own message.
    bool another(char close) {
        skip_space();
        if (peek() == ',') {
            const size_t comma = pos_;
            advance();
            skip_space();
            if (peek() == close)
                fail_at(comma, std::string("a comma before '") + close + "' is not allowed in JSON (remove the last comma)");
            return true;
        }
        expect(close, close == '}' ? "',' or '}' after the value" : "',' or ']' after the value");
        return false;
    }

    void array(std::string& pointer) {
        advance();  // [
        skip_space();
        if (peek() == ']') return advance();
        for (int index = 0;; ++index) {
            skip_space();
            const size_t length = pointer.size();
            pointer += '/';
            pointer += std::to_string(index);
            value(pointer);
            pointer.resize(length);
            if (!another(']')) return;
        }
    }

    /// Reads a string; when `key` is given, appends it there as a JSON pointer token (~0, ~1 escapes).
    void string(std::string* key = nullptr) {
        advance();  // opening quote
        while (true) {
            if (pos_ >= text_.size()) fail("unterminated string (a closing \" is missing)");
            const char c = text_[pos_];
            if (c == '"') {
                advance();
                return;
            }
            if (c == '\n') fail("line break inside a string (a closing \" is missing?)");
            if (static_cast<unsigned char>(c) < 0x20) fail("control character inside a string");
            if (c == '\\') {
                advance();
                const char e = peek();
                if (e == 'u') {
                    advance();
                    const unsigned unit = hex4();
                    // UTF-16 surrogates come in pairs: \\uD83D\\uDE00 is one character, a lone half is none.
                    if (unit >= 0xDC00 && unit <= 0xDFFF) fail("a lone low surrogate \\u" + hex(unit) + " is not a character");
                    if (unit >= 0xD800 && unit <= 0xDBFF) {
                        if (peek() != '\\' || pos_ + 1 >= text_.size() || text_[pos_ + 1] != 'u')
                            fail("\\u" + hex(unit) + " must be followed by a low surrogate \\uDC00–\\uDFFF");
                        advance();
                        advance();
                        const unsigned low = hex4();
                        if (low < 0xDC00 || low > 0xDFFF)
                            fail("\\u" + hex(unit) + " must be followed by a low surrogate \\uDC00–\\uDFFF");
                    }
                    if (key) *key += '?';
                    continue;
                }
                if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos || e == '\0')
                    fail("unknown escape '\\" + std::string(1, e) + "' in a string");
                if (key) *key += e;
                advance();
                continue;
            }
            if (key) {
                if (c == '~') *key += "~0";
                else if (c == '/') *key += "~1";
                else *key += c;
                advance();
                continue;
            }
            // Fast path for values (most of a record file is minutes text): skip plain bytes in one
            // loop. A string holds no line break, so only the column moves: one per code point.
            const size_t start = pos_;
            while (pos_ < text_.size()) {
                const auto b = static_cast<unsigned char>(text_[pos_]);
                if (b == '"' || b == '\\' || b < 0x20) break;
                column_ += (b & 0xC0) != 0x80;
                ++pos_;
            }
            if (pos_ == start) advance();
        }
    }

    unsigned hex4() {
        unsigned value = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = peek();
            if (!std::isxdigit(static_cast<unsigned char>(c))) fail("expected 4 hexadecimal digits after \\u");
            value = value * 16 + static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                                                                                                 : (c | 0x20) - 'a' + 10);
            advance();
        }
        return value;
    }

    static std::string hex(unsigned value) {
        char out[8];
        std::snprintf(out, sizeof out, "%04X", value);
        return out;
    }

    void literal(std::string_view word) {
        for (char c : word) {
            if (peek() != c) fail("expected '" + std::string(word) + "', found " + describe_here());
            advance();
        }
    }

    void number() {
        const size_t start = pos_;
        number_syntax();
        // Valid syntax can still be beyond what a double holds (1e999): say so rather than let the parser
        // fail without a location.
        const std::string digits(text_.substr(start, pos_ - start));
        if (std::isinf(std::strtod(digits.c_str(), nullptr))) {
            pos_ = start;
            fail("the number " + digits + " is too large");
        }
    }

    void number_syntax() {
        if (peek() == '-') advance();
        if (!std::isdigit(static_cast<unsigned char>(peek()))) fail("expected a digit, found " + describe_here());
        if (peek() == '0') advance();
        else
            while (std::isdigit(static_cast<unsigned char>(peek()))) advance();
        if (peek() == '.') {
            advance();
            if (!std::isdigit(static_cast<unsigned char>(peek())))
                fail("expected a digit after '.', found " + describe_here());
            while (std::isdigit(static_cast<unsigned char>(peek()))) advance();
        }
        if (peek() == 'e' || peek() == 'E') {
            advance();
            if (peek() == '+' || peek() == '-') advance();
            if (!std::isdigit(static_cast<unsigned char>(peek())))
                fail("expected a digit in the exponent, found " + describe_here());
            while (std::isdigit(static_cast<unsigned char>(peek()))) advance();
        }
    }

    std::string_view text_;
    std::unordered_map<std::string, LineColumn>* out_;  ///< null when only validating
    size_t pos_ = 0;
    int line_ = 1;
    int column_ = 1;
    int depth_ = 0;
};

}  // namespace

JsonPositions::JsonPositions(std::string_view text, bool record_positions) {
    if (record_positions) positions_.reserve(text.size() / 16);  // about one value per 16 bytes of records
    Scanner scanner(text, record_positions ? &positions_ : nullptr);
    try {
        scanner.run();
    } catch (const Scanner::Failure& failure) {
        error_ = SyntaxError{core::line_column_at(text, failure.offset), failure.message};
    }
}

LineColumn JsonPositions::at(const std::string& pointer) const {
    auto it = positions_.find(pointer);
    return it == positions_.end() ? LineColumn{0, 0} : it->second;
}

LineColumn nearest_position(const JsonPositions& positions, const std::string& pointer) {
    std::string at = pointer;
    auto position = positions.at(at);
    while (position.line == 0 && !at.empty()) {
        at.resize(at.rfind('/'));
        position = positions.at(at);
    }
    return position;
}

LineColumn LineFinder::find(const std::string& file, const std::string& pointer) {
    auto it = files_.find(file);
    if (it == files_.end()) {
        std::unique_ptr<JsonPositions> positions;
        try {
            std::string text = read_file(file);
            std::string_view view = text;
            if (view.starts_with("\xEF\xBB\xBF")) view.remove_prefix(3);
            positions = std::make_unique<JsonPositions>(view);
        } catch (const InputError&) {
            // The file is gone or unreadable now: its findings simply carry no line.
        }
        it = files_.emplace(file, std::move(positions)).first;
    }
    return it->second ? nearest_position(*it->second, pointer) : LineColumn{0, 0};
}

std::string pointer_token(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

}  // namespace dangan::core
