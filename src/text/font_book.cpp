#include "text/font_book.hpp"
#include "core/messages.hpp"

#include "core/bmp_table.hpp"
#include "core/diagnostic.hpp"
#include "text/harfbuzz_bytes.hpp"
#include "text/punctuation.hpp"

#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>

#include <cmath>
#include <deque>
#include <limits>
#include <map>
#include <stdexcept>
#include <unordered_map>

namespace dangan::text {
// Not an anonymous namespace: FontBook::Impl (external linkage) holds Face and Family, and GCC warns
// (-Wsubobject-linkage) when a unity build puts this file beside others.
namespace font_book_detail {

constexpr std::uint32_t kGlyphUnknown = 0xFFFFFFFFu;  // not looked up yet
constexpr std::uint32_t kGlyphMissing = 0xFFFFFFFEu;  // the cmap has no entry
constexpr std::int32_t kChoiceUnknown = -2;
constexpr std::int32_t kChoiceNone = -1;
constexpr std::size_t kBmpSize = 0x10000;
// Subsets are a few KB to a few hundred KB; a batch reuses the few that recur (the same cover page,
// the same headings). Keep the most recent ones, oldest out first.
constexpr std::size_t kSubsetCacheSize = 32;

/// One face of the map, opened on demand. Glyph ids and advances of the BMP live in flat tables
/// (allocated when the face opens): layout asks for every character of thousands of pages.
struct Face {
    FaceSpec spec;
    FaceId file_face = 0;
    hb_blob_t* blob = nullptr;
    hb_face_t* face = nullptr;
    hb_font_t* font = nullptr;
    double upem = 1000;
    double ascender = 0, descender = 0;
    std::string name;
    core::BmpTable<std::uint32_t> bmp_glyph;  // kGlyphUnknown until asked
    core::BmpTable<float> bmp_advance;        // NaN until asked
    std::unordered_map<char32_t, std::uint32_t> supp_glyph;
    std::unordered_map<char32_t, double> supp_advance;
    /// Mainland placement of ，。“” … (text/punctuation.hpp), per character, computed on first use.
    std::unordered_map<char32_t, std::optional<PunctuationFix>> punctuation;

    Face() = default;
    Face(const Face&) = delete;
    Face& operator=(const Face&) = delete;
    ~Face() {
        if (font) hb_font_destroy(font);
        if (face) hb_face_destroy(face);
        if (blob) hb_blob_destroy(blob);
    }
};

struct Family {
    std::string name;
    std::vector<FaceId> chain;
    core::BmpTable<std::int32_t> bmp_choice;  // FaceId, kChoiceNone or kChoiceUnknown (until asked)
    std::unordered_map<char32_t, std::int32_t> supp_choice;
};

std::string read_name(hb_face_t* face, hb_ot_name_id_t id) {
    const hb_language_t english = hb_language_from_string("en", -1);
    unsigned size = 0;
    const unsigned length = hb_ot_name_get_utf8(face, id, english, &size, nullptr);
    if (length == 0) return {};
    std::string out(length + 1, '\0');
    size = length + 1;
    hb_ot_name_get_utf8(face, id, english, &size, out.data());
    out.resize(size);
    return out;
}

// hb_draw callbacks collecting a path; TrueType quadratics become cubics with the same shape
// (control points two thirds of the way to the quadratic control point).
struct OutlineBuilder {
    std::vector<PathOp> ops;
    double scale = 1;
};

void draw_move(hb_draw_funcs_t*, void* data, hb_draw_state_t*, float x, float y, void*) {
    auto* b = static_cast<OutlineBuilder*>(data);
    b->ops.push_back({PathOp::Kind::move, 0, 0, 0, 0, x * b->scale, y * b->scale});
}
void draw_line(hb_draw_funcs_t*, void* data, hb_draw_state_t*, float x, float y, void*) {
    auto* b = static_cast<OutlineBuilder*>(data);
    b->ops.push_back({PathOp::Kind::line, 0, 0, 0, 0, x * b->scale, y * b->scale});
}
void draw_quadratic(hb_draw_funcs_t*, void* data, hb_draw_state_t* st, float cx, float cy, float x, float y,
                    void*) {
    auto* b = static_cast<OutlineBuilder*>(data);
    const double x0 = st->current_x, y0 = st->current_y;
    const double c1x = x0 + 2.0 / 3.0 * (cx - x0), c1y = y0 + 2.0 / 3.0 * (cy - y0);
    const double c2x = x + 2.0 / 3.0 * (cx - x), c2y = y + 2.0 / 3.0 * (cy - y);
    b->ops.push_back({PathOp::Kind::cubic, c1x * b->scale, c1y * b->scale, c2x * b->scale, c2y * b->scale,
                      x * b->scale, y * b->scale});
}
void draw_cubic(hb_draw_funcs_t*, void* data, hb_draw_state_t*, float c1x, float c1y, float c2x, float c2y,
                float x, float y, void*) {
    auto* b = static_cast<OutlineBuilder*>(data);
    b->ops.push_back({PathOp::Kind::cubic, c1x * b->scale, c1y * b->scale, c2x * b->scale, c2y * b->scale,
                      x * b->scale, y * b->scale});
}
void draw_close(hb_draw_funcs_t*, void* data, hb_draw_state_t*, void*) {
    static_cast<OutlineBuilder*>(data)->ops.push_back({PathOp::Kind::close, 0, 0, 0, 0, 0, 0});
}

hb_draw_funcs_t* outline_funcs() {
    static hb_draw_funcs_t* funcs = [] {
        hb_draw_funcs_t* f = hb_draw_funcs_create();
        hb_draw_funcs_set_move_to_func(f, draw_move, nullptr, nullptr);
        hb_draw_funcs_set_line_to_func(f, draw_line, nullptr, nullptr);
        hb_draw_funcs_set_quadratic_to_func(f, draw_quadratic, nullptr, nullptr);
        hb_draw_funcs_set_cubic_to_func(f, draw_cubic, nullptr, nullptr);
        hb_draw_funcs_set_close_path_func(f, draw_close, nullptr, nullptr);
        hb_draw_funcs_make_immutable(f);
        return f;
    }();
    return funcs;
}

}  // namespace font_book_detail

using namespace font_book_detail;

struct FontBook::Impl {
    FontMap map;
    std::vector<std::unique_ptr<Face>> faces;
    std::vector<Family> families;
    std::map<std::string, std::size_t, std::less<>> family_index;
    std::size_t last_family = 0;  // face_for is called per character, nearly always with the same family

    using SubsetKey = std::pair<FaceId, std::vector<char32_t>>;
    std::map<SubsetKey, std::string> subsets;
    std::deque<SubsetKey> subset_order;

    Face& face(FaceId id) {
        if (id < 0 || static_cast<std::size_t>(id) >= faces.size())
            throw std::out_of_range("no font face with id " + std::to_string(id));
        return *faces[static_cast<std::size_t>(id)];
    }

    /// Opens the face's file with HarfBuzz (memory-mapped) the first time it is needed.
    Face& open(FaceId id) {
        Face& f = face(id);
        if (f.font) return f;
        const std::string path = f.spec.file.string();
        f.blob = hb_blob_create_from_file_or_fail(path.c_str());
        if (!f.blob) {
            core::Location where;
            where.file = map.source;
            throw core::InputError(where, core::tr("字体文件 '" + path + "' 打不开了（读字体表时还在）；应为可读的 TrueType 字体文件",
                                                   "font file '" + path + "' could not be opened any more (it was checked "
                                                   "when the font map was read); expected a readable TrueType font file"));
        }
        f.face = hb_face_create(f.blob, static_cast<unsigned>(f.spec.index));
        f.upem = hb_face_get_upem(f.face);
        if (f.upem <= 0) f.upem = 1000;
        f.font = hb_font_create(f.face);
        hb_font_set_scale(f.font, static_cast<int>(f.upem), static_cast<int>(f.upem));
        hb_font_extents_t extents{};
        hb_font_get_h_extents(f.font, &extents);
        f.ascender = extents.ascender * 1000.0 / f.upem;
        f.descender = extents.descender * 1000.0 / f.upem;
        return f;
    }

    std::uint32_t glyph(FaceId id, char32_t cp) {
        Face& f = open(id);
        std::uint32_t* slot = nullptr;
        if (cp < kBmpSize) {
            slot = &f.bmp_glyph.at(cp, kGlyphUnknown);
        } else {
            auto [it, inserted] = f.supp_glyph.try_emplace(cp, kGlyphUnknown);
            slot = &it->second;
        }
        if (*slot == kGlyphUnknown) {
            hb_codepoint_t gid = 0;
            *slot = hb_font_get_nominal_glyph(f.font, cp, &gid) ? gid : kGlyphMissing;
        }
        return *slot;
    }

    /// How `cp`'s glyph is moved to its mainland place in face `id`; null when it is not moved.
    const PunctuationFix* punctuation_fix(FaceId id, char32_t cp) {
        if (!is_fixable_punctuation(cp)) return nullptr;
        Face& f = open(id);
        auto [it, inserted] = f.punctuation.try_emplace(cp);
        if (inserted) {
            const std::uint32_t gid = glyph(id, cp);
            hb_glyph_extents_t e{};
            // Only a simple glyph can be moved in the subset (move_glyphs); a composite one stays as it is,
            // and so do its measurements.
            if (gid != kGlyphMissing && hb_font_get_glyph_extents(f.font, gid, &e) && e.width > 0 &&
                is_simple_glyph(f.face, gid)) {
                const double s = 1000.0 / f.upem;
                it->second = mainland_fix(cp, e.x_bearing * s, (e.x_bearing + e.width) * s,
                                          (e.y_bearing + e.height) * s, e.y_bearing * s,
                                          hb_font_get_glyph_h_advance(f.font, gid) * s);
            }
        }
        return it->second ? &*it->second : nullptr;
    }

    Family& family(std::string_view name) {
        if (last_family < families.size() && families[last_family].name == name) return families[last_family];
        const auto it = family_index.find(name);
        if (it == family_index.end()) {
            core::Location where;
            where.file = map.source;
            std::string known;
            for (const auto& fam : families) known += (known.empty() ? "" : ", ") + fam.name;
            throw core::InputError(where, core::tr("字体表里没有字体族 '" + std::string(name) + "'；可用的有：" + known,
                                                   "the font map defines no family '" + std::string(name) +
                                                       "'; expected one of: " + known));
        }
        last_family = it->second;
        return families[it->second];
    }
};

FontBook FontBook::load(const std::filesystem::path& fonts_json) { return FontBook(read_font_map(fonts_json)); }

FontBook::FontBook(FontMap map) : impl_(std::make_unique<Impl>()) {
    impl_->map = std::move(map);
    // Identical (file, index, embolden) entries become one FaceId; entries that differ only in
    // "embolden" get their own FaceId but point at one file face, so they share one embedded subset.
    for (const auto& fam : impl_->map.families) {
        Family family;
        family.name = fam.name;
        for (const auto& spec : fam.faces) {
            FaceId id = -1, file_face = -1;
            for (std::size_t i = 0; i < impl_->faces.size(); ++i) {
                const auto& other = impl_->faces[i]->spec;
                if (other.file == spec.file && other.index == spec.index) {
                    if (file_face < 0) file_face = static_cast<FaceId>(i);
                    if (other.embolden == spec.embolden) id = static_cast<FaceId>(i);
                }
            }
            if (id < 0) {
                auto face = std::make_unique<Face>();
                face->spec = spec;
                id = static_cast<FaceId>(impl_->faces.size());
                face->file_face = file_face < 0 ? id : file_face;
                impl_->faces.push_back(std::move(face));
            }
            family.chain.push_back(id);
        }
        impl_->family_index.emplace(family.name, impl_->families.size());
        impl_->families.push_back(std::move(family));
    }
}

FontBook::FontBook(FontBook&&) noexcept = default;

const std::vector<core::Diagnostic>& FontBook::map_warnings() const { return impl_->map.warnings; }
FontBook& FontBook::operator=(FontBook&&) noexcept = default;
FontBook::~FontBook() = default;

std::optional<FaceId> FontBook::face_for(std::string_view family_name, char32_t cp) {
    Family& fam = impl_->family(family_name);
    std::int32_t* slot = nullptr;
    if (cp < kBmpSize) {
        slot = &fam.bmp_choice.at(cp, kChoiceUnknown);
    } else {
        slot = &fam.supp_choice.try_emplace(cp, kChoiceUnknown).first->second;
    }
    if (*slot == kChoiceUnknown) {
        *slot = kChoiceNone;
        // Faces open in chain order only as far as needed: BabelStone Han (51 MB) stays closed
        // unless a character is missing from every face before it.
        for (FaceId id : fam.chain)
            if (impl_->glyph(id, cp) != kGlyphMissing) {
                *slot = id;
                break;
            }
    }
    if (*slot == kChoiceNone) return std::nullopt;
    return *slot;
}

double FontBook::advance(FaceId id, char32_t cp) {
    Face& f = impl_->open(id);
    if (cp < kBmpSize) {
        float& slot = f.bmp_advance.at(cp, std::numeric_limits<float>::quiet_NaN());
        if (std::isnan(slot)) {
            std::uint32_t gid = impl_->glyph(id, cp);
            if (gid == kGlyphMissing) gid = 0;  // drawn as .notdef: measure what is drawn
            slot = static_cast<float>(hb_font_get_glyph_h_advance(f.font, gid) * 1000.0 / f.upem);
            if (const PunctuationFix* fix = impl_->punctuation_fix(id, cp)) slot = static_cast<float>(fix->advance);
        }
        return slot;
    }
    auto it = f.supp_advance.find(cp);
    if (it == f.supp_advance.end()) {
        std::uint32_t gid = impl_->glyph(id, cp);
        if (gid == kGlyphMissing) gid = 0;
        it = f.supp_advance.emplace(cp, hb_font_get_glyph_h_advance(f.font, gid) * 1000.0 / f.upem).first;
    }
    return it->second;
}

std::optional<std::pair<double, double>> FontBook::ink_extent(FaceId id, char32_t cp) {
    Face& f = impl_->open(id);
    const std::uint32_t gid = impl_->glyph(id, cp);
    hb_glyph_extents_t extents{};
    if (gid == kGlyphMissing || !hb_font_get_glyph_extents(f.font, gid, &extents) || extents.width == 0)
        return std::nullopt;
    const double scale = 1000.0 / f.upem;
    const PunctuationFix* fix = impl_->punctuation_fix(id, cp);
    const double dx = fix ? fix->dx : 0;
    return std::make_pair(extents.x_bearing * scale + dx, (extents.x_bearing + extents.width) * scale + dx);
}

double FontBook::ascender(FaceId id) { return impl_->open(id).ascender; }
double FontBook::descender(FaceId id) { return impl_->open(id).descender; }

std::string FontBook::face_name(FaceId id) {
    Face& f = impl_->open(id);
    if (f.name.empty()) {
        f.name = read_name(f.face, HB_OT_NAME_ID_FONT_FAMILY);
        if (f.name.empty()) f.name = f.spec.file.stem().string();
        if (f.spec.embolden) f.name += " (synthetic bold)";
    }
    return f.name;
}

std::vector<std::string> FontBook::families() const {
    std::vector<std::string> out;
    for (const auto& fam : impl_->families) out.push_back(fam.name);
    return out;
}

bool FontBook::has_glyph(FaceId id, char32_t cp) { return impl_->glyph(id, cp) != kGlyphMissing; }
int FontBook::face_count() const { return static_cast<int>(impl_->faces.size()); }
bool FontBook::face_is_open(FaceId id) const { return impl_->face(id).font != nullptr; }
const std::filesystem::path& FontBook::face_path(FaceId id) const { return impl_->face(id).spec.file; }
int FontBook::face_index(FaceId id) const { return impl_->face(id).spec.index; }
bool FontBook::face_embolden(FaceId id) const { return impl_->face(id).spec.embolden; }
FaceId FontBook::file_face(FaceId id) const { return impl_->face(id).file_face; }

std::vector<PathOp> FontBook::glyph_outline(FaceId id, char32_t cp) {
    const std::uint32_t gid = impl_->glyph(id, cp);
    if (gid == kGlyphMissing) throw std::out_of_range("the face has no glyph for this character");
    Face& f = impl_->face(id);
    OutlineBuilder builder;
    builder.scale = 1000.0 / f.upem;
    hb_font_get_glyph_shape(f.font, gid, outline_funcs(), &builder);
    return std::move(builder.ops);
}

namespace {

/// The bytes of a subset face (hb_subset's result is a face builder: its blob is the font file).
std::string font_file_bytes(hb_face_t* subset) {
    return take_blob_bytes(hb_face_reference_blob(subset));
}

}  // namespace

std::string FontBook::place_punctuation(FaceId id, const std::set<char32_t>& used, std::string bytes) {
    // Moves the punctuation glyphs of the subset to where advance() and ink_extent() said they are.
    std::vector<std::pair<char32_t, const PunctuationFix*>> fixes;
    for (char32_t cp : used)
        if (const PunctuationFix* fix = impl_->punctuation_fix(id, cp)) fixes.emplace_back(cp, fix);
    if (fixes.empty()) return bytes;
    hb_blob_t* blob = hb_blob_create(bytes.data(), static_cast<unsigned>(bytes.size()), HB_MEMORY_MODE_READONLY,
                                     nullptr, nullptr);
    hb_face_t* face = hb_face_create(blob, 0);
    hb_font_t* font = hb_font_create(face);
    const double units = hb_face_get_upem(face) / 1000.0;
    std::vector<GlyphMove> moves;
    for (const auto& [cp, fix] : fixes) {
        hb_codepoint_t gid = 0;
        if (!hb_font_get_nominal_glyph(font, cp, &gid)) continue;
        moves.push_back(GlyphMove{gid, static_cast<int>(std::lround(fix->dx * units)),
                                  static_cast<int>(std::lround(fix->dy * units)),
                                  static_cast<int>(std::lround(fix->advance * units))});
    }
    std::string moved = move_glyphs(face, moves);
    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return moved;
}

std::string FontBook::subset_face(FaceId id, const std::set<char32_t>& used) {
    const FaceId owner = file_face(id);
    Impl::SubsetKey key{owner, std::vector<char32_t>(used.begin(), used.end())};
    if (auto it = impl_->subsets.find(key); it != impl_->subsets.end()) return it->second;

    Face& f = impl_->open(owner);
    hb_subset_input_t* input = hb_subset_input_create_or_fail();
    if (!input) throw std::runtime_error("HarfBuzz could not allocate a subset request");
    hb_set_t* unicodes = hb_subset_input_unicode_set(input);
    for (char32_t cp : used) hb_set_add(unicodes, cp);
    // Measured with libharu 2.3 (fonts/README.md): it refuses a font without 'name' or 'OS/2'
    // (HPDF_TTF_MISSING_TABLE) and needs cmap, glyf, loca, head, hhea, hmtx, maxp; 'post' and the
    // hinting tables are optional. hb-subset keeps all of those by default. Hinting is dropped (it
    // only matters for screen rasterisers at small sizes, and saves bytes), and so are the layout
    // tables: libharu maps characters through the cmap alone and never reads GSUB/GPOS.
    hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING);
    hb_set_t* drop = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (const char* t : {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "DSIG", "vhea", "vmtx", "VORG",
                          "kern", "morx", "mort", "kerx", "EBDT", "EBLC", "EBSC", "bdat", "bloc"})
        hb_set_add(drop, hb_tag_from_string(t, 4));
    hb_face_t* result = hb_subset_or_fail(f.face, input);
    hb_subset_input_destroy(input);
    if (!result) throw std::runtime_error("HarfBuzz could not subset font file '" + f.spec.file.string() + "'");
    std::string bytes = font_file_bytes(result);
    hb_face_destroy(result);
    if (bytes.empty()) throw std::runtime_error("HarfBuzz produced an empty subset of '" + f.spec.file.string() + "'");
    bytes = place_punctuation(owner, used, std::move(bytes));

    if (impl_->subset_order.size() >= kSubsetCacheSize) {
        impl_->subsets.erase(impl_->subset_order.front());
        impl_->subset_order.pop_front();
    }
    impl_->subset_order.push_back(key);
    impl_->subsets.emplace(std::move(key), bytes);
    return bytes;
}

}  // namespace dangan::text
