#include "pdf/pdfa.hpp"

#include <Poco/MD5Engine.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

namespace dangan::pdf {
namespace {

const char* const kProfileLocations[] = {
    "/usr/share/color/icc/sRGB.icc",          // icc-profiles-free
    "/usr/share/color/icc/colord/sRGB.icc",   // colord-data
};

std::string xml_escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default:
            // Control characters are not allowed in XML 1.0; the Info string keeps them, the
            // packet shows a space (they never occur in titles a template writes).
            out += (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') ? ' ' : c;
        }
    }
    return out;
}

std::uint32_t be32(const std::string& b, std::size_t at) {
    return (std::uint32_t(std::uint8_t(b[at])) << 24) | (std::uint32_t(std::uint8_t(b[at + 1])) << 16) |
           (std::uint32_t(std::uint8_t(b[at + 2])) << 8) | std::uint32_t(std::uint8_t(b[at + 3]));
}
int be16s(const std::string& b, std::size_t at) {
    return static_cast<std::int16_t>((std::uint8_t(b[at]) << 8) | std::uint8_t(b[at + 1]));
}

/// Offset and length of a table in a TrueType file, or {0, 0}.
std::pair<std::size_t, std::size_t> find_table(const std::string& ttf, const char* tag) {
    if (ttf.size() < 12) return {0, 0};
    const std::size_t count = (std::uint8_t(ttf[4]) << 8) | std::uint8_t(ttf[5]);
    for (std::size_t i = 0; i < count && 12 + 16 * (i + 1) <= ttf.size(); ++i) {
        const std::size_t rec = 12 + 16 * i;
        if (ttf.compare(rec, 4, tag) == 0) {
            const std::size_t offset = be32(ttf, rec + 8), length = be32(ttf, rec + 12);
            if (offset + length <= ttf.size()) return {offset, length};
        }
    }
    return {0, 0};
}


uint32_t icc_be32(const std::string& b, std::size_t at) {
    return (uint32_t(uint8_t(b[at])) << 24) | (uint32_t(uint8_t(b[at + 1])) << 16) | (uint32_t(uint8_t(b[at + 2])) << 8) |
           uint32_t(uint8_t(b[at + 3]));
}

void icc_put32(std::string& b, std::size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
}

}  // namespace

/// Readers build colour transforms from the OutputIntent's profile; poppler does so for every page, and
/// inverting a 1,024-entry tone curve (icc-profiles-free's sRGB.icc) cost it about 30 ms a page — a
/// 10,000-record book took pdftotext minutes. The same curves sampled at 64 points (piecewise linear, off by
/// less than 1/4,000 from the 1,024-point table) invert in a fraction of that. Only 'curv' tables longer
/// than 64 entries change; every other tag is copied as it is. Anything unexpected gives back the input.
std::string with_short_tone_curves(const std::string& icc) {
    constexpr uint32_t short_points = 64;
    if (icc.size() < 132 || icc_be32(icc, 0) != icc.size()) return icc;
    const uint32_t count = icc_be32(icc, 128);
    if (count == 0 || count > 100 || 132 + 12ull * count > icc.size()) return icc;
    struct Tag {
        std::string signature;
        std::string data;
    };
    std::vector<Tag> tags;
    std::vector<std::pair<uint32_t, uint32_t>> places;  // original offset and size, to keep shared data shared
    for (uint32_t i = 0; i < count; ++i) {
        const std::size_t entry = 132 + 12ull * i;
        const uint32_t offset = icc_be32(icc, entry + 4), size = icc_be32(icc, entry + 8);
        if (offset < 132 || size < 8 || offset + uint64_t(size) > icc.size()) return icc;
        std::string data = icc.substr(offset, size);
        if (data.compare(0, 4, "curv") == 0 && size >= 12) {
            const uint32_t n = icc_be32(data, 8);
            if (12 + 2ull * n > size) return icc;
            if (n > short_points) {
                std::string shorter = data.substr(0, 8);
                shorter.append(4, '\0');
                icc_put32(shorter, 8, short_points);
                for (uint32_t k = 0; k < short_points; ++k) {
                    const double at = double(k) * (n - 1) / (short_points - 1);
                    const uint32_t lo = static_cast<uint32_t>(at);
                    const uint32_t hi = lo + 1 < n ? lo + 1 : lo;
                    auto value = [&](uint32_t j) { return double((uint8_t(data[12 + 2 * j]) << 8) | uint8_t(data[13 + 2 * j])); };
                    const double v = value(lo) + (value(hi) - value(lo)) * (at - lo);
                    const auto rounded = static_cast<uint32_t>(v + 0.5);
                    shorter += static_cast<char>((rounded >> 8) & 0xFF);
                    shorter += static_cast<char>(rounded & 0xFF);
                }
                data = shorter;
            }
        }
        tags.push_back({icc.substr(entry, 4), data});
        places.emplace_back(offset, size);
    }
    std::string out = icc.substr(0, 128);
    out.append(4 + 12 * count, '\0');
    icc_put32(out, 128, count);
    std::vector<uint32_t> written(count);
    for (uint32_t i = 0; i < count; ++i) {
        uint32_t at = 0;
        for (uint32_t j = 0; j < i && !at; ++j)
            if (places[j] == places[i]) at = written[j];  // rTRC, gTRC and bTRC often share one table
        if (!at) {
            while (out.size() % 4) out += '\0';
            at = static_cast<uint32_t>(out.size());
            out += tags[i].data;
        }
        written[i] = at;
        const std::size_t entry = 132 + 12ull * i;
        out.replace(entry, 4, tags[i].signature);
        icc_put32(out, entry + 4, at);
        icc_put32(out, entry + 8, static_cast<uint32_t>(tags[i].data.size()));
    }
    while (out.size() % 4) out += '\0';
    icc_put32(out, 0, static_cast<uint32_t>(out.size()));
    std::fill(out.begin() + 84, out.begin() + 100, '\0');  // the profile ID (an MD5 in v4; zero = not computed)
    return out;
}

const std::string& srgb_profile() {
    static const std::string bytes = [] {
        std::string found;
        std::vector<std::string> candidates;
        if (const char* env = std::getenv("DANGAN_SRGB_ICC"); env && *env) candidates.emplace_back(env);
        for (const char* p : kProfileLocations) candidates.emplace_back(p);
        for (const auto& path : candidates) {
            std::ifstream in(path, std::ios::binary);
            if (!in) continue;
            found.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
            // An ICC profile: 'acsp' at byte 36, RGB data colour space at byte 16.
            if (found.size() > 128 && found.compare(36, 4, "acsp") == 0 && found.compare(16, 4, "RGB ") == 0)
                return with_short_tone_curves(found);
            found.clear();
        }
        return found;
    }();
    return bytes;
}

std::string srgb_profile_locations() {
    std::string out = "$DANGAN_SRGB_ICC";
    for (const char* p : kProfileLocations) out += std::string(", ") + p;
    return out;
}

std::string xmp_date(const PdfDate& d) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", d.year, d.month, d.day, d.hour, d.minutes,
                  d.seconds);
    std::string out = buf;
    if (d.ind == 'Z' || ((d.ind == '+' || d.ind == '-') && d.off_hour == 0 && d.off_minutes == 0)) {
        out += 'Z';
    } else if (d.ind == '+' || d.ind == '-') {
        std::snprintf(buf, sizeof buf, "%c%02d:%02d", d.ind, d.off_hour, d.off_minutes);
        out += buf;
    }
    return out;
}

std::string make_xmp(const XmpFields& f) {
    std::ostringstream x;
    // The packet header's begin attribute is a UTF-8 byte-order mark (XMP Part 1, 7.3.2).
    x << "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
      << "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
      << "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n";
    x << "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
      << "<dc:format>application/pdf</dc:format>\n";
    if (!f.title.empty())
        x << "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" << xml_escape(f.title) << "</rdf:li></rdf:Alt></dc:title>\n";
    if (!f.author.empty())
        x << "<dc:creator><rdf:Seq><rdf:li>" << xml_escape(f.author) << "</rdf:li></rdf:Seq></dc:creator>\n";
    if (!f.subject.empty())
        x << "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" << xml_escape(f.subject)
          << "</rdf:li></rdf:Alt></dc:description>\n";
    x << "</rdf:Description>\n";
    x << "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n";
    if (!f.creator.empty()) x << "<xmp:CreatorTool>" << xml_escape(f.creator) << "</xmp:CreatorTool>\n";
    if (f.created) {
        x << "<xmp:CreateDate>" << xmp_date(*f.created) << "</xmp:CreateDate>\n"
          << "<xmp:ModifyDate>" << xmp_date(*f.created) << "</xmp:ModifyDate>\n";
    }
    x << "</rdf:Description>\n";
    x << "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n";
    if (!f.keywords.empty()) x << "<pdf:Keywords>" << xml_escape(f.keywords) << "</pdf:Keywords>\n";
    if (!f.producer.empty()) x << "<pdf:Producer>" << xml_escape(f.producer) << "</pdf:Producer>\n";
    x << "</rdf:Description>\n";
    x << "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
      << "<pdfaid:part>1</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n"
      << "</rdf:Description>\n";
    x << "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>";
    return x.str();
}

std::string subset_tag(const std::string& seed) {
    Poco::MD5Engine md5;
    md5.update(seed);
    const auto& digest = md5.digest();
    std::string tag;
    for (int i = 0; i < 6; ++i) tag += static_cast<char>('A' + digest[i] % 26);
    return tag;
}

std::string cid_set(const std::set<char32_t>& cids) {
    const char32_t last = cids.empty() ? 0 : *cids.rbegin();
    std::string bits(last / 8 + 1, '\0');
    bits[0] = static_cast<char>(0x80);  // CID 0, .notdef, is always in the font
    for (const char32_t cid : cids) bits[cid / 8] = static_cast<char>(bits[cid / 8] | (0x80 >> (cid % 8)));
    return bits;
}

std::optional<int> cap_height(const std::string& ttf) {
    const auto [head, head_len] = find_table(ttf, "head");
    if (head_len < 20) return std::nullopt;
    const int units = (std::uint8_t(ttf[head + 18]) << 8) | std::uint8_t(ttf[head + 19]);
    if (units <= 0) return std::nullopt;
    const auto [os2, os2_len] = find_table(ttf, "OS/2");
    if (os2_len >= 90 && ((std::uint8_t(ttf[os2]) << 8) | std::uint8_t(ttf[os2 + 1])) >= 2) {
        const int cap = be16s(ttf, os2 + 88);
        if (cap > 0) return cap * 1000 / units;
    }
    const auto [hhea, hhea_len] = find_table(ttf, "hhea");
    if (hhea_len >= 6) return be16s(ttf, hhea + 4) * 700 / units;
    return std::nullopt;
}

}  // namespace dangan::pdf
