// Shared helpers for layout tests: markup in, laid-out document and plain line texts out.
#pragma once

#include "document/markup_reader.hpp"
#include "layout/layout.hpp"
#include "support/fixed_metrics.hpp"

#include <string>
#include <vector>

namespace dangan::testing {

/// A page whose type area is exactly `chars` 16 pt characters wide (margins trimmed to fit).
inline std::string narrow_page(int chars, double body_height_pt = 0) {
    const double width = 595.276;
    const double left = 50, right = width - left - 16.0 * chars;
    std::string page = "<page margin-left=\"" + std::to_string(left) + "pt\" margin-right=\"" + std::to_string(right) + "pt\"";
    if (body_height_pt > 0) {
        const double top = 50, bottom = 841.890 - top - body_height_pt;
        page += " margin-top=\"" + std::to_string(top) + "pt\" margin-bottom=\"" + std::to_string(bottom) + "pt\"";
    }
    return page + "/>";
}

/// `s` written `n` times.
inline std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

inline layout::LaidOutDocument lay_out(const std::string& xml, FixedMetrics& fonts) {
    return layout::layout_document(document::read_markup(xml, "t.xml"), fonts);
}

/// Text of each line on each page in reading order: runs grouped by baseline (top to bottom).
struct TextLine {
    size_t page = 0;
    double y = 0;
    double x_begin = 0, x_end = 0;  ///< from the first run's x to the last run's x + width
    std::string text;
};

inline std::vector<TextLine> text_lines(const layout::LaidOutDocument& doc) {
    std::vector<TextLine> out;
    for (size_t p = 0; p < doc.pages.size(); ++p) {
        for (const auto& run : doc.pages[p].runs) {
            if (!out.empty() && out.back().page == p && std::abs(out.back().y - run.y) < 1e-6) {
                out.back().text += run.text;
                out.back().x_end = run.x + run.width;
            } else {
                out.push_back({p, run.y, run.x, run.x + run.width, run.text});
            }
        }
    }
    return out;
}

/// `count` full lines of a 10-character measure, as one paragraph.
inline std::string lines(int count, const char* ch = "一") { return "<p>" + repeat(ch, 10 * count) + "</p>"; }

}  // namespace dangan::testing
