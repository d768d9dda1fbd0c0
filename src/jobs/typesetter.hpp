// The rendering pipeline shared by every job that prints: template + data → markup → Document →
// laid-out pages → PDF bytes → file (atomically). One Typesetter per run, so parsed templates and
// opened fonts are shared by every document of a batch. Not thread-safe (FontBook is not).
#pragma once

#include "layout/laid_out.hpp"
#include "layout/layout.hpp"
#include "templating/environment.hpp"
#include "text/font_book.hpp"

#include <Poco/JSON/Object.h>

#include <filesystem>
#include <functional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace dangan::jobs {

struct TypesetterOptions {
    std::vector<std::filesystem::path> template_dirs;  ///< searched before the shipped templates/
    bool deterministic = false;                        ///< fixed dates and IDs: same input, same bytes
    bool simplified = false;                           ///< print Traditional characters as Simplified
    /// Data folders <image src> may read from, after the template folders (the only other place).
    std::vector<std::filesystem::path> image_dirs;
};

class Typesetter {
public:
    explicit Typesetter(TypesetterOptions options);

    /// Renders `template_name` with `scope` and lays it out. `what` names the record in messages.
    /// Throws core::InputError for template and markup errors (with their location).
    layout::LaidOutDocument lay_out(const std::string& template_name, const Poco::JSON::Object::Ptr& scope,
                                    const std::string& what);
    /// As lay_out, up to the page bodies: a book draws the headers and footers (layout::finish_pages)
    /// once it knows where the document starts. `markup_hash`, if given, receives markup_hash's value.
    /// `scope` is let go once the markup is rendered: a caller that moves it in frees the data before layout.
    layout::PagedDocument lay_out_pages(const std::string& template_name, Poco::JSON::Object::Ptr scope,
                                        const std::string& what, size_t* markup_hash = nullptr);
    /// A hash of the markup `template_name` renders for `scope`: equal hashes, same pages (a book asks
    /// whether a record's template printed its own place in the book, which is known only later).
    size_t markup_hash(const std::string& template_name, const Poco::JSON::Object::Ptr& scope);

    /// The PDF bytes of `document` (`source_name` names it in diagnostics); the writer's diagnostics are
    /// returned, not printed, for callers that collect them (archive).
    std::vector<core::Diagnostic> to_pdf(const layout::LaidOutDocument& document, const std::string& source_name,
                                         std::string& bytes);

    /// Writes `document` as PDF to `target` atomically and prints its diagnostics (each distinct one
    /// once) to `err`. Returns the PDF's size in bytes.
    size_t write(const layout::LaidOutDocument& document, const std::filesystem::path& target, std::ostream& err);

    /// Writes a document that arrives in parts (a book: cover, catalogue, then its records as they are
    /// finished) as one PDF to `target`, atomically: `produce(add)` calls `add(part)` for each part in
    /// order; each part's pages go to the file at once, so the caller may free the part afterwards
    /// (pdf::PdfWriter). `info` is the document's Info. Prints the diagnostics as write does; returns the
    /// PDF's size in bytes and its page count in `pages`.
    using AddPart = std::function<void(const layout::LaidOutDocument&)>;
    size_t write_parts(const layout::DocumentInfo& info, const std::filesystem::path& target, std::ostream& err,
                       const std::function<void(const AddPart&)>& produce, size_t* pages = nullptr);

    /// Whether any diagnostic was printed (a character that could not be drawn, text that did not fit …).
    bool problems() const { return problems_; }

    templating::Environment& templates() { return templates_; }
    text::FontBook& fonts() { return fonts_; }
    bool deterministic() const { return options_.deterministic; }

    /// The creation date written in deterministic mode.
    static constexpr const char* fixed_created = "2000-01-01T00:00:00Z";

private:
    void report(const std::vector<core::Diagnostic>& diagnostics, std::ostream& err, bool warnings_count);

    TypesetterOptions options_;
    /// Where <image src> may read from: the template folders, the shipped ones, the data folders (found
    /// once: finding the shipped folder asks the file system, and a book asks for every record).
    std::vector<std::filesystem::path> image_roots_;
    templating::Environment templates_;
    text::FontBook fonts_;
    std::set<std::string> reported_;
    bool problems_ = false;
};

/// Runs `count` independent jobs on every core: the calling thread works with `main`, each extra worker
/// with a Typesetter of its own made from `options` (FontBook is not thread-safe; face ids agree between
/// typesetters because they come from the same font map). `job(i, typesetter, messages)` writes what
/// it has to say to `messages`; those are printed to `err` in job order, so the output does not depend on
/// the schedule. Returns whether any worker's typesetter reported problems. The first exception is
/// rethrown after every worker has stopped. Small batches run on the calling thread only.
bool run_parallel(size_t count, const TypesetterOptions& options, Typesetter& main, std::ostream& err,
                  const std::function<void(size_t, Typesetter&, std::ostream&)>& job, size_t min_for_threads = 8);

}  // namespace dangan::jobs
