// The template's view of data: Poco::Dynamic::Var trees as Poco::JSON::Parser builds them
// (Object::Ptr, Array::Ptr, std::string, integers, double, bool, empty), plus the by-value
// Poco containers (JSON::Object/Array, Dynamic::Struct, Dynamic::Array) an application may pass.
// Lists the template builds itself are JSON::Array::Ptr, so copying them never copies items.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/Types.h>

#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dangan::templating {

using Poco::Dynamic::Var;

/// A value of the wrong kind or an impossible operation; the renderer adds the location.
class ValueError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class ValueKind { none, boolean, integer, decimal, string, list, object };

ValueKind kind_of(const Var& value);

/// "nothing (none)", "a true/false value", "a whole number", "a decimal number", "text", "a list",
/// "an object": how messages name a kind ("cannot loop over a whole number").
std::string_view kind_name(ValueKind kind);
inline std::string_view kind_name(const Var& value) { return kind_name(kind_of(value)); }

/// Truth in conditions: none, false, 0, "", [] and {} are false; everything else is true.
bool truthy(const Var& value);

/// `is empty` and `default(…)`: none, "", [] and {} (a missing key counts too, see the renderer).
bool is_empty_value(const Var& value);

/// Text for output and `~`: strings as they are, integers in decimal, decimals in the shortest form
/// that reads back the same (2.5, 3 for 3.0), true/false, none → "". Lists and objects throw.
std::string to_text(const Var& value);

/// An integer value; throws ValueError for anything else (a decimal with no fraction is accepted).
Poco::Int64 to_integer(const Var& value, std::string_view what);
/// A number (integer or decimal) as double; throws ValueError otherwise.
double to_number(const Var& value, std::string_view what);

/// Shortest round-trip decimal text, without ".0" for whole numbers.
std::string format_number(double value);

/// The items of a list value (empty span for an empty list). Throws ValueError for a non-list.
std::span<const Var> list_items(const Var& value);

/// The value of `key` in an object, or nullopt when the key is absent. Throws for a non-object.
std::optional<Var> object_get(const Var& object, const std::string& key);

/// The stored value of `key` inside an object, without copying it, or null when the key is absent.
/// The pointer stays valid as long as the object does. Throws ValueError for a non-object.
const Var* object_find(const Var& object, std::string_view key);

/// The keys of an object in the order the object keeps them (insertion order for a
/// Poco::JSON::Object parsed with preserveObjectOrder, otherwise sorted).
std::vector<std::string> object_keys(const Var& object);

/// A new list value (Poco::JSON::Array::Ptr).
Var make_list(std::vector<Var> items);

/// Deep equality: numbers by value (1 == 1.0), text by bytes, lists and objects item by item.
/// Values of different kinds are unequal.
bool equal_values(const Var& a, const Var& b);

/// Ordering for < <= > >= and sort: numbers with numbers, text with text (byte order, which is
/// also date order for ISO dates). Throws ValueError for other pairs.
int compare_values(const Var& a, const Var& b);

/// Number of code points in UTF-8 text.
size_t count_code_points(std::string_view text);

}  // namespace dangan::templating
