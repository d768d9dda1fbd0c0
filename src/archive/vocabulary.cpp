#include "archive/vocabulary.hpp"

#include "core/atomic_write.hpp"
#include "core/diagnostic.hpp"
#include "core/unicode_text.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <fnmatch.h>

#include <algorithm>
#include <map>

namespace dangan::archive {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

/// Reads the data file, naming the file and the key in every complaint.
class Reader {
public:
    explicit Reader(std::filesystem::path file) : file_(std::move(file)) {}

    [[noreturn]] void fail(const std::string& key, const std::string& expected) const {
        throw core::InputError(core::Location{file_.string(), 0, 0, "", key}, "“" + key + "”应为" + expected);
    }

    std::vector<std::string> strings(const Object::Ptr& object, const std::string& key, const std::string& path) const {
        std::vector<std::string> out;
        if (!object || !object->has(key)) return out;
        const auto array = object->getArray(key);
        if (!array) fail(path + "/" + key, "文字的列表");
        for (size_t i = 0; i < array->size(); ++i) {
            if (!array->get(i).isString()) fail(path + "/" + key, "文字的列表");
            out.push_back(array->getElement<std::string>(i));
        }
        return out;
    }

    Object::Ptr object(const Object::Ptr& parent, const std::string& key, const std::string& path) const {
        if (!parent->has(key)) return nullptr;
        auto o = parent->getObject(key);
        if (!o) fail(path + "/" + key, "对象（{…}）");
        return o;
    }

    const std::filesystem::path& file() const { return file_; }

private:
    std::filesystem::path file_;
};

bool contains_any(const std::string& text, const std::vector<std::string>& words) {
    return std::any_of(words.begin(), words.end(),
                       [&](const std::string& w) { return !w.empty() && text.find(w) != std::string::npos; });
}

std::vector<DocumentPattern> read_documents(const Reader& r, const Array::Ptr& list, const std::string& path,
                                            bool numbered) {
    std::vector<DocumentPattern> out;
    if (!list) return out;
    for (size_t i = 0; i < list->size(); ++i) {
        const std::string where = path + "/" + std::to_string(i);
        const auto doc = list->getObject(static_cast<unsigned>(i));
        if (!doc) r.fail(where, "含 \"step\" 和 \"match\" 的对象");
        DocumentPattern p;
        if (!doc->has("step")) r.fail(where + "/step", numbered ? "步骤编号 1..25" : "文书名称");
        if (numbered) {
            const auto v = doc->get("step");
            if (!v.isInteger() || v.convert<int>() < 1 || v.convert<int>() > 99) r.fail(where + "/step", "步骤编号 1..25");
            p.number = v.convert<int>();
            p.step = std::to_string(p.number);
        } else {
            if (!doc->get("step").isString()) r.fail(where + "/step", "文书名称");
            p.step = doc->getValue<std::string>("step");
        }
        p.match = r.strings(doc, "match", where);
        p.unless = r.strings(doc, "unless", where);
        if (p.match.empty()) r.fail(where + "/match", "非空的文字列表");
        out.push_back(std::move(p));
    }
    return out;
}

const DocumentPattern* find_document(const std::vector<DocumentPattern>& docs, const std::string& name) {
    for (const auto& d : docs)
        if (contains_any(name, d.match) && !contains_any(name, d.unless)) return &d;
    return nullptr;
}

}  // namespace

AuditVocabulary AuditVocabulary::load(const std::filesystem::path& file, const rules::RuleBook& book) {
    const Reader r(file);
    Object::Ptr root;
    try {
        Poco::JSON::Parser parser;
        root = parser.parse(core::read_file(file)).extract<Object::Ptr>();
    } catch (const core::InputError&) {
        throw;
    } catch (const Poco::Exception& e) {
        throw core::InputError(core::Location{file.string(), 0, 0, "", ""},
                               "检查用词表不是有效的 JSON：" + e.message());
    } catch (const std::exception&) {
        throw core::InputError(core::Location{file.string(), 0, 0, "", ""}, "检查用词表应是一个 JSON 对象（{…}）");
    }
    if (!root) throw core::InputError(core::Location{file.string(), 0, 0, "", ""}, "检查用词表应是一个 JSON 对象（{…}）");

    AuditVocabulary v;
    std::map<std::string, std::string> aliases;  // alias → canonical
    const auto ignore = r.strings(root, "ignore", "");
    for (const auto& kind : book.base().meeting_kinds) {
        if (std::find(ignore.begin(), ignore.end(), kind.name) != ignore.end()) continue;
        aliases[kind.name] = kind.name;
        for (const auto& a : kind.aliases) aliases[a] = kind.name;
    }
    if (const auto series = r.object(root, "series", "")) {
        for (const auto& [name, value] : *series) {
            aliases[name] = name;
            for (const auto& a : r.strings(series, name, "/series")) aliases[a] = name;
        }
    }
    for (const auto& [alias, canonical] : aliases)
        if (std::find(ignore.begin(), ignore.end(), alias) == ignore.end()) v.series.emplace_back(alias, canonical);
    std::stable_sort(v.series.begin(), v.series.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });

    if (root->has("number_prefixes")) {
        const auto list = root->getArray("number_prefixes");
        if (!list) r.fail("/number_prefixes", "{\"pattern\": …} 的列表");
        for (size_t i = 0; i < list->size(); ++i) {
            const auto entry = list->getObject(static_cast<unsigned>(i));
            const std::string key = "/number_prefixes/" + std::to_string(i) + "/pattern";
            if (!entry || !entry->has("pattern") || !entry->get("pattern").isString())
                r.fail(key, "第一个分组是编号的正则表达式");
            try {
                v.number_prefixes.push_back(std::make_shared<Poco::RegularExpression>(
                    entry->getValue<std::string>("pattern"), Poco::RegularExpression::RE_UTF8));
            } catch (const Poco::Exception& e) {
                r.fail(key, "有效的正则表达式（" + e.message() + "）");
            }
        }
    }
    if (const auto election = r.object(root, "election", "")) {
        v.election_folder = r.strings(election, "folder", "/election");
        if (election->has("documents"))
            v.election_documents = read_documents(r, election->getArray("documents"), "/election/documents", false);
    }
    if (const auto development = r.object(root, "development", "")) {
        v.development_folder = r.strings(development, "folder", "/development");
        if (development->has("documents"))
            v.development_documents =
                read_documents(r, development->getArray("documents"), "/development/documents", true);
    }
    v.placeholders = r.strings(root, "placeholders", "");
    v.junk = r.strings(root, "junk", "");
    v.not_records = r.strings(root, "not_records", "");
    v.registers = r.strings(root, "registers", "");
    for (const auto& pattern : r.strings(root, "group_folders", "")) {
        try {
            v.group_folders.push_back(std::make_shared<Poco::RegularExpression>(pattern, Poco::RegularExpression::RE_UTF8));
        } catch (const Poco::Exception& e) {
            r.fail("/group_folders", "有效的正则表达式列表（" + e.message() + "）");
        }
    }
    return v;
}

std::optional<std::string> AuditVocabulary::series_of(const std::string& name) const {
    for (const auto& [alias, canonical] : series)
        if (name.find(alias) != std::string::npos) return canonical;
    return std::nullopt;
}

std::optional<int> parse_small_number(const std::string& text) {
    const std::string t = core::normalize_nfkc(text);
    if (t.empty()) return std::nullopt;
    if (std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        if (t.size() > 6) return std::nullopt;
        return std::stoi(t);
    }
    // Chinese numerals up to 九百九十九: 三, 十二, 二十一, 一百零五, 两百.
    static const std::map<char32_t, int> digits{{U'零', 0}, {U'〇', 0}, {U'一', 1}, {U'二', 2}, {U'两', 2},
                                                {U'三', 3}, {U'四', 4}, {U'五', 5}, {U'六', 6}, {U'七', 7},
                                                {U'八', 8}, {U'九', 9}};
    int total = 0, current = -1;
    for (char32_t c : core::to_code_points(text)) {
        if (auto it = digits.find(c); it != digits.end()) {
            current = it->second;
        } else if (c == U'十' || c == U'百') {
            const int unit = c == U'十' ? 10 : 100;
            total += (current < 0 ? 1 : current) * unit;
            current = -1;
        } else {
            return std::nullopt;
        }
    }
    if (current > 0) total += current;
    return total;
}

std::optional<int> AuditVocabulary::number_prefix(const std::string& name) const {
    for (const auto& re : number_prefixes) {
        Poco::RegularExpression::MatchVec m;
        try {
            if (re->match(name, 0, m) < 2 || m[1].offset == std::string::npos) continue;
        } catch (const Poco::Exception&) {
            continue;  // a name that is not valid UTF-8 (reported by the walk) cannot hold a prefix
        }
        if (auto n = parse_small_number(name.substr(m[1].offset, m[1].length))) return n;
    }
    return std::nullopt;
}

bool AuditVocabulary::is_junk(const std::string& file_name) const {
    return std::any_of(junk.begin(), junk.end(),
                       [&](const std::string& p) { return ::fnmatch(p.c_str(), file_name.c_str(), FNM_PERIOD) == 0; });
}

std::optional<std::string> AuditVocabulary::placeholder_in(const std::string& name) const {
    for (const auto& p : placeholders)
        if (name.find(p) != std::string::npos) return p;
    return std::nullopt;
}

bool AuditVocabulary::is_not_record(const std::string& name) const { return contains_any(name, not_records); }
bool AuditVocabulary::is_register(const std::string& name) const { return contains_any(name, registers); }
bool AuditVocabulary::is_group_folder(const std::string& name) const {
    return std::any_of(group_folders.begin(), group_folders.end(), [&](const auto& re) {
        try {
            return re->match(name);
        } catch (const Poco::Exception&) {
            return false;
        }
    });
}

bool AuditVocabulary::names_election(const std::string& name) const { return contains_any(name, election_folder); }
bool AuditVocabulary::names_development(const std::string& name) const {
    return contains_any(name, development_folder);
}
const DocumentPattern* AuditVocabulary::election_document(const std::string& name) const {
    return find_document(election_documents, name);
}
const DocumentPattern* AuditVocabulary::development_document(const std::string& name) const {
    return find_document(development_documents, name);
}

}  // namespace dangan::archive
