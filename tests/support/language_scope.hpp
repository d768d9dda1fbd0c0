// Runs a test's messages in one language and restores the previous one: the unit tests of the English
// texts (`--lang en`) and of the Chinese ones share one process.
#pragma once

#include "core/messages.hpp"

namespace dangan::testing {

class LanguageScope {
public:
    explicit LanguageScope(core::Language language) : previous_(core::language()) { core::set_language(language); }
    ~LanguageScope() { core::set_language(previous_); }
    LanguageScope(const LanguageScope&) = delete;
    LanguageScope& operator=(const LanguageScope&) = delete;

private:
    core::Language previous_;
};

}  // namespace dangan::testing
