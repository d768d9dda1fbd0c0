// Optional OCR of scanned minutes (`audit --ocr`): the text of a .jpg/.png page through Tesseract with its
// Simplified Chinese model (Debian tesseract-ocr + tesseract-ocr-chi-sim).
//
// We run the `tesseract` command rather than link libtesseract: OCR costs one to several seconds a page,
// so starting a process is noise; a page that makes Tesseract crash or run away (a 60 s limit) costs that
// page only, never the audit; dangan builds and runs without Tesseract, which only `--ocr` needs; and
// Tesseract's own threads are kept to one (OMP_THREAD_LIMIT=1) because audit already opens one document
// per core.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace dangan::inspect {

/// Whether OCR can run: `tesseract` is on PATH and knows chi_sim. Empty when it can; else why not, in
/// Chinese, with the packages to install.
std::string ocr_unavailable();

struct OcrText {
    bool read = false;               ///< Tesseract ran and exited 0
    std::string problem;             ///< why not (Chinese)
    std::vector<std::string> lines;  ///< non-empty lines, NFKC-normalised, white space removed (Chinese
                                     ///< text has none; Tesseract puts it between characters)
};

/// Reads the text of one image with Tesseract's page segmentation mode `page_mode` (6: one uniform block
/// of text, best on our pages; 3: automatic layout). Never throws.
OcrText ocr_image(const std::filesystem::path& image, int page_mode = 6);

}  // namespace dangan::inspect
