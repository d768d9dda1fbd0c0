// Renderer: walks a const Template with a data tree and writes the output text.
#pragma once

#include "templating/ast.hpp"
#include "templating/value.hpp"

#include <cstddef>
#include <string>

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

/// Renders `tpl` with `data` (normally a Poco::JSON::Object::Ptr whose keys become the template's
/// variables). Throws TemplateError. The template, the data and everything they reference must
/// stay alive and unchanged during the call; concurrent calls on the same Template are safe.
std::string render_template(const Template& tpl, const Var& data, const RenderLimits& limits);

/// Appends `text` to `out` with & < > " ' replaced by XML entities.
void append_xml_escaped(std::string& out, std::string_view text);

}  // namespace dangan::templating
