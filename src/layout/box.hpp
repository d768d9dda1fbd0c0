// Boxes (<box>): content placed from a corner of the page, outside the flow — the 归档章 of DA/T
// 22-2015 top right of a 件's first page. Placed when the page is finalised, like headers and footers,
// because a box may print fields known only then (<item-pages/>: the document's page count).
#pragma once

#include "layout/engine.hpp"

namespace dangan::layout {

/// Lays out `box` in its width and adds its runs and rules to `page` at the box's corner. Field
/// elements in it (also in its table cells) take their text from `fields`. A box taller than the page
/// is cut at the page's height, with a warning.
void place_box(Engine& engine, const document::Box& box, const Fields& fields, LaidOutPage& page);

}  // namespace dangan::layout
