#include "templating/renderer.hpp"
#include "core/messages.hpp"

#include <algorithm>

#include "templating/error.hpp"
#include "templating/filters.hpp"

#include <Poco/Exception.h>

#include <cmath>
#include <deque>
#include <limits>
#include <memory>
#include <set>

namespace dangan::templating {

namespace {

/// Why an expression has no value, kept so the message can be written only if it is needed:
/// in `{% if meeting.notes %}` a missing key is normal and costs no edit distances.
struct Missing {
    enum class Reason { variable, key, index, parent_none } reason;
    size_t pos;              ///< where to point the error
    std::string name;        ///< the variable or key, or the index as text
    const Expr* container;   ///< the expression before '.' or '[' (null for variables)
    Var container_value;     ///< the object whose keys make the suggestions
    size_t list_size = 0;
};

/// The result of evaluating an expression: a reference to a value that outlives the expression
/// (a literal in the tree, a loop item, a variable) or a value of its own; or "missing".
class Value {
public:
    Value() = default;
    static Value of(const Var* ref) {
        Value v;
        v.ref_ = ref;
        return v;
    }
    static Value own(Var owned) {
        Value v;
        v.owned_.swap(owned);
        return v;
    }
    /// Takes `owned` without copying it (Poco's Var has no move constructor); `owned` becomes empty.
    static Value take(Var& owned) {
        Value v;
        v.owned_.swap(owned);
        return v;
    }
    static Value missing(Missing info) {
        Value v;
        v.missing_ = std::make_shared<Missing>(std::move(info));
        return v;
    }
    Value(Value&& other) noexcept : safe(other.safe), ref_(other.ref_), missing_(std::move(other.missing_)) {
        owned_.swap(other.owned_);
    }
    Value& operator=(Value&& other) noexcept {
        ref_ = other.ref_;
        safe = other.safe;
        missing_ = std::move(other.missing_);
        owned_.swap(other.owned_);
        return *this;
    }

    bool defined() const { return !missing_; }
    const Var& get() const { return ref_ ? *ref_ : owned_; }
    const Missing& why() const { return *missing_; }
    /// True when `get()` refers to storage that lives on after this Value is gone.
    bool is_reference() const { return ref_ != nullptr; }

    bool safe = false;  ///< already markup (raw filter, macro output): not escaped on output

private:
    const Var* ref_ = nullptr;
    Var owned_;
    std::shared_ptr<Missing> missing_;
};

/// A name bound in a scope frame: a loop variable, a `set`, a macro argument.
struct Binding {
    std::string_view name;  ///< points into the AST, which outlives the render
    const Var* ref = nullptr;
    Var owned;
    const Var& get() const { return ref ? *ref : owned; }
};

struct LoopState {
    size_t index = 0;
    size_t length = 0;
};

class Renderer final : public NodeVisitor, public ExprVisitor {
public:
    Renderer(const Var& data, const RenderLimits& limits) : data_(data), limits_(limits) {
        data_is_object_ = kind_of(data) == ValueKind::object;
    }

    std::string run(const Template& tpl, SourceMap* map = nullptr) {
        std::string out;
        out_ = &out;
        main_out_ = &out;
        map_ = map;
        templates_.push_back(&tpl);
        frames_.push_back(0);
        render_block(tpl.root);
        return out;
    }

private:
    // ----- errors

    [[noreturn]] void fail(size_t pos, const std::string& message) const {
        const Template& tpl = *templates_.back();
        SourcePosition where = locate(tpl.source, pos);
        throw TemplateError(tpl.name, where.line, where.column, message + include_suffix(includes_));
    }

    /// Runs `f`, turning a location-free ValueError into a TemplateError at `pos`.
    template <typename F>
    auto at(size_t pos, F&& f, std::string_view prefix = {}) -> decltype(f()) {
        try {
            return f();
        } catch (const ValueError& error) {
            fail(pos, std::string(prefix) + error.what());
        }
    }

    /// The path an expression names, for messages: "meeting.attendance", "items[0]".
    static std::string describe(const Expr& expr) {
        if (auto* v = dynamic_cast<const VariableExpr*>(&expr)) return v->name;
        if (auto* a = dynamic_cast<const AttributeExpr*>(&expr)) return describe(*a->object) + "." + a->name;
        if (auto* i = dynamic_cast<const IndexExpr*>(&expr)) {
            if (auto* literal = dynamic_cast<const LiteralExpr*>(i->index.get())) {
                std::string index = kind_of(literal->value) == ValueKind::string ? "\"" + to_text(literal->value) + "\""
                                                                                : to_text(literal->value);
                return describe(*i->object) + "[" + index + "]";
            }
            return describe(*i->object) + "[…]";
        }
        return "the value";
    }

    std::vector<std::string> names_in_scope() const {
        std::set<std::string> names;
        for (size_t i = floor_; i < bindings_.size(); ++i) names.insert(std::string(bindings_[i].name));
        if (data_is_object_)
            for (auto& key : object_keys(data_)) names.insert(key);
        return {names.begin(), names.end()};
    }

    [[noreturn]] void fail_missing(const Missing& m) const {
        switch (m.reason) {
        case Missing::Reason::variable:
            fail(m.pos, core::tr("没有名为“" + m.name + "”的数据", "unknown variable '" + m.name + "'") +
                            did_you_mean(m.name, names_in_scope()));
        case Missing::Reason::key:
            fail(m.pos, core::tr("“" + describe(*m.container) + "”里没有“" + m.name + "”",
                                 "unknown key '" + m.name + "' in '" + describe(*m.container) + "'") +
                            did_you_mean(m.name, object_keys(m.container_value)));
        case Missing::Reason::index:
            fail(m.pos, "index " + m.name + " is out of range for '" + describe(*m.container) + "' (" +
                            std::to_string(m.list_size) + (m.list_size == 1 ? " item)" : " items)"));
        case Missing::Reason::parent_none:
            fail(m.pos, core::tr("“" + describe(*m.container) + "”是空的（none），没有“" + m.name + "”",
                                 "'" + describe(*m.container) + "' is empty (none), so it has no key '" + m.name + "'"));
        }
        fail(m.pos, "missing value");
    }

    /// The value of a sub-expression that must exist (everything except conditions and `default`).
    const Var& need(const Value& value) const {
        if (!value.defined()) fail_missing(value.why());
        return value.get();
    }

    Value eval(const Expr& expr) {
        expr.accept(*this);
        return std::move(result_);
    }

    /// Truth of a condition: a missing value is false (that is how optional fields are tested).
    bool condition(const Expr& expr) {
        Value value = eval(expr);
        return value.defined() && truthy(value.get());
    }

    // ----- output

    void write(size_t pos, std::string_view text, bool escape, bool literal = false) {
        // Macro bodies render into their own buffer; their output is placed (and mapped) by the call.
        if (map_ && out_ == main_out_ && !text.empty()) map_->spans.push_back({out_->size(), templates_.back(), pos, literal});
        if (escape) append_xml_escaped(*out_, text);
        else out_->append(text);
        if (out_->size() > limits_.max_output_bytes)
            fail(pos, "the output is larger than the limit of " + std::to_string(limits_.max_output_bytes) +
                          " bytes; a loop probably runs away");
    }

    void render_block(const Block& block) {
        for (const auto& node : block) node->accept(*this);
    }

    // ----- scope

    const Binding* find_binding(std::string_view name) const {
        for (size_t i = bindings_.size(); i-- > floor_;) {
            if (bindings_[i].name == name) return &bindings_[i];
        }
        return nullptr;
    }

    void bind(std::string_view name, const Var* ref, const Var* value) {
        // `set` rebinds a name of the current frame; otherwise it shadows outer frames.
        for (size_t i = bindings_.size(); i-- > frames_.back();) {
            if (bindings_[i].name == name) {
                Var copy = ref ? *ref : *value;  // the value may live in the binding itself
                bindings_[i].ref = nullptr;
                bindings_[i].owned.swap(copy);
                return;
            }
        }
        Binding binding{name, ref, {}};
        if (!ref) binding.owned = *value;
        bindings_.push_back(std::move(binding));
    }

    void truncate(size_t size) {
        while (bindings_.size() > size) bindings_.pop_back();
    }

    void count_iteration(size_t pos, size_t rounds = 1) {
        iterations_ += rounds;
        if (iterations_ > limits_.max_loop_iterations)
            fail(pos, "more than " + std::to_string(limits_.max_loop_iterations) +
                          " loop iterations; a loop probably runs away (the limit is max_loop_iterations)");
    }

    // ----- statements

    void visit(const TextNode& node) override { write(node.pos, node.text, false, true); }

    void visit(const OutputNode& node) override {
        Value value = eval(*node.expr);
        const Var& var = need(value);
        if (var.isString() && var.type() == typeid(std::string)) {
            write(node.pos, var.extract<std::string>(), !value.safe);  // no copy for the common case
            return;
        }
        std::string text = at(node.expr->pos, [&] { return to_text(var); });
        write(node.pos, text, !value.safe);
    }

    void visit(const ForNode& node) override {
        Value iterable = eval(*node.iterable);
        const Var& source = need(iterable);
        ValueKind kind = kind_of(source);
        if (kind == ValueKind::none)
            fail(node.iterable->pos,
                 core::tr("“" + describe(*node.iterable) + "”是空的（none），不能逐项循环；可能为空时请写“" +
                              describe(*node.iterable) + " | default([])”",
                          "cannot loop over nothing (none) in '" + describe(*node.iterable) + "'; write '" +
                              describe(*node.iterable) + " | default([])' if it may be empty"));
        if (kind != ValueKind::list && kind != ValueKind::object)
            fail(node.iterable->pos, core::tr("“" + describe(*node.iterable) + "”是" + std::string(kind_name(kind)) +
                                                  "，不能逐项循环：应为列表或对象",
                                              "cannot loop over " + std::string(kind_name(kind)) + " ('" +
                                                  describe(*node.iterable) + "'); expected a list or an object"));
        if (kind == ValueKind::list && !node.key_name.empty())
            fail(node.iterable->pos, "'for " + node.key_name + ", " + node.value_name + " in …' needs an object, but '" +
                                         describe(*node.iterable) + "' is a list; write 'for " + node.value_name +
                                         " in …'");
        size_t base = bindings_.size();
        // Each loop has its own frame: a `set` in the body lasts one round and never leaks out.
        frames_.push_back(base);
        struct FrameGuard {
            Renderer& renderer;
            size_t base;
            ~FrameGuard() {
                renderer.truncate(base);
                renderer.frames_.pop_back();
            }
        } guard{*this, base};
        bool pair = !node.key_name.empty();
        bindings_.push_back({pair ? node.key_name : node.value_name, nullptr, {}});
        if (pair) bindings_.push_back({node.value_name, nullptr, {}});
        size_t bound = bindings_.size();

        // Bind round i's variables: list items by reference (the list outlives the loop), object
        // keys and values by copy.
        std::span<const Var> items;
        std::vector<std::string> keys;
        if (kind == ValueKind::list) items = list_items(source);
        else keys = object_keys(source);
        size_t count = kind == ValueKind::list ? items.size() : keys.size();
        auto bind_round = [&](size_t i) {
            if (kind == ValueKind::list) {
                bindings_[base].ref = &items[i];
                return;
            }
            Var key(keys[i]);
            bindings_[base].ref = nullptr;
            bindings_[base].owned.swap(key);
            if (pair) {
                Var value = *object_get(source, keys[i]);
                bindings_[base + 1].ref = nullptr;
                bindings_[base + 1].owned.swap(value);
            }
        };

        // With `if`, the rounds are chosen first, so that loop.length and loop.last count only them.
        std::vector<size_t> chosen;
        if (node.condition) {
            for (size_t i = 0; i < count; ++i) {
                count_iteration(node.pos);
                bind_round(i);
                if (condition(*node.condition)) chosen.push_back(i);
                truncate(bound);
            }
            count = chosen.size();
        }
        if (count == 0) {
            truncate(base);
            return render_block(node.else_body);
        }
        loops_.push_back({0, count});
        for (size_t round = 0; round < count; ++round) {
            count_iteration(node.pos);
            bind_round(node.condition ? chosen[round] : round);
            loops_.back().index = round;
            render_block(node.body);
            truncate(bound);
        }
        loops_.pop_back();
    }

    void visit(const IfNode& node) override {
        for (const auto& branch : node.branches) {
            if (condition(*branch.condition)) return render_block(branch.body);
        }
        render_block(node.else_body);
    }

    void visit(const SetNode& node) override {
        Value value = eval(*node.value);
        const Var& var = need(value);
        bind(node.name, nullptr, &var);
    }

    void visit(const IncludeNode& node) override {
        const Template& current = *templates_.back();
        SourcePosition where = locate(current.source, node.pos);
        includes_.push_back({current.name, where.line, where.column});
        templates_.push_back(node.target.get());
        // The included template sees every variable in scope here; its own `set`s stay inside it.
        frames_.push_back(bindings_.size());
        size_t base = bindings_.size();
        render_block(node.target->root);
        truncate(base);
        frames_.pop_back();
        templates_.pop_back();
        includes_.pop_back();
    }

    void visit(const MacroNode&) override {}   // a definition renders nothing
    void visit(const ImportNode&) override {}  // resolved while parsing

    // ----- expressions

    void visit(const LiteralExpr& expr) override { result_ = Value::of(&expr.value); }

    void visit(const VariableExpr& expr) override {
        if (const Binding* binding = find_binding(expr.name)) {
            result_ = binding->ref ? Value::of(binding->ref) : Value::of(&binding->owned);
            return;
        }
        if (data_is_object_) {
            if (const Var* value = object_find(data_, expr.name)) {
                result_ = Value::of(value);  // the data outlives the render
                return;
            }
        }
        result_ = Value::missing({Missing::Reason::variable, expr.pos, expr.name, nullptr, {}, 0});
    }

    void visit(const AttributeExpr& expr) override {
        Value object = eval(*expr.object);
        if (!object.defined()) {
            result_ = std::move(object);  // the first missing part is the one to report
            return;
        }
        const Var& container = object.get();
        ValueKind kind = kind_of(container);
        if (kind == ValueKind::object) {
            result_ = member(object, expr.name, expr.name_pos, *expr.object);
            return;
        }
        if (kind == ValueKind::none) {
            result_ = Value::missing({Missing::Reason::parent_none, expr.name_pos, expr.name, expr.object.get(), {}, 0});
            return;
        }
        std::string hint = kind == ValueKind::list && (expr.name == "length" || expr.name == "size")
                               ? core::tr("；请写“" + describe(*expr.object) + " | length”",
                                          "; write '" + describe(*expr.object) + " | length'")
                               : "";
        fail(expr.name_pos, core::tr("“" + describe(*expr.object) + "”是" + std::string(kind_name(kind)) + "，没有“" +
                                         expr.name + "”这一项",
                                     "cannot read key '" + expr.name + "' of " + std::string(kind_name(kind)) + " ('" +
                                         describe(*expr.object) + "')") +
                                hint);
    }

    /// object.key: a reference into the object when the object itself is held by reference (it then
    /// outlives this expression), else a copy.
    static Value member(const Value& object, const std::string& key, size_t pos, const Expr& object_expr) {
        const Var* found = object_find(object.get(), key);
        if (!found) return Value::missing({Missing::Reason::key, pos, key, &object_expr, object.get(), 0});
        return object.is_reference() ? Value::of(found) : Value::own(*found);
    }

    void visit(const IndexExpr& expr) override {
        Value object = eval(*expr.object);
        if (!object.defined()) {
            result_ = std::move(object);
            return;
        }
        Value index = eval(*expr.index);
        const Var& key = need(index);
        const Var& container = object.get();
        ValueKind kind = kind_of(container);
        if (kind == ValueKind::list) {
            Poco::Int64 i = at(expr.index->pos, [&] { return to_integer(key, "a list index"); });
            std::span<const Var> items = list_items(container);
            Poco::Int64 size = static_cast<Poco::Int64>(items.size());
            Poco::Int64 position = i < 0 ? size + i : i;  // items[-1] is the last item
            if (position < 0 || position >= size) {
                result_ = Value::missing(
                    {Missing::Reason::index, expr.index->pos, std::to_string(i), expr.object.get(), {}, items.size()});
                return;
            }
            result_ = object.is_reference() ? Value::of(&items[static_cast<size_t>(position)])
                                            : Value::own(items[static_cast<size_t>(position)]);
            return;
        }
        if (kind == ValueKind::object) {
            if (kind_of(key) != ValueKind::string)
                fail(expr.index->pos, "an object's key must be text, found " + std::string(kind_name(key)));
            result_ = member(object, to_text(key), expr.index->pos, *expr.object);
            return;
        }
        if (kind == ValueKind::none) {
            result_ = Value::missing(
                {Missing::Reason::parent_none, expr.index->pos, to_text(key), expr.object.get(), {}, 0});
            return;
        }
        fail(expr.index->pos, "cannot use [ ] on " + std::string(kind_name(kind)) + " ('" + describe(*expr.object) +
                                  "'); expected a list or an object");
    }

    void visit(const ListExpr& expr) override {
        std::vector<Var> items;
        items.reserve(expr.items.size());
        for (const auto& item : expr.items) {
            Value value = eval(*item);
            items.push_back(need(value));
        }
        result_ = Value::own(make_list(std::move(items)));
    }

    void visit(const UnaryExpr& expr) override {
        if (expr.op == UnaryOp::logical_not) {
            result_ = Value::own(Var(!condition(*expr.operand)));
            return;
        }
        Value operand = eval(*expr.operand);
        const Var& var = need(operand);
        ValueKind kind = kind_of(var);
        if (kind == ValueKind::integer) {
            Poco::Int64 n = var.convert<Poco::Int64>();
            if (expr.op == UnaryOp::negate && n == std::numeric_limits<Poco::Int64>::min())
                fail(expr.pos, "the number is too large");
            result_ = Value::own(Var(expr.op == UnaryOp::negate ? -n : n));
        } else if (kind == ValueKind::decimal) {
            double d = var.convert<double>();
            result_ = Value::own(Var(expr.op == UnaryOp::negate ? -d : d));
        } else {
            fail(expr.pos, std::string("cannot use '") + (expr.op == UnaryOp::negate ? "-" : "+") + "' on " +
                               std::string(kind_name(kind)));
        }
    }

    void visit(const BinaryExpr& expr) override {
        switch (expr.op) {
        case BinaryOp::logical_and: {
            bool value = condition(*expr.left) && condition(*expr.right);
            result_ = Value::own(Var(value));
            return;
        }
        case BinaryOp::logical_or: {
            bool value = condition(*expr.left) || condition(*expr.right);
            result_ = Value::own(Var(value));
            return;
        }
        default: break;
        }
        Value left_value = eval(*expr.left);
        const Var& left = need(left_value);
        Value right_value = eval(*expr.right);
        const Var& right = need(right_value);
        result_ = Value::own(at(expr.op_pos, [&] { return apply(expr.op, left, right, expr.op_pos); }));
    }

    Var apply(BinaryOp op, const Var& left, const Var& right, size_t pos) {
        switch (op) {
        case BinaryOp::equal: return equal_values(left, right);
        case BinaryOp::not_equal: return !equal_values(left, right);
        case BinaryOp::less: return compare_values(left, right) < 0;
        case BinaryOp::less_equal: return compare_values(left, right) <= 0;
        case BinaryOp::greater: return compare_values(left, right) > 0;
        case BinaryOp::greater_equal: return compare_values(left, right) >= 0;
        case BinaryOp::in: return contains(right, left);
        case BinaryOp::not_in: return !contains(right, left);
        case BinaryOp::concat: {
            std::string text = to_text(left);
            text += to_text(right);
            if (text.size() > limits_.max_output_bytes)
                fail(pos, "the text is larger than the limit of " + std::to_string(limits_.max_output_bytes) + " bytes");
            return text;
        }
        default: return arithmetic(op, left, right);
        }
    }

    static bool contains(const Var& container, const Var& item) {
        switch (kind_of(container)) {
        case ValueKind::list:
            for (const Var& element : list_items(container))
                if (equal_values(element, item)) return true;
            return false;
        case ValueKind::string:
            if (kind_of(item) != ValueKind::string)
                throw ValueError("'in' with text on the right needs text on the left, found " +
                                 std::string(kind_name(item)));
            return to_text(container).find(to_text(item)) != std::string::npos;
        case ValueKind::object:
            if (kind_of(item) != ValueKind::string)
                throw ValueError("'in' with an object on the right needs a key (text) on the left, found " +
                                 std::string(kind_name(item)));
            return object_get(container, to_text(item)).has_value();
        default:
            throw ValueError("'in' needs a list, text or an object on the right, found " +
                             std::string(kind_name(container)));
        }
    }

    static Var arithmetic(BinaryOp op, const Var& left, const Var& right) {
        ValueKind a = kind_of(left), b = kind_of(right);
        bool numbers = (a == ValueKind::integer || a == ValueKind::decimal) &&
                       (b == ValueKind::integer || b == ValueKind::decimal);
        if (!numbers) {
            if (op == BinaryOp::add && a == ValueKind::list && b == ValueKind::list) {
                std::vector<Var> items(list_items(left).begin(), list_items(left).end());
                items.insert(items.end(), list_items(right).begin(), list_items(right).end());
                return make_list(std::move(items));
            }
            std::string hint = op == BinaryOp::add && (a == ValueKind::string || b == ValueKind::string)
                                   ? "; use '~' to join text"
                                   : "";
            throw ValueError(std::string("cannot use '") + spelling(op) + "' on " + std::string(kind_name(a)) +
                             " and " + std::string(kind_name(b)) + hint);
        }
        if (a == ValueKind::integer && b == ValueKind::integer && op != BinaryOp::divide) {
            Poco::Int64 x = left.convert<Poco::Int64>(), y = right.convert<Poco::Int64>(), r = 0;
            bool overflow = false;
            switch (op) {
            case BinaryOp::add: overflow = __builtin_add_overflow(x, y, &r); break;
            case BinaryOp::subtract: overflow = __builtin_sub_overflow(x, y, &r); break;
            case BinaryOp::multiply: overflow = __builtin_mul_overflow(x, y, &r); break;
            case BinaryOp::floor_divide:
            case BinaryOp::modulo: {
                if (y == 0) throw ValueError("division by zero");
                if (x == std::numeric_limits<Poco::Int64>::min() && y == -1) throw ValueError("the number is too large");
                // Floor division and a remainder with the divisor's sign, so that n % 2 is 0 or 1.
                Poco::Int64 q = x / y, m = x % y;
                if (m != 0 && ((m < 0) != (y < 0))) {
                    --q;
                    m += y;
                }
                r = op == BinaryOp::floor_divide ? q : m;
                break;
            }
            default: break;
            }
            if (overflow) throw ValueError("the result is too large");
            return r;
        }
        double x = left.convert<double>(), y = right.convert<double>();
        switch (op) {
        case BinaryOp::add: return x + y;
        case BinaryOp::subtract: return x - y;
        case BinaryOp::multiply: return x * y;
        case BinaryOp::divide:
            if (y == 0) throw ValueError("division by zero");
            return x / y;
        case BinaryOp::floor_divide:
            if (y == 0) throw ValueError("division by zero");
            return std::floor(x / y);
        case BinaryOp::modulo: {
            if (y == 0) throw ValueError("division by zero");
            double m = std::fmod(x, y);
            if (m != 0 && ((m < 0) != (y < 0))) m += y;
            return m;
        }
        default: return Var();
        }
    }

    void visit(const ConditionalExpr& expr) override {
        if (condition(*expr.condition)) {
            result_ = eval(*expr.then_value);
        } else if (expr.else_value) {
            result_ = eval(*expr.else_value);
        } else {
            result_ = Value::own(Var());
        }
    }

    void visit(const TestExpr& expr) override {
        Value operand = eval(*expr.operand);
        bool answer = false;
        switch (expr.test) {
        case TestKind::defined: answer = operand.defined(); break;
        case TestKind::empty: answer = !operand.defined() || is_empty_value(operand.get()); break;
        case TestKind::none: answer = kind_of(need(operand)) == ValueKind::none; break;
        case TestKind::number: {
            ValueKind kind = kind_of(need(operand));
            answer = kind == ValueKind::integer || kind == ValueKind::decimal;
            break;
        }
        case TestKind::string: answer = kind_of(need(operand)) == ValueKind::string; break;
        case TestKind::even:
        case TestKind::odd: {
            const Var& var = need(operand);
            Poco::Int64 n = at(expr.operand->pos, [&] { return to_integer(var, "the value tested for even/odd"); });
            answer = (n % 2 == 0) == (expr.test == TestKind::even);
            break;
        }
        }
        result_ = Value::own(Var(answer != expr.negated));
    }

    void visit(const FilterExpr& expr) override {
        Value input = eval(*expr.input);
        const FilterDef& filter = *expr.filter;
        if (!input.defined() && !filter.accepts_missing_input) fail_missing(input.why());
        std::vector<Var> args;
        args.reserve(expr.args.size());
        for (const auto& arg : expr.args) {
            Value value = eval(*arg);
            args.push_back(need(value));
        }
        FilterContext context{expr.name, input.defined()};
        Var result;
        try {
            result = filter.function(input.get(), args, context);
        } catch (const TemplateError&) {
            throw;
        } catch (const ValueError& error) {
            fail(expr.pos, core::tr("过滤器“" + expr.name + "”：", "filter '" + expr.name + "': ") + error.what());
        } catch (const Poco::Exception& error) {
            fail(expr.pos, core::tr("过滤器“" + expr.name + "”出错：", "filter '" + expr.name + "' failed: ") +
                               error.displayText());
        } catch (const std::exception& error) {
            fail(expr.pos, core::tr("过滤器“" + expr.name + "”出错：", "filter '" + expr.name + "' failed: ") + error.what());
        }
        result_ = Value::take(result);
        result_.safe = expr.marks_safe;
    }

    void visit(const LoopExpr& expr) override {
        if (loops_.empty()) fail(expr.pos, "'loop' is only available inside a for loop");
        const LoopState& loop = loops_.back();
        switch (expr.field) {
        case LoopField::index: result_ = Value::own(Var(static_cast<Poco::Int64>(loop.index + 1))); break;
        case LoopField::index0: result_ = Value::own(Var(static_cast<Poco::Int64>(loop.index))); break;
        case LoopField::first: result_ = Value::own(Var(loop.index == 0)); break;
        case LoopField::last: result_ = Value::own(Var(loop.index + 1 == loop.length)); break;
        case LoopField::length: result_ = Value::own(Var(static_cast<Poco::Int64>(loop.length))); break;
        }
    }

    void visit(const CallExpr& expr) override {
        std::vector<Var> args;
        for (const auto& arg : expr.args) {
            Value value = eval(*arg);
            args.push_back(need(value));
        }
        if (!expr.macro) {
            result_ = Value::own(at(expr.pos, [&] { return range(args, expr.pos); }, "range: "));
            return;
        }
        call_macro(*expr.macro, *expr.macro_template, args, expr.pos);
    }

    Var range(const std::vector<Var>& args, size_t pos) {
        Poco::Int64 start = 0, end = 0, step = 1;
        if (args.size() == 1) {
            end = to_integer(args[0], "the end");
        } else {
            start = to_integer(args[0], "the start");
            end = to_integer(args[1], "the end");
            if (args.size() == 3) step = to_integer(args[2], "the step");
        }
        if (step == 0) throw ValueError("the step must not be 0");
        // Count first: range(1000000000) must fail on the limit, not on memory.
        double count = std::max(0.0, std::ceil((static_cast<double>(end) - static_cast<double>(start)) /
                                               static_cast<double>(step)));
        if (count > static_cast<double>(limits_.max_loop_iterations))
            fail(pos, "range would have " + format_number(count) + " numbers, more than the limit of " +
                          std::to_string(limits_.max_loop_iterations) + " loop iterations");
        std::vector<Var> numbers;
        numbers.reserve(static_cast<size_t>(count));
        for (Poco::Int64 i = start; step > 0 ? i < end : i > end; i += step) numbers.emplace_back(i);
        return make_list(std::move(numbers));
    }

    void call_macro(const MacroNode& macro, const Template& owner, const std::vector<Var>& args, size_t pos) {
        if (macro_depth_ >= limits_.max_macro_depth)
            fail(pos, "macros call each other more than " + std::to_string(limits_.max_macro_depth) +
                          " levels deep; a macro probably calls itself without end");
        std::string output;
        std::string* saved_out = out_;
        size_t saved_floor = floor_;
        size_t base = bindings_.size();
        // A macro sees its arguments and the data, not the caller's variables.
        frames_.push_back(base);
        floor_ = base;
        ++macro_depth_;
        std::vector<LoopState> saved_loops;
        saved_loops.swap(loops_);
        // A macro imported from another template reports errors in that template, "called from" here.
        bool foreign = &owner != templates_.back();
        if (foreign) {
            SourcePosition where = locate(templates_.back()->source, pos);
            includes_.push_back({templates_.back()->name, where.line, where.column, true});
            templates_.push_back(&owner);
        }
        for (size_t i = 0; i < macro.parameters.size(); ++i) {
            const auto& parameter = macro.parameters[i];
            if (i < args.size()) {
                bindings_.push_back({parameter.name, nullptr, args[i]});
            } else {
                Value value = eval(*parameter.default_value);
                bindings_.push_back({parameter.name, nullptr, need(value)});
            }
        }
        out_ = &output;
        render_block(macro.body);
        out_ = saved_out;
        if (foreign) {
            templates_.pop_back();
            includes_.pop_back();
        }
        loops_.swap(saved_loops);
        --macro_depth_;
        floor_ = saved_floor;
        frames_.pop_back();
        truncate(base);
        result_ = Value::own(Var(output));
        result_.safe = true;  // already escaped where it was written
    }

    const Var& data_;
    bool data_is_object_ = false;
    const RenderLimits& limits_;
    std::string* out_ = nullptr;
    std::string* main_out_ = nullptr;  ///< the render's own output (not a macro's buffer)
    SourceMap* map_ = nullptr;
    Value result_;
    std::deque<Binding> bindings_;  // a deque: references to bindings stay valid while it grows
    std::vector<size_t> frames_;    // start index in bindings_ of each scope frame
    size_t floor_ = 0;              // lookups stop here: the frame of the running macro, else 0
    std::vector<LoopState> loops_;
    std::vector<const Template*> templates_;
    std::vector<IncludeSite> includes_;
    size_t iterations_ = 0;
    size_t macro_depth_ = 0;
};

}  // namespace

void append_xml_escaped(std::string& out, std::string_view text) {
    size_t start = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const char* entity = nullptr;
        switch (text[i]) {
        case '&': entity = "&amp;"; break;
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '"': entity = "&quot;"; break;
        case '\'': entity = "&apos;"; break;
        default: continue;
        }
        out.append(text, start, i - start);
        out += entity;
        start = i + 1;
    }
    out.append(text, start, std::string_view::npos);
}

std::string render_template(const Template& tpl, const Var& data, const RenderLimits& limits, SourceMap* map) {
    return Renderer(data, limits).run(tpl, map);
}

core::Location SourceMap::locate(size_t offset) const {
    auto it = std::upper_bound(spans.begin(), spans.end(), offset,
                               [](size_t o, const Span& span) { return o < span.output; });
    if (it == spans.begin()) return {};
    const Span& span = *--it;
    size_t at = span.pos;
    if (span.literal) at = std::min(span.pos + (offset - span.output), span.tpl->source.size());
    const SourcePosition where = templating::locate(span.tpl->source, at);
    return core::Location{span.tpl->name, where.line, where.column, "", ""};
}

}  // namespace dangan::templating
