// The font map (fonts.json) and FontBook: map errors, fallback choice, metrics, lazy opening, subsets.
#include "core/diagnostic.hpp"
#include "text/font_book.hpp"
#include "text/font_map.hpp"

#include <catch2/catch.hpp>

#include "support/language_scope.hpp"

#include "support/temp_dir.hpp"

#include <hb.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace dangan;
namespace fs = std::filesystem;

using dangan::testing::TempDir;

namespace {

const std::string kUming = "/usr/share/fonts/truetype/arphic/uming.ttc";
const std::string kZenhei = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";
const std::string kWenkai = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf";
const std::string kBabelstone = "/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf";

/// A scratch folder removed at the end of the test.
/// A fonts.json with one family 宋体 whose only face is `face_json`.
std::string map_with(const std::string& face_json) {
    return R"({"families": {"宋体": [)" + face_json + R"(]}})";
}

/// The message InputError gives when reading `json` as a map in `dir`.
std::string map_error(const TempDir& dir, const std::string& json) {
    const fs::path file = dir.write("fonts.json", json);
    try {
        text::read_font_map(file);
    } catch (const core::InputError& e) {
        return e.what();
    }
    return "(no error)";
}

/// A minimal OpenType/CFF font header: sfnt version 'OTTO', one table record 'CFF '.
std::string cff_font_bytes() {
    std::string b = "OTTO";
    b += std::string("\x00\x01\x00\x10\x00\x00\x00\x00", 8);  // numTables 1, searchRange…
    b += "CFF ";
    b += std::string(12, '\0');
    return b;
}

/// A TrueType header whose table directory lists every table libharu needs except OS/2.
std::string truetype_without_os2_bytes() {
    std::string b("\x00\x01\x00\x00\x00\x08", 6);  // sfnt 1.0, numTables 8
    b += std::string(6, '\0');
    for (const char* t : {"cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name"}) {
        b += t;
        b += std::string(12, '\0');
    }
    return b;
}

/// A TrueType header with every table an embedded font needs; its OS/2 table (10 bytes at byte 156, right
/// after the directory) holds the licence flags `fs_type`.
std::string truetype_with_fs_type(std::uint16_t fs_type) {
    std::string b("\x00\x01\x00\x00\x00\x09", 6);  // sfnt 1.0, numTables 9
    b += std::string(6, '\0');
    for (const char* t : {"OS/2", "cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name"}) {
        b += t;
        b += std::string(4, '\0');  // checksum
        const bool os2 = std::string(t) == "OS/2";
        b += os2 ? std::string("\x00\x00\x00\x9C", 4) : std::string(4, '\0');  // offset 156
        b += os2 ? std::string("\x00\x00\x00\x0A", 4) : std::string(4, '\0');  // length 10
    }
    b += std::string(8, '\0');  // OS/2 version, xAvgCharWidth, usWeightClass, usWidthClass
    b += static_cast<char>(fs_type >> 8);
    b += static_cast<char>(fs_type & 0xFF);
    return b;
}

text::FontBook shipped_book() { return text::FontBook::load(fs::path(DANGAN_SOURCE_DIR) / "fonts" / "fonts.json"); }

}  // namespace

TEST_CASE("the shipped font map defines the five families, with BabelStone Han last in each chain") {
    const auto map = text::read_font_map(fs::path(DANGAN_SOURCE_DIR) / "fonts" / "fonts.json");
    std::vector<std::string> names;
    for (const auto& family : map.families) names.push_back(family.name);
    CHECK(names == std::vector<std::string>{"宋体", "黑体", "楷体", "仿宋", "小标宋"});
    for (const auto& family : map.families) {
        REQUIRE_FALSE(family.faces.empty());
        CHECK(family.faces.back().file == kBabelstone);
    }
    CHECK(map.families[0].faces[0].file == kUming);
    CHECK(map.families[1].faces[0].file == kZenhei);
    CHECK(map.families[2].faces[0].file == kWenkai);
    CHECK(map.families[4].faces[0].embolden);
}

TEST_CASE("font map errors are in Chinese by default, naming fonts.json, the family and the file") {
    TempDir dir{"text"};
    const std::string json = (dir.path / "fonts.json").string();
    const std::string missing = (dir.path / "nowhere.ttf").string();
    CHECK(map_error(dir, map_with(R"({"file": "nowhere.ttf"})")) ==
          json + " (/families/宋体/0): 错误：字体族 '宋体'：字体文件 '" + missing +
              "' 不存在；应为 TrueType 字体文件（.ttf，或带 index 的 .ttc）");
    const fs::path file = dir.write("fonts.json", "{\"families\": {\"宋体\": [{\"file\": \"" + kUming + "\"}]}, \"fallbak\": []}");
    const auto map = text::read_font_map(file);
    REQUIRE(map.warnings.size() == 1);
    CHECK(map_error(dir, "{\"families\": ") ==
          json + ":1:14: 错误：字体表不是有效的 JSON：这里应为一个值（用英文双引号 \"…\" 括起的文字、数字、true、false、null、[ 或 {），实际是文件结尾");
    CHECK(map.warnings[0].message == "字体表：不认识的键 \"fallbak\"，已忽略（是否拼错？）；是否应为 \"fallback\"？");
}

TEST_CASE("font map errors name fonts.json, the family and the file, and say what was expected (--lang en)") {
    const dangan::testing::LanguageScope english(core::Language::en);
    TempDir dir{"text"};
    const std::string json = (dir.path / "fonts.json").string();

    SECTION("missing file") {
        const std::string missing = (dir.path / "nowhere.ttf").string();
        CHECK(map_error(dir, map_with(R"({"file": "nowhere.ttf"})")) ==
              json + " (/families/宋体/0): error: family '宋体': font file '" + missing +
                  "' does not exist; expected a TrueType font file (.ttf, or .ttc with an index)");
    }
    SECTION("a file that is not a font") {
        const std::string notes = dir.write("notes.ttf", "these are not the fonts you are looking for").string();
        CHECK(map_error(dir, map_with(R"({"file": "notes.ttf"})")) ==
              json + " (/families/宋体/0): error: family '宋体': font file '" + notes +
                  "' is not a font (unknown sfnt version); expected a TrueType font file (.ttf, or .ttc with an index)");
    }
    SECTION("an OpenType/CFF font") {
        const std::string otf = dir.write("NotoSansCJK.otf", cff_font_bytes()).string();
        CHECK(map_error(dir, map_with(R"({"file": "NotoSansCJK.otf"})")) ==
              json + " (/families/宋体/0): error: family '宋体': font file '" + otf +
                  "' is an OpenType font with CFF (PostScript) outlines, which dangan cannot embed; expected a "
                  "font with TrueType (glyf) outlines");
    }
    SECTION("a TrueType font without a table libharu needs") {
        const std::string old = dir.write("old.ttf", truetype_without_os2_bytes()).string();
        CHECK(map_error(dir, map_with(R"({"file": "old.ttf"})")) ==
              json + " (/families/宋体/0): error: family '宋体': font file '" + old +
                  "' has no 'OS/2' table; expected a TrueType font with outlines (glyf, loca), a character map "
                  "(cmap), metrics (head, hhea, hmtx, maxp, OS/2) and names (name), as embedding needs");
    }
    SECTION("a font whose licence forbids embedding, and one that allows it") {
        const std::string locked = dir.write("locked.ttf", truetype_with_fs_type(0x0002)).string();
        CHECK(map_error(dir, map_with(R"({"file": "locked.ttf"})")) ==
              json + " (/families/宋体/0): error: family '宋体': font file '" + locked +
                  "' has licence flags (OS/2 fsType) that forbid embedding, and an archival PDF must embed its fonts; "
                  "use a font that allows embedding, or get an embeddable version from its maker");
        dir.write("printable.ttf", truetype_with_fs_type(0x0004));  // preview & print: embedding allowed
        CHECK(map_error(dir, map_with(R"({"file": "printable.ttf"})")) == "(no error)");
    }
    SECTION("a WOFF web font") {
        const std::string woff = dir.write("web.woff", std::string("wOFF\x00\x01\x00\x00", 8) + std::string(40, '\0')).string();
        CHECK(map_error(dir, map_with(R"({"file": "web.woff"})")) ==
              json + " (/families/宋体/0): error: family '宋体': font file '" + woff +
                  "' is a WOFF web font; expected a TrueType font file (.ttf, or .ttc with an index)");
    }
    SECTION("a TTC index past the last face") {
        CHECK(map_error(dir, map_with(R"({"file": ")" + kUming + R"(", "index": 7})")) ==
              json + " (/families/宋体/0): error: family '宋体': font file '" + kUming +
                  "' is a collection of 4 faces, so face index 7 does not exist; expected an index from 0 to 3");
    }
    SECTION("an index into a single font") {
        CHECK(map_error(dir, map_with(R"({"file": ")" + kWenkai + R"(", "index": 1})")) ==
              json + " (/families/宋体/0): error: family '宋体': font file '" + kWenkai +
                  "' is a single font, so face index 1 does not exist; expected index 0 (or no index)");
    }
    SECTION("a bad fallback face names the fallback list") {
        CHECK(map_error(dir, R"({"families": {"宋体": [{"file": ")" + kUming +
                                 R"("}]}, "fallback": [{"file": "gone.ttf"}]})") ==
              json + " (/fallback/0): error: fallback: font file '" + (dir.path / "gone.ttf").string() +
                  "' does not exist; expected a TrueType font file (.ttf, or .ttc with an index)");
    }
    SECTION("a misspelt key is ignored with a warning naming its line and the key meant") {
        const fs::path file = dir.write("fonts.json", "{\"families\": {\"宋体\": [\n  {\"file\": \"" + kUming +
                                                          "\", \"embolde\": true}]},\n \"fallbak\": []}");
        const auto map = text::read_font_map(file);
        REQUIRE(map.warnings.size() == 2);
        // The top-level keys are read first.
        CHECK(map.warnings[1].str() ==
              file.string() + ":2:" + std::to_string(27 + kUming.size()) +
                  " (/families/宋体/0/embolde): warning: family '宋体': unknown key \"embolde\" is ignored (misspelt?); "
                  "did you mean \"embolden\"?");
        CHECK(map.warnings[0].str() == file.string() +
                                           ":3:13 (/fallbak): warning: the font map: unknown key \"fallbak\" is ignored "
                                           "(misspelt?); did you mean \"fallback\"?");
        REQUIRE(map.families.size() == 1);
        CHECK_FALSE(map.families[0].faces[0].embolden);
        CHECK(map_error(dir, map_with(R"({"fiel": "x.ttf"})")) ==
              json + " (/families/宋体/0): error: family '宋体': \"file\" is missing or not a string; expected the path "
                     "of a .ttf or .ttc file");
    }
    SECTION("a negative index") {
        CHECK(map_error(dir, map_with(R"({"file": ")" + kUming + R"(", "index": -1})")) ==
              json + " (/families/宋体/0): error: family '宋体': \"index\" must be a whole number from 0 (the face in a "
                     ".ttc collection)");
    }
    SECTION("a family with no faces") {
        CHECK(map_error(dir, R"({"families": {"黑体": []}})") ==
              json + " (/families/黑体): error: family '黑体': expected a non-empty list of faces such as "
                     "[{\"file\": \"…/uming.ttc\", \"index\": 0}]");
    }
    SECTION("no families") {
        CHECK(map_error(dir, R"({"fallback": []})").find(json + " (/fallback): error: fallback: expected a non-empty list") == 0);
        CHECK(map_error(dir, R"({})") == json + " (/families): error: expected \"families\": an object mapping each "
                                                "family name (\"宋体\", \"黑体\", …) to its faces");
    }
    SECTION("not JSON") {
        CHECK(map_error(dir, "{\"families\": ") ==
          json + ":1:14: error: the font map is not valid JSON: expected a value (a string in \"quotes\", a number, true, false, null, [ or {), found end of file");
    }
    SECTION("the map file itself is missing") {
        try {
            text::read_font_map(dir.path / "absent.json");
            FAIL("expected an InputError");
        } catch (const core::InputError& e) {
            CHECK(std::string(e.what()).find((dir.path / "absent.json").string() +
                                             ": error: cannot read the font map; expected a fonts.json file") == 0);
        }
    }
    SECTION("relative paths resolve against the folder of fonts.json") {
        fs::copy_file(kWenkai, dir.path / "kai.ttf");
        const auto map = text::read_font_map(dir.write("fonts.json", map_with(R"({"file": "kai.ttf"})")));
        CHECK(map.families.at(0).faces.at(0).file == dir.path / "kai.ttf");
    }
}

TEST_CASE("an unknown family is an InputError listing the known ones") {
    auto book = shipped_book();
    try {
        book.face_for("隶书", U'中');
        FAIL("expected an InputError");
    } catch (const core::InputError& e) {
        CHECK(std::string(e.what()) == (fs::path(DANGAN_SOURCE_DIR) / "fonts" / "fonts.json").string() +
                                           ": 错误：字体表里没有字体族 '隶书'；可用的有：宋体, 黑体, "
                                           "楷体, 仿宋, 小标宋");
    }
}

TEST_CASE("face_for uses the family's face, falls back by cmap coverage, and opens faces lazily") {
    auto book = shipped_book();
    for (int id = 0; id < book.face_count(); ++id) CHECK_FALSE(book.face_is_open(id));

    const auto song = book.face_for("宋体", U'中');
    REQUIRE(song);
    CHECK(book.face_path(*song) == kUming);
    CHECK(book.face_index(*song) == 0);
    CHECK(book.face_name(*song) == "AR PL UMing CN");
    CHECK(book.face_for("宋体", U'A') == song);  // Latin from the same face

    // BabelStone Han (51 MB) has not been opened: nothing needed it yet.
    int babelstone = -1;
    for (int id = 0; id < book.face_count(); ++id)
        if (book.face_path(id) == kBabelstone) babelstone = id;
    REQUIRE(babelstone >= 0);
    CHECK_FALSE(book.face_is_open(babelstone));

    // 𠮷 (U+20BB7) is not in AR PL UMing; it comes from the fallback.
    CHECK_FALSE(book.has_glyph(*song, U'\U00020BB7'));
    const auto yoshi = book.face_for("宋体", U'\U00020BB7');
    REQUIRE(yoshi);
    CHECK(*yoshi == babelstone);
    CHECK(book.face_is_open(babelstone));
    CHECK(book.face_name(babelstone) == "BabelStone Han");

    // A BMP character too: 鿏 (U+9FCF, the element meitnerium, Unicode 6.1) is newer than AR PL UMing.
    CHECK_FALSE(book.has_glyph(*song, U'\u9FCF'));
    CHECK(book.face_for("宋体", U'\u9FCF') == babelstone);

    // A private-use character nobody has: no face.
    CHECK_FALSE(book.face_for("宋体", U'\U000F0001'));

    const auto hei = book.face_for("黑体", U'党');
    REQUIRE(hei);
    CHECK(book.face_name(*hei) == "WenQuanYi Zen Hei");
    // 仿宋 is substituted by LXGW WenKai, the same face as 楷体 (one FaceId).
    CHECK(book.face_for("仿宋", U'党') == book.face_for("楷体", U'党'));
    // 小标宋: AR PL UMing drawn bold; its own FaceId, but the same file face as 宋体 (one subset).
    const auto title = book.face_for("小标宋", U'党');
    REQUIRE(title);
    CHECK(*title != *song);
    CHECK(book.face_embolden(*title));
    CHECK(book.file_face(*title) == *song);
    CHECK(book.face_name(*title) == "AR PL UMing CN (synthetic bold)");
}

TEST_CASE("advances are thousandths of an em") {
    auto book = shipped_book();
    for (const char* family : {"宋体", "黑体", "楷体", "小标宋"}) {
        INFO(family);
        const auto face = *book.face_for(family, U'中');
        CHECK(book.advance(face, U'中') == Approx(1000));
        CHECK(book.advance(face, U'１') == Approx(1000));  // full-width digit
        CHECK(book.advance(face, U'中') == Approx(1000));  // cached value is the same
        CHECK(book.ascender(face) > 700);
        CHECK(book.descender(face) < -50);
    }
    const auto song = *book.face_for("宋体", U'1');
    CHECK(book.advance(song, U'1') > 300);
    CHECK(book.advance(song, U'1') < 700);
    const auto babelstone = *book.face_for("宋体", U'\U00020BB7');
    CHECK(book.advance(babelstone, U'\U00020BB7') == Approx(1000));
}

TEST_CASE("glyph outlines are closed paths inside the em box") {
    auto book = shipped_book();
    const auto face = *book.face_for("宋体", U'\U00020BB7');
    const auto ops = book.glyph_outline(face, U'\U00020BB7');
    REQUIRE(ops.size() > 10);
    CHECK(ops.front().kind == text::PathOp::Kind::move);
    CHECK(ops.back().kind == text::PathOp::Kind::close);
    for (const auto& op : ops) {
        if (op.kind == text::PathOp::Kind::close) continue;
        CHECK(op.x >= -50);
        CHECK(op.x <= 1050);
        CHECK(op.y >= -200);
        CHECK(op.y <= 1000);
    }
    CHECK(book.glyph_outline(face, U' ').empty());
    CHECK_THROWS_AS(book.glyph_outline(*book.face_for("宋体", U'中'), U'\U00020BB7'), std::out_of_range);
}

TEST_CASE("subset_face keeps the used characters and is small") {
    auto book = shipped_book();
    const auto face = *book.face_for("楷体", U'中');
    const std::set<char32_t> used{U'中', U'国', U'共', U'产', U'党', U'1', U'A'};
    const std::string bytes = book.subset_face(face, used);
    INFO("subset of LXGW WenKai (15 MB) for 7 characters: " << bytes.size() << " bytes");
    CHECK(bytes.size() < 40000);

    hb_blob_t* blob = hb_blob_create(bytes.data(), static_cast<unsigned>(bytes.size()), HB_MEMORY_MODE_READONLY,
                                     nullptr, nullptr);
    hb_face_t* subset = hb_face_create(blob, 0);
    hb_font_t* font = hb_font_create(subset);
    for (char32_t cp : used) {
        hb_codepoint_t gid = 0;
        CHECK(hb_font_get_nominal_glyph(font, cp, &gid));
    }
    hb_codepoint_t gid = 0;
    CHECK_FALSE(hb_font_get_nominal_glyph(font, U'家', &gid));
    // The tables a PDF reader needs from an embedded TrueType font (and that libharu 2.3 required).
    for (const char* t : {"cmap", "glyf", "loca", "head", "hhea", "hmtx", "maxp", "name", "OS/2", "post"}) {
        INFO(t);
        hb_blob_t* table = hb_face_reference_table(subset, hb_tag_from_string(t, 4));
        CHECK(hb_blob_get_length(table) > 0);
        hb_blob_destroy(table);
    }
    hb_font_destroy(font);
    hb_face_destroy(subset);
    hb_blob_destroy(blob);

    // Same request, same bytes (from the cache); the 小标宋 face shares the 宋体 subset.
    CHECK(book.subset_face(face, used) == bytes);
    const auto song = *book.face_for("宋体", U'中');
    const auto title = *book.face_for("小标宋", U'中');
    CHECK(book.subset_face(song, {U'中'}) == book.subset_face(title, {U'中'}));
}
