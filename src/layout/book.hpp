// A bound book in one run: the records are laid out first (their page counts are known), then the front
// matter — cover and catalogue — whose page numbers point into the records, and whose own length moves
// every record. settle_front repeats the front matter until its length is stable; then every part knows
// where it starts (layout::finish_pages, and the templates' item.first_page / item.last_page).
#pragma once

#include "layout/layout.hpp"

#include <functional>
#include <vector>

namespace dangan::layout {

/// The front matter once its length stopped changing.
struct Front {
    std::vector<PagedDocument> parts;  ///< e.g. cover, catalogue
    int pages = 0;                     ///< their pages together
    int passes = 0;                    ///< layouts it took
    bool settled = false;              ///< false: still changing after max_passes (numbers may be off)
};

/// Lays out the front matter until its length is stable. `lay_out(front_pages)` lays out every front part
/// for a book whose records start at physical page front_pages + 1. The first guess is `guess` pages.
Front settle_front(const std::function<std::vector<PagedDocument>(int front_pages)>& lay_out, int guess,
                   int max_passes = 6);

}  // namespace dangan::layout
