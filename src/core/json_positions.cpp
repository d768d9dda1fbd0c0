#include "core/json_positions.hpp"

#include "core/atomic_write.hpp"
#include "core/diagnostic.hpp"
#include "core/messages.hpp"

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
        if (pos_ < text_.size()) fail(tr("JSON 内容在这里之前已经结束，后面多出了文字（一个文件只能有一个 {…}；多余的内容请删去或放进另一个文件）",
                                        "unexpected text after the end of the JSON value"));
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

    /// What stands at the current position, for "expected …, found …".
    std::string describe_here() const {
        if (pos_ >= text_.size()) return tr("文件结尾", "end of file");
        const char c = text_[pos_];
        if (static_cast<unsigned char>(c) >= 0x80) {
            size_t length = 1;
            while (pos_ + length < text_.size() && (static_cast<unsigned char>(text_[pos_ + length]) & 0xC0) == 0x80) ++length;
            return tr("字符“", "the character '") + std::string(text_.substr(pos_, length)) + tr("”", "'");
        }
        if (static_cast<unsigned char>(c) < 0x20) {
            char code[8];
            std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(static_cast<unsigned char>(c)));
            return tr("不可见的控制字符 ", "the control character ") + code;
        }
        return tr("“", "'") + std::string(1, c) + tr("”", "'");
    }

    /// "expected X, found Y", with the specific advice when Y is a Chinese sign typed for an ASCII one
    /// (an input method left in Chinese punctuation is the commonest reason a hand-edited file breaks).
    [[noreturn]] void fail_expected(const std::string& what) {
        std::string message = tr("这里应为", "expected ") + what + tr("，实际是", ", found ") + describe_here();
        if (pos_ < text_.size()) {
            if (const auto advice = full_width_sign_advice(text_, pos_); !advice.empty())
                message = advice + tr("（这里应为", " (expected ") + what + tr("）", ")");
        }
        fail(message);
    }

    void expect(char c, const std::string& what) {
        if (peek() != c) fail_expected(what);
        advance();
    }

    /// `pointer` is this value's JSON pointer; children extend it in place and restore it.
    void value(std::string& pointer) {
        if (++depth_ > 200) fail(tr("嵌套超过 200 层（{ 或 [ 套得太深），请检查是否漏写了 } 或 ]", "nesting deeper than 200 levels"));
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
            else fail_expected(tr("一个值（用英文双引号 \"…\" 括起的文字、数字、true、false、null、[ 或 {）",
                                  "a value (a string in \"quotes\", a number, true, false, null, [ or {)"));
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
            if (peek() != '"') fail_expected(tr("用英文双引号括起的键名，如 \"date\"", "a key in \"quotes\""));
            const size_t length = pointer.size();
            const size_t key_start = pos_;
            pointer += '/';
            string(&pointer);  // the key, escaped for the pointer as it is read
            if (!keys.insert(pointer.substr(length + 1)).second) {
                pos_ = key_start;
                fail(tr("键“", "the key \"") + pointer.substr(length + 1) +
                     tr("”在同一个对象里出现了两次，两个值只会留下一个；请删去或合并其中一个",
                        "\" appears twice in one object; only one of the two values would be kept"));
            }
            skip_space();
            expect(':', tr("键名后的英文冒号 :", "':' after the key"));
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
                fail_at(comma, tr("JSON 不允许在“", "a comma before '") + close +
                                   tr("”前面有逗号：请删去最后一个逗号", "' is not allowed in JSON (remove the last comma)"));
            return true;
        }
        expect(close, close == '}' ? tr("值后面的英文逗号 , 或 }（上一行末尾是不是少了逗号？）", "',' or '}' after the value")
                                   : tr("值后面的英文逗号 , 或 ]（是不是少了逗号？）", "',' or ']' after the value"));
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
            if (pos_ >= text_.size()) fail(tr("文字没有结束（缺少收尾的英文双引号 \"）", "unterminated string (a closing \" is missing)"));
            const char c = text_[pos_];
            if (c == '"') {
                advance();
                return;
            }
            if (c == '\n') fail(tr("引号里的文字中间换了行（是不是少了收尾的英文双引号 \"？文字里的换行请写成 \\n）",
                                "line break inside a string (a closing \" is missing?)"));
            if (static_cast<unsigned char>(c) < 0x20) fail(tr("文字里有控制字符（不可见字符），请删去", "control character inside a string"));
            if (c == '\\') {
                advance();
                const char e = peek();
                if (e == 'u') {
                    advance();
                    const unsigned unit = hex4();
                    // UTF-16 surrogates come in pairs: \\uD83D\\uDE00 is one character, a lone half is none.
                    if (unit >= 0xDC00 && unit <= 0xDFFF)
                        fail(tr("单独的低位代理 \\u", "a lone low surrogate \\u") + hex(unit) + tr(" 不是字符", " is not a character"));
                    if (unit >= 0xD800 && unit <= 0xDBFF) {
                        if (peek() != '\\' || pos_ + 1 >= text_.size() || text_[pos_ + 1] != 'u')
                            fail("\\u" + hex(unit) + tr(" 后面必须紧跟一个低位代理 \\uDC00–\\uDFFF", " must be followed by a low surrogate \\uDC00–\\uDFFF"));
                        advance();
                        advance();
                        const unsigned low = hex4();
                        if (low < 0xDC00 || low > 0xDFFF)
                            fail("\\u" + hex(unit) + tr(" 后面必须紧跟一个低位代理 \\uDC00–\\uDFFF", " must be followed by a low surrogate \\uDC00–\\uDFFF"));
                    }
                    if (key) *key += '?';
                    continue;
                }
                if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos || e == '\0')
                    fail(tr("文字里的“\\", "unknown escape '\\") + std::string(1, e) +
                         tr("”不是 JSON 认得的转义；反斜杠本身请写成 \\\\（如路径 C:\\\\文件）", "' in a string"));
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
            if (!std::isxdigit(static_cast<unsigned char>(c))) fail(tr("\\u 后面应为 4 位十六进制数字", "expected 4 hexadecimal digits after \\u"));
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
            if (peek() != c) fail_expected(tr("“", "'") + std::string(word) + tr("”", "'"));
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
            fail(tr("数字 ", "the number ") + digits + tr(" 太大了", " is too large"));
        }
    }

    void number_syntax() {
        if (peek() == '-') advance();
        if (!std::isdigit(static_cast<unsigned char>(peek()))) fail_expected(tr("数字", "a digit"));
        if (peek() == '0') advance();
        else
            while (std::isdigit(static_cast<unsigned char>(peek()))) advance();
        if (peek() == '.') {
            advance();
            if (!std::isdigit(static_cast<unsigned char>(peek())))
                fail_expected(tr("小数点后的数字", "a digit after '.'"));
            while (std::isdigit(static_cast<unsigned char>(peek()))) advance();
        }
        if (peek() == 'e' || peek() == 'E') {
            advance();
            if (peek() == '+' || peek() == '-') advance();
            if (!std::isdigit(static_cast<unsigned char>(peek())))
                fail_expected(tr("指数里的数字", "a digit in the exponent"));
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
