#include "rules/check.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <regex>

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
    sort_findings(out);
    return out;
}

bool looks_like_placeholder(const std::string& text) {
    // Placeholders copied from blank forms and never filled in: runs of X/x/×, 某某, 待定/待填/待补, TBD/TODO,
    // and lone question marks. A single X (e.g. "X光") is not flagged.
    static const std::regex pattern(R"((XX|xx|××|＊＊|\*\*\*|某某|待定|待填|待补|TBD|TODO|？？|\?\?))",
                                    std::regex::ECMAScript | std::regex::optimize);
    return std::regex_search(text, pattern);
}

}  // namespace dangan::rules
