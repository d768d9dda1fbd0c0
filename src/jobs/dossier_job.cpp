#include "jobs/dossier_job.hpp"

#include "catalog/numbering.hpp"
#include "catalog/stroke_order.hpp"
#include "core/messages.hpp"
#include "core/unicode_text.hpp"
#include "jobs/output_guard.hpp"
#include "jobs/resources.hpp"
#include "jobs/template_data.hpp"
#include "jobs/typesetter.hpp"
#include "records/loader.hpp"
#include "rules/dues.hpp"
#include "rules/remind.hpp"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace dangan::jobs {

namespace {

using core::PartialDate;
using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

std::string iso_or_raw(const records::DateValue& d) { return d.date ? d.date->iso() : d.raw; }


std::string text_of(const Object::Ptr& json, const std::string& key) {
    if (!json || !json->has(key) || json->get(key).isEmpty()) return "";
    const Var v = json->get(key);
    return v.isString() ? v.extract<std::string>() : v.toString();
}



/// The free text of a step ("content": a text or a list of texts) as a list of paragraphs.
Array::Ptr paragraphs(const Object::Ptr& json, const std::string& key) {
    Array::Ptr out = new Array;
    if (!json || !json->has(key)) return out;
    const Var v = json->get(key);
    if (v.isString()) out->add(v.extract<std::string>());
    else if (v.type() == typeid(Array::Ptr)) {
        const auto list = v.extract<Array::Ptr>();
        for (size_t i = 0; i < list->size(); ++i) out->add(list->get(static_cast<unsigned>(i)).toString());
    }
    return out;
}

/// The JSON object of step `n` of a development dossier, to reach its free text.
Object::Ptr step_json(const records::DevelopmentDossier& d, int n) {
    if (!d.json || !d.json->has("steps") || d.json->get("steps").type() != typeid(Array::Ptr)) return nullptr;
    const auto list = d.json->getArray("steps");
    for (size_t i = 0; i < list->size(); ++i) {
        const Var item = list->get(static_cast<unsigned>(i));
        if (item.type() != typeid(Object::Ptr)) continue;
        const auto o = item.extract<Object::Ptr>();
        if (o->has("step") && o->get("step").isNumeric() && o->get("step").convert<int>() == n) return o;
    }
    return nullptr;
}

}  // namespace

Object::Ptr development_data(const records::DevelopmentDossier& d, const rules::RuleBook& book, const PartialDate& as_of) {
    const auto* first = d.step(1);
    const rules::Profile& profile = book.for_date(first && first->date.full() ? first->date.date : std::nullopt);
    const auto schedule = rules::development_schedule(d, book);
    const int latest = d.steps.empty() ? 0 : d.steps.rbegin()->first;
    const auto& names = profile.development.steps;

    Object::Ptr person = new Object;
    person->set("id", d.id);
    person->set("name", d.name);
    person->set("gender", d.gender);
    person->set("birth_date", iso_or_raw(d.birth_date));
    person->set("unit", text_of(d.json, "unit"));
    person->set("education", text_of(d.json, "education"));
    person->set("position", text_of(d.json, "position"));
    person->set("archive_code", text_of(d.json, "archive_code"));
    Array::Ptr contacts = new Array, introducers = new Array;
    for (const auto& c : d.contacts) contacts->add(c);
    for (const auto& c : d.introducers) introducers->add(c);
    person->set("contacts", contacts);
    person->set("introducers", introducers);
    person->set("transferred_in", d.transferred_in);

    Array::Ptr steps = new Array;
    int missing = 0, late = 0;
    for (int n = 1; n <= static_cast<int>(names.size()); ++n) {
        Object::Ptr s = new Object;
        const auto* step = d.step(n);
        s->set("number", n);
        s->set("name", names[n - 1]);
        // done: recorded; missing: a later step is recorded but not this one (R21); pending: not yet reached.
        const std::string state = step ? "done" : (n < latest ? "missing" : "pending");
        if (state == "missing") ++missing;
        s->set("state", state);
        s->set("date", step ? iso_or_raw(step->date) : std::string());
        s->set("by", step ? step->by : std::string());
        s->set("title", step ? step->title : std::string());
        s->set("record", step ? official_text(step->note) : std::string());
        s->set("reference", step ? step->reference : std::string());
        s->set("vote", step && step->vote ? Var(vote_data(*step->vote)) : Var());
        s->set("content", paragraphs(step_json(d, n), "content"));
        std::string earliest, due, basis, flag;
        if (auto it = schedule.find(n); it != schedule.end()) {
            const auto& sch = it->second;
            if (sch.earliest) earliest = sch.earliest->iso();
            if (sch.due) due = sch.due->iso();
            basis = sch.due ? sch.due_basis : sch.earliest_basis;
            if (step && step->date.full()) {
                if (sch.due && *sch.due < *step->date.date) flag = "超期";
                if (sch.earliest && *step->date.date < *sch.earliest) flag = "过早";
            } else if (!step && sch.due && *sch.due < as_of) {
                flag = "已逾期";
            }
        }
        if (!flag.empty() && flag != "已逾期") ++late;
        s->set("earliest", earliest);
        s->set("due", due);
        s->set("basis", basis);
        s->set("flag", flag);
        steps->add(s);
    }

    // 培养考察: one window per review period from 积极分子 (3) to 发展对象 (7) or the as-of date (R05).
    Array::Ptr windows = new Array;
    if (const auto* s3 = d.step(3); s3 && s3->date.full()) {
        const auto* s7 = d.step(7);
        const PartialDate end = s7 && s7->date.full() ? *s7->date.date : as_of;
        const int months = profile.development.review_window_months;
        for (int k = 0; k < 40; ++k) {
            const auto from = core::add_months(*s3->date.date, months * k);
            const auto to = core::add_days(core::add_months(*s3->date.date, months * (k + 1)), -1);
            if (end < to) break;
            Object::Ptr w = new Object;
            w->set("from", from.iso());
            w->set("to", to.iso());
            std::string found;
            for (const auto& r : d.activist_reviews)
                if (r.full() && from <= *r.date && *r.date <= to && found.empty()) found = r.date->iso();
            w->set("date", found);
            w->set("missing", found.empty());
            windows->add(w);
        }
    }
    Array::Ptr reviews = new Array, reports = new Array;
    if (d.json && d.json->has("records") && d.json->get("records").type() == typeid(Object::Ptr)) {
        const auto records = d.json->getObject("records");
        auto copy = [&](const std::string& key, Array::Ptr into, std::vector<std::string> fields) {
            if (!records->has(key) || records->get(key).type() != typeid(Array::Ptr)) return;
            const auto list = records->getArray(key);
            for (size_t i = 0; i < list->size(); ++i) {
                const Var item = list->get(static_cast<unsigned>(i));
                if (item.type() != typeid(Object::Ptr)) continue;
                const auto o = item.extract<Object::Ptr>();
                Object::Ptr row = new Object;
                for (const auto& f : fields) row->set(f, text_of(o, f));
                if (auto parsed = core::try_parse_date(row->getValue<std::string>("date"))) row->set("date", parsed->iso());
                into->add(row);
            }
        };
        copy("activist_reviews", reviews, {"date", "by", "content"});
        copy("thought_reports", reports, {"date", "title"});
    }

    Object::Ptr training = new Object;
    training->set("start", iso_or_raw(d.training.start));
    training->set("end", iso_or_raw(d.training.end));
    training->set("days", number(d.training.days));
    training->set("hours", number(d.training.hours));
    training->set("organiser", d.json && d.json->has("training") && d.json->get("training").type() == typeid(Object::Ptr)
                                   ? text_of(d.json->getObject("training"), "organiser")
                                   : std::string());
    Array::Ptr notices = new Array;
    for (const auto& n : d.notices) {
        Object::Ptr o = new Object;
        o->set("before_step", n.before_step);
        o->set("before_name", n.before_step >= 1 && n.before_step <= static_cast<int>(names.size())
                                  ? names[n.before_step - 1] : std::string());
        o->set("start", iso_or_raw(n.start));
        o->set("end", iso_or_raw(n.end));
        notices->add(o);
    }

    Object::Ptr out = new Object;
    out->set("person", person);
    out->set("steps", steps);
    out->set("latest", latest);
    out->set("latest_name", latest >= 1 && latest <= static_cast<int>(names.size()) ? names[latest - 1] : std::string());
    out->set("missing_count", missing);
    out->set("flag_count", late);
    out->set("review_windows", windows);
    out->set("reviews", reviews);
    out->set("thought_reports", reports);
    out->set("training", training);
    out->set("notices", notices);
    const auto end = rules::probation_end(d, book);
    out->set("probation_end", end ? end->iso() : std::string());
    out->set("extension_months", number(d.extension_months));
    out->set("profile", profile.title);
    out->set("as_of", as_of.iso());
    return out;
}

Object::Ptr election_data(const records::ElectionDossier& e, const rules::RuleBook& book,
                          const records::Organisation* organisation) {
    const auto* meeting = e.find("选举大会");
    const rules::Profile& p = book.for_date(meeting && meeting->date.full() ? meeting->date.date : std::nullopt);
    const auto& r = p.election;

    Array::Ptr steps = new Array;
    auto add_step = [&](const std::string& name, const records::DossierStep* s, const Object::Ptr& json) {
        Object::Ptr o = new Object;
        o->set("name", name);
        o->set("present", s != nullptr);
        o->set("date", s ? iso_or_raw(s->date) : std::string());
        o->set("title", s ? s->title : std::string());
        o->set("reference", s ? s->reference : std::string());
        o->set("by", s ? s->by : std::string());
        o->set("record", s ? official_text(s->note) : std::string());
        o->set("content", paragraphs(json, "content"));
        o->set("required", std::find(r.chain.begin(), r.chain.end(), name) != r.chain.end());
        steps->add(o);
    };
    Array::Ptr step_json = e.json && e.json->has("steps") && e.json->get("steps").type() == typeid(Array::Ptr)
                               ? e.json->getArray("steps") : Array::Ptr(new Array);
    for (size_t i = 0; i < e.steps.size(); ++i) {
        Object::Ptr json;
        for (size_t k = 0; k < step_json->size(); ++k) {  // match the written step by its position in the list
            const Var item = step_json->get(static_cast<unsigned>(k));
            if (item.type() == typeid(Object::Ptr) && k == i) json = item.extract<Object::Ptr>();
        }
        add_step(e.steps[i].step, &e.steps[i], json);
    }
    for (const auto& name : r.chain)
        if (!e.find(name)) add_step(name, nullptr, nullptr);

    // Candidates in 姓氏笔画 order (选举工作条例: 候选人名单按姓氏笔画为序).
    std::vector<const records::Candidate*> sorted;
    for (const auto& c : e.candidates) sorted.push_back(&c);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto* a, const auto* b) { return catalog::stroke_less(a->name, b->name); });
    Array::Ptr candidates = new Array, elected = new Array;
    std::vector<std::string> unknown;
    for (const auto* c : sorted) {
        Object::Ptr o = new Object;
        o->set("name", c->name);
        Object::Ptr json;
        if (e.json && e.json->has("candidates"))
            for (size_t i = 0; i < e.json->getArray("candidates")->size(); ++i) {
                const auto item = e.json->getArray("candidates")->getObject(static_cast<unsigned>(i));
                if (item && text_of(item, "name") == c->name) json = item;
            }
        const records::Member* member = nullptr;
        if (organisation)
            for (const auto& m : organisation->members)
                if (m.name == c->name) member = &m;
        std::string gender = text_of(json, "gender"), position = text_of(json, "position");
        if (gender.empty() && member) gender = member->gender;
        if (position.empty() && member && organisation->json && organisation->json->has("members") &&
            organisation->json->get("members").type() == typeid(Array::Ptr)) {
            const auto list = organisation->json->getArray("members");
            for (size_t i = 0; i < list->size(); ++i)
                if (const auto item = list->getObject(static_cast<unsigned>(i)); item && text_of(item, "name") == c->name)
                    position = text_of(item, "position");
        }
        o->set("gender", gender);
        o->set("position", position);
        o->set("birth_date", text_of(json, "birth_date"));
        o->set("votes", number(c->votes));
        o->set("elected", c->elected);
        o->set("role", c->role);
        const bool wins = c->votes && e.present && r.winner.met(*c->votes, *e.present);
        o->set("majority", wins);
        candidates->add(o);
        if (c->elected) elected->add(o);
        for (auto& ch : catalog::unknown_stroke_characters(c->name))
            if (std::find(unknown.begin(), unknown.end(), ch) == unknown.end()) unknown.push_back(ch);
    }
    Array::Ptr unknown_list = new Array;
    for (const auto& u : unknown) unknown_list->add(u);

    Object::Ptr voting = new Object;
    voting->set("expected", number(e.expected));
    voting->set("present", number(e.present));
    voting->set("ballots_issued", number(e.ballots_issued));
    voting->set("ballots_returned", number(e.ballots_returned));
    voting->set("excluded", e.json && e.json->has("voting") && e.json->get("voting").type() == typeid(Object::Ptr)
                                ? text_of(e.json->getObject("voting"), "excluded") : std::string());
    voting->set("quorum_rule", r.quorum.describe());
    voting->set("quorum_ok", e.expected && e.present ? Var(r.quorum.met(*e.present, *e.expected)) : Var());
    voting->set("winner_rule", r.winner.describe());

    const int count = static_cast<int>(e.candidates.size());
    Object::Ptr margin = new Object;
    margin->set("candidates", count);
    margin->set("seats", number(e.seats));
    const int needed = e.seats ? static_cast<int>(std::ceil(*e.seats * (1.0 + r.candidate_margin) - 1e-9)) : 0;
    margin->set("needed", e.seats ? Var(needed) : Var());
    margin->set("ok", e.seats ? Var(count >= needed) : Var());
    margin->set("percent", static_cast<int>(std::lround(r.candidate_margin * 100)));

    Object::Ptr out = new Object;
    Object::Ptr election = new Object;
    election->set("id", e.id);
    election->set("title", text_of(e.json, "title").empty() ? e.id : text_of(e.json, "title"));
    election->set("seats", number(e.seats));
    election->set("term_years", e.json && e.json->has("term_years") ? e.json->get("term_years") : Var());
    election->set("archive_code", text_of(e.json, "archive_code"));
    election->set("date", meeting ? iso_or_raw(meeting->date) : std::string());
    out->set("election", election);
    out->set("steps", steps);
    out->set("candidates", candidates);
    out->set("elected", elected);
    out->set("voting", voting);
    out->set("margin", margin);
    out->set("unknown_stroke_characters", unknown_list);
    out->set("profile", p.title);
    return out;
}

Object::Ptr dues_data(const records::DuesLedger& ledger, const records::Dataset& data, const rules::RuleBook& book,
                      const PartialDate& as_of) {
    const rules::Profile& p = book.for_date(core::make_date(ledger.year > 0 ? ledger.year : 2000, 1, 1));
    const auto& rules = p.dues;
    Array::Ptr rows = new Array;
    double month_totals[12] = {};
    double total = 0;
    int unpaid = 0;
    for (const auto& a : ledger.accounts) {
        const records::Member* member = nullptr;
        if (data.organisation)
            for (const auto& m : data.organisation->members)
                if (m.name == a.member) member = &m;
        const auto first = rules::first_dues_month(member, ledger.year);
        Object::Ptr row = new Object;
        const std::string category = a.category.empty() ? rules.default_category : a.category;
        row->set("name", a.member);
        row->set("category", category);
        row->set("base", a.base ? Var(rules::format_money(*a.base)) : Var(std::string()));
        std::string rate_text = rules.fixed.count(category) ? "定额" : "";
        if (a.rate) rate_text = rules::format_rate(*a.rate);
        else if (a.base)
            if (const auto table_rate = rules.rate_for(category, *a.base)) rate_text = rules::format_rate(*table_rate);
        row->set("rate", rate_text);
        Array::Ptr months = new Array;
        double sum = 0;
        for (int m = 1; m <= 12; ++m) {
            const auto month = core::make_month(ledger.year, m);
            const auto* pay = rules::payment_for(a, month);
            Object::Ptr cell = new Object;
            std::string state;
            if (pay && pay->paid.present()) state = "paid";
            else if (first && month < *first) state = "none";      // before the member had to pay
            else if (as_of < month.last_day()) state = "open";     // not yet due
            else state = "unpaid";
            if (state == "unpaid") ++unpaid;
            cell->set("state", state);
            cell->set("amount", pay && pay->amount ? rules::format_money(*pay->amount) : std::string());
            cell->set("paid", pay && pay->paid.full() ? pay->paid.date->iso() : (pay ? pay->paid.raw : std::string()));
            cell->set("paid_short", pay && pay->paid.full() ? std::to_string(pay->paid.date->month) + "." +
                                                                    std::to_string(pay->paid.date->day)
                                                              : std::string());
            if (pay && pay->amount && state == "paid") {
                sum += *pay->amount;
                month_totals[m - 1] += *pay->amount;
            }
            months->add(cell);
        }
        total += sum;
        row->set("months", months);
        row->set("total", rules::format_money(sum));
        row->set("note", a.lapse_reason);
        rows->add(row);
    }
    Array::Ptr totals = new Array;
    for (double t : month_totals) totals->add(rules::format_money(t));
    Array::Ptr brackets = new Array;
    for (const auto& [category, list] : rules.rates) {
        std::string text = category + "：";
        double lower = 0;
        for (size_t i = 0; i < list.size(); ++i) {
            if (i) text += "；";
            auto yuan = [](double v) { const std::string m = rules::format_money(v); return m.substr(0, m.size() - 3); };
            if (!list[i].up_to) text += yuan(lower) + "元以上";
            else if (lower > 0) text += yuan(lower) + "元以上至" + yuan(*list[i].up_to) + "元（含）";
            else text += yuan(*list[i].up_to) + "元以下（含）";
            text += "交纳" + rules::format_rate(list[i].rate);
            if (list[i].up_to) lower = *list[i].up_to;
        }
        brackets->add(text);
    }
    for (const auto& [category, amount] : rules.fixed) brackets->add(category + "：每月" + rules::format_money(amount) + "元");

    Object::Ptr out = new Object;
    Object::Ptr l = new Object;
    l->set("id", ledger.id);
    l->set("title", text_of(ledger.json, "title").empty() ? ledger.id : text_of(ledger.json, "title"));
    l->set("year", ledger.year);
    l->set("collection_day", text_of(ledger.json, "collection_day"));
    l->set("rows", rows);
    l->set("month_totals", totals);
    l->set("total", rules::format_money(total));
    l->set("unpaid_count", unpaid);
    l->set("rates", brackets);
    l->set("basis", rules.basis);
    l->set("archive_code", text_of(ledger.json, "archive_code"));
    out->set("ledger", l);
    out->set("as_of", as_of.iso());
    return out;
}

namespace {

std::string safe_file_part(std::string s) {
    for (char& c : s)
        if (c == '/' || c == '\\' || c == ':' || c == ' ') c = '-';
    return s;
}

/// Templates from --templates; pictures (<image>) also from the data folders.
TypesetterOptions dossier_typesetter_options(const DossierRequest& request) {
    TypesetterOptions options{request.template_dirs, request.deterministic, false, {}};
    for (const auto& input : request.inputs)
        options.image_dirs.push_back(std::filesystem::is_directory(input) ? input : input.parent_path());
    return options;
}

}  // namespace

ExitCode run_dossier(const DossierRequest& request, std::ostream& out, std::ostream& err) {
    const auto inputs = load_inputs(request.inputs, request.profile, err);
    if (!inputs) return ExitCode::unusable;
    const auto& [book, data] = *inputs;
    if (request.only && *request.only != "development" && *request.only != "election" && *request.only != "dues")
        throw core::InputError({}, core::tr("--only 只能是 development（发展）、election（换届）或 dues（党费），不能是“" + *request.only + "”",
                                            "--only must be development, election or dues, not '" + *request.only + "'"));
    const PartialDate as_of = request.as_of.value_or(core::today());
    auto wanted = [&](const char* kind) { return !request.only || *request.only == kind; };

    struct Job {
        std::string template_name, what, file;
        Object::Ptr scope;
    };
    // Each dossier prints the 档号 of the one numbering (with --archive: the number filed there).
    const catalog::Numbering numbering = numbering_for(data, request.archive, err);
    auto stamp = [&](const Object::Ptr& scope, auto matches) {
        for (const auto& m : numbering.matters)
            if (matches(m)) stamp_archive_code(scope, m, err);
        return scope;
    };
    std::vector<Job> jobs;
    const records::Organisation* org = data.organisation ? &*data.organisation : nullptr;
    const auto org_json = organisation_data(org);
    auto scope_with = [&](const Object::Ptr& extra) {
        Object::Ptr scope = new Object(*extra);
        scope->set("org", org_json);
        return scope;
    };
    // 纪实簿 in 姓氏笔画 order, as a 名册 would list them (the merged book's contents follow it).
    std::vector<const records::DevelopmentDossier*> developments;
    for (const auto& d : data.developments) developments.push_back(&d);
    std::stable_sort(developments.begin(), developments.end(),
                     [](const auto* a, const auto* b) { return catalog::stroke_less(a->name, b->name); });
    if (wanted("development"))
        for (const auto* dossier : developments) {
            const auto& d = *dossier;
            // 王  芳 (padded as in a roster) is 王芳 for --person and in the file name.
            if (request.person && core::comparable_person_name(d.name) != core::comparable_person_name(*request.person))
                continue;
            jobs.push_back({"development.tpl", d.id,
                            "发展党员纪实簿-" + safe_file_part(core::comparable_person_name(d.name)) + ".pdf",
                            stamp(scope_with(development_data(d, book, as_of)),
                                  [&](const catalog::NumberedMatter& m) { return m.development == &d; })});
        }
    if (wanted("election") && !request.person)
        for (const auto& e : data.elections) {
            auto scope = stamp(scope_with(election_data(e, book, org)),
                               [&](const catalog::NumberedMatter& m) { return m.election == &e; });
            const auto unknown = scope->getArray("unknown_stroke_characters");
            if (unknown && unknown->size() > 0) {
                std::string chars;
                for (size_t i = 0; i < unknown->size(); ++i) chars += unknown->getElement<std::string>(static_cast<unsigned>(i));
                err << "dangan: " << e.id << ": "
                    << core::tr("笔画表里没有“" + chars + "”；含这些字的候选人排在其他人之后（请核对姓氏笔画顺序）",
                                "the stroke table does not know " + chars +
                                    "; the candidates with these characters are placed after the others (check the 姓氏笔画 order)")
                    << "\n";
            }
            jobs.push_back({"election.tpl", e.id, "换届选举-" + safe_file_part(e.id) + ".pdf", scope});
        }
    if (wanted("dues") && !request.person)
        for (const auto& l : data.dues)
            jobs.push_back({"dues.tpl", l.id, "党费收缴台账-" + std::to_string(l.year) + ".pdf",
                            stamp(scope_with(dues_data(l, data, book, as_of)),
                                  [&](const catalog::NumberedMatter& m) { return m.dues == &l; })});

    if (jobs.empty())
        throw core::InputError({}, request.person ? core::tr("数据里没有“" + *request.person + "”的发展党员材料（--person 要写申请人的姓名）",
                                                             "no development dossier for '" + *request.person + "'")
                                                  : core::tr("数据里没有这一类专题档案的材料", "no dossier of that kind in the data"));
    const size_t books = static_cast<size_t>(std::count_if(
        jobs.begin(), jobs.end(), [](const Job& j) { return j.template_name == "development.tpl"; }));
    if (request.merge && books == 0) throw core::InputError({}, core::tr("--merge 合订的是发展党员纪实簿，但没有选中任何发展党员材料",
                                                                          "--merge binds 纪实簿, but no development dossier was selected"));
    const size_t outputs = request.merge ? jobs.size() - books + 1 : jobs.size();
    if (request.out && outputs != 1)
        throw core::InputError({}, core::tr("--out 只写一份档案，但选中了 " + std::to_string(outputs) +
                                                " 份；请改用 --out-dir，或用 --only、--person 缩小范围",
                                            "--out writes one dossier, but " + std::to_string(outputs) +
                                                " were selected; use --out-dir, or narrow with --only or --person"));

    {
        const OutputGuard guard = make_guard(data.files, request.profile, request.force);
        if (request.merge) guard_output(request.out ? *request.out : request.out_dir / "发展党员纪实簿-合订本.pdf", guard);
        for (const auto& job : jobs)
            if (!(request.merge && job.template_name == "development.tpl"))
                guard_output(request.out ? *request.out : request.out_dir / job.file, guard);
    }
    Typesetter typesetter(dossier_typesetter_options(request));
    if (request.merge) {
        // Lay out every 纪实簿 first: the contents page needs their page counts. The contents may itself
        // take more than one page, so it is laid out again until its length is stable.
        std::vector<layout::LaidOutDocument> parts;
        Array::Ptr rows = new Array;
        for (const auto& job : jobs) {
            if (job.template_name != "development.tpl") continue;
            parts.push_back(typesetter.lay_out(job.template_name, job.scope, job.what));
            const auto person = job.scope->getObject("person");
            Object::Ptr row = new Object;
            row->set("name", person->getValue<std::string>("name"));
            row->set("latest", job.scope->get("latest"));
            row->set("latest_name", job.scope->get("latest_name"));
            row->set("missing_count", job.scope->get("missing_count"));
            row->set("pages", static_cast<int>(parts.back().pages.size()));
            rows->add(row);
        }
        layout::LaidOutDocument contents;
        size_t contents_pages = 1;
        for (int round = 0; round < 3; ++round) {
            size_t start = contents_pages + 1;
            for (size_t i = 0; i < rows->size(); ++i) {
                rows->getObject(static_cast<unsigned>(i))->set("start", static_cast<int>(start));
                start += parts[i].pages.size();
            }
            Object::Ptr scope = new Object;
            scope->set("org", org_json);
            scope->set("books", rows);
            scope->set("as_of", as_of.iso());
            contents = typesetter.lay_out("development-contents.tpl", scope, "纪实簿目录");
            if (contents.pages.size() == contents_pages) break;
            contents_pages = contents.pages.size();
        }
        layout::LaidOutDocument merged;
        merged.info = contents.info;
        merged.info.created = request.deterministic ? Typesetter::fixed_created : "";
        auto append = [&](layout::LaidOutDocument& part, const std::string& bookmark) {
            for (auto& page : part.pages) page.bookmarks.clear();
            if (!part.pages.empty()) part.pages.front().bookmarks.push_back({bookmark, 0, part.pages.front().height});
            for (auto& page : part.pages) merged.pages.push_back(std::move(page));
            for (auto& d : part.diagnostics) merged.diagnostics.push_back(std::move(d));
        };
        append(contents, "目录");
        for (size_t i = 0; i < parts.size(); ++i)
            append(parts[i], rows->getObject(static_cast<unsigned>(i))->getValue<std::string>("name"));
        const auto target = request.out ? *request.out : request.out_dir / "发展党员纪实簿-合订本.pdf";
        const size_t bytes = typesetter.write(merged, target, err);
        err << core::tr("dangan: 已写出 " + target.string() + "（" + std::to_string(merged.pages.size()) + " 页，" +
                            std::to_string(parts.size()) + " 本纪实簿，" + std::to_string(bytes / 1024) + " KB）",
                        "dangan: wrote " + target.string() + " (" + std::to_string(merged.pages.size()) + " pages, " +
                            std::to_string(parts.size()) + " record books, " + std::to_string(bytes / 1024) + " KB)")
            << "\n";
    }
    // One PDF per person, election and year: separate documents, so they are made on every core.
    std::vector<const Job*> separate;
    for (const auto& job : jobs)
        if (!(request.merge && job.template_name == "development.tpl")) separate.push_back(&job);
    const bool worker_problems = run_parallel(
        separate.size(), dossier_typesetter_options(request), typesetter, err,
        [&](size_t i, Typesetter& worker, std::ostream& messages) {
            const Job& job = *separate[i];
            auto doc = worker.lay_out(job.template_name, job.scope, job.what);
            doc.info.created = request.deterministic ? Typesetter::fixed_created : "";
            const auto target = request.out ? *request.out : request.out_dir / job.file;
            const size_t bytes = worker.write(doc, target, messages);
            messages << core::tr("dangan: 已写出 " + target.string() + "（" + std::to_string(doc.pages.size()) + " 页，" +
                                     std::to_string(bytes / 1024) + " KB）",
                                 "dangan: wrote " + target.string() + " (" + std::to_string(doc.pages.size()) + " pages, " +
                                     std::to_string(bytes / 1024) + " KB)")
                     << "\n";
        });
    out.flush();
    return typesetter.problems() || worker_problems ? ExitCode::findings : ExitCode::clean;
}

}  // namespace dangan::jobs
