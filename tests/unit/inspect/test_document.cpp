// Opening the documents of hand-made archives: a real docx and xlsx give their text, a cut-off one,
// a damaged PDF or JPEG, or a file that is not what its extension says give a Chinese problem.
#include "inspect/document.hpp"

#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"

#include <Poco/Zip/Compress.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using dangan::testing::TempDir;

namespace {

void write(const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary) << bytes; }

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// A minimal Word document: one paragraph per line.
void docx(const fs::path& p, const std::vector<std::string>& lines) {
    std::string body;
    for (const auto& l : lines) body += "<w:p><w:r><w:t>" + l + "</w:t></w:r></w:p>";
    std::ofstream out(p, std::ios::binary);
    Poco::Zip::Compress zip(out, true);
    std::istringstream types(R"(<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)");
    zip.addFile(types, Poco::DateTime(), Poco::Path("[Content_Types].xml"));
    std::istringstream doc(R"(<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)" +
                           body + "</w:body></w:document>");
    zip.addFile(doc, Poco::DateTime(), Poco::Path("word/document.xml"));
    zip.close();
}

std::string pdf() {
    // One page; offsets need not be exact for poppler, which rebuilds a broken xref table.
    return "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
           "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
}

/// `count` pages, page k showing "Page k 2023-03-0k" in Helvetica (no font file needed).
std::string pdf_with_text(int count) {
    std::string kids, objects;
    for (int k = 1; k <= count; ++k) {
        const int page = 3 + 2 * k, content = page + 1;
        kids += std::to_string(page) + " 0 R ";
        const std::string text = "BT /F1 12 Tf 72 700 Td (Page " + std::to_string(k) + " 2023-03-0" + std::to_string(k) + ") Tj ET";
        objects += std::to_string(page) + " 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 3 0 R>>>>"
                   "/Contents " + std::to_string(content) + " 0 R>>endobj\n" + std::to_string(content) + " 0 obj<</Length " +
                   std::to_string(text.size()) + ">>stream\n" + text + "\nendstream endobj\n";
    }
    return "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[" + kids +
           "]/Count " + std::to_string(count) + ">>endobj\n3 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n" +
           objects + "trailer<</Root 1 0 R>>\n%%EOF\n";
}

}  // namespace

TEST_CASE("a PDF's text is read from its first three pages, through the PDF reader module", "[inspect]") {
    TempDir tmp{"inspect"};
    write(tmp.path / "five.pdf", pdf_with_text(5));
    const auto d = dangan::inspect::read_document(tmp.path / "five.pdf");
    CHECK(d.known);
    REQUIRE(d.opened);
    CHECK(d.pages == 5);
    REQUIRE(d.lines.size() == 3);  // dates and headings are on the first pages
    CHECK(d.lines[0] == "Page 1 2023-03-01");
    CHECK(d.lines[2] == "Page 3 2023-03-03");
}

TEST_CASE("a Word document opens and gives its paragraphs", "[inspect]") {
    TempDir tmp{"inspect"};
    docx(tmp.path / "a.docx", {"支委会会议记录", "会议时间：2023年3月6日 14:30"});
    const auto d = dangan::inspect::read_document(tmp.path / "a.docx");
    CHECK(d.known);
    CHECK(d.opened);
    REQUIRE(d.lines.size() == 2);
    CHECK(d.lines[1] == "会议时间：2023年3月6日 14:30");
}

TEST_CASE("a Word document cut off in copying is damaged, with a Chinese reason", "[inspect]") {
    TempDir tmp{"inspect"};
    docx(tmp.path / "a.docx", {"支委会会议记录"});
    write(tmp.path / "cut.docx", read(tmp.path / "a.docx").substr(0, 120));
    const auto d = dangan::inspect::read_document(tmp.path / "cut.docx");
    CHECK(!d.opened);
    CHECK_THAT(d.problem, Catch::Contains("Word 文档"));  // 已损坏, or 不是完整的 (no body left)
    // No English library sentence ("Failed to seek on input stream") in the Chinese reason.
    for (const char* english : {"Failed", "stream", "seek", "Exception", "error"}) CHECK(d.problem.find(english) == std::string::npos);
    write(tmp.path / "text.docx", "这其实是一个文本文件");
    CHECK(!dangan::inspect::read_document(tmp.path / "text.docx").opened);
}

TEST_CASE("a damaged package says why in Chinese and keeps the library's words apart", "[inspect]") {
    TempDir tmp{"inspect"};
    docx(tmp.path / "a.docx", {"支委会会议记录", "会议时间：2023年3月6日 14:30"});
    const std::string whole = read(tmp.path / "a.docx");
    auto problem_of = [&](const std::string& name, const std::string& bytes) {
        write(tmp.path / name, bytes);
        const auto d = dangan::inspect::read_document(tmp.path / name);
        CHECK(!d.opened);
        // No English sentence from a library in what the reader sees (only ".docx" and "zip", "XML", "Office").
        for (const char* english : {"Failed", "seek", "stream", "Exception", "error"})
            CHECK(d.problem.find(english) == std::string::npos);
        return d;
    };
    CHECK_THAT(problem_of("cut.docx", whole.substr(0, whole.size() - 30)).problem, Catch::Contains("文件被截断"));
    CHECK_THAT(problem_of("half.docx", whole.substr(0, whole.size() / 2)).problem, Catch::Contains("文件被截断"));
    CHECK_THAT(problem_of("old.docx", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") + std::string(600, '\0')).problem,
               Catch::Contains("旧版 Office 97-2003"));
    CHECK_THAT(problem_of("text.docx", "这其实是一个文本文件").problem, Catch::Contains("不是有效的"));
    // A whole zip whose XML is broken: the parser's words go to detail.
    std::ofstream out(tmp.path / "xml.docx", std::ios::binary);
    {
        Poco::Zip::Compress zip(out, true);
        std::istringstream doc("<?xml version=\"1.0\"?><w:document><w:body><w:p>broken");
        zip.addFile(doc, Poco::DateTime(), Poco::Path("word/document.xml"));
        zip.close();
    }
    out.close();
    const auto d = dangan::inspect::read_document(tmp.path / "xml.docx");
    CHECK(!d.opened);
    CHECK_THAT(d.problem, Catch::Contains("XML 无法解析"));
    CHECK(!d.detail.empty());
}

TEST_CASE("PDFs open through poppler; a damaged one does not", "[inspect]") {
    TempDir tmp{"inspect"};
    write(tmp.path / "ok.pdf", pdf());
    const auto ok = dangan::inspect::read_document(tmp.path / "ok.pdf");
    CHECK(ok.opened);
    CHECK(ok.pages == 1);
    write(tmp.path / "bad.pdf", "%PDF-1.4\n garbage");
    const auto bad = dangan::inspect::read_document(tmp.path / "bad.pdf");
    CHECK(!bad.opened);
    CHECK(bad.problem == "PDF 文件已损坏，无法打开");
}

TEST_CASE("images are judged by their headers and end markers", "[inspect]") {
    TempDir tmp{"inspect"};
    const std::string jpeg = std::string("\xff\xd8\xff\xe0", 4) + std::string(100, 'x') + std::string("\xff\xd9", 2);
    write(tmp.path / "ok.jpg", jpeg);
    write(tmp.path / "cut.jpg", jpeg.substr(0, 50));
    write(tmp.path / "fake.JPG", "not an image at all");
    CHECK(dangan::inspect::read_document(tmp.path / "ok.jpg").opened);
    CHECK(dangan::inspect::read_document(tmp.path / "cut.jpg").problem == "JPEG 图片不完整（缺少结束标记，可能在复制中被截断）");
    CHECK(!dangan::inspect::read_document(tmp.path / "fake.JPG").opened);
    CHECK(!dangan::inspect::read_document(tmp.path / "notes.txt").known);
}
