#include "templating/value.hpp"
#include "core/messages.hpp"

#include <Poco/Dynamic/Struct.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <charconv>
#include <cmath>

namespace dangan::templating {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;
using DynamicArray = Poco::Dynamic::Array;

template <typename Struct>
std::vector<std::string> struct_keys(const Struct& s) {
    std::vector<std::string> keys;
    for (const auto& entry : s) keys.push_back(entry.first);
    return keys;
}

template <typename Struct>
std::optional<Var> struct_get(const Struct& s, const std::string& key) {
    auto it = s.find(key);
    if (it == s.end()) return std::nullopt;
    return std::make_optional<Var>(it->second);
}

std::optional<Var> json_get(const Object& object, const std::string& key) {
    Var value = object.get(key);
    // get() returns an empty Var both for a JSON null and for an absent key; only then ask again.
    if (value.isEmpty() && !object.has(key)) return std::nullopt;
    return std::make_optional<Var>(value);
}

std::span<const Var> array_span(const Array& array) {
    if (array.size() == 0) return {};
    return {&*array.begin(), array.size()};
}

}  // namespace

ValueKind kind_of(const Var& value) {
    // Scalars are told apart by Var's virtual is*() queries: comparing std::type_info objects of
    // different types costs a strcmp of their names, and this runs for every value rendered.
    if (value.isEmpty()) return ValueKind::none;
    if (value.isString()) return ValueKind::string;
    if (value.isBoolean()) return ValueKind::boolean;
    if (value.isInteger()) return ValueKind::integer;
    if (value.isNumeric()) return ValueKind::decimal;
    const std::type_info& type = value.type();
    if (type == typeid(Object::Ptr)) return value.extract<Object::Ptr>().isNull() ? ValueKind::none : ValueKind::object;
    if (type == typeid(Array::Ptr)) return value.extract<Array::Ptr>().isNull() ? ValueKind::none : ValueKind::list;
    if (type == typeid(Object) || type == typeid(Poco::DynamicStruct) || type == typeid(Poco::OrderedDynamicStruct))
        return ValueKind::object;
    if (type == typeid(Array) || type == typeid(DynamicArray)) return ValueKind::list;
    // Anything else (a Poco::DateTime, a char…) prints through Poco's own string conversion.
    return ValueKind::string;
}

std::string_view kind_name(ValueKind kind) {
    const bool zh = core::language() == core::Language::zh;
    switch (kind) {
    case ValueKind::none: return zh ? "空值（none）" : "nothing (none)";
    case ValueKind::boolean: return zh ? "真假值" : "a true/false value";
    case ValueKind::integer: return zh ? "整数" : "a whole number";
    case ValueKind::decimal: return zh ? "小数" : "a decimal number";
    case ValueKind::string: return zh ? "文字" : "text";
    case ValueKind::list: return zh ? "列表" : "a list";
    case ValueKind::object: return zh ? "对象" : "an object";
    }
    return zh ? "值" : "a value";
}

bool truthy(const Var& value) {
    switch (kind_of(value)) {
    case ValueKind::none: return false;
    case ValueKind::boolean: return value.extract<bool>();
    case ValueKind::integer: return value.convert<Poco::Int64>() != 0;
    case ValueKind::decimal: return value.convert<double>() != 0.0;
    case ValueKind::string:
        if (value.type() == typeid(std::string)) return !value.extract<std::string>().empty();
        return !to_text(value).empty();
    case ValueKind::list: return !list_items(value).empty();
    case ValueKind::object: return !object_keys(value).empty();
    }
    return false;
}

bool is_empty_value(const Var& value) {
    switch (kind_of(value)) {
    case ValueKind::none: return true;
    case ValueKind::string: return to_text(value).empty();
    case ValueKind::list: return list_items(value).empty();
    case ValueKind::object: return object_keys(value).empty();
    default: return false;
    }
}

std::string format_number(double value) {
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15) {
        return std::to_string(static_cast<long long>(value));
    }
    char buffer[64];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

std::string to_text(const Var& value) {
    switch (kind_of(value)) {
    case ValueKind::none: return {};
    case ValueKind::boolean: return value.extract<bool>() ? "true" : "false";
    case ValueKind::integer: {
        if (!value.isSigned()) return std::to_string(value.convert<Poco::UInt64>());
        return std::to_string(value.convert<Poco::Int64>());
    }
    case ValueKind::decimal: return format_number(value.convert<double>());
    case ValueKind::string:
        if (value.type() == typeid(std::string)) return value.extract<std::string>();
        return value.convert<std::string>();
    case ValueKind::list:
        throw ValueError(core::tr("列表不能直接写出：用 {% for … %} 逐项写出，或用“| join('、')”连起来",
                                  "cannot write a list as text; go through it with a for loop or use '| join'"));
    case ValueKind::object:
        throw ValueError(core::tr("对象不能直接写出：请写出它的某一项，如“x.name”",
                                  "cannot write an object as text; write one of its keys, e.g. 'x.name'"));
    }
    return {};
}

Poco::Int64 to_integer(const Var& value, std::string_view what) {
    ValueKind kind = kind_of(value);
    try {
        if (kind == ValueKind::integer) return value.convert<Poco::Int64>();
        if (kind == ValueKind::decimal) {
            double d = value.convert<double>();
            if (d == std::floor(d) && std::fabs(d) < 9e15) return static_cast<Poco::Int64>(d);
            throw ValueError(std::string(what) + " must be a whole number, found " + format_number(d));
        }
    } catch (const Poco::RangeException&) {
        throw ValueError(std::string(what) + " is too large: " + to_text(value));
    }
    throw ValueError(std::string(what) + " must be a whole number, found " + std::string(kind_name(kind)));
}

double to_number(const Var& value, std::string_view what) {
    ValueKind kind = kind_of(value);
    if (kind == ValueKind::integer || kind == ValueKind::decimal) return value.convert<double>();
    throw ValueError(std::string(what) + " must be a number, found " + std::string(kind_name(kind)));
}

std::span<const Var> list_items(const Var& value) {
    const std::type_info& type = value.type();
    if (type == typeid(Array::Ptr)) {
        const Array::Ptr& array = value.extract<Array::Ptr>();
        if (array.isNull()) return {};
        return array_span(*array);
    }
    if (type == typeid(DynamicArray)) return value.extract<DynamicArray>();
    if (type == typeid(Array)) return array_span(value.extract<Array>());
    throw ValueError("expected a list, found " + std::string(kind_name(value)));
}

std::optional<Var> object_get(const Var& object, const std::string& key) {
    const std::type_info& type = object.type();
    if (type == typeid(Object::Ptr)) return json_get(*object.extract<Object::Ptr>(), key);
    if (type == typeid(Object)) return json_get(object.extract<Object>(), key);
    if (type == typeid(Poco::DynamicStruct)) return struct_get(object.extract<Poco::DynamicStruct>(), key);
    if (type == typeid(Poco::OrderedDynamicStruct)) return struct_get(object.extract<Poco::OrderedDynamicStruct>(), key);
    throw ValueError("expected an object, found " + std::string(kind_name(object)));
}

namespace {

const Var* json_find(const Object& object, std::string_view key) {
    // Poco::JSON::Object offers lookup only by copy (get()); a scan of its (sorted) map reaches the
    // stored Var itself. Records have a few dozen keys at most, and the scan stops early.
    for (auto it = object.begin(); it != object.end(); ++it) {
        int order = std::string_view(it->first).compare(key);
        if (order == 0) return &it->second;
        if (order > 0) break;
    }
    return nullptr;
}

template <typename Struct>
const Var* struct_find(const Struct& s, std::string_view key) {
    auto it = s.find(std::string(key));
    return it == s.end() ? nullptr : &it->second;
}

}  // namespace

const Var* object_find(const Var& object, std::string_view key) {
    const std::type_info& type = object.type();
    if (type == typeid(Object::Ptr)) return json_find(*object.extract<Object::Ptr>(), key);
    if (type == typeid(Object)) return json_find(object.extract<Object>(), key);
    if (type == typeid(Poco::DynamicStruct)) return struct_find(object.extract<Poco::DynamicStruct>(), key);
    if (type == typeid(Poco::OrderedDynamicStruct)) return struct_find(object.extract<Poco::OrderedDynamicStruct>(), key);
    throw ValueError("expected an object, found " + std::string(kind_name(object)));
}

std::vector<std::string> object_keys(const Var& object) {
    const std::type_info& type = object.type();
    if (type == typeid(Object::Ptr)) return object.extract<Object::Ptr>()->getNames();
    if (type == typeid(Object)) return object.extract<Object>().getNames();
    if (type == typeid(Poco::DynamicStruct)) return struct_keys(object.extract<Poco::DynamicStruct>());
    if (type == typeid(Poco::OrderedDynamicStruct)) return struct_keys(object.extract<Poco::OrderedDynamicStruct>());
    throw ValueError("expected an object, found " + std::string(kind_name(object)));
}

Var make_list(std::vector<Var> items) {
    Array::Ptr array = new Array;
    for (auto& item : items) array->add(item);
    return array;
}

bool equal_values(const Var& a, const Var& b) {
    ValueKind ka = kind_of(a), kb = kind_of(b);
    bool a_number = ka == ValueKind::integer || ka == ValueKind::decimal;
    bool b_number = kb == ValueKind::integer || kb == ValueKind::decimal;
    if (a_number && b_number) {
        if (ka == ValueKind::integer && kb == ValueKind::integer) return to_text(a) == to_text(b);
        return a.convert<double>() == b.convert<double>();
    }
    if (ka != kb) return false;
    switch (ka) {
    case ValueKind::none: return true;
    case ValueKind::boolean: return a.extract<bool>() == b.extract<bool>();
    case ValueKind::string: return to_text(a) == to_text(b);
    case ValueKind::list: {
        auto x = list_items(a), y = list_items(b);
        if (x.size() != y.size()) return false;
        for (size_t i = 0; i < x.size(); ++i)
            if (!equal_values(x[i], y[i])) return false;
        return true;
    }
    case ValueKind::object: {
        auto keys = object_keys(a);
        if (keys.size() != object_keys(b).size()) return false;
        for (const auto& key : keys) {
            auto other = object_get(b, key);
            if (!other || !equal_values(*object_get(a, key), *other)) return false;
        }
        return true;
    }
    default: return false;
    }
}

int compare_values(const Var& a, const Var& b) {
    ValueKind ka = kind_of(a), kb = kind_of(b);
    bool a_number = ka == ValueKind::integer || ka == ValueKind::decimal;
    bool b_number = kb == ValueKind::integer || kb == ValueKind::decimal;
    if (a_number && b_number) {
        if (ka == ValueKind::integer && kb == ValueKind::integer) {
            Poco::Int64 x = a.convert<Poco::Int64>(), y = b.convert<Poco::Int64>();
            return x < y ? -1 : x > y ? 1 : 0;
        }
        double x = a.convert<double>(), y = b.convert<double>();
        return x < y ? -1 : x > y ? 1 : 0;
    }
    if (ka == ValueKind::string && kb == ValueKind::string) {
        int c = to_text(a).compare(to_text(b));
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    throw ValueError("cannot compare " + std::string(kind_name(ka)) + " with " + std::string(kind_name(kb)));
}

size_t count_code_points(std::string_view text) {
    size_t count = 0;
    for (char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
    return count;
}

}  // namespace dangan::templating
