#include "jobs/audit_job.hpp"

#include "archive/audit.hpp"
#include "jobs/resources.hpp"

namespace dangan::jobs {

ExitCode run_audit(const AuditRequest& request, std::ostream& out, std::ostream& err) {
    const auto book = rules::RuleBook::load(resource_root() / "profiles", request.profile);
    const auto vocabulary = archive::AuditVocabulary::load(
        request.vocabulary.value_or(resource_root() / "profiles" / "audit" / "vocabulary.json"), book);
    archive::AuditOptions options;
    options.as_of = request.as_of.value_or(core::today());
    options.fast = request.fast;
    const auto report = archive::audit_tree(request.root, vocabulary, book, options);
    out << (request.format == "json" ? archive::audit_to_json(report) : archive::audit_to_text(report));
    if (request.timing)
        err << "dangan: audited " << report.files << " files in " << report.folders << " folders: walk "
            << static_cast<int>(report.walk_seconds * 1000) << " ms, total " << static_cast<int>(report.total_seconds * 1000)
            << " ms, " << report.hashed_bytes / (1024 * 1024) << " MB hashed\n";
    return rules::has_errors(report.findings) ? ExitCode::findings : ExitCode::clean;
}

}  // namespace dangan::jobs
