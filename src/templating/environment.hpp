// Environment: the façade of the template language. It finds template files on a search path,
// parses them once (with their includes), keeps them by name and renders them with data.
#pragma once

#include "templating/ast.hpp"
#include "templating/error.hpp"
#include "templating/filters.hpp"
#include "templating/lexer.hpp"
#include "templating/renderer.hpp"

#include <Poco/Dynamic/Var.h>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace dangan::templating {

/// Template files, filters and limits. Set it up (add_filter, set_limits, set_lexer_config) before
/// rendering; after that, render_file / render_string / render may be called from several threads
/// at once: parsed templates are immutable and the cache is guarded by a mutex.
class Environment {
public:
    /// `search_path`: folders searched in order for template names and includes. Names are
    /// relative ("ledger.tpl", "partials/header.tpl"); absolute names and ".." that leaves the
    /// folder are rejected.
    explicit Environment(std::vector<std::filesystem::path> search_path);

    /// Adds (or replaces) a filter that takes any number of arguments. Clears the template cache.
    void add_filter(std::string name, Filter filter);
    /// Adds (or replaces) a filter with arity and literal checks. Clears the template cache.
    void add_filter(std::string name, FilterDef definition);

    void set_limits(const RenderLimits& limits);
    RenderLimits limits() const;
    /// trim_blocks / lstrip_blocks (both on by default). Clears the template cache.
    void set_lexer_config(const LexerConfig& config);
    /// Templates deeper than this in an include chain are rejected (default 16).
    void set_max_include_depth(size_t depth);

    /// Parses the named template and everything it includes, or returns the cached parse.
    /// Throws TemplateError (file not found, not UTF-8, syntax errors, include cycles).
    std::shared_ptr<const Template> load(const std::string& name);
    /// Parses template text that has no file (not cached); its includes are loaded from the path.
    std::shared_ptr<const Template> parse_string(std::string_view source, const std::string& name = "<string>");

    /// Renders a parsed template. `data` is normally a Poco::JSON::Object::Ptr.
    std::string render(const Template& tpl, const Poco::Dynamic::Var& data) const;
    std::string render_file(const std::string& name, const Poco::Dynamic::Var& data);
    /// render_file that also records where each piece of the output came from (see SourceMap).
    std::string render_file(const std::string& name, const Poco::Dynamic::Var& data, SourceMap& map);
    std::string render_string(std::string_view source, const Poco::Dynamic::Var& data,
                              const std::string& name = "<string>");

    /// may_read_keys (templating/analysis.hpp) for the named template; true whenever a filter was added
    /// (an added or replaced filter may read any key of what it is given).
    bool may_read_keys(const std::string& name, const std::vector<std::string>& keys);

    /// Forgets parsed templates, so edited files are read again.
    void clear_cache();

private:
    std::shared_ptr<const Template> load_locked(const std::string& name, std::vector<IncludeSite>& chain,
                                                std::vector<std::string>& loading);
    std::shared_ptr<Template> parse_locked(std::string source, const std::string& name,
                                           std::vector<IncludeSite>& chain, std::vector<std::string>& loading);
    std::string read_template(const std::string& name) const;

    std::vector<std::filesystem::path> search_path_;
    FilterTable filters_;
    RenderLimits limits_;
    LexerConfig lexer_;
    size_t max_include_depth_ = 16;
    bool filters_added_ = false;
    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<const Template>, std::less<>> cache_;
};

/// Checks a template name and returns it in normal form ("a/./b.tpl" → "a/b.tpl"). Throws
/// ValueError for an empty or absolute name, a backslash, or ".." that leaves the template folder.
std::string normalize_template_name(const std::string& name);

}  // namespace dangan::templating
