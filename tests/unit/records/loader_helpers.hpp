// What the loader tests share: a small vocabulary and loading one JSON text with its findings.
#pragma once

#include "records/loader.hpp"

#include <string>

namespace dangan::testing {

inline records::Vocabulary loader_vocabulary() {
    records::Vocabulary v;
    v.meeting_kinds = {{"支部委员会", "支部委员会"}, {"支委会", "支部委员会"}, {"党课", "党课"}};
    v.election_steps = {{"请示", "请示"}, {"批复", "批复"}};
    v.development_steps = {{"递交入党申请书", 1}, {"党组织派人谈话", 2}};
    return v;
}

struct Loaded {
    records::Dataset data;
    core::DiagnosticSink sink;
};

/// `text` loaded as the file t.json.
inline Loaded load(const std::string& text) {
    Loaded out;
    records::load_json_text(text, "t.json", loader_vocabulary(), out.data, out.sink);
    return out;
}

}  // namespace dangan::testing
