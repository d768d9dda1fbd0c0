#include "inspect/document.hpp"

#include "core/messages.hpp"

#include <Poco/Exception.h>
#include <Poco/SAX/Attributes.h>
#include <Poco/SAX/SAXException.h>
#include <Poco/SAX/ContentHandler.h>
#include <Poco/SAX/InputSource.h>
#include <Poco/SAX/SAXParser.h>
#include <Poco/XML/XMLString.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include "pdf_reader/pdf_reader.h"

#include <dlfcn.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace dangan::inspect {

namespace {

std::string extension_of(const std::string& name) {
    const auto dot = name.rfind('.');
    if (dot == std::string::npos) return "";
    std::string ext = name.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

/// Collects the text of WordprocessingML (<w:t> runs, a line per <w:p>) or SpreadsheetML (<t> and
/// <v> cells, a line per <row>/<si>).
class TextCollector : public Poco::XML::ContentHandler {
public:
    explicit TextCollector(std::vector<std::string>& lines) : lines_(lines) {}

    void startElement(const Poco::XML::XMLString&, const Poco::XML::XMLString& local, const Poco::XML::XMLString&,
                      const Poco::XML::Attributes&) override {
        if (local == "t" || local == "v") in_text_ = true;
        if (local == "tab") current_ += ' ';
    }
    void endElement(const Poco::XML::XMLString&, const Poco::XML::XMLString& local, const Poco::XML::XMLString&) override {
        if (local == "t" || local == "v") {
            in_text_ = false;
            if (!current_.empty() && current_.back() != ' ' && local == "v") current_ += ' ';
        }
        if (local == "p" || local == "row" || local == "si") flush();
    }
    void characters(const Poco::XML::XMLChar ch[], int start, int length) override {
        if (in_text_) current_.append(ch + start, static_cast<size_t>(length));
    }
    void endDocument() override { flush(); }
    void setDocumentLocator(const Poco::XML::Locator*) override {}
    void startDocument() override {}
    void ignorableWhitespace(const Poco::XML::XMLChar[], int, int) override {}
    void processingInstruction(const Poco::XML::XMLString&, const Poco::XML::XMLString&) override {}
    void startPrefixMapping(const Poco::XML::XMLString&, const Poco::XML::XMLString&) override {}
    void endPrefixMapping(const Poco::XML::XMLString&) override {}
    void skippedEntity(const Poco::XML::XMLString&) override {}

private:
    void flush() {
        if (!current_.empty()) lines_.push_back(current_);
        current_.clear();
    }
    std::vector<std::string>& lines_;
    std::string current_;
    bool in_text_ = false;
};

/// Why a .docx/.xlsx does not open, in words a 党务工作者 can act on, from what the file's bytes show
/// (the zip reader's own message is English and says "Failed to seek on input stream" for most of them).
/// Whether the zip package ends with its end-of-central-directory record (PK\x05\x06, at the very end
/// unless a comment follows it, so the last 22 bytes are read first and the last 64 KB only if needed).
/// Poco reads the entries from the front and can open a file cut off near its end, which Word cannot.
bool has_zip_end(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::streamoff>(in.tellg());
    for (std::streamoff tail : {std::min<std::streamoff>(size, 22), std::min<std::streamoff>(size, 65557)}) {
        std::string end(static_cast<size_t>(tail), '\0');
        in.seekg(size - tail);
        in.read(end.data(), tail);
        if (end.find("PK\x05\x06") != std::string::npos) return true;
    }
    return false;
}

/// `stage`: what failed — the XML of the main part, a missing main part, or reading the zip.
enum class PackageStage { xml, missing_part, zip };
std::string package_problem(const std::filesystem::path& path, const std::string& ext, PackageStage stage) {
    const std::string what = ext == "docx" ? "Word 文档（.docx）" : "Excel 工作簿（.xlsx）";
    std::ifstream in(path, std::ios::binary);
    std::string head(8, '\0');
    in.read(head.data(), 8);
    head.resize(static_cast<size_t>(in.gcount()));
    if (head.rfind("\xD0\xCF\x11\xE0", 0) == 0)
        return what + "实际是旧版 Office 97-2003 格式（" + (ext == "docx" ? ".doc" : ".xls") +
               "），扩展名不对（用 Office 打开后另存为" + (ext == "docx" ? " .docx" : " .xlsx") + "）";
    if (head.rfind("PK", 0) != 0) return "不是有效的" + what + "：文件开头不是 zip 压缩包（可能已损坏或扩展名有误）";
    // A zip package ends with its central directory: a file cut off in copying or downloading lacks it.
    if (!has_zip_end(path))
        return what + "不完整：文件被截断（缺少末尾的 zip 目录，可能在复制或下载时中断）";
    if (stage == PackageStage::xml) return what + "的正文内容已损坏（其中的 XML 无法解析）";
    if (stage == PackageStage::missing_part)
        return ext == "docx" ? "不是完整的 Word 文档（压缩包中缺少正文 word/document.xml）"
                             : "不是完整的 Excel 工作簿（压缩包中缺少工作表）";
    return what + "的 zip 压缩数据已损坏，无法解压";
}

void read_package(const std::filesystem::path& path, const std::string& ext, DocumentText& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        out.problem = "无法打开文件";
        return;
    }
    try {
        // The central directory sits at the end: a file cut off in copying fails here.
        Poco::Zip::ZipArchive archive(in);
        const std::vector<std::string> parts =
            ext == "docx" ? std::vector<std::string>{"word/document.xml"}
                          : std::vector<std::string>{"xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"};
        bool found_main = false;
        for (const auto& part : parts) {
            const auto it = archive.findHeader(part);
            if (it == archive.headerEnd()) continue;
            found_main = found_main || part != "xl/sharedStrings.xml";
            in.clear();
            Poco::Zip::ZipInputStream zin(in, it->second);
            Poco::XML::InputSource source(zin);
            Poco::XML::SAXParser parser;
            parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, true);
            TextCollector collector(out.lines);
            parser.setContentHandler(&collector);
            parser.parse(&source);
        }
        if (!found_main) {
            out.problem = package_problem(path, ext, PackageStage::missing_part);
            out.lines.clear();
            return;
        }
        if (!has_zip_end(path)) {
            out.problem = package_problem(path, ext, PackageStage::zip);
            out.lines.clear();
            return;
        }
        out.opened = true;
    } catch (const Poco::XML::SAXParseException& e) {
        out.problem = package_problem(path, ext, PackageStage::xml);
        out.detail = e.displayText();
        out.lines.clear();
    } catch (const Poco::Exception& e) {
        out.problem = package_problem(path, ext, PackageStage::zip);
        out.detail = e.displayText();
        out.lines.clear();
    } catch (const std::exception& e) {
        out.problem = package_problem(path, ext, PackageStage::zip);
        out.detail = e.what();
        out.lines.clear();
    }
}

/// The PDF reader module (src/pdf_reader), loaded the first time a PDF is read: next to the program, else
/// where the build wrote it. Null, with the reason, when it cannot be loaded.
struct PdfReaderModule {
    DanganReadPdfText read = nullptr;
    std::string problem;
};

const PdfReaderModule& pdf_reader_module() {
    static const PdfReaderModule module = [] {
        PdfReaderModule m;
        std::vector<std::filesystem::path> candidates;
        std::error_code ec;
        const auto program = std::filesystem::read_symlink("/proc/self/exe", ec);
        if (!ec) candidates.push_back(program.parent_path() / "libdangan_pdf_reader.so");
        candidates.emplace_back(DANGAN_PDF_READER_FILE);
        std::string errors;
        for (const auto& file : candidates) {
            if (!std::filesystem::exists(file, ec)) continue;
            void* handle = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
            if (!handle) {
                if (const char* e = ::dlerror()) errors += std::string("；") + e;
                continue;
            }
            m.read = reinterpret_cast<DanganReadPdfText>(::dlsym(handle, "dangan_read_pdf_text"));
            if (m.read) return m;
        }
        m.problem = "无法读取 PDF：找不到 dangan 的 PDF 读取模块 libdangan_pdf_reader.so（应在 dangan 程序旁边，"
                    "重新运行 make build 会生成它）" + errors;
        return m;
    }();
    return module;
}

void read_pdf(const std::filesystem::path& path, DocumentText& out) {
    const auto& module = pdf_reader_module();
    if (!module.read) {
        out.problem = module.problem;
        return;
    }
    std::vector<std::string> pages;
    DanganPdfText text{};
    text.context = &pages;
    text.page_text = [](void* context, const char* utf8, size_t size) {
        static_cast<std::vector<std::string>*>(context)->emplace_back(utf8, size);
    };
    // Dates and headings are on the first pages.
    switch (module.read(path.c_str(), 3, &text)) {
    case DANGAN_PDF_OK: break;
    case DANGAN_PDF_LOCKED: out.problem = "PDF 文件有密码保护，无法查看内容（档案不应加密）"; return;
    case DANGAN_PDF_NO_PAGES: out.problem = "PDF 文件没有页面"; return;
    case DANGAN_PDF_BAD_PAGE: out.problem = "PDF 第 " + std::to_string(text.bad_page) + " 页已损坏"; return;
    default: out.problem = "PDF 文件已损坏，无法打开"; return;
    }
    out.pages = text.pages;
    for (const auto& page : pages) {
        std::istringstream lines(page);
        for (std::string line; std::getline(lines, line);) {
            // poppler ends a line with \r\n or \r and a page with a form feed: not lines of the text.
            while (!line.empty() && (line.back() == '\r' || line.back() == '\f' || line.back() == ' ')) line.pop_back();
            if (line.find_first_not_of(" \t\f\r") != std::string::npos) out.lines.push_back(line);
        }
    }
    out.opened = true;
}

void read_image(const std::filesystem::path& path, const std::string& ext, DocumentText& out) {
    std::ifstream in(path, std::ios::binary);
    std::string head(32, '\0');
    in.read(head.data(), 32);
    head.resize(static_cast<size_t>(in.gcount()));
    in.clear();
    in.seekg(-2, std::ios::end);
    std::string tail(2, '\0');
    in.read(tail.data(), 2);
    const bool jpeg = ext == "jpg" || ext == "jpeg";
    if (jpeg) {
        if (head.size() < 3 || head.compare(0, 3, "\xff\xd8\xff") != 0) {
            out.problem = "不是 JPEG 图片（文件头不对，可能已损坏或扩展名有误）";
        } else if (tail != "\xff\xd9") {
            out.problem = "JPEG 图片不完整（缺少结束标记，可能在复制中被截断）";
        } else {
            out.opened = true;
        }
        return;
    }
    static const std::string png_magic("\x89PNG\r\n\x1a\n", 8);
    if (head.size() < 24 || head.compare(0, 8, png_magic) != 0) {
        out.problem = "不是 PNG 图片（文件头不对，可能已损坏或扩展名有误）";
        return;
    }
    const auto be32 = [&](size_t at) {
        return (static_cast<unsigned char>(head[at]) << 24) | (static_cast<unsigned char>(head[at + 1]) << 16) |
               (static_cast<unsigned char>(head[at + 2]) << 8) | static_cast<unsigned char>(head[at + 3]);
    };
    if (be32(16) == 0 || be32(20) == 0) out.problem = "PNG 图片的宽或高为 0";
    else out.opened = true;
}

}  // namespace

bool is_inspectable(const std::string& file_name) {
    const auto ext = extension_of(file_name);
    return ext == "docx" || ext == "xlsx" || ext == "pdf" || ext == "jpg" || ext == "jpeg" || ext == "png";
}

DocumentText read_document(const std::filesystem::path& path) {
    DocumentText out;
    const auto ext = extension_of(path.filename().string());
    out.known = is_inspectable(path.filename().string());
    if (!out.known) return out;
    try {
        if (ext == "docx" || ext == "xlsx") read_package(path, ext, out);
        else if (ext == "pdf") read_pdf(path, out);
        else read_image(path, ext, out);
    } catch (const std::exception&) {
        out.opened = false;
        out.problem = "文件无法读取";
    }
    return out;
}

}  // namespace dangan::inspect
