#include "jobs/typesetter.hpp"

#include "core/atomic_write.hpp"
#include "core/unicode_text.hpp"
#include "document/markup_reader.hpp"
#include "jobs/resources.hpp"
#include "layout/layout.hpp"
#include "pdf/write_pdf.hpp"

namespace dangan::jobs {

namespace {
std::vector<std::filesystem::path> template_path(const TypesetterOptions& options) {
    auto path = options.template_dirs;
    path.push_back(resource_root() / "templates");
    return path;
}
}  // namespace

Typesetter::Typesetter(TypesetterOptions options)
    : options_(std::move(options)), templates_(template_path(options_)),
      fonts_(text::FontBook::load(resource_root() / "fonts" / "fonts.json")) {}

layout::LaidOutDocument Typesetter::lay_out(const std::string& template_name, const Poco::JSON::Object::Ptr& scope,
                                            const std::string& what) {
    std::string markup = templates_.render_file(template_name, scope);
    // Markup tags are ASCII, so converting the whole text touches only the Han characters of the content.
    if (options_.simplified) markup = core::to_simplified(markup);
    const auto document = document::read_markup(markup, template_name + " (output for " + what + ")");
    layout::LayoutOptions options;
    options.created = options_.deterministic ? fixed_created : "";
    auto laid_out = layout::layout_document(document, fonts_, options);
    for (auto& d : laid_out.diagnostics)
        if (d.where.record.empty()) d.where.record = what;
    return laid_out;
}

std::vector<core::Diagnostic> Typesetter::to_pdf(const layout::LaidOutDocument& document,
                                                const std::string& source_name, std::string& bytes) {
    pdf::PdfOptions options;
    options.deterministic = options_.deterministic;
    options.source_name = source_name;
    return pdf::write_pdf(document, fonts_, options, bytes);
}

size_t Typesetter::write(const layout::LaidOutDocument& document, const std::filesystem::path& target,
                         std::ostream& err) {
    std::string bytes;
    const auto diagnostics = to_pdf(document, target.string(), bytes);
    core::write_file_atomically(target, bytes);
    report(document.diagnostics, err, true);
    // The writer's warnings say a character is drawn as an outline: it prints correctly, so they
    // inform without making the run fail; its errors (a glyph the face lacks) do.
    report(diagnostics, err, false);
    return bytes.size();
}

void Typesetter::report(const std::vector<core::Diagnostic>& diagnostics, std::ostream& err, bool warnings_count) {
    // The same missing character is reported once per record, not once per occurrence.
    for (const auto& d : diagnostics) {
        if (!reported_.insert(d.where.record + "\n" + d.message).second) continue;
        err << "dangan: " << d.str() << "\n";
        if (warnings_count || d.severity == core::Severity::error) problems_ = true;
    }
}

}  // namespace dangan::jobs
