#pragma once
// What `dangan help` prints, in the language of the messages (Chinese by default, English with --lang en).
// The options themselves are defined once, in DanganApp::defineOptions, with their English description; the
// Chinese descriptions live here, keyed by the option's name, so an option added later without one is caught
// by the e2e test cli_usage (its line in the Chinese help then ends with "（无中文说明）").

#include <Poco/Util/OptionSet.h>

#include <ostream>
#include <string>

namespace dangan::cli {

/// The commands and what they do, in the current language (core::language()).
const char* usage_text();

/// The Chinese description of an option, or "" when there is none.
std::string chinese_option_description(const std::string& name);

/// Writes the usage text and every option, one line each: "  -f, --format text|json   description".
void write_help(std::ostream& out, const Poco::Util::OptionSet& options);

}  // namespace dangan::cli
