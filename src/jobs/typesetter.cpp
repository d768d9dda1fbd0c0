#include "jobs/typesetter.hpp"

#include "core/atomic_write.hpp"
#include "core/unicode_text.hpp"
#include "document/markup_reader.hpp"
#include "jobs/resources.hpp"
#include "layout/layout.hpp"
#include "pdf/write_pdf.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <sstream>
#include <thread>

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
    // Every typesetter reads the same font map: its warnings are printed once per run. They do not
    // make the run fail (an unknown key is ignored, as in record files).
    static std::atomic<bool> map_warnings_printed{false};
    if (!fonts_.map_warnings().empty() && !map_warnings_printed.exchange(true))
        for (const auto& d : fonts_.map_warnings()) err << "dangan: " << d.str() << "\n";
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

bool run_parallel(size_t count, const TypesetterOptions& options, Typesetter& main, std::ostream& err,
                  const std::function<void(size_t, Typesetter&, std::ostream&)>& job, size_t min_for_threads) {
    std::vector<std::ostringstream> messages(count);
    std::atomic<size_t> next{0};
    std::atomic<bool> stop{false};
    std::mutex failure_mutex;
    std::exception_ptr failure;
    auto fail = [&] {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        stop = true;
    };
    auto work = [&](Typesetter& typesetter) {
        try {
            for (size_t i = next++; i < count && !stop; i = next++) job(i, typesetter, messages[i]);
        } catch (...) {
            fail();
        }
    };
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const size_t workers = count >= min_for_threads ? std::min<size_t>(std::min<size_t>(cores, 4) - 1, count - 1) : 0;
    std::vector<std::unique_ptr<Typesetter>> typesetters(workers);
    std::vector<std::thread> threads;
    for (size_t w = 0; w < workers; ++w)
        threads.emplace_back([&, w] {
            try {
                typesetters[w] = std::make_unique<Typesetter>(options);
            } catch (...) {
                fail();
                return;
            }
            work(*typesetters[w]);
        });
    work(main);
    for (auto& thread : threads) thread.join();
    for (const auto& m : messages) err << m.str();
    if (failure) std::rethrow_exception(failure);
    bool problems = false;
    for (const auto& t : typesetters) problems = problems || (t && t->problems());
    return problems;
}

}  // namespace dangan::jobs
