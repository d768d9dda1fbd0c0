#include "pdf/pdf_writer.hpp"
#include "core/deflate.hpp"
#include "core/messages.hpp"

#include "core/unicode_text.hpp"
#include "pdf/page_labels.hpp"
#include "pdf/pdfa.hpp"

#include <Poco/MD5Engine.h>
#include <hb-ot.h>
#include <hb.h>
#include <png.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <regex>
#include <set>
#include <stdexcept>
#include <thread>
#include <mutex>
#include <cmath>
#include <unistd.h>

namespace dangan::pdf {

unsigned writer_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

/// A number as PDF writes it: at most 3 decimals, no trailing zeros, never "-0".
/// put_number's way for every number: std::to_chars rounds the exact binary value to 3 decimals.
void put_number_exact(std::string& out, double v) {
    char buf[48];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 3);
    if (ec != std::errc()) {
        out += '0';
        return;
    }
    char* p = end;
    if (std::memchr(buf, '.', static_cast<size_t>(p - buf))) {
        while (p[-1] == '0') --p;
        if (p[-1] == '.') --p;
    }
    if (p - buf == 2 && buf[0] == '-' && buf[1] == '0') {
        out += '0';
        return;
    }
    out.append(buf, p);
}

/// The same text as put_number_exact, faster: content streams write hundreds of thousands of numbers.
/// The integer path gives the same rounding whenever v × 1000 is not within a millionth of a tie (the
/// product's rounding error, under 1e-7 below 1e9, cannot change the rounded value then); near-ties,
/// values of a million points and more, and NaN take put_number_exact.
void put_number(std::string& out, double v) {
    const double scaled = v * 1000.0;
    if (!(std::fabs(scaled) < 1e9)) {
        put_number_exact(out, v);
        return;
    }
    const double lower = std::floor(scaled);
    const double fraction = scaled - lower;
    if (std::fabs(fraction - 0.5) < 1e-6) {
        put_number_exact(out, v);
        return;
    }
    const long long n = static_cast<long long>(fraction < 0.5 ? lower : lower + 1);
    if (n == 0) {
        out += '0';
        return;
    }
    unsigned long long a = n < 0 ? static_cast<unsigned long long>(-n) : static_cast<unsigned long long>(n);
    char buf[32];
    char* const end = buf + sizeof buf;
    char* p = end;
    unsigned frac = static_cast<unsigned>(a % 1000);
    a /= 1000;
    if (frac != 0) {
        int digits = 3;
        while (frac % 10 == 0) {
            frac /= 10;
            --digits;
        }
        for (int d = 0; d < digits; ++d) {
            *--p = static_cast<char>('0' + frac % 10);
            frac /= 10;
        }
        *--p = '.';
    }
    do {
        *--p = static_cast<char>('0' + a % 10);
        a /= 10;
    } while (a != 0);
    if (n < 0) *--p = '-';
    out.append(p, end);
}

namespace {

void put_num(std::string& out, double v) { put_number(out, v); }

constexpr char32_t kLastBmp = 0xFFFF;  // codes are two bytes (Identity-H): characters above are outlines
constexpr size_t kPagesPerNode = 1024;   // leaves per intermediate page-tree node
constexpr size_t kFlushAt = 1 << 20;     // the output buffer is handed to the sink from 1 MB

std::string num(double v) {
    std::string s;
    put_num(s, v);
    return s;
}

/// Decodes one UTF-8 character (layout's text is valid UTF-8) and advances `i`.
char32_t next_cp(std::string_view s, size_t& i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
        ++i;
        return b;
    }
    int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : 1;
    char32_t cp = b & (0x3F >> extra);
    ++i;
    for (; extra > 0 && i < s.size(); --extra, ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
    return cp;
}

const char kHex[] = "0123456789ABCDEF";

void put_hex4(std::string& out, unsigned v) {
    const char digits[4] = {kHex[(v >> 12) & 15], kHex[(v >> 8) & 15], kHex[(v >> 4) & 15], kHex[v & 15]};
    out.append(digits, 4);
}

/// A text string as UTF-16BE with a byte-order mark, in hex (Info, outline titles, label prefixes).
std::string text_string(std::string_view utf8) {
    std::string out = "<FEFF";
    for (size_t i = 0; i < utf8.size();) {
        const char32_t cp = next_cp(utf8, i);
        if (cp > 0xFFFF) {
            const char32_t v = cp - 0x10000;
            put_hex4(out, 0xD800 + static_cast<unsigned>(v >> 10));
            put_hex4(out, 0xDC00 + static_cast<unsigned>(v & 0x3FF));
        } else {
            put_hex4(out, static_cast<unsigned>(cp));
        }
    }
    out += '>';
    return out;
}

/// A page's or font's stream, deflated at zlib's default level (6).
std::string deflate(std::string_view data) { return core::deflate_zlib(data, 6); }

std::string hex_cp(char32_t cp) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
    return buf;
}

std::string context_around(const std::u32string& cps, size_t i, size_t radius = 8) {
    const size_t from = i > radius ? i - radius : 0;
    const size_t to = std::min(cps.size(), i + radius + 1);
    return core::to_utf8(std::u32string_view(cps).substr(from, to - from));
}

/// "2024-03-15T09:30:00", optionally with "Z" or "+08:00"; seconds and time optional.
std::optional<PdfDate> parse_iso_date(const std::string& text) {
    static const std::regex pattern(
        R"((\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?(Z|([+-])(\d{2}):?(\d{2}))?)");
    std::smatch m;
    if (!std::regex_match(text, m, pattern)) return std::nullopt;
    PdfDate d{};
    d.year = std::stoi(m[1]);
    d.month = std::stoi(m[2]);
    d.day = std::stoi(m[3]);
    d.hour = m[4].matched ? std::stoi(m[4]) : 0;
    d.minutes = m[5].matched ? std::stoi(m[5]) : 0;
    d.seconds = m[6].matched ? std::stoi(m[6]) : 0;
    d.ind = ' ';
    if (m[7].matched) {
        if (m[7] == "Z") {
            d.ind = 'Z';
        } else {
            d.ind = m[8].str()[0];
            d.off_hour = std::stoi(m[9]);
            d.off_minutes = std::stoi(m[10]);
        }
    }
    if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31 || d.hour > 23 || d.minutes > 59 || d.seconds > 59)
        return std::nullopt;
    return d;
}

PdfDate now_utc() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    PdfDate d{};
    d.year = tm.tm_year + 1900;
    d.month = tm.tm_mon + 1;
    d.day = tm.tm_mday;
    d.hour = tm.tm_hour;
    d.minutes = tm.tm_min;
    d.seconds = tm.tm_sec;
    d.ind = 'Z';
    return d;
}

std::string pdf_date(const PdfDate& d) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "(D:%04d%02d%02d%02d%02d%02d", d.year, d.month, d.day, d.hour, d.minutes, d.seconds);
    std::string out = buf;
    if (d.ind == '+' || d.ind == '-') {
        std::snprintf(buf, sizeof buf, "%c%02d'%02d'", d.ind, d.off_hour, d.off_minutes);
        out += buf;
    }
    return out + ")";
}

uint16_t be16(const std::string& b, size_t at) {
    return static_cast<uint16_t>((static_cast<unsigned char>(b[at]) << 8) | static_cast<unsigned char>(b[at + 1]));
}

/// A JPEG's size and components from its first SOF marker (the job that read it already checked it).
bool jpeg_header(const std::string& b, int& width, int& height, int& components) {
    for (size_t at = 2; at + 9 < b.size();) {
        if (static_cast<unsigned char>(b[at]) != 0xFF) return false;
        const int marker = static_cast<unsigned char>(b[at + 1]);
        if (marker == 0xFF) {
            ++at;
            continue;
        }
        if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
            at += 2;
            continue;
        }
        const size_t length = be16(b, at + 2);
        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
            height = be16(b, at + 5);
            width = be16(b, at + 7);
            components = static_cast<unsigned char>(b[at + 9]);
            return true;
        }
        at += 2 + length;
    }
    return false;
}

/// A PNG decoded by libpng to 8-bit gray or RGB rows (palette expanded, 16 bits stripped, interlacing
/// undone): what an opaque PDF image holds.
struct Pixels {
    int width = 0, height = 0, colours = 3;
    std::string data;
};

Pixels decode_png(const std::string& bytes) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size()))
        throw std::runtime_error(std::string("libpng cannot read a PNG picture: ") + image.message);
    const bool gray = !(image.format & PNG_FORMAT_FLAG_COLOR);
    image.format = gray ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB;
    Pixels px;
    px.width = static_cast<int>(image.width);
    px.height = static_cast<int>(image.height);
    px.colours = gray ? 1 : 3;
    px.data.resize(PNG_IMAGE_SIZE(image));
    if (!png_image_finish_read(&image, nullptr, px.data.data(), 0, nullptr)) {
        png_image_free(&image);
        throw std::runtime_error(std::string("libpng cannot decode a PNG picture: ") + image.message);
    }
    return px;
}

}  // namespace

/// What the calling thread works out about a page before its content stream is built (on any thread):
/// which font resource each run uses, and for the rare runs with characters above U+FFFF, where each
/// character goes and the outlines drawn for them.
struct PreparedPage {
    std::vector<int> run_font;                       // resource index (/F<n>) per run
    std::map<size_t, std::vector<double>> offsets;   // run → x of each character (runs with outlines only)
    std::string outlines;                            // operators drawing those characters
    std::vector<int> fonts_used, images_used;        // resource indexes
    std::vector<int> image_of;                       // per page image: resource index
};

struct PdfWriter::Impl {
    text::FontBook& fonts;
    PdfOptions options;
    layout::DocumentInfo info;
    ByteSink sink;
    std::string buffer;
    size_t written = 0;
    std::vector<size_t> offsets{0};  // by object number; 0 is the free head
    std::vector<core::Diagnostic> diagnostics;
    Poco::MD5Engine digest;

    // Fonts: one per file face, numbered /F1 … in order of first use.
    struct Font {
        text::FaceId face;
        int object;
        std::vector<uint8_t> state = std::vector<uint8_t>(0x10000, 0);  // 0 unseen, 1 has a glyph, 2 missing
    };
    std::vector<Font> font_list;
    std::map<text::FaceId, int> font_index;  // file face → index into font_list
    std::map<char32_t, bool> astral_has;     // (face << 21 | cp) → has glyph, for characters above U+FFFF

    struct ImageRes {
        std::shared_ptr<const std::string> data;
        int object;
    };
    std::vector<ImageRes> images;

    int pages_root = 0;
    int current_node = 0;
    std::vector<int> node_objects;
    std::vector<std::vector<int>> node_kids;
    std::vector<std::string> labels;
    struct Mark {
        std::string title;
        int level;
        int page;
        double y;
    };
    std::vector<Mark> marks;
    bool pdfa_ok = false;

    Impl(text::FontBook& f, const PdfOptions& o, const layout::DocumentInfo& i, ByteSink s)
        : fonts(f), options(o), info(i), sink(std::move(s)) {}

    int new_object() {
        offsets.push_back(0);
        return static_cast<int>(offsets.size() - 1);
    }
    void put(std::string_view bytes) {
        buffer.append(bytes);
        if (buffer.size() >= kFlushAt) flush();
    }
    void flush() {
        if (buffer.empty()) return;
        sink(buffer);
        written += buffer.size();
        buffer.clear();
    }
    size_t tell() const { return written + buffer.size(); }
    void begin_object(int n) {
        offsets[static_cast<size_t>(n)] = tell();
        put(std::to_string(n) + " 0 obj\n");
    }
    void object(int n, std::string_view dict) {
        begin_object(n);
        put(dict);
        put("\nendobj\n");
    }
    /// A stream object; `extra` goes into its dictionary beside /Length (and /Filter when deflated).
    void stream(int n, const std::string& extra, std::string_view raw, bool compress) {
        std::string packed;
        if (compress) packed = deflate(raw);
        const std::string_view body = compress ? std::string_view(packed) : raw;
        begin_object(n);
        put("<< " + extra + (extra.empty() ? "" : " ") + "/Length " + std::to_string(body.size()) +
            (compress ? " /Filter /FlateDecode" : "") + " >>\nstream\n");
        put(body);
        put("\nendstream\nendobj\n");
    }

    core::Location where(size_t page) const {
        core::Location loc;
        loc.file = options.source_name;
        loc.record = "page " + std::to_string(page + 1);
        return loc;
    }

    int font_for(text::FaceId face) {
        const text::FaceId owner = fonts.file_face(face);
        auto [it, added] = font_index.try_emplace(owner, static_cast<int>(font_list.size()));
        if (added) font_list.push_back({owner, new_object()});
        return it->second;
    }

    bool has_astral(text::FaceId face, char32_t cp) {
        const char32_t key = (static_cast<char32_t>(fonts.file_face(face)) << 21) | cp;
        auto it = astral_has.find(key);
        if (it == astral_has.end()) it = astral_has.emplace(key, fonts.has_glyph(face, cp)).first;
        return it->second;
    }

    void report(size_t page, text::FaceId face, const std::string& text, size_t at, bool has) {
        const std::u32string cps = core::to_code_points(text);
        size_t i = 0;
        for (size_t byte = 0; byte < at && i < cps.size(); ++i) next_cp(text, byte);
        const char32_t cp = cps[i];
        const bool printable = cp >= 0x20 && !(cp >= 0x7F && cp <= 0x9F);
        const std::string shown = printable ? core::to_utf8(cp) + " (" + hex_cp(cp) + ")" : hex_cp(cp);
        const std::string around = context_around(cps, i);
        // Rare characters in names (𠮷, 䶮) are what a secretary meets here: the message is in her language.
        if (!has) {
            diagnostics.push_back({core::Severity::error, where(page),
                                   core::tr("字符 " + shown + " 在字体 " + fonts.face_name(face) + " 里没有字形，印出来是空框，在“" +
                                                around + "”里",
                                            "character " + shown + " has no glyph in font " + fonts.face_name(face) +
                                                " and prints as an empty box, in \"" + around + "\""),
                                   {core::tr("在 fonts.json 里给这个字体族的 fallback 列表加一个有这个字的字体",
                                             "add a font that has it to the family's fallback list in fonts.json")}});
        } else {
            diagnostics.push_back({core::Severity::warning, where(page),
                                   core::tr("字符 " + shown + " 按轮廓画出（取自 " + fonts.face_name(face) +
                                                "；它的编码在 U+FFFF 以上，超出嵌入字体的双字节编码）：打印正确，复制和搜索靠 "
                                                "/ActualText，不支持 ActualText 的阅读器搜不到它，在“" + around + "”里",
                                            "character " + shown + " is drawn as an outline from " + fonts.face_name(face) +
                                                " (its code is above U+FFFF, beyond the two-byte codes of the embedded fonts): "
                                                "it prints correctly and extracts through /ActualText, but a reader without "
                                                "ActualText support will not find it, in \"" + around + "\""),
                                   {}});
        }
    }

    /// The calling thread's part of a page: checks each character once per font (a flat table), reports
    /// what cannot be drawn as text, picks resources, and prepares characters above U+FFFF as outlines.
    PreparedPage prepare(const layout::LaidOutPage& page, size_t index) {
        PreparedPage prep;
        digest.update(page.label);
        std::set<std::pair<char32_t, text::FaceId>> reported;
        std::set<int> used_fonts;
        for (size_t r = 0; r < page.runs.size(); ++r) {
            const auto& run = page.runs[r];
            digest.update(run.text);
            const int f = font_for(run.face);
            prep.run_font.push_back(f);
            used_fonts.insert(f);
            auto& state = font_list[static_cast<size_t>(f)].state;
            bool astral = false;
            for (size_t i = 0; i < run.text.size();) {
                const size_t at = i;
                const char32_t cp = next_cp(run.text, i);
                if (cp > kLastBmp) {
                    astral = true;
                    const bool has = has_astral(run.face, cp);
                    if (reported.insert({cp, run.face}).second) report(index, run.face, run.text, at, has);
                    continue;
                }
                uint8_t& s = state[cp];
                if (s == 0) s = fonts.has_glyph(run.face, cp) ? 1 : 2;
                if (s == 2 && reported.insert({cp, run.face}).second) report(index, run.face, run.text, at, false);
            }
            if (astral) prepare_outlines(run, prep, r, f);
        }
        prep.fonts_used.assign(used_fonts.begin(), used_fonts.end());
        std::set<int> used_images;
        for (const auto& image : page.images) {
            int k = -1;
            if (image.data && !image.data->empty()) {
                for (size_t i = 0; i < images.size(); ++i)
                    if (images[i].data == image.data) k = static_cast<int>(i);
                if (k < 0) {
                    k = static_cast<int>(images.size());
                    images.push_back({image.data, write_image(*image.data, image.jpeg)});
                }
                used_images.insert(k);
            }
            prep.image_of.push_back(k);
        }
        prep.images_used.assign(used_images.begin(), used_images.end());
        return prep;
    }

    /// A run with characters above U+FFFF: every character's x (the pen passes the outlines by their
    /// advance) and, for each such character, its outline in a span whose /ActualText is the character,
    /// with an invisible glyph of the run's font scaled to the outline's width (poppler and mupdf extract
    /// the ActualText at the place of the span's glyphs).
    void prepare_outlines(const layout::GlyphRun& run, PreparedPage& prep, size_t r, int f) {
        auto& xs = prep.offsets[r];
        const bool bold = run.bold || fonts.face_embolden(run.face);
        double x = run.x;
        auto& state = font_list[static_cast<size_t>(f)].state;
        for (size_t i = 0; i < run.text.size();) {
            const char32_t cp = next_cp(run.text, i);
            xs.push_back(x);
            const double advance = fonts.advance(run.face, cp);
            if (cp > kLastBmp && has_astral(run.face, cp)) {
                const auto ops = fonts.glyph_outline(run.face, cp);
                if (!ops.empty()) {
                    std::string& o = prep.outlines;
                    const char32_t v = cp - 0x10000;
                    o += "/Span <</ActualText <FEFF";
                    put_hex4(o, 0xD800 + static_cast<unsigned>(v >> 10));
                    put_hex4(o, 0xDC00 + static_cast<unsigned>(v & 0x3FF));
                    o += ">>> BDC\n";
                    // The carrier: a wide character this font already draws (a narrower one would leave a
                    // gap that readers turn into a space).
                    char32_t carrier = 0;
                    for (char32_t c = 0x3000; c <= kLastBmp && !carrier; ++c)
                        if (state[c] == 1) carrier = c;
                    for (char32_t c = 0x20; c < 0x3000 && !carrier; ++c)
                        if (state[c] == 1) carrier = c;
                    if (carrier) {
                        const double carrier_advance = fonts.advance(run.face, carrier);
                        const double scale = carrier_advance > 0 ? 100.0 * advance / carrier_advance : 100.0;
                        o += "BT /F" + std::to_string(f + 1) + " ";
                        put_num(o, run.size);
                        o += " Tf 3 Tr ";
                        put_num(o, scale);
                        o += " Tz 0 Tc 1 0 0 1 ";
                        put_num(o, x);
                        o += ' ';
                        put_num(o, run.y);
                        o += " Tm <";
                        put_hex4(o, static_cast<unsigned>(carrier));
                        o += "> Tj ET\n";
                    }
                    const double s = run.size / 1000.0;
                    if (bold) {
                        put_num(o, run.size * options.bold_stroke_em);
                        o += " w\n";
                    }
                    for (const auto& op : ops) {
                        const auto pt = [&](double px, double py) {
                            put_num(o, x + px * s);
                            o += ' ';
                            put_num(o, run.y + py * s);
                            o += ' ';
                        };
                        switch (op.kind) {
                        case text::PathOp::Kind::move: pt(op.x, op.y); o += "m\n"; break;
                        case text::PathOp::Kind::line: pt(op.x, op.y); o += "l\n"; break;
                        case text::PathOp::Kind::cubic:
                            pt(op.x1, op.y1);
                            pt(op.x2, op.y2);
                            pt(op.x, op.y);
                            o += "c\n";
                            break;
                        case text::PathOp::Kind::close: o += "h\n"; break;
                        }
                    }
                    o += bold ? "B\nEMC\n" : "f\nEMC\n";
                }
            }
            x += advance * run.size / 1000.0 + run.char_spacing;
        }
    }

    /// The page's content stream, from layout's runs and rules alone (any thread).
    std::string content(const layout::LaidOutPage& page, const PreparedPage& prep) const {
        std::string o;
        size_t text_bytes = 0;
        for (const auto& run : page.runs) text_bytes += run.text.size();
        o.reserve(64 + page.rules.size() * 40 + page.runs.size() * 48 + text_bytes * 2);
        for (size_t i = 0; i < page.images.size(); ++i) {
            if (prep.image_of[i] < 0) continue;
            const auto& im = page.images[i];
            o += "q ";
            put_num(o, im.width);
            o += " 0 0 ";
            put_num(o, im.height);
            o += ' ';
            put_num(o, im.x);
            o += ' ';
            put_num(o, im.y);
            o += " cm /Im" + std::to_string(prep.image_of[i] + 1) + " Do Q\n";
        }
        double width = -1;
        for (const auto& rule : page.rules) {
            if (rule.thickness != width) {
                width = rule.thickness;
                put_num(o, width);
                o += " w\n";
            }
            put_num(o, rule.x1);
            o += ' ';
            put_num(o, rule.y1);
            o += " m ";
            put_num(o, rule.x2);
            o += ' ';
            put_num(o, rule.y2);
            o += " l S\n";
        }
        if (!page.runs.empty()) {
            o += "BT\n";
            int font = -1;
            double size = -1, spacing = 0, stroke = -1;
            bool bold_now = false;
            for (size_t r = 0; r < page.runs.size(); ++r) {
                const auto& run = page.runs[r];
                const int f = prep.run_font[r];
                if (f != font || run.size != size) {
                    o += "/F" + std::to_string(f + 1) + ' ';
                    put_num(o, run.size);
                    o += " Tf\n";
                    font = f;
                    size = run.size;
                }
                if (run.char_spacing != spacing) {
                    put_num(o, run.char_spacing);
                    o += " Tc\n";
                    spacing = run.char_spacing;
                }
                const bool bold = run.bold || embolden[static_cast<size_t>(run.face)];
                if (bold != bold_now) {
                    o += bold ? "2 Tr\n" : "0 Tr\n";
                    bold_now = bold;
                }
                if (bold && run.size * options.bold_stroke_em != stroke) {
                    stroke = run.size * options.bold_stroke_em;
                    put_num(o, stroke);
                    o += " w\n";
                }
                const auto xs = prep.offsets.find(r);
                size_t i = 0, k = 0;
                bool open = false;
                while (i < run.text.size()) {
                    const char32_t cp = next_cp(run.text, i);
                    const size_t index = k++;
                    if (cp > kLastBmp) {
                        if (open) o += "> Tj\n";
                        open = false;
                        continue;
                    }
                    if (!open) {
                        const double at = xs == prep.offsets.end() ? run.x : xs->second[index];
                        if (run.angle != 0) {
                            // Rotated text (GlyphRun::angle): the text matrix turned about the run's
                            // origin, the segment placed along the turned baseline.
                            const double turn = run.angle * 3.14159265358979323846 / 180.0, c = std::cos(turn),
                                         s = std::sin(turn), along = at - run.x;
                            put_num(o, c);
                            o += ' ';
                            put_num(o, s);
                            o += ' ';
                            put_num(o, -s);
                            o += ' ';
                            put_num(o, c);
                            o += ' ';
                            put_num(o, run.x + c * along);
                            o += ' ';
                            put_num(o, run.y + s * along);
                        } else {
                            o += "1 0 0 1 ";
                            put_num(o, at);
                            o += ' ';
                            put_num(o, run.y);
                        }
                        o += " Tm <";
                        open = true;
                    }
                    put_hex4(o, static_cast<unsigned>(cp));
                }
                if (open) o += "> Tj\n";
            }
            o += "ET\n";
        }
        o += prep.outlines;
        return o;
    }

    std::vector<char> embolden;  // per FaceId: the map's synthetic bold (read once on the calling thread)

    void add_pages(const std::vector<layout::LaidOutPage>& pages, unsigned threads) {
        if (embolden.empty())
            for (int face = 0; face < fonts.face_count(); ++face) embolden.push_back(fonts.face_embolden(face));
        // The calling thread prepares the pages in order (resources are numbered, characters checked and the
        // document's digest fed in page order, so the bytes do not depend on threads); content streams are
        // built and deflated on every core as soon as their page is prepared, not after the whole batch (the
        // preparing was a seventh of the writing, on one core while the others waited). Pages are written in
        // order at the end.
        std::vector<PreparedPage> prepared(pages.size());
        std::vector<std::string> streams(pages.size());
        // A few pages (a dossier, a 提醒表, often written from a worker of run_parallel already) stay on the
        // calling thread; a book's batches use every core.
        const unsigned workers =
            std::min<size_t>(threads ? threads : pages.size() >= 16 ? writer_threads() : 1, pages.size());
        std::atomic<size_t> next{0};
        std::atomic<size_t> ready{0};        // pages prepared so far
        std::atomic<bool> abandoned{false};  // a page could not be prepared or written: stop
        std::exception_ptr failure;
        std::mutex failure_mutex;
        auto fail = [&] {
            std::lock_guard lock(failure_mutex);
            if (!failure) failure = std::current_exception();
            abandoned = true;
        };
        auto work = [&] {
            try {
                for (size_t p = next++; p < pages.size() && !abandoned; p = next++) {
                    for (size_t r = ready.load(std::memory_order_acquire); r <= p && !abandoned;
                         r = ready.load(std::memory_order_acquire))
                        ready.wait(r, std::memory_order_acquire);
                    if (abandoned) return;
                    streams[p] = deflate(content(pages[p], prepared[p]));
                }
            } catch (...) {
                fail();
            }
        };
        std::vector<std::thread> pool;
        for (unsigned w = 1; w < workers; ++w) pool.emplace_back(work);
        try {
            for (size_t p = 0; p < pages.size() && !abandoned; ++p) {
                prepared[p] = prepare(pages[p], labels.size() + p);
                ready.store(p + 1, std::memory_order_release);
                ready.notify_all();
            }
        } catch (...) {
            fail();
        }
        if (abandoned) {  // wake the workers waiting for a page that will not come
            ready.store(pages.size(), std::memory_order_release);
            ready.notify_all();
        }
        work();
        for (auto& t : pool) t.join();
        if (failure) std::rethrow_exception(failure);
        for (size_t p = 0; p < pages.size(); ++p) write_page(pages[p], prepared[p], streams[p]);
    }

    void write_page(const layout::LaidOutPage& page, const PreparedPage& prep, const std::string& stream) {
        if (node_kids.empty() || node_kids.back().size() >= kPagesPerNode) {
            node_objects.push_back(new_object());
            node_kids.emplace_back();
        }
        const int page_object = new_object();
        const int contents = new_object();
        node_kids.back().push_back(page_object);
        std::string d = "<< /Type /Page /Parent " + std::to_string(node_objects.back()) + " 0 R /MediaBox [0 0 " +
                        num(page.width) + " " + num(page.height) + "] /Resources <<";
        if (!prep.fonts_used.empty()) {
            d += " /Font <<";
            for (int f : prep.fonts_used)
                d += " /F" + std::to_string(f + 1) + " " + std::to_string(font_list[static_cast<size_t>(f)].object) + " 0 R";
            d += " >>";
        }
        if (!prep.images_used.empty()) {
            d += " /XObject <<";
            for (int k : prep.images_used)
                d += " /Im" + std::to_string(k + 1) + " " + std::to_string(images[static_cast<size_t>(k)].object) + " 0 R";
            d += " >>";
        }
        d += " >> /Contents " + std::to_string(contents) + " 0 R >>";
        object(page_object, d);
        begin_object(contents);
        put("<< /Length " + std::to_string(stream.size()) + " /Filter /FlateDecode >>\nstream\n");
        put(stream);
        put("\nendstream\nendobj\n");
        labels.push_back(page.label);
        for (const auto& mark : page.bookmarks)
            marks.push_back({mark.title, std::max(0, mark.level), page_object, std::clamp(mark.y, 0.0, page.height)});
    }

    /// An image XObject: JPEG as it is (DCTDecode), PNG decoded by libpng and deflated.
    int write_image(const std::string& bytes, bool jpeg) {
        const int n = new_object();
        if (jpeg) {
            int width = 0, height = 0, components = 3;
            if (!jpeg_header(bytes, width, height, components))
                throw std::runtime_error("a JPEG picture has no frame header");
            stream(n,
                   "/Type /XObject /Subtype /Image /Width " + std::to_string(width) + " /Height " + std::to_string(height) +
                       " /ColorSpace " + (components == 1 ? "/DeviceGray" : "/DeviceRGB") +
                       " /BitsPerComponent 8 /Filter /DCTDecode",
                   bytes, false);
        } else {
            const Pixels px = decode_png(bytes);
            stream(n,
                   "/Type /XObject /Subtype /Image /Width " + std::to_string(px.width) + " /Height " +
                       std::to_string(px.height) + " /ColorSpace " + (px.colours == 1 ? "/DeviceGray" : "/DeviceRGB") +
                       " /BitsPerComponent 8",
                   px.data, true);
        }
        return n;
    }

    /// One embedded font: Type0 (Identity-H) over a CIDFontType2 whose CIDs are the characters' Unicode
    /// values; the CIDToGIDMap maps them to the subset's glyphs.
    void write_font(const Font& font, const std::string& content_id) {
        std::set<char32_t> chars;
        for (char32_t cp = 0; cp <= kLastBmp; ++cp)
            if (font.state[cp]) chars.insert(cp);
        const std::string subset = fonts.subset_face(font.face, chars);
        hb_blob_t* blob = hb_blob_create(subset.data(), static_cast<unsigned>(subset.size()), HB_MEMORY_MODE_READONLY,
                                         nullptr, nullptr);
        hb_face_t* face = hb_face_create(blob, 0);
        hb_font_t* hb = hb_font_create(face);
        const unsigned upem = std::max(1u, hb_face_get_upem(face));
        // The PostScript name, as a PDF name may carry it.
        char name_buf[128] = {0};
        unsigned name_len = sizeof name_buf;
        hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &name_len, name_buf);
        std::string ps;
        for (const char* c = name_buf; *c; ++c)
            if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-') ps += *c;
        if (ps.empty()) ps = "Font" + std::to_string(font.face);
        const std::string tag = subset_tag(content_id + fonts.face_name(font.face) + std::to_string(font.face));
        const std::string base = tag + "+" + ps;

        const char32_t last = chars.empty() ? 0 : *chars.rbegin();
        std::string gid_map((last + 1) * 2, '\0');
        std::string widths = "[";
        char32_t prev = 0;
        bool open = false;
        for (const char32_t cp : chars) {
            hb_codepoint_t gid = 0;
            hb_font_get_nominal_glyph(hb, cp, &gid);
            gid_map[cp * 2] = static_cast<char>(gid >> 8);
            gid_map[cp * 2 + 1] = static_cast<char>(gid & 0xFF);
            const double w = std::round(hb_font_get_glyph_h_advance(hb, gid) * 1000.0 / upem);
            if (!open || cp != prev + 1) {
                if (open) widths += "]";
                widths += " " + std::to_string(cp) + " [";
                open = true;
            } else {
                widths += ' ';
            }
            put_num(widths, w);
            prev = cp;
        }
        if (open) widths += "]";
        widths += " ]";
        hb_blob_t* head = hb_face_reference_table(face, HB_TAG('h', 'e', 'a', 'd'));
        unsigned head_len = 0;
        const char* h = hb_blob_get_data(head, &head_len);
        int bbox[4] = {0, -200, 1000, 900};
        if (h && head_len >= 44) {
            const std::string hs(h, head_len);
            for (int i = 0; i < 4; ++i)
                bbox[i] = static_cast<int>(std::lround(static_cast<int16_t>(be16(hs, 36 + 2 * i)) * 1000.0 / upem));
        }
        hb_blob_destroy(head);
        hb_font_extents_t extents{};
        hb_font_get_h_extents(hb, &extents);
        const long ascent = std::lround(extents.ascender * 1000.0 / upem);
        const long descent = std::lround(extents.descender * 1000.0 / upem);
        hb_font_destroy(hb);
        hb_face_destroy(face);
        hb_blob_destroy(blob);

        const int descendant = new_object(), descriptor = new_object(), file = new_object(), cid_map = new_object(),
                  to_unicode = new_object();
        const int cidset = options.pdfa ? new_object() : 0;
        object(font.object, "<< /Type /Font /Subtype /Type0 /BaseFont /" + base + " /Encoding /Identity-H /DescendantFonts [" +
                                std::to_string(descendant) + " 0 R] /ToUnicode " + std::to_string(to_unicode) + " 0 R >>");
        object(descendant, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /" + base +
                               " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor " +
                               std::to_string(descriptor) + " 0 R /DW 1000 /W " + widths + " /CIDToGIDMap " +
                               std::to_string(cid_map) + " 0 R >>");
        const auto cap = cap_height(subset);
        std::string d = "<< /Type /FontDescriptor /FontName /" + base + " /Flags 4 /FontBBox [" + std::to_string(bbox[0]) +
                        " " + std::to_string(bbox[1]) + " " + std::to_string(bbox[2]) + " " + std::to_string(bbox[3]) +
                        "] /ItalicAngle 0 /Ascent " + std::to_string(ascent) + " /Descent " + std::to_string(descent) +
                        " /CapHeight " + std::to_string(cap.value_or(static_cast<int>(ascent * 7 / 10))) +
                        " /StemV 80 /FontFile2 " + std::to_string(file) + " 0 R";
        if (cidset) d += " /CIDSet " + std::to_string(cidset) + " 0 R";
        object(descriptor, d + " >>");
        stream(file, "/Length1 " + std::to_string(subset.size()), subset, true);
        stream(cid_map, "", gid_map, true);
        // ToUnicode: each code is its character (bfchar only: PDF 32000-1 §9.10.3), 100 per block.
        std::string cmap =
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
        const std::vector<char32_t> list(chars.begin(), chars.end());
        for (size_t i = 0; i < list.size(); i += 100) {
            const size_t n = std::min<size_t>(100, list.size() - i);
            cmap += std::to_string(n) + " beginbfchar\n";
            for (size_t k = i; k < i + n; ++k) {
                cmap += '<';
                put_hex4(cmap, static_cast<unsigned>(list[k]));
                cmap += "> <";
                put_hex4(cmap, static_cast<unsigned>(list[k]));
                cmap += ">\n";
            }
            cmap += "endbfchar\n";
        }
        cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
        stream(to_unicode, "", cmap, true);
        if (cidset) stream(cidset, "", cid_set(chars), true);
    }

    /// Bookmarks nest by level: a level-n entry goes under the latest entry of level n-1; a level that
    /// skips (0 then 2) attaches to the deepest open entry. Every entry is open.
    int write_outlines() {
        if (marks.empty()) return 0;
        struct Node {
            int object, parent = -1;  // parent: index in nodes, -1 = the root
            std::vector<int> kids;
            int count = 0;
        };
        std::vector<Node> nodes;
        std::vector<int> top, open;
        for (size_t i = 0; i < marks.size(); ++i) {
            size_t level = static_cast<size_t>(marks[i].level);
            if (level > open.size()) level = open.size();
            Node node{new_object()};
            node.parent = level == 0 ? -1 : open[level - 1];
            const int index = static_cast<int>(nodes.size());
            nodes.push_back(node);
            if (node.parent < 0) top.push_back(index);
            else nodes[static_cast<size_t>(node.parent)].kids.push_back(index);
            open.resize(level);
            open.push_back(index);
        }
        for (size_t i = nodes.size(); i-- > 0;)  // descendants, all open
            if (nodes[i].parent >= 0) nodes[static_cast<size_t>(nodes[i].parent)].count += nodes[i].count + 1;
        const int root = new_object();
        int total = 0;
        for (int t : top) total += nodes[static_cast<size_t>(t)].count + 1;
        auto ref = [](int n) { return std::to_string(n) + " 0 R"; };
        auto siblings = [&](const std::vector<int>& list, size_t k, std::string& d) {
            if (k > 0) d += " /Prev " + ref(nodes[static_cast<size_t>(list[k - 1])].object);
            if (k + 1 < list.size()) d += " /Next " + ref(nodes[static_cast<size_t>(list[k + 1])].object);
        };
        auto write_list = [&](const std::vector<int>& list, int parent_object) {
            for (size_t k = 0; k < list.size(); ++k) {
                const Node& node = nodes[static_cast<size_t>(list[k])];
                const Mark& mark = marks[static_cast<size_t>(list[k])];
                // [page /XYZ 0 top null]: jump to the bookmark's top and keep the reader's zoom; a direct
                // array (PDF/A-1 validators reject an indirect /Dest).
                std::string d = "<< /Title " + text_string(mark.title) + " /Parent " + ref(parent_object) +
                                " /Dest [" + ref(mark.page) + " /XYZ 0 " + num(mark.y) + " null]";
                siblings(list, k, d);
                if (!node.kids.empty())
                    d += " /First " + ref(nodes[static_cast<size_t>(node.kids.front())].object) + " /Last " +
                         ref(nodes[static_cast<size_t>(node.kids.back())].object) + " /Count " + std::to_string(node.count);
                object(node.object, d + " >>");
            }
        };
        object(root, "<< /Type /Outlines /First " + ref(nodes[static_cast<size_t>(top.front())].object) + " /Last " +
                         ref(nodes[static_cast<size_t>(top.back())].object) + " /Count " + std::to_string(total) + " >>");
        write_list(top, root);
        for (const Node& node : nodes)
            if (!node.kids.empty()) write_list(node.kids, node.object);
        return root;
    }

    std::string page_labels() {
        std::vector<std::string> shown = labels;
        std::set<std::string> seen;
        bool repeated = false;
        for (const auto& label : shown)
            if (!label.empty() && !seen.insert(label).second) repeated = true;
        // A book numbers each 件 on its own (第 1 页 … in print), so its printed labels repeat; a viewer's
        // "go to page 37" must name one page, so such a file gets one continuous count instead.
        if (repeated)
            for (size_t p = 0; p < shown.size(); ++p) shown[p] = std::to_string(p + 1);
        std::string nums;
        for (const auto& range : plan_page_labels(shown)) {
            nums += ' ' + std::to_string(range.first_page) + " <<";
            if (range.style == PageLabelRange::Style::decimal) nums += " /S /D";
            if (range.style == PageLabelRange::Style::upper_roman) nums += " /S /R";
            if (range.style == PageLabelRange::Style::lower_roman) nums += " /S /r";
            if (range.style != PageLabelRange::Style::none && range.start != 1)
                nums += " /St " + std::to_string(range.start);
            if (!range.prefix.empty()) nums += " /P " + text_string(range.prefix);
            nums += " >>";
        }
        return nums.empty() ? "" : "<< /Nums [" + nums + " ] >>";
    }

    /// The header, then what is known before the first page: Info and, for PDF/A-1b, the sRGB profile and
    /// the XMP packet. They sit at the start of the file, where `dangan` finds its /Creator before
    /// replacing a file (jobs/output_guard.cpp), however long the book.
    void header() {
        pages_root = new_object();
        put("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
        // Info (UTF-16BE text strings) and, for PDF/A-1b, the XMP packet that must say the same.
        std::optional<PdfDate> created;
        if (!info.created.empty()) {
            created = parse_iso_date(info.created);
            if (!created)
                diagnostics.push_back({core::Severity::warning, core::Location{options.source_name, 0, 0, "", ""},
                                       core::tr("文档创建时间“" + info.created +
                                                    "”不是 ISO 日期时间（如 2024-03-15T09:30:00），已略去",
                                                "document creation date '" + info.created +
                                                    "' is not an ISO date-time such as 2024-03-15T09:30:00; it is left out"),
                                       {}});
        } else if (!options.deterministic) {
            created = now_utc();
        }
        // UTC as "+00'00'", not "Z": PDFBox Preflight reads the Z form as a zone that differs from the
        // XMP date's "Z" and rejects the file as PDF/A.
        if (created && created->ind == 'Z') {
            created->ind = '+';
            created->off_hour = 0;
            created->off_minutes = 0;
        }
        const std::string producer = "dangan";
        info_object = new_object();
        std::string d = "<<";
        auto add = [&](const char* key, const std::string& value) {
            if (!value.empty()) d += std::string(" /") + key + " " + text_string(value);
        };
        add("Title", info.title);
        add("Author", info.author);
        add("Subject", info.subject);
        add("Keywords", info.keywords);
        add("Creator", options.creator);
        add("Producer", producer);
        if (created) d += " /CreationDate " + pdf_date(*created) + " /ModDate " + pdf_date(*created);
        object(info_object, d + " >>");

        if (options.pdfa) {
            const std::string& icc = srgb_profile();
            if (icc.empty()) {
                diagnostics.push_back({core::Severity::warning, core::Location{options.source_name, 0, 0, "", ""},
                                       "no sRGB ICC profile found (looked in " + srgb_profile_locations() +
                                           "): the file is written as plain PDF, not PDF/A",
                                       {"install the Debian package icc-profiles-free (scripts/install-deps.sh does)"}});
            } else {
                const int profile = new_object(), metadata = new_object();
                stream(profile, "/N 3", icc, true);
                const XmpFields fields{info.title, info.author, info.subject, info.keywords, options.creator, producer, created};
                // PDF/A-1 §6.7.2: the packet stays readable as text (not compressed).
                stream(metadata, "/Type /Metadata /Subtype /XML", make_xmp(fields), false);
                catalog_extra += " /Metadata " + std::to_string(metadata) +
                           " 0 R /OutputIntents [ << /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier "
                           "(sRGB IEC61966-2.1) /Info (sRGB IEC61966-2.1) /DestOutputProfile " +
                           std::to_string(profile) + " 0 R >> ]";
            }
        }
    }
    int info_object = 0;
    std::string catalog_extra;

    std::vector<core::Diagnostic> finish() {
        const std::string content_id = Poco::DigestEngine::digestToHex(digest.digest());
        for (const auto& font : font_list) write_font(font, content_id);
        std::string kids;
        size_t count = 0;
        for (size_t i = 0; i < node_objects.size(); ++i) {
            std::string k;
            for (int p : node_kids[i]) k += std::to_string(p) + " 0 R ";
            object(node_objects[i], "<< /Type /Pages /Parent " + std::to_string(pages_root) + " 0 R /Kids [ " + k +
                                        "] /Count " + std::to_string(node_kids[i].size()) + " >>");
            kids += std::to_string(node_objects[i]) + " 0 R ";
            count += node_kids[i].size();
        }
        object(pages_root, "<< /Type /Pages /Kids [ " + kids + "] /Count " + std::to_string(count) + " >>");
        const int outlines = write_outlines();

        std::string catalog = "<< /Type /Catalog /Pages " + std::to_string(pages_root) + " 0 R";
        if (const std::string labels_dict = page_labels(); !labels_dict.empty()) catalog += " /PageLabels " + labels_dict;
        if (outlines) catalog += " /Outlines " + std::to_string(outlines) + " 0 R /PageMode /UseOutlines";
        catalog += catalog_extra;
        const int catalog_object = new_object();
        object(catalog_object, catalog + " >>");

        // The file /ID: a digest of the content; in normal mode the time and process too.
        Poco::MD5Engine id;
        id.update(content_id);
        if (!options.deterministic) id.update(std::to_string(std::time(nullptr)) + std::to_string(::getpid()));
        const std::string hex = Poco::DigestEngine::digestToHex(id.digest());

        const size_t xref = tell();
        std::string x = "xref\n0 " + std::to_string(offsets.size()) + "\n0000000000 65535 f \n";
        char entry[24];
        for (size_t n = 1; n < offsets.size(); ++n) {
            std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offsets[n]);
            x += entry;
            if (x.size() >= kFlushAt) {
                put(x);
                x.clear();
            }
        }
        put(x);
        put("trailer\n<< /Size " + std::to_string(offsets.size()) + " /Root " + std::to_string(catalog_object) +
            " 0 R /Info " + std::to_string(info_object) + " 0 R /ID [<" + hex + "> <" + hex + ">] >>\nstartxref\n" +
            std::to_string(xref) + "\n%%EOF\n");
        flush();
        return std::move(diagnostics);
    }
};

PdfWriter::PdfWriter(text::FontBook& fonts, const PdfOptions& options, const layout::DocumentInfo& info, ByteSink sink)
    : impl_(std::make_unique<Impl>(fonts, options, info, std::move(sink))) {
    impl_->digest.update(info.title);
    impl_->digest.update(info.author);
    impl_->digest.update(info.created);
    impl_->header();
}

PdfWriter::~PdfWriter() = default;

void PdfWriter::add_pages(const std::vector<layout::LaidOutPage>& pages, unsigned threads) {
    impl_->add_pages(pages, threads);
}

std::vector<core::Diagnostic> PdfWriter::finish() { return impl_->finish(); }

size_t PdfWriter::size() const { return impl_->tell(); }
size_t PdfWriter::pages() const { return impl_->labels.size(); }

std::vector<core::Diagnostic> write_pdf(const layout::LaidOutDocument& document, text::FontBook& fonts,
                                        const PdfOptions& options, std::string& out) {
    out.clear();
    PdfWriter writer(fonts, options, document.info, [&out](std::string_view bytes) { out.append(bytes); });
    writer.add_pages(document.pages);
    return writer.finish();
}

}  // namespace dangan::pdf
