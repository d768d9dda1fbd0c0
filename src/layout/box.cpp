#include "layout/box.hpp"
#include "core/messages.hpp"

#include "layout/inline.hpp"
#include "layout/table.hpp"

#include <algorithm>
#include <limits>

namespace dangan::layout {

void place_box(Engine& engine, const document::Box& box, const Fields& fields, LaidOutPage& page) {
    // Lay the content out as a flow whose type area is the box itself (left and top at the page's
    // origin, as tall as the page), then move what it drew to the corner: tables keep all their
    // rules (borders, spans, padding) without a second table placer.
    document::PageSetup area;
    area.width = page.width;
    area.height = page.height;
    area.margin_left = 0;
    area.margin_top = 0;
    area.margin_bottom = 0;
    area.margin_right = std::max(0.0, page.width - box.width);
    Flow flow(area);
    flow.new_page(0);
    const Fields* saved = engine.box_fields;
    engine.box_fields = &fields;
    for (const auto& item : box.content) {
        if (const auto* paragraph = std::get_if<document::Paragraph>(&item)) {
            flow.cursor += paragraph->style.space_before;
            for (auto& line : layout_paragraph(engine, *paragraph, box.width, &fields)) {
                const double height = line.height;
                place_line(std::move(line), 0, flow.y(), flow.page());
                flow.cursor += height;
            }
            flow.cursor += paragraph->style.space_after;
        } else if (const auto* table = std::get_if<document::Table>(&item)) {
            place_table(engine, flow, prepare_table(engine, *table, box.width, true, box.where));
        }
    }
    engine.box_fields = saved;
    if (flow.pages.size() > 1) {
        engine.warn(box.where, core::tr("<box> 的内容高于一页，只画出了第一页高的部分",
                                        "the <box> is taller than the page; only its first page-height is drawn"));
        flow.pages.resize(1);
        flow.cursor = flow.body_height();
    }
    const double height = flow.cursor;
    const bool right = box.corner == document::Corner::top_right || box.corner == document::Corner::bottom_right;
    const bool top = box.corner == document::Corner::top_right || box.corner == document::Corner::top_left;
    const double left = right ? page.width - box.x - box.width : box.x;
    const double top_y = top ? page.height - box.y : box.y + height;
    // The flow drew with its top at page.height and its left at 0.
    const double dx = left, dy = top_y - page.height;
    LaidOutPage& drawn = flow.pages.front().page;
    for (auto& run : drawn.runs) {
        run.x += dx;
        run.y += dy;
        page.runs.push_back(std::move(run));
    }
    for (auto rule : drawn.rules) {
        rule.x1 += dx;
        rule.x2 += dx;
        rule.y1 += dy;
        rule.y2 += dy;
        page.rules.push_back(rule);
    }
}

}  // namespace dangan::layout
