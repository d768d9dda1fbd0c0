#include "templating/analysis.hpp"

#include <set>

namespace dangan::templating {

namespace {

/// Walks every node and expression once; `found` turns true at the first possible read.
class KeyReadScan final : public NodeVisitor, public ExprVisitor {
public:
    explicit KeyReadScan(const std::vector<std::string>& keys) : keys_(keys) {}

    void scan(const Template& tpl) {
        if (found || !seen_.insert(&tpl).second) return;
        walk(tpl.root);
    }

    bool found = false;

private:
    bool named(const std::string& name) const {
        for (const auto& key : keys_)
            if (name == key) return true;
        return false;
    }
    bool inside(const std::string& text) const {
        for (const auto& key : keys_)
            if (text.find(key) != std::string::npos) return true;
        return false;
    }
    static bool literal(const ExprPtr& e) { return e && dynamic_cast<const LiteralExpr*>(e.get()) != nullptr; }

    void walk(const Block& block) {
        for (const auto& node : block) {
            if (found) return;
            node->accept(*this);
        }
    }
    void walk(const ExprPtr& e) {
        if (e && !found) e->accept(*this);
    }

    // ----- nodes
    void visit(const TextNode&) override {}
    void visit(const OutputNode& n) override { walk(n.expr); }
    void visit(const ForNode& n) override {
        // `for k, v in object` reads every value without naming its key.
        if (!n.key_name.empty()) found = true;
        if (named(n.key_name) || named(n.value_name)) found = true;
        walk(n.iterable);
        walk(n.condition);
        walk(n.body);
        walk(n.else_body);
    }
    void visit(const IfNode& n) override {
        for (const auto& branch : n.branches) {
            walk(branch.condition);
            walk(branch.body);
        }
        walk(n.else_body);
    }
    void visit(const SetNode& n) override {
        if (named(n.name)) found = true;
        walk(n.value);
    }
    void visit(const IncludeNode& n) override {
        if (!n.target) {
            found = true;  // not resolved: assume the worst
            return;
        }
        scan(*n.target);
    }
    void visit(const ImportNode& n) override {
        if (!n.target) {
            found = true;
            return;
        }
        scan(*n.target);
    }
    void visit(const MacroNode& n) override {
        for (const auto& parameter : n.parameters) {
            if (named(parameter.name)) found = true;
            walk(parameter.default_value);
        }
        walk(n.body);
    }

    // ----- expressions
    void visit(const LiteralExpr& e) override {
        if (e.value.isString() && inside(e.value.convert<std::string>())) found = true;
    }
    void visit(const VariableExpr& e) override {
        if (named(e.name)) found = true;
    }
    void visit(const AttributeExpr& e) override {
        if (named(e.name)) found = true;
        walk(e.object);
    }
    void visit(const IndexExpr& e) override {
        if (!literal(e.index)) found = true;  // a key computed while rendering
        walk(e.object);
        walk(e.index);
    }
    void visit(const ListExpr& e) override {
        for (const auto& item : e.items) walk(item);
    }
    void visit(const UnaryExpr& e) override { walk(e.operand); }
    void visit(const BinaryExpr& e) override {
        switch (e.op) {
        case BinaryOp::equal:
        case BinaryOp::not_equal:
        case BinaryOp::in:
        case BinaryOp::not_in:
            // Two objects (or an object in a list of them) compare by every value they hold.
            if (!literal(e.left) && !literal(e.right)) found = true;
            break;
        default: break;
        }
        walk(e.left);
        walk(e.right);
    }
    void visit(const ConditionalExpr& e) override {
        walk(e.condition);
        walk(e.then_value);
        walk(e.else_value);
    }
    void visit(const TestExpr& e) override { walk(e.operand); }
    void visit(const FilterExpr& e) override {
        // The built-in filters read no key they are not given; map, sort and sum take a key path,
        // checked as text when it is a literal. A filter added by the application may read anything.
        static const std::set<std::string, std::less<>> builtin = {
            "date", "cn_number", "ordinal", "pad",  "default", "join", "map",     "length", "upper", "lower", "trim",
            "first", "last",     "sort",    "reverse", "sum",  "round", "replace", "int",    "string", "raw"};
        static const std::set<std::string, std::less<>> key_paths = {"map", "sort", "sum"};
        if (!builtin.count(e.name)) found = true;
        if (key_paths.count(e.name))
            for (const auto& arg : e.args)
                if (!literal(arg)) found = true;
        walk(e.input);
        for (const auto& arg : e.args) walk(arg);
    }
    void visit(const LoopExpr&) override {}
    void visit(const CallExpr& e) override {
        for (const auto& arg : e.args) walk(arg);
        if (e.macro) {
            // The macro's body is walked where it is defined (this template or an imported one); walk
            // it here too in case it comes from a template reached no other way.
            if (e.macro_template) scan(*e.macro_template);
            else found = true;
        }
    }

    const std::vector<std::string>& keys_;
    std::set<const Template*> seen_;
};

}  // namespace

bool may_read_keys(const Template& tpl, const std::vector<std::string>& keys) {
    KeyReadScan scan(keys);
    scan.scan(tpl);
    return scan.found;
}

}  // namespace dangan::templating
