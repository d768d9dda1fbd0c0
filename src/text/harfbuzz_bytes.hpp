#pragma once
// HarfBuzz hands out font data as reference-counted blobs; dangan keeps font files and tables as plain
// strings (subsets go to the PDF writer, tables are parsed by the punctuation pass). One place copies them.

#include <hb.h>

#include <string>

namespace dangan::text {

/// Copies the blob's bytes and releases the caller's reference to it (an empty blob gives "").
inline std::string take_blob_bytes(hb_blob_t* blob) {
    unsigned length = 0;
    const char* data = hb_blob_get_data(blob, &length);
    std::string bytes(data ? data : "", data ? length : 0);
    hb_blob_destroy(blob);
    return bytes;
}

}  // namespace dangan::text
