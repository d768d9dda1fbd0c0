// Parking laid-out pages: a book lays out every record before it knows where any record starts, and
// holding 10,000 records' glyph runs as objects costs about 35 KB a record. pack_content keeps each page's
// size and label (the numbering needs them) and moves what is drawn — runs, rules, bookmarks, pictures —
// into one byte string, deflated unless the caller keeps it plain (deflating costs about a tenth of a
// book's CPU time; a book keeps its first megabytes plain); unpack_content puts it back exactly (same
// doubles, same text), so the finished pages, and the PDF, are the same bytes as without parking.
#pragma once

#include "layout/laid_out.hpp"

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace dangan::layout {

struct PackedContent {
    std::string bytes;                                          ///< empty when nothing is parked
    bool deflated = true;                                       ///< bytes are deflated (else plain)
    size_t plain_size = 0;                                      ///< the bytes before deflating
    std::vector<std::shared_ptr<const std::string>> pictures;   ///< the pages' image data, shared as before
};

/// Moves the runs, rules, bookmarks and images of `pages` into the result (the pages keep width, height
/// and label). Deflated (a quarter of the memory, ten times the time) unless `plain_budget` is given and
/// still holds their size, which is then taken from it.
PackedContent pack_content(std::vector<LaidOutPage>& pages, std::atomic<size_t>* plain_budget = nullptr);

/// Puts content packed from the same pages back. Throws std::runtime_error if the bytes are damaged.
void unpack_content(PackedContent&& packed, std::vector<LaidOutPage>& pages);

}  // namespace dangan::layout
