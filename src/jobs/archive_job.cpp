#include "jobs/archive_job.hpp"

#include "archive/store.hpp"
#include "catalog/items.hpp"
#include "core/atomic_write.hpp"
#include "jobs/dossier_job.hpp"
#include "jobs/resources.hpp"
#include "jobs/template_data.hpp"
#include "jobs/typesetter.hpp"
#include "records/loader.hpp"
#include "rules/check.hpp"

#include <Poco/JSON/Object.h>

#include <map>
#include <set>
#include <sstream>

namespace dangan::jobs {

namespace {

namespace fs = std::filesystem;
using Poco::JSON::Object;

std::string stringify(const Object& o) {
    std::ostringstream out;
    o.stringify(out, 2);
    out << "\n";
    return out.str();
}

/// The stored record: the meeting's own object with "kind": "meeting", so `load_dataset` (and
/// `audit`, re-running the rules) reads it back alone.
std::string record_json(const records::Meeting& m) {
    Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("kind", "meeting");
    if (m.json)
        for (const auto& [key, value] : *m.json)
            if (key != "kind") o.set(key, value);
    return stringify(o);
}

/// Lays out one record with the record template and writes it as a PDF (the pieces render uses).
std::string compact(const core::PartialDate& d) { return core::format_date(d, core::DateStyle::compact); }

/// One matter (一事一档) to file: a meeting record or a dossier, with what its folder and PDF need.
struct Matter {
    std::string key;    ///< the index key (stable across runs)
    core::PartialDate date;
    std::string kind, title;
    std::string series;  ///< the folder under the year: 组织生活, 换届选举, 发展党员
    std::string label;   ///< the folder name after NNNN_YYYYMMDD_
    std::string record;  ///< the stored source record (JSON)
    std::string template_name;
    Object::Ptr scope;   ///< template data (dossiers); meetings get item and record when numbered
    std::optional<catalog::Item> item;
    core::Location where;
    std::vector<std::string> attachments;
};

}  // namespace

ExitCode run_archive(const ArchiveRequest& request, std::ostream& out, std::ostream& err) {
    const auto inputs = load_inputs(request.inputs, request.profile, err);
    if (!inputs) return ExitCode::unusable;
    const auto& [book, data] = *inputs;

    // A record without a full date cannot be numbered (its place in date order is unknown): it is
    // left out and its date finding reported; everything else is filed.
    std::vector<rules::Finding> findings;
    const rules::CheckOptions check_options{request.as_of.value_or(core::today())};
    for (auto& f : rules::check_dataset(data, book, check_options))
        if (f.severity == core::Severity::error && f.rule.starts_with("date.") && !f.rule.starts_with("date.order"))
            findings.push_back(std::move(f));

    archive::ArchiveStore store(request.to);
    const std::string style = data.organisation ? data.organisation->archive.style : "DA/T 22-2015";
    if (data.organisation && data.organisation->json)
        core::write_file_atomically(request.to / "organisation.json", stringify(*data.organisation->json));

    // Every matter with a full date, by year and in date order: meetings (one per record), 换届
    // dossiers (dated by the 选举大会, else their latest step) and 发展 dossiers (their latest step).
    const records::Organisation* org = data.organisation ? &*data.organisation : nullptr;
    const records::ArchiveSettings settings = org ? org->archive : records::ArchiveSettings{};
    const core::PartialDate as_of = check_options.as_of;
    std::map<int, std::vector<Matter>> by_year;
    std::map<std::string, int> seen;
    auto unique = [&](std::string key) {
        if (const int n = seen[key]++; n > 0) key += " (" + std::to_string(n + 1) + ")";
        return key;
    };
    std::set<int> meeting_years;
    for (const auto& m : data.meetings)
        if (m.date.full()) meeting_years.insert(m.date.date->year);
    for (int year : meeting_years)
        for (auto& item : catalog::number_meetings(data, year)) {
            const records::Meeting& m = *item.meeting;
            Matter matter;
            // The loader derives an id from date and kind when the data gives none; two 党小组 meeting on
            // one day are told apart by group, then by their order.
            matter.key = unique(m.id + (m.group.empty() || m.id.find(m.group) != std::string::npos ? "" : " " + m.group));
            matter.date = *m.date.date;
            matter.kind = m.kind;
            matter.title = item.title;
            matter.series = "组织生活";
            matter.label = m.kind + "会议记录";
            matter.record = record_json(m);
            matter.template_name = request.record_template;
            matter.item = std::move(item);
            matter.where = m.where;
            matter.attachments = m.attachments;
            by_year[year].push_back(std::move(matter));
        }
    auto latest_step = [](const auto& steps, auto date_of) {
        std::optional<core::PartialDate> latest;
        for (const auto& s : steps) {
            const auto& d = date_of(s);
            if (d.full() && (!latest || *latest < *d.date)) latest = *d.date;
        }
        return latest;
    };
    for (const auto& e : data.elections) {
        const auto* meeting = e.find("选举大会");
        auto date = meeting && meeting->date.full() ? meeting->date.date
                                                    : latest_step(e.steps, [](const auto& s) -> const auto& { return s.date; });
        if (!date || !e.json) continue;  // no full date: check reports it
        Matter matter;
        matter.key = unique("换届选举 " + e.id);
        matter.date = *date;
        matter.kind = "换届选举";
        matter.title = (org ? org->name : std::string()) + "换届选举材料";
        matter.series = "换届选举";
        matter.label = "换届选举材料";
        matter.record = stringify(*e.json);
        matter.template_name = "election.tpl";
        matter.scope = new Object(*election_data(e, book, org));
        matter.where = e.where;
        by_year[date->year].push_back(std::move(matter));
    }
    for (const auto& d : data.developments) {
        auto date = latest_step(d.steps, [](const auto& s) -> const auto& { return s.second.date; });
        if (!date || !d.json) continue;
        Matter matter;
        matter.key = unique("发展党员 " + d.id);
        matter.date = *date;
        matter.kind = "发展党员";
        matter.title = d.name + "发展党员纪实";
        matter.series = "发展党员";
        matter.label = "发展党员纪实-" + d.name;
        matter.record = stringify(*d.json);
        matter.template_name = "development.tpl";
        matter.scope = new Object(*development_data(d, book, as_of));
        matter.where = d.where;
        by_year[date->year].push_back(std::move(matter));
    }

    // Three passes. (1) Decide each matter's number, in date order within its year: a number already
    // issued is kept, a new one follows the highest in the index. (2) Render the PDFs, on every core
    // (each holds its 档号, so it comes after numbering). (3) Reserve each number in the index, then write
    // its folder, one matter at a time: an interruption leaves reserved numbers that a re-run fills.
    struct Planned {
        Matter* matter = nullptr;
        std::optional<archive::IndexEntry> existing;
        int year = 0, number = 0;
        std::string record_sha, code_text, pdf;
        int pages = 0;
        Object::Ptr scope;
        std::vector<core::Diagnostic> problems;
    };
    std::vector<Planned> plan;
    int filed = 0, unchanged = 0, updated = 0;
    const auto org_json = organisation_data(org);
    std::map<int, int> next_number;
    std::map<int, std::string> latest_date;
    for (auto& [matter_year, matters] : by_year) {
        std::stable_sort(matters.begin(), matters.end(), [](const Matter& a, const Matter& b) { return a.date < b.date; });
        for (auto& matter : matters) {
            Planned p;
            p.matter = &matter;
            p.year = matter_year;
            p.record_sha = archive::sha256_bytes(matter.record);
            p.existing = store.find(matter.key);
            std::error_code ec;
            if (p.existing && p.existing->status == "done" && p.existing->record_sha256 == p.record_sha &&
                fs::exists(request.to / fs::u8path(p.existing->folder) / archive::manifest_name, ec)) {
                ++unchanged;
                continue;
            }
            if (p.existing) {
                p.number = p.existing->item;  // a number once issued never changes
                p.year = p.existing->year;
            } else {
                if (!next_number.count(p.year)) {
                    next_number[p.year] = store.next_item(p.year);
                    latest_date[p.year] = store.latest_date(p.year);
                }
                p.number = next_number[p.year]++;
                std::string& latest = latest_date[p.year];
                if (!latest.empty() && matter.date.iso() < latest) {
                    rules::Finding late{rules::rule_id::date_order, core::Severity::warning, matter.where, "",
                                        {latest, matter.date.iso()},
                                        "补归档：日期" + matter.date.iso() + "早于本年度已归档的最后一件（" + latest +
                                            "），给予下一个件号" + std::to_string(p.number) + "；已有件号不变",
                                        "DA/T 22-2015 件号一经编定不得更改"};
                    findings.push_back(std::move(late));
                }
                latest = std::max(latest, matter.date.iso());
            }
            catalog::ArchiveCode code{settings.fonds.empty() ? "J000" : settings.fonds, settings.category, p.year,
                                      settings.retention, settings.class_code, p.number};
            if (matter.item) code = matter.item->code, code.item = p.number, code.year = p.year;
            p.code_text = catalog::format_archive_code(code, catalog::code_style(style));
            p.scope = matter.scope ? matter.scope : Object::Ptr(new Object);
            p.scope->set("org", org_json);
            if (matter.item) {
                matter.item->code = code;
                matter.item->code_text = p.code_text;
                matter.item->sequence = p.number;
                p.scope->set("item", item_data(*matter.item));
                p.scope->set("record", meeting_data(*matter.item->meeting));
            }
            plan.push_back(std::move(p));
        }
    }

    const TypesetterOptions typesetter_options{request.template_dirs, request.deterministic};
    Typesetter typesetter(typesetter_options);
    run_parallel(plan.size(), typesetter_options, typesetter, err,
                 [&](size_t i, Typesetter& worker, std::ostream&) {
                     Planned& p = plan[i];
                     auto laid_out = worker.lay_out(p.matter->template_name, p.scope, p.matter->key);
                     laid_out.info.title = p.matter->title;
                     laid_out.info.author = org ? org->name : "";
                     laid_out.info.subject = p.code_text;
                     p.problems = laid_out.diagnostics;
                     for (auto& d : worker.to_pdf(laid_out, p.code_text, p.pdf)) p.problems.push_back(std::move(d));
                     p.pages = static_cast<int>(laid_out.pages.size());
                 });

    std::vector<core::Diagnostic> problems;
    for (auto& p : plan) {
        const Matter& matter = *p.matter;
        const auto& existing = p.existing;
        for (auto& d : p.problems) problems.push_back(std::move(d));
        archive::IndexEntry entry;
        entry.record_id = matter.key;
        entry.year = p.year;
        entry.item = p.number;
        entry.code = p.code_text;
        char prefix[8];
        std::snprintf(prefix, sizeof prefix, "%04d", p.number);
        entry.folder = existing ? existing->folder
                                : std::to_string(p.year) + "/" + matter.series + "/" +
                                      archive::safe_file_name(std::string(prefix) + "_" + compact(matter.date) + "_" +
                                                              matter.label);
        entry.date = matter.date.iso();
        entry.kind = matter.kind;
        entry.title = matter.title;
        entry.record_sha256 = p.record_sha;
        entry.pages = p.pages;
        store.reserve(entry);

        std::error_code ec;
        std::vector<archive::MatterFile> files;
        files.push_back({"record.pdf", std::move(p.pdf), std::nullopt});
        files.push_back({"record.json", matter.record, std::nullopt});
        const fs::path data_folder = fs::u8path(matter.where.file).parent_path();
        for (const auto& name : matter.attachments) {
            const fs::path source = data_folder / fs::u8path(name);
            if (fs::is_regular_file(source, ec))
                files.push_back({"attachments/" + archive::safe_file_name(fs::u8path(name).filename().string()), "",
                                 source});
            else if (fs::u8path(name).has_extension())  // else it names a paper document, not a file
                err << "dangan: " << matter.where.file << " (" << matter.key << "): attachment '" << name
                    << "' was not found beside the data file; it is listed in the record but not copied\n";
        }
        store.write_matter(entry, style, files);
        existing ? ++updated : ++filed;
        // The list of filed items is the text report; with --format json it goes to the error stream
        // so that standard output stays one JSON document.
        (request.format == "json" ? err : out)
            << entry.code << "  " << entry.date << "  " << entry.folder << (existing ? "  (updated)" : "") << "\n";
    }
    std::set<std::string> reported;
    for (const auto& d : problems)
        if (reported.insert(d.where.record + "\n" + d.message).second) err << "dangan: " << d.str() << "\n";

    add_cell_references(findings, inputs->data);
    rules::sort_findings(findings);
    if (!findings.empty())
        out << (request.format == "json" ? rules::findings_to_json(findings) : rules::findings_to_text(findings));
    err << "dangan: archive " << request.to.string() << ": " << filed << " filed, " << updated << " updated, "
        << unchanged << " unchanged\n";
    return rules::has_errors(findings) ? ExitCode::findings : ExitCode::clean;
}

}  // namespace dangan::jobs
