// The PDF writer, checked with the tools a reader would use: poppler (pdftotext, pdffonts, pdfinfo),
// qpdf and mutool. These are installed on the build machine and the tests require them.
#include "pdf/pdf_writer.hpp"
#include "pdf/write_pdf.hpp"
#include "text/font_book.hpp"

#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"
#include "support/language_scope.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace dangan;
namespace fs = std::filesystem;

namespace {

struct Command {
    int status = -1;
    std::string output;  // stdout and stderr
};

Command run(const std::string& command) {
    Command result;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) result.output.append(buf, n);
    const int raw = ::pclose(pipe);
    result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return result;
}

/// A test folder whose save() also copies the file to $DANGAN_PDF_TEST_OUT when set, to look at the
/// pages by eye.
struct TempDir : dangan::testing::TempDir {
    TempDir() : dangan::testing::TempDir("pdf") {}
    std::string save(const std::string& name, const std::string& bytes) const {
        if (const char* keep = std::getenv("DANGAN_PDF_TEST_OUT")) std::ofstream(fs::path(keep) / name, std::ios::binary) << bytes;
        return write(name, bytes).string();
    }
};

/// The value of "Field:   value" in pdfinfo's output, or "(absent)".
std::string info_field(const std::string& output, const std::string& field) {
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind(field + ":", 0) != 0) continue;
        const auto value = line.find_first_not_of(' ', field.size() + 1);
        return value == std::string::npos ? "" : line.substr(value);
    }
    return "(absent)";
}

text::FontBook shipped_book() { return text::FontBook::load(fs::path(DANGAN_SOURCE_DIR) / "fonts" / "fonts.json"); }

/// A run in `family`, in the face that has its first character, measured like layout measures it.
layout::GlyphRun make_run(text::FontBook& book, const char* family, const std::string& text, char32_t first,
                          double x, double y, double size, double spacing = 0, bool bold = false) {
    layout::GlyphRun run;
    run.face = *book.face_for(family, first);
    run.size = size;
    run.x = x;
    run.y = y;
    run.text = text;
    run.char_spacing = spacing;
    run.bold = bold;
    return run;
}

/// Two pages: CJK + Latin + full-width digits, a bold run, character spacing, rules, nested
/// bookmarks, page labels "1" and "2", a Chinese title.
layout::LaidOutDocument sample_document(text::FontBook& book) {
    layout::LaidOutDocument doc;
    doc.info.title = "中共示例支部委员会会议记录";
    doc.info.author = "第一党支部";
    doc.info.subject = "会议记录本";
    doc.info.created = "2024-03-15T09:30:00+08:00";

    layout::LaidOutPage one;
    one.label = "1";
    one.runs.push_back(make_run(book, "小标宋", "支部委员会会议记录", U'支', 120, 760, 22));
    one.runs.push_back(make_run(book, "宋体", "会议时间：２０２４年３月１５日 Meeting No. 12", U'会', 72, 700, 12));
    one.runs.push_back(make_run(book, "黑体", "出席人员", U'出', 72, 680, 12, 0, true));
    one.runs.push_back(make_run(book, "楷体", "应到15人，实到12人", U'应', 72, 660, 12, 2.0));
    one.rules.push_back({72, 740, 523, 740, 1.0});
    one.rules.push_back({72, 650, 523, 650, 0.5});
    one.bookmarks.push_back({"会议记录", 0, 780});
    one.bookmarks.push_back({"第一次支部委员会", 1, 720});
    doc.pages.push_back(one);

    layout::LaidOutPage two;
    two.label = "2";
    two.runs.push_back(make_run(book, "仿宋", "讨论事项：发展党员工作", U'讨', 72, 760, 12));
    two.bookmarks.push_back({"附件", 0, 780});
    doc.pages.push_back(two);
    return doc;
}

std::string write(const layout::LaidOutDocument& doc, text::FontBook& book, bool deterministic,
                  std::vector<core::Diagnostic>* diagnostics = nullptr) {
    pdf::PdfOptions options;
    options.deterministic = deterministic;
    options.source_name = "test.pdf";
    std::string out;
    auto found = pdf::write_pdf(doc, book, options, out);
    if (diagnostics) *diagnostics = std::move(found);
    else CHECK(found.empty());
    return out;
}

}  // namespace

TEST_CASE("the glyph set of an old fuzz finding (libharu's 0x1033 at a 4 KB boundary) writes a valid PDF") {
    // fuzz_markup_pdf found it (fuzz/corpus/markup_pdf/haru-0x1033.xml): with these 62 characters in
    // LXGW WenKai, libharu 2.3's rewrite of the subset ended on a 4096-byte block before an empty 'prep'
    // table and its save failed. dangan's own writer embeds the HarfBuzz subset as it is; kept as a
    // regression case for the writer.
    auto book = shipped_book();
    layout::LaidOutDocument doc;
    layout::LaidOutPage page;
    page.label = "1";
    page.runs.push_back(make_run(book, "楷体",
                                 "'67ab。一不两中主也书二人会作党到制加发召右合后员委字实对居展工左应开强持换支文有段混由的研"
                                 "究端第粗缩落行议记进部首齐，",
                                 U'一', 50, 700, 12));
    doc.pages.push_back(page);
    TempDir dir;
    std::string bytes;
    REQUIRE_NOTHROW(bytes = write(doc, book, true));
    const std::string pdf = dir.save("block-boundary.pdf", bytes);
    const auto text = run("pdftotext -enc UTF-8 " + pdf + " -");
    CHECK(text.status == 0);
    CHECK(text.output.find("一不两中主也书") != std::string::npos);  // the line runs off the page after 研
}

TEST_CASE("a written PDF is valid, embeds subset fonts, and extracts its text in order") {
    auto book = shipped_book();
    TempDir dir;
    const std::string pdf = dir.save("sample.pdf", write(sample_document(book), book, true));

    const auto check = run("qpdf --check " + pdf);
    INFO(check.output);
    CHECK(check.status == 0);

    const auto text = run("pdftotext -enc UTF-8 " + pdf + " -");
    INFO(text.output);
    REQUIRE(text.status == 0);
    std::size_t at = 0;
    for (const char* expected : {"支部委员会会议记录", "会议时间：２０２４年３月１５日 Meeting No. 12", "出席人员",
                                 "应到15人，实到12人", "讨论事项：发展党员工作"}) {
        INFO(expected);
        const auto pos = text.output.find(expected, at);
        CHECK(pos != std::string::npos);
        if (pos != std::string::npos) at = pos;
    }

    const auto fonts = run("pdffonts " + pdf);
    INFO(fonts.output);
    REQUIRE(fonts.status == 0);
    int font_lines = 0;
    std::istringstream lines(fonts.output);
    for (std::string line; std::getline(lines, line);) {
        if (line.find("CID TrueType") == std::string::npos) continue;
        ++font_lines;
        CHECK(line.find("Identity-H") != std::string::npos);
        CHECK(line.find("yes yes yes") != std::string::npos);  // emb sub uni
    }
    CHECK(font_lines == 3);  // AR PL UMing (宋体 + 小标宋), WenQuanYi Zen Hei, LXGW WenKai (楷体 + 仿宋)

    const auto info = run("pdfinfo " + pdf);
    INFO(info.output);
    REQUIRE(info.status == 0);
    CHECK(info_field(info.output, "Title") == "中共示例支部委员会会议记录");
    CHECK(info_field(info.output, "Author") == "第一党支部");
    CHECK(info_field(info.output, "Subject") == "会议记录本");
    CHECK(info_field(info.output, "Creator") == "dangan");
    CHECK(info_field(info.output, "Pages") == "2");
    CHECK(info_field(info.output, "Page size") == "595.276 x 841.89 pts (A4)");
    CHECK(info_field(info.output, "CreationDate") == "Fri Mar 15 01:30:00 2024 UTC");

    const auto mutool = run("mutool info " + pdf);
    INFO(mutool.output);
    CHECK(mutool.status == 0);
    CHECK(mutool.output.find("Pages: 2") != std::string::npos);

    // Bookmarks: 会议记录 > 第一次支部委员会, then 附件; page labels 1, 2.
    const auto json = run("qpdf --json --json-key=outlines --json-key=pagelabels " + pdf);
    INFO(json.output);
    CHECK(json.status == 0);
    CHECK(json.output.find("\"title\": \"会议记录\"") != std::string::npos);
    CHECK(json.output.find("\"title\": \"第一次支部委员会\"") != std::string::npos);
    CHECK(json.output.find("\"title\": \"附件\"") != std::string::npos);
    CHECK(json.output.find("\"/S\": \"/D\"") != std::string::npos);
    const auto outline = run("mutool show " + pdf + " outline");
    INFO(outline.output);
    CHECK(outline.output.find("会议记录") < outline.output.find("\t第一次支部委员会"));
}

TEST_CASE("page labels follow the printed labels: unnumbered, roman, restarted, prefixed") {
    auto book = shipped_book();
    layout::LaidOutDocument doc;
    for (const char* label : {"", "封面", "ii", "iii", "1", "2", "附1"}) {
        layout::LaidOutPage page;
        page.label = label;
        page.runs.push_back(make_run(book, "宋体", "页", U'页', 72, 700, 12));
        doc.pages.push_back(page);
    }
    TempDir dir;
    const std::string pdf = dir.save("labels.pdf", write(doc, book, true));
    CHECK(run("qpdf --check " + pdf).status == 0);
    const auto json = run("qpdf --json --json-key=pagelabels " + pdf);
    INFO(json.output);
    // One entry per range: "", 封面, ii–iii (lower roman from 2), 1–2 (decimal), 附1 (decimal with prefix).
    std::string compact;
    for (char c : json.output)
        if (c != ' ' && c != '\n') compact += c;
    // (qpdf's JSON fills in the default /St 1.)
    CHECK(compact.find(R"("pagelabels":[{"index":0,"label":{"/St":1}},{"index":1,"label":{"/P":"u:封面","/St":1}},)"
                       R"({"index":2,"label":{"/S":"/r","/St":2}},{"index":4,"label":{"/S":"/D","/St":1}},)"
                       R"({"index":6,"label":{"/P":"u:附","/S":"/D","/St":1}}])") != std::string::npos);
}

TEST_CASE("deterministic mode gives identical bytes; normal mode stamps the current time") {
    auto book = shipped_book();
    const auto doc = sample_document(book);
    const std::string first = write(doc, book, true);
    const std::string second = write(doc, book, true);
    CHECK(first == second);

    auto undated = doc;
    undated.info.created.clear();
    TempDir dir;
    const auto det = run("pdfinfo " + dir.save("det.pdf", write(undated, book, true)));
    CHECK(info_field(det.output, "CreationDate") == "(absent)");
    const auto now = run("pdfinfo " + dir.save("now.pdf", write(undated, book, false)));
    CHECK(info_field(now.output, "CreationDate") != "(absent)");
}

TEST_CASE("the trailer has an /ID that depends on the content; a bad creation date is reported") {
    auto book = shipped_book();
    auto doc = sample_document(book);
    TempDir dir;
    const auto trailer_of = [&](const std::string& name, const layout::LaidOutDocument& d) {
        return run("qpdf --show-object=trailer " + dir.save(name, write(d, book, true))).output;
    };
    const std::string first = trailer_of("a.pdf", doc);
    CHECK(first.find("/ID [ <") != std::string::npos);
    doc.pages[1].runs[0].text = "讨论事项：换届选举";
    CHECK(trailer_of("b.pdf", doc) != first);

    doc.info.created = "15.3.2024";
    std::vector<core::Diagnostic> diagnostics;
    const auto info = run("pdfinfo " + dir.save("c.pdf", write(doc, book, true, &diagnostics)));
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].str() == "test.pdf: 警告：文档创建时间“15.3.2024”不是 ISO 日期时间（如 2024-03-15T09:30:00），已略去");
    CHECK(info_field(info.output, "CreationDate") == "(absent)");
}

TEST_CASE("a page of 40 CJK characters makes a small PDF") {
    auto book = shipped_book();
    const std::u32string chars = U"中国共产党章程规定党员必须履行下列义务认真学习马克思列宁主义毛泽东思想邓小平理论和三个代表";
    REQUIRE(chars.size() >= 40);
    layout::LaidOutDocument doc;
    layout::LaidOutPage page;
    for (int line = 0; line < 2; ++line) {
        std::string text;
        for (int i = 0; i < 20; ++i) {
            const char32_t cp = chars[static_cast<std::size_t>(line * 20 + i)];
            char buf[8] = {};
            // UTF-8 by hand keeps the test independent of core's helpers.
            if (cp < 0x800) {
                buf[0] = static_cast<char>(0xC0 | (cp >> 6));
                buf[1] = static_cast<char>(0x80 | (cp & 0x3F));
            } else {
                buf[0] = static_cast<char>(0xE0 | (cp >> 12));
                buf[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                buf[2] = static_cast<char>(0x80 | (cp & 0x3F));
            }
            text += buf;
        }
        page.runs.push_back(make_run(book, "楷体", text, U'中', 72, 700 - 20.0 * line, 14));
    }
    doc.pages.push_back(page);
    const std::string bytes = write(doc, book, true);
    std::printf("40 CJK characters in LXGW WenKai (a 15 MB font): PDF of %zu bytes\n", bytes.size());
    CHECK(bytes.size() < 30000);
}

TEST_CASE("characters above U+FFFF are drawn as outlines and reported; missing glyphs are reported") {
    auto book = shipped_book();
    layout::LaidOutDocument doc;
    layout::LaidOutPage page;
    page.runs.push_back(make_run(book, "宋体", "吉田", U'吉', 72, 700, 20));
    // Layout put 𠮷 (U+20BB7) in BabelStone Han, the face that has it, with text around it.
    page.runs.push_back(make_run(book, "宋体", "𠮷野", U'\U00020BB7', 112, 700, 20, 0, false));
    // A run whose face lacks the character: AR PL UMing has no 𠮷.
    page.runs.push_back(make_run(book, "宋体", "丁𠮷", U'丁', 72, 650, 20));
    // Again on the same page: reported once per page, not per occurrence.
    page.runs.push_back(make_run(book, "宋体", "𠮷", U'\U00020BB7', 72, 600, 20));
    doc.pages.push_back(page);

    std::vector<core::Diagnostic> diagnostics;
    TempDir dir;
    const std::string pdf = dir.save("yoshi.pdf", write(doc, book, true, &diagnostics));
    REQUIRE(diagnostics.size() == 2);
    CHECK(diagnostics[0].where.record == "page 1");
    CHECK(diagnostics[0].severity == core::Severity::warning);
    CHECK(diagnostics[0].str() ==
          "test.pdf (page 1): 警告：字符 𠮷 (U+20BB7) 按轮廓画出（取自 BabelStone Han；它的编码在 U+FFFF 以上，超出嵌入字体的"
          "双字节编码）：打印正确，复制和搜索靠 /ActualText，不支持 ActualText 的阅读器搜不到它，在“𠮷野”里");
    CHECK(diagnostics[1].severity == core::Severity::error);
    CHECK(diagnostics[1].str() ==
          "test.pdf (page 1): 错误：字符 𠮷 (U+20BB7) 在字体 AR PL UMing CN 里没有字形，印出来是空框，在“丁𠮷”里\n"
          "  建议：在 fonts.json 里给这个字体族的 fallback 列表加一个有这个字的字体");
    {
        // The same under --lang en.
        dangan::testing::LanguageScope english(core::Language::en);
        std::vector<core::Diagnostic> again;
        write(doc, book, true, &again);
        REQUIRE(again.size() == 2);
        CHECK(again[1].str() == "test.pdf (page 1): error: character 𠮷 (U+20BB7) has no glyph in font AR PL UMing CN and "
                                "prints as an empty box, in \"丁𠮷\"\n  hint: add a font that has it to the family's "
                                "fallback list in fonts.json");
    }

    CHECK(run("qpdf --check " + pdf).status == 0);
    const auto text = run("pdftotext -enc UTF-8 " + pdf + " -");
    CHECK(text.output.find("吉田") != std::string::npos);
    CHECK(text.output.find("野") != std::string::npos);
    // The outline carries its character as /ActualText over an invisible glyph of its width: poppler
    // extracts "𠮷野" with no space between (the invisible glyph is scaled to the outline's advance).
    CHECK(text.output.find("𠮷野") != std::string::npos);
    CHECK(text.output.find("𠮷") != std::string::npos);
    // The outline is in the page content as a filled path of curves.
    const auto qdf = run("qpdf --qdf --object-streams=disable " + pdf + " " + (dir.path / "yoshi-qdf.pdf").string());
    CHECK(qdf.status == 0);
    std::ifstream in(dir.path / "yoshi-qdf.pdf", std::ios::binary);
    const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(content.find(" c\n") != std::string::npos);
    CHECK(content.find("\nf\n") != std::string::npos);
}

TEST_CASE("a bold character above U+FFFF is drawn as a filled and stroked outline") {
    // Regression: the line width was set after the path had begun, which libharu refuses (0x1051).
    auto book = shipped_book();
    layout::LaidOutDocument doc;
    layout::LaidOutPage page;
    page.runs.push_back(make_run(book, "黑体", "吉", U'吉', 72, 700, 14, 0, true));
    page.runs.push_back(make_run(book, "宋体", "𠮷野：", U'\U00020BB7', 86, 700, 14, 0, true));
    doc.pages.push_back(page);
    std::vector<core::Diagnostic> diagnostics;
    TempDir dir;
    const std::string pdf = dir.save("bold-outline.pdf", write(doc, book, true, &diagnostics));
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].severity == core::Severity::warning);
    CHECK(run("qpdf --check " + pdf).status == 0);
    const auto qdf = run("qpdf --qdf --object-streams=disable " + pdf + " " + (dir.path / "b-qdf.pdf").string());
    CHECK(qdf.status == 0);
    std::ifstream in(dir.path / "b-qdf.pdf", std::ios::binary);
    const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(content.find("\nB\n") != std::string::npos);  // fill and stroke
}

TEST_CASE("control characters are reported by code, and each page reports its own") {
    auto book = shipped_book();
    layout::LaidOutDocument doc;
    for (int i = 0; i < 2; ++i) {
        layout::LaidOutPage page;
        page.runs.push_back(make_run(book, "宋体", "甲\x01乙", U'甲', 72, 700, 12));
        doc.pages.push_back(page);
    }
    std::vector<core::Diagnostic> diagnostics;
    write(doc, book, true, &diagnostics);
    for (const auto& d : diagnostics) UNSCOPED_INFO(d.str());
    REQUIRE(diagnostics.size() == 2);
    CHECK(diagnostics[0].message ==
          "字符 U+0001 在字体 AR PL UMing CN 里没有字形，印出来是空框，在“甲\x01乙”里");
    CHECK(diagnostics[1].where.record == "page 2");
}

TEST_CASE("more pages than a libharu array holds (32,767) still make one valid PDF") {
    // Regression: a 10,000-record minute book failed with libharu error 0x1001 in HPDF_AddPage.
    auto book = shipped_book();
    layout::LaidOutDocument doc;
    doc.pages.resize(33000);  // empty pages: the page tree is what is tested
    for (size_t i = 0; i < doc.pages.size(); ++i) doc.pages[i].label = std::to_string(i + 1);
    TempDir dir;
    const std::string pdf = dir.save("many.pdf", write(doc, book, true));
    CHECK(run("qpdf --check " + pdf).status == 0);
    CHECK(info_field(run("pdfinfo " + pdf).output, "Pages") == "33000");
}

TEST_CASE("a document without pages is still a valid PDF") {
    auto book = shipped_book();
    layout::LaidOutDocument doc;
    doc.info.title = "空";
    TempDir dir;
    const std::string pdf = dir.save("empty.pdf", write(doc, book, true));
    CHECK(pdf.size() > 0);
    const auto check = run("qpdf --check " + pdf);
    INFO(check.output);
    CHECK(check.status == 0);
}

TEST_CASE("a book with more page-label ranges than libharu held keeps every range") {
    // Issue #11: libharu's /PageLabels array ended at 32,767 elements (about 16,380 ranges), so such a
    // book fell back to plain numbers with a warning; dangan's own writer has no such limit. Labels that
    // never repeat and never continue each other (1, 3, 5, …) make one range per page.
    auto book = shipped_book();
    layout::LaidOutDocument doc;
    for (int i = 0; i < 16500; ++i) {
        layout::LaidOutPage page;
        page.label = std::to_string(2 * i + 1);
        doc.pages.push_back(page);
    }
    std::string out;
    std::vector<core::Diagnostic> found;
    REQUIRE_NOTHROW(found = pdf::write_pdf(doc, book, {}, out));
    CHECK(found.empty());
    TempDir dir;
    const std::string pdf = dir.save("ranges.pdf", out);
    CHECK(run("qpdf --check " + pdf).status == 0);
    const auto labels = run("qpdf --json --json-key=pagelabels " + pdf);
    CHECK(labels.output.find("\"index\": 16499") != std::string::npos);
    CHECK(labels.output.find("\"/St\": 32999") != std::string::npos);
}

namespace {
/// The objects of a PDF written without object streams: each "n 0 obj" offset as the xref lists it.
std::vector<std::pair<int, size_t>> xref_entries(const std::string& pdf) {
    const size_t start = std::stoul(pdf.substr(pdf.rfind("startxref\n") + 10));
    std::istringstream in(pdf.substr(start));
    std::string word;
    int first = 0, count = 0;
    in >> word >> first >> count;
    std::vector<std::pair<int, size_t>> out;
    for (int n = first; n < first + count; ++n) {
        std::string offset, generation, kind;
        in >> offset >> generation >> kind;
        if (kind == "n") out.emplace_back(n, std::stoul(offset));
    }
    return out;
}
}  // namespace

TEST_CASE("the writer's xref points at every object and each stream's /Length is its size") {
    auto book = shipped_book();
    const std::string bytes = write(sample_document(book), book, true);
    const auto entries = xref_entries(bytes);
    REQUIRE(entries.size() > 20);
    for (const auto& [n, offset] : entries) {
        INFO("object " << n);
        CHECK(bytes.compare(offset, std::to_string(n).size() + 6, std::to_string(n) + " 0 obj") == 0);
    }
    // Every stream: "/Length L" in its dictionary, then exactly L bytes between "stream\n" and "\nendstream".
    size_t streams = 0;
    for (size_t at = bytes.find("stream\n"); at != std::string::npos; at = bytes.find("stream\n", at + 1)) {
        if (at >= 3 && bytes.compare(at - 3, 3, "end") == 0) continue;
        const size_t dict = bytes.rfind("/Length ", at);
        const size_t length = std::stoul(bytes.substr(dict + 8));
        CHECK(bytes.compare(at + 7 + length, 10, "\nendstream") == 0);
        ++streams;
    }
    CHECK(streams >= 10);  // 2 pages, 3 fonts × 4 streams, ICC, XMP
}

TEST_CASE("pages written in pieces as they are finished give the bytes of the whole document at once") {
    auto book = shipped_book();
    const auto doc = sample_document(book);
    const std::string whole = write(doc, book, true);
    pdf::PdfOptions options;
    options.deterministic = true;
    options.source_name = "test.pdf";
    std::string pieces;
    size_t calls = 0;
    pdf::PdfWriter writer(book, options, doc.info, [&](std::string_view b) {
        pieces.append(b);
        ++calls;
    });
    for (const auto& page : doc.pages) writer.add_pages({page}, 3);
    CHECK(writer.pages() == 2);
    CHECK(writer.finish().empty());
    CHECK(calls >= 1);
    CHECK(pieces == whole);
    TempDir dir;
    const std::string pdf = dir.save("pieces.pdf", pieces);
    CHECK(run("qpdf --check " + pdf).status == 0);
    // Text extracts in the order it was drawn, across pages.
    const auto text = run("pdftotext -enc UTF-8 " + pdf + " -").output;
    const auto a = text.find("支部委员会会议记录"), b = text.find("出席人员"), c = text.find("讨论事项");
    CHECK(a != std::string::npos);
    CHECK(b != std::string::npos);
    CHECK(c != std::string::npos);
    CHECK(a < b);
    CHECK(b < c);
}

TEST_CASE("a batch on several threads gives the bytes of one thread, and a page that cannot be written stops it") {
    // Pages are prepared in order on the calling thread while the other threads build and deflate the
    // content streams of the pages already prepared (PdfWriter::Impl::add_pages).
    auto book = shipped_book();
    layout::LaidOutDocument doc = sample_document(book);
    for (int i = 0; i < 60; ++i) {
        layout::LaidOutPage page;
        page.label = std::to_string(i + 3);
        for (int line = 0; line < 20; ++line)
            page.runs.push_back(make_run(book, "宋体", "第" + std::to_string(i) + "页第" + std::to_string(line) + "行：会议讨论了发展党员工作",
                                         U'第', 72, 760 - 30 * line, 12));
        page.rules.push_back({72, 100, 523, 100, 0.5});
        doc.pages.push_back(page);
    }
    pdf::PdfOptions options;
    options.deterministic = true;
    options.source_name = "test.pdf";
    auto written = [&](unsigned threads, const std::vector<layout::LaidOutPage>& pages) {
        std::string out;
        pdf::PdfWriter writer(book, options, doc.info, [&](std::string_view b) { out.append(b); });
        writer.add_pages(pages, threads);
        CHECK(writer.finish().empty());
        return out;
    };
    const std::string one = written(1, doc.pages);
    CHECK(written(2, doc.pages) == one);
    CHECK(written(4, doc.pages) == one);
    CHECK(written(0, doc.pages) == one);  // one per core
    TempDir dir;
    CHECK(run("qpdf --check " + dir.save("threads.pdf", one)).status == 0);

    // A picture that is no PNG on page 40: the batch fails with the decoder's error, whatever the threads
    // are doing, and nothing hangs.
    auto broken = doc.pages;
    layout::Image image;
    image.x = 72;
    image.y = 200;
    image.width = image.height = 50;
    image.data = std::make_shared<const std::string>("not a PNG at all");
    broken[40].images.push_back(image);
    for (unsigned threads : {1u, 2u, 4u}) {
        std::string out;
        pdf::PdfWriter writer(book, options, doc.info, [&](std::string_view b) { out.append(b); });
        CHECK_THROWS(writer.add_pages(broken, threads));
    }
}

TEST_CASE("a run with an angle is drawn turned about its origin, and the runs after it are not") {
    // GlyphRun::angle (the page number on the short side of a landscape page): -90 reads top to bottom.
    auto book = shipped_book();
    layout::LaidOutDocument doc;
    layout::LaidOutPage page;
    page.label = "1";
    auto turned = make_run(book, "宋体", "第一页", U'第', 100, 700, 12);
    turned.angle = -90;
    page.runs.push_back(turned);
    page.runs.push_back(make_run(book, "宋体", "横排文字", U'横', 300, 500, 12));
    doc.pages.push_back(page);
    TempDir dir;
    const std::string pdf = dir.save("angle.pdf", write(doc, book, true));
    const auto bbox = run("pdftotext -bbox -enc UTF-8 " + pdf + " -");
    REQUIRE(bbox.status == 0);
    INFO(bbox.output);
    // <word xMin="…" yMin="…" xMax="…" yMax="…">text</word>, y from the top of the page (841.89).
    auto box_of = [&](const std::string& word) {
        const auto end = bbox.output.find(">" + word + "</word>");
        REQUIRE(end != std::string::npos);
        const auto start = bbox.output.rfind("<word", end);
        std::array<double, 4> v{};
        const char* keys[] = {"xMin=\"", "yMin=\"", "xMax=\"", "yMax=\""};
        for (int k = 0; k < 4; ++k) {
            const auto at = bbox.output.find(keys[k], start);
            v[static_cast<size_t>(k)] = std::stod(bbox.output.substr(at + std::strlen(keys[k])));
        }
        return v;
    };
    const auto down = box_of("第一页");
    CHECK(down[2] - down[0] < 14);                       // one character wide
    CHECK(down[3] - down[1] == Approx(36).margin(3));    // three characters tall
    CHECK(down[1] == Approx(841.89 - 700).margin(2));    // starting at the run's origin, going down
    CHECK(down[0] > 95);
    CHECK(down[2] < 115);
    const auto across = box_of("横排文字");
    CHECK(across[0] == Approx(300).margin(1));
    CHECK(across[2] - across[0] == Approx(48).margin(2));
    CHECK(across[3] == Approx(841.89 - 500).margin(4));
}
