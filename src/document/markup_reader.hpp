// Reads dangan document markup (XML, described in docs/markup.md) into a Document.
#pragma once

#include "document/document.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace dangan::document {

/// Parses `xml` into a Document, resolving every style. `source_name` is used as the file in
/// error locations (a path or a template name). Throws core::InputError with line:column of the
/// offending element for malformed XML, unknown elements or attributes, bad lengths, sizes or
/// values, unknown styles and badly shaped tables. Font family names are not checked here (the
/// font map decides; layout reports unknown families).
Document read_markup(std::string_view xml, const std::string& source_name);

/// Maps a line and column of the markup (1-based) to the place that wrote it: the template file and
/// line (jobs pass templating::SourceMap::locate). An empty `file` in the result keeps the markup's place.
using MarkupOrigin = std::function<core::Location(int line, int column)>;

/// read_markup whose errors name the template file and line `origin` maps them to (in Chinese for
/// malformed XML, naming the tag: "<table> 没有闭合 …"). Element locations kept in the Document
/// (for layout warnings) stay in markup lines; map them with `origin` when reporting.
Document read_markup(std::string_view xml, const std::string& source_name, const MarkupOrigin& origin);

/// Parses a font size: a 号 name (初号 小初 一号 小一 二号 小二 三号 小三 四号 小四 五号 小五 六号 小六
/// 七号 八号) or a length such as "12pt". Returns points, or nullopt when not a size.
std::optional<double> parse_font_size(std::string_view text);

/// A length: a number with unit pt, mm, cm or 字 (multiples of `font_size`). nullopt when malformed.
std::optional<double> parse_length(std::string_view text, double font_size);

}  // namespace dangan::document
