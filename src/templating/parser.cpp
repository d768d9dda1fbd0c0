#include "templating/parser.hpp"
#include "core/messages.hpp"

#include "templating/value.hpp"

#include <Poco/JSON/Array.h>

#include <array>
#include <charconv>
#include <limits>
#include <optional>

namespace dangan::templating {

namespace {

using Kind = Token::Kind;

constexpr std::array<std::string_view, 11> statement_keywords{
    "for", "endfor", "if", "elif", "else", "endif", "set", "include", "macro", "endmacro", "from"};

/// Words that cannot name a variable: they mean something inside expressions.
bool is_reserved(std::string_view word) {
    static constexpr std::array<std::string_view, 13> reserved{
        "and", "or", "not", "in", "is", "if", "else", "true", "false", "none", "True", "False", "None"};
    for (auto r : reserved)
        if (r == word) return true;
    return false;
}

struct TestName {
    std::string_view name;
    TestKind kind;
};
constexpr std::array<TestName, 7> test_names{{{"defined", TestKind::defined},
                                              {"empty", TestKind::empty},
                                              {"none", TestKind::none},
                                              {"number", TestKind::number},
                                              {"string", TestKind::string},
                                              {"even", TestKind::even},
                                              {"odd", TestKind::odd}}};

struct LoopFieldName {
    std::string_view name;
    LoopField field;
};
constexpr std::array<LoopFieldName, 5> loop_fields{{{"index", LoopField::index},
                                                    {"index0", LoopField::index0},
                                                    {"first", LoopField::first},
                                                    {"last", LoopField::last},
                                                    {"length", LoopField::length}}};

/// A block tag that is waiting for its end tag.
struct OpenBlock {
    std::string_view keyword;  ///< "for", "if", "macro"
    size_t pos;                ///< offset of its "{%"
};

/// The tag that ended a block: "endfor", "else", … and where it starts.
struct BlockEnd {
    std::string keyword;
    size_t pos = 0;            ///< offset of the "{%"
    size_t keyword_pos = 0;
};

class Parser {
public:
    Parser(std::string source, const ParseContext& context)
        : context_(context), template_(std::make_shared<Template>()) {
        template_->name = context.name;
        template_->source = std::move(source);
        src_ = template_->source;
        tokens_ = tokenize(src_, context_.name, context_.lexer, context_.suffix);
    }

    std::shared_ptr<Template> run() {
        parse_block(template_->root, {});
        resolve_calls();
        return template_;
    }

private:
    // ----- errors and tokens

    /// Deepest nesting of blocks, brackets and prefix operators, and tallest expression tree: the
    /// parser, the renderer and the destructors recurse once per level, so a machine-made or corrupted
    /// template must hit a clear error long before the stack does.
    static constexpr unsigned max_nesting = 200;
    static constexpr unsigned max_expression_depth = 1000;

    /// Counts one level of nesting for as long as it lives.
    class Nest {
    public:
        Nest(const Parser& parser, size_t pos) : parser_(parser) {
            if (++parser_.nesting_ > max_nesting)
                parser_.fail(pos, "nesting deeper than " + std::to_string(max_nesting) +
                                      " levels (blocks, brackets or prefix operators); simplify the template");
        }
        ~Nest() { --parser_.nesting_; }
        Nest(const Nest&) = delete;
        Nest& operator=(const Nest&) = delete;

    private:
        const Parser& parser_;
    };

    /// Sets `node`'s height one above its tallest child and rejects a tree taller than the cap.
    void set_height(Expr& node, unsigned tallest_child) const {
        node.depth = tallest_child + 1;
        if (node.depth > max_expression_depth)
            fail(node.pos, "expression nested too deeply: more than " + std::to_string(max_expression_depth) +
                               " operators or filters in one chain; split it with {% set %}");
    }

    template <typename Node>
    std::unique_ptr<Node> with_depth(std::unique_ptr<Node> node, std::initializer_list<const Expr*> children) const {
        unsigned tallest = 0;
        for (const Expr* child : children)
            if (child) tallest = std::max(tallest, child->depth);
        set_height(*node, tallest);
        return node;
    }

    [[noreturn]] void fail(size_t pos, const std::string& message) const {
        SourcePosition where = locate(src_, pos);
        std::string text = message;
        // "{{ meeting.title </p>" reads on into the markup and fails there; the real mistake is the
        // missing '}}', so say that.
        // (The messages of an expectation start "expected …" in English and "这里应为…" or "'{%' 后应为…" in
        // Chinese; the two closing-sign messages themselves are left as they are.)
        const bool expectation = (message.starts_with("expected ") && !message.starts_with("expected '}}'") &&
                                  !message.starts_with("expected '%}'")) ||
                                 message.starts_with("这里应为") || message.starts_with("'{%' 后应为");
        if (tag_open_ && expectation && tag_unclosed()) {
            bool output = tokens_[*tag_open_].kind == Kind::expression_open;
            const std::string open = output ? "{{" : "{%", close = output ? "}}" : "%}";
            const std::string at = position_text(src_, tokens_[*tag_open_].pos);
            text = core::tr("第 " + at + " 处的 '" + open + "' 应在这里用 '" + close + "' 闭合，实际是 " + peek().describe(),
                            "expected '" + close + "' to close '" + open + "' opened at " + at + ", found " +
                                peek().describe());
        }
        throw TemplateError(context_.name, where.line, where.column, text + context_.suffix);
    }

    /// True when the tag being parsed has no closing sign before the next tag or the end of file.
    bool tag_unclosed() const {
        for (size_t i = index_; i < tokens_.size(); ++i) {
            Kind kind = tokens_[i].kind;
            if (kind == Kind::expression_close || kind == Kind::statement_close) return false;
            if (kind == Kind::expression_open || kind == Kind::statement_open || kind == Kind::end_of_file) return true;
        }
        return true;
    }

    const Token& peek(size_t ahead = 0) const { return tokens_[std::min(index_ + ahead, tokens_.size() - 1)]; }
    const Token& next() {
        const Token& token = tokens_[index_];
        if (index_ + 1 < tokens_.size()) ++index_;
        return token;
    }
    bool at(Kind kind) const { return peek().kind == kind; }
    bool at_word(std::string_view word) const { return at(Kind::identifier) && peek().value == word; }
    bool accept(Kind kind) {
        if (!at(kind)) return false;
        next();
        return true;
    }
    bool accept_word(std::string_view word) {
        if (!at_word(word)) return false;
        next();
        return true;
    }

    /// The "%}" ending a statement tag opened at `open`.
    void expect_statement_close(size_t open) {
        if (!accept(Kind::statement_close))
            fail(peek().pos, core::tr("第 " + position_text(src_, open) + " 处的 '{%' 应在这里用 '%}' 闭合，实际是 " +
                                          peek().describe(),
                                      "expected '%}' to close '{%' opened at " + position_text(src_, open) + ", found " +
                                          peek().describe()));
        tag_open_.reset();
    }

    std::string expect_name(std::string_view what) {
        const Token& token = peek();
        if (token.kind != Kind::identifier || is_reserved(token.value))
            fail(token.pos, core::tr("这里应为 " + std::string(what) + "，实际是 " + token.describe(),
                                     "expected " + std::string(what) + ", found " + token.describe()));
        next();
        return token.value;
    }

    // ----- statements

    /// Parses nodes into `block` until a tag in `ends` (returned) or the end of the file (allowed
    /// only at the top level, where `open` is empty).
    BlockEnd parse_block(Block& block, std::initializer_list<std::string_view> ends) {
        const Nest nest(*this, peek().pos);
        for (;;) {
            const Token& token = peek();
            switch (token.kind) {
            case Kind::text: {
                next();
                if (!block.empty()) {
                    // Merged only when contiguous in the source: after a removed comment or trimmed
                    // line the text starts a new node, so SourceMap lines stay exact.
                    if (auto* text = dynamic_cast<TextNode*>(block.back().get());
                        text && text->pos + text->text.size() == token.pos) {
                        text->text += token.value;
                        break;
                    }
                }
                block.push_back(std::make_unique<TextNode>(token.pos, token.value));
                break;
            }
            case Kind::expression_open: parse_output(block); break;
            case Kind::statement_open: {
                tag_open_ = index_;
                size_t open = next().pos;
                const Token& word = peek();
                if (word.kind != Kind::identifier)
                    fail(word.pos, core::tr("'{%' 后应为 if、for 这样的语句，实际是 " + word.describe(),
                                            "expected a statement such as 'if' or 'for', found " + word.describe()));
                for (auto end : ends) {
                    if (word.value == end) {
                        next();
                        return {word.value, open, word.pos};
                    }
                }
                parse_statement(block, open);
                break;
            }
            case Kind::end_of_file:
                if (!open_.empty()) {
                    const OpenBlock& o = open_.back();
                    fail(token.pos, core::tr("第 " + position_text(src_, o.pos) + " 处的 '{% " + std::string(o.keyword) +
                                                 " %}' 没有闭合：到文件结尾也没有 '{% end" + std::string(o.keyword) + " %}'",
                                             "expected '{% end" + std::string(o.keyword) + " %}' to close '{% " +
                                                 std::string(o.keyword) + " %}' opened at " + position_text(src_, o.pos) +
                                                 ", found end of file"));
                }
                return {"", token.pos, token.pos};
            default:
                // A stray '}}' or '%}' in text position: the lexer only emits these inside tags.
                fail(token.pos, core::tr("这里不应有 " + token.describe(), "unexpected " + token.describe()));
            }
        }
    }

    void parse_output(Block& block) {
        tag_open_ = index_;
        size_t open = next().pos;
        ExprPtr expr = parse_expression();
        if (!accept(Kind::expression_close))
            fail(peek().pos, core::tr("第 " + position_text(src_, open) + " 处的 '{{' 应在这里用 '}}' 闭合，实际是 " +
                                          peek().describe(),
                                      "expected '}}' to close '{{' opened at " + position_text(src_, open) + ", found " +
                                          peek().describe()));
        tag_open_.reset();
        block.push_back(std::make_unique<OutputNode>(open, std::move(expr)));
    }

    void parse_statement(Block& block, size_t open) {
        const Token& word = peek();
        const std::string& keyword = word.value;
        if (keyword == "for") return parse_for(block, open);
        if (keyword == "if") return parse_if(block, open);
        if (keyword == "set") return parse_set(block, open);
        if (keyword == "include") return parse_include(block, open);
        if (keyword == "macro") return parse_macro(block, open);
        if (keyword == "from") return parse_import(block, open);
        // An end or middle tag that does not belong here.
        if (keyword == "endfor" || keyword == "endif" || keyword == "elif" || keyword == "else" ||
            keyword == "endmacro") {
            std::string tag = "'{% " + keyword + " %}'";
            if (!open_.empty()) {
                const OpenBlock& o = open_.back();
                fail(open, core::tr("第 " + position_text(src_, o.pos) + " 处的 '{% " + std::string(o.keyword) +
                                        " %}' 应先用 '{% end" + std::string(o.keyword) + " %}' 闭合，这里却是 " + tag,
                                    "expected '{% end" + std::string(o.keyword) + " %}' to close '{% " +
                                        std::string(o.keyword) + " %}' opened at " + position_text(src_, o.pos) +
                                        ", found " + tag));
            }
            std::string_view owner = keyword == "endfor" ? "for" : keyword == "endmacro" ? "macro" : "if";
            fail(open, core::tr("多余的 " + tag + "：前面没有未闭合的 '{% " + std::string(owner) + " %}'",
                                "unexpected " + tag + "; there is no open '{% " + std::string(owner) + " %}'"));
        }
        std::vector<std::string> known(statement_keywords.begin(), statement_keywords.end());
        fail(word.pos, core::tr("不认识的语句“" + keyword + "”", "unknown statement '" + keyword + "'") +
                           did_you_mean(keyword, known));
    }

    void parse_for(Block& block, size_t open) {
        next();  // for
        auto node = std::make_unique<ForNode>(open);
        std::string first = expect_loop_name();
        if (accept(Kind::comma)) {
            node->key_name = first;
            node->value_name = expect_loop_name();
        } else {
            node->value_name = first;
        }
        if (!accept_word("in"))
            fail(peek().pos, core::tr("这里应为 in（for x in 列表），实际是 " + peek().describe(),
                                      "expected 'in', found " + peek().describe()));
        // Not parse_expression(): "xs if cond" here filters the items, it is not "a if b else c".
        node->iterable = parse_or();
        if (accept_word("if")) node->condition = parse_or();
        expect_statement_close(open);
        open_.push_back({"for", open});
        BlockEnd end = parse_block(node->body, {"else", "endfor"});
        if (end.keyword == "else") {
            expect_statement_close(end.pos);
            end = parse_block(node->else_body, {"endfor"});
        }
        expect_statement_close(end.pos);
        open_.pop_back();
        block.push_back(std::move(node));
    }

    std::string expect_loop_name() {
        size_t pos = peek().pos;
        std::string name = expect_name("a variable name");
        if (name == "loop") fail(pos, "'loop' is reserved for loop.index and friends; choose another name");
        return name;
    }

    void parse_if(Block& block, size_t open) {
        next();  // if
        auto node = std::make_unique<IfNode>(open);
        open_.push_back({"if", open});
        ExprPtr condition = parse_expression();
        for (;;) {
            expect_statement_close(open);
            IfNode::Branch branch{std::move(condition), {}};
            BlockEnd end = parse_block(branch.body, {"elif", "else", "endif"});
            node->branches.push_back(std::move(branch));
            open = end.pos;
            if (end.keyword == "elif") {
                condition = parse_expression();
                continue;
            }
            if (end.keyword == "else") {
                expect_statement_close(end.pos);
                end = parse_block(node->else_body, {"endif"});
            }
            expect_statement_close(end.pos);
            break;
        }
        open_.pop_back();
        block.push_back(std::move(node));
    }

    void parse_set(Block& block, size_t open) {
        next();  // set
        size_t pos = peek().pos;
        std::string name = expect_name("a variable name");
        if (name == "loop") fail(pos, "'loop' is reserved for loop.index and friends; choose another name");
        if (!accept(Kind::assign)) fail(peek().pos, "expected '=', found " + peek().describe());
        ExprPtr value = parse_expression();
        expect_statement_close(open);
        block.push_back(std::make_unique<SetNode>(open, std::move(name), std::move(value)));
    }

    void parse_include(Block& block, size_t open) {
        next();  // include
        const Token& target = peek();
        if (target.kind != Kind::string)
            fail(target.pos, "expected the template name in quotes, e.g. {% include \"partials/header.tpl\" %}, found " +
                                 target.describe());
        next();
        expect_statement_close(open);
        auto node = std::make_unique<IncludeNode>(open, target.value);
        SourcePosition where = locate(src_, open);
        try {
            node->target = context_.load_include(target.value, {context_.name, where.line, where.column});
        } catch (const ValueError& error) {
            fail(target.pos, error.what());
        }
        block.push_back(std::move(node));
    }

    void parse_import(Block& block, size_t open) {
        next();  // from
        const Token& target = peek();
        if (target.kind != Kind::string)
            fail(target.pos, "expected the template name in quotes, e.g. {% from \"partials/rows.tpl\" import row %}, found " +
                                 target.describe());
        next();
        if (!accept_word("import")) fail(peek().pos, "expected 'import', found " + peek().describe());
        std::vector<std::pair<std::string, size_t>> names;
        do {
            size_t pos = peek().pos;
            names.emplace_back(expect_name("a macro name"), pos);
        } while (accept(Kind::comma));
        expect_statement_close(open);
        auto node = std::make_unique<ImportNode>(open);
        node->name = target.value;
        SourcePosition where = locate(src_, open);
        try {
            node->target = context_.load_include(target.value, {context_.name, where.line, where.column, false});
        } catch (const ValueError& error) {
            fail(target.pos, error.what());
        }
        for (const auto& [name, pos] : names) {
            const Template& from = *node->target;
            auto found = from.macros.find(name);
            if (found == from.macros.end()) {
                std::vector<std::string> known;
                for (const auto& entry : from.macros) known.push_back(entry.first);
                fail(pos, "the template '" + from.name + "' has no macro '" + name + "'" + did_you_mean(name, known));
            }
            if (template_->imported.count(name) || template_->macros.count(name))
                fail(pos, "the macro '" + name + "' is already defined or imported in this template");
            template_->imported[name] = {found->second, node->target.get()};
        }
        block.push_back(std::move(node));
    }

    void parse_macro(Block& block, size_t open) {
        next();  // macro
        if (!open_.empty())
            fail(open, "a macro must be defined at the top level of the template, not inside '{% " +
                           std::string(open_.back().keyword) + " %}' opened at " +
                           position_text(src_, open_.back().pos));
        auto node = std::make_unique<MacroNode>(open);
        size_t name_pos = peek().pos;
        node->name = expect_name("the macro's name");
        if (node->name == "range" || node->name == "loop")
            fail(name_pos, "'" + node->name + "' is a built-in name; choose another name for the macro");
        if (auto earlier = template_->macros.find(node->name); earlier != template_->macros.end())
            fail(name_pos, "the macro '" + node->name + "' is already defined at " +
                               position_text(src_, earlier->second->pos));
        if (template_->imported.count(node->name))
            fail(name_pos, "the macro '" + node->name + "' is already imported from '" +
                               template_->imported[node->name].second->name + "'");
        if (!accept(Kind::left_paren)) fail(peek().pos, "expected '(', found " + peek().describe());
        if (!accept(Kind::right_paren)) {
            for (;;) {
                MacroNode::Parameter parameter;
                parameter.name = expect_name("a parameter name");
                if (accept(Kind::assign)) parameter.default_value = parse_expression();
                else if (!node->parameters.empty() && node->parameters.back().default_value)
                    fail(peek().pos, "parameter '" + parameter.name +
                                         "' needs a default value because the one before it has one");
                node->parameters.push_back(std::move(parameter));
                if (accept(Kind::right_paren)) break;
                if (!accept(Kind::comma)) fail(peek().pos, "expected ',' or ')', found " + peek().describe());
            }
        }
        expect_statement_close(open);
        open_.push_back({"macro", open});
        BlockEnd end = parse_block(node->body, {"endmacro"});
        expect_statement_close(end.pos);
        open_.pop_back();
        template_->macros[node->name] = node.get();
        block.push_back(std::move(node));
    }

    // ----- expressions, lowest precedence first

    ExprPtr parse_expression() {
        const Nest nest(*this, peek().pos);
        ExprPtr value = parse_or();
        if (at_word("if")) {
            auto node = std::make_unique<ConditionalExpr>(value->pos);
            next();
            node->then_value = std::move(value);
            node->condition = parse_or();
            if (accept_word("else")) node->else_value = parse_expression();
            const Expr* a = node->then_value.get();
            const Expr* b = node->condition.get();
            const Expr* c = node->else_value.get();
            return with_depth(std::move(node), {a, b, c});
        }
        return value;
    }

    ExprPtr parse_or() {
        ExprPtr left = parse_and();
        while (at_word("or")) {
            size_t op_pos = next().pos;
            left = binary(BinaryOp::logical_or, std::move(left), parse_and(), op_pos);
        }
        return left;
    }

    ExprPtr parse_and() {
        ExprPtr left = parse_not();
        while (at_word("and")) {
            size_t op_pos = next().pos;
            left = binary(BinaryOp::logical_and, std::move(left), parse_not(), op_pos);
        }
        return left;
    }

    ExprPtr parse_not() {
        if (at_word("not")) {
            size_t pos = next().pos;
            const Nest nest(*this, pos);
            auto operand = parse_not();
            const Expr* child = operand.get();
            return with_depth(std::make_unique<UnaryExpr>(pos, UnaryOp::logical_not, std::move(operand)), {child});
        }
        return parse_comparison();
    }

    ExprPtr parse_comparison() {
        ExprPtr left = parse_concat();
        for (;;) {
            const Token& token = peek();
            std::optional<BinaryOp> op;
            switch (token.kind) {
            case Kind::equal: op = BinaryOp::equal; break;
            case Kind::not_equal: op = BinaryOp::not_equal; break;
            case Kind::less: op = BinaryOp::less; break;
            case Kind::less_equal: op = BinaryOp::less_equal; break;
            case Kind::greater: op = BinaryOp::greater; break;
            case Kind::greater_equal: op = BinaryOp::greater_equal; break;
            case Kind::assign:
                fail(token.pos, core::tr("这里不能用“=”：比较相等请写“==”", "unexpected '='; write '==' to compare"));
            case Kind::identifier:
                if (token.value == "in") op = BinaryOp::in;
                else if (token.value == "not" && peek(1).kind == Kind::identifier && peek(1).value == "in") {
                    next();
                    op = BinaryOp::not_in;
                } else if (token.value == "is") {
                    left = parse_test(std::move(left));
                    continue;
                }
                break;
            default: break;
            }
            if (!op) return left;
            size_t op_pos = next().pos;
            left = binary(*op, std::move(left), parse_concat(), op_pos);
        }
    }

    ExprPtr parse_test(ExprPtr operand) {
        next();  // is
        bool negated = accept_word("not");
        const Token& name = peek();
        if (name.kind != Kind::identifier)
            fail(name.pos, "expected a test such as 'defined' or 'empty' after 'is', found " + name.describe());
        next();
        std::vector<std::string> known;
        for (const auto& test : test_names) {
            if (test.name == name.value) return std::make_unique<TestExpr>(operand->pos, std::move(operand), test.kind, negated);
            known.emplace_back(test.name);
        }
        fail(name.pos, core::tr("不认识的检验“" + name.value + "”", "unknown test '" + name.value + "'") +
                           did_you_mean(name.value, known) +
                           core::tr("（可用：defined、empty、none、number、string、even、odd）",
                                    " (tests: defined, empty, none, number, string, even, odd)"));
    }

    ExprPtr parse_concat() {
        ExprPtr left = parse_additive();
        while (at(Kind::tilde)) {
            size_t op_pos = next().pos;
            left = binary(BinaryOp::concat, std::move(left), parse_additive(), op_pos);
        }
        return left;
    }

    ExprPtr parse_additive() {
        ExprPtr left = parse_multiplicative();
        while (at(Kind::plus) || at(Kind::minus)) {
            BinaryOp op = at(Kind::plus) ? BinaryOp::add : BinaryOp::subtract;
            size_t op_pos = next().pos;
            left = binary(op, std::move(left), parse_multiplicative(), op_pos);
        }
        return left;
    }

    ExprPtr parse_multiplicative() {
        ExprPtr left = parse_unary();
        for (;;) {
            BinaryOp op;
            switch (peek().kind) {
            case Kind::star: op = BinaryOp::multiply; break;
            case Kind::slash: op = BinaryOp::divide; break;
            case Kind::double_slash: op = BinaryOp::floor_divide; break;
            case Kind::percent: op = BinaryOp::modulo; break;
            default: return left;
            }
            size_t op_pos = next().pos;
            left = binary(op, std::move(left), parse_unary(), op_pos);
        }
    }

    // As in Jinja, a sign binds tighter than a filter: "-7 | pad(4)" pads -7.
    ExprPtr parse_unary() { return parse_filters(parse_signed()); }

    ExprPtr parse_signed() {
        if (at(Kind::minus) || at(Kind::plus)) {
            bool minus = at(Kind::minus);
            size_t pos = next().pos;
            const Nest nest(*this, pos);
            ExprPtr operand = parse_signed();
            // Fold "-3" into a literal so that negative numbers cost nothing at render time.
            if (auto* literal = dynamic_cast<LiteralExpr*>(operand.get()); literal && minus) {
                if (literal->value.type() == typeid(Poco::Int64) &&
                    literal->value.extract<Poco::Int64>() != std::numeric_limits<Poco::Int64>::min())
                    return std::make_unique<LiteralExpr>(pos, Var(-literal->value.extract<Poco::Int64>()));
                if (literal->value.type() == typeid(double))
                    return std::make_unique<LiteralExpr>(pos, Var(-literal->value.extract<double>()));
            }
            const Expr* child = operand.get();
            return with_depth(std::make_unique<UnaryExpr>(pos, minus ? UnaryOp::negate : UnaryOp::plus, std::move(operand)),
                              {child});
        }
        return parse_postfix();
    }

    ExprPtr parse_filters(ExprPtr value) {
        while (at(Kind::pipe)) {
            next();
            const Token& name = peek();
            if (name.kind != Kind::identifier) fail(name.pos, "expected a filter name after '|', found " + name.describe());
            next();
            auto node = std::make_unique<FilterExpr>(name.pos);
            node->name = name.value;
            node->filter = context_.filters->find(name.value);
            if (!node->filter)
                fail(name.pos, core::tr("不认识的过滤器“" + name.value + "”", "unknown filter '" + name.value + "'") +
                                   did_you_mean(name.value, context_.filters->names()));
            if (auto* inner = dynamic_cast<FilterExpr*>(value.get()); inner && inner->marks_safe)
                fail(name.pos, "'raw' must be the last filter");
            node->marks_safe = name.value == "raw";
            if (accept(Kind::left_paren)) node->args = parse_arguments();
            check_filter_call(*node);
            unsigned height = value->depth;
            for (const auto& arg : node->args) height = std::max(height, arg->depth);
            node->input = std::move(value);
            set_height(*node, height);
            value = std::move(node);
        }
        return value;
    }

    void check_filter_call(const FilterExpr& node) {
        const FilterDef& def = *node.filter;
        size_t count = node.args.size();
        auto plural = [](size_t n) { return std::to_string(n) + (n == 1 ? " argument" : " arguments"); };
        if (count < def.min_args || count > def.max_args) {
            std::string expected = def.max_args == 0                ? "no arguments"
                                   : def.min_args == def.max_args   ? plural(def.min_args)
                                   : count < def.min_args           ? "at least " + plural(def.min_args)
                                                                    : "at most " + plural(def.max_args);
            fail(node.pos, "filter '" + node.name + "' takes " + expected + ", found " + std::to_string(count));
        }
        if (def.check_literals) {
            std::vector<std::optional<Var>> literals;
            for (const auto& arg : node.args) {
                if (auto* literal = dynamic_cast<const LiteralExpr*>(arg.get())) literals.emplace_back(literal->value);
                else literals.emplace_back(std::nullopt);
            }
            try {
                def.check_literals(literals);
            } catch (const ValueError& error) {
                fail(node.args.empty() ? node.pos : node.args.front()->pos,
                     "filter '" + node.name + "': " + error.what());
            }
        }
    }

    std::vector<ExprPtr> parse_arguments() {
        std::vector<ExprPtr> args;
        if (accept(Kind::right_paren)) return args;
        for (;;) {
            args.push_back(parse_expression());
            if (accept(Kind::right_paren)) return args;
            if (!accept(Kind::comma)) fail(peek().pos, "expected ',' or ')', found " + peek().describe());
        }
    }

    ExprPtr parse_postfix() {
        ExprPtr value = parse_primary();
        for (;;) {
            if (at(Kind::dot)) {
                next();
                const Token& name = peek();
                // Keys may be numbers in data ("items.0" is not supported: write items[0]).
                if (name.kind != Kind::identifier)
                    fail(name.pos, "expected a key name after '.', found " + name.describe());
                next();
                auto node = std::make_unique<AttributeExpr>(value->pos, std::move(value), name.value);
                node->name_pos = name.pos;
                value = std::move(node);
            } else if (at(Kind::left_bracket)) {
                next();
                ExprPtr index = parse_expression();
                if (!accept(Kind::right_bracket)) fail(peek().pos, "expected ']', found " + peek().describe());
                value = std::make_unique<IndexExpr>(value->pos, std::move(value), std::move(index));
            } else {
                return value;
            }
        }
    }

    ExprPtr parse_primary() {
        const Token& token = peek();
        switch (token.kind) {
        case Kind::integer: {
            next();
            Poco::Int64 value = 0;
            auto [end, error] = std::from_chars(token.value.data(), token.value.data() + token.value.size(), value);
            if (error != std::errc{}) fail(token.pos, "the number " + token.value + " is too large");
            return std::make_unique<LiteralExpr>(token.pos, Var(value));
        }
        case Kind::decimal: {
            next();
            double value = 0;
            std::from_chars(token.value.data(), token.value.data() + token.value.size(), value);
            return std::make_unique<LiteralExpr>(token.pos, Var(value));
        }
        case Kind::string: next(); return std::make_unique<LiteralExpr>(token.pos, Var(token.value));
        case Kind::left_paren: {
            next();
            ExprPtr inner = parse_expression();
            if (!accept(Kind::right_paren)) fail(peek().pos, "expected ')', found " + peek().describe());
            return inner;
        }
        case Kind::left_bracket: {
            next();
            auto list = std::make_unique<ListExpr>(token.pos);
            if (!accept(Kind::right_bracket)) {
                for (;;) {
                    list->items.push_back(parse_expression());
                    if (accept(Kind::right_bracket)) break;
                    if (!accept(Kind::comma)) fail(peek().pos, "expected ',' or ']', found " + peek().describe());
                }
            }
            return list;
        }
        case Kind::identifier: return parse_name();
        default:
            fail(token.pos, core::tr("这里应为一个值（数据名、文字或数字），实际是 " + token.describe(),
                                     "expected an expression, found " + token.describe()));
        }
    }

    ExprPtr parse_name() {
        const Token& token = next();
        const std::string& word = token.value;
        if (word == "true" || word == "True") return std::make_unique<LiteralExpr>(token.pos, Var(true));
        if (word == "false" || word == "False") return std::make_unique<LiteralExpr>(token.pos, Var(false));
        if (word == "none" || word == "None") return std::make_unique<LiteralExpr>(token.pos, Var());
        if (is_reserved(word))
            fail(token.pos, core::tr("这里应为一个值（数据名、文字或数字），实际是 " + token.describe(),
                                     "expected an expression, found " + token.describe()));
        if (word == "loop") {
            if (!at(Kind::dot))
                fail(token.pos, "'loop' needs a field: loop.index, loop.index0, loop.first, loop.last or loop.length");
            next();
            const Token& field = peek();
            std::vector<std::string> known;
            for (const auto& entry : loop_fields) {
                if (field.kind == Kind::identifier && entry.name == field.value) {
                    next();
                    return std::make_unique<LoopExpr>(token.pos, entry.field);
                }
                known.push_back("loop." + std::string(entry.name));
            }
            if (field.kind != Kind::identifier)
                fail(field.pos, "expected a loop field such as 'index' after 'loop.', found " + field.describe());
            fail(field.pos, "unknown loop field 'loop." + field.value + "'" + did_you_mean("loop." + field.value, known));
        }
        if (at(Kind::left_paren)) {
            next();
            auto call = std::make_unique<CallExpr>(token.pos);
            call->name = word;
            call->args = parse_arguments();
            calls_.push_back(call.get());
            return call;
        }
        return std::make_unique<VariableExpr>(token.pos, word);
    }

    ExprPtr binary(BinaryOp op, ExprPtr left, ExprPtr right, size_t op_pos) {
        const Expr* l = left.get();
        const Expr* r = right.get();
        auto node = std::make_unique<BinaryExpr>(left->pos, op, std::move(left), std::move(right));
        node->op_pos = op_pos;
        return with_depth(std::move(node), {l, r});
    }

    /// Calls name either range() or a macro of this template; macros may be defined after use.
    void resolve_calls() {
        for (CallExpr* call : calls_) {
            size_t count = call->args.size();
            if (call->name == "range") {
                if (count < 1 || count > 3)
                    fail(call->pos, "range takes 1 to 3 arguments (end, or start, end[, step]), found " +
                                        std::to_string(count));
                continue;
            }
            const MacroNode* found = nullptr;
            const Template* owner = template_.get();
            if (auto macro = template_->macros.find(call->name); macro != template_->macros.end()) {
                found = macro->second;
            } else if (auto imported = template_->imported.find(call->name); imported != template_->imported.end()) {
                found = imported->second.first;
                owner = imported->second.second;
            } else {
                std::vector<std::string> known{"range"};
                for (const auto& entry : template_->macros) known.push_back(entry.first);
                for (const auto& entry : template_->imported) known.push_back(entry.first);
                fail(call->pos, "unknown function '" + call->name + "'" + did_you_mean(call->name, known));
            }
            const MacroNode& node = *found;
            size_t required = 0;
            for (const auto& parameter : node.parameters)
                if (!parameter.default_value) ++required;
            if (count < required || count > node.parameters.size())
                fail(call->pos, "macro '" + call->name + "' takes " +
                                    (required == node.parameters.size()
                                         ? std::to_string(required)
                                         : std::to_string(required) + " to " + std::to_string(node.parameters.size())) +
                                    (node.parameters.size() == 1 ? " argument" : " arguments") + ", found " +
                                    std::to_string(count));
            call->macro = &node;
            call->macro_template = owner;
        }
    }

    const ParseContext& context_;
    std::shared_ptr<Template> template_;
    std::string_view src_;
    std::vector<Token> tokens_;
    size_t index_ = 0;
    std::vector<OpenBlock> open_;
    std::vector<CallExpr*> calls_;
    mutable unsigned nesting_ = 0;  ///< current depth of Nest guards
    std::optional<size_t> tag_open_;  ///< token index of the '{{' or '{%' being parsed, if any
};

}  // namespace

const char* spelling(BinaryOp op) {
    switch (op) {
    case BinaryOp::add: return "+";
    case BinaryOp::subtract: return "-";
    case BinaryOp::multiply: return "*";
    case BinaryOp::divide: return "/";
    case BinaryOp::floor_divide: return "//";
    case BinaryOp::modulo: return "%";
    case BinaryOp::concat: return "~";
    case BinaryOp::equal: return "==";
    case BinaryOp::not_equal: return "!=";
    case BinaryOp::less: return "<";
    case BinaryOp::less_equal: return "<=";
    case BinaryOp::greater: return ">";
    case BinaryOp::greater_equal: return ">=";
    case BinaryOp::in: return "in";
    case BinaryOp::not_in: return "not in";
    case BinaryOp::logical_and: return "and";
    case BinaryOp::logical_or: return "or";
    }
    return "?";
}

// Visitor plumbing: one accept() per node type.
void LiteralExpr::accept(ExprVisitor& v) const { v.visit(*this); }
void VariableExpr::accept(ExprVisitor& v) const { v.visit(*this); }
void AttributeExpr::accept(ExprVisitor& v) const { v.visit(*this); }
void IndexExpr::accept(ExprVisitor& v) const { v.visit(*this); }
void ListExpr::accept(ExprVisitor& v) const { v.visit(*this); }
void UnaryExpr::accept(ExprVisitor& v) const { v.visit(*this); }
void BinaryExpr::accept(ExprVisitor& v) const { v.visit(*this); }
void ConditionalExpr::accept(ExprVisitor& v) const { v.visit(*this); }
void TestExpr::accept(ExprVisitor& v) const { v.visit(*this); }
void FilterExpr::accept(ExprVisitor& v) const { v.visit(*this); }
void LoopExpr::accept(ExprVisitor& v) const { v.visit(*this); }
void CallExpr::accept(ExprVisitor& v) const { v.visit(*this); }
void TextNode::accept(NodeVisitor& v) const { v.visit(*this); }
void OutputNode::accept(NodeVisitor& v) const { v.visit(*this); }
void ForNode::accept(NodeVisitor& v) const { v.visit(*this); }
void IfNode::accept(NodeVisitor& v) const { v.visit(*this); }
void SetNode::accept(NodeVisitor& v) const { v.visit(*this); }
void IncludeNode::accept(NodeVisitor& v) const { v.visit(*this); }
void MacroNode::accept(NodeVisitor& v) const { v.visit(*this); }
void ImportNode::accept(NodeVisitor& v) const { v.visit(*this); }

std::shared_ptr<Template> parse_template(std::string source, const ParseContext& context) {
    return Parser(std::move(source), context).run();
}

}  // namespace dangan::templating
