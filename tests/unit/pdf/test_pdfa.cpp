// The PDF/A pieces (pdf/pdfa.hpp): the XMP packet, subset tags, CIDSet bits and the cap height read
// from a real Debian font. Whole files are validated by PDFBox Preflight in tests/e2e/typeset_samples.sh.
#include "pdf/pdfa.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>

using namespace dangan::pdf;

TEST_CASE("pdfa: the XMP packet carries pdfaid and the Info entries, escaped") {
    PdfDate date{};
    date.year = 2025;
    date.month = 3;
    date.day = 6;
    date.hour = 14;
    date.minutes = 30;
    date.ind = '+';
    date.off_hour = 8;
    const std::string xmp = make_xmp({"会议记录 <第1次> & 决定", "中共某支部", "支部委员会会议记录", "", "dangan",
                                      "Haru Free PDF Library 2.3.0", date});
    CHECK(xmp.find("<pdfaid:part>1</pdfaid:part>") != std::string::npos);
    CHECK(xmp.find("<pdfaid:conformance>B</pdfaid:conformance>") != std::string::npos);
    CHECK(xmp.find("会议记录 &lt;第1次&gt; &amp; 决定") != std::string::npos);
    CHECK(xmp.find("<rdf:li>中共某支部</rdf:li>") != std::string::npos);
    CHECK(xmp.find("<xmp:CreateDate>2025-03-06T14:30:00+08:00</xmp:CreateDate>") != std::string::npos);
    CHECK(xmp.find("pdf:Keywords") == std::string::npos);  // empty fields are left out, as in Info
    CHECK(xmp.rfind("<?xpacket end=", std::string::npos) != std::string::npos);
}

TEST_CASE("pdfa: UTC is written as Z in XMP whichever way the Info date says it") {
    PdfDate d{};
    d.year = 2000;
    d.month = 1;
    d.day = 1;
    d.ind = '+';
    CHECK(xmp_date(d) == "2000-01-01T00:00:00Z");
    d.ind = ' ';
    CHECK(xmp_date(d) == "2000-01-01T00:00:00");
    d.ind = '-';
    d.off_hour = 5;
    CHECK(xmp_date(d) == "2000-01-01T00:00:00-05:00");
}

TEST_CASE("pdfa: subset tags are six capitals, fixed by the seed and different between seeds") {
    const std::string a = subset_tag("file one, face 0");
    CHECK(a.size() == 6);
    for (char c : a) CHECK((c >= 'A' && c <= 'Z'));
    CHECK(subset_tag("file one, face 0") == a);
    CHECK(subset_tag("file two, face 0") != a);
}

TEST_CASE("pdfa: the CIDSet has a bit per CID, CID 0 included") {
    const std::string bits = cid_set({U'A', U'中'});
    REQUIRE(bits.size() == 0x4E2D / 8 + 1);
    CHECK(static_cast<unsigned char>(bits[0]) == 0x80);                       // CID 0
    CHECK(static_cast<unsigned char>(bits[0x41 / 8]) == (0x80 >> (0x41 % 8)));  // 'A' = 65
    CHECK((static_cast<unsigned char>(bits[0x4E2D / 8]) & (0x80 >> (0x4E2D % 8))) != 0);
    CHECK(cid_set({}).size() == 1);
}

TEST_CASE("pdfa: cap height from a real TrueType font, nothing from a broken file") {
    // fonts-lxgw-wenkai is installed by scripts/install-deps.sh (the 楷体 of fonts.json).
    std::ifstream kai("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", std::ios::binary);
    REQUIRE(kai);
    {
        const std::string font{std::istreambuf_iterator<char>(kai), std::istreambuf_iterator<char>()};
        const auto cap = cap_height(font);
        REQUIRE(cap);
        CHECK(*cap > 500);
        CHECK(*cap < 1000);
    }
    CHECK_FALSE(cap_height(""));
    CHECK_FALSE(cap_height(std::string(64, '\x01')));
}

TEST_CASE("pdfa: the sRGB profile of icc-profiles-free is found") {
    const std::string& icc = srgb_profile();
    REQUIRE(icc.size() > 128);
    CHECK(icc.compare(36, 4, "acsp") == 0);
}

TEST_CASE("pdfa: the embedded sRGB profile has 64-point tone curves that follow the installed ones") {
    // Read the installed profile as it is, then shorten it: the curves must keep their shape.
    std::ifstream in("/usr/share/color/icc/sRGB.icc", std::ios::binary);
    REQUIRE(in);
    const std::string original((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string shorter = with_short_tone_curves(original);
    auto be32 = [](const std::string& b, size_t at) {
        return (uint32_t(uint8_t(b[at])) << 24) | (uint32_t(uint8_t(b[at + 1])) << 16) | (uint32_t(uint8_t(b[at + 2])) << 8) |
               uint32_t(uint8_t(b[at + 3]));
    };
    auto curve = [&](const std::string& icc, const char* tag) -> std::vector<double> {
        for (uint32_t i = 0; i < be32(icc, 128); ++i)
            if (icc.compare(132 + 12 * i, 4, tag) == 0) {
                const uint32_t at = be32(icc, 132 + 12 * i + 4), n = be32(icc, at + 8);
                std::vector<double> v;
                for (uint32_t k = 0; k < n; ++k) v.push_back(((uint8_t(icc[at + 12 + 2 * k]) << 8) | uint8_t(icc[at + 13 + 2 * k])) / 65535.0);
                return v;
            }
        return {};
    };
    REQUIRE(shorter.size() < original.size());
    CHECK(be32(shorter, 0) == shorter.size());
    CHECK(shorter.compare(36, 4, "acsp") == 0);
    for (const char* tag : {"rTRC", "gTRC", "bTRC"}) {
        const auto before = curve(original, tag), after = curve(shorter, tag);
        REQUIRE(before.size() > 64);
        REQUIRE(after.size() == 64);
        // Every original sample lies within 1/2,000 of the 64-point curve, interpolated.
        double worst = 0;
        for (size_t k = 0; k < before.size(); ++k) {
            const double x = double(k) / (before.size() - 1) * 63;
            const size_t lo = std::min<size_t>(static_cast<size_t>(x), 62);
            const double y = after[lo] + (after[lo + 1] - after[lo]) * (x - lo);
            worst = std::max(worst, std::abs(y - before[k]));
        }
        CHECK(worst < 1.0 / 2000);
    }
    // Not a profile: given back unchanged.
    CHECK(with_short_tone_curves("not an icc profile") == "not an icc profile");
    CHECK(srgb_profile() == shorter);
}
