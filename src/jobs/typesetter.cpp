#include "jobs/typesetter.hpp"

#include "core/atomic_write.hpp"
#include "core/unicode_text.hpp"
#include "document/markup_reader.hpp"
#include "document/utf8.hpp"
#include "jobs/images.hpp"
#include "jobs/resources.hpp"
#include "layout/layout.hpp"
#include "pdf/pdf_writer.hpp"
#include "pdf/write_pdf.hpp"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <sstream>
#include <thread>

namespace dangan::jobs {

namespace {
/// The person names a document's data holds (the roster in `org`, the record's host, recorder,
/// attendees, speakers, candidates, the applicant …): values of name-like keys that are 2–4 Han
/// characters, with a bracketed note such as "刘洋（入党积极分子）" cut off. Layout keeps them whole.
void collect_names(const Poco::Dynamic::Var& value, const std::string& key, std::set<std::string>& names, int depth = 0) {
    static const std::set<std::string> name_keys = {
        "name",    "host",     "recorder",  "speaker",   "present",  "attending", "candidates", "elected",
        "person",  "applicant", "introducers", "contacts", "talker", "with",     "members",    "voters"};
    if (depth > 6) return;
    // Every value of the scope passes here once per record: no copies of the shared pointers (their
    // counts are atomic) and no decoding into a vector.
    const std::type_info& type = value.type();
    if (type == typeid(Poco::JSON::Object::Ptr)) {
        const auto& object = value.extract<Poco::JSON::Object::Ptr>();
        if (!object) return;
        for (const auto& [k, v] : *object) collect_names(v, k, names, depth + 1);
    } else if (type == typeid(Poco::JSON::Array::Ptr)) {
        const auto& array = value.extract<Poco::JSON::Array::Ptr>();
        if (!array) return;
        for (const auto& v : *array) collect_names(v, key, names, depth + 1);
    } else if (value.isString() && name_keys.count(key)) {
        std::string text = type == typeid(std::string) ? value.extract<std::string>() : value.convert<std::string>();
        if (const auto bracket = text.find("（"); bracket != std::string::npos) text.resize(bracket);
        size_t count = 0;
        for (size_t pos = 0; pos < text.size(); ++count) {
            const char32_t cp = document::next_code_point(text, pos);
            if (cp < 0x3400 || (cp > 0x9FFF && cp < 0x20000) || count >= 4) return;
        }
        if (count < 2) return;
        names.insert(std::move(text));
    }
}

std::vector<std::filesystem::path> template_path(const TypesetterOptions& options) {
    auto path = options.template_dirs;
    path.push_back(resource_root() / "templates");
    return path;
}
}  // namespace

Typesetter::Typesetter(TypesetterOptions options)
    : options_(std::move(options)), image_roots_(template_path(options_)), templates_(image_roots_),
      fonts_(text::FontBook::load(resource_root() / "fonts" / "fonts.json")) {
    image_roots_.insert(image_roots_.end(), options_.image_dirs.begin(), options_.image_dirs.end());
}

layout::LaidOutDocument Typesetter::lay_out(const std::string& template_name, const Poco::JSON::Object::Ptr& scope,
                                            const std::string& what) {
    auto laid_out = layout::finish_pages(lay_out_pages(template_name, scope, what), fonts_);
    for (auto& d : laid_out.diagnostics)
        if (d.where.record.empty()) d.where.record = what;
    return laid_out;
}

size_t Typesetter::markup_hash(const std::string& template_name, const Poco::JSON::Object::Ptr& scope) {
    return std::hash<std::string>{}(templates_.render_file(template_name, scope));
}

layout::PagedDocument Typesetter::lay_out_pages(const std::string& template_name, Poco::JSON::Object::Ptr scope,
                                                const std::string& what, size_t* markup_hash) {
    templating::SourceMap map;
    std::string markup = templates_.render_file(template_name, scope, map);
    if (markup_hash) *markup_hash = std::hash<std::string>{}(markup);
    std::set<std::string> names;
    if (scope) collect_names(Poco::Dynamic::Var(scope), "", names);
    scope = nullptr;  // the rest needs only the markup (a book's catalogue frees its rows here)
    // Where each line of the markup starts, so a markup error or layout warning can be traced back
    // through the source map to the template line that wrote it (no cost unless one is reported).
    std::vector<size_t> line_starts{0};
    for (size_t i = markup.find('\n'); i != std::string::npos; i = markup.find('\n', i + 1)) line_starts.push_back(i + 1);
    // The source map counts bytes of the markup as rendered: keep that text when it is converted below.
    const std::string rendered = options_.simplified ? markup : std::string();
    const document::MarkupOrigin origin = [&](int line, int column) {
        if (line < 1 || static_cast<size_t>(line) > line_starts.size()) return core::Location{};
        const std::string& text = options_.simplified ? rendered : markup;
        size_t offset = line_starts[line - 1];
        for (int c = 1; c < column && offset < text.size() && text[offset] != '\n'; ++c)  // columns count characters
            document::next_code_point(text, offset);
        core::Location at = map.locate(offset);
        if (!at.file.empty()) at.record = what;
        return at;
    };
    // Markup tags are ASCII, so converting the whole text touches only the Han characters of the content
    // (lines stay where they are).
    if (options_.simplified) markup = core::to_simplified(markup);
    const std::string source_name = template_name + " (output for " + what + ")";
    auto document = document::read_markup(markup, source_name, origin);
    // Pictures come only from the template folders (the user's, then the shipped ones) or the data folders.
    jobs::load_images(document, image_roots_, origin);
    layout::LayoutOptions options;
    options.created = options_.deterministic ? fixed_created : "";
    options.keep_whole.assign(names.begin(), names.end());
    auto remap = [&](core::Location& where) {
        if (where.file != source_name) return;
        core::Location mapped = origin(where.line, where.column);
        if (!mapped.file.empty()) where = std::move(mapped);
    };
    layout::PagedDocument paged;
    try {
        paged = layout::layout_pages(document, fonts_, options);
    } catch (const core::InputError& e) {
        // Layout's own errors (a table row taller than a page) point at the template line too.
        core::Diagnostic d = e.diagnostic();
        remap(d.where);
        throw core::InputError(std::move(d));
    }
    for (auto& d : paged.laid_out.diagnostics) {
        remap(d.where);
        if (d.where.record.empty()) d.where.record = what;
    }
    return paged;
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
    return write_parts(document.info, target, err, [&](const AddPart& add) { add(document); });
}

size_t Typesetter::write_parts(const layout::DocumentInfo& info, const std::filesystem::path& target,
                               std::ostream& err, const std::function<void(const AddPart&)>& produce, size_t* pages) {
    // Every typesetter reads the same font map: its warnings are printed once per run. They do not
    // make the run fail (an unknown key is ignored, as in record files).
    static std::atomic<bool> map_warnings_printed{false};
    if (!fonts_.map_warnings().empty() && !map_warnings_printed.exchange(true))
        for (const auto& d : fonts_.map_warnings()) err << "dangan: " << d.str() << "\n";
    pdf::PdfOptions options;
    options.deterministic = options_.deterministic;
    options.source_name = target.string();
    core::AtomicFile file(target);
    pdf::PdfWriter writer(fonts_, options, info, [&file](std::string_view bytes) { file.write(bytes); });
    std::vector<core::Diagnostic> layout_diagnostics;
    produce([&](const layout::LaidOutDocument& part) {
        writer.add_pages(part.pages);
        layout_diagnostics.insert(layout_diagnostics.end(), part.diagnostics.begin(), part.diagnostics.end());
    });
    const auto diagnostics = writer.finish();
    file.commit();
    if (pages) *pages = writer.pages();
    report(layout_diagnostics, err, true);
    // The writer's warnings say a character is drawn as an outline: it prints correctly, so they
    // inform without making the run fail; its errors (a glyph the face lacks) do.
    report(diagnostics, err, false);
    return writer.size();
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
    const size_t workers = count >= min_for_threads ? std::min<size_t>(cores - 1, count - 1) : 0;
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
