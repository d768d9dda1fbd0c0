// Renderer: walks a const Template with a data tree and writes the output text.
#pragma once

#include "templating/ast.hpp"
#include "templating/value.hpp"

#include "core/diagnostic.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace dangan::templating {

/// Bounds that stop a broken or hostile template from running away. Exceeding one is a
/// TemplateError at the statement that crossed it.
struct RenderLimits {
    /// Loop rounds per render call, all loops together (range() counts its numbers too).
    size_t max_loop_iterations = 1'000'000;
    /// Bytes of output per render call (also the largest text `~` may build).
    size_t max_output_bytes = 64 * 1024 * 1024;
    /// Macro calls nested inside each other (a macro calling itself).
    size_t max_macro_depth = 64;
};

/// Where each piece of a render's output came from, so that a problem found later in the output (a
/// markup error, a layout warning) can name the template file and line that wrote it. Filled by
/// render_template when asked for; costs one entry per write, resolved to lines only on request.
struct SourceMap {
    struct Span {
        size_t output = 0;              ///< byte offset in the output where this piece starts
        const Template* tpl = nullptr;  ///< the template (or included template) that wrote it
        size_t pos = 0;                 ///< byte offset in tpl->source of the text or tag
        bool literal = false;           ///< template text copied as is: output offsets follow source offsets
    };
    std::vector<Span> spans;  ///< in output order
    /// Keeps the templates the spans point into alive (included templates hang off the root).
    std::shared_ptr<const Template> root;

    /// The template name, line and column that wrote output byte `offset`: inside literal text the
    /// exact place, inside {{ … }} output the tag's place. An empty file when nothing is known.
    core::Location locate(size_t offset) const;
};

/// Renders `tpl` with `data` (normally a Poco::JSON::Object::Ptr whose keys become the template's
/// variables). Throws TemplateError. The template, the data and everything they reference must
/// stay alive and unchanged during the call; concurrent calls on the same Template are safe.
/// With `map`, records where every piece of the output came from.
std::string render_template(const Template& tpl, const Var& data, const RenderLimits& limits,
                            SourceMap* map = nullptr);

/// Appends `text` to `out` with & < > " ' replaced by XML entities.
void append_xml_escaped(std::string& out, std::string_view text);

}  // namespace dangan::templating
