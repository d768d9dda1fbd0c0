// Opening the documents of a hand-made archive: does the file open as what its extension says, and
// what text does it hold. Word (.docx) and Excel (.xlsx) files are zip packages of XML (Poco::Zip +
// Poco::XML), PDFs are read with poppler's C++ API (in the module src/pdf_reader, loaded on first use),
// images are judged by their headers (a scan cut off in transfer lacks its end marker). Other kinds are
// not opened.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace dangan::inspect {

struct DocumentText {
    bool known = false;    ///< the extension is one this module opens
    bool opened = false;   ///< the file opened as that kind
    std::string problem;   ///< why not (Chinese, for the report)
    std::string detail;    ///< the library's own message behind `problem` (English), for the JSON only
    std::vector<std::string> lines;  ///< the text, one paragraph or PDF line each (empty for images)
    int pages = 0;         ///< PDF pages
};

/// Opens `path` by its extension (case-insensitive: docx, xlsx, pdf, jpg/jpeg, png). Never throws:
/// a damaged file gives opened = false and the problem.
DocumentText read_document(const std::filesystem::path& path);

/// Whether read_document opens files named so (by extension).
bool is_inspectable(const std::string& file_name);

}  // namespace dangan::inspect
