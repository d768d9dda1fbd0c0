// The 发展, 换届 and 党费 forms of the web app: one step of an applicant's 25 (its date, who, what, the
// document's number), one step of an election dossier (date, title, document number, who, note) and one cell
// of the 党费 grid (a member's month: amount, date paid, note). All change one object
// of a record file in place through Branch::save_object — every other key kept, checked as the loader reads
// it, written atomically, 409 with both versions when the object changed meanwhile — and show the findings
// of the same rules as `check` beside the fields, again as you type (POST …/preview, static/app.js).
#include "server/app.hpp"

#include "jobs/dossier_job.hpp"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <charconv>
#include <sstream>

namespace dangan::server {

namespace fs = std::filesystem;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace record_forms {

const char* severity_word(core::Severity s) {
    return s == core::Severity::error ? "错误" : s == core::Severity::warning ? "警告" : "提示";
}

/// A finding for the page; `mine`: it concerns the object the form edits (outlined).
Object::Ptr finding_object(const rules::Finding& f, bool mine) {
    Object::Ptr o = new Object;
    o->set("severity", std::string(core::to_string(f.severity)));
    o->set("severity_name", severity_word(f.severity));
    o->set("message", f.message);
    o->set("field", mine ? "mine" : "");
    return o;
}

std::string pointer_of(const core::Location& where) { return where.field == "/" ? "" : where.field; }

std::string relative(const std::string& file, const fs::path& root) {
    return fs::path(file).lexically_relative(root).generic_string();
}

bool under(const std::string& field, const std::string& pointer) {
    return pointer.empty() || field == pointer || field.starts_with(pointer + "/");
}

/// The findings of `snap` on the record at `file`/`record`, those under `object` marked.
Array::Ptr record_findings(const std::vector<rules::Finding>& findings, const fs::path& root, const std::string& file,
                           const std::string& record, const std::string& object) {
    Array::Ptr list = new Array;
    for (const auto& f : findings)
        if (!f.where.file.empty() && relative(f.where.file, root) == file && under(f.where.field, record))
            list->add(finding_object(f, !object.empty() && under(f.where.field, object)));
    return list;
}

/// A form's date as the command line reads it: empty, or a full date (written back as 2025-03-15).
std::string date_field(const std::string& text, const std::string& what, std::string& why) {
    if (text.empty()) return "";
    const auto d = core::try_parse_date(text);
    if (!d || !d->is_full()) {
        why = what + "“" + text + "”不是完整的日期：请写成 2025-03-15 这样的年月日。";
        return "";
    }
    return d->iso();
}

void set_or_remove(Object::Ptr o, const std::string& key, const std::string& value) {
    if (value.empty()) o->remove(key);
    else o->set(key, value);
}

/// The step number an entry of "steps" stands for: its "step" as a number, else by the loader's reading
/// (`numbers`: index in the list → number).
int step_number(const Object::Ptr& entry, size_t index, const std::map<size_t, int>& numbers) {
    if (entry->has("step")) {
        const auto v = entry->get("step");
        if (v.isInteger()) return v.convert<int>();
        const std::string text = v.toString();
        int n = 0;
        if (std::from_chars(text.data(), text.data() + text.size(), n).ec == std::errc() && n > 0) return n;
    }
    auto it = numbers.find(index);
    return it == numbers.end() ? 0 : it->second;
}

struct StepForm {
    int number = 0;
    std::string date, by, note, reference;
};

StepForm step_form_of(const Request& request) {
    StepForm f;
    const std::string n = request.param("step");
    std::from_chars(n.data(), n.data() + n.size(), f.number);
    f.date = request.param("date");
    f.by = request.param("by");
    f.note = request.param("record_text");
    f.reference = request.param("reference");
    return f;
}

/// The edit of a 发展 dossier that the step form asks for: the step's entry changed, or added in step order.
Branch::ObjectEdit step_edit(const StepForm& form, std::map<size_t, int> numbers) {
    return [form, numbers](Object::Ptr dossier) -> std::string {
        if (form.number < 1 || form.number > 25) return "步骤号应为 1 到 25。";
        std::string why;
        const std::string date = date_field(form.date, "日期", why);
        if (!why.empty()) return why;
        if (!dossier->has("steps")) dossier->set("steps", Array::Ptr(new Array));
        if (!dossier->isArray("steps")) return "这份纪实的 steps 不是列表：请先在文件中改正。";
        const Array::Ptr steps = dossier->getArray("steps");
        Object::Ptr entry;
        size_t insert_at = steps->size();
        for (size_t i = 0; i < steps->size(); ++i) {
            if (!steps->isObject(static_cast<unsigned>(i))) continue;
            const auto o = steps->getObject(static_cast<unsigned>(i));
            const int n = step_number(o, i, numbers);
            if (n == form.number) {
                entry = o;
                break;
            }
            if (n > form.number && insert_at == steps->size()) insert_at = i;
        }
        if (!entry) {
            if (date.empty() && form.by.empty() && form.note.empty() && form.reference.empty()) return "";
            entry = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
            entry->set("step", form.number);
            Array::Ptr ordered = new Array;
            for (size_t i = 0; i <= steps->size(); ++i) {
                if (i == insert_at) ordered->add(entry);
                if (i < steps->size()) ordered->add(steps->get(static_cast<unsigned>(i)));
            }
            dossier->set("steps", ordered);
        }
        set_or_remove(entry, "date", date);
        set_or_remove(entry, "by", form.by);
        set_or_remove(entry, "record", form.note);
        set_or_remove(entry, "reference", form.reference);
        return "";
    };
}

struct DuesForm {
    int year = 0, month = 0;
    std::string amount, paid, note;
};

/// The edit of a member's dues account that the cell form asks for: the month's payment changed, added in
/// month order, or removed when every field is empty (not paid).
Branch::ObjectEdit dues_edit(const DuesForm& form) {
    return [form](Object::Ptr account) -> std::string {
        if (form.month < 1 || form.month > 12) return "月份应为 1 到 12。";
        std::string why;
        const std::string paid = date_field(form.paid, "交纳日期", why);
        if (!why.empty()) return why;
        double amount = 0;
        if (!form.amount.empty()) {
            const char* end = form.amount.data() + form.amount.size();
            const auto r = std::from_chars(form.amount.data(), end, amount);
            if (r.ec != std::errc() || r.ptr != end || amount < 0)
                return "金额“" + form.amount + "”不是数字：请写成 147.90 这样的数（单位：元）。";
        }
        if (!account->has("payments")) account->set("payments", Array::Ptr(new Array));
        if (!account->isArray("payments")) return "这名党员的 payments 不是列表：请先在文件中改正。";
        const Array::Ptr payments = account->getArray("payments");
        std::optional<size_t> found;
        size_t insert_at = payments->size();
        for (size_t i = 0; i < payments->size(); ++i) {
            if (!payments->isObject(static_cast<unsigned>(i))) continue;
            const auto p = payments->getObject(static_cast<unsigned>(i));
            const auto m = core::try_parse_date(p->optValue<std::string>("month", ""), form.year);
            if (!m || m->year != form.year) continue;
            if (m->month == form.month) {
                found = i;
                break;
            }
            if (m->month > form.month && insert_at == payments->size()) insert_at = i;
        }
        Array::Ptr rebuilt = new Array;
        const bool empty = form.amount.empty() && paid.empty() && form.note.empty();
        Object::Ptr entry;
        if (found) entry = payments->getObject(static_cast<unsigned>(*found));
        else if (!empty) {
            entry = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
            char month[8];
            std::snprintf(month, sizeof month, "%04d-%02d", form.year, form.month);
            entry->set("month", std::string(month));
        }
        for (size_t i = 0; i <= payments->size(); ++i) {
            if (i == insert_at && !found && entry) rebuilt->add(entry);
            if (i < payments->size() && !(found && i == *found && empty)) rebuilt->add(payments->get(static_cast<unsigned>(i)));
        }
        account->set("payments", rebuilt);
        if (entry && !empty) {
            if (form.amount.empty()) entry->remove("amount");
            else entry->set("amount", amount);
            set_or_remove(entry, "paid", paid);
            set_or_remove(entry, "note", form.note);
        }
        return "";
    };
}

DuesForm dues_form_of(const Request& request, int year) {
    DuesForm f;
    f.year = year;
    const std::string m = request.param("month");
    std::from_chars(m.data(), m.data() + m.size(), f.month);
    f.amount = request.param("amount");
    f.paid = request.param("paid");
    f.note = request.param("note");
    return f;
}

/// Where a member's account is in the ledger's JSON: "/members/<i>" under the record, or "" when absent.
std::string account_pointer(const records::DuesLedger& ledger, const std::string& member) {
    if (!ledger.json || !ledger.json->isArray("members")) return "";
    const auto list = ledger.json->getArray("members");
    for (size_t i = 0; i < list->size(); ++i)
        if (list->isObject(static_cast<unsigned>(i)) &&
            list->getObject(static_cast<unsigned>(i))->optValue<std::string>("member", "") == member)
            return pointer_of(ledger.where) + "/members/" + std::to_string(i);
    return "";
}

std::string format_amount(const Object::Ptr& payment) {
    if (!payment || !payment->has("amount")) return "";
    std::ostringstream out;
    out << payment->get("amount").toString();
    return out.str();
}

}  // namespace record_forms

using namespace record_forms;

const records::DevelopmentDossier* App::find_dossier(const Snapshot& snap, const std::string& file,
                                                     const std::string& record) const {
    for (const auto& d : snap.data.developments)
        if (relative(d.where.file, branch_.root()) == file && pointer_of(d.where) == record) return &d;
    return nullptr;
}

const records::DuesLedger* App::find_ledger(const Snapshot& snap, const std::string& file, const std::string& record) const {
    for (const auto& l : snap.data.dues)
        if (relative(l.where.file, branch_.root()) == file && pointer_of(l.where) == record) return &l;
    return nullptr;
}

Response App::step_form(const Request& request, const Context& ctx, const std::vector<std::string>& messages, int status) {
    const auto loaded = branch_.load();
    const Snapshot& snap = *loaded;
    const std::string file = request.param("file"), record = request.param("record");
    const auto* d = find_dossier(snap, file, record);
    if (!d || !snap.usable())
        return message(404, "找不到纪实", "数据文件夹中没有这份发展党员纪实（文件“" + file + "”），或数据有错误无法读取。");
    const StepForm form = step_form_of(request);
    if (form.number < 1 || form.number > 25) return message(404, "找不到步骤", "步骤号应为 1 到 25。");
    auto s = branch_scope(snap, d->name + " 第" + std::to_string(form.number) + "步", "development", ctx);
    // The step as the 纪实簿 shows it: its name, state, earliest date and deadline.
    const auto data = jobs::development_data(*d, *snap.book, branch_.today());
    const auto steps = data->getArray("steps");
    Object::Ptr step = steps && form.number <= static_cast<int>(steps->size()) ? steps->getObject(form.number - 1) : nullptr;
    s->set("step", step ? step : Object::Ptr(new Object));
    Object::Ptr fields = new Object;
    const bool posted = request.method == "POST";
    const auto* stored = d->step(form.number);
    fields->set("date", posted ? form.date : stored && stored->date.date && stored->date.date->is_full() ? stored->date.date->iso()
                                                                                                        : stored ? stored->date.raw : "");
    fields->set("by", posted ? form.by : stored ? stored->by : "");
    fields->set("record_text", posted ? form.note : stored ? stored->note : "");
    fields->set("reference", posted ? form.reference : stored ? stored->reference : "");
    s->set("fields", fields);
    s->set("person", d->name);
    s->set("number", form.number);
    s->set("file", file);
    s->set("record", record);
    s->set("version", posted ? request.param("version") : d->json ? Branch::version_of(*d->json) : "");
    s->set("saved", request.param("saved") == "1");
    s->set("messages", [&] { Array::Ptr a = new Array; for (const auto& m : messages) a->add(m); return a; }());
    const std::string object = stored ? pointer_of(stored->where) : "";
    s->set("findings", record_findings(snap.findings, branch_.root(), file, record, object));
    return page("step.tpl", s, status);
}

namespace {

/// Index in the dossier's "steps" list → step number, as the loader read them.
std::map<size_t, int> step_indices(const records::DevelopmentDossier& d) {
    std::map<size_t, int> out;
    for (const auto& [n, step] : d.steps) {
        const std::string p = step.where.field;
        const auto at = p.rfind("/steps/");
        if (at == std::string::npos) continue;
        const std::string rest = p.substr(at + 7);
        size_t i = 0;
        if (std::from_chars(rest.data(), rest.data() + rest.size(), i).ec == std::errc()) out[i] = n;
    }
    return out;
}

}  // namespace

Response App::save_step(const Request& request, const Context& ctx) {
    const auto loaded = branch_.load();
    const std::string file = request.param("file"), record = request.param("record");
    const auto* d = find_dossier(*loaded, file, record);
    if (!d) return message(409, "找不到纪实", "数据文件夹中已没有这份发展党员纪实（文件“" + file + "”），可能已被删除或移动。");
    const StepForm form = step_form_of(request);
    const auto result = branch_.save_object(file, record, request.param("version"), step_edit(form, step_indices(*d)));
    if (result.outcome == SaveResult::Outcome::saved) {
        if (ctx.changed) ctx.changed("发展党员 " + file + " " + d->name + " 第" + std::to_string(form.number) + "步");
        return Response::redirect(ctx.base + "/development/step?file=" + url_encode(file) + "&record=" + url_encode(record) +
                                  "&step=" + std::to_string(form.number) + "&saved=1");
    }
    if (result.outcome == SaveResult::Outcome::conflict) {
        Object::Ptr mine = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        mine->set("step", form.number);
        mine->set("date", form.date);
        mine->set("by", form.by);
        mine->set("record", form.note);
        mine->set("reference", form.reference);
        return conflict_page(with_mine(result, mine), ctx, "development", ctx.base + "/development");
    }
    return step_form(request, ctx, result.messages, 422);
}

Response App::preview_step(const Request& request, const Context& ctx) {
    (void)ctx;
    const auto loaded = branch_.load();
    const std::string file = request.param("file"), record = request.param("record");
    const auto* d = find_dossier(*loaded, file, record);
    std::vector<std::string> messages;
    std::vector<rules::Finding> findings;
    std::string object;
    if (!d) messages.push_back("找不到这份纪实。");
    else {
        const StepForm form = step_form_of(request);
        if (const auto* stored = d->step(form.number)) object = pointer_of(stored->where);
        findings = branch_.preview_object(file, record, record, step_edit(form, step_indices(*d)), messages);
    }
    return preview_answer(messages, findings, object);
}

Response App::preview_answer(const std::vector<std::string>& messages, const std::vector<rules::Finding>& findings,
                             const std::string& object) {
    Array::Ptr found = new Array;
    for (const auto& f : findings) found->add(finding_object(f, !object.empty() && under(f.where.field, object)));
    return preview_json(messages, found);
}

Response App::preview_json(const std::vector<std::string>& messages, const Array::Ptr& findings) {
    Object::Ptr out = new Object;
    Array::Ptr list = new Array;
    for (const auto& m : messages) list->add(m);
    out->set("messages", list);
    out->set("findings", findings);
    std::ostringstream body;
    out->stringify(body);
    return Response::json(body.str());
}

/// The conflict as the form's author sent it: the fields of their edit, for the 409 page beside the stored version.
SaveResult App::with_mine(SaveResult result, const Object::Ptr& mine) {
    std::ostringstream text;
    mine->stringify(text, 2);
    result.mine = text.str();
    return result;
}

Response App::conflict_page(const SaveResult& result, const Context& ctx, const std::string& nav, const std::string& link) {
    const auto loaded = branch_.load();
    auto s = branch_scope(*loaded, "保存冲突", nav, ctx);
    Array::Ptr list = new Array;
    for (const auto& m : result.messages) list->add(m);
    s->set("messages", list);
    std::ostringstream theirs;
    if (result.theirs) result.theirs->stringify(theirs, 2);
    s->set("mine", result.mine);
    s->set("theirs", theirs.str());
    s->set("link", link);
    return page("conflict.tpl", s, 409);
}

Response App::dues_form(const Request& request, const Context& ctx, const std::vector<std::string>& messages, int status) {
    const auto loaded = branch_.load();
    const Snapshot& snap = *loaded;
    const std::string file = request.param("file"), record = request.param("record"), member = request.param("member");
    const auto* l = find_ledger(snap, file, record);
    if (!l || !snap.usable())
        return message(404, "找不到党费台账", "数据文件夹中没有这本党费台账（文件“" + file + "”），或数据有错误无法读取。");
    const std::string pointer = account_pointer(*l, member);
    if (pointer.empty())
        return message(404, "找不到党员", "党费台账中没有“" + member + "”。新增党员请先在台账文件的 members 中加上。");
    const DuesForm form = dues_form_of(request, l->year);
    if (form.month < 1 || form.month > 12) return message(404, "找不到月份", "月份应为 1 到 12。");
    const Object::Ptr account = Branch::object_at(l->json, pointer.substr(pointer_of(l->where).size()));
    Object::Ptr payment;
    if (account && account->isArray("payments"))
        for (size_t i = 0; i < account->getArray("payments")->size(); ++i)
            if (const auto p = account->getArray("payments")->getObject(static_cast<unsigned>(i))) {
                const auto m = core::try_parse_date(p->optValue<std::string>("month", ""), l->year);
                if (m && m->year == l->year && m->month == form.month) payment = p;
            }
    auto s = branch_scope(snap, member + " " + std::to_string(l->year) + "年" + std::to_string(form.month) + "月党费", "dues", ctx);
    const bool posted = request.method == "POST";
    Object::Ptr fields = new Object;
    std::string paid = payment ? payment->optValue<std::string>("paid", "") : "";
    if (const auto d = core::try_parse_date(paid); d && d->is_full()) paid = d->iso();
    fields->set("amount", posted ? form.amount : format_amount(payment));
    fields->set("paid", posted ? form.paid : paid);
    fields->set("note", posted ? form.note : payment ? payment->optValue<std::string>("note", "") : "");
    s->set("fields", fields);
    s->set("member", member);
    s->set("month", form.month);
    s->set("year", l->year);
    s->set("file", file);
    s->set("record", record);
    s->set("version", posted ? request.param("version") : account ? Branch::version_of(*account) : "");
    s->set("saved", request.param("saved") == "1");
    s->set("messages", [&] { Array::Ptr a = new Array; for (const auto& m : messages) a->add(m); return a; }());
    s->set("findings", record_findings(snap.findings, branch_.root(), file, record, pointer));
    return page("dues_cell.tpl", s, status);
}

Response App::save_dues(const Request& request, const Context& ctx) {
    const auto loaded = branch_.load();
    const std::string file = request.param("file"), record = request.param("record"), member = request.param("member");
    const auto* l = find_ledger(*loaded, file, record);
    const std::string pointer = l ? account_pointer(*l, member) : "";
    if (pointer.empty())
        return message(409, "找不到党费台账", "数据文件夹中已没有这本台账或其中的“" + member + "”（可能已被删除或移动）。");
    const DuesForm form = dues_form_of(request, l->year);
    const auto result = branch_.save_object(file, pointer, request.param("version"), dues_edit(form));
    if (result.outcome == SaveResult::Outcome::saved) {
        if (ctx.changed) ctx.changed("党费 " + file + " " + member + " " + std::to_string(l->year) + "年" + std::to_string(form.month) + "月");
        return Response::redirect(ctx.base + "/dues/cell?file=" + url_encode(file) + "&record=" + url_encode(record) +
                                  "&member=" + url_encode(member) + "&month=" + std::to_string(form.month) + "&saved=1");
    }
    if (result.outcome == SaveResult::Outcome::conflict) {
        Object::Ptr mine = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        mine->set("member", member);
        mine->set("month", form.month);
        mine->set("amount", form.amount);
        mine->set("paid", form.paid);
        mine->set("note", form.note);
        return conflict_page(with_mine(result, mine), ctx, "dues", ctx.base + "/dues");
    }
    return dues_form(request, ctx, result.messages, 422);
}

Response App::preview_dues(const Request& request, const Context& ctx) {
    (void)ctx;
    const auto loaded = branch_.load();
    const std::string file = request.param("file"), record = request.param("record"), member = request.param("member");
    const auto* l = find_ledger(*loaded, file, record);
    const std::string pointer = l ? account_pointer(*l, member) : "";
    std::vector<std::string> messages;
    std::vector<rules::Finding> findings;
    if (pointer.empty()) messages.push_back("找不到这本台账或这名党员。");
    else findings = branch_.preview_object(file, record, pointer, dues_edit(dues_form_of(request, l->year)), messages);
    return preview_answer(messages, findings, pointer);
}

namespace record_forms {

struct ElectionStepForm {
    std::string step, date, title, reference, by, note;
};

ElectionStepForm election_form_of(const Request& request) {
    return {request.param("step"), request.param("date"), request.param("title"), request.param("reference"),
            request.param("by"), request.param("record_text")};
}

/// Index in the dossier's "steps" list → the step's name as the loader read it (aliases made canonical).
std::map<size_t, std::string> election_step_names(const records::ElectionDossier& e) {
    std::map<size_t, std::string> out;
    for (const auto& step : e.steps) {
        const auto at = step.where.field.rfind("/steps/");
        if (at == std::string::npos) continue;
        const std::string rest = step.where.field.substr(at + 7);
        size_t i = 0;
        if (std::from_chars(rest.data(), rest.data() + rest.size(), i).ec == std::errc()) out[i] = step.step;
    }
    return out;
}

/// The rules' chain of 换届 steps for this election (the profile in force on its 选举大会).
std::vector<std::string> election_chain(const records::ElectionDossier& e, const rules::RuleBook& book) {
    const auto* meeting = e.find("选举大会");
    return book.for_date(meeting && meeting->date.full() ? meeting->date.date : std::nullopt).election.chain;
}

/// The edit of an election dossier that the step form asks for: the step's entry changed, or added where
/// the chain puts it (a step outside the chain at the end).
Branch::ObjectEdit election_edit(const ElectionStepForm& form, std::map<size_t, std::string> names,
                                 std::vector<std::string> chain) {
    return [form, names, chain](Object::Ptr dossier) -> std::string {
        std::string why;
        const std::string date = date_field(form.date, "日期", why);
        if (!why.empty()) return why;
        if (!dossier->has("steps")) dossier->set("steps", Array::Ptr(new Array));
        if (!dossier->isArray("steps")) return "这份换届材料的 steps 不是列表：请先在文件中改正。";
        const Array::Ptr steps = dossier->getArray("steps");
        auto place = [&](const std::string& name) {
            const auto it = std::find(chain.begin(), chain.end(), name);
            return it == chain.end() ? chain.size() : static_cast<size_t>(it - chain.begin());
        };
        Object::Ptr entry;
        size_t insert_at = steps->size();
        for (size_t i = 0; i < steps->size(); ++i) {
            const auto it = names.find(i);
            if (it == names.end() || !steps->isObject(static_cast<unsigned>(i))) continue;
            if (it->second == form.step) {
                entry = steps->getObject(static_cast<unsigned>(i));
                break;
            }
            // before the first step the chain puts after this one (steps outside the chain keep their place)
            if (place(it->second) < chain.size() && place(it->second) > place(form.step) && insert_at == steps->size())
                insert_at = i;
        }
        if (!entry) {
            if (date.empty() && form.title.empty() && form.reference.empty() && form.by.empty() && form.note.empty()) return "";
            entry = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
            entry->set("step", form.step);
            Array::Ptr ordered = new Array;
            for (size_t i = 0; i <= steps->size(); ++i) {
                if (i == insert_at) ordered->add(entry);
                if (i < steps->size()) ordered->add(steps->get(static_cast<unsigned>(i)));
            }
            dossier->set("steps", ordered);
        }
        set_or_remove(entry, "date", date);
        set_or_remove(entry, "title", form.title);
        set_or_remove(entry, "reference", form.reference);
        set_or_remove(entry, "by", form.by);
        set_or_remove(entry, "record", form.note);
        return "";
    };
}

/// A step name the form may edit: one of the rules' 换届 steps (canonical), else nullopt.
std::optional<std::string> known_election_step(const std::string& name, const rules::RuleBook& book) {
    const auto& steps = book.vocabulary().election_steps;
    for (const auto& [alias, canonical] : steps)
        if (canonical == name) return canonical;
    return std::nullopt;
}

}  // namespace record_forms

const records::ElectionDossier* App::find_election(const Snapshot& snap, const std::string& file,
                                                   const std::string& record) const {
    for (const auto& e : snap.data.elections)
        if (relative(e.where.file, branch_.root()) == file && pointer_of(e.where) == record) return &e;
    return nullptr;
}

Response App::elections_page(const Context& ctx) {
    const auto loaded = branch_.load();
    const Snapshot& snap = *loaded;
    auto s = branch_scope(snap, "换届选举", "elections", ctx);
    // The steps as the 换届选举 dossier prints them (the rules' chain, missing ones marked), each with its form.
    Array::Ptr list = new Array;
    if (snap.usable())
        for (const auto& e : snap.data.elections) {
            const auto data = jobs::election_data(e, *snap.book, snap.data.organisation ? &*snap.data.organisation : nullptr);
            const std::string file = relative(e.where.file, branch_.root());
            const std::string record = pointer_of(e.where);
            Object::Ptr o = new Object;
            o->set("title", e.json && e.json->has("title") ? e.json->get("title").toString() : e.id);
            o->set("seats", e.seats ? *e.seats : 0);
            o->set("term_years", e.json && e.json->has("term_years") ? e.json->get("term_years").toString() : "");
            const auto steps = data->getArray("steps");
            for (size_t i = 0; steps && i < steps->size(); ++i) {
                auto step = steps->getObject(static_cast<unsigned>(i));
                step->set("link", ctx.base + "/elections/step?file=" + url_encode(file) + "&record=" + url_encode(record) +
                                      "&step=" + url_encode(step->getValue<std::string>("name")));
            }
            o->set("steps", steps ? steps : Array::Ptr(new Array));
            // The vote (its own form): the counts of the 选举大会 and the candidates, as far as recorded.
            o->set("vote_link", ctx.base + "/elections/vote?file=" + url_encode(file) + "&record=" + url_encode(record));
            std::string vote;
            if (e.expected) vote += "应到 " + std::to_string(*e.expected) + " 人，";
            if (e.present) vote += "实到 " + std::to_string(*e.present) + " 人，";
            if (!e.candidates.empty()) {
                const auto elected = std::count_if(e.candidates.begin(), e.candidates.end(), [](const auto& c) { return c.elected; });
                vote += "候选人 " + std::to_string(e.candidates.size()) + " 名，当选 " + std::to_string(elected) + " 名";
            }
            if (vote.ends_with("，")) vote.resize(vote.size() - std::string("，").size());
            o->set("vote", vote.empty() ? "尚未填写候选人和选举结果" : vote);
            list->add(o);
        }
    s->set("elections", list);
    return page("elections.tpl", s);
}

Response App::election_form(const Request& request, const Context& ctx, const std::vector<std::string>& messages, int status) {
    const auto loaded = branch_.load();
    const Snapshot& snap = *loaded;
    const std::string file = request.param("file"), record = request.param("record");
    const auto* e = find_election(snap, file, record);
    if (!e || !snap.usable())
        return message(404, "找不到换届材料", "数据文件夹中没有这份换届选举材料（文件“" + file + "”），或数据有错误无法读取。");
    const ElectionStepForm form = election_form_of(request);
    if (!known_election_step(form.step, *snap.book))
        return message(404, "找不到步骤", "换届程序中没有“" + form.step + "”这一步。");
    auto s = branch_scope(snap, "换届：" + form.step, "elections", ctx);
    const bool posted = request.method == "POST";
    const records::DossierStep* stored = e->find(form.step);
    Object::Ptr fields = new Object;
    fields->set("date", posted ? form.date : stored && stored->date.date && stored->date.date->is_full() ? stored->date.date->iso()
                                                                                                      : stored ? stored->date.raw : "");
    fields->set("title", posted ? form.title : stored ? stored->title : "");
    fields->set("reference", posted ? form.reference : stored ? stored->reference : "");
    fields->set("by", posted ? form.by : stored ? stored->by : "");
    fields->set("record_text", posted ? form.note : stored ? stored->note : "");
    s->set("fields", fields);
    const auto chain = election_chain(*e, *snap.book);
    s->set("required", std::find(chain.begin(), chain.end(), form.step) != chain.end());
    s->set("election", e->json && e->json->has("title") ? e->json->get("title").toString() : e->id);
    s->set("step", form.step);
    s->set("file", file);
    s->set("record", record);
    s->set("version", posted ? request.param("version") : e->json ? Branch::version_of(*e->json) : "");
    s->set("saved", request.param("saved") == "1");
    s->set("messages", [&] { Array::Ptr a = new Array; for (const auto& m : messages) a->add(m); return a; }());
    s->set("findings", record_findings(snap.findings, branch_.root(), file, record, stored ? pointer_of(stored->where) : ""));
    return page("election_step.tpl", s, status);
}

Response App::save_election(const Request& request, const Context& ctx) {
    const auto loaded = branch_.load();
    const std::string file = request.param("file"), record = request.param("record");
    const auto* e = find_election(*loaded, file, record);
    if (!e) return message(409, "找不到换届材料", "数据文件夹中已没有这份换届选举材料（文件“" + file + "”），可能已被删除或移动。");
    const ElectionStepForm form = election_form_of(request);
    if (!known_election_step(form.step, *loaded->book))
        return message(422, "无法保存", "换届程序中没有“" + form.step + "”这一步。");
    const auto result = branch_.save_object(file, record, request.param("version"),
                                            election_edit(form, election_step_names(*e), election_chain(*e, *loaded->book)));
    if (result.outcome == SaveResult::Outcome::saved) {
        if (ctx.changed) ctx.changed("换届选举 " + file + " " + form.step);
        return Response::redirect(ctx.base + "/elections/step?file=" + url_encode(file) + "&record=" + url_encode(record) +
                                  "&step=" + url_encode(form.step) + "&saved=1");
    }
    if (result.outcome == SaveResult::Outcome::conflict) {
        Object::Ptr mine = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        mine->set("step", form.step);
        mine->set("date", form.date);
        mine->set("title", form.title);
        mine->set("reference", form.reference);
        mine->set("by", form.by);
        mine->set("record", form.note);
        return conflict_page(with_mine(result, mine), ctx, "elections", ctx.base + "/elections");
    }
    return election_form(request, ctx, result.messages, 422);
}

Response App::preview_election(const Request& request, const Context& ctx) {
    (void)ctx;
    const auto loaded = branch_.load();
    const std::string file = request.param("file"), record = request.param("record");
    const auto* e = find_election(*loaded, file, record);
    std::vector<std::string> messages;
    std::vector<rules::Finding> findings;
    std::string object;
    const ElectionStepForm form = election_form_of(request);
    if (!e) messages.push_back("找不到这份换届选举材料。");
    else if (!known_election_step(form.step, *loaded->book)) messages.push_back("换届程序中没有“" + form.step + "”这一步。");
    else {
        if (const auto* stored = e->find(form.step)) object = pointer_of(stored->where);
        findings = branch_.preview_object(file, record, record,
                                          election_edit(form, election_step_names(*e), election_chain(*e, *loaded->book)), messages);
    }
    return preview_answer(messages, findings, object);
}

}  // namespace dangan::server
