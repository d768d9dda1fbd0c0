// Shared helpers for the rule tests.
#pragma once

#include "rules/check.hpp"

#include <string>
#include <vector>

namespace dangan::testing {

/// The findings of one rule id, in their order.
inline std::vector<rules::Finding> only(const std::vector<rules::Finding>& all, const std::string& rule) {
    std::vector<rules::Finding> out;
    for (const auto& f : all)
        if (f.rule == rule) out.push_back(f);
    return out;
}

}  // namespace dangan::testing
