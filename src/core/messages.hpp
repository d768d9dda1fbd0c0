// The language of what dangan tells its user. Users are 党务工作者: messages are Chinese by default;
// `--lang en` gives the English text (for the developers and for anyone who reads English better).
//
// The catalogue is kept at the call site on purpose: each message is written as a pair,
// tr("中文", "English"), so the two texts are read and changed together and none can go missing.
#pragma once

#include <string>
#include <string_view>

namespace dangan::core {

enum class Language { zh, en };

/// Set once by the command line before any work starts (worker threads only read it).
void set_language(Language language);
Language language();

/// "zh" or "en" → the language; nullopt-like failure is reported by the caller. Returns false when unknown.
bool parse_language(std::string_view text, Language& out);

/// The text in the user's language.
inline std::string tr(std::string_view zh, std::string_view en) {
    return std::string(language() == Language::en ? en : zh);
}

/// 'x' quoted the way the language quotes: “x” in Chinese, "x" in English.
std::string quoted(std::string_view text);

/// Advice for a character that is not JSON syntax but looks like it: a Chinese quote, comma, colon,
/// bracket or a full-width space, as an input method types them. Empty for any other character.
/// `at` points at the first byte of the character in `text`.
std::string full_width_sign_advice(std::string_view text, size_t at);

}  // namespace dangan::core
