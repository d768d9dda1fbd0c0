// SourceMap: every byte of a render's output traced back to the template file and line that wrote it.
#include "templating/environment.hpp"

#include <Poco/JSON/Object.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace dangan::templating;

namespace {

struct Folder {
    std::filesystem::path path;
    Folder() {
        path = std::filesystem::temp_directory_path() / ("dangan-source-map-" + std::to_string(::getpid()));
        std::filesystem::create_directories(path / "partials");
    }
    ~Folder() { std::filesystem::remove_all(path); }
    void write(const std::string& name, const std::string& text) const { std::ofstream(path / name) << text; }
};

/// Line of the output text `needle` (its first byte) as the map gives it: "file:line".
std::string origin_of(const SourceMap& map, const std::string& output, const std::string& needle) {
    const auto at = output.find(needle);
    REQUIRE(at != std::string::npos);
    const auto where = map.locate(at);
    return where.file + ":" + std::to_string(where.line);
}

}  // namespace

TEST_CASE("the source map gives the template line of literal text, output tags and included text") {
    Folder folder;
    folder.write("main.tpl",
                 "<document>\n"                       // 1
                 "{# a comment\n   over two lines #}\n"  // 2-3
                 "  <p>{{ name }}</p>\n"              // 4
                 "  {% if name %}\n"                  // 5
                 "  <p>甲</p>\n"                      // 6
                 "  {% endif %}\n"                    // 7
                 "  {% include \"partials/p.tpl\" %}\n"  // 8
                 "  <p>乙</p>\n"                      // 9
                 "</document>\n");                    // 10
    folder.write("partials/p.tpl", "{# partial #}\n<table>\n  <row/>\n");
    Environment env({folder.path});
    Poco::JSON::Object::Ptr data = new Poco::JSON::Object;
    data->set("name", "名字");
    SourceMap map;
    const std::string out = env.render_file("main.tpl", data, map);
    CHECK(origin_of(map, out, "<document>") == "main.tpl:1");
    CHECK(origin_of(map, out, "名字") == "main.tpl:4");  // the {{ }} tag's line
    CHECK(origin_of(map, out, "<p>甲") == "main.tpl:6");  // after a removed comment and if
    CHECK(origin_of(map, out, "<table>") == "partials/p.tpl:2");
    CHECK(origin_of(map, out, "<row/>") == "partials/p.tpl:3");
    CHECK(origin_of(map, out, "<p>乙") == "main.tpl:9");
    CHECK(origin_of(map, out, "</document>") == "main.tpl:10");
    // Columns inside literal text are exact.
    const auto where = map.locate(out.find("<p>乙"));
    CHECK(where.column == 3);
}

TEST_CASE("a render without a map gives the same output") {
    Folder folder;
    folder.write("t.tpl", "{# c #}\na {{ x }}\n{% for i in [1, 2] %}{{ i }}{% endfor %}\nb\n");
    Environment env({folder.path});
    Poco::JSON::Object::Ptr data = new Poco::JSON::Object;
    data->set("x", "<&>");
    SourceMap map;
    CHECK(env.render_file("t.tpl", data, map) == env.render_file("t.tpl", data));
    CHECK(env.render_file("t.tpl", data) == "a &lt;&amp;&gt;\n12\nb\n");
}
