#include "server/app.hpp"

#include "core/atomic_write.hpp"
#include "jobs/archive_job.hpp"
#include "jobs/audit_job.hpp"
#include "jobs/dossier_job.hpp"
#include "jobs/render_job.hpp"
#include "jobs/resources.hpp"
#include "jobs/workbook_job.hpp"
#include "rules/remind.hpp"
#include "server/meeting_form.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Random.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

namespace dangan::server {

namespace fs = std::filesystem;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

std::string severity_name(core::Severity s) {
    switch (s) {
        case core::Severity::error: return "错误";
        case core::Severity::warning: return "警告";
        case core::Severity::info: return "提示";
    }
    return "";
}

std::string random_token() {
    Poco::Random random;
    random.seed();
    static const char digits[] = "0123456789abcdef";
    std::string token;
    for (int i = 0; i < 32; ++i) token += digits[random.next(16)];
    return token;
}

std::string edit_url(const std::string& base, const RecordRef& ref) {
    return base + "/meetings/edit?file=" + url_encode(ref.file) + "&record=" + url_encode(ref.pointer);
}

/// The last name of a JSON pointer ("/records/3/attendance/expected" → "expected"): the form field to mark.
std::string field_name(const std::string& pointer, const std::string& record_pointer) {
    std::string rest = pointer.substr(std::min(pointer.size(), record_pointer.size()));
    while (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest.back()))) {
        const size_t slash = rest.rfind('/');
        rest = slash == std::string::npos ? "" : rest.substr(0, slash);
    }
    const size_t slash = rest.rfind('/');
    return slash == std::string::npos ? rest : rest.substr(slash + 1);
}

Object::Ptr finding_data(const rules::Finding& f, const std::string& link, const std::string& field) {
    Object::Ptr o = new Object;
    o->set("severity", std::string(core::to_string(f.severity)));
    o->set("severity_name", severity_name(f.severity));
    o->set("rule", f.rule);
    o->set("message", f.message);
    o->set("record", f.where.record);
    o->set("line", f.where.line);
    o->set("field", field);
    o->set("link", link);
    return o;
}

/// Every name the branch knows: members and committee, for pick lists and for telling speeches apart.
std::vector<std::string> roster(const records::Dataset& data) {
    std::vector<std::string> names;
    if (!data.organisation) return names;
    for (const auto& m : data.organisation->members) names.push_back(m.name);
    for (const auto& c : data.organisation->committee.members)
        if (std::find(names.begin(), names.end(), c.name) == names.end()) names.push_back(c.name);
    return names;
}

std::string org_name(const records::Dataset& data) {
    return data.organisation && !data.organisation->name.empty() ? data.organisation->name : "（未填写组织名称）";
}

Array::Ptr diagnostics_data(const std::vector<core::Diagnostic>& diagnostics, const fs::path& root) {
    Array::Ptr list = new Array;
    for (const auto& d : diagnostics) {
        Object::Ptr o = new Object;
        o->set("severity_name", severity_name(d.severity));
        std::string file = d.where.file.empty() ? "" : fs::path(d.where.file).lexically_relative(root).generic_string();
        o->set("where", file + (d.where.line ? "，第" + std::to_string(d.where.line) + "行" : ""));
        o->set("message", d.message);
        list->add(o);
    }
    return list;
}

}  // namespace

App::App(AppOptions options)
    : options_(std::move(options)), branch_(options_.data, options_.profile, options_.as_of), templates_([&] {
          auto path = options_.template_dirs;
          path.push_back(jobs::resource_root() / "templates");
          return path;
      }()) {
    if (options_.form_token.empty()) options_.form_token = random_token();
    // The static files are listed once: a request can only name one of these, never a path.
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(jobs::resource_root() / "templates" / "web" / "static", ec))
        if (entry.is_regular_file(ec) && !entry.is_symlink(ec)) static_files_[entry.path().filename().string()] = entry.path();
}

App::~App() {
    // A running archive or audit is waited for: it writes the archive's index and must not be cut off.
    for (auto& t : job_threads_)
        if (t.joinable()) t.join();
    std::error_code ec;
    for (const auto& [id, job] : jobs_)
        if (!job->dir.empty()) fs::remove_all(job->dir, ec);
    for (const auto& [id, upload] : uploads_) fs::remove_all(upload.dir, ec);
}

Response App::handle(const Request& request, const Context& context) {
    try {
        Response r = route(request, context);
        // A POST that succeeded (saves answer with a redirect) changed the folder: the index follows at once.
        if (request.method == "POST" && r.status == 303) {
            if (options_.reindex_later) options_.reindex_later();
            else reindex();
        }
        return r;
    } catch (const core::InputError& e) {
        return message(400, "无法完成", e.diagnostic().str());
    } catch (const std::exception& e) {
        return message(500, "内部错误", std::string("处理请求时出错：") + e.what() + "。请把这段话告诉维护人员。");
    }
}

Response App::route(const Request& request, const Context& ctx) {
    const std::string& path = request.path;
    if (!host_allowed(request, options_.bound_host))
        return message(403, "拒绝访问", "网页版只接受通过本机地址（127.0.0.1）的访问。");
    if (request.method == "POST") {
        // A form of another web site could post here through the browser: only our own pages know the token.
        // An inspector changes nothing, but may audit any branch (the audit only reads the archive).
        if (ctx.read_only && path != "/audit/run")
            return message(403, "只能查看", "检查人员账户只能查看各支部的记录，不能修改。");
        if (request.param("token") != (ctx.token.empty() ? options_.form_token : ctx.token))
            return message(403, "拒绝操作", "请求缺少本页面的校验码（可能来自其他网站，或页面已过期）。请重新打开页面后再操作。");
        if (path == "/meetings/save") return save_meeting(request, ctx);
        if (path == "/api/preview") return preview(request, ctx);
        if (path == "/workbook/upload") return workbook_upload(request, ctx);
        if (path == "/workbook/apply") return workbook_apply(request, ctx);
        if (path == "/archive/run") return start_job("archive", ctx);
        if (path == "/members/save") return save_member(request, ctx);
        if (path == "/development/save") return save_step(request, ctx);
        if (path == "/development/preview") return preview_step(request, ctx);
        if (path == "/dues/save") return save_dues(request, ctx);
        if (path == "/elections/save") return save_election(request, ctx);
        if (path == "/elections/preview") return preview_election(request, ctx);
        if (path == "/elections/vote/save") return save_vote(request, ctx);
        if (path == "/elections/vote/preview") return preview_vote(request, ctx);
        if (path == "/dues/preview") return preview_dues(request, ctx);
        if (path == "/audit/run") return start_job("audit", ctx);
        return message(404, "找不到页面", "没有这个操作：" + path);
    }
    if (request.method != "GET" && request.method != "HEAD") return message(405, "不支持的请求", "只支持 GET 和 POST。");
    if (path == "/" || path.empty()) return overview(ctx);
    if (path == "/meetings") return meetings(ctx);
    if (path == "/members") return roster_page(ctx);
    if (path == "/development") return development_page(ctx);
    if (path == "/dues") return dues_page(ctx);
    if (path == "/matters") return matters_page(request, ctx);
    if (path == "/development/step") return step_form(request, ctx);
    if (path == "/dues/cell") return dues_form(request, ctx);
    if (path == "/elections") return elections_page(ctx);
    if (path == "/elections/step") return election_form(request, ctx);
    if (path == "/elections/vote") return vote_form(request, ctx);
    if (path == "/meetings/new" || path == "/meetings/edit") return meeting_form(request, ctx);
    if (path == "/render") return render_ledger(request, ctx);
    if (path == "/workbook") return workbook_page(request, ctx);
    if (path == "/workbook/download") return workbook_download(ctx);
    if (path == "/archive") return archive_page(ctx);
    if (path == "/members/new" || path == "/members/edit") return member_form(request, ctx);
    if (path == "/jobs/view") return job_page(request, ctx);
    if (path == "/jobs/status") return job_status(request);
    if (path == "/jobs/pdf") return job_pdf(request);
    if (path.starts_with("/static/")) return static_file(path.substr(8));
    return message(404, "找不到页面", "没有这个页面：" + path);
}

Object::Ptr App::scope(const std::string& title, const std::string& nav, const Context& ctx) {
    Object::Ptr s = new Object;
    s->set("title", title);
    s->set("nav", nav);
    s->set("base", ctx.base);
    s->set("read_only", ctx.read_only);
    s->set("user", ctx.user);
    s->set("token", ctx.token.empty() ? options_.form_token : ctx.token);
    s->set("today", branch_.today().iso());
    return s;
}

Response App::page(const std::string& tpl, const Object::Ptr& scope, int status) {
    return Response::html(templates_.render_file("web/" + tpl, scope), status);
}

Response App::message(int status, const std::string& title, const std::string& text) {
    auto s = scope(title, "", Context{});
    s->set("message", text);
    try {
        return page("message.tpl", s, status);
    } catch (const std::exception&) {
        return Response::text(status, title + "：" + text);  // the page template itself is broken
    }
}

std::string App::index_fingerprint() const {
    std::string print = branch_.fingerprint();
    if (options_.archive) {
        // The archive's index holds the 档号 issued: archiving changes the matters' numbers.
        std::error_code e1, e2;
        const auto file = *options_.archive / "index.sqlite";
        const auto size = fs::file_size(file, e1);
        const auto time = fs::last_write_time(file, e2);
        print += "+" + std::to_string(e1 ? 0 : size) + ":" +
                 std::to_string(e2 ? 0 : static_cast<std::int64_t>(time.time_since_epoch().count()));
    }
    return print;
}

bool App::reindex(bool force) {
    if (!options_.index) return false;
    std::lock_guard lock(index_mutex_);
    const std::string print = index_fingerprint();
    if (!force && options_.index->fingerprint(options_.index_id) == print) return false;
    // The fingerprint is taken before the folder is read: a file changed in between makes the row look
    // stale (read again next time), never fresh.
    const auto snap = branch_.load();
    options_.index->update(options_.index_id, options_.index_name.empty() ? org_name(snap->data) : options_.index_name,
                           print, *snap, options_.archive);
    return true;
}

Response App::matters_page(const Request& request, const Context& ctx) {
    const auto loaded = branch_.load();
    auto s = branch_scope(*loaded, "档号", "matters", ctx);
    Array::Ptr rows = new Array;
    s->set("indexed", options_.index != nullptr);
    s->set("q", request.param("q"));
    if (options_.index) {
        reindex();
        for (const auto& m : options_.index->matters(options_.index_id, request.param("q"))) {
            Object::Ptr o = new Object;
            o->set("code", m.code);
            o->set("kind", m.kind);
            o->set("date", m.date);
            o->set("title", m.title);
            o->set("issued", m.issued);
            rows->add(o);
        }
    }
    s->set("matters", rows);
    return page("matters.tpl", s);
}

Response App::overview(const Context& ctx) {
    const auto loaded = branch_.load();
    const Snapshot& snap = *loaded;
    auto s = branch_scope(snap, "概览", "overview", ctx);
    // The score and the matters numbered, from the shared index (the same row the 工委's dashboard shows).
    if (options_.index) {
        reindex();
        if (const auto row = options_.index->branch(options_.index_id)) {
            Object::Ptr o = new Object;
            o->set("score", row->score);
            o->set("grade", row->grade);
            o->set("matters", row->matters);
            o->set("coded", row->coded);
            o->set("last_job", row->last_job);
            s->set("indexed", o);
        }
    }
    Array::Ptr reminders = new Array;
    Array::Ptr findings = new Array;
    int errors = 0, warnings = 0;
    if (snap.usable()) {
        // The same list as `dangan remind` on this day, from the records already loaded.
        for (const auto& r : snap.reminders) {
            Object::Ptr o = new Object;
            o->set("category", r.category);
            o->set("subject", r.subject);
            o->set("message", r.message);
            o->set("due", r.due ? r.due->iso() : "");
            o->set("overdue", r.status == rules::ReminderStatus::overdue);
            o->set("since", r.status == rules::ReminderStatus::open);  // a past day from which a step may be taken
            reminders->add(o);
        }
        std::vector<std::pair<RecordRef, const records::Meeting*>> refs;
        for (const auto& m : snap.data.meetings) refs.emplace_back(Branch::ref_of(m, branch_.root()), &m);
        for (const auto& f : snap.findings) {
            (f.severity == core::Severity::error ? errors : f.severity == core::Severity::warning ? warnings : errors) +=
                f.severity == core::Severity::info ? 0 : 1;
            std::string link, field;
            const std::string file = f.where.file.empty() ? "" : fs::path(f.where.file).lexically_relative(branch_.root()).generic_string();
            for (const auto& [ref, m] : refs)
                if (ref.file == file && (ref.pointer.empty() || f.where.field == ref.pointer ||
                                         f.where.field.starts_with(ref.pointer + "/"))) {
                    link = edit_url(ctx.base, ref);
                    field = field_name(f.where.field, ref.pointer);
                    break;
                }
            findings->add(finding_data(f, link, field));
        }
    }
    s->set("reminders", reminders);
    s->set("findings", findings);
    s->set("errors", errors);
    s->set("warnings", warnings);
    return page("overview.tpl", s);
}

Response App::meetings(const Context& ctx) {
    const auto loaded = branch_.load();
    const Snapshot& snap = *loaded;
    auto s = branch_scope(snap, "会议记录", "meetings", ctx);
    std::map<std::string, int> counts;  // findings per record link
    for (const auto& f : snap.findings)
        if (f.severity != core::Severity::info) counts[f.where.file + "\n" + f.where.field]++;
    std::vector<const records::Meeting*> sorted;
    for (const auto& m : snap.data.meetings) sorted.push_back(&m);
    std::stable_sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) {
        const std::string da = a->date.full() ? a->date.date->iso() : "9999", db = b->date.full() ? b->date.date->iso() : "9999";
        return da != db ? da < db : a->start < b->start;
    });
    Array::Ptr rows = new Array;
    std::set<int> years;
    for (const auto* m : sorted) {
        const auto ref = Branch::ref_of(*m, branch_.root());
        int problems = 0;
        for (const auto& [key, n] : counts) {
            const auto nl = key.find('\n');
            const std::string file = key.substr(0, nl), field = key.substr(nl + 1);
            if (file == m->where.file && (ref.pointer.empty() || field == ref.pointer || field.starts_with(ref.pointer + "/")))
                problems += n;
        }
        Object::Ptr o = new Object;
        o->set("date", m->date.raw.empty() ? "（未填日期）" : m->date.raw);
        o->set("kind", m->kind.empty() ? m->kind_as_written : m->kind);
        o->set("number", m->number ? "第" + std::to_string(*m->number) + "次" : "");
        o->set("title", m->title);
        o->set("file", ref.file);
        o->set("problems", problems);
        o->set("link", edit_url(ctx.base, ref));
        rows->add(o);
        if (m->date.full()) years.insert(m->date.date->year);
    }
    Array::Ptr year_list = new Array;
    for (int y : years) year_list->add(y);
    s->set("meetings", rows);
    s->set("years", year_list);
    return page("meetings.tpl", s);
}

Object::Ptr App::branch_scope(const Snapshot& snap, const std::string& title, const std::string& nav,
                              const Context& ctx) {
    auto s = scope(title, nav, ctx);
    s->set("org", org_name(snap.data));
    s->set("problems", diagnostics_data(snap.diagnostics, branch_.root()));
    return s;
}

Object::Ptr App::form_scope(const Context& ctx, const Snapshot& snap, const std::string& title, const Object::Ptr& fields,
                            const std::optional<RecordRef>& ref, const std::string& version) {
    auto s = scope(title, "meetings", ctx);
    s->set("org", org_name(snap.data));
    s->set("fields", fields);
    s->set("file", ref ? ref->file : "");
    s->set("record", ref ? ref->pointer : "");
    s->set("version", version);
    s->set("saved", false);
    s->set("findings", Array::Ptr(new Array));
    s->set("messages", Array::Ptr(new Array));
    Array::Ptr kinds = new Array;
    for (const auto& k : snap.book->base().meeting_kinds) kinds->add(k.name);
    s->set("kinds", kinds);
    // The roster as check boxes; names present that the roster does not know stay in the free box, so
    // nothing typed or stored is lost on save.
    std::set<std::string> present;
    for (const auto& v : *fields->getArray("present")) present.insert(v.toString());
    Array::Ptr people = new Array;
    for (const auto& name : roster(snap.data)) {
        Object::Ptr p = new Object;
        p->set("name", name);
        p->set("checked", present.erase(name) > 0);
        people->add(p);
    }
    s->set("people", people);
    std::string more = fields->getValue<std::string>("present_more");
    for (const auto& name : present) more += (more.empty() ? "" : "、") + name;
    Object::Ptr(fields)->set("present_more", more);
    return s;
}

Response App::roster_page(const Context& ctx) {
    const auto loaded = branch_.load();
    const Snapshot& snap = *loaded;
    auto s = branch_scope(snap, "花名册", "members", ctx);
    Array::Ptr members = new Array;
    std::map<std::string, std::string> roles;
    if (snap.data.organisation)
        for (const auto& c : snap.data.organisation->committee.members) roles[c.name] = c.role;
    if (snap.data.organisation)
        for (const auto& m : snap.data.organisation->members) {
            Object::Ptr o = new Object;
            o->set("name", m.name);
            o->set("gender", m.gender);
            o->set("status", m.status.empty() ? "正式" : m.status);
            o->set("joined", m.joined.raw);
            o->set("full_member", m.full_member.raw);
            o->set("group", m.group);
            o->set("role", roles.count(m.name) ? roles[m.name] : "");
            o->set("link", ctx.base + "/members/edit?index=" + std::to_string(members->size()));
            members->add(o);
        }
    s->set("members", members);
    return page("members.tpl", s);
}

Response App::development_page(const Context& ctx) {
    const auto loaded = branch_.load();
    const Snapshot& snap = *loaded;
    auto s = branch_scope(snap, "发展党员", "development", ctx);
    // The same data the 发展党员纪实簿 prints: every step with its state, earliest date and deadline.
    Array::Ptr people = new Array;
    if (snap.usable())
        for (const auto& d : snap.data.developments) {
            auto person = jobs::development_data(d, *snap.book, branch_.today());
            // Each step opens its form (date, who, what, document number).
            const std::string file = fs::path(d.where.file).lexically_relative(branch_.root()).generic_string();
            const std::string record = d.where.field == "/" ? "" : d.where.field;
            if (auto steps = person->getArray("steps"))
                for (size_t i = 0; i < steps->size(); ++i)
                    steps->getObject(static_cast<unsigned>(i))->set("link", ctx.base + "/development/step?file=" + url_encode(file) +
                                                                            "&record=" + url_encode(record) + "&step=" +
                                                                            std::to_string(i + 1));
            people->add(person);
        }
    s->set("people", people);
    return page("development.tpl", s);
}

Response App::dues_page(const Context& ctx) {
    const auto loaded = branch_.load();
    const Snapshot& snap = *loaded;
    auto s = branch_scope(snap, "党费", "dues", ctx);
    // The same grid as the 党费收缴台账: members × months.
    Array::Ptr ledgers = new Array;
    if (snap.usable())
        for (const auto& l : snap.data.dues)
        {
            auto ledger = jobs::dues_data(l, snap.data, *snap.book, branch_.today())->getObject("ledger");
            // Each cell opens its form (amount, date paid, note).
            const std::string file = fs::path(l.where.file).lexically_relative(branch_.root()).generic_string();
            const std::string record = l.where.field == "/" ? "" : l.where.field;
            if (auto rows = ledger->getArray("rows"))
                for (size_t r = 0; r < rows->size(); ++r) {
                    auto row = rows->getObject(static_cast<unsigned>(r));
                    auto months = row->getArray("months");
                    for (size_t m = 0; months && m < months->size(); ++m)
                        months->getObject(static_cast<unsigned>(m))->set("link", ctx.base + "/dues/cell?file=" + url_encode(file) +
                            "&record=" + url_encode(record) + "&member=" + url_encode(row->getValue<std::string>("name")) +
                            "&month=" + std::to_string(m + 1));
                }
            ledgers->add(ledger);
        }
    s->set("ledgers", ledgers);
    return page("dues.tpl", s);
}

Response App::meeting_form(const Request& request, const Context& ctx) {
    const auto loaded = branch_.load();
    const Snapshot& snap = *loaded;
    Object::Ptr record;
    std::optional<RecordRef> ref;
    if (request.path == "/meetings/edit") {
        ref = RecordRef{request.param("file"), request.param("record")};
        const records::Meeting* m = branch_.find(snap, *ref);
        if (!m) return message(404, "找不到记录", "数据文件夹中没有这条会议记录（文件“" + ref->file + "”，位置“" + ref->pointer + "”）。它可能已被删除或移动。");
        record = m->json();
    }
    auto s = form_scope(ctx, snap, ref ? "修改会议记录" : "新增会议记录", form_fields(record), ref,
                        record ? Branch::version_of(*record) : "");
    s->set("saved", request.param("saved") == "1");
    Array::Ptr findings = new Array;
    if (ref)
        for (const auto& f : snap.findings)
            if (fs::path(f.where.file).lexically_relative(branch_.root()).generic_string() == ref->file &&
                (ref->pointer.empty() || f.where.field == ref->pointer || f.where.field.starts_with(ref->pointer + "/")))
                findings->add(finding_data(f, "", field_name(f.where.field, ref->pointer)));
    s->set("findings", findings);
    return page("meeting.tpl", s);
}

Response App::save_meeting(const Request& request, const Context& ctx) {
    const auto loaded = branch_.load();
    const Snapshot& snap = *loaded;
    std::optional<RecordRef> ref;
    Object::Ptr base;
    if (!request.param("file").empty()) {
        ref = RecordRef{request.param("file"), request.param("record")};
        if (const auto* m = branch_.find(snap, *ref)) base = m->json();
    }
    std::vector<std::string> messages;
    auto record = record_from_form(request, base, roster(snap.data), messages);
    SaveResult result;
    if (messages.empty()) result = branch_.save_meeting(record, ref, request.param("version"));
    else result.outcome = SaveResult::Outcome::invalid;
    for (const auto& m : result.messages) messages.push_back(m);

    if (result.outcome == SaveResult::Outcome::saved) {
        if (ctx.changed) ctx.changed("会议记录 " + result.where.file + " " + result.where.pointer);
        return Response::redirect(edit_url(ctx.base, result.where) + "&saved=1");
    }

    auto s = scope(result.outcome == SaveResult::Outcome::conflict ? "保存冲突" : "无法保存", "meetings", ctx);
    s->set("org", org_name(snap.data));
    Array::Ptr list = new Array;
    for (const auto& m : messages) list->add(m);
    s->set("messages", list);
    if (result.outcome == SaveResult::Outcome::conflict) {
        std::ostringstream mine, theirs;
        record->stringify(mine, 2);
        if (result.theirs) result.theirs->stringify(theirs, 2);
        s->set("mine", mine.str());
        s->set("theirs", theirs.str());
        s->set("link", ref ? edit_url(ctx.base, *ref) : ctx.base + "/meetings");
        return page("conflict.tpl", s, 409);
    }
    // Invalid: the form again, with what was typed and why it was not saved.
    auto form = form_scope(ctx, snap, s->getValue<std::string>("title"), form_fields(record), ref, request.param("version"));
    form->set("messages", list);
    s = form;
    return page("meeting.tpl", s, 422);
}

Response App::preview(const Request& request, [[maybe_unused]] const Context& ctx) {
    const auto loaded = branch_.load();
    const Snapshot& snap = *loaded;
    std::optional<RecordRef> ref;
    Object::Ptr base;
    if (!request.param("file").empty()) {
        ref = RecordRef{request.param("file"), request.param("record")};
        if (const auto* m = branch_.find(snap, *ref)) base = m->json();
    }
    std::vector<std::string> messages;
    auto record = record_from_form(request, base, roster(snap.data), messages);
    std::vector<rules::Finding> findings;
    std::string pointer = ref ? ref->pointer : "";
    if (messages.empty()) findings = branch_.preview(record, ref, messages);
    Object::Ptr out = new Object;
    Array::Ptr list = new Array;
    for (const auto& m : messages) list->add(m);
    out->set("messages", list);
    Array::Ptr found = new Array;
    for (const auto& f : findings) {
        // A new record's pointer is only known to preview: take the record part of the finding's own pointer.
        std::string record_pointer = pointer;
        if (!ref && f.where.field.starts_with("/records/")) {
            const size_t end = f.where.field.find('/', 9);
            record_pointer = f.where.field.substr(0, end);
        }
        found->add(finding_data(f, "", field_name(f.where.field, record_pointer)));
    }
    out->set("findings", found);
    std::ostringstream body;
    out->stringify(body);
    return Response::json(body.str());
}

Response App::render_ledger(const Request& request, [[maybe_unused]] const Context& ctx) {
    jobs::RenderRequest render;
    render.inputs = {branch_.root()};
    render.profile = branch_.profile();
    render.as_of = branch_.today();
    render.deterministic = options_.deterministic;
    render.template_dirs = options_.template_dirs;
    const std::string year = request.param("year");
    if (year.size() != 4 || !std::all_of(year.begin(), year.end(), ::isdigit))
        return message(400, "请选择年度", "生成会议记录本须指定年度，例如 2025。");
    render.year = std::stoi(year);
    if (!request.param("kind").empty()) render.kind = request.param("kind");
    // The book is written to a private temporary folder and sent: nothing is left in the data folder.
    char pattern[] = "/tmp/dangan-web-XXXXXX";
    const char* made = ::mkdtemp(pattern);
    if (!made) return message(500, "无法生成", "无法创建临时文件夹。");
    const fs::path dir(made);
    render.out = dir / "book.pdf";
    std::ostringstream out, err;
    jobs::ExitCode code;
    try {
        code = jobs::run_render(render, out, err);
    } catch (...) {
        fs::remove_all(dir);
        throw;
    }
    std::error_code ec;
    if (!fs::exists(*render.out, ec)) {
        fs::remove_all(dir, ec);
        return message(code == jobs::ExitCode::findings ? 422 : 400, "未能生成会议记录本",
                       "请先改正下列问题（日期缺失或不完整的记录不能编号印制）：\n" + err.str());
    }
    std::ifstream in(*render.out, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    fs::remove_all(dir, ec);
    Response r;
    r.content_type = "application/pdf";
    r.body = std::move(bytes);
    const std::string name = year + "-" + (render.kind ? *render.kind : std::string("全部会议")) + "-会议记录本.pdf";
    r.headers["Content-Disposition"] = "inline; filename=\"ledger-" + year + ".pdf\"; filename*=UTF-8''" + url_encode(name);
    return r;
}

namespace {

/// A private temporary folder (mode 0700), or an empty path.
fs::path private_temp_dir() {
    char pattern[] = "/tmp/dangan-web-XXXXXX";
    const char* made = ::mkdtemp(pattern);
    return made ? fs::path(made) : fs::path();
}

std::string file_bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Array::Ptr text_list(const std::vector<std::string>& texts) {
    Array::Ptr list = new Array;
    for (const auto& t : texts) list->add(t);
    return list;
}

}  // namespace

Response App::workbook_page(const Request& request, const Context& ctx) {
    const auto loaded = branch_.load();
    auto s = branch_scope(*loaded, "台账工作簿", "workbook", ctx);
    const std::string done = request.param("imported");
    s->set("stage", done.empty() ? "start" : "done");
    s->set("target", done);
    return page("workbook.tpl", s);
}

Response App::workbook_download(const Context& ctx) {
    (void)ctx;
    // `dangan export DATA --out 台账.xlsx`, written into a private temporary folder, sent and deleted.
    const fs::path dir = private_temp_dir();
    if (dir.empty()) return message(500, "无法导出", "无法创建临时文件夹。");
    jobs::WorkbookRequest request;
    request.inputs = {branch_.root()};
    request.out = dir / "台账.xlsx";
    request.profile = branch_.profile();
    std::ostringstream out, err;
    std::error_code ec;
    try {
        jobs::run_workbook(request, out, err);
    } catch (...) {
        fs::remove_all(dir, ec);
        throw;
    }
    if (!fs::exists(request.out, ec)) {
        fs::remove_all(dir, ec);
        return message(422, "未能导出工作簿", "请先改正数据文件夹中的下列问题：\n" + err.str());
    }
    Response r;
    r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    r.body = file_bytes(request.out);
    fs::remove_all(dir, ec);
    r.headers["Content-Disposition"] = "attachment; filename=\"taizhang.xlsx\"; filename*=UTF-8''" + url_encode("台账.xlsx");
    return r;
}

Response App::workbook_upload(const Request& request, const Context& ctx) {
    const auto loaded = branch_.load();
    auto it = request.files.find("workbook");
    if (it == request.files.end() || it->second.bytes.empty())
        return message(400, "没有收到文件", "请选择一个 .xlsx 工作簿再上传。");
    // Only the name's last part counts (some browsers send a whole path); it becomes the file's name in
    // the data folder after confirmation, so it must be a plain .xlsx name.
    std::string target = it->second.filename;
    if (const auto slash = target.find_last_of("/\\"); slash != std::string::npos) target = target.substr(slash + 1);
    auto s = branch_scope(*loaded, "导入工作簿", "workbook", ctx);
    s->set("target", target);
    if (!Branch::valid_workbook_name(target)) {
        s->set("stage", "problems");
        s->set("errors", text_list({"“" + target + "”不是 .xlsx 工作簿：请在 Excel 或 WPS 中“另存为”Excel 工作簿（.xlsx）后再上传。"}));
        s->set("duplicates", Array::Ptr(new Array));
        return page("workbook.tpl", s, 422);
    }
    PendingUpload upload;
    upload.dir = private_temp_dir();
    if (upload.dir.empty()) return message(500, "无法上传", "无法创建临时文件夹。");
    upload.file = upload.dir / target;
    upload.target = target;
    core::write_file_atomically(upload.file, it->second.bytes);
    const auto check = branch_.check_workbook(upload.file, target);
    s->set("errors", text_list(check.errors));
    s->set("duplicates", text_list(check.duplicates));
    s->set("warnings", text_list(check.warnings));
    if (!check.errors.empty() || !check.duplicates.empty()) {
        std::error_code ec;
        fs::remove_all(upload.dir, ec);
        s->set("stage", "problems");
        return page("workbook.tpl", s, 422);
    }
    const std::string id = random_token();
    {
        std::lock_guard lock(uploads_mutex_);
        uploads_[id] = upload;
        upload_order_.push_back(id);
        while (upload_order_.size() > kMaxUploads) {
            std::error_code ec;
            fs::remove_all(uploads_[upload_order_.front()].dir, ec);
            uploads_.erase(upload_order_.front());
            upload_order_.erase(upload_order_.begin());
        }
    }
    s->set("stage", "confirm");
    s->set("upload", id);
    s->set("replaces", check.replaces);
    s->set("meetings", check.meetings);
    s->set("elections", check.elections);
    s->set("developments", check.developments);
    s->set("dues", check.dues);
    s->set("members", check.members);
    return page("workbook.tpl", s);
}

Response App::workbook_apply(const Request& request, const Context& ctx) {
    PendingUpload upload;
    {
        std::lock_guard lock(uploads_mutex_);
        auto it = uploads_.find(request.param("upload"));
        if (it == uploads_.end())
            return message(410, "上传已失效", "找不到这次上传（已导入、已过期，或服务已重启）。请重新上传工作簿。");
        upload = it->second;
        uploads_.erase(it);
        upload_order_.erase(std::remove(upload_order_.begin(), upload_order_.end(), request.param("upload")), upload_order_.end());
    }
    std::error_code ec;
    Branch::WorkbookCheck check;
    try {
        check = branch_.import_workbook(upload.file, upload.target);
    } catch (...) {
        fs::remove_all(upload.dir, ec);
        throw;
    }
    fs::remove_all(upload.dir, ec);
    if (!check.errors.empty() || !check.duplicates.empty()) {
        // The folder changed between the confirmation and now: the same problems page, nothing written.
        const auto loaded = branch_.load();
        auto s = branch_scope(*loaded, "导入工作簿", "workbook", ctx);
        s->set("stage", "problems");
        s->set("target", upload.target);
        s->set("errors", text_list(check.errors));
        s->set("duplicates", text_list(check.duplicates));
        return page("workbook.tpl", s, 409);
    }
    if (ctx.changed) ctx.changed(std::string("工作簿 ") + (check.replaces ? "替换 " : "新增 ") + upload.target);
    return Response::redirect(ctx.base + "/workbook?imported=" + url_encode(upload.target));
}

namespace {

std::string job_name(const std::string& kind) { return kind == "archive" ? "归档" : "审计"; }

std::string exit_meaning(const std::string& kind, int code) {
    if (code == 0) return kind == "archive" ? "全部记录已归档。" : "未发现错误。";
    if (code == 1) return kind == "archive" ? "有记录未能归档（日期缺失或不完整），见下面的说明。" : "发现问题，见下面的反馈单。";
    return "无法完成，见下面的说明。";
}

}  // namespace

namespace {

/// The 花名册 form's fields: the member's keys the form shows, as text.
const std::vector<std::string>& member_keys() {
    static const std::vector<std::string> keys{"name", "gender", "birth_date", "status", "joined", "full_member", "group", "position"};
    return keys;
}

}  // namespace

Response App::member_form(const Request& request, const Context& ctx) {
    const auto loaded = branch_.load();
    const Snapshot& snap = *loaded;
    Object::Ptr fields = new Object;
    for (const auto& key : member_keys()) fields->set(key, "");
    fields->set("status", "正式");
    std::string index, version;
    if (request.path == "/members/edit") {
        index = request.param("index");
        const auto& org = snap.data.organisation;
        size_t i = 0;
        try {
            i = std::stoul(index);
        } catch (const std::exception&) {
            return message(404, "找不到党员", "花名册中没有这个位置：" + index);
        }
        // The member as stored (the organisation record's own JSON keeps every key).
        Object::Ptr json;
        if (org && org->json && org->json->isArray("members") && i < org->json->getArray("members")->size() &&
            org->json->getArray("members")->isObject(static_cast<unsigned>(i)))
            json = org->json->getArray("members")->getObject(static_cast<unsigned>(i));
        if (!json) return message(404, "找不到党员", "花名册中没有这个位置：" + index + "（可能已被删除）。");
        for (const auto& key : member_keys())
            if (json->has(key)) fields->set(key, json->get(key).toString());
        version = Branch::version_of(*json);
    }
    auto s = branch_scope(snap, index.empty() ? "新增党员" : "修改党员信息", "members", ctx);
    s->set("fields", fields);
    s->set("index", index);
    s->set("version", version);
    s->set("saved", request.param("saved") == "1");
    s->set("file", snap.data.organisation ? fs::path(snap.data.organisation->where.file).lexically_relative(branch_.root()).generic_string() : "");
    s->set("messages", Array::Ptr(new Array));
    Array::Ptr groups = new Array;
    std::set<std::string> seen;
    if (snap.data.organisation)
        for (const auto& m : snap.data.organisation->members)
            if (!m.group.empty() && seen.insert(m.group).second) groups->add(m.group);
    s->set("groups", groups);
    return page("member.tpl", s);
}

Response App::save_member(const Request& request, const Context& ctx) {
    Object::Ptr fields = new Object;
    for (const auto& key : member_keys()) fields->set(key, request.param(key));
    std::optional<size_t> index;
    if (!request.param("index").empty()) {
        try {
            index = std::stoul(request.param("index"));
        } catch (const std::exception&) {
            return message(400, "无法保存", "表单中的位置无效。");
        }
    }
    const auto result = branch_.save_member(fields, index, request.param("version"));
    if (result.outcome == SaveResult::Outcome::saved) {
        if (ctx.changed) ctx.changed("花名册 " + result.where.file + " " + result.where.pointer + " " + request.param("name"));
        return Response::redirect(ctx.base + "/members/edit?index=" + result.where.pointer.substr(9) + "&saved=1");
    }
    const auto loaded = branch_.load();
    Array::Ptr list = new Array;
    for (const auto& m : result.messages) list->add(m);
    if (result.outcome == SaveResult::Outcome::conflict) {
        auto s = branch_scope(*loaded, "保存冲突", "members", ctx);
        s->set("messages", list);
        std::ostringstream mine, theirs;
        fields->stringify(mine, 2);
        if (result.theirs) result.theirs->stringify(theirs, 2);
        s->set("mine", mine.str());
        s->set("theirs", theirs.str());
        s->set("link", ctx.base + "/members");
        return page("conflict.tpl", s, 409);
    }
    auto s = branch_scope(*loaded, index ? "修改党员信息" : "新增党员", "members", ctx);
    s->set("fields", fields);
    s->set("index", request.param("index"));
    s->set("version", request.param("version"));
    s->set("saved", false);
    s->set("file", "");
    s->set("messages", list);
    s->set("groups", Array::Ptr(new Array));
    return page("member.tpl", s, 422);
}

Response App::archive_page(const Context& ctx) {
    const auto loaded = branch_.load();
    auto s = branch_scope(*loaded, "归档与审计", "archive", ctx);
    s->set("configured", options_.archive.has_value());
    s->set("archive", options_.archive ? options_.archive->filename().string() : "");
    Array::Ptr list = new Array;
    {
        std::lock_guard lock(jobs_mutex_);
        for (auto it = job_order_.rbegin(); it != job_order_.rend(); ++it) {
            const auto& job = *jobs_.at(*it);
            Object::Ptr o = new Object;
            o->set("link", ctx.base + "/jobs/view?id=" + job.id);
            o->set("name", job_name(job.kind));
            o->set("who", job.who);
            o->set("state", job.done ? exit_meaning(job.kind, job.code) : std::string("进行中"));
            list->add(o);
        }
    }
    s->set("jobs", list);
    return page("archive.tpl", s);
}

Response App::start_job(const std::string& kind, const Context& ctx) {
    if (!options_.archive)
        return message(400, "没有档案文件夹", "启动网页版时未指定档案文件夹：请用 dangan serve 数据文件夹 --archive 档案文件夹"
                                              "（多支部服务器：在 server.json 该支部下写 \"archive\"）。");
    auto job = std::make_shared<Job>();
    job->id = random_token();
    job->kind = kind;
    job->who = ctx.user;
    job->started = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(jobs_mutex_);
        // One run at a time per branch: two archive runs would wait on the archive's lock anyway.
        for (const auto& [id, other] : jobs_)
            if (!other->done)
                return message(409, "已有任务在进行", "本支部的" + job_name(other->kind) + "任务尚未完成，请等它结束后再启动。");
        while (job_order_.size() >= kMaxJobs) {
            std::error_code ec;
            if (!jobs_.at(job_order_.front())->dir.empty()) fs::remove_all(jobs_.at(job_order_.front())->dir, ec);
            jobs_.erase(job_order_.front());
            job_order_.erase(job_order_.begin());
        }
        jobs_[job->id] = job;
        job_order_.push_back(job->id);
        job_threads_.emplace_back([this, job] {
            std::ostringstream out, err;
            int code = 2;
            fs::path dir, pdf;
            try {
                if (job->kind == "archive") {
                    jobs::ArchiveRequest request;
                    request.inputs = {branch_.root()};
                    request.to = *options_.archive;
                    request.profile = branch_.profile();
                    request.as_of = branch_.today();
                    request.template_dirs = options_.template_dirs;
                    request.deterministic = options_.deterministic;
                    request.progress = [this, job](const std::string& phase, size_t done, size_t total) {
                        std::lock_guard progress_lock(jobs_mutex_);
                        job->phase = phase;
                        job->done_items = done;
                        job->total_items = total;
                    };
                    code = static_cast<int>(jobs::run_archive(request, out, err));
                } else {
                    dir = private_temp_dir();
                    jobs::AuditRequest request;
                    request.root = *options_.archive;
                    request.profile = branch_.profile();
                    request.as_of = branch_.today();
                    request.template_dirs = options_.template_dirs;
                    request.deterministic = options_.deterministic;
                    if (!dir.empty()) request.pdf = dir / "反馈单.pdf";
                    request.progress = [this, job](const std::string& phase, size_t done, size_t total) {
                        if (phase.empty()) return;  // the terminal line's wipe, not a step
                        std::lock_guard progress_lock(jobs_mutex_);
                        job->phase = phase;
                        job->done_items = done;
                        job->total_items = total;
                    };
                    code = static_cast<int>(jobs::run_audit(request, out, err));
                    if (!dir.empty() && fs::exists(dir / "反馈单.pdf")) pdf = dir / "反馈单.pdf";
                }
            } catch (const core::InputError& e) {
                err << e.diagnostic().str() << "\n";
            } catch (const std::exception& e) {
                err << "内部错误：" << e.what() << "\n";
            }
            // The index follows before the job is done: an archive run issues 档号; both are noted on the dashboard.
            try {
                reindex();
                if (options_.index)
                    options_.index->note_job(options_.index_id, job_name(job->kind) + "：" + exit_meaning(job->kind, code) +
                                                                    (job->who.empty() ? "" : "（" + job->who + "）"));
            } catch (const std::exception& e) {
                std::cerr << "dangan: 索引未能更新：" << e.what() << "\n";
            }
            {
            std::lock_guard done_lock(jobs_mutex_);
            job->output = out.str() + (err.str().empty() ? "" : (out.str().empty() ? "" : "\n") + err.str());
            if (!dir.empty())  // the private folder the 反馈单 waits in is nobody's business
                for (size_t at, n = (dir / "").string().size(); (at = job->output.find((dir / "").string())) != std::string::npos;)
                    job->output.erase(at, n);
            job->code = code;
            job->dir = dir;
            job->pdf = pdf;
            job->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - job->started).count();
            job->done = true;
            }
        });
    }
    if (kind == "archive" && ctx.changed) ctx.changed("归档 到 " + options_.archive->filename().string());
    return Response::redirect(ctx.base + "/jobs/view?id=" + job->id);
}

Response App::job_page(const Request& request, const Context& ctx) {
    std::shared_ptr<Job> job;
    {
        std::lock_guard lock(jobs_mutex_);
        auto it = jobs_.find(request.param("id"));
        if (it == jobs_.end()) return message(404, "找不到任务", "没有这个任务（服务重启后，以前的任务不再保留）。");
        job = it->second;
    }
    const auto loaded = branch_.load();
    auto s = branch_scope(*loaded, job_name(job->kind), "archive", ctx);
    std::lock_guard lock(jobs_mutex_);
    s->set("id", job->id);
    s->set("kind", job->kind);
    s->set("done", job->done);
    s->set("state", job->done ? exit_meaning(job->kind, job->code) : std::string("进行中"));
    s->set("code", job->code);
    s->set("seconds", std::to_string(static_cast<int>(job->done ? job->seconds
        : std::chrono::duration<double>(std::chrono::steady_clock::now() - job->started).count())));
    s->set("output", job->output);
    s->set("pdf", job->pdf.empty() ? "" : ctx.base + "/jobs/pdf?id=" + job->id);
    s->set("status_url", ctx.base + "/jobs/status?id=" + job->id);
    return page("job.tpl", s);
}

Response App::job_status(const Request& request) {
    std::lock_guard lock(jobs_mutex_);
    auto it = jobs_.find(request.param("id"));
    if (it == jobs_.end()) return Response::json("{\"error\": \"no such job\"}", 404);
    const auto& job = *it->second;
    const double seconds = job.done ? job.seconds
                                    : std::chrono::duration<double>(std::chrono::steady_clock::now() - job.started).count();
    // The share done of the phase the job is in (archive, audit); -1 while it cannot say.
    const int share = job.done ? 100
                      : job.total_items ? static_cast<int>(std::min<size_t>(100, job.done_items * 100 / job.total_items))
                                        : -1;
    Object::Ptr o = new Object;
    o->set("done", job.done);
    o->set("seconds", static_cast<int>(seconds));
    o->set("percent", share);
    o->set("phase", job.phase);
    o->set("items", std::to_string(job.done_items) + (job.total_items ? "/" + std::to_string(job.total_items) : ""));
    std::ostringstream body;
    o->stringify(body);
    return Response::json(body.str());
}

Response App::job_pdf(const Request& request) {
    fs::path pdf;
    {
        std::lock_guard lock(jobs_mutex_);
        auto it = jobs_.find(request.param("id"));
        if (it == jobs_.end() || it->second->pdf.empty()) return message(404, "找不到反馈单", "这个任务没有生成反馈单。");
        pdf = it->second->pdf;
    }
    Response r;
    r.content_type = "application/pdf";
    r.body = file_bytes(pdf);
    r.headers["Content-Disposition"] = "inline; filename=\"feedback.pdf\"; filename*=UTF-8''" + url_encode("检查情况反馈单.pdf");
    return r;
}

Response App::static_file(const std::string& name) {
    auto it = static_files_.find(name);
    if (it == static_files_.end()) return message(404, "找不到文件", "没有这个文件：" + name);
    std::ifstream in(it->second, std::ios::binary);
    Response r;
    r.body.assign((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    r.content_type = name.ends_with(".css")  ? "text/css; charset=utf-8"
                     : name.ends_with(".js") ? "text/javascript; charset=utf-8"
                     : name.ends_with(".svg") ? "image/svg+xml"
                                               : "application/octet-stream";
    r.headers["Cache-Control"] = "no-cache";
    return r;
}

}  // namespace dangan::server
