// Fuzz target: markup → layout → PDF bytes (document::read_markup, layout::layout_document,
// pdf::write_pdf), the path of the internal errors issue #11 found (a font size over 600 pt, a table
// row taller than a page, very long books). Unusable markup must end in core::InputError; anything
// else — another exception, a crash, a hang, memory without bound — is a finding. The time and memory
// limits are libFuzzer's (-timeout, -rss_limit_mb in scripts/check-build.bash); inputs are cut at
// 16 KB and books beyond 400 pages are not written, so one input stays well inside them.
#include "core/diagnostic.hpp"
#include "document/markup_reader.hpp"
#include "layout/layout.hpp"
#include "pdf/write_pdf.hpp"
#include "text/font_book.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace {

dangan::text::FontBook& fonts() {
    // Loaded once: opening and indexing the fonts costs far more than one input.
    static auto book = std::make_unique<dangan::text::FontBook>(
        dangan::text::FontBook::load(std::string(DANGAN_SOURCE_DIR) + "/fonts/fonts.json"));
    return *book;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 16 * 1024) return 0;
    const std::string_view xml(reinterpret_cast<const char*>(data), size);
    try {
        const auto document = dangan::document::read_markup(xml, "fuzz.xml");
        const auto laid_out = dangan::layout::layout_document(document, fonts());
        if (laid_out.pages.size() > 400) return 0;
        std::string pdf;
        dangan::pdf::PdfOptions options;
        options.source_name = "fuzz.pdf";
        (void)dangan::pdf::write_pdf(laid_out, fonts(), options, pdf);
        if (pdf.compare(0, 5, "%PDF-") != 0) __builtin_trap();  // whatever was written must be a PDF
    } catch (const dangan::core::InputError&) {
        // Expected for unusable markup.
    }
    return 0;
}
