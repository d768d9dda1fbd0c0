// A FontMetrics fake with fixed, round numbers so layout traces are exact on every machine:
// CJK and full-width characters 1000/1000 em, everything else 500; one face per family plus a
// fallback face; characters can be made missing everywhere or only in a family's own face.
#pragma once

#include "core/diagnostic.hpp"
#include "text/font_metrics.hpp"

#include <map>
#include <set>
#include <string>

namespace dangan::testing {

class FixedMetrics : public text::FontMetrics {
public:
    /// Characters no face has (layout must report them).
    std::set<char32_t> missing;
    /// Characters a family's own face lacks (face_for then answers the fallback face).
    std::map<std::string, std::set<char32_t>> family_lacks;
    /// Ink extents to report ([left, right], thousandths of an em); none by default.
    std::map<char32_t, std::pair<double, double>> ink;
    /// How often each method was called (to check that layout caches).
    long face_for_calls = 0, advance_calls = 0;

    static constexpr text::FaceId fallback_face = 5;

    std::optional<text::FaceId> face_for(std::string_view family, char32_t cp) override {
        ++face_for_calls;
        const text::FaceId own = face_of(family);
        if (missing.count(cp)) return std::nullopt;
        auto lacks = family_lacks.find(std::string(family));
        if (lacks != family_lacks.end() && lacks->second.count(cp)) return fallback_face;
        return own;
    }

    double advance(text::FaceId, char32_t cp) override {
        ++advance_calls;
        return wide(cp) ? 1000 : 500;
    }
    std::optional<std::pair<double, double>> ink_extent(text::FaceId, char32_t cp) override {
        const auto it = ink.find(cp);
        if (it == ink.end()) return std::nullopt;
        return it->second;
    }
    double ascender(text::FaceId) override { return 880; }
    double descender(text::FaceId) override { return -120; }
    std::string face_name(text::FaceId face) override {
        static const char* names[] = {"FakeSong", "FakeHei", "FakeKai", "FakeFangsong", "FakeXiaobiaosong",
                                      "FakeFallback"};
        return face >= 0 && face <= 5 ? names[face] : "FakeUnknown";
    }

    static bool wide(char32_t cp) {
        return (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFF60) ||
               (cp >= 0x20000 && cp <= 0x3FFFD) || cp == 0x2014 || cp == 0x2026 || (cp >= 0x2018 && cp <= 0x201D) ||
               cp == 0x00B7;
    }

private:
    static text::FaceId face_of(std::string_view family) {
        static const std::map<std::string, text::FaceId, std::less<>> faces = {
            {"宋体", 0}, {"黑体", 1}, {"楷体", 2}, {"仿宋", 3}, {"小标宋", 4}};
        auto it = faces.find(family);
        if (it == faces.end()) {
            throw core::InputError(core::Location{}, "unknown font family '" + std::string(family) +
                                                         "': the font map defines 宋体, 黑体, 楷体, 仿宋, 小标宋");
        }
        return it->second;
    }
};

}  // namespace dangan::testing
