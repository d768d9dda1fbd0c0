// The 换届 vote form of the web app: an election's 应选 seats, the 选举大会's counts (应到, 实到, 发出 and 收回
// 选票) and its candidates (name from the 花名册's pick list, 得票, 当选 or not, 职务). It changes the election
// record in place through Branch::save_object — the "seats", "voting" and "candidates" keys as the command
// line reads them (a key written in Chinese, 实到 or 候选人, stays in Chinese; a candidate's other keys, such as
// gender, stay with the name) — atomically, 409 with both versions when the record changed meanwhile, 422 with
// the field named in Chinese when a count is not a whole number. Beside it the findings of the same rules as
// `check` (R32 quorum and ballots, R33 candidate margin and majorities), each marked on the field it names.
#include "server/app.hpp"

#include <Poco/JSON/Array.h>

#include <charconv>
#include <set>
#include <sstream>

namespace dangan::server {

namespace fs = std::filesystem;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace record_forms {  // record_forms.cpp
std::string pointer_of(const core::Location& where);
std::string relative(const std::string& file, const fs::path& root);
const char* severity_word(core::Severity s);
}  // namespace record_forms

namespace vote_form {

/// Rows of candidates the form shows beyond those on file (a new candidate is typed into one).
constexpr size_t kBlankRows = 3;

struct CandidateRow {
    std::string name, votes, elected, role;
};

struct VoteFields {
    std::string seats, expected, present, issued, returned;
    std::vector<CandidateRow> rows;
};

VoteFields vote_fields_of(const Request& request) {
    VoteFields f{request.param("seats"), request.param("expected"), request.param("present"),
                 request.param("ballots_issued"), request.param("ballots_returned"), {}};
    const auto names = request.all("cand_name"), votes = request.all("cand_votes"), elected = request.all("cand_elected"),
               roles = request.all("cand_role");
    for (size_t i = 0; i < names.size(); ++i)
        f.rows.push_back({names[i], i < votes.size() ? votes[i] : "", i < elected.size() ? elected[i] : "",
                          i < roles.size() ? roles[i] : ""});
    return f;
}

std::string trimmed(const std::string& s) {
    const auto a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

/// A count typed into the form: empty (nullopt, the key is removed) or a whole number of 0 or more;
/// otherwise `why` names the field in Chinese.
std::optional<int> count_field(const std::string& typed, const std::string& what, std::string& why) {
    const std::string text = trimmed(typed);
    if (text.empty()) return std::nullopt;
    int n = -1;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), n);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size() || n < 0) {
        if (why.empty()) why = what + "“" + typed + "”不是人数或票数：请填 0 或更大的整数（如 9），不知道就空着。";
        return std::nullopt;
    }
    return n;
}

/// The key under which `object` holds `canonical` as written (English or one of its Chinese names), else
/// `canonical` itself for a new key.
std::string written_key(const Object::Ptr& object, const std::string& canonical, std::initializer_list<const char*> chinese) {
    if (object->has(canonical)) return canonical;
    for (const char* c : chinese)
        if (object->has(c)) return c;
    return canonical;
}

void set_count(Object::Ptr o, const std::string& key, const std::optional<int>& n) {
    if (n) o->set(key, *n);
    else o->remove(key);
}

/// The edit of the election record that the vote form asks for. Candidates are matched to the entries on
/// file by name, so that keys the form does not show stay with the person; a row without a name is dropped.
Branch::ObjectEdit vote_edit(const VoteFields& form) {
    return [form](Object::Ptr election) -> std::string {
        std::string why;
        const auto seats = count_field(form.seats, "应选人数", why);
        const auto expected = count_field(form.expected, "应到人数", why);
        const auto present = count_field(form.present, "实到人数", why);
        const auto issued = count_field(form.issued, "发出选票", why);
        const auto returned = count_field(form.returned, "收回选票", why);
        std::vector<std::optional<int>> votes;
        for (size_t i = 0; i < form.rows.size(); ++i) {
            const auto& row = form.rows[i];
            votes.push_back(count_field(row.votes, "第 " + std::to_string(i + 1) + " 位候选人（" +
                                                       (trimmed(row.name).empty() ? std::string("未填姓名") : trimmed(row.name)) +
                                                       "）的得票",
                                        why));
            if (trimmed(row.name).empty() && (!trimmed(row.votes).empty() || row.elected == "1" || !trimmed(row.role).empty()) &&
                why.empty())
                why = "第 " + std::to_string(i + 1) + " 行候选人没有填姓名：请填上姓名，或把这一行的得票、当选和职务都清空。";
        }
        if (!why.empty()) return why;

        set_count(election, written_key(election, "seats", {"应选人数", "名额"}), seats);

        const std::string voting_key = written_key(election, "voting", {"投票", "选举情况"});
        if (election->has(voting_key) && !election->isObject(voting_key))
            return "这份换届材料的“" + voting_key + "”不是对象：请先在文件中改正。";
        Object::Ptr voting = election->has(voting_key) ? election->getObject(voting_key) : Object::Ptr(new Object(Poco::JSON_PRESERVE_KEY_ORDER));
        set_count(voting, written_key(voting, "expected", {"应到", "应到人数"}), expected);
        set_count(voting, written_key(voting, "present", {"实到", "实到人数"}), present);
        set_count(voting, written_key(voting, "ballots_issued", {"发出选票"}), issued);
        set_count(voting, written_key(voting, "ballots_returned", {"收回选票"}), returned);
        if (voting->size() == 0) election->remove(voting_key);
        else election->set(voting_key, voting);

        const std::string list_key = written_key(election, "candidates", {"候选人"});
        if (election->has(list_key) && !election->isArray(list_key))
            return "这份换届材料的“" + list_key + "”不是列表：请先在文件中改正。";
        const Array::Ptr old = election->has(list_key) ? election->getArray(list_key) : Array::Ptr(new Array);
        std::vector<bool> taken(old->size(), false);
        Array::Ptr candidates = new Array;
        for (size_t i = 0; i < form.rows.size(); ++i) {
            const auto& row = form.rows[i];
            const std::string name = trimmed(row.name);
            if (name.empty()) continue;
            Object::Ptr c;
            for (size_t j = 0; j < old->size() && !c; ++j) {
                const auto o = old->getObject(static_cast<unsigned>(j));
                if (!o || taken[j]) continue;
                const std::string key = written_key(o, "name", {"姓名"});
                if (o->has(key) && o->get(key).toString() == name) c = o, taken[j] = true;
            }
            if (!c) {
                c = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
                c->set("name", name);
            }
            set_count(c, written_key(c, "votes", {"得票", "得票数", "票数"}), votes[i]);
            c->set(written_key(c, "elected", {"当选", "是否当选"}), row.elected == "1");
            const std::string role_key = written_key(c, "role", {"职务", "分工"});
            if (trimmed(row.role).empty()) c->remove(role_key);
            else c->set(role_key, trimmed(row.role));
            candidates->add(c);
        }
        if (candidates->size() == 0) election->remove(list_key);
        else election->set(list_key, candidates);
        return "";
    };
}

/// Which part of the form a finding of the election at `record` concerns, from its field's JSON pointer:
/// "present" (实到, also 应到), "ballots", "candidates" (the list: margin, too many elected), "cand-N" (the
/// N-th candidate on file, 0-based: its votes), or "" (the steps, the record as a whole).
std::string vote_part(const std::string& field, const std::string& record) {
    if (!field.starts_with(record)) return "";
    const std::string rest = field.substr(record.size());
    auto after = [&](std::initializer_list<const char*> keys) -> std::optional<std::string> {
        for (const char* k : keys) {
            const std::string head = std::string("/") + k;
            if (rest == head) return std::string();
            if (rest.starts_with(head + "/")) return rest.substr(head.size());
        }
        return std::nullopt;
    };
    if (const auto v = after({"voting", "投票", "选举情况"})) {
        if (v->starts_with("/ballots") || v->starts_with("/发出") || v->starts_with("/收回")) return "ballots";
        return "present";
    }
    if (const auto c = after({"candidates", "候选人"})) {
        if (c->empty()) return "candidates";
        size_t n = 0;
        const auto r = std::from_chars(c->data() + 1, c->data() + c->size(), n);
        return r.ec == std::errc() ? "cand-" + std::to_string(n) : "candidates";
    }
    return "";
}

Object::Ptr vote_finding(const rules::Finding& f, const std::string& record) {
    Object::Ptr o = new Object;
    o->set("severity", std::string(core::to_string(f.severity)));
    o->set("severity_name", record_forms::severity_word(f.severity));
    o->set("message", f.message);
    o->set("field", vote_part(f.where.field, record));
    return o;
}

std::string count_text(const std::optional<int>& n) { return n ? std::to_string(*n) : ""; }

}  // namespace vote_form

using namespace vote_form;

Response App::vote_form(const Request& request, const Context& ctx, const std::vector<std::string>& messages, int status) {
    const auto loaded = branch_.load();
    const Snapshot& snap = *loaded;
    const std::string file = request.param("file"), record = request.param("record");
    const auto* e = find_election(snap, file, record);
    if (!e || !snap.usable())
        return message(404, "找不到换届材料", "数据文件夹中没有这份换届选举材料（文件“" + file + "”），或数据有错误无法读取。");
    auto s = branch_scope(snap, "换届：候选人和选举结果", "elections", ctx);
    const bool posted = request.method == "POST";
    VoteFields shown;
    if (posted) shown = vote_fields_of(request);
    else {
        shown = {count_text(e->seats), count_text(e->expected), count_text(e->present), count_text(e->ballots_issued),
                 count_text(e->ballots_returned), {}};
        for (const auto& c : e->candidates)
            shown.rows.push_back({c.name, count_text(c.votes), c.elected ? "1" : "", c.role});
    }
    for (size_t i = 0; i < kBlankRows; ++i) shown.rows.push_back({});
    Object::Ptr fields = new Object;
    fields->set("seats", shown.seats);
    fields->set("expected", shown.expected);
    fields->set("present", shown.present);
    fields->set("ballots_issued", shown.issued);
    fields->set("ballots_returned", shown.returned);
    s->set("fields", fields);
    // The parts of the form the stored record's findings name, outlined when the page opens (the script
    // outlines them again as the form is changed).
    std::set<std::string> flagged;
    Array::Ptr found = new Array;
    for (const auto& f : snap.findings)
        if (!f.where.file.empty() && record_forms::relative(f.where.file, branch_.root()) == file &&
            (record.empty() || f.where.field == record || f.where.field.starts_with(record + "/"))) {
            found->add(vote_finding(f, record));
            flagged.insert(vote_part(f.where.field, record));
        }
    s->set("findings", found);
    s->set("flag_present", !posted && flagged.count("present") > 0);
    s->set("flag_ballots", !posted && flagged.count("ballots") > 0);
    s->set("flag_candidates", !posted && flagged.count("candidates") > 0);
    Array::Ptr rows = new Array;
    for (size_t i = 0; i < shown.rows.size(); ++i) {
        Object::Ptr r = new Object;
        r->set("part", "cand-" + std::to_string(i));
        r->set("flagged", !posted && flagged.count("cand-" + std::to_string(i)) > 0);
        r->set("number", i + 1);
        r->set("name", shown.rows[i].name);
        r->set("votes", shown.rows[i].votes);
        r->set("elected", shown.rows[i].elected == "1");
        r->set("role", shown.rows[i].role);
        rows->add(r);
    }
    s->set("candidates", rows);
    Array::Ptr members = new Array;
    if (snap.data.organisation)
        for (const auto& m : snap.data.organisation->members) members->add(m.name);
    s->set("members", members);
    s->set("election", e->json && e->json->has("title") ? e->json->get("title").toString() : e->id);
    s->set("file", file);
    s->set("record", record);
    s->set("version", posted ? request.param("version") : e->json ? Branch::version_of(*e->json) : "");
    s->set("saved", request.param("saved") == "1");
    s->set("messages", [&] { Array::Ptr a = new Array; for (const auto& m : messages) a->add(m); return a; }());
    return page("election_vote.tpl", s, status);
}

Response App::save_vote(const Request& request, const Context& ctx) {
    const auto loaded = branch_.load();
    const std::string file = request.param("file"), record = request.param("record");
    const auto* e = find_election(*loaded, file, record);
    if (!e) return message(409, "找不到换届材料", "数据文件夹中已没有这份换届选举材料（文件“" + file + "”），可能已被删除或移动。");
    const VoteFields form = vote_fields_of(request);
    const auto result = branch_.save_object(file, record, request.param("version"), vote_edit(form));
    if (result.outcome == SaveResult::Outcome::saved) {
        if (ctx.changed) ctx.changed("换届选举 " + file + " 候选人和选举结果");
        return Response::redirect(ctx.base + "/elections/vote?file=" + url_encode(file) + "&record=" + url_encode(record) +
                                  "&saved=1");
    }
    if (result.outcome == SaveResult::Outcome::conflict) {
        Object::Ptr mine = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        mine->set("seats", form.seats);
        Object::Ptr voting = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        voting->set("expected", form.expected);
        voting->set("present", form.present);
        voting->set("ballots_issued", form.issued);
        voting->set("ballots_returned", form.returned);
        mine->set("voting", voting);
        Array::Ptr list = new Array;
        for (const auto& r : form.rows) {
            if (trimmed(r.name).empty()) continue;
            Object::Ptr c = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
            c->set("name", r.name);
            c->set("votes", r.votes);
            c->set("elected", r.elected == "1");
            c->set("role", r.role);
            list->add(c);
        }
        mine->set("candidates", list);
        return conflict_page(with_mine(result, mine), ctx, "elections", ctx.base + "/elections");
    }
    return vote_form(request, ctx, result.messages, 422);
}

Response App::preview_vote(const Request& request, const Context& ctx) {
    (void)ctx;
    const auto loaded = branch_.load();
    const std::string file = request.param("file"), record = request.param("record");
    const auto* e = find_election(*loaded, file, record);
    std::vector<std::string> messages;
    std::vector<rules::Finding> findings;
    if (!e) messages.push_back("找不到这份换届选举材料。");
    else findings = branch_.preview_object(file, record, record, vote_edit(vote_fields_of(request)), messages);
    Array::Ptr found = new Array;
    for (const auto& f : findings) found->add(vote_finding(f, record));
    return preview_json(messages, found);
}

}  // namespace dangan::server
