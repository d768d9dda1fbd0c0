#include "text/punctuation.hpp"

#include "text/harfbuzz_bytes.hpp"

#include <hb.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <stdexcept>

namespace dangan::text {

bool is_fixable_punctuation(char32_t cp) {
    switch (cp) {
    case U'，': case U'。': case U'、': case U'：': case U'；': case U'！': case U'？':
    case U'“': case U'”': case U'‘': case U'’':
        return true;
    default:
        return false;
    }
}

std::optional<PunctuationFix> mainland_fix(char32_t cp, double ink_left, double ink_right, double ink_bottom,
                                           double ink_top, double advance) {
    (void)ink_top;
    const double centre = (ink_left + ink_right) / 2;
    const double width = ink_right - ink_left;
    PunctuationFix fix;
    fix.advance = advance;
    switch (cp) {
    case U'，': case U'。': case U'、':
        // Mainland fonts (LXGW WenKai, WenQuanYi's 。) put the ink's centre near 0.2 em, on the baseline.
        if (centre > 350) fix.dx = 200 - centre;
        if (ink_bottom > 100) fix.dy = -95 - ink_bottom;
        break;
    case U'：': case U'；': case U'！': case U'？':
        if (centre > 350) fix.dx = std::max(240.0, 70 + width / 2) - centre;
        break;
    case U'“': case U'‘':
        if (advance < 700) {
            fix.advance = 1000;
            fix.dx = 1000 - advance;  // keeps the glyph's right side bearing against the next character
        }
        break;
    case U'”': case U'’':
        if (advance < 700) fix.advance = 1000;
        break;
    default:
        return std::nullopt;
    }
    if (fix.dx == 0 && fix.dy == 0 && fix.advance == advance) return std::nullopt;
    return fix;
}

namespace {

// Big-endian reading and writing of the sfnt tables (TrueType is big-endian throughout).
struct Reader {
    const uint8_t* data;
    size_t size;
    uint16_t u16(size_t at) const {
        if (at + 2 > size) throw std::runtime_error("font table too short");
        return static_cast<uint16_t>(data[at] << 8 | data[at + 1]);
    }
    int16_t s16(size_t at) const { return static_cast<int16_t>(u16(at)); }
    uint32_t u32(size_t at) const { return static_cast<uint32_t>(u16(at)) << 16 | u16(at + 2); }
    uint8_t u8(size_t at) const {
        if (at >= size) throw std::runtime_error("font table too short");
        return data[at];
    }
};

void put16(std::string& out, int value) {
    out += static_cast<char>((value >> 8) & 0xFF);
    out += static_cast<char>(value & 0xFF);
}
void set16(std::string& s, size_t at, int value) {
    s[at] = static_cast<char>((value >> 8) & 0xFF);
    s[at + 1] = static_cast<char>(value & 0xFF);
}
void put32(std::string& out, uint32_t value) {
    put16(out, static_cast<int>(value >> 16));
    put16(out, static_cast<int>(value & 0xFFFF));
}

std::string table(hb_face_t* face, const char* tag) {
    return take_blob_bytes(hb_face_reference_table(face, hb_tag_from_string(tag, 4)));
}

Reader reader(const std::string& s) { return Reader{reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

/// A simple glyph (numberOfContours ≥ 0) with every point moved by (dx, dy): the flags are written
/// out one per point (no repeats) and every coordinate delta re-encoded, since only the first one
/// changes but its size may.
std::string move_simple_glyph(const std::string& glyph, int dx, int dy) {
    const Reader r = reader(glyph);
    const int contours = r.s16(0);
    if (contours < 0) return glyph;  // composite: left alone
    if (contours == 0) return glyph;
    size_t at = 10;
    int points = 0;
    for (int c = 0; c < contours; ++c) points = r.u16(at + 2 * static_cast<size_t>(c)) + 1;
    at += 2 * static_cast<size_t>(contours);
    const size_t instructions = r.u16(at);
    const size_t instructions_at = at;
    at += 2 + instructions;
    std::vector<uint8_t> flags;
    while (static_cast<int>(flags.size()) < points) {
        const uint8_t f = r.u8(at++);
        flags.push_back(f);
        if (f & 0x08) {
            const int repeat = r.u8(at++);
            for (int k = 0; k < repeat; ++k) flags.push_back(f);
        }
    }
    if (static_cast<int>(flags.size()) != points) throw std::runtime_error("glyph flags overrun the points");
    auto read_coords = [&](uint8_t short_bit, uint8_t same_bit) {
        std::vector<int> values;
        int value = 0;
        for (uint8_t f : flags) {
            if (f & short_bit) {
                const int d = r.u8(at++);
                value += (f & same_bit) ? d : -d;
            } else if (!(f & same_bit)) {
                value += r.s16(at);
                at += 2;
            }
            values.push_back(value);
        }
        return values;
    };
    std::vector<int> xs = read_coords(0x02, 0x10);
    std::vector<int> ys = read_coords(0x04, 0x20);
    for (int& x : xs) x += dx;
    for (int& y : ys) y += dy;

    std::string out;
    put16(out, contours);
    put16(out, r.s16(2) + dx);
    put16(out, r.s16(4) + dy);
    put16(out, r.s16(6) + dx);
    put16(out, r.s16(8) + dy);
    out.append(glyph, 10, instructions_at + 2 + instructions - 10);  // end points and instructions as they were
    std::string xbytes, ybytes;
    std::vector<uint8_t> new_flags(flags.size());
    auto encode = [](int delta, uint8_t short_bit, uint8_t same_bit, uint8_t& flag, std::string& bytes) {
        if (delta == 0) {
            flag |= same_bit;
        } else if (delta > -256 && delta < 256) {
            flag |= short_bit;
            if (delta > 0) flag |= same_bit;
            bytes += static_cast<char>(delta > 0 ? delta : -delta);
        } else {
            put16(bytes, delta);
        }
    };
    int px = 0, py = 0;
    for (size_t i = 0; i < flags.size(); ++i) {
        uint8_t f = flags[i] & 0x41;  // on-curve and overlap bits kept; the rest re-encoded
        encode(xs[i] - px, 0x02, 0x10, f, xbytes);
        encode(ys[i] - py, 0x04, 0x20, f, ybytes);
        px = xs[i];
        py = ys[i];
        new_flags[i] = f;
    }
    out.append(new_flags.begin(), new_flags.end());
    out += xbytes;
    out += ybytes;
    return out;
}

}  // namespace

bool is_simple_glyph(hb_face_t* face, unsigned glyph) {
    hb_blob_t* head_blob = hb_face_reference_table(face, HB_TAG('h', 'e', 'a', 'd'));
    hb_blob_t* loca_blob = hb_face_reference_table(face, HB_TAG('l', 'o', 'c', 'a'));
    hb_blob_t* glyf_blob = hb_face_reference_table(face, HB_TAG('g', 'l', 'y', 'f'));
    unsigned head_size = 0, loca_size = 0, glyf_size = 0;
    const auto* head = reinterpret_cast<const uint8_t*>(hb_blob_get_data(head_blob, &head_size));
    const auto* loca = reinterpret_cast<const uint8_t*>(hb_blob_get_data(loca_blob, &loca_size));
    const auto* glyf = reinterpret_cast<const uint8_t*>(hb_blob_get_data(glyf_blob, &glyf_size));
    bool simple = false;
    try {
        if (head_size >= 54 && loca && glyf) {
            const Reader rhead{head, head_size}, rloca{loca, loca_size}, rglyf{glyf, glyf_size};
            const bool long_loca = rhead.s16(50) != 0;
            const size_t start = long_loca ? rloca.u32(4 * glyph) : 2u * rloca.u16(2 * glyph);
            const size_t end = long_loca ? rloca.u32(4 * (glyph + 1)) : 2u * rloca.u16(2 * (glyph + 1));
            simple = end >= start + 10 && end <= glyf_size && rglyf.s16(start) > 0;
        }
    } catch (const std::runtime_error&) {
        simple = false;  // a loca shorter than the glyph count: treat as not movable
    }
    hb_blob_destroy(head_blob);
    hb_blob_destroy(loca_blob);
    hb_blob_destroy(glyf_blob);
    return simple;
}

std::string move_glyphs(hb_face_t* face, const std::vector<GlyphMove>& moves) {
    std::string head = table(face, "head"), hhea = table(face, "hhea"), hmtx = table(face, "hmtx"),
                loca = table(face, "loca"), glyf = table(face, "glyf"), maxp = table(face, "maxp");
    if (head.size() < 54 || hhea.size() < 36 || maxp.size() < 6 || glyf.empty())
        throw std::runtime_error("the font has no TrueType outlines to correct");
    const Reader rhead = reader(head), rhhea = reader(hhea), rhmtx = reader(hmtx), rloca = reader(loca),
                 rmaxp = reader(maxp);
    const unsigned glyphs = rmaxp.u16(4);
    const unsigned long_metrics = rhhea.u16(34);
    const bool long_loca = rhead.s16(50) != 0;
    auto offset = [&](unsigned g) -> size_t { return long_loca ? rloca.u32(4 * g) : 2u * rloca.u16(2 * g); };
    std::map<unsigned, const GlyphMove*> by_glyph;
    for (const auto& m : moves)
        if (m.glyph < glyphs) by_glyph[m.glyph] = &m;

    std::string new_glyf, new_loca, new_hmtx;
    int x_min = rhead.s16(36), y_min = rhead.s16(38), x_max = rhead.s16(40), y_max = rhead.s16(42);
    for (unsigned g = 0; g < glyphs; ++g) {
        put32(new_loca, static_cast<uint32_t>(new_glyf.size()));
        const size_t start = offset(g), end = offset(g + 1);
        if (end < start || end > glyf.size()) throw std::runtime_error("loca points outside glyf");
        std::string glyph = glyf.substr(start, end - start);
        int advance = rhmtx.u16(4 * std::min(g, long_metrics - 1));
        int lsb = g < long_metrics ? rhmtx.s16(4 * g + 2) : rhmtx.s16(4 * long_metrics + 2 * (g - long_metrics));
        if (auto it = by_glyph.find(g); it != by_glyph.end() && glyph.size() >= 10 && reader(glyph).s16(0) > 0) {
            glyph = move_simple_glyph(glyph, it->second->dx, it->second->dy);
            const Reader rg = reader(glyph);
            lsb = rg.s16(2);
            advance = it->second->advance;
            x_min = std::min<int>(x_min, rg.s16(2));
            y_min = std::min<int>(y_min, rg.s16(4));
            x_max = std::max<int>(x_max, rg.s16(6));
            y_max = std::max<int>(y_max, rg.s16(8));
        }
        new_glyf += glyph;
        while (new_glyf.size() % 4) new_glyf += '\0';
        put16(new_hmtx, advance);
        put16(new_hmtx, lsb);
    }
    put32(new_loca, static_cast<uint32_t>(new_glyf.size()));
    set16(head, 50, 1);  // indexToLocFormat: long offsets
    set16(head, 36, x_min);
    set16(head, 38, y_min);
    set16(head, 40, x_max);
    set16(head, 42, y_max);
    set16(hhea, 34, static_cast<int>(glyphs));
    int max_advance = rhhea.u16(10);
    for (const auto& m : moves) max_advance = std::max(max_advance, m.advance);
    set16(hhea, 10, max_advance);

    const std::map<std::string, const std::string*> replaced = {
        {"head", &head}, {"hhea", &hhea}, {"hmtx", &new_hmtx}, {"loca", &new_loca}, {"glyf", &new_glyf}};
    hb_face_t* builder = hb_face_builder_create();
    hb_tag_t tags[64];
    for (unsigned first = 0;;) {
        unsigned count = 64;
        hb_face_get_table_tags(face, first, &count, tags);
        if (count == 0) break;
        for (unsigned i = 0; i < count; ++i) {
            char name[5] = {};
            hb_tag_to_string(tags[i], name);
            hb_blob_t* blob = nullptr;
            if (auto it = replaced.find(name); it != replaced.end()) {
                blob = hb_blob_create(it->second->data(), static_cast<unsigned>(it->second->size()),
                                      HB_MEMORY_MODE_DUPLICATE, nullptr, nullptr);
            } else {
                blob = hb_face_reference_table(face, tags[i]);
            }
            hb_face_builder_add_table(builder, tags[i], blob);
            hb_blob_destroy(blob);
        }
        first += count;
    }
    std::string bytes = take_blob_bytes(hb_face_reference_blob(builder));
    hb_face_destroy(builder);
    return bytes;
}

}  // namespace dangan::text
