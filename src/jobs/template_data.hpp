// What templates see: records turned into JSON objects whose keys are always present (empty text,
// empty lists, null numbers), so a template can test `{% if record.place %}` without tripping over
// a missing key, and computed values (档号, 题名, page counts) added by the job.
#pragma once

#include "catalog/items.hpp"
#include "catalog/numbering.hpp"
#include "records/model.hpp"

#include <Poco/JSON/Object.h>

#include <filesystem>
#include <optional>
#include <ostream>
#include <vector>

namespace dangan::jobs {

/// org: the organisation as written, with archive defaults filled in.
Poco::JSON::Object::Ptr organisation_data(const records::Organisation* organisation);

/// Text for an official sheet (纪实簿, 换届选举材料, 提醒表): what only dangan's users need is taken out —
/// rule ids at the start ("R29 支部工作条例第18条…" → "支部工作条例第18条…"), bracketed caveats about the
/// rule's source ("（常见地方规定；全国条文未见）") and data file paths ("见 meetings/x.json" → "另见会议记录";
/// another path is dropped with its "见"). The JSON output keeps the full text.
std::string official_text(const std::string& text);

/// record: one meeting, normalised (content always a list of {speaker, text}).
Poco::JSON::Object::Ptr meeting_data(const records::Meeting& meeting);

/// A recorded number, or null where the data has none (templates test `is none`).
Poco::Dynamic::Var number(const std::optional<int>& value);
Poco::Dynamic::Var number(const std::optional<double>& value);

/// One recorded vote: subject, method and the counts (null where not recorded).
Poco::JSON::Object::Ptr vote_data(const records::Vote& vote);

/// item: the catalogue row of one numbered item.
Poco::JSON::Object::Ptr item_data(const catalog::Item& item);

/// Puts the matter's 档号 where its template prints it (election.archive_code, person.archive_code,
/// ledger.archive_code), so every filed or printed dossier carries the number the one numbering gave
/// it. An "archive_code" written in the data that differs is reported on `err` and not printed.
/// The one numbering of `data` (catalog/numbering.hpp); with `archive`, the numbers that archive has
/// issued are kept (read from its index, or its manifests when the index is unreadable).
catalog::Numbering numbering_for(const records::Dataset& data, const std::optional<std::filesystem::path>& archive,
                                 std::ostream& err);

void stamp_archive_code(const Poco::JSON::Object::Ptr& scope, const catalog::NumberedMatter& matter, std::ostream& err);

/// book: what the cover and the catalogue say about a bound set of items.
Poco::JSON::Object::Ptr book_data(const std::string& title, int year, const std::vector<catalog::Item>& items,
                                  const records::Organisation* organisation);

}  // namespace dangan::jobs
