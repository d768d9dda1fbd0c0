// layout::trace: the golden-test view of a LaidOutDocument (SILE's debug outputter, STYLE §(c)13).
#include "layout/layout.hpp"

#include <charconv>
#include <cmath>
#include <map>

namespace dangan::layout {
namespace {

/// Four decimals, locale-independent, never "-0.0000".
std::string fixed4(double value) {
    double rounded = std::round(value * 10000) / 10000;
    if (rounded == 0) rounded = 0;
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, rounded, std::chars_format::fixed, 4);
    return ec == std::errc() ? std::string(buffer, end) : std::string("nan");
}

std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

}  // namespace

std::string trace(const LaidOutDocument& document, text::FontMetrics& fonts) {
    std::map<text::FaceId, std::string> names;
    auto face_name = [&](text::FaceId face) -> const std::string& {
        auto it = names.find(face);
        if (it == names.end()) it = names.emplace(face, fonts.face_name(face)).first;
        return it->second;
    };
    std::string out;
    out += "document title " + quoted(document.info.title) + " author " + quoted(document.info.author) +
           " subject " + quoted(document.info.subject) + "\n";
    for (size_t p = 0; p < document.pages.size(); ++p) {
        const auto& page = document.pages[p];
        out += "page " + std::to_string(p + 1) + " size " + fixed4(page.width) + " " + fixed4(page.height) +
               " label " + quoted(page.label) + "\n";
        for (const auto& bookmark : page.bookmarks) {
            out += "  bookmark " + std::to_string(bookmark.level) + " " + fixed4(bookmark.y) + " " +
                   quoted(bookmark.title) + "\n";
        }
        for (const auto& run : page.runs) {
            out += "  text " + quoted(face_name(run.face)) + " " + fixed4(run.size) + " " + fixed4(run.x) + " " +
                   fixed4(run.y) + " w=" + fixed4(run.width);
            if (run.char_spacing != 0) out += " cs=" + fixed4(run.char_spacing);
            if (run.bold) out += " bold";
            if (run.angle != 0) out += " angle=" + fixed4(run.angle);
            out += " " + quoted(run.text) + "\n";
        }
        for (const auto& rule : page.rules) {
            out += "  rule " + fixed4(rule.x1) + " " + fixed4(rule.y1) + " " + fixed4(rule.x2) + " " +
                   fixed4(rule.y2) + " " + fixed4(rule.thickness) + "\n";
        }
        for (const auto& image : page.images) {
            out += "  image " + std::string(image.jpeg ? "jpeg " : "png ") + fixed4(image.x) + " " + fixed4(image.y) +
                   " " + fixed4(image.width) + " " + fixed4(image.height) + "\n";
        }
    }
    for (const auto& diagnostic : document.diagnostics) out += "diagnostic " + diagnostic.str() + "\n";
    return out;
}

}  // namespace dangan::layout
