#include "layout/book.hpp"

namespace dangan::layout {

Front settle_front(const std::function<std::vector<PagedDocument>(int front_pages)>& lay_out, int guess,
                   int max_passes) {
    Front front;
    int assumed = guess;
    for (front.passes = 1;; ++front.passes) {
        front.parts.clear();  // the last pass's pages go before the next pass lays out (a 10,000-row 目录 is 30 MB)
        front.parts = lay_out(assumed);
        front.pages = 0;
        for (const auto& part : front.parts) front.pages += static_cast<int>(part.pages());
        // A longer catalogue moves every record, so its numbers may widen and it may grow again; it only
        // grows while the numbers grow, so a few passes settle it (a 10,000-record 目录 takes two or three).
        if (front.pages == assumed) {
            front.settled = true;
            return front;
        }
        if (front.passes >= max_passes) return front;
        assumed = front.pages;
    }
}

}  // namespace dangan::layout
