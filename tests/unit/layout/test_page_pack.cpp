// Parking a record's pages (layout/page_pack.hpp): what comes back is exactly what went in, so the
// finished book is the same bytes as without parking; damaged bytes are refused, not misread.
#include "layout/page_pack.hpp"

#include <catch2/catch.hpp>

#include <memory>

using namespace dangan;

namespace {

std::vector<layout::LaidOutPage> pages_to_park() {
    auto picture = std::make_shared<const std::string>("\x89PNG not really");
    std::vector<layout::LaidOutPage> pages(3);
    pages[0].label = "1";
    pages[0].runs.push_back({3, 10.5, 72.125, 700.0000001, "中共某支部委员会会议记录", 0.25, true, 240.5});
    pages[0].runs.push_back({0, 12, 72, 680, "", 0, false, 0});
    pages[0].rules.push_back({72, 650, 523.3, 650, 0.5});
    pages[0].bookmarks.push_back({"会议记录", 1, 780.25});
    pages[0].images.push_back({100, 200, 50, 60, picture, false});
    pages[1].width = 841.89;
    pages[1].height = 595.276;
    pages[2].label = "iii";
    pages[2].runs.push_back({1, 9, 1e-9, -3, std::string(5000, 'x'), 0, false, 1.0 / 3, -90});
    pages[2].images.push_back({0, 0, 1, 1, picture, true});
    return pages;
}

bool same_parked_pages(const std::vector<layout::LaidOutPage>& a, const std::vector<layout::LaidOutPage>& b) {
    if (a.size() != b.size()) return false;
    for (size_t p = 0; p < a.size(); ++p) {
        const auto &x = a[p], &y = b[p];
        if (x.width != y.width || x.height != y.height || x.label != y.label || x.runs.size() != y.runs.size() ||
            x.rules.size() != y.rules.size() || x.bookmarks.size() != y.bookmarks.size() || x.images.size() != y.images.size())
            return false;
        for (size_t i = 0; i < x.runs.size(); ++i) {
            const auto &r = x.runs[i], &s = y.runs[i];
            if (r.face != s.face || r.size != s.size || r.x != s.x || r.y != s.y || r.text != s.text ||
                r.char_spacing != s.char_spacing || r.bold != s.bold || r.width != s.width || r.angle != s.angle)
                return false;
        }
        for (size_t i = 0; i < x.rules.size(); ++i)
            if (x.rules[i].x1 != y.rules[i].x1 || x.rules[i].y2 != y.rules[i].y2 || x.rules[i].thickness != y.rules[i].thickness)
                return false;
        for (size_t i = 0; i < x.bookmarks.size(); ++i)
            if (x.bookmarks[i].title != y.bookmarks[i].title || x.bookmarks[i].level != y.bookmarks[i].level ||
                x.bookmarks[i].y != y.bookmarks[i].y)
                return false;
        for (size_t i = 0; i < x.images.size(); ++i)
            if (x.images[i].data != y.images[i].data || x.images[i].jpeg != y.images[i].jpeg ||
                x.images[i].height != y.images[i].height)
                return false;
    }
    return true;
}

}  // namespace

TEST_CASE("parked pages keep their size and label, drop their content, and get it back exactly") {
    const auto original = pages_to_park();
    auto pages = original;
    auto packed = layout::pack_content(pages);
    REQUIRE(pages.size() == 3);
    CHECK(pages[0].label == "1");
    CHECK(pages[1].width == 841.89);
    CHECK(pages[0].runs.empty());
    CHECK(pages[0].runs.capacity() == 0);  // the memory is given back, not just cleared
    CHECK(pages[2].images.empty());
    CHECK(packed.bytes.size() < 1000);     // 5,000 repeated letters deflate
    CHECK_FALSE(same_parked_pages(pages, original));
    layout::unpack_content(std::move(packed), pages);
    CHECK(same_parked_pages(pages, original));
    CHECK(pages[0].images[0].data == pages[2].images[0].data);  // one picture, still shared
}

TEST_CASE("damaged parked content is refused") {
    auto pages = pages_to_park();
    auto packed = layout::pack_content(pages);
    auto cut = packed;
    cut.bytes.resize(cut.bytes.size() / 2);
    CHECK_THROWS_AS(layout::unpack_content(std::move(cut), pages), std::runtime_error);
    auto too_few = pages;
    too_few.pop_back();  // unpacked into other pages than it was packed from
    CHECK_THROWS_AS(layout::unpack_content(std::move(packed), too_few), std::runtime_error);
}

TEST_CASE("pages parked plain within the budget come back exactly; beyond it they are deflated") {
    const auto original = pages_to_park();
    auto pages = original;
    std::atomic<size_t> budget{1'000'000};
    auto plain = layout::pack_content(pages, &budget);
    CHECK_FALSE(plain.deflated);
    CHECK(plain.bytes.size() == plain.plain_size);
    CHECK(budget.load() == 1'000'000 - plain.plain_size);  // what was kept plain is taken from the budget
    CHECK(pages[0].runs.empty());
    layout::unpack_content(std::move(plain), pages);
    CHECK(same_parked_pages(pages, original));

    std::atomic<size_t> small{100};  // less than these pages need: deflated, the budget untouched
    auto packed = layout::pack_content(pages, &small);
    CHECK(packed.deflated);
    CHECK(packed.bytes.size() < 1000);
    CHECK(small.load() == 100);
    layout::unpack_content(std::move(packed), pages);
    CHECK(same_parked_pages(pages, original));
}
