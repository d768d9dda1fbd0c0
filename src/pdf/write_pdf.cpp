#include "pdf/write_pdf.hpp"

#include "core/unicode_text.hpp"
#include "pdf/haru.hpp"
#include "pdf/page_labels.hpp"
#include "pdf/pdfa.hpp"

#include <cmath>
#include <csignal>
#include <cstdlib>
#include <hpdf.h>
// libharu's public API cannot write a trailer /ID, a page label without a numbering style, an XYZ
// destination that keeps the reader's zoom, or a valid ToUnicode map. Its object-level functions can;
// libhpdf 2.3 exports them and libhpdf-dev installs their headers, so the writer uses them for those
// four things only.
#include <hpdf_catalog.h>
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_objects.h>
#include <hpdf_page_label.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include <Poco/MD5Engine.h>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <stdexcept>
#include <tuple>
#include <unistd.h>

namespace dangan::pdf {
namespace {

constexpr char32_t kLastBmp = 0xFFFF;  // libharu 2.3's UTF-8 encoder maps CIDs 0000–FFFF only

/// Temporary subset font files. libharu 2.3 loads TrueType only from a file and reads the glyph
/// data again when saving, so the files must outlive HPDF_SaveToStream; declared before the
/// HaruDoc, this is destroyed (files removed) after the document is freed.
class TempFiles {
public:
    TempFiles() = default;
    TempFiles(const TempFiles&) = delete;
    TempFiles& operator=(const TempFiles&) = delete;
    ~TempFiles() {
        for (const auto& path : paths_) {
            std::error_code ec;
            std::filesystem::remove(path, ec);
        }
    }
    /// "dangan-font-<pid>-": the process id lets a later run remove the files of a run that was killed.
    static std::string prefix(long pid) { return "dangan-font-" + std::to_string(pid) + "-"; }

    /// Removes subset fonts left in the temporary folder by runs that were killed before their cleanup.
    static void remove_orphans() {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::temp_directory_path(), ec)) {
            const std::string name = entry.path().filename().string();
            if (!name.starts_with("dangan-font-")) continue;
            char* end = nullptr;
            const long pid = std::strtol(name.c_str() + 12, &end, 10);
            if (pid <= 0 || *end != '-') continue;
            if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) std::filesystem::remove(entry.path(), ec);
        }
    }

    std::string write(const std::string& bytes) {
        if (paths_.empty()) remove_orphans();
        std::string name =
            (std::filesystem::temp_directory_path() / (prefix(::getpid()) + "XXXXXX.ttf")).string();
        const int fd = ::mkstemps(name.data(), 4);
        if (fd < 0) throw std::runtime_error("cannot create a temporary font file in " + std::filesystem::temp_directory_path().string());
        paths_.push_back(name);
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
            if (n <= 0) {
                ::close(fd);
                throw std::runtime_error("cannot write the temporary font file " + name);
            }
            done += static_cast<std::size_t>(n);
        }
        if (::close(fd) != 0) throw std::runtime_error("cannot write the temporary font file " + name);
        return name;
    }

private:
    std::vector<std::string> paths_;
};

std::string hex_cp(char32_t cp) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
    return buf;
}

/// Up to `radius` characters either side of position `i`, for messages.
std::string context_around(const std::u32string& cps, std::size_t i, std::size_t radius = 8) {
    const std::size_t from = i > radius ? i - radius : 0;
    const std::size_t to = std::min(cps.size(), i + radius + 1);
    return core::to_utf8(std::u32string_view(cps).substr(from, to - from));
}

/// "2024-03-15T09:30:00", optionally with "Z" or "+08:00"; seconds and time optional.
std::optional<HPDF_Date> parse_iso_date(const std::string& text) {
    static const std::regex pattern(
        R"((\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?(Z|([+-])(\d{2}):?(\d{2}))?)");
    std::smatch m;
    if (!std::regex_match(text, m, pattern)) return std::nullopt;
    HPDF_Date d{};
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

HPDF_Date now_utc() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    HPDF_Date d{};
    d.year = tm.tm_year + 1900;
    d.month = tm.tm_mon + 1;
    d.day = tm.tm_mday;
    d.hour = tm.tm_hour;
    d.minutes = tm.tm_min;
    d.seconds = tm.tm_sec;
    d.ind = 'Z';
    return d;
}

/// A character drawn as a path because libharu cannot encode it.
struct OutlineGlyph {
    text::FaceId face;
    char32_t cp;
    double x, y, size;
    bool bold;
};

struct Writer {
    const layout::LaidOutDocument& doc;
    text::FontBook& fonts;
    const PdfOptions& options;
    std::vector<core::Diagnostic> diagnostics;
    std::vector<std::vector<std::u32string>> decoded;  // [page][run] code points
    std::map<text::FaceId, std::set<char32_t>> used;    // file face → BMP characters drawn as text
    std::map<text::FaceId, HPDF_Font> haru_fonts;       // file face → loaded font
    TempFiles temp_files;                               // must outlive `pdf` (declared first)
    HaruDoc pdf;
    HPDF_Encoder utf8 = nullptr;
    std::string content_digest;                         // MD5 of the text and labels (content_id())
    /// PDF/A: what each font's descriptor still needs when libharu writes it (complete_font).
    struct FontExtras {
        HPDF_Dict_BeforeWriteFunc libharu_before_write = nullptr;
        std::optional<int> cap_height;
        std::set<char32_t> cids;
    };
    std::map<HPDF_Dict, FontExtras> font_extras;

    Writer(const layout::LaidOutDocument& d, text::FontBook& f, const PdfOptions& o)
        : doc(d), fonts(f), options(o) {}

    core::Location where(std::size_t page) const {
        core::Location loc;
        loc.file = options.source_name;
        loc.record = "page " + std::to_string(page + 1);
        return loc;
    }

    /// Decodes every run, collects the characters each face must embed, and reports characters
    /// that cannot be drawn as text: the writer never drops one silently. Each character is
    /// reported once per page and face (with its first context there), so a rare name on every page of a
    /// 3,800-page ledger gives one line per page, not one per occurrence.
    void collect() {
        std::set<std::tuple<std::size_t, char32_t, text::FaceId>> reported;  // (page, character, face)
        for (std::size_t p = 0; p < doc.pages.size(); ++p) {
            auto& page_runs = decoded.emplace_back();
            for (const auto& run : doc.pages[p].runs) {
                const std::u32string cps = core::to_code_points(run.text);
                for (std::size_t i = 0; i < cps.size(); ++i) {
                    const char32_t cp = cps[i];
                    const bool has = fonts.has_glyph(run.face, cp);
                    if (!has || cp > kLastBmp) {
                        if (reported.insert({p, cp, run.face}).second) report(p, run.face, cps, i, has);
                        if (cp > kLastBmp) continue;  // drawn as an outline (or not at all when missing)
                    }
                    used[fonts.file_face(run.face)].insert(cp);
                }
                page_runs.push_back(cps);
            }
        }
    }

    void report(std::size_t page, text::FaceId face, const std::u32string& cps, std::size_t i, bool has) {
        const char32_t cp = cps[i];
        // Control characters are shown by code only: a raw newline would break the message.
        const bool printable = cp >= 0x20 && !(cp >= 0x7F && cp <= 0x9F);
        const std::string shown = printable ? core::to_utf8(cp) + " (" + hex_cp(cp) + ")" : hex_cp(cp);
        const std::string context = "in \"" + context_around(cps, i) + "\"";
        if (!has) {
            diagnostics.push_back({core::Severity::error, where(page),
                                   "character " + shown + " has no glyph in font " + fonts.face_name(face) +
                                       " and prints as an empty box, " + context,
                                   {"add a font that has it to the family's fallback list in fonts.json"}});
        } else {
            diagnostics.push_back({core::Severity::warning, where(page),
                                   "character " + shown + " is drawn as an outline from " + fonts.face_name(face) +
                                       " (libharu 2.3 cannot encode characters above U+FFFF): it prints correctly and "
                                       "extracts through /ActualText, but a reader without ActualText support will not "
                                       "find it, " + context,
                                   {}});
        }
    }

    std::optional<HPDF_Date> set_info() {
        // Without a current UTF-8 encoder libharu writes Info strings as raw UTF-8 bytes (mojibake
        // in viewers); with it, UTF-16BE with a BOM (text-and-pdf.md §1).
        pdf.check(HPDF_SetCurrentEncoder(pdf, "UTF-8"), "HPDF_SetCurrentEncoder(UTF-8)");
        const auto set = [&](HPDF_InfoType type, const std::string& value, const char* what) {
            if (!value.empty()) pdf.check(HPDF_SetInfoAttr(pdf, type, value.c_str()), what);
        };
        set(HPDF_INFO_TITLE, doc.info.title, "HPDF_SetInfoAttr(Title)");
        set(HPDF_INFO_AUTHOR, doc.info.author, "HPDF_SetInfoAttr(Author)");
        set(HPDF_INFO_SUBJECT, doc.info.subject, "HPDF_SetInfoAttr(Subject)");
        set(HPDF_INFO_KEYWORDS, doc.info.keywords, "HPDF_SetInfoAttr(Keywords)");
        set(HPDF_INFO_CREATOR, options.creator, "HPDF_SetInfoAttr(Creator)");

        std::optional<HPDF_Date> created;
        if (!doc.info.created.empty()) {
            created = parse_iso_date(doc.info.created);
            if (!created)
                diagnostics.push_back({core::Severity::warning, core::Location{options.source_name, 0, 0, "", ""},
                                       "document creation date '" + doc.info.created +
                                           "' is not an ISO date-time such as 2024-03-15T09:30:00; it is left out",
                                       {}});
        } else if (!options.deterministic) {
            created = now_utc();
        }
        // UTC as "+00'00'", not "Z00'00'": both are valid PDF dates, but PDFBox Preflight reads the Z
        // form as a zone that differs from the XMP date's "Z" and rejects the file as PDF/A.
        if (created && created->ind == 'Z') {
            created->ind = '+';
            created->off_hour = 0;
            created->off_minutes = 0;
        }
        if (created) {
            pdf.check(HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, *created), "HPDF_SetInfoDateAttr(CreationDate)");
            pdf.check(HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, *created), "HPDF_SetInfoDateAttr(ModDate)");
        }
        return created;
    }

    void load_fonts() {
        for (const auto& [face, chars] : used) {
            const std::string subset = fonts.subset_face(face, chars);
            const std::string path = temp_files.write(subset);
            // libharu names subsets HPDFAA+, HPDFAB+, … in every file; a tag from the content and the
            // face keeps tags unique across files (PDF 32000-1 §9.6.4) and deterministic. libharu
            // increments its counter before use, so it is set one step back.
            std::string tag = subset_tag(content_digest + fonts.face_name(face) + std::to_string(face));
            tag[5] = static_cast<char>(tag[5] - 1);
            std::memcpy(pdf.get()->ttfont_tag, tag.data(), 6);
            const char* name = pdf.check_handle(HPDF_LoadTTFontFromFile(pdf, path.c_str(), HPDF_TRUE),
                                                "HPDF_LoadTTFontFromFile (subset of font file)");
            HPDF_Font font = pdf.check_handle(HPDF_GetFont(pdf, name, "UTF-8"), "HPDF_GetFont(UTF-8)");
            haru_fonts[face] = font;
            replace_to_unicode(font, chars);
            if (options.pdfa && font->before_write_fn) {
                FontExtras& extras = font_extras[font];
                extras.libharu_before_write = font->before_write_fn;
                extras.cap_height = cap_height(subset);
                extras.cids = chars;
                font->before_write_fn = &font_before_write;
            }
        }
    }

    /// libharu builds a CID font's descriptor only while saving (its before-write function); this runs
    /// after it and adds what PDF/A-1 asks and libharu 2.3 leaves out: CapHeight and, for a subset,
    /// the CIDSet (ISO 19005-1 §6.3.5). The codes are Unicode values (Identity-H through libharu's
    /// UTF-8 encoder), so the CIDs present are the characters drawn with the font.
    static HPDF_STATUS font_before_write(HPDF_Dict obj) {
        Writer* self = current;
        if (!self) return HPDF_INVALID_OBJECT;
        const auto it = self->font_extras.find(obj);
        if (it == self->font_extras.end()) return HPDF_INVALID_OBJECT;
        const FontExtras& extras = it->second;
        HPDF_STATUS status = extras.libharu_before_write(obj);
        if (status != HPDF_OK) return status;
        auto* attr = static_cast<HPDF_FontAttr>(obj->attr);
        HPDF_Dict descriptor = attr->fontdef ? attr->fontdef->descriptor : nullptr;
        if (!descriptor || HPDF_Dict_GetItem(descriptor, "CIDSet", HPDF_OCLASS_DICT)) return HPDF_OK;
        if (extras.cap_height) {
            status = HPDF_Dict_AddNumber(descriptor, "CapHeight", *extras.cap_height);
            if (status != HPDF_OK) return status;
        }
        HPDF_Dict cid_set_stream = HPDF_DictStream_New(obj->mmgr, attr->xref);
        if (!cid_set_stream) return HPDF_FAILD_TO_ALLOC_MEM;
        cid_set_stream->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
        const std::string bits = cid_set(extras.cids);
        status = HPDF_Stream_Write(cid_set_stream->stream, reinterpret_cast<const HPDF_BYTE*>(bits.data()),
                                   static_cast<HPDF_UINT>(bits.size()));
        if (status != HPDF_OK) return status;
        return HPDF_Dict_Add(descriptor, "CIDSet", cid_set_stream);
    }
    /// The writer saving on this thread (libharu's callbacks carry no user pointer).
    static thread_local Writer* current;

    /// PDF/A-1b document level: version 1.4, the XMP packet equal to the Info entries, and the sRGB
    /// OutputIntent. Returns false (and warns) when no sRGB profile is installed.
    bool add_pdfa(const std::optional<HPDF_Date>& created) {
        const std::string& icc = srgb_profile();
        if (icc.empty()) {
            diagnostics.push_back({core::Severity::warning, core::Location{options.source_name, 0, 0, "", ""},
                                   "no sRGB ICC profile found (looked in " + srgb_profile_locations() +
                                       "): the file is written as plain PDF, not PDF/A",
                                   {"install the Debian package icc-profiles-free (scripts/install-deps.sh does)"}});
            return false;
        }
        pdf.get()->pdf_version = HPDF_VER_14;
        HPDF_MMgr mmgr = pdf.get()->mmgr;
        HPDF_Xref xref = pdf.get()->xref;

        HPDF_Dict profile = pdf.check_handle(HPDF_DictStream_New(mmgr, xref), "HPDF_DictStream_New(ICC)");
        profile->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
        pdf.check(HPDF_Dict_AddNumber(profile, "N", 3), "HPDF_Dict_AddNumber(N)");
        pdf.check(HPDF_Stream_Write(profile->stream, reinterpret_cast<const HPDF_BYTE*>(icc.data()),
                                    static_cast<HPDF_UINT>(icc.size())),
                  "HPDF_Stream_Write(ICC)");
        HPDF_Dict intent = pdf.check_handle(HPDF_Dict_New(mmgr), "HPDF_Dict_New(OutputIntent)");
        pdf.check(HPDF_Xref_Add(xref, intent), "HPDF_Xref_Add(OutputIntent)");
        pdf.check(HPDF_Dict_AddName(intent, "Type", "OutputIntent"), "HPDF_Dict_AddName(Type)");
        pdf.check(HPDF_Dict_AddName(intent, "S", "GTS_PDFA1"), "HPDF_Dict_AddName(S)");
        pdf.check(HPDF_Dict_Add(intent, "OutputConditionIdentifier", HPDF_String_New(mmgr, "sRGB IEC61966-2.1", nullptr)),
                  "HPDF_Dict_Add(OutputConditionIdentifier)");
        pdf.check(HPDF_Dict_Add(intent, "Info", HPDF_String_New(mmgr, "sRGB IEC61966-2.1", nullptr)),
                  "HPDF_Dict_Add(Info)");
        pdf.check(HPDF_Dict_Add(intent, "DestOutputProfile", profile), "HPDF_Dict_Add(DestOutputProfile)");
        HPDF_Array intents = pdf.check_handle(HPDF_Array_New(mmgr), "HPDF_Array_New(OutputIntents)");
        pdf.check(HPDF_Array_Add(intents, intent), "HPDF_Array_Add(OutputIntent)");
        pdf.check(HPDF_Dict_Add(pdf.get()->catalog, "OutputIntents", intents), "HPDF_Dict_Add(OutputIntents)");

        XmpFields fields{doc.info.title, doc.info.author, doc.info.subject, doc.info.keywords, options.creator,
                         HPDF_GetInfoAttr(pdf, HPDF_INFO_PRODUCER) ? HPDF_GetInfoAttr(pdf, HPDF_INFO_PRODUCER) : "",
                         created};
        const std::string xmp = make_xmp(fields);
        HPDF_Dict metadata = pdf.check_handle(HPDF_DictStream_New(mmgr, xref), "HPDF_DictStream_New(Metadata)");
        metadata->filter = HPDF_STREAM_FILTER_NONE;  // PDF/A-1 §6.7.2: the packet stays readable as text
        pdf.check(HPDF_Dict_AddName(metadata, "Type", "Metadata"), "HPDF_Dict_AddName(Type)");
        pdf.check(HPDF_Dict_AddName(metadata, "Subtype", "XML"), "HPDF_Dict_AddName(Subtype)");
        pdf.check(HPDF_Stream_Write(metadata->stream, reinterpret_cast<const HPDF_BYTE*>(xmp.data()),
                                    static_cast<HPDF_UINT>(xmp.size())),
                  "HPDF_Stream_Write(Metadata)");
        pdf.check(HPDF_Dict_Add(pdf.get()->catalog, "Metadata", metadata), "HPDF_Dict_Add(Metadata)");
        return true;
    }

    /// libharu 2.3 gives each UTF-8 font the encoder's own CMap as its ToUnicode map: "1 begincidrange
    /// <0000> <FFFF> 0". A ToUnicode map may only use bfchar and bfrange (PDF 32000-1, 9.10.3), so every
    /// poppler tool warned "Invalid 'begincidrange' operator in ToUnicode CMap" and extraction worked only
    /// because poppler then guesses. The codes are Unicode values (Identity-H through the UTF-8
    /// encoder), so the right map lists each character drawn with the font as itself.
    void replace_to_unicode(HPDF_Font font, const std::set<char32_t>& chars) {
        auto* map = static_cast<HPDF_Dict>(HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT));
        if (!map || !map->stream) throw std::runtime_error("libharu font without a ToUnicode stream");
        // The encoding CMap's own entries mean nothing in a ToUnicode stream. (RemoveElement returns
        // "not found" without setting libharu's error state; GetItem would set it on a type mismatch.)
        for (const char* key : {"Type", "CMapName", "CIDSystemInfo", "WMode"}) HPDF_Dict_RemoveElement(map, key);
        std::string cmap =
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
        std::vector<char32_t> list(chars.begin(), chars.end());
        char entry[32];
        for (size_t i = 0; i < list.size(); i += 100) {  // at most 100 entries per block
            const size_t n = std::min<size_t>(100, list.size() - i);
            cmap += std::to_string(n) + " beginbfchar\n";
            for (size_t k = i; k < i + n; ++k) {
                const auto code = static_cast<unsigned>(list[k]);
                std::snprintf(entry, sizeof entry, "<%04X> <%04X>\n", code, code);
                cmap += entry;
            }
            cmap += "endbfchar\n";
        }
        cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
        HPDF_MemStream_FreeData(map->stream);
        pdf.check(HPDF_Stream_WriteStr(map->stream, cmap.c_str()), "HPDF_Stream_WriteStr(ToUnicode)");
    }

    void draw_rules(HPDF_Page page, const layout::LaidOutPage& laid) {
        double width = -1;
        for (const auto& rule : laid.rules) {
            if (rule.thickness != width) {
                width = rule.thickness;
                pdf.check(HPDF_Page_SetLineWidth(page, static_cast<HPDF_REAL>(width)), "HPDF_Page_SetLineWidth");
            }
            pdf.check(HPDF_Page_MoveTo(page, static_cast<HPDF_REAL>(rule.x1), static_cast<HPDF_REAL>(rule.y1)),
                      "HPDF_Page_MoveTo");
            pdf.check(HPDF_Page_LineTo(page, static_cast<HPDF_REAL>(rule.x2), static_cast<HPDF_REAL>(rule.y2)),
                      "HPDF_Page_LineTo");
            pdf.check(HPDF_Page_Stroke(page), "HPDF_Page_Stroke");
        }
    }

    /// Images by the bytes they were loaded from: a picture on every page (a 党徽 in a header) is
    /// embedded once and drawn by reference.
    std::map<const std::string*, HPDF_Image> images_loaded;

    /// Draws the page's pictures (<image>): PNG through HPDF_LoadPngImageFromMem, JPEG through
    /// HPDF_LoadJpegFromMem. The job that read the files refused transparency (PDF/A-1 has no soft
    /// masks) and CMYK JPEGs (the OutputIntent is sRGB), so what arrives here is opaque RGB or gray.
    void draw_images(HPDF_Page page, const layout::LaidOutPage& laid) {
        for (const auto& image : laid.images) {
            if (!image.data || image.data->empty()) continue;
            HPDF_Image& loaded = images_loaded[image.data.get()];
            if (!loaded) {
                const auto* bytes = reinterpret_cast<const HPDF_BYTE*>(image.data->data());
                const auto size = static_cast<HPDF_UINT>(image.data->size());
                loaded = image.jpeg ? pdf.check_handle(HPDF_LoadJpegImageFromMem(pdf, bytes, size), "HPDF_LoadJpegImageFromMem")
                                    : pdf.check_handle(HPDF_LoadPngImageFromMem(pdf, bytes, size), "HPDF_LoadPngImageFromMem");
            }
            pdf.check(HPDF_Page_DrawImage(page, loaded, static_cast<HPDF_REAL>(image.x), static_cast<HPDF_REAL>(image.y),
                                          static_cast<HPDF_REAL>(image.width), static_cast<HPDF_REAL>(image.height)),
                      "HPDF_Page_DrawImage");
        }
    }

    /// Draws the runs as text; characters above U+FFFF are set aside for draw_outlines, and the
    /// pen moves past them by their advance so the text after them stays where layout put it.
    std::vector<OutlineGlyph> draw_runs(HPDF_Page page, std::size_t p) {
        const auto& laid = doc.pages[p];
        std::vector<OutlineGlyph> outlines;
        if (laid.runs.empty()) return outlines;
        pdf.check(HPDF_Page_BeginText(page), "HPDF_Page_BeginText");
        HPDF_Font current_font = nullptr;
        double current_size = -1, current_spacing = 0, current_stroke = -1;
        bool current_bold = false;
        for (std::size_t r = 0; r < laid.runs.size(); ++r) {
            const auto& run = laid.runs[r];
            const std::u32string& cps = decoded[p][r];
            const bool bold = run.bold || fonts.face_embolden(run.face);
            double x = run.x;
            std::size_t i = 0;
            while (i < cps.size()) {
                if (cps[i] > kLastBmp) {
                    if (fonts.has_glyph(run.face, cps[i]))
                        outlines.push_back({run.face, cps[i], x, run.y, run.size, bold});
                    x += fonts.advance(run.face, cps[i]) * run.size / 1000.0 + run.char_spacing;
                    ++i;
                    continue;
                }
                std::size_t end = i;
                double width = 0;
                while (end < cps.size() && cps[end] <= kLastBmp) {
                    width += fonts.advance(run.face, cps[end]) * run.size / 1000.0 + run.char_spacing;
                    ++end;
                }
                HPDF_Font font = haru_fonts.at(fonts.file_face(run.face));
                if (font != current_font || run.size != current_size) {
                    pdf.check(HPDF_Page_SetFontAndSize(page, font, static_cast<HPDF_REAL>(run.size)),
                              "HPDF_Page_SetFontAndSize");
                    current_font = font;
                    current_size = run.size;
                }
                if (run.char_spacing != current_spacing) {
                    pdf.check(HPDF_Page_SetCharSpace(page, static_cast<HPDF_REAL>(run.char_spacing)),
                              "HPDF_Page_SetCharSpace");
                    current_spacing = run.char_spacing;
                }
                if (bold != current_bold) {
                    pdf.check(HPDF_Page_SetTextRenderingMode(page, bold ? HPDF_FILL_THEN_STROKE : HPDF_FILL),
                              "HPDF_Page_SetTextRenderingMode");
                    current_bold = bold;
                }
                const double stroke = run.size * options.bold_stroke_em;
                if (bold && stroke != current_stroke) {
                    pdf.check(HPDF_Page_SetLineWidth(page, static_cast<HPDF_REAL>(stroke)), "HPDF_Page_SetLineWidth");
                    current_stroke = stroke;
                }
                const std::string segment = core::to_utf8(std::u32string_view(cps).substr(i, end - i));
                if (run.angle != 0) {
                    // Rotated text (GlyphRun::angle): a text matrix turned about the run's origin, the pen
                    // moved along the turned baseline; then back to the identity, so the next TextOut's
                    // relative move (Td) starts from the page origin again.
                    const double turn = run.angle * 3.14159265358979323846 / 180.0, c = std::cos(turn),
                                 s = std::sin(turn), along = x - run.x;
                    pdf.check(HPDF_Page_SetTextMatrix(page, static_cast<HPDF_REAL>(c), static_cast<HPDF_REAL>(s),
                                                      static_cast<HPDF_REAL>(-s), static_cast<HPDF_REAL>(c),
                                                      static_cast<HPDF_REAL>(run.x + c * along),
                                                      static_cast<HPDF_REAL>(run.y + s * along)),
                              "HPDF_Page_SetTextMatrix");
                    pdf.check(HPDF_Page_ShowText(page, segment.c_str()), "HPDF_Page_ShowText");
                    pdf.check(HPDF_Page_SetTextMatrix(page, 1, 0, 0, 1, 0, 0), "HPDF_Page_SetTextMatrix");
                } else {
                    pdf.check(HPDF_Page_TextOut(page, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(run.y),
                                                segment.c_str()),
                              "HPDF_Page_TextOut");
                }
                x += width;
                i = end;
            }
        }
        pdf.check(HPDF_Page_EndText(page), "HPDF_Page_EndText");
        return outlines;
    }

    /// Appends operators libharu has no function for to the page's content stream (between complete
    /// libharu operations, so its own graphics-mode bookkeeping stays true).
    void write_raw(HPDF_Page page, const std::string& operators) {
        auto* attr = static_cast<HPDF_PageAttr>(page->attr);
        pdf.check(HPDF_Stream_WriteStr(attr->stream, operators.c_str()), "HPDF_Stream_WriteStr(page content)");
    }

    /// Opens a marked-content span whose /ActualText is `cp`, with an invisible glyph in it: poppler and
    /// mupdf extract the ActualText at the place of the span's glyphs, so a rare name character drawn as
    /// an outline is still found by search and copy. The invisible glyph is any character the face's
    /// font (or another loaded font) already has; its own text is replaced by the ActualText.
    void begin_actual_text(HPDF_Page page, const OutlineGlyph& g) {
        const char32_t v = g.cp - 0x10000;
        char utf16[16];
        std::snprintf(utf16, sizeof utf16, "%04X%04X", 0xD800u + static_cast<unsigned>(v >> 10),
                      0xDC00u + static_cast<unsigned>(v & 0x3FF));
        write_raw(page, std::string("/Span <</ActualText <FEFF") + utf16 + ">>> BDC\n");
        auto carrier = haru_fonts.find(fonts.file_face(g.face));
        if (carrier == haru_fonts.end()) carrier = haru_fonts.begin();
        if (carrier == haru_fonts.end()) return;  // no text font at all: the span still carries the text
        // The invisible glyph is scaled to the outline's advance: a narrower one (a space) would leave a
        // gap that readers turn into a space after the character.
        const auto& chars = used.at(carrier->first);
        const auto wide = std::find_if(chars.begin(), chars.end(), [](char32_t c) { return c >= 0x3000; });
        const char32_t carrier_cp = wide != chars.end() ? *wide : *chars.begin();
        const double carrier_advance = fonts.advance(carrier->first, carrier_cp);
        const double scale = carrier_advance > 0 ? 100.0 * fonts.advance(g.face, g.cp) / carrier_advance : 100.0;
        pdf.check(HPDF_Page_BeginText(page), "HPDF_Page_BeginText");
        pdf.check(HPDF_Page_SetFontAndSize(page, carrier->second, static_cast<HPDF_REAL>(g.size)),
                  "HPDF_Page_SetFontAndSize");
        pdf.check(HPDF_Page_SetTextRenderingMode(page, HPDF_INVISIBLE), "HPDF_Page_SetTextRenderingMode");
        pdf.check(HPDF_Page_SetHorizontalScalling(page, static_cast<HPDF_REAL>(scale)), "HPDF_Page_SetHorizontalScalling");
        pdf.check(HPDF_Page_TextOut(page, static_cast<HPDF_REAL>(g.x), static_cast<HPDF_REAL>(g.y),
                                    core::to_utf8(carrier_cp).c_str()),
                  "HPDF_Page_TextOut");
        pdf.check(HPDF_Page_SetHorizontalScalling(page, 100), "HPDF_Page_SetHorizontalScalling");
        pdf.check(HPDF_Page_SetTextRenderingMode(page, HPDF_FILL), "HPDF_Page_SetTextRenderingMode");
        pdf.check(HPDF_Page_EndText(page), "HPDF_Page_EndText");
    }

    /// Draws each glyph's outline as a filled path (nonzero winding, as TrueType expects), inside a
    /// span that carries the character as text (begin_actual_text).
    void draw_outlines(HPDF_Page page, const std::vector<OutlineGlyph>& glyphs) {
        for (const auto& g : glyphs) {
            const auto ops = fonts.glyph_outline(g.face, g.cp);
            if (ops.empty()) continue;
            begin_actual_text(page, g);
            const double s = g.size / 1000.0;
            const auto X = [&](double v) { return static_cast<HPDF_REAL>(g.x + v * s); };
            const auto Y = [&](double v) { return static_cast<HPDF_REAL>(g.y + v * s); };
            // The line width is graphics state: libharu refuses to set it once a path has begun.
            if (g.bold)
                pdf.check(HPDF_Page_SetLineWidth(page, static_cast<HPDF_REAL>(g.size * options.bold_stroke_em)),
                          "HPDF_Page_SetLineWidth");
            for (const auto& op : ops) {
                switch (op.kind) {
                case text::PathOp::Kind::move: pdf.check(HPDF_Page_MoveTo(page, X(op.x), Y(op.y)), "HPDF_Page_MoveTo"); break;
                case text::PathOp::Kind::line: pdf.check(HPDF_Page_LineTo(page, X(op.x), Y(op.y)), "HPDF_Page_LineTo"); break;
                case text::PathOp::Kind::cubic:
                    pdf.check(HPDF_Page_CurveTo(page, X(op.x1), Y(op.y1), X(op.x2), Y(op.y2), X(op.x), Y(op.y)),
                              "HPDF_Page_CurveTo");
                    break;
                case text::PathOp::Kind::close: pdf.check(HPDF_Page_ClosePath(page), "HPDF_Page_ClosePath"); break;
                }
            }
            if (g.bold) {
                pdf.check(HPDF_Page_FillStroke(page), "HPDF_Page_FillStroke");
            } else {
                pdf.check(HPDF_Page_Fill(page), "HPDF_Page_Fill");
            }
            write_raw(page, "EMC\n");
        }
    }

    /// Bookmarks nest by level: a level-n entry goes under the latest entry of level n-1; a level
    /// that skips (0 then 2) attaches to the deepest open entry.
    void add_bookmarks(HPDF_Page page, const layout::LaidOutPage& laid, std::vector<HPDF_Outline>& open) {
        for (const auto& mark : laid.bookmarks) {
            std::size_t level = static_cast<std::size_t>(std::max(0, mark.level));
            if (level > open.size()) level = open.size();
            HPDF_Outline parent = level == 0 ? nullptr : open[level - 1];
            HPDF_Outline item = pdf.check_handle(HPDF_CreateOutline(pdf, parent, mark.title.c_str(), utf8),
                                                 "HPDF_CreateOutline");
            // [page /XYZ 0 top null]: jump to the bookmark's top and keep the reader's zoom.
            // HPDF_Destination_SetXYZ insists on a zoom of 0.08–32, so the array is built directly; it
            // is a direct object of the outline item (PDF/A-1 validators reject an indirect /Dest).
            HPDF_Array dst = pdf.check_handle(HPDF_Array_New(pdf.get()->mmgr), "HPDF_Array_New(destination)");
            pdf.check(HPDF_Array_Add(dst, page), "HPDF_Array_Add(destination page)");
            pdf.check(HPDF_Array_AddName(dst, "XYZ"), "HPDF_Array_AddName(XYZ)");
            pdf.check(HPDF_Array_AddReal(dst, 0), "HPDF_Array_AddReal(left)");
            pdf.check(HPDF_Array_AddReal(dst, static_cast<HPDF_REAL>(std::clamp(mark.y, 0.0, laid.height))),
                      "HPDF_Array_AddReal(top)");
            pdf.check(HPDF_Array_Add(dst, HPDF_Null_New(pdf.get()->mmgr)), "HPDF_Array_Add(null zoom)");
            pdf.check(HPDF_Dict_Add(item, "Dest", dst), "HPDF_Dict_Add(Dest)");
            pdf.check(HPDF_Outline_SetOpened(item, HPDF_TRUE), "HPDF_Outline_SetOpened");
            open.resize(level);
            open.push_back(item);
        }
    }

    void add_page_labels() {
        std::vector<std::string> labels;
        std::set<std::string> seen;
        bool repeated = false;
        for (const auto& page : doc.pages) {
            labels.push_back(page.label);
            if (!page.label.empty() && !seen.insert(page.label).second) repeated = true;
        }
        // A book numbers each 件 on its own (第 1 页 … in print), so its printed labels repeat; a viewer's
        // "go to page 37" must name one page, so such a file gets one continuous count instead.
        if (repeated) {
            for (std::size_t p = 0; p < labels.size(); ++p) labels[p] = std::to_string(p + 1);
        }
        auto ranges = plan_page_labels(labels);
        // libharu keeps /PageLabels in one array of at most 32,767 elements (two per range): a book of
        // more than ~16,000 records, each numbered from 1, would fail. Then the viewer is left with the
        // plain page sequence (one decimal range) and a warning says so (issue #11).
        constexpr size_t max_ranges = (HPDF_LIMIT_MAX_ARRAY - 1) / 2;
        if (ranges.size() > max_ranges) {
            diagnostics.push_back({core::Severity::warning, core::Location{options.source_name, 0, 0, "", ""},
                                   "the book has " + std::to_string(ranges.size()) + " page-label ranges, more than "
                                   "a PDF written by libharu can hold (" + std::to_string(max_ranges) + "); viewers "
                                   "show plain page numbers 1…" + std::to_string(labels.size()) + " instead（页码标签"
                                   "过多，阅读器中显示连续页码；印在页面上的页码不变。可按类别或年度分册）"});
            ranges = {PageLabelRange{0, PageLabelRange::Style::decimal, "", 1}};
        }
        for (const auto& range : ranges) {
            HPDF_PageNumStyle style = HPDF_PAGE_NUM_STYLE_DECIMAL;
            if (range.style == PageLabelRange::Style::upper_roman) style = HPDF_PAGE_NUM_STYLE_UPPER_ROMAN;
            if (range.style == PageLabelRange::Style::lower_roman) style = HPDF_PAGE_NUM_STYLE_LOWER_ROMAN;
            const bool numbered = range.style != PageLabelRange::Style::none;
            // /St is written only when not 0; 1 is the PDF default, so leave it out then too.
            const int start = numbered && range.start != 1 ? range.start : 0;
            HPDF_Dict label = pdf.check_handle(HPDF_PageLabel_New(pdf, style, start, nullptr), "HPDF_PageLabel_New");
            // libharu always writes /S; a prefix-only label ("封面", "— 1 —", "") has none.
            if (!numbered) pdf.check(HPDF_Dict_RemoveElement(label, "S"), "HPDF_Dict_RemoveElement(S)");
            if (!range.prefix.empty())
                pdf.check(HPDF_Dict_Add(label, "P", HPDF_String_New(pdf.get()->mmgr, range.prefix.c_str(), utf8)),
                          "HPDF_Dict_Add(P)");
            pdf.check(HPDF_Catalog_AddPageLabel(pdf.get()->catalog, static_cast<HPDF_UINT>(range.first_page), label),
                      "HPDF_Catalog_AddPageLabel");
        }
    }

    /// libharu writes a trailer /ID only when encrypting or for PDF/A; add one (recommended by
    /// PDF 1.7 §14.4). In deterministic mode it is a digest of the content, so equal input gives
    /// equal bytes; otherwise the digest also covers the current time.
    /// A digest of what the document says (text, labels, info): the seed of the subset tags and of
    /// the file /ID.
    void compute_content_digest() {
        Poco::MD5Engine md5;
        md5.update(doc.info.title);
        md5.update(doc.info.author);
        md5.update(doc.info.created);
        for (const auto& page : doc.pages) {
            md5.update(page.label);
            for (const auto& run : page.runs) md5.update(run.text);
        }
        content_digest = Poco::DigestEngine::digestToHex(md5.digest());
    }

    void add_file_id() {
        Poco::MD5Engine md5;
        md5.update(content_digest);
        if (!options.deterministic) md5.update(std::to_string(std::time(nullptr)) + std::to_string(::getpid()));
        const auto& digest = md5.digest();
        HPDF_MMgr mmgr = pdf.get()->mmgr;
        HPDF_Array id = pdf.check_handle(HPDF_Array_New(mmgr), "HPDF_Array_New(ID)");
        for (int i = 0; i < 2; ++i)
            pdf.check(HPDF_Array_Add(id, HPDF_Binary_New(mmgr, const_cast<HPDF_BYTE*>(digest.data()),
                                                         static_cast<HPDF_UINT>(digest.size()))),
                      "HPDF_Array_Add(ID)");
        pdf.check(HPDF_Dict_Add(pdf.get()->trailer, "ID", id), "HPDF_Dict_Add(trailer ID)");
    }

    std::string save() {
        struct Current {  // font_before_write finds this writer while libharu saves
            explicit Current(Writer* w) { Writer::current = w; }
            ~Current() { Writer::current = nullptr; }
        } current_writer(this);
        pdf.check(HPDF_SaveToStream(pdf), "HPDF_SaveToStream");
        std::string bytes(HPDF_GetStreamSize(pdf), '\0');
        HPDF_UINT32 size = static_cast<HPDF_UINT32>(bytes.size());
        pdf.check(HPDF_ReadFromStream(pdf, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size), "HPDF_ReadFromStream");
        bytes.resize(size);
        return bytes;
    }

    std::string run() {
        collect();
        pdf.check(HPDF_UseUTFEncodings(pdf), "HPDF_UseUTFEncodings");
        utf8 = pdf.check_handle(HPDF_GetEncoder(pdf, "UTF-8"), "HPDF_GetEncoder(UTF-8)");
        pdf.check(HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL), "HPDF_SetCompressionMode");
        // libharu keeps every page in one /Kids array unless told otherwise, and its arrays stop at 32,767
        // entries (HPDF_LIMIT_MAX_ARRAY): a city's year of minutes runs past that. Intermediate page-tree
        // nodes of 1,024 pages each take it to millions.
        if (doc.pages.size() > 1024)
            pdf.check(HPDF_SetPagesConfiguration(pdf, 1024), "HPDF_SetPagesConfiguration");
        compute_content_digest();
        const auto created = set_info();
        if (options.pdfa) add_pdfa(created);
        load_fonts();
        std::vector<HPDF_Outline> open_bookmarks;
        for (std::size_t p = 0; p < doc.pages.size(); ++p) {
            const auto& laid = doc.pages[p];
            HPDF_Page page = pdf.check_handle(HPDF_AddPage(pdf), "HPDF_AddPage");
            pdf.check(HPDF_Page_SetWidth(page, static_cast<HPDF_REAL>(laid.width)), "HPDF_Page_SetWidth");
            pdf.check(HPDF_Page_SetHeight(page, static_cast<HPDF_REAL>(laid.height)), "HPDF_Page_SetHeight");
            draw_images(page, laid);
            draw_rules(page, laid);
            draw_outlines(page, draw_runs(page, p));
            add_bookmarks(page, laid, open_bookmarks);
        }
        if (!open_bookmarks.empty())
            pdf.check(HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE), "HPDF_SetPageMode(outlines)");
        add_page_labels();
        add_file_id();
        return save();
    }
};

thread_local Writer* Writer::current = nullptr;

}  // namespace

std::vector<core::Diagnostic> write_pdf(const layout::LaidOutDocument& document, text::FontBook& fonts,
                                        const PdfOptions& options, std::string& out) {
    Writer writer(document, fonts, options);
    out = writer.run();
    return std::move(writer.diagnostics);
}

}  // namespace dangan::pdf
