#include "text/font_map.hpp"

#include "core/messages.hpp"
#include "core/atomic_write.hpp"
#include "core/diagnostic.hpp"
#include "core/json_positions.hpp"
#include "core/suggest.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <optional>
#include <set>

namespace dangan::text {
namespace {

// --- sfnt header checks ------------------------------------------------------------------------
// OpenType spec, "Organization of an OpenType Font": a font starts with sfntVersion (0x00010000 or
// 'true' for TrueType outlines, 'OTTO' for CFF), numTables, and a 16-byte record per table; a
// collection starts with 'ttcf', its version, numFonts and one offset per face.

std::uint32_t be32(const unsigned char* p) {
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}
std::uint16_t be16(const unsigned char* p) { return std::uint16_t((p[0] << 8) | p[1]); }

constexpr std::uint32_t tag(const char (&s)[5]) {
    return (std::uint32_t(std::uint8_t(s[0])) << 24) | (std::uint32_t(std::uint8_t(s[1])) << 16) |
           (std::uint32_t(std::uint8_t(s[2])) << 8) | std::uint32_t(std::uint8_t(s[3]));
}

/// Reads `n` bytes at `offset`; false when the file is shorter.
bool read_at(std::ifstream& in, std::uint64_t offset, unsigned char* out, std::size_t n) {
    in.clear();
    in.seekg(static_cast<std::streamoff>(offset));
    in.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(n));
    return static_cast<std::size_t>(in.gcount()) == n;
}

/// What a face must be, in the user's language (core::tr at each use: the language is set at run time).
std::string expected_truetype() {
    return core::tr("应为 TrueType 字体文件（.ttf，或带 index 的 .ttc）", "expected a TrueType font file (.ttf, or .ttc with an index)");
}

std::string check_sfnt_at(std::ifstream& in, std::uint64_t offset) {
    unsigned char head[12];
    if (!read_at(in, offset, head, sizeof head)) return core::tr("已截断（字体文件头不完整）；", "is truncated (no complete font header); ") + expected_truetype();
    const std::uint32_t version = be32(head);
    if (version == tag("OTTO"))
        return core::tr("是 CFF（PostScript）轮廓的 OpenType 字体，dangan 无法嵌入（只嵌入 TrueType 轮廓）；应为 TrueType（glyf）轮廓的字体",
                        "is an OpenType font with CFF (PostScript) outlines, which dangan cannot embed; expected a "
                        "font with TrueType (glyf) outlines");
    if (version != 0x00010000u && version != tag("true"))
        return core::tr("不是字体文件（sfnt 版本不认识）；", "is not a font (unknown sfnt version); ") + expected_truetype();
    const std::uint16_t tables = be16(head + 4);
    std::vector<unsigned char> dir(std::size_t(tables) * 16);
    if (tables == 0 || !read_at(in, offset + 12, dir.data(), dir.size()))
        return core::tr("已截断（表目录不完整）；", "is truncated (incomplete table directory); ") + expected_truetype();
    std::set<std::uint32_t> tags;
    for (std::size_t i = 0; i < tables; ++i) tags.insert(be32(dir.data() + i * 16));
    if (tags.count(tag("CFF ")) || tags.count(tag("CFF2")))
        return core::tr("含 CFF（PostScript）轮廓，dangan 无法嵌入（只嵌入 TrueType 轮廓）；应为 TrueType（glyf）轮廓的字体",
                        "has CFF (PostScript) outlines, which dangan cannot embed; expected a font with TrueType "
                        "(glyf) outlines");
    // The tables an embedded TrueType font needs (what libharu 2.3 required, measured, see fonts/README.md; the own writer reads the same).
    for (const char* required : {"glyf", "loca", "cmap", "hmtx", "head", "hhea", "maxp", "name", "OS/2"}) {
        if (!tags.count(be32(reinterpret_cast<const unsigned char*>(required))))
            return core::tr("缺少 '", "has no '") + std::string(required) +
                   core::tr("' 表；嵌入需要轮廓（glyf、loca）、字符映射（cmap）、度量（head、hhea、hmtx、maxp、OS/2）和名称（name）",
                            "' table; expected a TrueType font with outlines "
                            "(glyf, loca), a character map (cmap), metrics (head, hhea, hmtx, maxp, OS/2) and names (name), "
                            "as embedding needs");
    }
    // The licence flags (OS/2 fsType, at byte 8 of the table): "Restricted License embedding" alone (bits
    // 0–3 equal to 2) means the font must not be embedded, and a PDF/A file must embed its fonts. libharu
    // refused such a font when embedding it (0x105D); dangan's own writer asks here, before any work.
    for (std::size_t i = 0; i < tables; ++i) {
        if (be32(dir.data() + i * 16) != tag("OS/2")) continue;
        unsigned char fs_type[2];
        if (be32(dir.data() + i * 16 + 12) >= 10 && read_at(in, be32(dir.data() + i * 16 + 8) + 8, fs_type, 2) &&
            (be16(fs_type) & 0x000F) == 0x0002)
            return core::tr("的授权标志（OS/2 fsType）禁止嵌入，而 PDF 档案必须嵌入所用字体；请换用允许嵌入的字体，"
                            "或向字体厂商取得可嵌入的版本",
                            "has licence flags (OS/2 fsType) that forbid embedding, and an archival PDF must embed "
                            "its fonts; use a font that allows embedding, or get an embeddable version from its maker");
    }
    return {};
}

// --- JSON reading --------------------------------------------------------------------------------

struct MapReader {
    std::string source;
    std::filesystem::path base_dir;
    std::string_view text;  ///< the map's JSON text
    std::vector<core::Diagnostic> warnings;
    std::optional<core::JsonPositions> positions;  ///< for the lines of warnings, made on the first one

    /// An unknown key is ignored with a warning (as in record files and profiles), naming its line and
    /// the key that was probably meant.
    void unknown_key(const std::string& field, const std::string& owner, const std::string& key,
                     const std::vector<std::string>& known) {
        if (!positions) positions.emplace(text);
        const auto at = core::nearest_position(*positions, field);
        warnings.push_back(core::Diagnostic{core::Severity::warning,
                                            core::Location{source, at.line, at.column, "", field},
                                            owner + core::tr("：", ": ") + core::unknown_key_message(key, known), {}});
    }

    [[noreturn]] void fail(const std::string& field, const std::string& message) const {
        core::Location where;
        where.file = source;
        where.field = field;
        throw core::InputError(where, message);
    }

    FaceSpec read_face(const Poco::Dynamic::Var& value, const std::string& field, const std::string& owner) {
        Poco::JSON::Object::Ptr obj;
        if (value.type() == typeid(Poco::JSON::Object::Ptr)) obj = value.extract<Poco::JSON::Object::Ptr>();
        if (!obj) fail(field, owner + core::tr("：应为字体对象，如 {\"file\": \"…/uming.ttc\", \"index\": 0}", ": expected a face object such as {\"file\": \"…/uming.ttc\", \"index\": 0}"));
        for (const auto& key : obj->getNames())
            if (key != "file" && key != "index" && key != "embolden")
                unknown_key(field + "/" + core::pointer_token(key), owner, key, {"file", "index", "embolden"});
        FaceSpec face;
        const auto file = obj->get("file");
        if (file.isEmpty() || !file.isString() || file.toString().empty())
            fail(field, owner + core::tr("：缺少 \"file\" 或它不是文字；应为 .ttf 或 .ttc 文件的路径", ": \"file\" is missing or not a string; expected the path of a .ttf or .ttc file"));
        face.file = file.toString();
        if (face.file.is_relative()) face.file = base_dir / face.file;
        face.file = face.file.lexically_normal();
        const auto index = obj->get("index");
        if (!index.isEmpty()) {
            if (!index.isInteger() || index.convert<long long>() < 0 || index.convert<long long>() > 0xFFFF)
                fail(field, owner + core::tr("：\"index\" 应为从 0 起的整数（.ttc 字体集中的第几个字体）", ": \"index\" must be a whole number from 0 (the face in a .ttc collection)"));
            face.index = index.convert<int>();
        }
        const auto embolden = obj->get("embolden");
        if (!embolden.isEmpty()) {
            if (!embolden.isBoolean()) fail(field, owner + core::tr("：\"embolden\" 应为 true 或 false", ": \"embolden\" must be true or false"));
            face.embolden = embolden.convert<bool>();
        }
        const std::string problem = check_truetype_face(face.file, face.index);
        if (!problem.empty()) fail(field, owner + core::tr("：字体文件 '", ": font file '") + face.file.string() + "' " + problem);
        return face;
    }

    std::vector<FaceSpec> read_faces(const Poco::JSON::Object::Ptr& root, const std::string& key,
                                     const std::string& field, const std::string& owner) {
        Poco::JSON::Array::Ptr list;
        const auto value = root->get(key);
        if (value.type() == typeid(Poco::JSON::Array::Ptr)) list = value.extract<Poco::JSON::Array::Ptr>();
        if (!list || list->size() == 0)
            fail(field, owner + core::tr("：应为非空的字体列表，如 [{\"file\": \"…/uming.ttc\", \"index\": 0}]", ": expected a non-empty list of faces such as [{\"file\": \"…/uming.ttc\", \"index\": 0}]"));
        std::vector<FaceSpec> faces;
        for (std::size_t i = 0; i < list->size(); ++i)
            faces.push_back(read_face(list->get(static_cast<unsigned>(i)), field + "/" + std::to_string(i), owner));
        return faces;
    }

    FontMap read() {
        const std::string_view json = text;
        Poco::Dynamic::Var parsed;
        try {
            Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
            parsed = parser.parse(std::string(json));
        } catch (const Poco::Exception& e) {
            // Poco says neither line nor column; our scanner finds where the first error is.
            const core::JsonPositions scanned(json, false);
            if (const auto& syntax = scanned.syntax_error())
                throw core::InputError(core::Location{source, syntax->position.line, syntax->position.column},
                                       core::tr("字体表不是有效的 JSON：", "the font map is not valid JSON: ") + syntax->message);
            fail("", core::tr("字体表不是有效的 JSON（", "the font map is not valid JSON (") + e.displayText() + core::tr("）", ")"));
        }
        Poco::JSON::Object::Ptr root;
        if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) root = parsed.extract<Poco::JSON::Object::Ptr>();
        if (!root) fail("", core::tr("应为含 \"families\" 和 \"fallback\" 的 JSON 对象", "expected a JSON object with \"families\" and \"fallback\""));
        for (const auto& key : root->getNames())
            if (key != "families" && key != "fallback" && key != "comment" && !key.starts_with("_"))
                unknown_key("/" + core::pointer_token(key), core::tr("字体表", "the font map"), key, {"families", "fallback", "comment"});

        std::vector<FaceSpec> fallback;
        if (root->has("fallback")) fallback = read_faces(root, "fallback", "/fallback", core::tr("后备字体", "fallback"));

        Poco::JSON::Object::Ptr families;
        if (root->has("families") && root->isObject("families")) families = root->getObject("families");
        if (!families || families->size() == 0)
            fail("/families", core::tr("应有 \"families\"：把每个字体族名（\"宋体\"、\"黑体\"…）对应到它的字体的对象",
                          "expected \"families\": an object mapping each family name (\"宋体\", \"黑体\", …) to its faces"));

        FontMap map;
        map.source = source;
        for (const auto& name : families->getNames()) {
            FamilySpec family;
            family.name = name;
            family.faces = read_faces(families, name, "/families/" + core::pointer_token(name), core::tr("字体族 '", "family '") + name + "'");
            // The shared fallback faces follow the family's own, each face once.
            for (const auto& face : fallback)
                if (std::find(family.faces.begin(), family.faces.end(), face) == family.faces.end())
                    family.faces.push_back(face);
            map.families.push_back(std::move(family));
        }
        map.warnings = std::move(warnings);
        return map;
    }
};

}  // namespace

std::string check_truetype_face(const std::filesystem::path& file, int index) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return core::tr("不存在；", "does not exist; ") + expected_truetype();
    if (!std::filesystem::is_regular_file(file, ec)) return core::tr("不是普通文件；", "is not a regular file; ") + expected_truetype();
    std::ifstream in(file, std::ios::binary);
    if (!in) return core::tr("无法读取；", "cannot be read; ") + expected_truetype();
    unsigned char head[12];
    if (!read_at(in, 0, head, sizeof head)) return core::tr("不是字体文件（太短）；", "is not a font (too short); ") + expected_truetype();
    const std::uint32_t first = be32(head);
    if (first == tag("wOFF") || first == tag("wOF2"))
        return core::tr("是 WOFF 网页字体；", "is a WOFF web font; ") + expected_truetype();
    if (first != tag("ttcf")) {
        if (index != 0)
            return core::tr("是单个字体，没有第 ", "is a single font, so face index ") + std::to_string(index) +
                   core::tr(" 号字体；index 应为 0（或不写）", " does not exist; expected index 0 (or no index)");
        return check_sfnt_at(in, 0);
    }
    const std::uint32_t count = be32(head + 8);
    if (count == 0 || count > 4096) return core::tr("是损坏的字体集（", "is a damaged font collection (") + std::to_string(count) +
                                                core::tr(" 个字体）；", " faces); ") + expected_truetype();
    if (static_cast<std::uint32_t>(index) >= count)
        return core::tr("是含 ", "is a collection of ") + std::to_string(count) + core::tr(" 个字体的字体集，没有第 ", " faces, so face index ") +
               std::to_string(index) + core::tr(" 号；index 应为 0 到 ", " does not exist; expected an index from 0 to ") +
               std::to_string(count - 1);
    unsigned char offset[4];
    if (!read_at(in, 12 + 4 * std::uint64_t(index), offset, 4))
        return core::tr("是已截断的字体集；", "is a truncated font collection; ") + expected_truetype();
    return check_sfnt_at(in, be32(offset));
}

FontMap parse_font_map(std::string_view json, const std::filesystem::path& base_dir, std::string source) {
    MapReader reader{std::move(source), base_dir, json, {}, std::nullopt};
    return reader.read();
}

FontMap read_font_map(const std::filesystem::path& fonts_json) {
    std::string text;
    try {
        text = core::read_file(fonts_json);
    } catch (const core::InputError& e) {
        core::Location where;
        where.file = fonts_json.string();
        throw core::InputError(where, core::tr("无法读取字体表；应为 fonts.json 文件（", "cannot read the font map; expected a fonts.json file (") +
                                          e.diagnostic().message + core::tr("）", ")"));
    }
    auto base = fonts_json.parent_path();
    if (base.empty()) base = ".";
    return parse_font_map(text, base, fonts_json.string());
}

}  // namespace dangan::text
