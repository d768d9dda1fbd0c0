/* The PDF reader module's C interface (libdangan_pdf_reader.so, loaded by inspect/document.cpp when audit
 * first opens a PDF). poppler and the libraries it pulls in (nss, lcms2, libtiff, openjpeg …, about twenty)
 * are loaded only then: linked into the program, the dynamic loader resolved their symbols at every start
 * of every command, about 9 ms of the 65 ms `dangan check` took on the sample branch. C, not C++, across the
 * boundary, so that nothing of dangan's own (and none of its global state) is in the module twice. */
#ifndef DANGAN_PDF_READER_H
#define DANGAN_PDF_READER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum DanganPdfStatus {
    DANGAN_PDF_OK = 0,        /* text read */
    DANGAN_PDF_DAMAGED = 1,   /* poppler could not open the file */
    DANGAN_PDF_LOCKED = 2,    /* password protected */
    DANGAN_PDF_NO_PAGES = 3,  /* opened, but without a page */
    DANGAN_PDF_BAD_PAGE = 4   /* page `bad_page` (1-based) could not be read */
};

struct DanganPdfText {
    int pages;     /* out: the document's page count (when it opened) */
    int bad_page;  /* out: with DANGAN_PDF_BAD_PAGE */
    /* in: called once per page read, with its text in UTF-8 (not NUL-terminated) */
    void (*page_text)(void* context, const char* utf8, size_t size);
    void* context;
};

/* Opens `path` and passes the text of its first `max_pages` pages to out->page_text. */
typedef int (*DanganReadPdfText)(const char* path, int max_pages, struct DanganPdfText* out);
int dangan_read_pdf_text(const char* path, int max_pages, struct DanganPdfText* out);

#ifdef __cplusplus
}
#endif

#endif
