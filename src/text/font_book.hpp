// FontBook: the real FontMetrics, over the font map (fonts.json) and HarfBuzz.
// Faces open lazily, on the first character that needs them; glyph ids and advances are cached in
// flat per-face tables because layout asks for them once per character of thousands of pages.
// Not thread-safe: give each rendering thread its own FontBook (faces are memory-mapped, so the
// cost of a second FontBook is its caches, not a second copy of the fonts).
#pragma once

#include "text/font_map.hpp"
#include "text/font_metrics.hpp"

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace dangan::text {

/// One step of a glyph outline, in thousandths of an em, y up, origin at the glyph's origin on
/// the baseline. Quadratic TrueType curves are already converted to cubic ones (PDF has no quadratic).
struct PathOp {
    enum class Kind { move, line, cubic, close };
    Kind kind = Kind::move;
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0;  ///< control points (cubic only)
    double x = 0, y = 0;                    ///< end point (move, line, cubic)
};

class FontBook final : public FontMetrics {
public:
    /// Reads and checks the font map (see read_font_map); opens no font yet.
    static FontBook load(const std::filesystem::path& fonts_json);
    explicit FontBook(FontMap map);
    /// Warnings from reading the map (unknown keys); the caller prints them.
    const std::vector<core::Diagnostic>& map_warnings() const;
    FontBook(FontBook&&) noexcept;
    FontBook& operator=(FontBook&&) noexcept;
    ~FontBook() override;

    // --- FontMetrics ---
    std::optional<FaceId> face_for(std::string_view family, char32_t cp) override;
    double advance(FaceId face, char32_t cp) override;
    double ascender(FaceId face) override;
    double descender(FaceId face) override;
    std::string face_name(FaceId face) override;
    std::optional<std::pair<double, double>> ink_extent(FaceId face, char32_t cp) override;

    // --- for layout and tests ---
    /// Family names the map defines, in map order.
    std::vector<std::string> families() const;
    /// Whether `face` maps `cp` to a glyph (cmap coverage).
    bool has_glyph(FaceId face, char32_t cp);
    /// Number of distinct faces in the map; FaceIds are 0 … face_count()-1.
    int face_count() const;
    /// Whether HarfBuzz has opened the face's file yet (faces open on first use).
    bool face_is_open(FaceId face) const;

    // --- for the PDF writer ---
    const std::filesystem::path& face_path(FaceId face) const;
    int face_index(FaceId face) const;
    /// Drawn with synthetic bold (the map's "embolden"), e.g. 小标宋 substituted by a bold 宋.
    bool face_embolden(FaceId face) const;
    /// FaceIds that share one font file and index (differing only in "embolden") share one subset.
    FaceId file_face(FaceId face) const;
    /// The outline of `cp`'s glyph (empty for a blank glyph such as a space); used to draw characters
    /// above U+FFFF that libharu 2.3 cannot encode. Throws std::out_of_range if the face lacks `cp`.
    std::vector<PathOp> glyph_outline(FaceId face, char32_t cp);

    /// A TrueType font holding only the glyphs for `used` (plus .notdef) from `face`, made with
    /// hb-subset; cached per (file, index, used) for the life of this FontBook, so documents of one
    /// batch that use the same characters share it. Throws std::runtime_error if HarfBuzz fails.
    std::string subset_face(FaceId face, const std::set<char32_t>& used);

private:
    /// `bytes` (a subset of face `id` holding `used`) with its punctuation set the mainland way.
    std::string place_punctuation(FaceId id, const std::set<char32_t>& used, std::string bytes);

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace dangan::text
