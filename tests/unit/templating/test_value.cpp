// The value layer: kinds of Poco data, truth, printing, equality and order.
#include "templating/value.hpp"

#include "helpers.hpp"

#include <Poco/Dynamic/Struct.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <catch2/catch.hpp>

using namespace dangan::templating;
using namespace dangan::templating::test;

TEST_CASE("kind_of recognises JSON and Poco containers and scalars") {
    auto data = json(R"({"s":"x","i":3,"big":18446744073709551615,"d":2.5,"b":true,"n":null,"l":[1],"o":{"a":1}})");
    auto object = data.extract<Poco::JSON::Object::Ptr>();
    CHECK(kind_of(object->get("s")) == ValueKind::string);
    CHECK(kind_of(object->get("i")) == ValueKind::integer);
    CHECK(kind_of(object->get("big")) == ValueKind::integer);
    CHECK(kind_of(object->get("d")) == ValueKind::decimal);
    CHECK(kind_of(object->get("b")) == ValueKind::boolean);
    CHECK(kind_of(object->get("n")) == ValueKind::none);
    CHECK(kind_of(object->get("l")) == ValueKind::list);
    CHECK(kind_of(object->get("o")) == ValueKind::object);
    CHECK(kind_of(Var(Poco::DynamicStruct())) == ValueKind::object);
    CHECK(kind_of(Var(Poco::Dynamic::Array())) == ValueKind::list);
    CHECK(kind_of(Var(Poco::JSON::Object::Ptr())) == ValueKind::none);  // a null pointer is nothing
    CHECK(to_text(object->get("big")) == "18446744073709551615");
}

TEST_CASE("truth and emptiness") {
    CHECK_FALSE(truthy(Var()));
    CHECK_FALSE(truthy(Var(0)));
    CHECK_FALSE(truthy(Var(0.0)));
    CHECK_FALSE(truthy(Var(std::string())));
    CHECK_FALSE(truthy(make_list({})));
    CHECK(truthy(Var("0")));  // text "0" is not empty
    CHECK(truthy(Var(-1)));
    CHECK(is_empty_value(Var()));
    CHECK(is_empty_value(json("{}")));
    CHECK_FALSE(is_empty_value(Var(0)));
    CHECK_FALSE(is_empty_value(Var(false)));
}

TEST_CASE("numbers print in their shortest form") {
    CHECK(format_number(3.0) == "3");
    CHECK(format_number(-0.5) == "-0.5");
    CHECK(format_number(0.1) == "0.1");
    CHECK(format_number(1e20) == "1e+20");
    CHECK(to_text(Var(true)) == "true");
    CHECK(to_text(Var()) == "");
    CHECK_THROWS_WITH(to_text(make_list({})),
                      "cannot write a list as text; go through it with a for loop or use '| join'");
}

TEST_CASE("equality and order") {
    CHECK(equal_values(Var(1), Var(1.0)));
    CHECK_FALSE(equal_values(Var(1), Var("1")));
    CHECK(equal_values(make_list({Var(1), Var("a")}), make_list({Var(1.0), Var("a")})));
    CHECK(equal_values(json(R"({"a":[1]})"), json(R"({"a":[1]})")));
    CHECK_FALSE(equal_values(json(R"({"a":1})"), json(R"({"b":1})")));
    CHECK(compare_values(Var(2), Var(10)) < 0);
    CHECK(compare_values(Var("2025-03-01"), Var("2025-10-01")) < 0);
    CHECK(compare_values(Var(2.5), Var(2)) > 0);
    CHECK_THROWS_WITH(compare_values(Var(true), Var(1)), "cannot compare a true/false value with a whole number");
}

TEST_CASE("objects: lookup by reference and key order") {
    auto ordered = json(R"({"z":1,"a":2})");
    CHECK(object_keys(ordered) == std::vector<std::string>{"z", "a"});  // order of the file
    Poco::JSON::Parser sorted_parser;
    CHECK(object_keys(sorted_parser.parse(R"({"z":1,"a":2})")) == std::vector<std::string>{"a", "z"});
    const Var* found = object_find(ordered, "a");
    REQUIRE(found);
    CHECK(found->convert<int>() == 2);
    CHECK(object_find(ordered, "b") == nullptr);
    CHECK(object_get(ordered, "z").value().convert<int>() == 1);
    CHECK_FALSE(object_get(ordered, "q").has_value());
    CHECK_THROWS_WITH(object_find(Var(3), "a"), "expected an object, found a whole number");
    CHECK(count_code_points("党支部ab") == 5);
}
