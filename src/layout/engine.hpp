// State shared by every layout stage for one layout_document call: cached font answers, the one
// ICU line breaker, reusable scratch buffers and the diagnostics of the current pass.
#pragma once

#include "core/bmp_table.hpp"
#include "core/diagnostic.hpp"
#include "core/line_break.hpp"
#include "document/document.hpp"
#include "layout/laid_out.hpp"
#include "text/font_metrics.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace dangan::layout {

/// Answers of FontMetrics cached per (family, code point) and (face, code point): FontMetrics
/// calls may be virtual and slow (HarfBuzz), and a ledger asks about the same few thousand
/// characters millions of times. BMP answers live in flat tables; others in a hash map. The answers
/// depend on the fonts alone, so they are kept with the fonts (FontMetrics::layout_cache) and every
/// cache over the same fonts shares them: a book's thousand records start warm, not empty.
class MetricsCache {
public:
    explicit MetricsCache(text::FontMetrics& fonts);

    /// A small integer for a family name; looked up once per text segment, not per character.
    int family_id(const std::string& family);
    const std::string& family_name(int id) const { return families_[id].name; }

    /// FontMetrics::face_for, cached; -1 when no face has the character.
    int face_for(int family, char32_t cp);
    /// Advance in thousandths of an em, cached.
    double advance(int face, char32_t cp);
    double ascender(int face);
    double descender(int face);
    /// FontMetrics::ink_extent, cached (asked for punctuation only).
    std::optional<std::pair<double, double>> ink_extent(int face, char32_t cp);
    text::FontMetrics& fonts() { return fonts_; }

private:
    static constexpr int32_t unknown_face = -2;
    /// Per-character slots allocated a block of 256 at a time (core/bmp_table.hpp).
    template <typename T>
    using BmpTable = core::BmpTable<T>;
    struct Family {
        std::string name;
        BmpTable<int32_t> bmp;  ///< unknown_face until asked
        std::unordered_map<char32_t, int32_t> astral;
    };
    struct Face {
        BmpTable<double> bmp;   ///< NaN until asked
        std::unordered_map<char32_t, double> astral;
        std::optional<double> ascender, descender;
    };
    struct Store {
        std::vector<Family> families;
        std::unordered_map<std::string, int> family_ids;
        std::vector<Face> faces;
        std::unordered_map<uint64_t, std::optional<std::pair<double, double>>> ink;
    };
    static std::shared_ptr<Store> shared_store(text::FontMetrics& fonts);
    text::FontMetrics& fonts_;
    std::shared_ptr<Store> store_;  ///< the one kept with fonts_
    std::vector<Family>& families_;
    std::unordered_map<std::string, int>& family_ids_;
    std::vector<Face>& faces_;
    std::unordered_map<uint64_t, std::optional<std::pair<double, double>>>& ink_;
    Face& face(int id);
};

/// One glyph of a paragraph being laid out (no heap memory per character: a reused vector).
struct Glyph {
    char32_t cp = 0;          ///< the character drawn (a replacement marker when no face had the original)
    uint32_t byte = 0;        ///< offset of the original character in the collected text
    int32_t face = 0;
    float advance = 0;        ///< points, after punctuation compression
    float trim = 0;           ///< points taken off the font's advance by punctuation compression
    uint16_t style = 0;       ///< index into Scratch::styles
    uint8_t flags = 0;
    uint8_t kinsoku = 0;      ///< kinsoku_classes(cp), set with cp
    static constexpr uint8_t break_before = 1;  ///< a line may begin here (ICU and 禁则 agree)
    static constexpr uint8_t newline = 2;       ///< a forced break (<br/>); not drawn
    static constexpr uint8_t space = 4;         ///< collapsible white space; not drawn at line ends
};

/// Field values substituted into header/footer paragraphs.
struct Fields {
    std::string page_number;
    std::string page_count;
    std::string book_page_number;  ///< scope="book": the physical page in the bound book
    std::string book_page_count;
    std::string item_pages;  ///< pages of the whole document (<item-pages/>)
};

/// Reusable buffers for inline layout; cleared, never freed, between paragraphs.
struct Scratch {
    std::string text;
    std::vector<std::pair<uint32_t, uint16_t>> segments;  ///< (byte offset where a style starts, style)
    std::vector<const document::TextStyle*> styles;
    std::vector<int> style_family;
    std::vector<Glyph> glyphs;
    std::vector<size_t> breaks;
};

struct Engine {
    Engine(text::FontMetrics& fonts, const document::Document& doc) : cache(fonts), document(doc) {}

    MetricsCache cache;
    core::LineBreaker breaker;
    Scratch scratch;
    const document::Document& document;
    std::vector<core::Diagnostic> diagnostics;  ///< of the current pass only
    /// The fields of the page being finalised while a <box> is laid out (its table cells reach
    /// layout_paragraph without a fields argument); null otherwise.
    const Fields* box_fields = nullptr;
    /// Occurrences of each character no font has, in this pass: the first few are reported with
    /// their context, the rest are counted in one summary (a ledger may repeat a name 1,000 times).
    std::unordered_map<char32_t, int> missing;
    static constexpr int missing_reported = 3;
    /// Words never broken across lines (person names), indexed by their first character.
    std::unordered_map<char32_t, std::vector<std::u32string>> keep_whole;

    /// Clears what one pass found before the next pass.
    void start_pass() {
        diagnostics.clear();
        missing.clear();
    }

    void warn(const core::Location& where, std::string message) {
        diagnostics.push_back({core::Severity::warning, where, std::move(message), {}});
    }
};

/// One laid-out line: runs with x relative to the paragraph's left edge and y = 0 on the baseline
/// (a band of a table inside a cell is a "line" whose baseline is its top, its runs at negative y).
struct Line {
    double height = 0;    ///< the line box (line pitch)
    double baseline = 0;  ///< from the top of the line box down to the baseline
    double width = 0;     ///< width taken by the text (after justification)
    std::vector<GlyphRun> runs;
    std::vector<Rule> rules;  ///< x relative to the paragraph's left edge, y relative to the baseline
};

/// Shifts runs to (x, baseline_y) in page coordinates and appends them to `page`. The rvalue
/// overload moves the run texts (a line placed once); the const one copies (repeated table headers).
inline void place_line(Line&& line, double x, double top_y, LaidOutPage& page) {
    const double baseline_y = top_y - line.baseline;
    for (GlyphRun& run : line.runs) {
        run.x += x;
        run.y += baseline_y;  // 0 for text; a nested table's runs sit below its line's top
        page.runs.push_back(std::move(run));
    }
    line.runs.clear();
    for (Rule rule : line.rules) {
        rule.x1 += x;
        rule.x2 += x;
        rule.y1 += baseline_y;
        rule.y2 += baseline_y;
        page.rules.push_back(rule);
    }
}

inline void place_line(const Line& line, double x, double top_y, LaidOutPage& page) {
    const double baseline_y = top_y - line.baseline;
    for (GlyphRun run : line.runs) {
        run.x += x;
        run.y += baseline_y;  // 0 for text; a nested table's runs sit below its line's top
        page.runs.push_back(std::move(run));
    }
    for (Rule rule : line.rules) {
        rule.x1 += x;
        rule.x2 += x;
        rule.y1 += baseline_y;
        rule.y2 += baseline_y;
        page.rules.push_back(rule);
    }
}

}  // namespace dangan::layout
