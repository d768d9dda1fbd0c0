// audit.json / organisation.json beside a hand-made tree: the branch's name, kind and life span.
#include "archive/audit.hpp"

#include "core/atomic_write.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

namespace dangan::archive {

namespace {

std::optional<core::PartialDate> date_of(const Poco::JSON::Object::Ptr& o, const char* key, const char* file,
                                         std::string& problem) {
    if (!o->has(key)) return std::nullopt;
    const std::string text = o->get(key).toString();
    const auto d = core::try_parse_date(text);
    if (!d || !d->is_full()) {
        problem = std::string(file) + " 中的“" + key + "”应是完整日期（如 2023-09-01），而不是“" + text + "”；已忽略";
        return std::nullopt;
    }
    return d;
}

}  // namespace

BranchInfo read_branch_info(const std::filesystem::path& root) {
    BranchInfo info;
    std::error_code ec;
    for (const char* file : {"audit.json", "organisation.json"}) {
        const auto path = root / file;
        if (!std::filesystem::is_regular_file(path, ec)) continue;
        try {
            Poco::JSON::Parser parser;
            const auto o = parser.parse(core::read_file(path)).extract<Poco::JSON::Object::Ptr>();
            if (!o) continue;
            if (o->has("name")) info.name = o->get("name").toString();
            for (const char* k : {"kind", "type"})
                if (o->has(k) && info.kind.empty()) info.kind = o->get(k).toString();
            const bool audit = std::string(file) == "audit.json";
            info.since = date_of(o, audit ? "since" : "founded", file, info.problem);
            info.until = date_of(o, audit ? "until" : "dissolved", file, info.problem);
            if (const auto groups = o->getArray("groups"))
                for (size_t i = 0; i < groups->size(); ++i) {
                    const auto g = groups->get(i);
                    if (g.isString()) info.groups.push_back(g.toString());
                    else if (g.type() == typeid(Poco::JSON::Object::Ptr)) {
                        const auto go = g.extract<Poco::JSON::Object::Ptr>();
                        if (go && go->has("name")) info.groups.push_back(go->get("name").toString());
                    }
                }
            return info;  // audit.json, when present, is the inspector's word; organisation.json only else
        } catch (const std::exception& e) {  // Poco::Exception included
            if (std::string(file) == "audit.json")
                info.problem = "audit.json 不是有效的 JSON，已忽略（应为 {\"name\": …, \"kind\": …, \"since\": \"2023-09-01\"}）";
        }
    }
    return info;
}

}  // namespace dangan::archive
