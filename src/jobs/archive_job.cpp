#include "jobs/archive_job.hpp"

#include "archive/store.hpp"
#include "catalog/items.hpp"
#include "core/atomic_write.hpp"
#include "document/markup_reader.hpp"
#include "jobs/resources.hpp"
#include "jobs/template_data.hpp"
#include "layout/layout.hpp"
#include "pdf/write_pdf.hpp"
#include "records/loader.hpp"
#include "rules/check.hpp"
#include "templating/environment.hpp"
#include "text/font_book.hpp"

#include <Poco/JSON/Object.h>

#include <map>
#include <set>
#include <sstream>

namespace dangan::jobs {

namespace {

namespace fs = std::filesystem;
using Poco::JSON::Object;

constexpr const char* fixed_created = "2000-01-01T00:00:00Z";

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
class MatterRenderer {
public:
    MatterRenderer(const ArchiveRequest& request, const records::Dataset& data)
        : request_(request), data_(data), templates_(search_path(request)),
          fonts_(text::FontBook::load(resource_root() / "fonts" / "fonts.json")) {}

    /// The PDF bytes and the page count; layout and PDF problems are appended to `problems`.
    std::pair<std::string, int> render(const catalog::Item& item, std::vector<core::Diagnostic>& problems) {
        Object::Ptr scope = new Object;
        const records::Organisation* org = data_.organisation ? &*data_.organisation : nullptr;
        scope->set("org", organisation_data(org));
        scope->set("item", item_data(item));
        scope->set("record", meeting_data(*item.meeting));
        const std::string markup = templates_.render_file(request_.record_template, scope);
        const auto document =
            document::read_markup(markup, request_.record_template + " (output for " + item.meeting->id + ")");
        layout::LayoutOptions options;
        options.created = request_.deterministic ? fixed_created : "";
        auto laid_out = layout::layout_document(document, fonts_, options);
        laid_out.info.title = item.title;
        laid_out.info.author = org ? org->name : "";
        laid_out.info.subject = item.code_text;
        for (auto& d : laid_out.diagnostics) problems.push_back(d);
        pdf::PdfOptions pdf_options;
        pdf_options.deterministic = request_.deterministic;
        pdf_options.source_name = item.code_text;
        std::string bytes;
        for (auto& d : pdf::write_pdf(laid_out, fonts_, pdf_options, bytes)) problems.push_back(d);
        return {std::move(bytes), static_cast<int>(laid_out.pages.size())};
    }

private:
    static std::vector<fs::path> search_path(const ArchiveRequest& request) {
        auto path = request.template_dirs;
        path.push_back(resource_root() / "templates");
        return path;
    }

    const ArchiveRequest& request_;
    const records::Dataset& data_;
    templating::Environment templates_;
    text::FontBook fonts_;
};

std::string compact(const core::PartialDate& d) { return core::format_date(d, core::DateStyle::compact); }

}  // namespace

ExitCode run_archive(const ArchiveRequest& request, std::ostream& out, std::ostream& err) {
    const auto book = rules::RuleBook::load(resource_root() / "profiles", request.profile);
    core::DiagnosticSink sink;
    const auto data = records::load_dataset(request.inputs, book.vocabulary(), sink);
    if (print_diagnostics(sink.all(), err)) {
        err << "dangan: the data has errors (listed above); fix them and run again\n";
        return ExitCode::unusable;
    }

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

    std::set<int> years;
    for (const auto& m : data.meetings)
        if (m.date.full()) years.insert(m.date.date->year);

    MatterRenderer renderer(request, data);
    int filed = 0, unchanged = 0, updated = 0;
    std::vector<core::Diagnostic> problems;
    std::map<std::string, int> seen;
    for (int year : years) {
        for (auto item : catalog::number_meetings(data, year)) {
            const records::Meeting& m = *item.meeting;
            // The index key: the record's id, which the loader derives from date and kind when the data
            // gives none; two 党小组 meeting on one day are told apart by group, then by their order.
            std::string key = m.id + (m.group.empty() || m.id.find(m.group) != std::string::npos ? "" : " " + m.group);
            if (const int n = seen[key]++; n > 0) key += " (" + std::to_string(n + 1) + ")";
            const std::string record = record_json(m);
            const std::string record_sha = archive::sha256_bytes(record);
            const auto existing = store.find(key);
            std::error_code ec;
            if (existing && existing->status == "done" && existing->record_sha256 == record_sha &&
                fs::exists(request.to / fs::u8path(existing->folder) / archive::manifest_name, ec)) {
                ++unchanged;
                continue;
            }
            int number = 0;
            if (existing) {
                number = existing->item;  // a number once issued never changes
                year = existing->year;
            } else {
                number = store.next_item(year);
                const std::string latest = store.latest_date(year);
                if (!latest.empty() && m.date.date->iso() < latest) {
                    rules::Finding late{rules::rule_id::date_order, core::Severity::warning, m.where, "",
                                        {latest, m.date.date->iso()},
                                        "补归档：日期" + m.date.date->iso() + "早于本年度已归档的最后一件（" + latest +
                                            "），给予下一个件号" + std::to_string(number) + "；已有件号不变",
                                        "DA/T 22-2015 件号一经编定不得更改"};
                    findings.push_back(std::move(late));
                }
            }
            item.code.item = number;
            item.code.year = year;
            item.sequence = number;
            item.code_text = catalog::format_archive_code(item.code, catalog::code_style(style));

            auto [pdf, pages] = renderer.render(item, problems);
            item.pages = pages;
            archive::IndexEntry entry;
            entry.record_id = key;
            entry.year = year;
            entry.item = number;
            entry.code = item.code_text;
            char prefix[8];
            std::snprintf(prefix, sizeof prefix, "%04d", number);
            entry.folder = existing ? existing->folder
                                    : std::to_string(year) + "/组织生活/" +
                                          archive::safe_file_name(std::string(prefix) + "_" + compact(*m.date.date) + "_" +
                                                                  m.kind + "会议记录");
            entry.date = m.date.date->iso();
            entry.kind = m.kind;
            entry.title = item.title;
            entry.record_sha256 = record_sha;
            entry.pages = pages;
            store.reserve(entry);

            std::vector<archive::MatterFile> files;
            files.push_back({"record.pdf", std::move(pdf), std::nullopt});
            files.push_back({"record.json", record, std::nullopt});
            const fs::path data_folder = fs::u8path(m.where.file).parent_path();
            for (const auto& name : m.attachments) {
                const fs::path source = data_folder / fs::u8path(name);
                if (fs::is_regular_file(source, ec))
                    files.push_back({"attachments/" + archive::safe_file_name(fs::u8path(name).filename().string()), "",
                                     source});
                else
                    err << "dangan: " << m.where.file << " (" << m.id << "): attachment '" << name
                        << "' was not found beside the data file; it is listed in the record but not copied\n";
            }
            store.write_matter(entry, style, files);
            existing ? ++updated : ++filed;
            // The list of filed items is the text report; with --format json it goes to the error stream
            // so that standard output stays one JSON document.
            (request.format == "json" ? err : out)
                << entry.code << "  " << entry.date << "  " << entry.folder << (existing ? "  (updated)" : "") << "\n";
        }
    }
    std::set<std::string> reported;
    for (const auto& d : problems)
        if (reported.insert(d.where.record + "\n" + d.message).second) err << "dangan: " << d.str() << "\n";

    rules::sort_findings(findings);
    if (!findings.empty())
        out << (request.format == "json" ? rules::findings_to_json(findings) : rules::findings_to_text(findings));
    err << "dangan: archive " << request.to.string() << ": " << filed << " filed, " << updated << " updated, "
        << unchanged << " unchanged\n";
    return rules::has_errors(findings) ? ExitCode::findings : ExitCode::clean;
}

}  // namespace dangan::jobs
