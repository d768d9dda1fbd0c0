// How layout asks about fonts without knowing any font file or PDF library.
// Implemented by text::FontBook (real fonts, through HarfBuzz) and by a fixed fake in tests.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace dangan::text {

/// A concrete face (one file, one index in a collection) known to a FontMetrics; stable for its lifetime.
using FaceId = int;

/// Measures and chooses faces. Logical family names are those a template uses:
/// "宋体", "黑体", "楷体", "仿宋", "小标宋" (and any other the font map defines).
class FontMetrics {
public:
    virtual ~FontMetrics() = default;

    /// The face that draws `cp` for `family`: the family's own face if it has the glyph, else the first
    /// face in the fallback chain that has it; nullopt when no face has it (the caller reports it).
    /// Throws core::InputError for a family the font map does not define.
    virtual std::optional<FaceId> face_for(std::string_view family, char32_t cp) = 0;

    /// Advance width of `cp` in `face`, in thousandths of an em (中 = 1000, "1" ≈ 500).
    virtual double advance(FaceId face, char32_t cp) = 0;

    /// Ascender and descender (descender negative), thousandths of an em.
    virtual double ascender(FaceId face) = 0;
    virtual double descender(FaceId face) = 0;

    /// A short readable name for traces and messages, e.g. "AR PL UMing CN".
    virtual std::string face_name(FaceId face) = 0;

    /// The horizontal extent of the glyph's ink, [left, right] in thousandths of an em from the
    /// pen position; nullopt when unknown. Layout compresses adjacent punctuation (clreq) only by
    /// the blank the glyph really has: ，。 sit in the left half of the em in mainland fonts but are
    /// centred in Taiwanese ones such as AR PL UMing.
    virtual std::optional<std::pair<double, double>> ink_extent(FaceId, char32_t) { return std::nullopt; }

    /// Layout's cache of the answers above (layout::MetricsCache), kept with the fonts it describes so
    /// that every document laid out with them shares it. Only layout reads or writes it; like the fonts,
    /// it is for one thread at a time.
    std::shared_ptr<void> layout_cache;
};

}  // namespace dangan::text
