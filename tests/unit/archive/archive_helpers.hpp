// Shared helpers for the archive tests: the shipped rule book and audit vocabulary, loaded once.
#pragma once

#include "archive/audit.hpp"
#include "rules/profile.hpp"

#include <filesystem>
#include <optional>

namespace dangan::testing {

inline const rules::RuleBook& shipped_book() {
    static const auto b =
        rules::RuleBook::load(std::filesystem::path(DANGAN_SOURCE_DIR) / "profiles", std::nullopt);
    return b;
}

inline const archive::AuditVocabulary& shipped_vocabulary() {
    static const auto v = archive::AuditVocabulary::load(
        std::filesystem::path(DANGAN_SOURCE_DIR) / "profiles/audit/vocabulary.json", shipped_book());
    return v;
}

}  // namespace dangan::testing
