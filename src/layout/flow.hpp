// Flow: blocks onto pages (space before/after, keep-with-next, keep-together, widows/orphans,
// page breaks). Pages come out as bodies only; pages.cpp adds numbers, headers and footers.
#pragma once

#include "layout/engine.hpp"

#include <memory>
#include <vector>

namespace dangan::layout {

/// A page whose body is laid out but which does not yet know its page number (STYLE §(c)4).
struct BodyPage {
    LaidOutPage page;
    size_t section = 0;
    /// <box> blocks that occurred on this page: placed when the page is finalised (their fields,
    /// such as the document's page count, are not known before).
    std::vector<const document::Box*> boxes;
};

/// The page being filled and the geometry of the type area.
class Flow {
public:
    Flow(const document::PageSetup& setup) : setup_(setup) {}

    double left() const { return setup_.margin_left; }
    double measure() const { return setup_.width - setup_.margin_left - setup_.margin_right; }
    double body_height() const { return setup_.height - setup_.margin_top - setup_.margin_bottom; }
    /// PDF y of the top of the type area.
    double top() const { return setup_.height - setup_.margin_top; }

    /// Starts a page in `section`.
    void new_page(size_t section);
    /// Starts a page in the current section.
    void new_page() { new_page(section_); }
    bool page_empty() const { return cursor < 1e-6; }
    double remaining() const { return body_height() - cursor; }
    /// PDF y of the current position.
    double y() const { return top() - cursor; }
    LaidOutPage& page() { return pages.back().page; }
    size_t page_index() const { return pages.size() - 1; }

    std::vector<BodyPage> pages;
    double cursor = 0;  ///< height used on the current page, from the top of the type area

private:
    document::PageSetup setup_;
    size_t section_ = 0;
};

}  // namespace dangan::layout
