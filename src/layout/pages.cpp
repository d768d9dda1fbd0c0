// The entry point: layout passes until the TOC's page numbers settle, then page finalization
// (numbers, 共 M 页, headers and footers) — the two-phase page model of Typst's pages/run.rs.
#include "layout/body.hpp"
#include "core/messages.hpp"
#include "layout/box.hpp"
#include "layout/inline.hpp"
#include "layout/layout.hpp"
#include "document/utf8.hpp"

#include <algorithm>
#include <optional>

namespace dangan::layout {
namespace {

/// Printed page numbers of one pass: label and the last number of each page's sequence.
struct PageNumbers {
    std::vector<std::string> label;  ///< empty for unnumbered pages
    std::vector<int> number;         ///< 0 for unnumbered pages
    std::vector<int> count;          ///< 共 M 页: the last number of the page's numbering sequence
};

PageNumbers number_pages(const document::Document& doc, const std::vector<BodyPage>& pages) {
    PageNumbers out;
    out.label.resize(pages.size());
    out.number.assign(pages.size(), 0);
    out.count.assign(pages.size(), 0);
    std::vector<int> sequence_of(pages.size(), -1);
    std::vector<int> sequence_last;
    int next = 1;
    size_t previous_section = static_cast<size_t>(-1);
    for (size_t p = 0; p < pages.size(); ++p) {
        // A document without sections still has one (empty) page, numbered like a default section.
        static const document::Section default_section;
        const document::Section& section =
            doc.sections.empty() ? default_section : doc.sections[pages[p].section];
        const bool section_start = pages[p].section != previous_section;
        previous_section = pages[p].section;
        if (section.numbering == document::Numbering::none) continue;
        if (sequence_last.empty() || (section_start && section.restart)) {
            if (section_start && section.restart) next = *section.restart;
            sequence_last.push_back(0);
        }
        sequence_of[p] = static_cast<int>(sequence_last.size()) - 1;
        out.number[p] = next;
        out.label[p] = std::to_string(next);
        sequence_last.back() = next++;
    }
    for (size_t p = 0; p < pages.size(); ++p) {
        if (sequence_of[p] >= 0) out.count[p] = sequence_last[sequence_of[p]];
    }
    return out;
}

void draw_footer(Engine& engine, const document::Document& doc, const document::PageSetup& setup, const Fields& fields,
                 int number, int book_number, LaidOutPage& page);

/// Header paragraphs end `distance` above the type area; footer paragraphs start `distance` below.
void finalize_page(Engine& engine, const document::Document& doc, LaidOutPage& page, int number, int count,
                   int book_number, int book_count, size_t total_pages) {
    const auto& setup = doc.page;
    const double measure = setup.width - setup.margin_left - setup.margin_right;
    const Fields fields{std::to_string(number), std::to_string(count), std::to_string(book_number),
                        std::to_string(book_count), std::to_string(total_pages)};
    if (!doc.header.paragraphs.empty()) {
        std::vector<Line> lines;
        for (const auto& paragraph : doc.header.paragraphs) {
            for (auto& line : layout_paragraph(engine, paragraph, measure, &fields)) lines.push_back(std::move(line));
        }
        double height = 0;
        for (const auto& line : lines) height += line.height;
        double y = std::min(setup.height - setup.margin_top + doc.header.distance + height,
                            setup.height - 10 * 72 / 25.4);
        for (const auto& line : lines) {
            place_line(line, setup.margin_left, y, page);
            y -= line.height;
        }
    }
    if (setup.width <= setup.height) {
        draw_footer(engine, doc, setup, fields, number, book_number, page);
        return;
    }
    // A landscape page is bound with the book's portrait pages, turned a quarter to the left (its top
    // at the binding edge, GB/T 9704 §8: 表头在订口一边 on odd and even pages): its footer and page
    // number are where a portrait page has them — on the left short side, reading top to bottom. The
    // footer is laid out on that portrait page (landscape top margin = portrait left, left = bottom),
    // then turned: portrait (u, v) is landscape (v, H − u) with the text at −90°.
    document::PageSetup turned = setup;
    turned.width = setup.height;
    turned.height = setup.width;
    turned.margin_left = setup.margin_top;
    turned.margin_right = setup.margin_bottom;
    turned.margin_bottom = setup.margin_left;
    turned.margin_top = setup.margin_right;
    LaidOutPage footer;
    draw_footer(engine, doc, turned, fields, number, book_number, footer);
    for (GlyphRun& run : footer.runs) {
        const double u = run.x, v = run.y;
        run.x = v;
        run.y = turned.width - u;
        run.angle = -90;
        page.runs.push_back(std::move(run));
    }
    for (Rule rule : footer.rules) {
        page.rules.push_back(Rule{rule.y1, turned.width - rule.x1, rule.y2, turned.width - rule.x2, rule.thickness});
    }
}

/// Draws the footer (its paragraphs and the GB/T 9704 number) of a page with `setup` onto `page`.
void draw_footer(Engine& engine, const document::Document& doc, const document::PageSetup& setup, const Fields& fields,
                 int number, int book_number, LaidOutPage& page) {
    const double measure = setup.width - setup.margin_left - setup.margin_right;
    // Office printers do not print the outer 5–8 mm of a sheet: every header and footer keeps at least
    // 10 mm from the paper edge, whatever margins and distance a template gives.
    constexpr double min_edge = 10 * 72 / 25.4;
    std::vector<Line> footer_lines;
    for (const auto& paragraph : doc.footer.paragraphs) {
        for (auto& line : layout_paragraph(engine, paragraph, measure, &fields)) footer_lines.push_back(std::move(line));
    }
    double footer_height = 0;
    for (const auto& line : footer_lines) footer_height += line.height;
    double y = std::max(setup.margin_bottom - doc.footer.distance, min_edge + footer_height);
    for (const auto& line : footer_lines) {
        place_line(line, setup.margin_left, y, page);
        y -= line.height;
    }
    if (doc.footer.gbt9704) {
        // GB/T 9704-2012 §7.5: 4号半角宋体阿拉伯数字, 一字线 on both sides, 7 mm below the type area;
        // odd pages flush right and even pages flush left, each inset one character (1 em of 4号).
        const document::TextStyle style{"宋体", 14, false};
        const core::Location nowhere;
        const bool book = doc.footer.book_scope;
        auto runs = shape_text(engine, style, "— " + (book ? fields.book_page_number : fields.page_number) + " —",
                               nowhere);
        double width = 0;
        for (const auto& run : runs) width += run.width;
        const double x = (book ? book_number : number) % 2 == 1 ? setup.width - setup.margin_right - style.size - width
                                         : setup.margin_left + style.size;
        const int face = runs.empty() ? 0 : runs.front().face;
        const double baseline = std::max(setup.margin_bottom - doc.footer.distance -
                                             engine.cache.ascender(face) / 1000.0 * style.size,
                                         min_edge - engine.cache.descender(face) / 1000.0 * style.size);
        for (auto& run : runs) {
            run.x += x;
            run.y = baseline;
            page.runs.push_back(std::move(run));
        }
    }
}

/// One line for the occurrences of missing characters beyond the first few reported ones.
void report_missing_summary(Engine& engine) {
    std::vector<std::pair<char32_t, int>> counts(engine.missing.begin(), engine.missing.end());
    std::sort(counts.begin(), counts.end());
    for (const auto& [cp, count] : counts) {
        if (count > Engine::missing_reported) {
            engine.warn(core::Location{},
                        core::tr("没有字体有字符 " + describe_character(cp) + "：另有 " +
                                     std::to_string(count - Engine::missing_reported) + " 处画成了〓",
                                 "no font has the character " + describe_character(cp) + ": " +
                                     std::to_string(count - Engine::missing_reported) + " more occurrences were drawn as 〓"));
        }
    }
}

/// Whether a header or footer prints a book-scope number.
bool prints_book_numbers(const document::Document& doc) {
    if (doc.footer.gbt9704 && doc.footer.book_scope) return true;
    for (const auto* part : {&doc.header, &doc.footer})
        for (const auto& paragraph : part->paragraphs)
            for (const auto& piece : paragraph.content)
                if (piece.kind == document::InlineKind::book_page_number ||
                    piece.kind == document::InlineKind::book_page_count)
                    return true;
    return false;
}

void set_keep_whole(Engine& engine, const std::vector<std::string>& words) {
    for (const auto& word : words) {
        std::u32string cps;
        for (size_t pos = 0; pos < word.size();) cps.push_back(document::next_code_point(word, pos));
        if (cps.size() < 2) continue;
        auto& list = engine.keep_whole[cps.front()];
        if (std::find(list.begin(), list.end(), cps) == list.end()) list.push_back(std::move(cps));
    }
    // Longer words first, so 欧阳晓燕 wins over 欧阳.
    for (auto& [first, list] : engine.keep_whole)
        std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

bool has_toc(const document::Document& doc) {
    for (const auto& section : doc.sections) {
        for (const auto& block : section.blocks) {
            if (std::holds_alternative<document::Toc>(block.content)) return true;
        }
    }
    return false;
}

}  // namespace

std::string PagedDocument::printed_label(size_t page, int first_page) const {
    const std::string& own = laid_out.pages[page].label;
    if (own.empty() || !book_numbers) return own;
    return std::to_string(first_page + static_cast<int>(page));
}

PagedDocument layout_pages(const document::Document& document, text::FontMetrics& fonts,
                           const LayoutOptions& options) {
    Engine engine(fonts, document);
    set_keep_whole(engine, options.keep_whole);
    const auto headings = collect_headings(document);
    const bool toc = has_toc(document);
    // The TOC prints page numbers that exist only after layout: lay out, read where the headings
    // landed, and repeat until the numbers stop changing (Typst's introspection loop).
    std::vector<std::string> toc_labels(headings.size(), "1");
    Body body;
    PageNumbers numbers;
    const int passes = std::max(1, options.max_passes);
    for (int pass = 1;; ++pass) {
        engine.start_pass();  // only the final pass's findings are reported
        body = layout_body(engine, headings, toc_labels);
        report_missing_summary(engine);
        numbers = number_pages(document, body.pages);
        std::vector<std::string> labels(headings.size());
        for (size_t h = 0; h < headings.size(); ++h) labels[h] = numbers.label[body.heading_pages[h]];
        if (!toc || labels == toc_labels) break;
        if (pass >= passes) {
            engine.warn(core::Location{},
                        core::tr("排版试了 " + std::to_string(passes) + " 遍仍未稳定：目录里的页码可能不对",
                                 "layout did not converge within " + std::to_string(passes) +
                                     " attempts: page numbers in the table of contents may be wrong"));
            break;
        }
        toc_labels = std::move(labels);
    }

    PagedDocument paged;
    LaidOutDocument& out = paged.laid_out;
    out.info.title = document.info.title;
    out.info.author = document.info.author;
    out.info.subject = document.info.subject;
    out.info.keywords = document.info.keywords;
    out.info.created = options.created;
    out.pages.reserve(body.pages.size());
    for (size_t p = 0; p < body.pages.size(); ++p) {
        LaidOutPage page = std::move(body.pages[p].page);
        page.label = numbers.label[p];
        // Boxes (the 归档章) print the document's page count, known now that the body is laid out: no
        // second layout run. They are placed here, while the document's parts are at hand; headers and
        // footers wait for finish_pages, which knows where the document lands in the book.
        const Fields box_fields{page.label, numbers.count[p] ? std::to_string(numbers.count[p]) : std::string(),
                                std::string(), std::string(), std::to_string(body.pages.size())};
        for (const auto* box : body.pages[p].boxes) place_box(engine, *box, box_fields, page);
        out.pages.push_back(std::move(page));
    }
    out.diagnostics = std::move(engine.diagnostics);
    paged.number = std::move(numbers.number);
    paged.count = std::move(numbers.count);
    paged.frame.info = document.info;
    paged.frame.page = document.page;
    paged.frame.header = document.header;
    paged.frame.footer = document.footer;
    paged.keep_whole = options.keep_whole;
    paged.book_numbers = prints_book_numbers(document);
    return paged;
}

LaidOutDocument finish_pages(PagedDocument&& paged, text::FontMetrics& fonts, const BookPlace& place) {
    LaidOutDocument out = std::move(paged.laid_out);
    const bool framed = !paged.frame.header.empty() || !paged.frame.footer.empty();
    const int book_pages = place.book_pages > 0 ? place.book_pages : static_cast<int>(out.pages.size());
    // Headers and footers get an engine of their own: one per document costs far less memory than
    // keeping each record's engine (and its caches) until the book knows where the record starts.
    std::optional<Engine> engine;
    for (size_t p = 0; p < out.pages.size(); ++p) {
        LaidOutPage& page = out.pages[p];
        // Unnumbered pages (covers) carry no header or footer.
        if (page.label.empty()) continue;
        const int book_number = place.first_page + static_cast<int>(p);
        if (framed) {
            if (!engine) {
                engine.emplace(fonts, paged.frame);
                set_keep_whole(*engine, paged.keep_whole);
            }
            finalize_page(*engine, paged.frame, page, paged.number[p], paged.count[p], book_number, book_pages,
                          out.pages.size());
        }
        if (paged.book_numbers) page.label = std::to_string(book_number);
    }
    if (engine)
        for (auto& d : engine->diagnostics) out.diagnostics.push_back(std::move(d));
    return out;
}

LaidOutDocument layout_document(const document::Document& document, text::FontMetrics& fonts,
                                const LayoutOptions& options) {
    return finish_pages(layout_pages(document, fonts, options), fonts);
}

}  // namespace dangan::layout
