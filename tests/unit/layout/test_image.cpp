// <image>: a block of the size asked (or from the picture's proportions), aligned in the measure,
// never split, starting a new page when it does not fit; left out with a warning when not loaded.
#include "layout_helpers.hpp"

#include <catch2/catch.hpp>

#include <memory>

using namespace dangan;
using namespace dangan::testing;

namespace {

/// 10 characters (160 pt) wide and 100 pt high; every <image> gets 200 × 100 pixels of "data".
layout::LaidOutDocument lay_out_with_picture(const std::string& content) {
    static FixedMetrics fonts;
    auto doc = document::read_markup("<document>" + narrow_page(10, 100) +
                                         "<style name=\"body\" indent=\"0pt\" line-pitch=\"20pt\"/>" + content +
                                         "</document>",
                                     "t.xml");
    for (auto& section : doc.sections)
        for (auto& block : section.blocks)
            if (auto* image = std::get_if<document::Image>(&block.content)) {
                image->data = std::make_shared<const std::string>("picture");
                image->pixel_width = 200;
                image->pixel_height = 100;
            }
    return layout::layout_document(doc, fonts);
}

}  // namespace

TEST_CASE("an image keeps its proportions, is aligned in the measure and takes its height in the flow") {
    const auto laid = lay_out_with_picture("<image src=\"a.png\" width=\"80pt\"/><p>一</p>");
    REQUIRE(laid.pages.size() == 1);
    REQUIRE(laid.pages[0].images.size() == 1);
    const auto& image = laid.pages[0].images[0];
    CHECK(image.width == Approx(80));
    CHECK(image.height == Approx(40));
    CHECK(image.x == Approx(50 + 40));  // centred in 160 pt from the left margin of 50 pt
    CHECK(image.y == Approx(841.890 - 50 - 40));
    const auto lines = text_lines(laid);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].y < image.y);  // the paragraph comes below the picture
    CHECK(!image.jpeg);
    CHECK(*image.data == "picture");
}

TEST_CASE("an image wider than the measure is scaled down; left and right alignment") {
    auto laid = lay_out_with_picture("<image src=\"a.png\" width=\"400pt\" align=\"left\"/>");
    REQUIRE(laid.pages[0].images.size() == 1);
    CHECK(laid.pages[0].images[0].width == Approx(160));
    CHECK(laid.pages[0].images[0].height == Approx(80));
    CHECK(laid.pages[0].images[0].x == Approx(50));
    laid = lay_out_with_picture("<image src=\"a.png\" height=\"20pt\" align=\"right\"/>");
    CHECK(laid.pages[0].images[0].width == Approx(40));
    CHECK(laid.pages[0].images[0].x == Approx(50 + 160 - 40));
}

TEST_CASE("an image that does not fit below the text starts a new page, whole") {
    const auto laid = lay_out_with_picture("<p>" + repeat("一", 40) + "</p><image src=\"a.png\" width=\"100pt\"/>");
    REQUIRE(laid.pages.size() == 2);
    CHECK(laid.pages[0].images.empty());
    REQUIRE(laid.pages[1].images.size() == 1);
    CHECK(laid.pages[1].images[0].y == Approx(841.890 - 50 - 50));
}

TEST_CASE("an image nobody loaded is left out with a warning naming it") {
    static FixedMetrics fonts;
    const auto laid = layout::layout_document(
        document::read_markup("<document><image src=\"logo.png\" width=\"10mm\"/></document>", "t.xml"), fonts);
    CHECK(laid.pages[0].images.empty());
    REQUIRE(laid.diagnostics.size() == 1);
    CHECK(laid.diagnostics[0].message.find("logo.png") != std::string::npos);
}
