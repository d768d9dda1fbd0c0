// File cases: tests/cases/templating/<case>/{template.tpl, data.json, expected.txt | expected-error.txt}.
// Each case folder is its own template folder (so "partials/x.tpl" resolves inside it). An optional
// limits.json sets RenderLimits; "@CASE_DIR@" in expected-error.txt stands for the folder's path.
#include "helpers.hpp"

#include <Poco/JSON/Object.h>

#include <catch2/catch.hpp>

#include "core/atomic_write.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace dangan::templating;
using namespace dangan::templating::test;
namespace fs = std::filesystem;

namespace {


std::string chomp(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
    for (size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size()))
        text.replace(pos, from.size(), to);
}

}  // namespace

TEST_CASE("template file cases") {
    fs::path root = fs::path(DANGAN_TEST_DIR) / "cases" / "templating";
    std::vector<fs::path> folders;
    for (const auto& entry : fs::directory_iterator(root))
        if (entry.is_directory()) folders.push_back(entry.path());
    std::sort(folders.begin(), folders.end());
    REQUIRE(folders.size() >= 25);

    for (const fs::path& folder : folders) {
        INFO("case " << folder.filename().string());
        Environment env({folder});
        if (fs::exists(folder / "limits.json")) {
            auto object = json(dangan::core::read_file(folder / "limits.json")).extract<Poco::JSON::Object::Ptr>();
            RenderLimits limits;
            limits.max_loop_iterations = object->optValue<size_t>("max_loop_iterations", limits.max_loop_iterations);
            limits.max_output_bytes = object->optValue<size_t>("max_output_bytes", limits.max_output_bytes);
            env.set_limits(limits);
        }
        Poco::Dynamic::Var data = fs::exists(folder / "data.json") ? json(dangan::core::read_file(folder / "data.json")) : json("{}");
        bool expects_error = fs::exists(folder / "expected-error.txt");
        REQUIRE((expects_error || fs::exists(folder / "expected.txt")));
        std::string output, error;
        try {
            output = env.render_file("template.tpl", data);
        } catch (const TemplateError& e) {
            error = e.what();
        }
        if (expects_error) {
            std::string expected = chomp(dangan::core::read_file(folder / "expected-error.txt"));
            replace_all(expected, "@CASE_DIR@", folder.string());
            CHECK(error == expected);
        } else {
            CHECK(error == "");
            CHECK(output == dangan::core::read_file(folder / "expected.txt"));
        }
    }
}
