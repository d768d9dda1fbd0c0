// Loading record JSON files (or folders of them) into a Dataset.
#pragma once

#include "core/diagnostic.hpp"
#include "records/model.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace dangan::records {

/// Names the data may use, supplied by the rule set: canonical names and their aliases. Keeping
/// them out of the loader lets a local profile add a meeting kind without recompiling.
struct Vocabulary {
    std::map<std::string, std::string> meeting_kinds;      ///< alias or canonical name → canonical name
    std::map<std::string, std::string> election_steps;     ///< alias or canonical name → canonical name
    std::map<std::string, int> development_steps;          ///< step name (or alias) → number 1..25
    int development_step_count = 25;
};

/// Loads every `*.json` file named or found (recursively, sorted by path) under the inputs.
/// Each file holds one record kind, told by its "kind" key: "organisation", "meeting", "meetings"
/// (a "records" list), "election" or "development".
///
/// Unusable input (a missing path, an empty folder, a file that is not UTF-8, not JSON, or whose
/// structure cannot be read) throws core::InputError when nothing at all can be used; problems that
/// concern one file or one field are added to `sink` as errors (the caller then stops with exit 2)
/// and the rest of the data is still loaded, so the user sees every problem at once.
/// Unknown keys give warnings (a misspelt optional field would otherwise be silently ignored).
Dataset load_dataset(const std::vector<std::filesystem::path>& inputs, const Vocabulary& vocabulary,
                     core::DiagnosticSink& sink);

/// Loads one file's text (exposed for tests and for the archive, which stores records as JSON).
void load_json_text(const std::string& text, const std::string& file_label, const Vocabulary& vocabulary,
                    Dataset& into, core::DiagnosticSink& sink);

/// Reads some records of a "meetings" file again, as load_json_text would read them from `text` (the
/// file's whole new text, for the lines of messages): `top` is that text's top object, `indices` the
/// places in its "records" list to read (the web app's saves change or add a few records of a list file and
/// reload only those). The file's own keys ("kind", "year") are taken as they are: the caller reads the
/// whole file when they may have changed or had problems.
void load_meeting_records(const std::string& text, const std::string& file_label, const Poco::JSON::Object::Ptr& top,
                          const std::vector<size_t>& indices, const Vocabulary& vocabulary, Dataset& into,
                          core::DiagnosticSink& sink);

}  // namespace dangan::records
