// PDF/A-1b (ISO 19005-1, level B) pieces of the writer (pdf/pdf_writer.hpp): the XMP
// metadata packet (with pdfaid), the sRGB OutputIntent, and for each embedded CID TrueType font its
// CapHeight, its CIDSet and a subset tag derived from the content (so two files never share a tag,
// and --deterministic still gives the same bytes). PDF/A-1 rather than -2: the validator the test
// suite runs (PDFBox Preflight, Debian's libpdfbox2-java) checks PDF/A-1b, and nothing dangan draws
// needs PDF/A-2's additions (transparency, JPEG 2000, PDF 1.7 features).
#pragma once

#include <optional>
#include <set>
#include <string>

namespace dangan::pdf {

/// A date as Info and XMP write it; ind is ' ' (no zone), 'Z', '+' or '-' (then the offset).
struct PdfDate {
    int year = 0, month = 0, day = 0, hour = 0, minutes = 0, seconds = 0;
    char ind = ' ';
    int off_hour = 0, off_minutes = 0;
};

/// The sRGB profile's bytes, read once from the first of the Debian locations that exists
/// (icc-profiles-free: /usr/share/color/icc/sRGB.icc; colord-data: /usr/share/color/icc/colord/sRGB.icc)
/// or from $DANGAN_SRGB_ICC. Empty when none is there (the writer then warns and writes plain PDF).
const std::string& srgb_profile();
/// The profile with its tone curves ('curv' tables) sampled at 64 points (why: pdfa.cpp); the input when it
/// is not a well-formed profile.
std::string with_short_tone_curves(const std::string& icc);
/// Where srgb_profile() looked, for the warning.
std::string srgb_profile_locations();

/// The document information that the Info dictionary and the XMP packet must both carry, equal.
struct XmpFields {
    std::string title, author, subject, keywords, creator, producer;
    std::optional<PdfDate> created;  ///< also the modification date
};

/// The XMP packet (UTF-8, XML-escaped) with dc:title, dc:creator, dc:description, pdf:Keywords,
/// pdf:Producer, xmp:CreatorTool, xmp:CreateDate/ModifyDate and pdfaid:part=1, conformance=B.
std::string make_xmp(const XmpFields& fields);

/// "2000-01-01T00:00:00Z" / "+08:00" / no zone, as XMP dates are written.
std::string xmp_date(const PdfDate& date);

/// Six capital letters from a digest of `seed` (a subset tag: "ABCDEF+Name").
std::string subset_tag(const std::string& seed);

/// A CIDSet stream's bytes: bit (7 - cid % 8) of byte cid / 8 is set for each CID (CID 0 included).
std::string cid_set(const std::set<char32_t>& cids);

/// The cap height of a TrueType font file in PDF glyph units (1000 per em): OS/2 sCapHeight (table
/// version 2 and later); for older tables 70 % of the hhea ascender stands in (CJK fonts have no
/// capitals of their own; the value only guides a viewer's font substitution). nullopt when the
/// file has neither table.
std::optional<int> cap_height(const std::string& ttf);

}  // namespace dangan::pdf
