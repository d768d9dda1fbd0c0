// A JSON value as compact text: how the workbook code compares and copies values.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>
#include <string>

namespace dangan::workbook {

inline std::string json_text(const Poco::Dynamic::Var& value) {
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(value, out, 0, -1);
    return out.str();
}

}  // namespace dangan::workbook
