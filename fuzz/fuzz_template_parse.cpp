// Fuzz target: the template lexer and parser (templating::Environment::parse_string). Bad template
// text must end in templating::TemplateError; the search path is an empty folder so includes resolve
// to "not found" instead of reading the disk.
#include "templating/environment.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static dangan::templating::Environment environment(
        {std::filesystem::temp_directory_path() / "dangan-fuzz-empty-search-path"});
    const std::string_view source(reinterpret_cast<const char*>(data), size);
    try {
        environment.parse_string(source, "fuzz.tpl");
    } catch (const dangan::templating::TemplateError&) {
        // Expected for malformed templates.
    }
    return 0;
}
