// "Did you mean …?" for misspelt names: template variables and filters, profile and font-map keys.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dangan::core {

/// Edit distance in code points (optimal string alignment: a swap of two neighbours costs 1).
size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate nearest to `wrong` if it is close enough to be a plausible typo
/// (distance ≤ 2 and less than half of the longer name); ties go to the first in sorted order.
std::optional<std::string> closest_name(std::string_view wrong, const std::vector<std::string>& candidates);

/// "; did you mean 'date'?" or "" when nothing is close.
std::string did_you_mean(std::string_view wrong, const std::vector<std::string>& candidates);

/// The warning for a key a settings file does not know (profiles, fonts.json):
/// `unknown key "cadance" is ignored (misspelt?); did you mean "cadence"?`, or, when no known key is
/// close, `…; expected one of: a, b, c`.
std::string unknown_key_message(std::string_view key, const std::vector<std::string>& known);

}  // namespace dangan::core
