#include "core/json_positions.hpp"
#include "records/loader.hpp"
#include "support/language_scope.hpp"
#include "unit/records/loader_helpers.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace dangan;
using dangan::testing::load;
using dangan::testing::Loaded;

namespace {

std::string first_message(const core::DiagnosticSink& sink) {
    return sink.all().empty() ? std::string("(none)") : sink.all().front().str();
}

}  // namespace

TEST_CASE("json positions give the line of each value and of the first syntax error") {
    const dangan::testing::LanguageScope english(dangan::core::Language::en);  // the --lang en texts
    core::JsonPositions ok("{\n  \"a\": 1,\n  \"b\": [\n    {\"c\": \"x\"}\n  ]\n}");
    CHECK_FALSE(ok.syntax_error());
    CHECK(ok.at("/a").line == 2);
    CHECK(ok.at("/b/0/c").line == 4);
    CHECK(ok.at("/missing").line == 0);

    core::JsonPositions trailing("{\n  \"a\": [1, 2,]\n}");
    REQUIRE(trailing.syntax_error());
    CHECK(trailing.syntax_error()->position.line == 2);
    CHECK(trailing.syntax_error()->message == "a comma before ']' is not allowed in JSON (remove the last comma)");

    core::JsonPositions quote("{\"a\": \"open\n}");
    REQUIRE(quote.syntax_error());
    CHECK(quote.syntax_error()->message == "line break inside a string (a closing \" is missing?)");
}

TEST_CASE("a meeting file loads with aliases resolved and dates kept as written") {
    const dangan::testing::LanguageScope english(dangan::core::Language::en);  // the --lang en texts
    auto r = load(R"({"kind": "meeting", "type": "支委会", "date": "2025年3月", "host": "王芳",
                      "attendance": {"expected": 5, "present": ["王芳", "李娜"], "absent": [{"name": "张伟", "reason": "出差"}]}})");
    REQUIRE(r.data.meetings.size() == 1);
    const auto& m = r.data.meetings[0];
    CHECK(m.kind == "支部委员会");
    CHECK(m.kind_as_written == "支委会");
    CHECK(m.date.raw == "2025年3月");
    REQUIRE(m.date.date);
    CHECK_FALSE(m.date.full());
    CHECK(m.date.date->iso() == "2025-03");
    CHECK(m.expected == 5);
    CHECK(m.present.size() == 2);
    REQUIRE(m.absent.size() == 1);
    CHECK(m.absent[0].reason == "出差");
    CHECK(r.sink.empty());
}

TEST_CASE("an impossible date is kept with its error for the rules to report") {
    const dangan::testing::LanguageScope english(dangan::core::Language::en);  // the --lang en texts
    auto r = load(R"({"kind": "meeting", "type": "党课", "date": "2025年2月30日"})");
    REQUIRE(r.data.meetings.size() == 1);
    CHECK_FALSE(r.data.meetings[0].date.date);
    CHECK_FALSE(r.data.meetings[0].date.error.empty());
}

TEST_CASE("data errors name the file, line, record and field") {
    const dangan::testing::LanguageScope english(dangan::core::Language::en);  // the --lang en texts
    SECTION("wrong type") {
        auto r = load("{\"kind\": \"meeting\", \"type\": \"党课\", \"date\": \"2025-03-01\",\n"
                      " \"attendance\": {\"expected\": \"十二\"}}");
        REQUIRE(r.sink.has_errors());
        CHECK(first_message(r.sink) ==
              "t.json:2:29 (2025-03-01 党课, /attendance/expected): error: expected a number, found text \"十二\"");
    }
    SECTION("unknown meeting kind") {
        auto r = load(R"({"kind": "meeting", "type": "茶话会", "date": "2025-03-01"})");
        REQUIRE(r.sink.has_errors());
        CHECK(first_message(r.sink).find("unknown meeting kind \"茶话会\"; expected one of 党课、支部委员会") !=
              std::string::npos);
    }
    SECTION("missing kind") {
        auto r = load(R"({"type": "党课"})");
        CHECK(first_message(r.sink).find("the file does not say what it holds") != std::string::npos);
    }
    SECTION("malformed JSON gives line and column") {
        auto r = load("{\"kind\": \"meeting\",\n \"type\": \"党课\",\n}");
        CHECK(first_message(r.sink) ==
              "t.json:2:14: error: invalid JSON: a comma before '}' is not allowed in JSON (remove the last comma)");
    }
    SECTION("not UTF-8") {
        auto r = load("{\"kind\": \"meeting\", \"type\": \"\xB5\xB3\xBF\xCE\"}");  // 党课 in GBK
        REQUIRE(r.sink.has_errors());
        CHECK(first_message(r.sink).find("the file is not UTF-8 text") != std::string::npos);
    }
    SECTION("required field missing") {
        auto r = load(R"({"kind": "meeting", "date": "2025-03-01"})");
        CHECK(first_message(r.sink).find("the field \"type\" is required") != std::string::npos);
    }
    SECTION("empty file") {
        auto r = load("  \n");
        CHECK(first_message(r.sink) == "t.json: error: the file is empty; expected a JSON object such as {\"kind\": "
                                       "\"meeting\", …}");
    }
}

TEST_CASE("unknown keys give a warning, a UTF-8 BOM is accepted") {
    const dangan::testing::LanguageScope english(dangan::core::Language::en);  // the --lang en texts
    auto r = load("\xEF\xBB\xBF{\"kind\": \"meeting\", \"type\": \"党课\", \"date\": \"2025-03-01\", \"hots\": \"王芳\"}");
    REQUIRE(r.data.meetings.size() == 1);
    REQUIRE(r.sink.all().size() == 1);
    CHECK(r.sink.all()[0].severity == core::Severity::warning);
    CHECK(r.sink.all()[0].message == "unknown field \"hots\" is ignored (misspelt?); did you mean \"host\"?");
}

TEST_CASE("development steps are read by number and a duplicate step is an error") {
    const dangan::testing::LanguageScope english(dangan::core::Language::en);  // the --lang en texts
    auto r = load(R"({"kind": "development", "name": "赵磊", "steps": [
        {"step": 1, "date": "2024-03-01"}, {"name": "党组织派人谈话", "date": "2024-03-20"}, {"step": 1, "date": "2024-03-02"},
        {"step": 40, "date": "2024-03-02"}]})");
    REQUIRE(r.data.developments.size() == 1);
    CHECK(r.data.developments[0].steps.size() == 2);
    CHECK(r.data.developments[0].step(2) != nullptr);
    REQUIRE(r.sink.all().size() == 2);
    CHECK(r.sink.all()[0].message == "step 1 is recorded twice");
    CHECK(r.sink.all()[1].message.find("expected a step number from 1 to 25") == 0);
}

TEST_CASE("load_dataset rejects a missing path and an empty folder") {
    const dangan::testing::LanguageScope english(dangan::core::Language::en);  // the --lang en texts
    core::DiagnosticSink sink;
    CHECK_THROWS_WITH(records::load_dataset({"/nonexistent/x"}, testing::loader_vocabulary(), sink),
                      "/nonexistent/x: error: no such file or folder");
    const auto dir = std::filesystem::temp_directory_path() / "dangan-empty-test";
    std::filesystem::create_directories(dir);
    CHECK_THROWS_WITH(records::load_dataset({dir}, testing::loader_vocabulary(), sink),
                      dir.string() + ": error: the folder holds no .json record files");
    std::filesystem::remove_all(dir);
}

TEST_CASE("meeting kinds written in Traditional characters or full-width forms are recognised") {
    const dangan::testing::LanguageScope english(dangan::core::Language::en);  // the --lang en texts
    auto traditional = load(R"({"kind": "meeting", "type": "支委會", "date": "２０２５年３月１日"})");
    REQUIRE(traditional.data.meetings.size() == 1);
    CHECK(traditional.data.meetings[0].kind == "支部委员会");
    CHECK(traditional.data.meetings[0].date.date->iso() == "2025-03-01");
    CHECK(traditional.sink.empty());
}
