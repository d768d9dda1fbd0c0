// libdangan_pdf_reader.so: poppler's C++ API behind the C interface of pdf_reader.h.
#include "pdf_reader/pdf_reader.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <memory>
#include <string>

extern "C" __attribute__((visibility("default"))) int dangan_read_pdf_text(const char* path, int max_pages,
                                                                           DanganPdfText* out) {
    try {
        // poppler prints its syntax errors to stderr; a damaged file is reported once, by dangan.
        static const bool quiet = [] {
            poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
            return true;
        }();
        (void)quiet;
        std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path));
        if (!doc) return DANGAN_PDF_DAMAGED;
        if (doc->is_locked()) return DANGAN_PDF_LOCKED;
        out->pages = doc->pages();
        if (out->pages <= 0) return DANGAN_PDF_NO_PAGES;
        for (int i = 0; i < out->pages && i < max_pages; ++i) {
            std::unique_ptr<poppler::page> page(doc->create_page(i));
            if (!page) {
                out->bad_page = i + 1;
                return DANGAN_PDF_BAD_PAGE;
            }
            const auto bytes = page->text().to_utf8();
            out->page_text(out->context, bytes.data(), bytes.size());
        }
        return DANGAN_PDF_OK;
    } catch (...) {  // nothing may cross the C boundary
        return DANGAN_PDF_DAMAGED;
    }
}
