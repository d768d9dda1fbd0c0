// Fuzz target: the record JSON loader (records::load_json_text). Any text must either load or be
// reported through core::InputError / the diagnostic sink; anything else (a crash, a sanitizer
// report, another exception type escaping) is a bug.
#include "core/diagnostic.hpp"
#include "records/loader.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

// The names the shipped rule set knows; enough for the loader to reach its per-kind code paths.
dangan::records::Vocabulary make_vocabulary() {
    dangan::records::Vocabulary vocabulary;
    for (const char* kind : {"支部委员会", "支部党员大会", "党小组会", "党课", "主题党日", "组织生活会",
                             "民主评议党员", "谈心谈话", "理论学习"}) {
        vocabulary.meeting_kinds[kind] = kind;
    }
    vocabulary.meeting_kinds["支委会"] = "支部委员会";
    vocabulary.election_steps["党员大会选举"] = "党员大会选举";
    vocabulary.development_steps["递交入党申请书"] = 1;
    vocabulary.development_steps["入党积极分子"] = 5;
    return vocabulary;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const dangan::records::Vocabulary vocabulary = make_vocabulary();
    const std::string text(reinterpret_cast<const char*>(data), size);
    dangan::records::Dataset dataset;
    dangan::core::DiagnosticSink sink;
    try {
        dangan::records::load_json_text(text, "fuzz.json", vocabulary, dataset, sink);
    } catch (const dangan::core::InputError&) {
        // Expected for unusable input.
    }
    return 0;
}
