#include "jobs/audit_job.hpp"

#include "archive/audit.hpp"
#include "archive/scoring.hpp"
#include "core/atomic_write.hpp"
#include "jobs/resources.hpp"
#include "jobs/typesetter.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

namespace dangan::jobs {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

/// The unit named on the sheet: the organisation of a dangan archive, else the folder's name.
std::string unit_name(const std::filesystem::path& root) {
    std::error_code ec;
    const auto org = root / "organisation.json";
    if (std::filesystem::exists(org, ec)) {
        try {
            Poco::JSON::Parser parser;
            const auto o = parser.parse(core::read_file(org)).extract<Object::Ptr>();
            if (o && o->has("name")) return o->getValue<std::string>("name");
        } catch (const std::exception&) {  // Poco::Exception included
        }  // an unreadable organisation.json is audited elsewhere; the sheet falls back to the folder name
    }
    auto name = std::filesystem::absolute(root).lexically_normal();
    if (name.filename().empty()) name = name.parent_path();
    return name.filename().string();
}

std::string severity_words(core::Severity s) {
    return s == core::Severity::error ? "错误" : s == core::Severity::warning ? "警告" : "提示";
}

Object::Ptr sheet_data(const AuditRequest& request, const archive::AuditReport& report,
                       const archive::ScoringProfile& profile, const archive::Score& score,
                       const core::PartialDate& as_of) {
    Object::Ptr sheet = new Object;
    sheet->set("title", profile.title);
    sheet->set("unit", unit_name(request.root));
    sheet->set("folder", request.root.string());
    sheet->set("as_of", as_of.iso());
    sheet->set("full_score", archive::format_points(profile.full_score));
    sheet->set("total", archive::format_points(score.total));
    sheet->set("grade", score.grade);
    sheet->set("files", static_cast<Poco::UInt64>(report.files));
    sheet->set("folders", static_cast<Poco::UInt64>(report.folders));
    sheet->set("records", report.records);
    Array::Ptr items = new Array;
    for (const auto& i : score.items) {
        Object::Ptr o = new Object;
        o->set("name", i.name);
        o->set("findings", i.findings);
        o->set("deducted", archive::format_points(i.deducted));
        o->set("max", archive::format_points(i.max));
        items->add(o);
    }
    sheet->set("items", items);
    Array::Ptr rows = new Array;
    int errors = 0, warnings = 0;
    for (size_t k = 0; k < report.findings.size(); ++k) {
        const auto& f = report.findings[k];
        Object::Ptr o = new Object;
        o->set("index", static_cast<int>(k + 1));
        o->set("path", f.where.file);
        o->set("rule", f.rule);
        o->set("severity_words", severity_words(f.severity));
        o->set("message", f.message);
        o->set("points", archive::format_points(score.points[k]));
        o->set("item", score.item_of[k]);
        rows->add(o);
        errors += f.severity == core::Severity::error;
        warnings += f.severity == core::Severity::warning;
    }
    sheet->set("rows", rows);
    sheet->set("errors", errors);
    sheet->set("warnings", warnings);
    return sheet;
}

}  // namespace

ExitCode run_audit(const AuditRequest& request, std::ostream& out, std::ostream& err) {
    const auto book = rules::RuleBook::load(resource_root() / "profiles", request.profile);
    print_diagnostics(book.warnings(), err);
    const auto vocabulary = archive::AuditVocabulary::load(
        request.vocabulary.value_or(resource_root() / "profiles" / "audit" / "vocabulary.json"), book);
    // Read the scoring profile before the walk, so a broken one stops the run at once.
    std::optional<archive::ScoringProfile> scoring;
    if (request.pdf)
        scoring = archive::ScoringProfile::load(request.scoring.value_or(resource_root() / "profiles" / "audit" / "scoring.json"));
    archive::AuditOptions options;
    options.as_of = request.as_of.value_or(core::today());
    options.fast = request.fast;
    options.follow_links = request.follow_links;
    options.contents = request.contents;
    options.since = request.since;
    const auto report = archive::audit_tree(request.root, vocabulary, book, options);
    out << (request.format == "json" ? archive::audit_to_json(report) : archive::audit_to_text(report));
    if (request.timing)
        err << "dangan: audited " << report.files << " files in " << report.folders << " folders: walk "
            << static_cast<int>(report.walk_seconds * 1000) << " ms, total " << static_cast<int>(report.total_seconds * 1000)
            << " ms, " << report.hashed_bytes / (1024 * 1024) << " MB hashed\n";
    if (request.pdf) {
        const auto score = archive::score_findings(report.findings, *scoring);
        Object::Ptr scope = new Object;
        scope->set("sheet", sheet_data(request, report, *scoring, score, options.as_of));
        Typesetter typesetter({request.template_dirs, request.deterministic});
        const auto doc = typesetter.lay_out("audit_feedback.tpl", scope, "检查情况反馈单");
        const size_t bytes = typesetter.write(doc, *request.pdf, err);
        err << "dangan: wrote " << request.pdf->string() << " (" << doc.pages.size() << " pages, " << bytes / 1024
            << " KB; score " << archive::format_points(score.total) << ")\n";
    }
    return rules::has_errors(report.findings) ? ExitCode::findings : ExitCode::clean;
}

}  // namespace dangan::jobs
