#include "records/model.hpp"
#include "core/deflate.hpp"
#include "core/placeholder.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>


#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>

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

// Packed parts: the unpacked size (8 bytes), then deflated: per part the speaker's and the text's length (4
// bytes each) and bytes. Private to one run (made and read by the same binary), so host byte order.
void Meeting::set_content(const std::vector<ContentPart>& parts) {
    packed_content.clear();
    content_marked = false;
    if (parts.empty()) return;
    for (const auto& part : parts)
        content_marked = content_marked || core::looks_like_placeholder(part.speaker) || core::looks_like_placeholder(part.text);
    std::string raw;
    for (const auto& part : parts)
        for (const std::string* s : {&part.speaker, &part.text}) {
            const auto size = static_cast<std::uint32_t>(s->size());
            raw.append(reinterpret_cast<const char*>(&size), sizeof size).append(*s);
        }
    packed_content = core::deflate_sized(raw, 1);
}

std::vector<ContentPart> Meeting::content() const {
    std::vector<ContentPart> parts;
    if (packed_content.size() < sizeof(std::uint64_t)) return parts;
    const std::string raw = core::inflate_sized(packed_content, "a meeting's packed content");
    size_t at = 0;
    auto next = [&] {
        std::uint32_t n = 0;
        if (at + sizeof n > raw.size()) throw std::runtime_error("a meeting's packed content is damaged");
        std::memcpy(&n, raw.data() + at, sizeof n);
        at += sizeof n;
        if (at + n > raw.size()) throw std::runtime_error("a meeting's packed content is damaged");
        std::string s = raw.substr(at, n);
        at += n;
        return s;
    };
    while (at < raw.size()) {
        ContentPart part;
        part.speaker = next();
        part.text = next();
        parts.push_back(std::move(part));
    }
    return parts;
}

Poco::JSON::Object::Ptr Meeting::json() const {
    if (source.empty()) return nullptr;
    // The text was written by the loader from an object it had parsed, so it parses; the default
    // parser keeps keys sorted, as the loader's parser did.
    Poco::JSON::Parser parser;
    auto object = parser.parse(source).extract<Poco::JSON::Object::Ptr>();
    if (content_from_parts) {
        Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
        for (const auto& part : content()) {
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
