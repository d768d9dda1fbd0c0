// Mainland punctuation (text/punctuation.hpp): the rule on measured ink boxes, and the glyphs really
// moved in the embedded subsets of Debian's fonts (read back with HarfBuzz, as a PDF viewer would).
#include "text/font_book.hpp"
#include "text/punctuation.hpp"

#include <catch2/catch.hpp>

#include <hb.h>

#include <string>

using namespace dangan;

namespace {

const char* const kPunctMing = "/usr/share/fonts/truetype/arphic/uming.ttc";
const char* const kPunctHei = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";
const char* const kPunctKai = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf";

text::FontBook punctuation_book() {
    text::FontMap map;
    map.source = "test";
    map.families.push_back({"宋体", {{kPunctMing, 0, false}}});
    map.families.push_back({"黑体", {{kPunctHei, 0, false}}});
    map.families.push_back({"楷体", {{kPunctKai, 0, false}}});
    map.families.push_back({"小标宋", {{kPunctMing, 0, true}}});
    return text::FontBook(std::move(map));
}

/// Ink box [left, right, bottom, top] and advance of `cp` in font bytes, thousandths of an em.
struct InkBox {
    double left = 0, right = 0, bottom = 0, top = 0, advance = 0;
    double centre() const { return (left + right) / 2; }
};

InkBox ink_in(const std::string& bytes, char32_t cp) {
    hb_blob_t* blob = hb_blob_create(bytes.data(), static_cast<unsigned>(bytes.size()), HB_MEMORY_MODE_READONLY,
                                     nullptr, nullptr);
    hb_face_t* face = hb_face_create(blob, 0);
    hb_font_t* font = hb_font_create(face);
    const double s = 1000.0 / hb_face_get_upem(face);
    hb_font_set_scale(font, static_cast<int>(hb_face_get_upem(face)), static_cast<int>(hb_face_get_upem(face)));
    hb_codepoint_t gid = 0;
    REQUIRE(hb_font_get_nominal_glyph(font, cp, &gid));
    hb_glyph_extents_t e{};
    REQUIRE(hb_font_get_glyph_extents(font, gid, &e));
    InkBox box{e.x_bearing * s, (e.x_bearing + e.width) * s, (e.y_bearing + e.height) * s, e.y_bearing * s,
               hb_font_get_glyph_h_advance(font, gid) * s};
    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return box;
}

}  // namespace

TEST_CASE("mainland_fix moves centred marks to the left and widens Latin-width quotes") {
    // WenQuanYi Zen Hei's ， (measured): ink 444..562 on the baseline, centred.
    auto comma = text::mainland_fix(U'，', 444, 562, -129, 115, 1000);
    REQUIRE(comma);
    CHECK(comma->dx == Approx(200 - 503));
    CHECK(comma->dy == 0);
    CHECK(comma->advance == 1000);
    // AR PL UMing's 。 floats in the middle of the em: moved left and down to the baseline.
    auto stop = text::mainland_fix(U'。', 378, 622, 257, 501, 1000);
    REQUIRE(stop);
    CHECK(stop->dx == Approx(-300));
    CHECK(stop->dy == Approx(-352));
    // A wide ？ keeps 0.07 em on its left.
    auto question = text::mainland_fix(U'？', 270, 730, 0, 696, 1000);
    REQUIRE(question);
    CHECK(270 + question->dx == Approx(70));
    // LXGW WenKai's “ (350 units): one em, ink at the right; ” one em, ink where it is.
    auto open = text::mainland_fix(U'“', 57, 308, 617, 814, 350);
    REQUIRE(open);
    CHECK(open->advance == 1000);
    CHECK(open->dx == 650);
    auto close = text::mainland_fix(U'”', 42, 293, 616, 813, 350);
    REQUIRE(close);
    CHECK(close->advance == 1000);
    CHECK(close->dx == 0);
    // Already mainland: nothing to do (LXGW WenKai's ，, UMing's ：, a full-width “).
    CHECK_FALSE(text::mainland_fix(U'，', 101, 231, -104, 102, 1000));
    CHECK_FALSE(text::mainland_fix(U'：', 127, 225, 15, 354, 1000));
    CHECK_FALSE(text::mainland_fix(U'“', 579, 934, 607, 852, 1000));
    CHECK_FALSE(text::mainland_fix(U'中', 50, 950, -80, 800, 1000));
    CHECK_FALSE(text::is_fixable_punctuation(U'（'));
}

TEST_CASE("every family sets ，。、：；！？ in the left half and “” one em wide") {
    text::FontBook book = punctuation_book();
    for (const char* family : {"宋体", "黑体", "楷体", "小标宋"}) {
        INFO(family);
        for (char32_t cp : {U'，', U'。', U'、', U'：', U'；', U'！', U'？'}) {
            const auto face = book.face_for(family, cp);
            REQUIRE(face);
            const auto ink = book.ink_extent(*face, cp);
            REQUIRE(ink);
            INFO(static_cast<unsigned>(cp));
            CHECK((ink->first + ink->second) / 2 < 350);
            CHECK(ink->first > -1);
            CHECK(book.advance(*face, cp) == Approx(1000).margin(1));
        }
        for (char32_t cp : {U'“', U'”', U'‘', U'’'}) {
            const auto face = book.face_for(family, cp);
            REQUIRE(face);
            CHECK(book.advance(*face, cp) == Approx(1000).margin(1));
        }
        const auto open = book.face_for(family, U'“');
        const auto ink = book.ink_extent(*open, U'“');
        REQUIRE(ink);
        CHECK(ink->first > 500);  // opening quotes hug the character after them
    }
}

TEST_CASE("the embedded subset draws the marks where layout measured them") {
    text::FontBook book = punctuation_book();
    const std::set<char32_t> used = {U'中', U'，', U'。', U'：', U'“', U'”'};
    for (const char* family : {"宋体", "黑体", "楷体"}) {
        INFO(family);
        const text::FaceId face = *book.face_for(family, U'中');
        const std::string subset = book.subset_face(face, used);
        for (char32_t cp : used) {
            INFO(static_cast<unsigned>(cp));
            const InkBox box = ink_in(subset, cp);
            const auto ink = book.ink_extent(face, cp);
            REQUIRE(ink);
            CHECK(box.left == Approx(ink->first).margin(2));
            CHECK(box.right == Approx(ink->second).margin(2));
            CHECK(box.advance == Approx(book.advance(face, cp)).margin(1));
        }
        CHECK(ink_in(subset, U'。').bottom < 50);  // on the baseline, not floating (UMing)
        CHECK(ink_in(subset, U'中').advance == Approx(1000).margin(1));
    }
}

TEST_CASE("move_glyphs moves only the glyphs asked for, and refuses a face without outlines") {
    text::FontBook book = punctuation_book();
    const text::FaceId hei = *book.face_for("黑体", U'中');
    const std::string before = book.subset_face(hei, {U'中'});
    const std::string after = book.subset_face(hei, {U'中', U'，'});
    CHECK(ink_in(before, U'中').left == Approx(ink_in(after, U'中').left));
    CHECK(ink_in(before, U'中').top == Approx(ink_in(after, U'中').top));
    CHECK(ink_in(before, U'中').advance == Approx(ink_in(after, U'中').advance));
    CHECK(ink_in(after, U'，').centre() < 350);
    CHECK_THROWS_AS(text::move_glyphs(hb_face_get_empty(), {}), std::runtime_error);
}

TEST_CASE("is_simple_glyph tells outlines that can be moved from empty glyphs and fonts without glyf") {
    hb_blob_t* blob = hb_blob_create_from_file(kPunctHei);
    hb_face_t* face = hb_face_create(blob, 0);
    hb_font_t* font = hb_font_create(face);
    hb_codepoint_t comma = 0, space = 0;
    REQUIRE(hb_font_get_nominal_glyph(font, U'，', &comma));
    REQUIRE(hb_font_get_nominal_glyph(font, U' ', &space));
    CHECK(text::is_simple_glyph(face, comma));
    CHECK_FALSE(text::is_simple_glyph(face, space));          // no outline at all
    CHECK_FALSE(text::is_simple_glyph(face, 0xFFFFFFu));     // beyond the glyph count
    CHECK_FALSE(text::is_simple_glyph(hb_face_get_empty(), 0));
    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
}
