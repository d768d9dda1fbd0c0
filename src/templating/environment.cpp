#include "templating/environment.hpp"

#include "core/unicode_text.hpp"
#include "templating/analysis.hpp"
#include "templating/error.hpp"
#include "templating/parser.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace dangan::templating {

namespace fs = std::filesystem;

std::string normalize_template_name(const std::string& name) {
    if (name.empty()) throw ValueError("the template name is empty");
    if (name.find('\\') != std::string::npos)
        throw ValueError("write '/' instead of '\\' in the template name '" + name + "'");
    fs::path path(name);
    if (path.is_absolute() || path.has_root_name() || path.has_root_directory())
        throw ValueError("the template name '" + name +
                         "' is an absolute path; write it relative to the template folder");
    fs::path normal = path.lexically_normal();
    if (!normal.empty() && *normal.begin() == "..")
        throw ValueError("the template name '" + name + "' points outside the template folder");
    std::string text = normal.generic_string();
    if (text.empty() || text == "." || text.back() == '/')
        throw ValueError("the template name '" + name + "' names a folder, not a file");
    return text;
}

Environment::Environment(std::vector<fs::path> search_path)
    : search_path_(std::move(search_path)), filters_(FilterTable::builtin()) {}

void Environment::add_filter(std::string name, Filter filter) {
    FilterDef definition;
    definition.function = std::move(filter);
    add_filter(std::move(name), std::move(definition));
}

void Environment::add_filter(std::string name, FilterDef definition) {
    std::lock_guard lock(mutex_);
    filters_.add(std::move(name), std::move(definition));
    filters_added_ = true;
    cache_.clear();  // parsed templates hold the filters they resolved
}

void Environment::set_limits(const RenderLimits& limits) {
    std::lock_guard lock(mutex_);
    limits_ = limits;
}

RenderLimits Environment::limits() const {
    std::lock_guard lock(mutex_);
    return limits_;
}

void Environment::set_lexer_config(const LexerConfig& config) {
    std::lock_guard lock(mutex_);
    lexer_ = config;
    cache_.clear();
}

void Environment::set_max_include_depth(size_t depth) {
    std::lock_guard lock(mutex_);
    max_include_depth_ = depth;
    cache_.clear();
}

void Environment::clear_cache() {
    std::lock_guard lock(mutex_);
    cache_.clear();
}

std::string Environment::read_template(const std::string& name) const {
    for (const fs::path& root : search_path_) {
        fs::path candidate = root / name;
        std::error_code error;
        if (!fs::is_regular_file(candidate, error)) continue;
        // A symbolic link inside the folder must not lead out of it.
        fs::path real = fs::weakly_canonical(candidate, error);
        fs::path real_root = fs::weakly_canonical(root, error);
        auto mismatch = std::mismatch(real_root.begin(), real_root.end(), real.begin(), real.end());
        if (mismatch.first != real_root.end())
            throw ValueError("the template '" + name + "' is a link that points outside the template folder");
        std::ifstream in(candidate, std::ios::binary);
        if (!in) throw ValueError("cannot read the template '" + name + "' (" + candidate.string() + ")");
        std::ostringstream bytes;
        bytes << in.rdbuf();
        std::string source = bytes.str();
        if (source.starts_with("\xEF\xBB\xBF")) source.erase(0, 3);  // a BOM from Windows Notepad
        if (auto bad = core::find_invalid_utf8(source)) {
            throw ValueError("the template '" + name + "' is not UTF-8 (invalid byte at " +
                             position_text(source, *bad) + "; it looks like " + core::guess_encoding(source) +
                             "); save it as UTF-8");
        }
        return source;
    }
    std::string folders;
    for (const fs::path& root : search_path_) folders += (folders.empty() ? "" : ", ") + root.string();
    throw ValueError("cannot find the template '" + name + "' in " +
                     (folders.empty() ? std::string("an empty search path") : folders));
}

namespace {

/// CRLF and lone CR become LF, so that line counting and whitespace control see one line end.
std::string normalize_newlines(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string chain_text(const std::vector<std::string>& loading, const std::string& last) {
    std::string out;
    for (const auto& name : loading) out += name + " → ";
    return out + last;
}

}  // namespace

std::shared_ptr<Template> Environment::parse_locked(std::string source, const std::string& name,
                                                    std::vector<IncludeSite>& chain,
                                                    std::vector<std::string>& loading) {
    ParseContext context;
    context.name = name;
    context.suffix = include_suffix(chain);
    context.filters = &filters_;
    context.lexer = lexer_;
    context.load_include = [&](const std::string& child, const IncludeSite& site) {
        chain.push_back(site);
        auto loaded = load_locked(child, chain, loading);
        chain.pop_back();
        return loaded;
    };
    return parse_template(normalize_newlines(source), context);
}

std::shared_ptr<const Template> Environment::load_locked(const std::string& requested,
                                                         std::vector<IncludeSite>& chain,
                                                         std::vector<std::string>& loading) {
    std::string name = normalize_template_name(requested);
    if (auto it = cache_.find(name); it != cache_.end()) return it->second;
    if (std::find(loading.begin(), loading.end(), name) != loading.end())
        throw ValueError("include cycle: " + chain_text(loading, name));
    if (loading.size() >= max_include_depth_)
        throw ValueError("includes are nested more than " + std::to_string(max_include_depth_) +
                         " deep: " + chain_text(loading, name));
    std::string source = read_template(name);
    loading.push_back(name);
    std::shared_ptr<const Template> parsed = parse_locked(std::move(source), name, chain, loading);
    loading.pop_back();
    cache_[name] = parsed;
    return parsed;
}

std::shared_ptr<const Template> Environment::load(const std::string& name) {
    std::lock_guard lock(mutex_);
    std::vector<IncludeSite> chain;
    std::vector<std::string> loading;
    try {
        return load_locked(name, chain, loading);
    } catch (const ValueError& error) {
        // Only problems with the file itself get here; they have no line.
        throw TemplateError(name, 0, 0, error.what());
    }
}

std::shared_ptr<const Template> Environment::parse_string(std::string_view source, const std::string& name) {
    std::lock_guard lock(mutex_);
    std::vector<IncludeSite> chain;
    std::vector<std::string> loading{name};
    return parse_locked(std::string(source), name, chain, loading);
}

bool Environment::may_read_keys(const std::string& name, const std::vector<std::string>& keys) {
    std::shared_ptr<const Template> tpl = load(name);
    {
        std::lock_guard lock(mutex_);
        if (filters_added_) return true;
    }
    return templating::may_read_keys(*tpl, keys);
}

std::string Environment::render(const Template& tpl, const Poco::Dynamic::Var& data) const {
    RenderLimits limits = this->limits();
    return render_template(tpl, data, limits);
}

std::string Environment::render_file(const std::string& name, const Poco::Dynamic::Var& data) {
    std::shared_ptr<const Template> tpl = load(name);
    return render(*tpl, data);
}

std::string Environment::render_file(const std::string& name, const Poco::Dynamic::Var& data, SourceMap& map) {
    std::shared_ptr<const Template> tpl = load(name);
    map.root = tpl;
    map.spans.clear();
    RenderLimits limits = this->limits();
    return render_template(*tpl, data, limits, &map);
}

std::string Environment::render_string(std::string_view source, const Poco::Dynamic::Var& data,
                                       const std::string& name) {
    std::shared_ptr<const Template> tpl = parse_string(source, name);
    return render(*tpl, data);
}

}  // namespace dangan::templating
