#include "rules/check.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace dangan::rules {

std::vector<Finding> check_dataset(const records::Dataset& data, const RuleBook& book, const CheckOptions& options) {
    std::vector<Finding> out;
    check_dates(data, options, out);
    check_meetings(data, book, out);
    check_cadence(data, book, options, out);
    check_term(data, book, options, out);
    check_elections(data, book, options, out);
    check_developments(data, book, options, out);
    check_dues(data, book, options, out);
    check_people(data, out);  // issue 14
    check_decisions(data, out);  // issue 14
    sort_findings(out);
    return out;
}

}  // namespace dangan::rules
