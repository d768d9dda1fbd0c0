// A meeting keeps its JSON as text (Meeting::source) and its minutes as parts (Meeting::content), not as a
// parsed object (issue 16, memory): json() must give back exactly the object the loader read — Chinese
// keys renamed, flat attendance gathered, every form of "content" — and a new object on every call.
#include "unit/records/loader_helpers.hpp"

#include <Poco/JSON/Parser.h>
#include <catch2/catch.hpp>

#include <sstream>

using namespace dangan;
using dangan::testing::load;

namespace {

/// The object as the loader sees it: `text` parsed, Chinese keys replaced as the loader renames them.
std::string compact(const Poco::JSON::Object::Ptr& object) {
    std::ostringstream out;
    object->stringify(out);
    return out.str();
}

std::string parsed_compact(const std::string& text) {
    Poco::JSON::Parser parser;
    return compact(parser.parse(text).extract<Poco::JSON::Object::Ptr>());
}

}  // namespace

TEST_CASE("a meeting's json() is the record as loaded, minutes held once when they are speaker/text parts",
          "[records]") {
    const std::string record =
        R"({"type": "党课", "date": "2025-03-01", "host": "张三", "place": "302",
            "attendance": {"expected": 2, "present": ["张三", "李四"]}, "agenda": ["学习"], "_x": [1, 2.5, null, true],
            "content": [{"speaker": "张三", "text": "讲了 \"一事一档\"，/ 与 \\ 都在"}, {"speaker": "", "text": "讨论"}]})";
    const auto r = load(R"({"kind": "meeting", )" + record.substr(1));
    REQUIRE(r.data.meetings.size() == 1);
    const auto& m = r.data.meetings[0];
    CHECK(m.content_from_parts);
    CHECK(m.source.find("content") == std::string::npos);  // the minutes are held as parts only
    const auto parts = m.content();
    REQUIRE(parts.size() == 2);
    CHECK(parts[0].speaker == "张三");
    CHECK(parts[0].text == "讲了 \"一事一档\"，/ 与 \\ 都在");
    CHECK(parts[1].speaker.empty());
    CHECK(compact(m.json()) == parsed_compact(R"({"kind": "meeting", )" + record.substr(1)));

    // A new object each time: a caller that changes it changes nothing in the record.
    m.json()->set("host", "王五");
    CHECK(m.json()->getValue<std::string>("host") == "张三");
}

TEST_CASE("other forms of content stay in the record's text and come back as written", "[records]") {
    for (const std::string content : {R"("一段文字")", R"(["第一段", {"speaker": "张三", "text": "发言"}])",
                                      R"([{"text": "没有发言人"}])", R"([{"speaker": "张三", "text": "发言", "time": "14:30"}])",
                                      R"([{"speaker": "张三", "text": 5}])", R"([])"}) {
        INFO(content);
        const std::string text = R"({"kind": "meeting", "type": "党课", "date": "2025-03-01", "content": )" + content + "}";
        const auto r = load(text);
        REQUIRE(r.data.meetings.size() == 1);
        const auto& m = r.data.meetings[0];
        CHECK(compact(m.json()) == parsed_compact(text));
        // The parts are what templates print, whatever the form.
        if (content == R"("一段文字")") {
            CHECK(!m.content_from_parts);
            REQUIRE(m.content().size() == 1);
            CHECK(m.content()[0].text == "一段文字");
        }
        if (content == R"([{"speaker": "张三", "text": 5}])") {
            REQUIRE(m.content().size() == 1);
            CHECK(m.content()[0].text == "5");
        }
    }
}

TEST_CASE("json() gives Chinese keys renamed and flat attendance gathered, as the loader read them", "[records]") {
    const auto r = load(R"({"kind": "meeting", "类型": "支委会", "日期": "2025-03-01", "编号": "m1",
                            "应到人数": 3, "出席人员": ["张三"], "内容": [{"speaker": "张三", "text": "好"}]})");
    REQUIRE(r.data.meetings.size() == 1);
    const auto& m = r.data.meetings[0];
    CHECK(m.id_written);
    const auto json = m.json();
    CHECK(json->getValue<std::string>("type") == "支委会");
    CHECK(json->getValue<std::string>("id") == "m1");
    CHECK(json->has("attendance"));
    CHECK(!json->has("应到人数"));
    REQUIRE(json->isArray("content"));
    CHECK(json->getArray("content")->getObject(0)->getValue<std::string>("text") == "好");
    CHECK(!r.data.meetings[0].source.empty());
    CHECK(records::Meeting{}.json().isNull());  // a meeting not loaded from data has no object
}

TEST_CASE("a meeting without an id key is not named for good", "[records]") {
    const auto r = load(R"({"kind": "meeting", "type": "党课", "date": "2025-03-01"})");
    REQUIRE(r.data.meetings.size() == 1);
    CHECK(!r.data.meetings[0].id_written);
    CHECK(r.data.meetings[0].content().empty());
    CHECK(r.data.meetings[0].packed_content.empty());
}

TEST_CASE("a meeting's minutes are packed and come back exactly; damaged packing is an error, not garbage",
          "[records]") {
    records::Meeting m;
    std::vector<records::ContentPart> parts;
    std::string long_text;
    for (int i = 0; i < 2000; ++i) long_text += "会议传达学习了上级党委的部署要求" + std::to_string(i);
    parts.push_back({"张三", long_text});
    parts.push_back({"", std::string("含\0零字节", 11)});
    parts.push_back({"李四", ""});
    m.set_content(parts);
    CHECK(m.packed_content.size() < long_text.size() / 2);
    const auto back = m.content();
    REQUIRE(back.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
        CHECK(back[i].speaker == parts[i].speaker);
        CHECK(back[i].text == parts[i].text);
    }
    m.set_content({});
    CHECK(m.packed_content.empty());
    CHECK(m.content().empty());

    m.set_content(parts);
    m.packed_content[m.packed_content.size() / 2] ^= 0x55;
    CHECK_THROWS_AS(m.content(), std::runtime_error);
}

TEST_CASE("packing the minutes notes whether they hold a placeholder, so the check need not unpack them",
          "[records]") {
    records::Meeting m;
    m.set_content({{"王芳", "会议研究了二季度工作。"}, {"", "大家一致同意。"}});
    CHECK_FALSE(m.content_marked);
    m.set_content({{"王芳", "会议研究了二季度工作。"}, {"", "由XX同志负责落实，时间待定。"}});
    CHECK(m.content_marked);
    m.set_content({{"某某", "同意。"}});
    CHECK(m.content_marked);  // a speaker left as a placeholder counts too
    m.set_content({});
    CHECK_FALSE(m.content_marked);  // packing again forgets the old verdict
}
