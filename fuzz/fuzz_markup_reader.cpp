// Fuzz target: the document markup reader (document::read_markup). Malformed XML, unknown elements
// and bad values must end in core::InputError, never a crash or another exception.
#include "core/diagnostic.hpp"
#include "document/markup_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view xml(reinterpret_cast<const char*>(data), size);
    try {
        (void)dangan::document::read_markup(xml, "fuzz.xml");
    } catch (const dangan::core::InputError&) {
        // Expected for unusable markup.
    }
    return 0;
}
