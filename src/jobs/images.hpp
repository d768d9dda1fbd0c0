// <image src>: the picture files a document names, read for layout and the PDF writer. Only files
// inside the folders the user gave (templates, data) are read; transparency and CMYK are refused,
// because PDF/A-1b (every dangan PDF) allows neither soft masks nor CMYK under an sRGB OutputIntent.
#pragma once

#include "document/markup_reader.hpp"

#include <filesystem>
#include <vector>

namespace dangan::jobs {

/// Fills in every <image> of `document` (bytes, kind, pixel size) from the first of `roots` that holds
/// its `src`. Throws core::InputError, in Chinese and at the template line `origin` gives, for a path
/// outside the roots, a missing or unreadable file, a file that is not PNG or JPEG, a PNG with an
/// alpha channel or transparency, or a CMYK JPEG.
void load_images(document::Document& document, const std::vector<std::filesystem::path>& roots,
                 const document::MarkupOrigin& origin);

}  // namespace dangan::jobs
