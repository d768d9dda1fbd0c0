#include "pdf/haru.hpp"

#include <cstdio>
#include <utility>

namespace dangan::pdf {
namespace {

std::string hex(unsigned long code) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%04lX", code);
    return buf;
}

}  // namespace

std::string haru_error_reason(unsigned long code) {
    // The codes libharu 2.3 can raise on the paths dangan uses; hpdf_error.h has only the names.
    switch (code) {
    case HPDF_FAILD_TO_ALLOC_MEM: return "out of memory";
    case HPDF_DICT_ITEM_NOT_FOUND: return "a dictionary entry is missing";
    case HPDF_FILE_IO_ERROR: return "a file could not be read or written";
    case HPDF_FILE_OPEN_ERROR: return "a file could not be opened";
    case HPDF_FONT_EXISTS: return "a font with this name is already loaded";
    case HPDF_INVALID_DATE_TIME: return "the date is out of range";
    case HPDF_INVALID_DESTINATION: return "invalid bookmark destination";
    case HPDF_INVALID_DOCUMENT: return "invalid document handle";
    case HPDF_INVALID_DOCUMENT_STATE: return "the document is in a state that does not allow this";
    case HPDF_INVALID_ENCODER: return "invalid encoder";
    case HPDF_ARRAY_COUNT_ERR: return "a PDF array grew past libharu's limit of 32,767 entries";
    case HPDF_INVALID_ENCODING_NAME: return "unknown encoding name (UTF-8 needs HPDF_UseUTFEncodings)";
    case HPDF_INVALID_FONTDEF_DATA: return "the font data is invalid";
    case HPDF_INVALID_FONT_NAME: return "unknown font name";
    case HPDF_INVALID_OBJECT: return "a required object is missing";
    case HPDF_INVALID_OUTLINE: return "invalid bookmark";
    case HPDF_INVALID_PAGE: return "invalid page";
    case HPDF_INVALID_PARAMETER: return "a parameter is out of range";
    case HPDF_INVALID_TTC_FILE: return "the font collection (.ttc) is invalid";
    case HPDF_INVALID_TTC_INDEX: return "the face index is out of range for the font collection";
    case HPDF_PAGE_FONT_NOT_FOUND: return "no font is set on the page";
    case HPDF_PAGE_INVALID_FONT: return "invalid font";
    case HPDF_PAGE_INVALID_FONT_SIZE: return "the font size is out of range (0 < size <= 600)";
    case HPDF_PAGE_INVALID_GMODE: return "the drawing operation is not allowed in the current graphics mode";
    case HPDF_PAGE_INVALID_SIZE: return "the page size is out of range (3 to 14400 points)";
    case HPDF_PAGE_NUM_STYLE_OUT_OF_RANGE: return "invalid page label style";
    case HPDF_REAL_OUT_OF_RANGE: return "a number is out of the range libharu accepts";
    case HPDF_STRING_OUT_OF_RANGE: return "a string is too long";
    case HPDF_TTF_CANNOT_EMBEDDING_FONT: return "the font's licence flags (OS/2 fsType) forbid embedding";
    case HPDF_TTF_INVALID_CMAP: return "the font has no usable Unicode character map (cmap 3,1 format 4)";
    case HPDF_TTF_INVALID_FOMAT: return "the file is not a TrueType font libharu can read";
    case HPDF_TTF_MISSING_TABLE: return "the TrueType font lacks a table libharu needs";
    case HPDF_UNSUPPORTED_FONT_TYPE: return "unsupported font type";
    case HPDF_ZLIB_ERROR: return "compression (zlib) failed";
    case HPDF_STREAM_EOF: return "unexpected end of data";
    default: return "unknown libharu error";
    }
}

HaruError::HaruError(std::string operation, unsigned long code, unsigned long detail)
    : std::runtime_error("libharu error " + hex(code) + " (detail " + std::to_string(detail) + ") in " +
                         operation + ": " + haru_error_reason(code)),
      code_(code),
      detail_(detail) {}

void HaruDoc::on_error(HPDF_STATUS code, HPDF_STATUS detail, void* self) {
    auto* doc = static_cast<HaruDoc*>(self);
    if (doc->error_ == 0) {  // keep the first: later ones are usually consequences
        doc->error_ = code;
        doc->detail_ = detail;
    }
}

HaruDoc::HaruDoc() {
    doc_ = HPDF_New(&HaruDoc::on_error, this);
    if (!doc_) throw HaruError("HPDF_New", HPDF_FAILD_TO_ALLOC_MEM, 0);
}

HaruDoc::~HaruDoc() {
    if (doc_) HPDF_Free(doc_);
}

void HaruDoc::check(HPDF_STATUS status, const char* operation) {
    if (status == HPDF_OK && error_ == 0) return;
    const unsigned long code = error_ ? error_ : status;
    const unsigned long detail = detail_;
    error_ = detail_ = 0;
    HPDF_ResetError(doc_);
    throw HaruError(operation, code, detail);
}

}  // namespace dangan::pdf
