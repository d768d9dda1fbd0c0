// Turning each page's printed label (LaidOutPage::label) into PDF page-label ranges (PDF 1.7 §12.4.2),
// so a viewer shows "3" for the page printed "3", and "封面" or "" for unnumbered pages.
#pragma once

#include <string>
#include <vector>

namespace dangan::pdf {

/// One /PageLabels range: from `first_page` (0-based) on, labels are `prefix` followed by a number
/// in `style` counting up from `start`, until the next range.
struct PageLabelRange {
    enum class Style { none, decimal, upper_roman, lower_roman };
    int first_page = 0;
    Style style = Style::none;  ///< none: every page of the range shows just the prefix
    std::string prefix;         ///< UTF-8
    int start = 1;

    friend bool operator==(const PageLabelRange&, const PageLabelRange&) = default;
};

/// The fewest ranges that reproduce `labels` exactly. A label ending in a decimal number (without
/// a leading zero) becomes prefix + decimal ("3", "附3"); a whole-label roman numeral ("iv", "XII")
/// becomes roman; anything else ("— 1 —", "封面", "") becomes a prefix-only range. Consecutive pages
/// that continue the count share a range. Returns no ranges when every label is empty.
std::vector<PageLabelRange> plan_page_labels(const std::vector<std::string>& labels);

}  // namespace dangan::pdf
