// The raw-libharu baseline of the canonical ledger benchmark (issue #16).
//
// Draws the same book as bench/ledger/templates: a cover, a ruled 目录 with the first page of every record,
// then each record (title, a ruled information table, 议题, 内容 and 决议 paragraphs) with "— N —" footers
// numbered through the book. It does what a programmer would do with libharu alone: one subset font
// (hb-subset, as dangan does, so the file sizes compare), lines broken every K characters with no
// line-breaking rules, no justification, no fallback fonts. It is the floor for "drawing only": dangan's
// render of the same book is compared with it in bench/ledger.sh.
//
// Usage: baseline_libharu DATA_DIR OUT.pdf FONT_FILE [FACE_INDEX]
// DATA_DIR holds bench/generate_minutes.py output (organisation.json, meetings-*.json).
#include <hpdf.h>
#include <hb-subset.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr double kMm = 72.0 / 25.4;
constexpr double kPageW = 210 * kMm, kPageH = 297 * kMm;
// The page of dangan's meeting.tpl (preset="record": margins 30/25/28/26 mm, body 小四 on a 22 pt pitch), so
// that both engines set about the same number of pages and the wall times compare like with like.
constexpr double kLeft = 28 * kMm, kRight = kPageW - 26 * kMm, kTop = kPageH - 30 * kMm, kBottom = 25 * kMm;
constexpr double kBody = 12;        // 小四
constexpr double kPitch = 22;       // line pitch
constexpr double kFooterY = 18 * kMm;

struct Record {
    std::string kind, date, start, end, place, host, recorder, title;
    int number = 0, expected = 0, present = 0;
    std::vector<std::string> agenda, content, resolutions;
    int first_page = 0, pages = 0;
};

std::string text(const Object::Ptr& o, const std::string& key) {
    return o->has(key) ? o->getValue<std::string>(key) : std::string();
}

std::vector<Record> load(const fs::path& dir) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().starts_with("meetings-")) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<Record> records;
    for (const auto& file : files) {
        std::ifstream in(file);
        Poco::JSON::Parser parser;
        auto root = parser.parse(in).extract<Object::Ptr>();
        auto list = root->getArray("records");
        for (size_t i = 0; i < list->size(); ++i) {
            auto m = list->getObject(static_cast<unsigned>(i));
            Record r;
            r.kind = text(m, "type");
            r.date = text(m, "date");
            r.start = text(m, "start");
            r.end = text(m, "end");
            r.place = text(m, "place");
            r.host = text(m, "host");
            r.recorder = text(m, "recorder");
            r.number = m->getValue<int>("number");
            auto att = m->getObject("attendance");
            r.expected = att->getValue<int>("expected");
            r.present = static_cast<int>(att->getArray("present")->size());
            for (const auto& v : *m->getArray("agenda")) r.agenda.push_back(v.toString());
            auto content = m->getArray("content");
            for (size_t k = 0; k < content->size(); ++k) {
                auto c = content->getObject(static_cast<unsigned>(k));
                r.content.push_back(text(c, "speaker") + "：" + text(c, "text"));
            }
            for (const auto& v : *m->getArray("resolutions")) r.resolutions.push_back(v.toString());
            r.title = r.kind + "会议记录（第" + std::to_string(r.number) + "次）";
            records.push_back(std::move(r));
        }
    }
    std::stable_sort(records.begin(), records.end(), [](const Record& a, const Record& b) { return a.date < b.date; });
    return records;
}

/// UTF-8 → code points (input is our own generated JSON, so it is valid).
std::vector<std::string> characters(const std::string& s) {
    std::vector<std::string> out;
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        out.push_back(s.substr(i, n));
        i += n;
    }
    return out;
}

char32_t decode(const std::string& ch) {
    const auto* p = reinterpret_cast<const unsigned char*>(ch.data());
    if (ch.size() == 1) return p[0];
    if (ch.size() == 2) return ((p[0] & 0x1F) << 6) | (p[1] & 0x3F);
    if (ch.size() == 3) return ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    return ((p[0] & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
}

/// Lines of at most `per_line` characters (no rules: a programmer's first loop).
std::vector<std::string> wrap(const std::string& s, size_t per_line, size_t indent) {
    std::vector<std::string> lines;
    auto chars = characters(s);
    std::string line;
    for (size_t k = 0; k < indent; ++k) line += "\u3000";
    size_t count = indent;
    for (const auto& c : chars) {
        if (count == per_line) {
            lines.push_back(line);
            line.clear();
            count = 0;
        }
        line += c;
        ++count;
    }
    if (!line.empty()) lines.push_back(line);
    return lines;
}

/// A record as lines of body text below its information table; the table takes kTableRows rows.
constexpr int kTableRows = 4;
struct Block {
    std::vector<std::string> lines;
};

Block body_lines(const Record& r, size_t per_line) {
    Block b;
    auto add = [&](const std::string& s, size_t indent) {
        for (auto& l : wrap(s, per_line, indent)) b.lines.push_back(std::move(l));
    };
    add("议题：", 0);
    int i = 1;
    for (const auto& a : r.agenda) add(std::to_string(i++) + "．" + a, 2);
    add("会议内容：", 0);
    for (const auto& c : r.content) add(c, 2);
    add("会议决定：", 0);
    for (const auto& c : r.resolutions) add(c, 2);
    b.lines.push_back("主持人（签字）：　　　　　　　记录人（签字）：");
    return b;
}

std::string subset_font(const fs::path& file, unsigned index, const std::set<char32_t>& used) {
    hb_blob_t* blob = hb_blob_create_from_file_or_fail(file.c_str());
    if (!blob) throw std::runtime_error("cannot read font " + file.string());
    hb_face_t* face = hb_face_create(blob, index);
    hb_subset_input_t* input = hb_subset_input_create_or_fail();
    hb_set_t* unicodes = hb_subset_input_unicode_set(input);
    for (char32_t cp : used) hb_set_add(unicodes, cp);
    hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING);
    hb_set_t* drop = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (const char* t : {"GSUB", "GPOS", "GDEF", "vhea", "vmtx", "EBDT", "EBLC", "EBSC", "kern"})
        hb_set_add(drop, hb_tag_from_string(t, 4));
    hb_face_t* result = hb_subset_or_fail(face, input);
    hb_subset_input_destroy(input);
    if (!result) throw std::runtime_error("hb-subset failed");
    hb_blob_t* out = hb_face_reference_blob(result);
    unsigned length = 0;
    const char* data = hb_blob_get_data(out, &length);
    std::string bytes(data, length);
    hb_blob_destroy(out);
    hb_face_destroy(result);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return bytes;
}

void error_handler(HPDF_STATUS error, HPDF_STATUS detail, void*) {
    std::fprintf(stderr, "libharu error %04X (detail %u)\n", static_cast<unsigned>(error), static_cast<unsigned>(detail));
    std::exit(2);
}

class Book {
public:
    Book(HPDF_Doc pdf, HPDF_Font font) : pdf_(pdf), font_(font) {}

    HPDF_Page new_page(int number) {
        HPDF_Page page = HPDF_AddPage(pdf_);
        HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
        if (number > 0) {
            const std::string footer = "— " + std::to_string(number) + " —";
            // "— N —" at the outside edge: right on odd pages, left on even ones (GB/T 9704 §7.5).
            const double width = HPDF_Font_TextWidth(font_, reinterpret_cast<const HPDF_BYTE*>(footer.c_str()),
                                                     static_cast<HPDF_UINT>(footer.size()))
                                     .width * 14 / 1000.0;
            const double x = number % 2 ? kRight - 7 * kMm - width : kLeft + 7 * kMm;
            draw(page, x, kFooterY, 14, footer);
        }
        return page;
    }

    void draw(HPDF_Page page, double x, double y, double size, const std::string& s) {
        HPDF_Page_BeginText(page);
        HPDF_Page_SetFontAndSize(page, font_, static_cast<HPDF_REAL>(size));
        HPDF_Page_TextOut(page, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(y), s.c_str());
        HPDF_Page_EndText(page);
    }

    void rule(HPDF_Page page, double x0, double y0, double x1, double y1) {
        HPDF_Page_MoveTo(page, static_cast<HPDF_REAL>(x0), static_cast<HPDF_REAL>(y0));
        HPDF_Page_LineTo(page, static_cast<HPDF_REAL>(x1), static_cast<HPDF_REAL>(y1));
    }

private:
    HPDF_Doc pdf_;
    HPDF_Font font_;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: baseline_libharu DATA_DIR OUT.pdf FONT_FILE [FACE_INDEX]\n";
        return 2;
    }
    const fs::path data = argv[1], out = argv[2], font_file = argv[3];
    const unsigned face_index = argc > 4 ? static_cast<unsigned>(std::stoi(argv[4])) : 0;
    try {
        auto records = load(data);
        const size_t per_line = static_cast<size_t>((kRight - kLeft) / kBody);
        const int lines_per_page = static_cast<int>((kTop - kBottom) / kPitch);

        // Pagination first (the 目录 needs every record's first page): cover, then 目录, then records.
        std::vector<Block> blocks;
        blocks.reserve(records.size());
        for (const auto& r : records) blocks.push_back(body_lines(r, per_line));
        constexpr int kTocRows = 24;
        const int toc_pages = static_cast<int>((records.size() + kTocRows - 1) / kTocRows);
        int page = 1 + toc_pages + 1;
        for (size_t i = 0; i < records.size(); ++i) {
            // The first page holds the title (2 lines) and the table (kTableRows lines + a blank).
            const int first = lines_per_page - 2 - kTableRows - 1;
            const int rest = static_cast<int>(blocks[i].lines.size()) - first;
            records[i].first_page = page;
            records[i].pages = 1 + (rest > 0 ? (rest + lines_per_page - 1) / lines_per_page : 0);
            page += records[i].pages;
        }

        // Every character the book draws, for the subset.
        std::set<char32_t> used;
        auto note = [&](const std::string& s) {
            for (const auto& c : characters(s)) used.insert(decode(c));
        };
        note("会议记录本目录序号题名日期页码时间地点主持人记录人应到实到人—0123456789 ：（）议题内容决定签字．　中共基准测试单位机关第一支部委员会年");
        for (const auto& r : records) {
            for (const auto* s : {&r.title, &r.date, &r.place, &r.host, &r.recorder, &r.start, &r.end}) note(*s);
            for (const auto& l : blocks[&r - records.data()].lines) note(l);
        }
        const auto subset = subset_font(font_file, face_index, used);
        const fs::path font_path = fs::temp_directory_path() / ("baseline-font-" + std::to_string(::getpid()) + ".ttf");
        std::ofstream(font_path, std::ios::binary).write(subset.data(), static_cast<std::streamsize>(subset.size()));

        HPDF_Doc pdf = HPDF_New(error_handler, nullptr);
        HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
        // libharu keeps every page in one /Kids array of at most 32,767 entries (error 0x1001 at 10,000
        // records): intermediate page-tree nodes of 1,024 pages each lift the limit.
        HPDF_SetPagesConfiguration(pdf, 1024);
        HPDF_UseUTFEncodings(pdf);
        HPDF_SetCurrentEncoder(pdf, "UTF-8");
        const char* name = HPDF_LoadTTFontFromFile(pdf, font_path.c_str(), HPDF_TRUE);
        HPDF_Font font = HPDF_GetFont(pdf, name, "UTF-8");
        fs::remove(font_path);
        Book book(pdf, font);

        // Cover.
        HPDF_Page cover = book.new_page(0);
        book.draw(cover, kLeft + 20 * kMm, kPageH - 100 * kMm, 26, "会议记录本");
        book.draw(cover, kLeft, kPageH - 140 * kMm, 16, "中共基准测试单位机关第一支部委员会");
        book.draw(cover, kLeft, kPageH - 155 * kMm, 16, "2025年");

        // 目录: a ruled table, kTocRows rows per page.
        const double cols[] = {kLeft, kLeft + 15 * kMm, kRight - 50 * kMm, kRight - 20 * kMm, kRight};
        const double row_h = (kTop - kBottom) / (kTocRows + 1);
        for (int p = 0; p < toc_pages; ++p) {
            HPDF_Page pg = book.new_page(2 + p);
            book.draw(pg, kLeft + 60 * kMm, kTop + 10 * kMm, 18, "目　录");
            const size_t first = static_cast<size_t>(p) * kTocRows;
            const size_t last = std::min(records.size(), first + kTocRows);
            const int rows = static_cast<int>(last - first) + 1;
            HPDF_Page_SetLineWidth(pg, 0.5);
            for (int k = 0; k <= rows; ++k) book.rule(pg, kLeft, kTop - k * row_h, kRight, kTop - k * row_h);
            for (double x : cols) book.rule(pg, x, kTop, x, kTop - rows * row_h);
            HPDF_Page_Stroke(pg);
            const char* heads[] = {"序号", "题名", "日期", "页码"};
            for (int c = 0; c < 4; ++c) book.draw(pg, cols[c] + 2, kTop - row_h + 6, 11, heads[c]);
            for (size_t i = first; i < last; ++i) {
                const double y = kTop - (static_cast<double>(i - first) + 2) * row_h + 6;
                book.draw(pg, cols[0] + 2, y, 11, std::to_string(i + 1));
                book.draw(pg, cols[1] + 2, y, 11, records[i].title);
                book.draw(pg, cols[2] + 2, y, 11, records[i].date);
                book.draw(pg, cols[3] + 2, y, 11, std::to_string(records[i].first_page));
            }
        }

        // Records.
        int number = 2 + toc_pages;
        for (size_t i = 0; i < records.size(); ++i) {
            const auto& r = records[i];
            HPDF_Page pg = book.new_page(number++);
            double y = kTop;
            book.draw(pg, kLeft + 30 * kMm, y, 16, r.title);
            y -= 2 * kPitch;
            const double mid = (kLeft + kRight) / 2;
            HPDF_Page_SetLineWidth(pg, 0.5);
            for (int k = 0; k <= kTableRows; ++k) book.rule(pg, kLeft, y + kPitch - k * kPitch, kRight, y + kPitch - k * kPitch);
            for (double x : {kLeft, kLeft + 25 * kMm, mid, mid + 25 * kMm, kRight})
                book.rule(pg, x, y + kPitch, x, y + kPitch - kTableRows * kPitch);
            HPDF_Page_Stroke(pg);
            const std::string cells[kTableRows][4] = {
                {"时间", r.date + " " + r.start + "—" + r.end, "地点", r.place},
                {"主持人", r.host, "记录人", r.recorder},
                {"应到", std::to_string(r.expected) + "人", "实到", std::to_string(r.present) + "人"},
                {"议题", std::to_string(r.agenda.size()) + "项", "决定", std::to_string(r.resolutions.size()) + "项"}};
            for (int k = 0; k < kTableRows; ++k) {
                const double ty = y + 8 - k * kPitch;
                book.draw(pg, kLeft + 3, ty, 12, cells[k][0]);
                book.draw(pg, kLeft + 25 * kMm + 3, ty, 12, cells[k][1]);
                book.draw(pg, mid + 3, ty, 12, cells[k][2]);
                book.draw(pg, mid + 25 * kMm + 3, ty, 12, cells[k][3]);
            }
            y -= (kTableRows + 1) * kPitch;
            int room = lines_per_page - 2 - kTableRows - 1;  // as in the pagination above
            for (const auto& line : blocks[i].lines) {
                if (room == 0) {
                    pg = book.new_page(number++);
                    y = kTop;
                    room = lines_per_page;
                }
                book.draw(pg, kLeft, y, kBody, line);
                y -= kPitch;
                --room;
            }
        }
        if (HPDF_SaveToFile(pdf, out.c_str()) != HPDF_OK) throw std::runtime_error("cannot write " + out.string());
        std::cerr << "baseline_libharu: wrote " << out.string() << " (" << number - 1 << " pages, " << records.size()
                  << " records)\n";
        HPDF_Free(pdf);
    } catch (const std::exception& e) {
        std::cerr << "baseline_libharu: " << e.what() << "\n";
        return 2;
    }
    return 0;
}
