// A book numbered in one run: documents laid out up to their pages (layout_pages), front matter settled
// (settle_front), headers and footers drawn once every part knows its first page (finish_pages).
#include "layout/book.hpp"
#include "layout_helpers.hpp"

#include <catch2/catch.hpp>

using namespace dangan;
using namespace dangan::testing;

namespace {

/// 10 characters wide, 5 lines of 20 pt per page.
std::string book_doc(const std::string& content, const std::string& extra = "") {
    return "<document>" + narrow_page(10, 100) + "<style name=\"body\" indent=\"0pt\" line-pitch=\"20pt\"/>" + extra +
           content + "</document>";
}


layout::PagedDocument paged(const std::string& xml, FixedMetrics& fonts) {
    return layout::layout_pages(document::read_markup(xml, "t.xml"), fonts);
}

/// The last line of every page (the footer when it has one).
std::vector<std::string> last_lines(const layout::LaidOutDocument& laid) {
    std::vector<std::string> out(laid.pages.size());
    for (const auto& line : text_lines(laid)) out[line.page] = line.text;
    return out;
}

const std::string both_footers = "<footer><p><page-number/>/<page-count/> <page-number scope=\"book\"/>/"
                                 "<page-count scope=\"book\"/></p></footer>";

}  // namespace

TEST_CASE("scope=\"book\" prints the page's place in the book beside the document's own number") {
    FixedMetrics fonts;
    auto record = paged(book_doc(lines(5) + lines(5) + lines(1), both_footers), fonts);
    REQUIRE(record.pages() == 3);
    CHECK(record.book_numbers);
    CHECK(record.printed_label(0, 7) == "7");
    CHECK(record.printed_label(2, 7) == "9");
    const auto laid = layout::finish_pages(std::move(record), fonts, {7, 40});
    CHECK(last_lines(laid) == std::vector<std::string>{"1/3 7/40", "2/3 8/40", "3/3 9/40"});
    // The PDF page labels follow what the footer prints: the book's numbers.
    CHECK(laid.pages[0].label == "7");
    CHECK(laid.pages[2].label == "9");
}

TEST_CASE("a document printed alone is its own book") {
    FixedMetrics fonts;
    const auto laid = lay_out(book_doc(lines(5) + lines(1), both_footers), fonts);
    CHECK(last_lines(laid) == std::vector<std::string>{"1/2 1/2", "2/2 2/2"});
}

TEST_CASE("without scope=\"book\" the labels stay the document's own") {
    FixedMetrics fonts;
    auto record = paged(book_doc(lines(5) + lines(1), "<footer><p><page-number/></p></footer>"), fonts);
    CHECK_FALSE(record.book_numbers);
    CHECK(record.printed_label(1, 30) == "2");
    const auto laid = layout::finish_pages(std::move(record), fonts, {30, 40});
    CHECK(laid.pages[1].label == "2");
    CHECK(last_lines(laid)[1] == "2");
}

TEST_CASE("gbt9704 footers with scope=\"book\": — N — through the book, outer edge by the book's page") {
    FixedMetrics fonts;
    auto record = paged(book_doc(lines(5) + lines(1), "<footer style=\"gbt9704\" scope=\"book\"/>"), fonts);
    const auto laid = layout::finish_pages(std::move(record), fonts, {4, 10});
    REQUIRE(laid.pages.size() == 2);
    CHECK(laid.pages[0].runs.back().text == "— 4 —");
    CHECK(laid.pages[1].runs.back().text == "— 5 —");
    // Page 4 of the book is even: flush left, one character in; page 5 odd: flush right.
    CHECK(laid.pages[0].runs.back().x == Approx(50 + 14));
    const auto& odd = laid.pages[1].runs.back();
    CHECK(odd.x + odd.width == Approx(210 - 14));
}

TEST_CASE("scope=\"book\" in a <box> is refused: a box is placed before the book is paginated") {
    try {
        document::read_markup(book_doc("<box corner=\"top-right\" x=\"10mm\" y=\"10mm\" width=\"40mm\"><p>"
                                       "<page-number scope=\"book\"/></p></box>" + lines(1)),
                              "t.xml");
        FAIL("no error");
    } catch (const core::InputError& e) {
        CHECK(std::string(e.what()).find("不能用在 <box> 里") != std::string::npos);
    }
    // The document's own numbers are fine there.
    CHECK_NOTHROW(document::read_markup(
        book_doc("<box corner=\"top-right\" x=\"10mm\" y=\"10mm\" width=\"40mm\"><p><page-number/></p></box>" +
                 lines(1)),
        "t.xml"));
}

TEST_CASE("a bad scope is refused with the allowed values") {
    try {
        document::read_markup(book_doc(lines(1), "<footer><p><page-number scope=\"volume\"/></p></footer>"), "t.xml");
        FAIL("no error");
    } catch (const core::InputError& e) {
        CHECK(std::string(e.what()).find("document 或 book") != std::string::npos);
    }
}

TEST_CASE("a catalogue that grows to a second page moves every record, and its page numbers still point at them") {
    FixedMetrics fonts;
    // Records of 2, 1 and 3 pages, each numbering itself through the book.
    const std::vector<int> record_lines = {6, 5, 11};
    std::vector<layout::PagedDocument> records;
    for (int n : record_lines) {
        std::string body;
        for (int i = 0; i < n; ++i) body += lines(1);
        records.push_back(paged(book_doc("<p>第" + std::to_string(records.size() + 1) + "件</p>" + body,
                                    "<footer><p><page-number scope=\"book\"/></p></footer>"),
                                fonts));
    }
    REQUIRE(records[0].pages() == 2);
    REQUIRE(records[1].pages() == 2);
    REQUIRE(records[2].pages() == 3);
    std::vector<int> first(records.size());
    std::vector<int> assumed;
    // A 目录 of one row per record plus 4 lines of heading: 7 lines, two pages of 5 — more than the guess.
    const auto front = layout::settle_front(
        [&](int front_pages) {
            assumed.push_back(front_pages);
            int next = front_pages + 1;
            std::string rows = lines(1) + lines(1) + lines(1) + lines(1);
            for (size_t i = 0; i < records.size(); ++i) {
                first[i] = next;
                next += static_cast<int>(records[i].pages());
                rows += "<p>第" + std::to_string(i + 1) + "件 " + std::to_string(first[i]) + "</p>";
            }
            std::vector<layout::PagedDocument> parts;
            parts.push_back(paged(book_doc(rows, "<footer><p><page-number scope=\"book\"/></p></footer>"), fonts));
            return parts;
        },
        1);
    CHECK(front.settled);
    CHECK(front.pages == 2);
    CHECK(assumed == std::vector<int>{1, 2});
    CHECK(first == std::vector<int>{3, 5, 7});

    // Bind the book and read it back: each 目录 row's number is the page whose text begins that record,
    // and every footer is the physical page.
    layout::LaidOutDocument book;
    auto bind = [&](layout::PagedDocument&& part, int at) {
        auto laid = layout::finish_pages(std::move(part), fonts, {at, 9});
        for (auto& page : laid.pages) book.pages.push_back(std::move(page));
    };
    bind(layout::PagedDocument(front.parts[0]), 1);
    for (size_t i = 0; i < records.size(); ++i) bind(std::move(records[i]), first[i]);
    REQUIRE(book.pages.size() == 9);
    const auto footers = last_lines(book);
    for (size_t p = 0; p < book.pages.size(); ++p) {
        CAPTURE(p);
        CHECK(footers[p] == std::to_string(p + 1));
        CHECK(book.pages[p].label == std::to_string(p + 1));
    }
    int rows = 0;
    for (const auto& line : text_lines(book)) {
        if (line.page >= 2 || line.text.rfind("第", 0) != 0 || line.text.find(' ') == std::string::npos) continue;
        const std::string title = line.text.substr(0, line.text.find(' '));
        const int target = std::stoi(line.text.substr(line.text.find(' ') + 1));
        CAPTURE(line.text);
        bool starts_there = false;
        for (const auto& l : text_lines(book))
            if (l.page == static_cast<size_t>(target - 1) && l.text == title) starts_there = true;
        CHECK(starts_there);
        ++rows;
    }
    CHECK(rows == 3);
}

TEST_CASE("front matter that never settles is reported, not looped on") {
    FixedMetrics fonts;
    int calls = 0;
    // A front that always takes one page more than it was told.
    const auto front = layout::settle_front(
        [&](int front_pages) {
            ++calls;
            std::string body;
            for (int i = 0; i < 5 * front_pages + 1; ++i) body += lines(1);
            std::vector<layout::PagedDocument> parts;
            parts.push_back(paged(book_doc(body), fonts));
            return parts;
        },
        1, 4);
    CHECK_FALSE(front.settled);
    CHECK(calls == 4);
    CHECK(front.passes == 4);
}
