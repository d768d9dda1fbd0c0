#include "jobs/template_data.hpp"

#include "archive/store.hpp"
#include "catalog/items.hpp"
#include "core/diagnostic.hpp"

#include <Poco/JSON/Array.h>

#include <regex>

namespace dangan::jobs {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

Array::Ptr texts(const std::vector<std::string>& values) {
    Array::Ptr out = new Array;
    for (const auto& v : values) out->add(v);
    return out;
}

std::string retention_name(const std::string& code) {
    if (code == "Y") return "永久";
    if (code == "D30") return "30年";
    if (code == "D10") return "10年";
    return code;
}

}  // namespace

std::string official_text(const std::string& text) {
    std::string out = text;
    // Rule ids: "R12", "R25/R37" at the start, with the space after them.
    static const std::regex rule_ids(R"(^\s*R[0-9]+(?:/R[0-9]+)*\s*)");
    out = std::regex_replace(out, rule_ids, "");
    // Caveats about a rule's source, in full-width brackets.
    const std::string open_mark = "（", close_mark = "）";
    for (size_t open = out.find(open_mark); open != std::string::npos; open = out.find(open_mark, open)) {
        const size_t close = out.find(close_mark, open);
        if (close == std::string::npos) break;
        const std::string inside = out.substr(open, close - open);
        if (inside.find("未见") != std::string::npos || inside.find("常见") != std::string::npos ||
            inside.find("地方规定") != std::string::npos) {
            out.erase(open, close + close_mark.size() - open);
        } else {
            open = close;
        }
    }
    // Data file paths ("见 meetings/2025-03-06.json").
    static const std::regex path(R"((?:(?:另)?见\s*)?[A-Za-z0-9_./\\-]+\.(?:json|xlsx|xls|csv|docx|txt))");
    std::smatch m;
    if (std::regex_search(out, m, path)) {
        const bool meeting = m.str().find("meeting") != std::string::npos;
        out = m.prefix().str() + (meeting ? "另见会议记录" : "") + m.suffix().str();
    }
    const auto first = out.find_first_not_of(" \t");
    const auto last = out.find_last_not_of(" \t");
    return first == std::string::npos ? std::string() : out.substr(first, last - first + 1);
}

Object::Ptr organisation_data(const records::Organisation* organisation) {
    Object::Ptr org = organisation && organisation->json ? new Object(*organisation->json) : new Object;
    const records::ArchiveSettings settings = organisation ? organisation->archive : records::ArchiveSettings{};
    Object::Ptr archive = new Object;
    archive->set("fonds", settings.fonds);
    archive->set("fonds_name", settings.fonds_name.empty() && organisation ? organisation->name : settings.fonds_name);
    archive->set("style", settings.style);
    archive->set("category", settings.category);
    archive->set("retention", settings.retention);
    archive->set("retention_name", retention_name(settings.retention));
    archive->set("class", settings.class_code);
    org->set("archive", archive);
    org->set("name", organisation ? organisation->name : std::string());
    org->set("short_name", organisation ? (organisation->short_name.empty() ? organisation->name : organisation->short_name)
                                        : std::string());
    org->set("type", organisation ? organisation->type : std::string());
    org->set("parent", organisation ? organisation->parent : std::string());
    return org;
}

Object::Ptr meeting_data(const records::Meeting& m) {
    Object::Ptr r = new Object;
    r->set("id", m.id);
    r->set("kind", m.kind);
    r->set("kind_as_written", m.kind_as_written);
    r->set("title", m.title);
    r->set("number", number(m.number));
    r->set("date", m.date.date ? m.date.date->iso() : m.date.raw);
    r->set("date_as_written", m.date.raw);
    r->set("start", m.start);
    r->set("end", m.end);
    r->set("place", m.place);
    r->set("host", m.host);
    r->set("recorder", m.recorder);
    r->set("group", m.group);
    r->set("expected", number(m.expected));
    r->set("present", texts(m.present));
    Array::Ptr absent = new Array;
    for (const auto& a : m.absent) {
        Object::Ptr o = new Object;
        o->set("name", a.name);
        o->set("reason", a.reason);
        absent->add(o);
    }
    r->set("absent", absent);
    r->set("attending", texts(m.attending));
    r->set("agenda", texts(m.agenda));
    r->set("resolutions", texts(m.resolutions));
    r->set("attachments", texts(m.attachments));

    // content: strings or {"speaker", "text"} objects in the data → always {speaker, text} here (the loader
    // has read them so: the record's JSON is not parsed again for every render, see records::Meeting::source).
    Array::Ptr content = new Array;
    for (const auto& part : m.content()) {
        Object::Ptr o = new Object;
        o->set("speaker", part.speaker);
        o->set("text", part.text);
        content->add(o);
    }
    r->set("content", content);

    Array::Ptr votes = new Array;
    for (const auto& v : m.votes) votes->add(vote_data(v));
    r->set("votes", votes);
    return r;
}

Var number(const std::optional<int>& value) { return value ? Var(*value) : Var(); }
Var number(const std::optional<double>& value) { return value ? Var(*value) : Var(); }

Object::Ptr vote_data(const records::Vote& v) {
    Object::Ptr o = new Object;
    o->set("subject", v.subject);
    o->set("method", v.method);
    o->set("expected", number(v.expected));
    o->set("present", number(v.present));
    o->set("yes", number(v.yes));
    o->set("no", number(v.no));
    o->set("abstain", number(v.abstain));
    o->set("written_yes", number(v.written_yes));
    return o;
}

Object::Ptr item_data(const catalog::Item& item) {
    Object::Ptr o = new Object;
    o->set("sequence", item.sequence);
    o->set("code", item.code_text);
    o->set("item_number", item.code.item);
    o->set("number", item.document_number);
    o->set("responsible", item.responsible);
    o->set("title", item.title);
    o->set("date", item.date_compact);
    o->set("secrecy", item.secrecy);
    o->set("pages", item.pages);
    o->set("note", item.note);
    // The parts of the 档号 the 归档章 prints in its own cells (DA/T 22-2015 附录A).
    o->set("fonds", item.code.fonds);
    o->set("year", item.code.year);
    o->set("retention", item.code.retention);
    o->set("retention_name", retention_name(item.code.retention));
    o->set("class", item.code.class_code);
    return o;
}

Object::Ptr book_data(const std::string& title, int year, const std::vector<catalog::Item>& items,
                      const records::Organisation* organisation) {
    Object::Ptr b = new Object;
    const records::ArchiveSettings settings = organisation ? organisation->archive : records::ArchiveSettings{};
    b->set("title", title);
    b->set("year", year);
    b->set("retention", settings.retention);
    b->set("retention_name", retention_name(settings.retention));
    b->set("count", static_cast<int>(items.size()));
    b->set("first_date", items.empty() ? std::string() : items.front().meeting->date.date->iso());
    b->set("last_date", items.empty() ? std::string() : items.back().meeting->date.date->iso());
    b->set("first_code", items.empty() ? std::string() : items.front().code_text);
    b->set("last_code", items.empty() ? std::string() : items.back().code_text);
    int pages = 0;
    for (const auto& item : items) pages += item.pages;
    b->set("pages", pages);
    return b;
}

catalog::Numbering numbering_for(const records::Dataset& data, const std::optional<std::filesystem::path>& archive,
                                 std::ostream& err) {
    std::vector<catalog::IssuedNumber> issued;
    if (archive)
        for (const auto& e : archive::issued_entries(*archive, err))
            issued.push_back({e.record_id, e.year, e.item, e.code, e.date});
    return catalog::number_matters(data, issued);
}

void stamp_archive_code(const Object::Ptr& scope, const catalog::NumberedMatter& matter, std::ostream& err) {
    const char* part = nullptr;
    switch (matter.kind) {
    case catalog::MatterKind::meeting: return;  // item.code
    case catalog::MatterKind::election: part = "election"; break;
    case catalog::MatterKind::development: part = "person"; break;
    case catalog::MatterKind::dues: part = "ledger"; break;
    }
    if (!scope || !scope->has(part) || scope->get(part).type() != typeid(Object::Ptr)) return;
    Object::Ptr object = scope->getObject(part);
    const std::string written = object->has("archive_code") && object->get("archive_code").isString()
                                    ? object->getValue<std::string>("archive_code") : std::string();
    if (!written.empty() && written != matter.code_text)
        err << "dangan: " << core::describe(matter.where) << "：数据中写的档号“" << written << "”与编号规则给出的“"
            << matter.code_text << "”不同；打印后者（一件一号，见 docs/numbering.md）。请删去数据中的 archive_code\n";
    object->set("archive_code", matter.code_text);
    // A dossier is a 件 too: its template gets `item` (件号, 年度, 保管期限 …) for the 归档章.
    if (Object::Ptr writable = scope; !writable->has("item"))
        writable->set("item", item_data(catalog::make_item(matter, nullptr)));
}

}  // namespace dangan::jobs
