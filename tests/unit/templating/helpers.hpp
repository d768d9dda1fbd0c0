// Shared helpers for the templating tests: JSON text → data, one-line rendering.
#pragma once

#include "templating/environment.hpp"

#include <Poco/JSON/Parser.h>

#include <string>

namespace dangan::templating::test {

/// Parses JSON the way the application does (keeping the key order of the file).
inline Poco::Dynamic::Var json(const std::string& text) {
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    return parser.parse(text);
}

/// Renders template text with JSON data in an environment whose search path is tests/cases/templating.
inline std::string render(const std::string& source, const std::string& data = "{}", const std::string& name = "t.tpl") {
    Environment env({std::string(DANGAN_TEST_DIR) + "/cases/templating"});
    return env.render_string(source, json(data), name);
}

/// The message of the TemplateError that rendering throws, or "no error: <output>".
inline std::string error_of(const std::string& source, const std::string& data = "{}", const std::string& name = "t.tpl") {
    try {
        return "no error: " + render(source, data, name);
    } catch (const TemplateError& error) {
        return error.what();
    }
}

}  // namespace dangan::templating::test
