// The syntax tree of a parsed template. Nodes are immutable after parsing and keep the byte offset
// of their first character (`pos`); line and column are computed only when an error is reported.
// Everything that can be decided at parse time is: filters and tests are resolved to functions,
// literals are Vars, `loop.index` is an enum.
#pragma once

#include "templating/filters.hpp"

#include <Poco/Dynamic/Var.h>

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace dangan::templating {

struct Template;
class ExprVisitor;
class NodeVisitor;

// ---------------------------------------------------------------------------------------------
// Expressions

struct Expr {
    explicit Expr(size_t position) : pos(position) {}
    virtual ~Expr() = default;
    virtual void accept(ExprVisitor& visitor) const = 0;
    size_t pos;  ///< byte offset of the expression's first character
    /// Height of this expression's tree. The parser caps it: evaluating and freeing a tree recurse
    /// once per level, and a template of 100,000 chained filters must not overflow the stack.
    unsigned depth = 1;
};
using ExprPtr = std::unique_ptr<Expr>;

/// "text", 42, 3.5, true, none.
struct LiteralExpr final : Expr {
    LiteralExpr(size_t p, Poco::Dynamic::Var v) : Expr(p), value(std::move(v)) {}
    void accept(ExprVisitor& visitor) const override;
    Poco::Dynamic::Var value;
};

/// A name looked up in the scope: set variables, loop variables, macro arguments, then the data.
struct VariableExpr final : Expr {
    VariableExpr(size_t p, std::string n) : Expr(p), name(std::move(n)) {}
    void accept(ExprVisitor& visitor) const override;
    std::string name;
};

/// object.key
struct AttributeExpr final : Expr {
    AttributeExpr(size_t p, ExprPtr o, std::string n) : Expr(p), object(std::move(o)), name(std::move(n)) {}
    void accept(ExprVisitor& visitor) const override;
    ExprPtr object;
    std::string name;
    size_t name_pos = 0;  ///< where the key is written, for "unknown key" errors
};

/// object[index] — a list position (negative counts from the end) or an object key.
struct IndexExpr final : Expr {
    IndexExpr(size_t p, ExprPtr o, ExprPtr i) : Expr(p), object(std::move(o)), index(std::move(i)) {}
    void accept(ExprVisitor& visitor) const override;
    ExprPtr object;
    ExprPtr index;
};

/// [a, b, c]
struct ListExpr final : Expr {
    using Expr::Expr;
    void accept(ExprVisitor& visitor) const override;
    std::vector<ExprPtr> items;
};

enum class UnaryOp { negate, plus, logical_not };

struct UnaryExpr final : Expr {
    UnaryExpr(size_t p, UnaryOp o, ExprPtr e) : Expr(p), op(o), operand(std::move(e)) {}
    void accept(ExprVisitor& visitor) const override;
    UnaryOp op;
    ExprPtr operand;
};

enum class BinaryOp {
    add, subtract, multiply, divide, floor_divide, modulo, concat,
    equal, not_equal, less, less_equal, greater, greater_equal, in, not_in,
    logical_and, logical_or,
};

/// The operator as written, for messages ("cannot compare … with '<'").
const char* spelling(BinaryOp op);

struct BinaryExpr final : Expr {
    BinaryExpr(size_t p, BinaryOp o, ExprPtr l, ExprPtr r) : Expr(p), op(o), left(std::move(l)), right(std::move(r)) {}
    void accept(ExprVisitor& visitor) const override;
    BinaryOp op;
    ExprPtr left;
    ExprPtr right;
    size_t op_pos = 0;  ///< where the operator is written; runtime errors of the operation point here
};

/// `a if condition else b`
struct ConditionalExpr final : Expr {
    using Expr::Expr;
    void accept(ExprVisitor& visitor) const override;
    ExprPtr condition;
    ExprPtr then_value;
    ExprPtr else_value;  ///< may be null: the value is then none
};

enum class TestKind { defined, empty, none, number, string, even, odd };

/// `x is defined`, `x is not empty` …
struct TestExpr final : Expr {
    TestExpr(size_t p, ExprPtr o, TestKind k, bool n) : Expr(p), operand(std::move(o)), test(k), negated(n) {}
    void accept(ExprVisitor& visitor) const override;
    ExprPtr operand;
    TestKind test;
    bool negated;
};

/// `input | name(args…)`. The filter is resolved at parse time.
struct FilterExpr final : Expr {
    using Expr::Expr;
    void accept(ExprVisitor& visitor) const override;
    ExprPtr input;
    std::string name;
    std::shared_ptr<const FilterDef> filter;
    std::vector<ExprPtr> args;
    bool marks_safe = false;  ///< the `raw` filter: output is not XML-escaped
};

enum class LoopField { index, index0, first, last, length };

/// loop.index and friends: the innermost running for loop.
struct LoopExpr final : Expr {
    LoopExpr(size_t p, LoopField f) : Expr(p), field(f) {}
    void accept(ExprVisitor& visitor) const override;
    LoopField field;
};

struct MacroNode;

/// name(args…): a built-in function (range) or a macro of the same template.
struct CallExpr final : Expr {
    using Expr::Expr;
    void accept(ExprVisitor& visitor) const override;
    std::string name;
    std::vector<ExprPtr> args;
    const MacroNode* macro = nullptr;  ///< set when the call is to a macro; null for range
    const Template* macro_template = nullptr;  ///< the template that defines the macro
};

class ExprVisitor {
public:
    virtual ~ExprVisitor() = default;
    virtual void visit(const LiteralExpr&) = 0;
    virtual void visit(const VariableExpr&) = 0;
    virtual void visit(const AttributeExpr&) = 0;
    virtual void visit(const IndexExpr&) = 0;
    virtual void visit(const ListExpr&) = 0;
    virtual void visit(const UnaryExpr&) = 0;
    virtual void visit(const BinaryExpr&) = 0;
    virtual void visit(const ConditionalExpr&) = 0;
    virtual void visit(const TestExpr&) = 0;
    virtual void visit(const FilterExpr&) = 0;
    virtual void visit(const LoopExpr&) = 0;
    virtual void visit(const CallExpr&) = 0;
};

// ---------------------------------------------------------------------------------------------
// Statements

struct Node {
    explicit Node(size_t position) : pos(position) {}
    virtual ~Node() = default;
    virtual void accept(NodeVisitor& visitor) const = 0;
    size_t pos;  ///< byte offset of the node's tag (or text)
};
using NodePtr = std::unique_ptr<Node>;
using Block = std::vector<NodePtr>;

/// Literal text, copied to the output as it is.
struct TextNode final : Node {
    TextNode(size_t p, std::string t) : Node(p), text(std::move(t)) {}
    void accept(NodeVisitor& visitor) const override;
    std::string text;
};

/// {{ expr }}
struct OutputNode final : Node {
    OutputNode(size_t p, ExprPtr e) : Node(p), expr(std::move(e)) {}
    void accept(NodeVisitor& visitor) const override;
    ExprPtr expr;
};

/// {% for value in iterable [if condition] %} / {% for key, value in object %} … {% else %} … {% endfor %}
struct ForNode final : Node {
    using Node::Node;
    void accept(NodeVisitor& visitor) const override;
    std::string key_name;    ///< empty for the one-variable form
    std::string value_name;  ///< the item (list) or value (object); the key for `for k in object`
    ExprPtr iterable;
    ExprPtr condition;  ///< `for x in xs if x.ok`: items for which it is false are skipped (may be null)
    Block body;
    Block else_body;  ///< rendered when there is nothing to go through (after skipping)
};

/// {% if %} {% elif %}… {% else %} {% endif %}
struct IfNode final : Node {
    using Node::Node;
    void accept(NodeVisitor& visitor) const override;
    struct Branch {
        ExprPtr condition;
        Block body;
    };
    std::vector<Branch> branches;
    Block else_body;
};

/// {% set name = expr %}
struct SetNode final : Node {
    SetNode(size_t p, std::string n, ExprPtr v) : Node(p), name(std::move(n)), value(std::move(v)) {}
    void accept(NodeVisitor& visitor) const override;
    std::string name;
    ExprPtr value;
};

/// {% include "partials/x.tpl" %}: resolved and parsed together with the including template.
struct IncludeNode final : Node {
    IncludeNode(size_t p, std::string n) : Node(p), name(std::move(n)) {}
    void accept(NodeVisitor& visitor) const override;
    std::string name;
    std::shared_ptr<const Template> target;
};

/// {% from "partials/rows.tpl" import row, cell %}: makes macros of another template callable here.
/// Resolved while parsing; renders nothing.
struct ImportNode final : Node {
    using Node::Node;
    void accept(NodeVisitor& visitor) const override;
    std::string name;
    std::shared_ptr<const Template> target;
};

/// {% macro name(a, b="x") %} … {% endmacro %}: a definition; renders nothing where it stands.
struct MacroNode final : Node {
    using Node::Node;
    void accept(NodeVisitor& visitor) const override;
    std::string name;
    struct Parameter {
        std::string name;
        ExprPtr default_value;  ///< may be null: the argument is then required
    };
    std::vector<Parameter> parameters;
    Block body;
};

class NodeVisitor {
public:
    virtual ~NodeVisitor() = default;
    virtual void visit(const TextNode&) = 0;
    virtual void visit(const OutputNode&) = 0;
    virtual void visit(const ForNode&) = 0;
    virtual void visit(const IfNode&) = 0;
    virtual void visit(const SetNode&) = 0;
    virtual void visit(const IncludeNode&) = 0;
    virtual void visit(const MacroNode&) = 0;
    virtual void visit(const ImportNode&) = 0;
};

/// A parsed template: its source (for locating errors), its tree and its macros.
struct Template {
    std::string name;    ///< as given to the environment, e.g. "partials/header.tpl"; used in messages
    std::string source;  ///< the text the offsets refer to (CRLF already turned into LF)
    Block root;
    std::map<std::string, const MacroNode*, std::less<>> macros;  ///< defined in this template
    /// Macros imported with {% from … import … %}: name → the macro and the template defining it.
    std::map<std::string, std::pair<const MacroNode*, const Template*>, std::less<>> imported;
};

}  // namespace dangan::templating
