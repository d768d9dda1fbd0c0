#include "document/markup_reader.hpp"

#include "core/messages.hpp"
#include "document/utf8.hpp"

#include <Poco/SAX/Attributes.h>
#include <Poco/SAX/ContentHandler.h>
#include <Poco/SAX/InputSource.h>
#include <Poco/SAX/Locator.h>
#include <Poco/SAX/SAXException.h>
#include <Poco/SAX/SAXParser.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <sstream>

namespace dangan::document {

std::string Paragraph::plain_text() const {
    std::string out;
    for (const auto& piece : content) {
        if (piece.kind == InlineKind::text) out += piece.text;
    }
    return out;
}

namespace {

using core::tr;

constexpr double mm = 72 / 25.4;

// ---------------------------------------------------------------------------------------------
// Step 1: XML → a small element tree that remembers where each element starts.

struct Node {
    std::string name;
    std::vector<std::pair<std::string, std::string>> attributes;
    /// Children in order; a text child has an empty name and its characters in `text`.
    std::vector<std::unique_ptr<Node>> children;
    std::string text;
    int line = 0, column = 0;
    bool is_text() const { return name.empty(); }
};

class TreeBuilder : public Poco::XML::ContentHandler {
public:
    std::unique_ptr<Node> root;
    int too_deep_line = -1, too_deep_column = 0;  ///< where nesting passed max_depth, if it did

    void setDocumentLocator(const Poco::XML::Locator* locator) override { locator_ = locator; }
    void startDocument() override {}
    void endDocument() override {}
    /// Markup is a page, not a data tree: nothing real nests this deep, and reading (and freeing) the
    /// tree recurses once per level, so a runaway template must stop here with a location.
    static constexpr size_t max_depth = 100;

    void startElement(const Poco::XML::XMLString&, const Poco::XML::XMLString& local_name,
                      const Poco::XML::XMLString& qname, const Poco::XML::Attributes& attributes) override {
        if (stack_.size() >= max_depth) {
            too_deep_line = locator_ ? locator_->getLineNumber() : 0;
            too_deep_column = locator_ ? locator_->getColumnNumber() + 1 : 0;
            throw Poco::RuntimeException("too deep");
        }
        auto node = std::make_unique<Node>();
        node->name = local_name.empty() ? qname : local_name;
        for (int i = 0; i < attributes.getLength(); ++i) {
            const auto& name = attributes.getLocalName(i).empty() ? attributes.getQName(i) : attributes.getLocalName(i);
            node->attributes.emplace_back(name, attributes.getValue(i));
        }
        if (locator_) {
            node->line = locator_->getLineNumber();
            node->column = locator_->getColumnNumber() + 1;  // expat counts columns from 0
        }
        Node* raw = node.get();
        if (stack_.empty()) {
            root = std::move(node);
        } else {
            stack_.back()->children.push_back(std::move(node));
        }
        stack_.push_back(raw);
    }
    void endElement(const Poco::XML::XMLString&, const Poco::XML::XMLString&, const Poco::XML::XMLString&) override {
        stack_.pop_back();
    }
    void characters(const Poco::XML::XMLChar ch[], int start, int length) override {
        if (stack_.empty()) return;
        auto& children = stack_.back()->children;
        if (children.empty() || !children.back()->is_text()) {
            auto text = std::make_unique<Node>();
            if (locator_) {
                text->line = locator_->getLineNumber();
                text->column = locator_->getColumnNumber() + 1;
            }
            children.push_back(std::move(text));
        }
        children.back()->text.append(ch + start, static_cast<size_t>(length));
    }
    void ignorableWhitespace(const Poco::XML::XMLChar ch[], int start, int length) override {
        characters(ch, start, length);
    }
    void processingInstruction(const Poco::XML::XMLString&, const Poco::XML::XMLString&) override {}
    void startPrefixMapping(const Poco::XML::XMLString&, const Poco::XML::XMLString&) override {}
    void endPrefixMapping(const Poco::XML::XMLString&) override {}
    void skippedEntity(const Poco::XML::XMLString&) override {}

    /// The elements open when parsing stopped (outermost first): what a malformed document left unclosed.
    const std::vector<Node*>& open_elements() const { return stack_; }

private:
    const Poco::XML::Locator* locator_ = nullptr;
    std::vector<Node*> stack_;
};

// ---------------------------------------------------------------------------------------------
// Step 2: the tree → Document, checking every element and attribute against what markup.md allows.

/// "a, b or c"; with "、" as the last separator, a Chinese list "a、b、c".
std::string join(const std::vector<std::string>& words, const char* last_separator) {
    const bool chinese = std::string_view(last_separator) == "、";
    std::string out;
    for (size_t i = 0; i < words.size(); ++i) {
        if (i > 0) out += (i + 1 == words.size()) ? last_separator : (chinese ? "、" : ", ");
        out += words[i];
    }
    return out;
}

/// A style as written: every field optional, so a style can inherit from its base.
struct StyleSpec {
    std::optional<std::string> family;
    std::optional<double> size;
    std::optional<bool> bold;
    std::optional<Align> align;
    std::optional<std::string> indent, line_pitch, space_before, space_after;  ///< lengths, may use 字
    std::optional<bool> keep_with_next, keep_together;
};

/// A resolved named style keeps its lengths as written, so "2字" follows a later size change.
struct NamedStyle {
    TextStyle text;
    Align align = Align::justify;
    std::string indent = "0pt", line_pitch = "0pt", space_before = "0pt", space_after = "0pt";
    bool keep_with_next = false, keep_together = false;
};

const std::vector<std::string> paragraph_attributes = {"font",         "size",        "bold",
                                                       "align",        "indent",      "line-pitch",
                                                       "space-before", "space-after", "keep-with-next",
                                                       "keep-together"};

class Reader {
public:
    Reader(std::string source, const MarkupOrigin* origin) : source_(std::move(source)), origin_(origin) {
        define_builtin_styles();
    }

    Document read(const Node& root) {
        if (root.name != "document") fail(root, tr("最外层的元素必须是 <document>，这里是 <" + root.name + ">",
                                              "the root element must be <document>, found <" + root.name + ">"));
        check_attributes(root, {"title", "author", "subject", "keywords"});
        doc_.info.title = attr(root, "title").value_or("");
        doc_.info.author = attr(root, "author").value_or("");
        doc_.info.subject = attr(root, "subject").value_or("");
        doc_.info.keywords = attr(root, "keywords").value_or("");

        Section* implicit = nullptr;  // blocks written directly in <document> go here
        for (const auto& child : root.children) {
            if (child->is_text()) {
                check_blank(*child, root);
                continue;
            }
            const Node& node = *child;
            if (node.name == "page") {
                read_page(node);
            } else if (node.name == "style") {
                read_style(node);
            } else if (node.name == "header" || node.name == "footer") {
                read_header_footer(node);
            } else if (node.name == "section") {
                implicit = nullptr;
                doc_.sections.push_back(read_section(node));
            } else if (is_block(node.name)) {
                if (!implicit) {
                    doc_.sections.emplace_back();
                    implicit = &doc_.sections.back();
                }
                implicit->blocks.push_back(read_block(node));
            } else {
                unknown_element(node, root, {"page", "style", "header", "footer", "section", "p", "h1", "h2", "h3",
                                             "table", "page-break", "space", "signature", "toc", "box", "image", "frame"});
            }
        }
        return std::move(doc_);
    }

private:
    std::string source_;
    const MarkupOrigin* origin_ = nullptr;
    Document doc_;
    std::map<std::string, NamedStyle> styles_;
    bool signature_styled_ = false;  ///< the template gave "signature" its own <style>
    bool in_header_footer_ = false;
    bool in_box_ = false;

    // -- errors ---------------------------------------------------------------------------------

    core::Location where(const Node& node) const { return core::Location{source_, node.line, node.column, "", ""}; }

    [[noreturn]] void fail(const Node& node, const std::string& message) const {
        core::Location at = where(node);
        // Errors name the template line that wrote the element, not the line of the generated markup.
        if (origin_ && *origin_) {
            core::Location mapped = (*origin_)(node.line, node.column);
            if (!mapped.file.empty()) at = std::move(mapped);
        }
        throw core::InputError(at, message);
    }

    [[noreturn]] void unknown_element(const Node& node, const Node& parent,
                                      const std::vector<std::string>& allowed) const {
        std::vector<std::string> quoted;
        for (const auto& a : allowed) quoted.push_back("<" + a + ">");
        fail(node, tr("<" + parent.name + "> 里不认识 <" + node.name + ">：这里可以写 " + join(quoted, "、"),
                      "unknown element <" + node.name + "> inside <" + parent.name + ">: expected " +
                          join(quoted, " or ")));
    }

    void check_attributes(const Node& node, const std::vector<std::string>& allowed) const {
        for (const auto& [name, value] : node.attributes) {
            if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
                fail(node, tr("<" + node.name + "> 没有属性 " + name + "：" +
                                  (allowed.empty() ? std::string("它不带任何属性") : "可用的属性是 " + join(allowed, "、")),
                              "unknown attribute '" + name + "' on <" + node.name + ">: expected " +
                                  (allowed.empty() ? std::string("no attributes") : join(allowed, " or "))));
            }
        }
    }

    void check_blank(const Node& text, const Node& parent) const {
        for (char c : text.text) {
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                fail(text, tr("<" + parent.name + "> 里不能直接写文字：请放进 <p> … </p>",
                              "text is not allowed directly inside <" + parent.name + ">: put it in a <p>"));
            }
        }
    }

    static std::optional<std::string> attr(const Node& node, std::string_view name) {
        for (const auto& [n, v] : node.attributes) {
            if (n == name) return v;
        }
        return std::nullopt;
    }

    [[noreturn]] void bad_value(const Node& node, const std::string& name, const std::string& value,
                                const std::string& expected) const {
        fail(node, tr("<" + node.name + "> 的属性 " + name + "=\"" + value + "\" 不对：应为 " + expected,
                      "bad value '" + value + "' for attribute '" + name + "' of <" + node.name + ">: expected " +
                          expected));
    }

    std::optional<bool> bool_attr(const Node& node, const std::string& name) const {
        auto value = attr(node, name);
        if (!value) return std::nullopt;
        if (*value == "yes" || *value == "true") return true;
        if (*value == "no" || *value == "false") return false;
        bad_value(node, name, *value, tr("yes 或 no", "yes or no"));
    }

    template <typename E>
    std::optional<E> enum_attr(const Node& node, const std::string& name,
                               const std::vector<std::pair<std::string, E>>& choices) const {
        auto value = attr(node, name);
        if (!value) return std::nullopt;
        std::vector<std::string> names;
        for (const auto& [n, e] : choices) {
            if (n == *value) return e;
            names.push_back(n);
        }
        bad_value(node, name, *value, join(names, tr("、", " or ").c_str()));
    }

    /// Checks a length attribute now (with any font size) so the error points at the element.
    std::optional<std::string> length_attr(const Node& node, const std::string& name, bool allow_chars = true) const {
        auto value = attr(node, name);
        if (!value) return std::nullopt;
        if (!parse_length(*value, 1) || (!allow_chars && value->find("字") != std::string::npos)) {
            fail(node, tr("<" + node.name + "> 的属性 " + name + "=\"" + *value + "\" 不是长度：应写数字加单位 " +
                              (allow_chars ? "pt、mm、cm 或 字" : "pt、mm 或 cm") + "，如 12pt、37mm",
                          "bad length '" + *value + "' in attribute '" + name + "' of <" + node.name +
                              ">: expected a number followed by " + (allow_chars ? "pt, mm, cm or 字" : "pt, mm or cm")));
        }
        return value;
    }

    double resolved_length(const Node& node, const std::string& name, double font_size = 0) const {
        return *parse_length(*length_attr(node, name, font_size > 0), font_size);
    }

    int int_attr(const Node& node, const std::string& name, int fallback, int min, int max) const {
        auto value = attr(node, name);
        if (!value) return fallback;
        int out = 0;
        auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), out);
        if (ec != std::errc() || end != value->data() + value->size() || out < min || out > max) {
            bad_value(node, name, *value,
                      tr(std::to_string(min) + " 到 " + std::to_string(max) + " 之间的整数",
                         "a whole number from " + std::to_string(min) + " to " + std::to_string(max)));
        }
        return out;
    }

    // -- styles ---------------------------------------------------------------------------------

    void define_builtin_styles() {
        // GB/T 9704-2012: body 3号仿宋, 22 lines in the 225 mm type area; headings 一、 黑体, （一） 楷体;
        // titles 2号小标宋 centred. Ledger tables use 小四 宋体, a size the grid stays readable in.
        NamedStyle body;
        body.text = {"仿宋", 16, false};
        body.indent = "2字";
        body.line_pitch = "28.9935pt";
        styles_["body"] = body;

        NamedStyle h1 = body;
        h1.text = {"小标宋", 22, false};
        h1.align = Align::center;
        h1.indent = "0pt";
        h1.line_pitch = "0pt";
        h1.space_after = "0.5字";
        h1.keep_with_next = true;
        styles_["h1"] = h1;

        NamedStyle h2 = body;
        h2.text = {"黑体", 16, false};
        h2.align = Align::left;
        h2.keep_with_next = true;
        styles_["h2"] = h2;

        NamedStyle h3 = h2;
        h3.text = {"楷体", 16, false};
        styles_["h3"] = h3;

        NamedStyle table;
        table.text = {"宋体", 12, false};
        table.align = Align::left;
        styles_["table"] = table;

        NamedStyle toc_title = h1;
        toc_title.text = {"黑体", 16, false};
        toc_title.space_after = "1字";
        styles_["toc-title"] = toc_title;

        NamedStyle toc = body;
        toc.align = Align::left;
        toc.indent = "0pt";
        styles_["toc"] = toc;

        NamedStyle header;
        header.text = {"宋体", 12, false};
        header.align = Align::center;
        styles_["header"] = header;
        NamedStyle footer = header;
        footer.text.size = 14;
        styles_["footer"] = footer;

        NamedStyle signature = body;
        signature.align = Align::right;
        signature.indent = "0pt";
        styles_["signature"] = signature;
    }

    const NamedStyle& named_style(const Node& node, const std::string& name) const {
        auto it = styles_.find(name);
        if (it == styles_.end()) {
            std::vector<std::string> names;
            for (const auto& [n, s] : styles_) names.push_back(n);
            fail(node, tr("<" + node.name + "> 用了没有定义的样式“" + name + "”：请先用 <style name=\"" + name +
                              "\"> 定义，或用已有的样式之一：" + join(names, "、"),
                          "unknown style '" + name + "' on <" + node.name + ">: define it first with <style name=\"" +
                              name + "\"> or use one of " + join(names, ", ")));
        }
        return it->second;
    }

    /// Reads the style attributes shared by <style>, <p>, <h1>… onto `style`.
    void apply_style_attributes(const Node& node, NamedStyle& style) const {
        if (auto v = attr(node, "font")) {
            if (v->empty()) bad_value(node, "font", *v, tr("字体名，如 宋体 或 仿宋", "a font family such as 宋体 or 仿宋"));
            style.text.family = *v;
        }
        if (auto v = attr(node, "size")) style.text.size = size_value(node, "size", *v);
        if (auto v = bool_attr(node, "bold")) style.text.bold = *v;
        if (auto v = align_attr(node, "align")) style.align = *v;
        if (auto v = length_attr(node, "indent")) style.indent = *v;
        if (auto v = length_attr(node, "line-pitch")) style.line_pitch = *v;
        if (auto v = length_attr(node, "space-before")) style.space_before = *v;
        if (auto v = length_attr(node, "space-after")) style.space_after = *v;
        if (auto v = bool_attr(node, "keep-with-next")) style.keep_with_next = *v;
        if (auto v = bool_attr(node, "keep-together")) style.keep_together = *v;
    }

    double size_value(const Node& node, const std::string& name, const std::string& value) const {
        auto size = parse_font_size(value);
        if (!size || *size <= 0) {
            fail(node, tr("<" + node.name + "> 的属性 " + name + "=\"" + value + "\" 不是字号：应写号数（初号 … 八号、小四 …）" +
                              "或长度，如 12pt",
                          "bad font size '" + value + "' in attribute '" + name + "' of <" + node.name +
                              ">: expected a 号 size (初号 … 八号, 小四 …) or a length such as 12pt"));
        }
        // PDF viewers and libharu draw text up to 600 pt; 初号 is 42 pt. Beyond that is a typing slip.
        if (*size > 600) {
            fail(node, tr("<" + node.name + "> 的属性 " + name + "=\"" + value + "\" 字号太大：字号不能超过 600pt（初号为 42pt）",
                          "font size '" + value + "' in attribute '" + name + "' of <" + node.name +
                              "> is too large: at most 600pt (初号 is 42pt)"));
        }
        return *size;
    }

    std::optional<Align> align_attr(const Node& node, const std::string& name) const {
        return enum_attr<Align>(node, name,
                                {{"left", Align::left},
                                 {"center", Align::center},
                                 {"right", Align::right},
                                 {"justify", Align::justify}});
    }

    static ParagraphStyle resolve(const NamedStyle& style) {
        ParagraphStyle out;
        out.text = style.text;
        out.align = style.align;
        const double size = style.text.size;
        out.first_line_indent = *parse_length(style.indent, size);
        out.line_pitch = *parse_length(style.line_pitch, size);
        out.space_before = *parse_length(style.space_before, size);
        out.space_after = *parse_length(style.space_after, size);
        out.keep_with_next = style.keep_with_next;
        out.keep_together = style.keep_together;
        return out;
    }

    void read_style(const Node& node) {
        std::vector<std::string> allowed = {"name", "based-on"};
        allowed.insert(allowed.end(), paragraph_attributes.begin(), paragraph_attributes.end());
        check_attributes(node, allowed);
        auto name = attr(node, "name");
        if (!name || name->empty()) fail(node, tr("<style> 需要 name 属性，如 <style name=\"正文\">",
                                                    "<style> needs a name attribute, e.g. <style name=\"正文\">"));
        check_no_children(node);
        NamedStyle style;
        if (auto base = attr(node, "based-on")) {
            style = named_style(node, *base);
        } else if (auto it = styles_.find(*name); it != styles_.end()) {
            style = it->second;  // redefining a built-in style changes only the attributes given
        } else {
            // A new style starts from body without its first-line indent: styles made for labels,
            // table cells or titles should not inherit 2字 by surprise (based-on="body" keeps it).
            style = styles_.at("body");
            style.indent = "0pt";
        }
        apply_style_attributes(node, style);
        styles_[*name] = style;
        // Signatures are set in the body's face and size (GB/T 9704 §7.3.5: 署名 in the 正文's 字号): a
        // template that makes its body 小四 gets 小四 signature lines, not the built-in 三号, unless it
        // styles "signature" itself.
        if (*name == "signature") signature_styled_ = true;
        if (*name == "body" && !signature_styled_) {
            NamedStyle signature = style;
            signature.align = Align::right;
            signature.indent = "0pt";
            styles_["signature"] = signature;
        }
    }

    void check_no_children(const Node& node) const {
        for (const auto& child : node.children) {
            if (child->is_text()) {
                check_blank(*child, node);
            } else {
                fail(*child, tr("<" + node.name + "> 里不能有 <" + child->name + ">：<" + node.name + "> 不带内容",
                                "unknown element <" + child->name + "> inside <" + node.name + ">: <" + node.name +
                                    "> has no content"));
            }
        }
    }

    // -- page, header, footer, sections -----------------------------------------------------------

    void read_page(const Node& node) {
        check_attributes(node,
                         {"size", "orientation", "preset", "margin-top", "margin-bottom", "margin-left", "margin-right"});
        check_no_children(node);
        PageSetup& page = doc_.page;
        // preset="gbt9704": the GB/T 9704-2012 page in one attribute — 版心 156 × 225 mm (天头 37 mm,
        // 订口 28 mm), body 三号 仿宋 on the 22-line grid, "— N —" at the outside edge. Margins given
        // beside it still win. preset="record" is the denser page of dangan's ledgers (30/25/28/26 mm).
        if (auto preset = attr(node, "preset")) {
            if (*preset == "gbt9704") {
                page = PageSetup{};
                doc_.footer.gbt9704 = true;
                NamedStyle& body = styles_.at("body");
                body.text.family = "仿宋";
                body.text.size = 16;
                body.line_pitch = "28.9935pt";
            } else if (*preset == "record") {
                page.margin_top = 30 * 72 / 25.4;
                page.margin_bottom = 25 * 72 / 25.4;
                page.margin_left = 28 * 72 / 25.4;
                page.margin_right = 26 * 72 / 25.4;
            } else {
                bad_value(node, "preset", *preset, tr("gbt9704 或 record", "gbt9704 or record"));
            }
        }
        if (auto size = attr(node, "size"); size && *size != "A4") bad_value(node, "size", *size, "A4");
        auto orientation = enum_attr<bool>(node, "orientation", {{"portrait", false}, {"landscape", true}});
        if (orientation.value_or(false)) std::swap(page.width, page.height);
        if (attr(node, "margin-top")) page.margin_top = resolved_length(node, "margin-top");
        if (attr(node, "margin-bottom")) page.margin_bottom = resolved_length(node, "margin-bottom");
        if (attr(node, "margin-left")) page.margin_left = resolved_length(node, "margin-left");
        if (attr(node, "margin-right")) page.margin_right = resolved_length(node, "margin-right");
        if (page.margin_left + page.margin_right > page.width - 72 ||
            page.margin_top + page.margin_bottom > page.height - 72) {
            fail(node, tr("<page> 的页边距太大：留给正文的宽或高不到 1 英寸（25.4mm）",
                          "the margins of <page> leave less than 1 inch for the text"));
        }
    }

    /// scope="document" (the default) or scope="book".
    bool book_scope_attr(const Node& node) {
        const auto scope = attr(node, "scope");
        if (!scope || *scope == "document") return false;
        if (*scope != "book") bad_value(node, "scope", *scope, tr("document 或 book", "document or book"));
        return true;
    }

    void read_header_footer(const Node& node) {
        const bool footer = node.name == "footer";
        check_attributes(node, footer ? std::vector<std::string>{"style", "distance", "scope"}
                                      : std::vector<std::string>{"distance"});
        HeaderFooter& out = footer ? doc_.footer : doc_.header;
        out = HeaderFooter{};
        if (auto style = attr(node, "style")) {
            if (*style != "gbt9704") bad_value(node, "style", *style, "gbt9704");
            out.gbt9704 = true;
        }
        out.book_scope = book_scope_attr(node);
        if (attr(node, "distance")) out.distance = resolved_length(node, "distance");
        in_header_footer_ = true;
        for (const auto& child : node.children) {
            if (child->is_text()) {
                check_blank(*child, node);
            } else if (child->name == "p") {
                out.paragraphs.push_back(read_paragraph(*child, footer ? "footer" : "header"));
            } else {
                unknown_element(*child, node, {"p"});
            }
        }
        in_header_footer_ = false;
    }

    Section read_section(const Node& node) {
        check_attributes(node, {"numbering", "start"});
        Section section;
        section.numbering = enum_attr<Numbering>(node, "numbering",
                                                 {{"arabic", Numbering::arabic}, {"none", Numbering::none}})
                                .value_or(Numbering::arabic);
        if (attr(node, "start")) section.restart = int_attr(node, "start", 1, 1, 100000);
        for (const auto& child : node.children) {
            if (child->is_text()) {
                check_blank(*child, node);
            } else if (is_block(child->name)) {
                section.blocks.push_back(read_block(*child));
            } else {
                unknown_element(*child, node,
                                {"p", "h1", "h2", "h3", "table", "page-break", "space", "signature", "toc", "box", "image", "frame"});
            }
        }
        return section;
    }

    // -- blocks -------------------------------------------------------------------------------------

    static bool is_block(const std::string& name) {
        static const std::set<std::string> blocks = {"p",     "h1",         "h2",    "h3",        "table",
                                                     "page-break", "space", "signature", "toc",       "box",
                                                     "image", "frame"};
        return blocks.count(name) > 0;
    }

    Block read_block(const Node& node) {
        Block block;
        block.where = where(node);
        if (node.name == "p" || node.name == "h1" || node.name == "h2" || node.name == "h3") {
            const bool heading = node.name != "p";
            Paragraph paragraph = read_paragraph(node, heading ? node.name : "body", heading);
            block.keep_together = paragraph.style.keep_together || heading;
            block.keep_with_next = paragraph.style.keep_with_next;
            block.space_before = paragraph.style.space_before;
            block.space_after = paragraph.style.space_after;
            if (heading) {
                Heading h;
                h.level = node.name[1] - '0';
                h.in_toc = bool_attr(node, "toc").value_or(true);
                h.paragraph = std::move(paragraph);
                block.content = std::move(h);
            } else {
                block.content = std::move(paragraph);
            }
        } else if (node.name == "table") {
            read_table(node, block);
        } else if (node.name == "box") {
            read_box(node, block);
        } else if (node.name == "frame") {
            read_frame(node, block);
        } else if (node.name == "image") {
            check_attributes(node, {"src", "width", "height", "align"});
            check_no_children(node);
            Image image;
            const auto src = attr(node, "src");
            if (!src || src->empty()) fail(node, "<image> 需要 src 属性：图片文件（PNG 或 JPEG）相对模板或数据文件夹的路径，如 <image src=\"党徽.png\" width=\"20mm\"/>");
            image.src = *src;
            if (attr(node, "width")) image.width = resolved_length(node, "width");
            if (attr(node, "height")) image.height = resolved_length(node, "height");
            image.align = align_attr(node, "align").value_or(Align::center);
            block.keep_together = true;
            block.content = std::move(image);
        } else if (node.name == "page-break") {
            check_attributes(node, {});
            check_no_children(node);
            block.content = PageBreak{};
        } else if (node.name == "space") {
            check_attributes(node, {"height"});
            check_no_children(node);
            if (!attr(node, "height")) fail(node, tr("<space> 需要 height 属性，如 <space height=\"10mm\"/>",
                                                         "<space> needs a height attribute, e.g. <space height=\"10mm\"/>"));
            block.content = VerticalSpace{resolved_length(node, "height")};
        } else if (node.name == "signature") {
            check_attributes(node, {"style", "width", "align"});
            Signature signature;
            signature.label = read_paragraph(node, "signature", false, {"style", "width", "align"});
            signature.label.style.first_line_indent = 0;
            signature.line_width = attr(node, "width") ? resolved_length(node, "width") : 40 * mm;
            block.keep_together = true;
            block.space_before = signature.label.style.space_before;
            block.space_after = signature.label.style.space_after;
            block.content = std::move(signature);
        } else {  // toc
            check_attributes(node, {"title", "style", "title-style", "form", "columns", "heads", "widths", "padding",
                                    "border-width"});
            check_no_children(node);
            Toc toc;
            read_toc_table(node, toc);
            const std::string entry_style = attr(node, "style").value_or("toc");
            toc.entry_style = resolve(named_style(node, entry_style));
            toc.level_indent = toc.entry_style.text.size * 2;
            if (auto title = attr(node, "title")) {
                Paragraph p;
                p.style = resolve(named_style(node, attr(node, "title-style").value_or("toc-title")));
                p.where = where(node);
                p.content.push_back({InlineKind::text, *title, p.style.text});
                toc.title = std::move(p);
            }
            block.content = std::move(toc);
        }
        return block;
    }

    /// form="table" on <toc> and the attributes that shape the table (columns, heads, widths, padding,
    /// border-width); those are refused on a dot-leader TOC, where they would silently do nothing.
    void read_toc_table(const Node& node, Toc& toc) const {
        toc.form = enum_attr<Toc::Form>(node, "form", {{"leaders", Toc::Form::leaders}, {"table", Toc::Form::table}})
                       .value_or(Toc::Form::leaders);
        if (toc.form != Toc::Form::table) {
            for (const char* name : {"columns", "heads", "widths", "padding", "border-width"}) {
                if (attr(node, name)) {
                    fail(node, tr("<toc> 的属性 " + std::string(name) + " 只用于表格目录：请同时写 form=\"table\"，或删去 " + name,
                                  "attribute '" + std::string(name) + "' of <toc> applies only to a table of contents: add " +
                                      "form=\"table\" or remove it"));
                }
            }
            return;
        }
        struct Known {
            const char* name;
            Toc::Column column;
            const char* head;
        };
        static const Known known[] = {{"number", Toc::Column::number, "序号"},
                                      {"title", Toc::Column::title, "标题"},
                                      {"page", Toc::Column::page, "页码"}};
        std::istringstream words(attr(node, "columns").value_or("number title page"));
        std::string word;
        while (words >> word) {
            const Known* k = std::find_if(std::begin(known), std::end(known), [&](const Known& x) { return word == x.name; });
            if (k == std::end(known)) bad_value(node, "columns", *attr(node, "columns"),
                                                tr("number、title、page 中的一个或几个，以空格分开（序号、标题、页码），如 columns=\"number title page\"",
                                                   "some of number, title, page separated by spaces, e.g. columns=\"number title page\""));
            toc.columns.push_back(k->column);
            toc.heads.push_back(k->head);
        }
        if (toc.columns.empty()) bad_value(node, "columns", "", tr("至少一列，如 columns=\"number title page\"",
                                                                   "at least one column, e.g. columns=\"number title page\""));
        const std::string count = std::to_string(toc.columns.size());
        if (auto heads = attr(node, "heads")) {
            toc.heads.clear();
            size_t start = 0;
            while (true) {
                const size_t bar = heads->find('|', start);
                toc.heads.push_back(heads->substr(start, bar == std::string::npos ? std::string::npos : bar - start));
                if (bar == std::string::npos) break;
                start = bar + 1;
            }
            if (toc.heads.size() != toc.columns.size()) {
                fail(node, tr("<toc> 的 heads=\"" + *heads + "\" 写了 " + std::to_string(toc.heads.size()) + " 个表头，目录有 " +
                                  count + " 列：每列一个，用 | 分开，如 heads=\"序号|标题|页码\"",
                              "attribute 'heads' of <toc> names " + std::to_string(toc.heads.size()) + " headings for " +
                                  count + " columns: give one per column separated by |, e.g. heads=\"No.|Title|Page\""));
            }
        }
        if (auto widths = attr(node, "widths")) {
            toc.widths = parse_widths(node, *widths);
            if (toc.widths.size() != toc.columns.size()) {
                fail(node, tr("<toc> 的 widths=\"" + *widths + "\" 写了 " + std::to_string(toc.widths.size()) +
                                  " 个列宽，目录有 " + count + " 列：每列一个，如 widths=\"12% * 15%\"",
                              "attribute 'widths' of <toc> gives " + std::to_string(toc.widths.size()) + " widths for " +
                                  count + " columns: give one per column, e.g. widths=\"12% * 15%\""));
            }
        }
        toc.padding = attr(node, "padding") ? resolved_length(node, "padding") : 1.5 * mm;
        if (attr(node, "border-width")) toc.border_width = resolved_length(node, "border-width");
    }

    /// <p>, <h1>…, <signature> and cell paragraphs: a style plus overrides, then inline content.
    Paragraph read_paragraph(const Node& node, const std::string& default_style, bool heading = false,
                             std::vector<std::string> allowed = {}) {
        if (allowed.empty()) {
            allowed = {"style"};
            allowed.insert(allowed.end(), paragraph_attributes.begin(), paragraph_attributes.end());
            if (heading) allowed.push_back("toc");
            check_attributes(node, allowed);
        }
        NamedStyle style = named_style(node, attr(node, "style").value_or(default_style));
        if (node.name != "signature") apply_style_attributes(node, style);
        else if (auto a = align_attr(node, "align")) style.align = *a;
        Paragraph paragraph;
        paragraph.style = resolve(style);
        paragraph.where = where(node);
        read_inline(node, paragraph.style.text, paragraph.content);
        normalize_white_space(paragraph.content);
        return paragraph;
    }

    void read_inline(const Node& node, const TextStyle& style, std::vector<Inline>& out) {
        for (const auto& child : node.children) {
            if (child->is_text()) {
                out.push_back({InlineKind::text, child->text, style});
                continue;
            }
            const Node& c = *child;
            if (c.name == "b") {
                check_attributes(c, {});
                TextStyle bold = style;
                bold.bold = true;
                read_inline(c, bold, out);
            } else if (c.name == "span") {
                check_attributes(c, {"font", "size", "bold"});
                TextStyle span = style;
                if (auto v = attr(c, "font")) span.family = *v;
                if (auto v = attr(c, "size")) span.size = size_value(c, "size", *v);
                if (auto v = bool_attr(c, "bold")) span.bold = *v;
                read_inline(c, span, out);
            } else if (c.name == "br") {
                check_attributes(c, {});
                check_no_children(c);
                out.push_back({InlineKind::line_break, "", style});
            } else if (c.name == "page-number" || c.name == "page-count" || c.name == "item-pages") {
                check_attributes(c, c.name == "item-pages" ? std::vector<std::string>{}
                                                           : std::vector<std::string>{"scope"});
                check_no_children(c);
                // Fields are known only when a page is finalised: in headers, footers and boxes.
                if (!in_header_footer_ && !in_box_) {
                    fail(c, tr("<" + c.name + "/> 只能用在 <header>、<footer> 或 <box> 里（页码在排版后才知道）",
                               "<" + c.name + "/> is only allowed inside <header>, <footer> or <box>"));
                }
                // scope="book": numbers through the bound book (cover, catalogue, every record) instead of
                // this document's own sequence; a document printed alone is its own book.
                const bool book = c.name != "item-pages" && book_scope_attr(c);
                // A box is placed while its document is laid out, before the book knows where the document
                // lands: only the document's own numbers exist there.
                if (book && in_box_ && !in_header_footer_)
                    fail(c, "<" + c.name + " scope=\"book\"/> 不能用在 <box> 里：框在版面排好之前放置，"
                            "那时还不知道全书的页码；请去掉 scope=\"book\"，或把它放进 <header>/<footer>");
                const InlineKind kind = c.name == "page-number" ? (book ? InlineKind::book_page_number
                                                                        : InlineKind::page_number)
                                        : c.name == "page-count" ? (book ? InlineKind::book_page_count
                                                                         : InlineKind::page_count)
                                                                 : InlineKind::item_pages;
                out.push_back({kind, "", style});
            } else {
                std::vector<std::string> allowed = {"b", "span", "br"};
                if (in_header_footer_ || in_box_) {
                    allowed.push_back("page-number");
                    allowed.push_back("page-count");
                    allowed.push_back("item-pages");
                }
                unknown_element(c, node, allowed);
            }
        }
    }

    /// Template output is indented XML, so white space is collapsed as in HTML, with one CJK rule:
    /// a white-space run that contains a line break and touches a CJK character disappears (Chinese
    /// has no spaces between words, and a template line break must not become one).
    static void normalize_white_space(std::vector<Inline>& content) {
        // One pass over the characters of all pieces (a field or <br/> counts as one character, cp 0),
        // copying everything but white space byte for byte; a white-space run is decided when the
        // character after it is seen (or the end): one space, written to the piece of its first
        // character, unless the run is at an edge, touches a <br/>, or joins CJK across a line break.
        auto is_space = [](char32_t cp) { return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r'; };
        std::vector<std::string> texts(content.size());
        bool seen = false;          // a character before the current position
        char32_t prev_cp = 0;       // the last non-space character (0: a field, <br/> or NUL)
        bool prev_break = false;    // it was a <br/>
        bool in_run = false;        // inside a white-space run
        size_t run_piece = 0;       // the piece of the run's first character
        bool run_newline = false;
        bool run_after_start = false;  // the run has a character before it
        auto close_run = [&](char32_t next_cp, bool next_break) {
            const bool next_to_break = (run_after_start && prev_break) || next_break;
            const bool cjk_line_join = run_newline && ((run_after_start && is_wide(prev_cp)) || is_wide(next_cp));
            if (run_after_start && !next_to_break && !cjk_line_join) texts[run_piece] += ' ';
            in_run = false;
        };
        for (size_t i = 0; i < content.size(); ++i) {
            if (content[i].kind != InlineKind::text) {
                const bool is_break = content[i].kind == InlineKind::line_break;
                if (in_run) close_run(0, is_break);
                prev_cp = 0;
                prev_break = is_break;
                seen = true;
                continue;
            }
            const std::string& text = content[i].text;
            std::string& out = texts[i];
            out.reserve(text.size());
            for (size_t pos = 0; pos < text.size();) {
                const size_t start = pos;
                const char32_t cp = next_code_point(text, pos);
                if (is_space(cp)) {
                    if (!in_run) {
                        in_run = true;
                        run_piece = i;
                        run_newline = false;
                        run_after_start = seen;
                    }
                    run_newline |= cp == '\n' || cp == '\r';
                    continue;
                }
                if (in_run) close_run(cp, false);
                if (cp == 0xFFFD && pos - start != 3) {
                    append_utf8(out, cp);  // a malformed byte: written as U+FFFD
                } else if (cp != 0) {
                    out.append(text, start, pos - start);
                }
                prev_cp = cp;
                prev_break = false;
                seen = true;
            }
        }
        // A run at the very end is dropped (in_run left open).
        std::vector<Inline> out;
        for (size_t i = 0; i < content.size(); ++i) {
            if (content[i].kind == InlineKind::text) {
                if (texts[i].empty()) continue;
                content[i].text = std::move(texts[i]);
                // Merge with the previous piece when the style is the same (fewer runs to lay out).
                if (!out.empty() && out.back().kind == InlineKind::text && out.back().style == content[i].style) {
                    out.back().text += content[i].text;
                    continue;
                }
            }
            out.push_back(std::move(content[i]));
        }
        content = std::move(out);
    }

    // -- boxes --------------------------------------------------------------------------------------

    /// <box corner x y width>: <p> and <table> placed from a corner of the page, outside the flow.
    void read_box(const Node& node, Block& block) {
        check_attributes(node, {"corner", "x", "y", "width"});
        Box box;
        box.where = where(node);
        box.corner = enum_attr<Corner>(node, "corner", {{"top-right", Corner::top_right},
                                                        {"top-left", Corner::top_left},
                                                        {"bottom-right", Corner::bottom_right},
                                                        {"bottom-left", Corner::bottom_left}})
                         .value_or(Corner::top_right);
        if (!attr(node, "width")) fail(node, tr("<box> 需要 width 属性，如 <box width=\"45mm\">",
                                                "<box> needs a width attribute, e.g. <box width=\"45mm\">"));
        box.width = resolved_length(node, "width");
        if (box.width <= 0) bad_value(node, "width", *attr(node, "width"), tr("大于 0 的长度", "a length greater than 0"));
        box.x = attr(node, "x") ? resolved_length(node, "x") : 0;
        box.y = attr(node, "y") ? resolved_length(node, "y") : 0;
        in_box_ = true;
        for (const auto& child : node.children) {
            if (child->is_text()) {
                check_blank(*child, node);
            } else if (child->name == "p") {
                box.content.emplace_back(read_paragraph(*child, "body"));
            } else if (child->name == "table") {
                Block inner;
                read_table(*child, inner);
                box.content.emplace_back(std::move(std::get<Table>(inner.content)));
            } else {
                in_box_ = false;
                unknown_element(*child, node, {"p", "table"});
            }
        }
        in_box_ = false;
        block.content = std::move(box);
    }

    // -- tables -------------------------------------------------------------------------------------

    void read_table(const Node& node, Block& block) {
        check_attributes(node, {"widths", "style", "border", "border-width", "padding", "keep-together",
                                "keep-with-next", "space-before", "space-after"});
        block.keep_together = bool_attr(node, "keep-together").value_or(false);
        block.keep_with_next = bool_attr(node, "keep-with-next").value_or(false);
        if (attr(node, "space-before")) block.space_before = resolved_length(node, "space-before");
        if (attr(node, "space-after")) block.space_after = resolved_length(node, "space-after");
        block.content = read_table_grid(node);
    }

    /// A <table>'s grid: columns, rows and cells (cells may hold tables: depth is bounded by the
    /// XML reader's nesting limit).
    Table read_table_grid(const Node& node) {
        Table table;
        const std::string style_name = attr(node, "style").value_or("table");
        table.cell_style = resolve(named_style(node, style_name));
        table.borders = enum_attr<bool>(node, "border", {{"grid", true}, {"none", false}}).value_or(true);
        if (attr(node, "border-width")) table.border_width = resolved_length(node, "border-width");
        table.padding = attr(node, "padding") ? resolved_length(node, "padding") : 1.5 * mm;
        if (auto widths = attr(node, "widths")) table.columns = parse_widths(node, *widths);

        // Place cells on the grid as HTML does: each cell takes the next free slot of its row.
        std::vector<std::vector<bool>> taken;
        bool body_seen = false;
        const Node* last_row = nullptr;
        for (const auto& child : node.children) {
            if (child->is_text()) {
                check_blank(*child, node);
                continue;
            }
            if (child->name != "row") unknown_element(*child, node, {"row"});
            const Node& row_node = *child;
            last_row = &row_node;
            check_attributes(row_node, {"header", "min-height"});
            TableRow row;
            row.header = bool_attr(row_node, "header").value_or(false);
            const double row_min = attr(row_node, "min-height") ? resolved_length(row_node, "min-height") : 0;
            if (row.header && body_seen) fail(row_node, tr("表头行（header=\"yes\"）必须写在 <table> 的其他行之前",
                                                             "header rows must come before the other rows of a <table>"));
            body_seen |= !row.header;
            const int r = static_cast<int>(table.rows.size());
            if (static_cast<int>(taken.size()) <= r) taken.resize(r + 1);
            int column = 0;
            for (const auto& cell_child : row_node.children) {
                if (cell_child->is_text()) {
                    check_blank(*cell_child, row_node);
                    continue;
                }
                if (cell_child->name != "cell") unknown_element(*cell_child, row_node, {"cell"});
                TableCell cell = read_cell(*cell_child, table.cell_style);
                cell.min_height = std::max(cell.min_height, row_min);
                while (column < static_cast<int>(taken[r].size()) && taken[r][column]) ++column;
                cell.row = r;
                cell.column = column;
                if (static_cast<int>(taken.size()) < r + cell.rowspan) taken.resize(r + cell.rowspan);
                for (int dr = 0; dr < cell.rowspan; ++dr) {
                    auto& slots = taken[r + dr];
                    if (static_cast<int>(slots.size()) < column + cell.colspan) slots.resize(column + cell.colspan);
                    for (int dc = 0; dc < cell.colspan; ++dc) slots[column + dc] = true;
                }
                column += cell.colspan;
                row.cells.push_back(std::move(cell));
            }
            table.rows.push_back(std::move(row));
        }
        if (table.rows.empty()) fail(node, tr("<table> 至少要有一个 <row>", "a <table> needs at least one <row>"));
        if (taken.size() > table.rows.size()) {
            fail(*last_row, tr("有单元格的 rowspan 超出了 <table> 的最后一行（表格只有 " +
                                   std::to_string(table.rows.size()) + " 行）",
                               "a cell's rowspan reaches below the last row of the <table> (the table has " +
                                   std::to_string(table.rows.size()) + " rows)"));
        }
        size_t columns = table.columns.size();
        if (columns == 0) {
            for (const auto& slots : taken) columns = std::max(columns, slots.size());
            table.columns.assign(columns, ColumnWidth{});
        }
        int r = 0;
        for (const auto& child : node.children) {
            if (child->is_text()) continue;
            size_t filled = 0;
            for (bool t : taken[r]) filled += t;
            if (filled != columns || taken[r].size() != columns) {
                fail(*child, tr("<table> 的第 " + std::to_string(r + 1) + " 行占了 " + std::to_string(filled) + " 列，表格有 " +
                                    std::to_string(columns) + " 列：每一行都要填满所有列（算上 colspan 和上面单元格的 rowspan）",
                                "row " + std::to_string(r + 1) + " of the <table> covers " + std::to_string(filled) +
                                    " of its " + std::to_string(columns) + " columns: every row must fill every column" +
                                    " (count colspan and the rowspan of cells above)"));
            }
            ++r;
        }
        return table;
    }

    std::vector<ColumnWidth> parse_widths(const Node& node, const std::string& text) const {
        std::vector<ColumnWidth> out;
        std::istringstream words(text);
        std::string word;
        double percent = 0;
        while (words >> word) {
            ColumnWidth width;
            if (word == "*") {
                width.kind = ColumnWidth::Kind::automatic;
            } else if (word.back() == '%') {
                double value = 0;
                auto [end, ec] = std::from_chars(word.data(), word.data() + word.size() - 1, value);
                if (ec != std::errc() || end != word.data() + word.size() - 1 || value <= 0) {
                    fail(node, tr("<" + node.name + "> 的 widths 里“" + word + "”不是列宽：应写百分比（如 25%）、长度（如 30mm）或 *",
                              "bad column width '" + word + "' in attribute 'widths' of <" + node.name + ">: expected a " +
                                  "percentage such as 25%, a length such as 30mm, or *"));
                }
                width = {ColumnWidth::Kind::percent, value};
                percent += value;
            } else if (auto points = parse_length(word, 0); points && *points > 0) {
                width = {ColumnWidth::Kind::points, *points};
            } else {
                fail(node, tr("<" + node.name + "> 的 widths 里“" + word + "”不是列宽：应写百分比（如 25%）、长度（如 30mm）或 *",
                              "bad column width '" + word + "' in attribute 'widths' of <" + node.name + ">: expected a " +
                                  "percentage such as 25%, a length such as 30mm, or *"));
            }
            out.push_back(width);
        }
        if (out.empty()) fail(node, tr("<" + node.name + "> 的 widths 是空的：请每列写一个宽度",
                                         "attribute 'widths' of <" + node.name + "> is empty: give one width per column"));
        if (percent > 100.0001) {
            std::ostringstream message;
            message << percent;
            fail(node, tr("<" + node.name + "> 的列宽百分比加起来是 " + message.str() + "%，超过了 100%",
                          "the column widths of <" + node.name + "> add up to " + message.str() + "%, more than 100%"));
        }
        return out;
    }

    TableCell read_cell(const Node& node, const ParagraphStyle& table_style) {
        check_attributes(node, {"colspan", "rowspan", "align", "valign", "min-height"});
        TableCell cell;
        cell.where = where(node);
        cell.colspan = int_attr(node, "colspan", 1, 1, 1000);
        cell.rowspan = int_attr(node, "rowspan", 1, 1, 100000);
        cell.align = align_attr(node, "align").value_or(table_style.align);
        cell.valign = enum_attr<VAlign>(node, "valign",
                                        {{"top", VAlign::top}, {"middle", VAlign::middle}, {"bottom", VAlign::bottom}})
                          .value_or(VAlign::middle);
        if (attr(node, "min-height")) cell.min_height = resolved_length(node, "min-height");
        read_cell_content(node, cell, table_style, "table");
        return cell;
    }

    /// The content of a <cell> or <frame>: either <p> elements and <table>s, or inline content (one
    /// implicit paragraph in `style`).
    void read_cell_content(const Node& node, TableCell& cell, const ParagraphStyle& style,
                           const std::string& paragraph_style) {
        bool has_blocks = false;
        for (const auto& child : node.children)
            has_blocks |= !child->is_text() && (child->name == "p" || child->name == "table");
        if (has_blocks) {
            for (const auto& child : node.children) {
                if (child->is_text()) {
                    check_blank(*child, node);
                } else if (child->name == "p") {
                    Paragraph p = read_paragraph(*child, paragraph_style);
                    if (!attr(*child, "align")) p.style.align = cell.align;
                    cell.paragraphs.push_back(std::move(p));
                } else if (child->name == "table") {
                    check_attributes(*child, {"widths", "style", "border", "border-width", "padding"});
                    cell.tables.push_back({cell.paragraphs.size(), std::make_shared<const Table>(read_table_grid(*child))});
                } else {
                    fail(*child, tr("<" + node.name + "> 里不能有 <" + child->name + ">：<" + node.name +
                                        "> 里要么是 <p> 和 <table>，要么是带 <b>、<span>、<br/> 的文字，不能混用",
                                    "unknown element <" + child->name + "> inside <" + node.name + ">: a " + node.name +
                                        " holds either <p> and <table> elements or text with <b>, <span>, <br>, not both"));
                }
            }
        } else {
            Paragraph p;
            p.style = style;
            p.style.align = cell.align;
            p.where = cell.where;
            read_inline(node, p.style.text, p.content);
            normalize_white_space(p.content);
            cell.paragraphs.push_back(std::move(p));
        }
    }

    /// <frame min-height padding border-width>: a framed box in the flow (a table of one cell) that is
    /// cut at the page bottom and continued on the next page when it does not fit.
    void read_frame(const Node& node, Block& block) {
        check_attributes(node, {"min-height", "padding", "border-width", "align", "valign", "space-before",
                                "space-after", "keep-with-next"});
        Table table;
        table.cell_style = resolve(named_style(node, "body"));
        table.cell_style.first_line_indent = 0;
        table.padding = attr(node, "padding") ? resolved_length(node, "padding") : 2 * mm;
        if (attr(node, "border-width")) table.border_width = resolved_length(node, "border-width");
        table.split_rows = true;
        table.columns.push_back(ColumnWidth{ColumnWidth::Kind::percent, 100});
        TableCell cell;
        cell.where = where(node);
        cell.align = align_attr(node, "align").value_or(Align::justify);
        cell.valign = enum_attr<VAlign>(node, "valign",
                                        {{"top", VAlign::top}, {"middle", VAlign::middle}, {"bottom", VAlign::bottom}})
                          .value_or(VAlign::top);
        if (attr(node, "min-height")) cell.min_height = resolved_length(node, "min-height");
        read_cell_content(node, cell, table.cell_style, "body");
        TableRow row;
        row.cells.push_back(std::move(cell));
        table.rows.push_back(std::move(row));
        block.keep_with_next = bool_attr(node, "keep-with-next").value_or(false);
        if (attr(node, "space-before")) block.space_before = resolved_length(node, "space-before");
        if (attr(node, "space-after")) block.space_after = resolved_length(node, "space-after");
        block.content = std::move(table);
    }
};

}  // namespace

std::optional<double> parse_font_size(std::string_view text) {
    static const std::array<std::pair<std::string_view, double>, 16> names = {{
        {"初号", 42}, {"小初", 36}, {"一号", 26}, {"小一", 24}, {"二号", 22}, {"小二", 18}, {"三号", 16}, {"小三", 15},
        {"四号", 14}, {"小四", 12}, {"五号", 10.5}, {"小五", 9}, {"六号", 7.5}, {"小六", 6.5}, {"七号", 5.5}, {"八号", 5},
    }};
    for (const auto& [name, points] : names) {
        if (text == name) return points;
    }
    if (text.find("字") != std::string_view::npos) return std::nullopt;
    return parse_length(text, 0);
}

std::optional<double> parse_length(std::string_view text, double font_size) {
    double value = 0;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    auto [number_end, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc() || !std::isfinite(value) || value < 0) return std::nullopt;
    const std::string_view unit(number_end, static_cast<size_t>(end - number_end));
    if (unit == "pt") return value;
    if (unit == "mm") return value * mm;
    if (unit == "cm") return value * 10 * mm;
    if (unit == "字" && font_size > 0) return value * font_size;
    return std::nullopt;
}

namespace {

/// Expat's message without Poco's " in line L column C" (0-based column; the location says it).
std::string xml_problem(std::string message) {
    const auto at = message.rfind(" in line ");
    if (at != std::string::npos) message.erase(at);
    for (auto& c : message) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return message;
}

}  // namespace

namespace {

/// The XML name that starts at `offset` (a tag name after "<" or "</", an entity after "&").
std::string name_at(std::string_view xml, size_t offset) {
    size_t end = offset;
    while (end < xml.size() && (std::isalnum(static_cast<unsigned char>(xml[end])) || xml[end] == '-' ||
                                xml[end] == '_' || xml[end] == ':' || xml[end] == '.' ||
                                static_cast<unsigned char>(xml[end]) >= 0x80))
        ++end;
    return std::string(xml.substr(offset, end - offset));
}

/// Byte offset of a 1-based line and 0-based column of `xml`, counted in characters (expat's way).
size_t offset_of(std::string_view xml, int line, int column) {
    size_t offset = 0;
    for (int l = 1; l < line && offset < xml.size(); ++l) {
        const size_t newline = xml.find('\n', offset);
        if (newline == std::string_view::npos) return xml.size();
        offset = newline + 1;
    }
    for (int c = 0; c < column && offset < xml.size() && xml[offset] != '\n'; ++c) next_code_point(xml, offset);
    return offset;
}

/// A malformed-XML error in Chinese that names the tag: where the unclosed element was opened, the
/// closing tag that does not match, the undefined entity. Locations go through `place`.
core::InputError malformed(std::string_view xml, const Poco::XML::SAXParseException& e, const TreeBuilder& builder,
                           const std::function<core::Location(int, int)>& place) {
    const std::string what = e.message();
    auto has = [&](const char* text) {
        std::string lower = what;
        for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return lower.find(text) != std::string::npos;
    };
    const int line = e.getLineNumber(), column = e.getColumnNumber();
    const size_t offset = offset_of(xml, line, column);
    const core::Location here = place(line, column + 1);
    const auto& open = builder.open_elements();
    auto open_place = [&](const Node& node) { return place(node.line, node.column); };
    auto line_text = [](const core::Location& at) {
        return "第" + std::to_string(at.line) + "行";
    };
    if (has("mismatch")) {
        const std::string closing = name_at(xml, offset);
        bool opened = false;
        for (const Node* node : open) opened |= node->name == closing;
        if (open.empty() || !opened) {
            std::string message = "多余的结束标记 </" + closing + ">：前面没有与之对应的 <" + closing + ">";
            if (!open.empty()) {
                const core::Location at = open_place(*open.back());
                message += "；这里应闭合的是" + (at.file == here.file ? std::string() : at.file + " ") +
                           line_text(at) + "的 <" + open.back()->name + ">";
            }
            return core::InputError(here, message);
        }
        const Node& unclosed = *open.back();
        return core::InputError(open_place(unclosed), "<" + unclosed.name + "> 没有闭合：" +
                                                           (here.file == open_place(unclosed).file ? line_text(here)
                                                                                                   : here.file + " " + line_text(here)) +
                                                           "遇到 </" + closing + "> 之前缺少 </" + unclosed.name + ">");
    }
    if (has("no element found") && !open.empty()) {
        const Node& unclosed = *open.back();
        return core::InputError(open_place(unclosed), "<" + unclosed.name + "> 没有闭合：直到标记结束也没有 </" +
                                                           unclosed.name + ">");
    }
    if (has("undefined entity")) {
        const size_t amp = xml.rfind('&', offset);
        const std::string entity = amp == std::string_view::npos ? std::string() : name_at(xml, amp + 1);
        return core::InputError(here, "未定义的实体 &" + entity + ";：标记里只能用 &lt; &gt; &amp; &quot; &apos;（不间断空格等"
                                      "请直接写字符）");
    }
    if (has("duplicate attribute")) {
        const size_t lt = xml.rfind('<', offset);
        const std::string tag = lt == std::string_view::npos ? std::string() : name_at(xml, lt + 1);
        return core::InputError(here, "<" + tag + "> 的同一个属性写了两次：每个属性只能写一次");
    }
    if (has("junk after document element"))
        return core::InputError(here, "</document> 之后还有内容：整个标记必须在一个 <document> … </document> 之内");
    if (has("invalid token") || has("not well-formed")) {
        const char c = offset > 0 && offset <= xml.size() ? xml[offset - 1] : ' ';
        if (c == '<' || c == '&')  // expat points just after the character: name the character itself
            return core::InputError(place(line, column), std::string("正文里的“") + c + "”不能直接写：请写成 " +
                                              (c == '<' ? "&lt;" : "&amp;") +
                                              "（模板里用 {{ }} 输出的数据会自动转换）");
        return core::InputError(here, "这里不是合法的标记：检查 < > 和引号是否成对");
    }
    if (has("unclosed token"))
        return core::InputError(here, "标记没有写完：缺少 > 或属性值的引号");
    if (has("no element found")) return core::InputError(here, "标记是空的：没有 <document> 元素");
    return core::InputError(here, "标记不是合法的 XML：" + xml_problem(what));
}

Document read(std::string_view xml, const std::string& source_name, const MarkupOrigin* origin) {
    auto place = [&](int line, int column) {
        if (origin && *origin) {
            core::Location mapped = (*origin)(line, column);
            if (!mapped.file.empty()) return mapped;
        }
        return core::Location{source_name, line, column, "", ""};
    };
    TreeBuilder builder;
    Poco::XML::SAXParser parser;
    parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, false);
    // Markup comes from templates filled with user data: never fetch external entities.
    parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
    parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
    parser.setContentHandler(&builder);
    try {
        parser.parseMemoryNP(xml.data(), xml.size());
    } catch (const Poco::XML::SAXParseException& e) {
        throw malformed(xml, e, builder, place);
    } catch (const Poco::Exception& e) {
        if (builder.too_deep_line >= 0) {
            // The half-built tree is as deep as allowed: free it level by level, not recursively.
            std::vector<std::unique_ptr<Node>> pending;
            if (builder.root) pending.push_back(std::move(builder.root));
            while (!pending.empty()) {
                auto node = std::move(pending.back());
                pending.pop_back();
                for (auto& child : node->children) pending.push_back(std::move(child));
            }
            throw core::InputError(core::Location{source_name, builder.too_deep_line, builder.too_deep_column, "", ""},
                                   tr("元素嵌套超过 " + std::to_string(TreeBuilder::max_depth) +
                                          " 层：一页的标记用不着这么多层，请检查模板里的循环",
                                      "elements nested deeper than " + std::to_string(TreeBuilder::max_depth) +
                                          " levels; the markup of a page never needs that many"));
        }
        throw core::InputError(core::Location{source_name, 0, 0, "", ""},
                               tr("标记不能按 XML 读取：", "the markup cannot be read as XML: ") + e.displayText());
    }
    if (!builder.root) throw core::InputError(core::Location{source_name, 0, 0, "", ""}, tr("标记是空的", "the markup is empty"));
    return Reader(source_name, origin).read(*builder.root);
}

}  // namespace

Document read_markup(std::string_view xml, const std::string& source_name) {
    return read(xml, source_name, nullptr);
}

Document read_markup(std::string_view xml, const std::string& source_name, const MarkupOrigin& origin) {
    return read(xml, source_name, &origin);
}

}  // namespace dangan::document
