// Placeholders left in a form and never filled in (XX, ××, 某某, 待定, TBD …). A text test shared by the
// record model (which notes it once when a meeting's minutes are packed), the rules and the audit.
#pragma once

#include <string_view>

namespace dangan::core {

/// Whether `text` looks like a placeholder left in a form: XX, ××, xxxx, 某某, 待定, TBD …
bool looks_like_placeholder(std::string_view text);

}  // namespace dangan::core
