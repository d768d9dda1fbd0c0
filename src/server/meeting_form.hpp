// The meeting form: a record's JSON as the form's fields, and the posted fields back as the record.
// Keys the form does not show (votes, attachments, id, …) are kept from the stored record; a field left
// empty removes its key, so `check` names it as missing exactly as it would in a hand-written file.
#pragma once

#include "server/http.hpp"

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

namespace dangan::server {

/// The form's fields for a record (`record` may be null for a new one): type, number, title, date (ISO when it
/// reads as a full date, else as written), start, end, place, host, recorder, expected, present (list),
/// present_more, absent, attending, agenda, content, resolutions (multi-line texts).
Poco::JSON::Object::Ptr form_fields(const Poco::JSON::Object::Ptr& record);

/// The record the posted form describes, built on `base` (the stored record, or null). `people` are the
/// names a content line may start with ("王建华：……" becomes a speech). `messages` gets one Chinese
/// sentence for each field that cannot be used (a number that is not a whole number …).
Poco::JSON::Object::Ptr record_from_form(const Request& form, const Poco::JSON::Object::Ptr& base,
                                         const std::vector<std::string>& people, std::vector<std::string>& messages);

/// Splits a list typed in one box: 、，, ；; and new lines separate names, and so do spaces when `at_spaces`
/// (not for 列席, where "机关党委副书记 黄立新" is one entry).
std::vector<std::string> split_names(const std::string& text, bool at_spaces = true);

}  // namespace dangan::server
