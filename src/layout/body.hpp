// Body layout: every section's blocks prepared (inline and table layout) and flowed onto pages.
#pragma once

#include "layout/flow.hpp"

#include <string>
#include <vector>

namespace dangan::layout {

/// Page bodies of one layout pass and where each heading landed.
struct Body {
    std::vector<BodyPage> pages;
    std::vector<size_t> heading_pages;  ///< page index of every heading, in document order
};

/// The headings of `document` in order (the TOC lists those with in_toc).
std::vector<const document::Heading*> collect_headings(const document::Document& document);

/// Lays out all section bodies. `toc_labels` are the page labels of the headings from the
/// previous pass (what the TOC prints in this pass).
Body layout_body(Engine& engine, const std::vector<const document::Heading*>& headings,
                 const std::vector<std::string>& toc_labels);

}  // namespace dangan::layout
