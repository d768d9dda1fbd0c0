#include "jobs/archive_job.hpp"

#include "core/messages.hpp"
#include "archive/store.hpp"
#include "catalog/items.hpp"
#include "catalog/numbering.hpp"
#include "core/atomic_write.hpp"
#include "jobs/dossier_job.hpp"
#include "jobs/resources.hpp"
#include "jobs/template_data.hpp"
#include "jobs/typesetter.hpp"
#include "records/loader.hpp"
#include "rules/check.hpp"

#include <Poco/JSON/Object.h>

#include <atomic>
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
    if (const auto json = m.json())
        for (const auto& [key, value] : *json)
            if (key != "kind") o.set(key, value);
    return stringify(o);
}

/// Lays out one record with the record template and writes it as a PDF (the pieces render uses).
std::string compact(const core::PartialDate& d) { return core::format_date(d, core::DateStyle::compact); }

/// Where an attachment named in a record is read from, or why it is not.
struct AttachmentSource {
    std::optional<fs::path> path;
    std::string problem;  ///< empty when the name is a paper document (no file was meant)
};

bool inside(const fs::path& path, const fs::path& root) {
    const auto rel = path.lexically_relative(root);
    return !rel.empty() && *rel.begin() != "..";
}

/// The attachment `name` of a record in `record_file`: relative names are read beside the record file.
/// After following links the file must lie inside one of `roots`, and be a regular file (a FIFO or
/// device would hang or never end); it is checked before anything is read.
AttachmentSource attachment_source(const std::string& record_file, const std::string& name,
                                   const std::vector<fs::path>& roots) {
    const fs::path written = fs::u8path(name);
    const fs::path source = written.is_absolute() ? written : fs::u8path(record_file).parent_path() / written;
    std::error_code ec;
    const auto status = fs::status(source, ec);
    if (ec || !fs::exists(status)) {
        if (!written.has_extension()) return {};  // names a paper document, not a file
        return {std::nullopt, "在 " + source.string() + " 找不到；记录中列出但未复制"};
    }
    const fs::path resolved = fs::canonical(source, ec);
    if (ec) return {std::nullopt, "无法解析路径（" + ec.message() + "）；未复制"};
    bool ok = false;
    for (const auto& root : roots) ok = ok || inside(resolved, root);
    if (!ok)
        return {std::nullopt, "指向数据文件夹之外（" + resolved.string() +
                                  "）；未复制。附件须放在数据文件夹内，或用 --attachments-root 指定存放附件的文件夹"};
    if (!fs::is_regular_file(status))
        return {std::nullopt, "不是普通文件（管道、设备或文件夹）；未复制"};
    return {resolved, ""};
}

/// The attachment's name in the matter folder: its relative sub-path when it has one (a/scan.jpg and
/// b/scan.jpg stay apart), made safe part by part; a name already taken gets -2, -3 … before its
/// extension. Never overwrites another file of the matter.
std::string attachment_name(const std::string& name, std::set<std::string>& taken) {
    const fs::path written = fs::u8path(name).lexically_normal();
    std::string relative;
    const bool keep_path = !written.is_absolute() && !written.empty() && *written.begin() != "..";
    if (keep_path) {
        for (const auto& part : written) {
            const std::string text = part.string();
            if (text.empty() || text == ".") continue;
            relative += (relative.empty() ? "" : "/") + archive::safe_file_name(text);
        }
    }
    if (relative.empty()) relative = archive::safe_file_name(written.filename().string());
    std::string candidate = "attachments/" + relative;
    const fs::path as_path = fs::u8path(candidate);
    const std::string stem = (as_path.parent_path() / as_path.stem()).generic_string();
    const std::string extension = as_path.extension().string();
    for (int n = 2; taken.count(candidate); ++n) candidate = stem + "-" + std::to_string(n) + extension;
    taken.insert(candidate);
    return candidate;
}

}  // namespace

ExitCode run_archive(const ArchiveRequest& request, std::ostream& out, std::ostream& err) {
    if (request.rebuild_index && request.inputs.empty()) {
        std::error_code ec;
        if (!fs::exists(request.to / archive::archive_marker_name, ec))
            throw core::InputError(core::Location{request.to.string(), 0, 0, "", ""},
                                   "不是 dangan 档案（没有 archive.json）；--rebuild-index 只重建 dangan archive 建立的档案的索引");
        archive::ArchiveStore store(request.to, &err);
        const int count = store.rebuild_index(err);
        err << "dangan: 已按 manifest.json 重建 " << (request.to / archive::index_name).string() << "：" << count
            << " 件，件号不变\n";
        return ExitCode::clean;
    }
    auto progress = [&](const std::string& phase, size_t done, size_t total) {
        if (request.progress) request.progress(phase, done, total);
    };
    progress("读取和检查记录", 0, 0);
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

    archive::ArchiveStore store(request.to, &err);
    if (request.rebuild_index)
        err << "dangan: 已按 manifest.json 重建索引：" << store.rebuild_index(err) << " 件，件号不变\n";
    store.check_folders();
    // Attachments are read only from inside the folders the user named: the data folders (or the
    // folder of a data file) and --attachments-root.
    std::vector<fs::path> roots;
    for (const auto& input : request.inputs) {
        std::error_code ec;
        const fs::path folder = fs::is_directory(input, ec) ? input : input.parent_path();
        if (auto c = fs::canonical(folder.empty() ? fs::path(".") : folder, ec); !ec) roots.push_back(c);
    }
    if (request.attachments_root) {
        std::error_code ec;
        auto c = fs::canonical(*request.attachments_root, ec);
        if (ec || !fs::is_directory(c, ec))
            throw core::InputError(core::Location{request.attachments_root->string(), 0, 0, "", ""},
                                   "--attachments-root 须是一个已有的文件夹");
        roots.push_back(c);
    }
    bool attachments_refused = false;
    const std::string style = data.organisation ? data.organisation->archive.style : "DA/T 22-2015";
    if (data.organisation && data.organisation->json)
        core::write_file_atomically(request.to / "organisation.json", stringify(*data.organisation->json));

    // Every matter with a full date, numbered by the one numbering (catalog/numbering.hpp) with the
    // numbers this archive has issued: an issued number is kept, a new matter gets the next free one.
    const records::Organisation* org = data.organisation ? &*data.organisation : nullptr;
    const core::PartialDate as_of = check_options.as_of;
    std::vector<catalog::IssuedNumber> issued;
    for (const auto& e : store.entries()) issued.push_back({e.record_id, e.year, e.item, e.code, e.date});
    const catalog::Numbering numbering = catalog::number_matters(data, issued);
    for (const auto& late : numbering.late) {
        const auto& m = *late.matter;
        rules::Finding finding{rules::rule_id::date_order, core::Severity::warning, m.where, "",
                               {late.latest_issued, m.date.iso()},
                               "补归档：日期" + m.date.iso() + "早于本年度已归档的最后一件（" + late.latest_issued +
                                   "），给予下一个件号" + std::to_string(m.code.item) + "；已有件号不变",
                               "DA/T 22-2015 件号一经编定不得更改"};
        findings.push_back(std::move(finding));
    }

    // Two passes. (1) Render the PDFs, on every core (each holds its 档号). (2) Reserve each number in
    // the index, then write its folder, one matter at a time: an interruption leaves reserved numbers
    // that a re-run fills.
    struct Planned {
        const catalog::NumberedMatter* matter = nullptr;
        std::optional<archive::IndexEntry> existing;
        std::string kind, series, label, record, template_name, record_sha, pdf;
        std::vector<std::string> attachments;
        int pages = 0;
        Object::Ptr scope;
        std::vector<core::Diagnostic> problems;
    };
    std::vector<Planned> plan;
    int filed = 0, unchanged = 0, updated = 0;
    const auto org_json = organisation_data(org);
    for (const auto& matter : numbering.matters) {
        Planned p;
        p.matter = &matter;
        switch (matter.kind) {
        case catalog::MatterKind::meeting: {
            const auto& m = *matter.meeting;
            p.kind = m.kind;
            p.series = "组织生活";
            p.label = m.kind + "会议记录";
            p.record = record_json(m);
            p.template_name = request.record_template;
            p.attachments = m.attachments;
            p.scope = new Object;
            p.scope->set("item", item_data(catalog::make_item(matter, org)));
            p.scope->set("record", meeting_data(m));
            break;
        }
        case catalog::MatterKind::election:
            if (!matter.election->json) continue;
            p.kind = p.series = "换届选举";
            p.label = "换届选举材料";
            p.record = stringify(*matter.election->json);
            p.template_name = "election.tpl";
            p.scope = new Object(*election_data(*matter.election, book, org));
            break;
        case catalog::MatterKind::development:
            if (!matter.development->json) continue;
            p.kind = p.series = "发展党员";
            p.label = "发展党员纪实-" + matter.development->name;
            p.record = stringify(*matter.development->json);
            p.template_name = "development.tpl";
            p.scope = new Object(*development_data(*matter.development, book, as_of));
            break;
        case catalog::MatterKind::dues:
            if (!matter.dues->json) continue;
            p.kind = p.series = "党费";
            p.label = "党费收缴台账";
            p.record = stringify(*matter.dues->json);
            p.template_name = "dues.tpl";
            p.scope = new Object(*dues_data(*matter.dues, data, book, as_of));
            break;
        }
        stamp_archive_code(p.scope, matter, err);
        p.record_sha = archive::sha256_bytes(p.record);
        p.existing = store.find(matter.key);
        std::error_code ec;
        if (p.existing && p.existing->status == "done" && p.existing->record_sha256 == p.record_sha &&
            fs::exists(request.to / fs::u8path(p.existing->folder) / archive::manifest_name, ec)) {
            ++unchanged;
            continue;
        }
        p.scope->set("org", org_json);
        plan.push_back(std::move(p));
    }

    const TypesetterOptions typesetter_options{request.template_dirs, request.deterministic};
    Typesetter typesetter(typesetter_options);
    std::atomic<size_t> typeset{0};
    progress("排版", 0, plan.size());
    run_parallel(plan.size(), typesetter_options, typesetter, err,
                 [&](size_t i, Typesetter& worker, std::ostream&) {
                     Planned& p = plan[i];
                     auto laid_out = worker.lay_out(p.template_name, p.scope, p.matter->key);
                     laid_out.info.title = p.matter->title;
                     laid_out.info.author = org ? org->name : "";
                     laid_out.info.subject = p.matter->code_text;
                     p.problems = laid_out.diagnostics;
                     for (auto& d : worker.to_pdf(laid_out, p.matter->code_text, p.pdf)) p.problems.push_back(std::move(d));
                     p.pages = static_cast<int>(laid_out.pages.size());
                     progress("排版", ++typeset, plan.size());
                 });

    std::vector<core::Diagnostic> problems;
    for (auto& p : plan) {
        const catalog::NumberedMatter& matter = *p.matter;
        const auto& existing = p.existing;
        for (auto& d : p.problems) problems.push_back(std::move(d));
        archive::IndexEntry entry;
        entry.record_id = matter.key;
        entry.year = matter.code.year;
        entry.item = matter.code.item;
        entry.code = matter.code_text;
        char prefix[8];
        std::snprintf(prefix, sizeof prefix, "%04d", matter.code.item);
        entry.folder = existing ? existing->folder
                                : store.free_folder(std::to_string(matter.code.year) + "/" + p.series + "/" +
                                                    archive::safe_file_name(std::string(prefix) + "_" +
                                                                            compact(matter.date) + "_" + p.label));
        entry.date = matter.date.iso();
        entry.kind = p.kind;
        entry.title = matter.title;
        entry.record_sha256 = p.record_sha;
        entry.pages = p.pages;
        store.reserve(entry);

        std::error_code ec;
        std::vector<archive::MatterFile> files;
        files.push_back({"record.pdf", std::move(p.pdf), std::nullopt});
        files.push_back({"record.json", p.record, std::nullopt});
        std::set<std::string> taken{"record.pdf", "record.json"};
        for (const auto& name : p.attachments) {
            auto source = attachment_source(matter.where.file, name, roots);
            if (!source.path) {
                if (!source.problem.empty()) {
                    err << "dangan: " << core::describe(matter.where) << "：附件“" << name << "”" << source.problem
                        << "\n";
                    attachments_refused = true;
                }
                continue;
            }
            files.push_back({attachment_name(name, taken), "", *source.path});
        }
        store.write_matter(entry, style, files);
        existing ? ++updated : ++filed;
        progress("写入档案", static_cast<size_t>(filed + updated), plan.size());
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
    err << core::tr("dangan: 档案 " + request.to.string() + "：新归档 " + std::to_string(filed) + " 件，更新 " +
                        std::to_string(updated) + " 件，未变 " + std::to_string(unchanged) + " 件",
                    "dangan: archive " + request.to.string() + ": " + std::to_string(filed) + " filed, " +
                        std::to_string(updated) + " updated, " + std::to_string(unchanged) + " unchanged")
        << "\n";
    return rules::has_errors(findings) || attachments_refused ? ExitCode::findings : ExitCode::clean;
}

}  // namespace dangan::jobs
