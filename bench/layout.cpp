// Benchmark: lay out ~3,800 pages of CJK text with the shipped fonts (HarfBuzz metrics) and print the
// time; then write them as PDF. Figures are printed, never asserted. Usage: bench_layout [paragraphs]
#include "document/markup_reader.hpp"
#include "jobs/resources.hpp"
#include "layout/layout.hpp"
#include "pdf/write_pdf.hpp"
#include "text/font_book.hpp"

#include <chrono>
#include <cstdlib>
#include <iostream>

using namespace dangan;

int main(int argc, char** argv) {
    const int paragraphs = argc > 1 ? std::atoi(argv[1]) : 7600;
    const std::string sentence = "党支部召开支部委员会会议，研究发展党员工作，2025年3月15日应到7人（实到6人）。";
    std::string xml = "<document><footer><p>第 <page-number/> 页 共 <page-count/> 页</p></footer>";
    for (int p = 0; p < paragraphs; ++p) {
        xml += "<p>";
        for (int s = 0; s < 7; ++s) xml += sentence;
        xml += "</p>";
    }
    xml += "</document>";
    auto fonts = text::FontBook::load(jobs::resource_root() / "fonts" / "fonts.json");
    using clock = std::chrono::steady_clock;
    auto t0 = clock::now();
    const auto document = document::read_markup(xml, "bench.xml");
    auto t1 = clock::now();
    const auto laid = layout::layout_document(document, fonts);
    auto t2 = clock::now();
    std::string bytes;
    pdf::write_pdf(laid, fonts, {}, bytes);
    auto t3 = clock::now();
    auto s = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
    std::cout << "layout bench: " << paragraphs << " paragraphs, " << laid.pages.size() << " pages; markup "
              << s(t0, t1) << " s, layout " << s(t1, t2) << " s (" << laid.pages.size() / s(t1, t2)
              << " pages/s), pdf " << s(t2, t3) << " s, " << bytes.size() / laid.pages.size() << " bytes/page\n";
}
