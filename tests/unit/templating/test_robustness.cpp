// Broken templates never crash and never fail with anything but a TemplateError: each file case's
// template is cut and spliced at random (fixed seed) and rendered with its data.
#include "helpers.hpp"

#include <catch2/catch.hpp>

#include "core/atomic_write.hpp"

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

using namespace dangan::templating;
using namespace dangan::templating::test;
namespace fs = std::filesystem;

namespace {


}  // namespace

TEST_CASE("mutated templates give output or a TemplateError, nothing else") {
    const std::string pieces[] = {"{{", "}}", "{%", "%}", "{#", "#}", "-", "+", "|", "(", ")", "[", "]", "\"", "'",
                                  ".", ",", "loop.", "for ", "endfor", "if ", "endif", "else", " in ", "x", "0", "~",
                                  "is ", "not ", "raw", "date", "\n", "\xE5\x85\x9A", "\xFF"};
    std::mt19937 random(20250315);
    fs::path root = fs::path(DANGAN_TEST_DIR) / "cases" / "templating";
    size_t rendered = 0, rejected = 0;
    for (const auto& entry : fs::directory_iterator(root)) {
        if (!entry.is_directory()) continue;
        std::string source = dangan::core::read_file(entry.path() / "template.tpl");
        Poco::Dynamic::Var data =
            fs::exists(entry.path() / "data.json") ? json(dangan::core::read_file(entry.path() / "data.json")) : json("{}");
        Environment env({entry.path()});
        RenderLimits limits;
        limits.max_loop_iterations = 10000;
        limits.max_output_bytes = 1 << 20;
        env.set_limits(limits);
        for (int round = 0; round < 150; ++round) {
            std::string mutated = source;
            int edits = 1 + static_cast<int>(random() % 3);
            for (int e = 0; e < edits; ++e) {
                size_t at = mutated.empty() ? 0 : random() % mutated.size();
                if (random() % 2 && !mutated.empty()) mutated.erase(at, 1 + random() % 4);
                else mutated.insert(at, pieces[random() % std::size(pieces)]);
            }
            INFO("template: " << mutated);
            try {
                env.render_string(mutated, data, "m.tpl");
                ++rendered;
            } catch (const TemplateError& error) {
                ++rejected;
                // Errors in included partials name the partial; every error names some template.
                CHECK(!error.template_name().empty());
            } catch (const std::exception& error) {
                FAIL("unexpected exception: " << error.what());
            }
        }
    }
    CHECK(rendered > 0);
    CHECK(rejected > 0);
}

TEST_CASE("robustness: nesting and chains deep enough to overflow the stack are clear errors") {
    dangan::templating::Environment env({});
    Poco::JSON::Object::Ptr data = new Poco::JSON::Object;
    const std::string deep = "{{ " + std::string(300, '(') + "1" + std::string(300, ')') + " }}";
    CHECK_THROWS_WITH(env.render_string(deep, data, "deep.tpl"),
                      Catch::Contains("nesting deeper than 200 levels (blocks, brackets or prefix operators)"));
    std::string chain = "{{ 'a'";
    for (int i = 0; i < 1100; ++i) chain += " | upper";
    chain += " }}";
    CHECK_THROWS_WITH(env.render_string(chain, data, "chain.tpl"),
                      Catch::Contains("expression nested too deeply: more than 1000 operators or filters in one chain"));
    std::string blocks;
    for (int i = 0; i < 300; ++i) blocks += "{% if true %}";
    CHECK_THROWS_WITH(env.render_string(blocks, data, "blocks.tpl"), Catch::Contains("nesting deeper than 200 levels"));
    // A long but shallow expression is fine.
    std::string sum = "{{ 0";
    for (int i = 0; i < 500; ++i) sum += " + 1";
    sum += " }}";
    CHECK(env.render_string(sum, data, "sum.tpl") == "500");
}
