#include "records/model.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>

namespace dangan::records {

int Organisation::full_member_count() const {
    return static_cast<int>(std::count_if(members.begin(), members.end(),
                                          [](const Member& m) { return m.status != "预备"; }));
}

const DossierStep* ElectionDossier::find(const std::string& name) const {
    for (const auto& s : steps)
        if (s.step == name) return &s;
    return nullptr;
}

const DossierStep* DevelopmentDossier::step(int number) const {
    auto it = steps.find(number);
    return it == steps.end() ? nullptr : &it->second;
}

Poco::JSON::Object::Ptr Meeting::json() const {
    if (source.empty()) return nullptr;
    // The text was written by the loader from an object it had parsed, so it parses; the default
    // parser keeps keys sorted, as the loader's parser did.
    Poco::JSON::Parser parser;
    auto object = parser.parse(source).extract<Poco::JSON::Object::Ptr>();
    if (content_from_parts) {
        Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
        for (const auto& part : content) {
            Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
            o->set("speaker", part.speaker);
            o->set("text", part.text);
            list->add(o);
        }
        object->set("content", list);
    }
    return object;
}

bool is_kind(const Meeting& meeting, const std::string& kind) {
    if (meeting.kind == kind) return true;
    for (const auto& k : meeting.also_kinds)
        if (k == kind) return true;
    return false;
}

}  // namespace dangan::records
