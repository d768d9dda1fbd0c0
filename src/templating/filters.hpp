// Filters: `value | name(args…)`. A FilterTable maps names to callables; the parser resolves every
// filter through it, so an unknown filter is a parse-time error with a location.
#pragma once

#include "templating/value.hpp"

#include <cstddef>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dangan::templating {

/// Thrown by a filter for input it cannot use. The message says what was expected and found,
/// without a location: the renderer prefixes "<file>:<line>:<column>: filter '<name>': ".
class FilterError : public ValueError {
public:
    using ValueError::ValueError;
};

/// What a filter may know about the call besides its input and arguments.
struct FilterContext {
    std::string_view name;      ///< the filter's name as written in the template
    bool input_defined = true;  ///< false when the input is a missing key (only for filters that accept it)
};

/// A filter: input and evaluated arguments in, new value out. Throws FilterError.
using Filter = std::function<Var(const Var& input, const std::vector<Var>& args, const FilterContext& context)>;

/// A filter and the rules the parser checks before it ever runs.
struct FilterDef {
    Filter function;
    size_t min_args = 0;
    size_t max_args = std::numeric_limits<size_t>::max();
    /// Receives a missing key as an empty Var with context.input_defined == false, instead of the
    /// renderer reporting "unknown key". Only `default` does by default.
    bool accepts_missing_input = false;
    /// Optional parse-time check of the arguments that are literals (nullopt for the others);
    /// throws FilterError, which becomes a parse error at the argument ("unknown date style").
    std::function<void(const std::vector<std::optional<Var>>& literal_args)> check_literals;
};

/// Filters by name. Copying a table shares the definitions (they are immutable).
class FilterTable {
public:
    /// Every built-in filter: date, cn_number, ordinal, pad, default, join, map, length, upper, lower,
    /// trim, first, last, sort, reverse, sum, round, replace, int, string, raw.
    static FilterTable builtin();

    /// Adds or replaces a filter.
    void add(std::string name, FilterDef definition);
    /// The filter, or null when there is none by that name.
    std::shared_ptr<const FilterDef> find(std::string_view name) const;
    /// All names, sorted (for "did you mean" suggestions).
    std::vector<std::string> names() const;

private:
    std::map<std::string, std::shared_ptr<const FilterDef>, std::less<>> filters_;
};

}  // namespace dangan::templating
