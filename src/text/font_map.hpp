// The font map (fonts/fonts.json): which font files draw each logical family, in fallback order.
// Reading it checks every file cheaply (its sfnt header and table directory, a few hundred bytes)
// so that a wrong entry is reported at start-up, while the large font files themselves are opened
// only when a character needs them (see FontBook).
#pragma once

#include "core/diagnostic.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace dangan::text {

/// One face in the map: a TrueType file, the face index inside a collection (.ttc), and whether
/// it is drawn with synthetic bold (fill + stroke), used for 小标宋 when no real one is installed.
struct FaceSpec {
    std::filesystem::path file;  ///< absolute, or resolved against the folder of fonts.json
    int index = 0;               ///< face index in a TrueType collection; 0 for a single font
    bool embolden = false;

    friend bool operator==(const FaceSpec&, const FaceSpec&) = default;
};

/// A logical family ("宋体") and its faces: its own first, then the map's shared fallback faces.
struct FamilySpec {
    std::string name;
    std::vector<FaceSpec> faces;  ///< the full chain, searched in order by cmap coverage
};

struct FontMap {
    std::string source;                ///< how messages name the map, e.g. "fonts/fonts.json"
    std::vector<FamilySpec> families;  ///< in the order of the file (the parser keeps key order); chains complete
    std::vector<core::Diagnostic> warnings;  ///< unknown (misspelt) keys: ignored, each named with its line
};

/// Reads and checks fonts.json. Throws core::InputError naming the map, the family and the font
/// file, saying what was expected, for: unreadable or invalid JSON, a missing file, a file that is
/// not a font, an OpenType/CFF font (libharu 2.3 embeds TrueType outlines only), a bad TTC index.
FontMap read_font_map(const std::filesystem::path& fonts_json);

/// Same, from text already in memory; relative font paths resolve against `base_dir`, and
/// messages name the map `source`.
FontMap parse_font_map(std::string_view json, const std::filesystem::path& base_dir, std::string source);

/// Checks that `file` holds a TrueType face at `index` without loading the whole file. Returns an
/// empty string when it does, else the reason (", expected …" included) for a message.
std::string check_truetype_face(const std::filesystem::path& file, int index);

}  // namespace dangan::text
