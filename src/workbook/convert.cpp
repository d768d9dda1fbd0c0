#include "workbook/convert.hpp"
#include "core/messages.hpp"
#include "workbook/json_text.hpp"

#include "core/atomic_write.hpp"
#include "core/json_positions.hpp"
#include "core/suggest.hpp"
#include "core/unicode_text.hpp"
#include "workbook/readers.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

namespace dangan::workbook {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

std::string trim(const std::string& s) {
    // Blanks and the ideographic space U+3000 that IMEs type.
    size_t b = 0, e = s.size();
    auto blank_at = [&](size_t i) -> size_t {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') return 1;
        if (s.compare(i, 3, "\xE3\x80\x80") == 0) return 3;
        return 0;
    };
    while (b < e) { const size_t n = blank_at(b); if (!n) break; b += n; }
    while (e > b) {
        if (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n') { --e; continue; }
        if (e - b >= 3 && s.compare(e - 3, 3, "\xE3\x80\x80") == 0) { e -= 3; continue; }
        break;
    }
    return s.substr(b, e - b);
}

/// A column that only counts the rows (序号, No.): present in most hand-kept sheets, read by nobody.
bool is_row_number_header(const std::string& normalised) {
    static const std::set<std::string> headers = {"序号", "序", "No.", "No", "NO.", "NO", "#"};
    return headers.count(normalised) > 0;
}

/// Splits at 、，,；; outside brackets (a reason such as “出差、培训” stays whole).
std::vector<std::string> split_names(const std::string& text) {
    std::vector<std::string> out;
    std::string current;
    int depth = 0;
    const std::vector<std::string> separators = {"、", "，", ",", "；", ";"};
    for (size_t i = 0; i < text.size();) {
        if (text.compare(i, 3, "（") == 0 || text[i] == '(') ++depth;
        if ((text.compare(i, 3, "）") == 0 || text[i] == ')') && depth > 0) --depth;
        bool split = false;
        if (depth == 0)
            for (const auto& sep : separators)
                if (text.compare(i, sep.size(), sep) == 0) {
                    split = true;
                    if (auto t = trim(current); !t.empty()) out.push_back(t);
                    current.clear();
                    i += sep.size();
                    break;
                }
        if (split) continue;
        current += text[i];
        ++i;
    }
    if (auto t = trim(current); !t.empty()) out.push_back(t);
    return out;
}

/// "周文斌（外出学习）" → {周文斌, 外出学习}.
std::pair<std::string, std::string> split_pair(const std::string& item) {
    for (const std::string open : {"（", "("}) {
        const auto at = item.find(open);
        if (at == std::string::npos || at == 0) continue;
        std::string rest = item.substr(at + open.size());
        for (const std::string close : {"）", ")"})
            if (rest.size() >= close.size() && rest.compare(rest.size() - close.size(), close.size(), close) == 0) {
                rest.erase(rest.size() - close.size());
                return {trim(item.substr(0, at)), trim(rest)};
            }
    }
    return {item, ""};
}

/// Full-width letters and digits (Ｉ, Ｄ, １): U+FF10–FF19, U+FF21–FF3A, U+FF41–FF5A.
bool has_fullwidth_alnum(const std::string& text) {
    for (size_t i = 0; i + 2 < text.size(); ++i) {
        const auto a = static_cast<unsigned char>(text[i]), b = static_cast<unsigned char>(text[i + 1]),
                   c = static_cast<unsigned char>(text[i + 2]);
        if (a != 0xEF) continue;
        if (b == 0xBC && ((c >= 0x90 && c <= 0x99) || (c >= 0xA1 && c <= 0xBA))) return true;
        if (b == 0xBD && c >= 0x81 && c <= 0x9A) return true;
    }
    return false;
}

/// "；是不是“出生日期”？" or "" when nothing is close.
std::string maybe(const std::string& wrong, const std::vector<std::string>& candidates) {
    const auto close = core::closest_name(wrong, candidates);
    return close ? "；是不是“" + *close + "”？" : "";
}

/// A number written as text: full-width digits folded; "5人" or "一百" are not numbers.
std::optional<double> text_number(const std::string& text) {
    const std::string s = trim(core::normalize_nfkc(text));
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    const double value = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

}  // namespace

Var parse_cell(Type type, const Cell& cell, std::string& problem, std::string* note) {
    if (!cell.problem.empty()) {
        problem = cell.problem;
        return {};
    }
    const std::string text = type == Type::lines || type == Type::json ? cell.text : trim(cell.text);
    if (text.empty()) return {};
    switch (type) {
    case Type::text:
        return text;
    case Type::date: {
        if (cell.number) {
            const double v = cell.value;
            if (v == std::floor(v) && v >= 19000101 && v <= 29991231) return text;  // 20250315 typed as a number
            std::string iso;
            if (serial_to_iso(v, false, iso)) {
                if (note) *note = "日期写成了 Excel 日期序号 " + text + "（单元格未设为日期格式），按 " + iso + " 读取";
                return iso;
            }
            problem = "应填日期（如 2025-03-06），这里是数字 " + text;
            return {};
        }
        // CSV files keep no formats: a serial number there is text of five digits.
        if (!cell.date && text.size() == 5 && text.find_first_not_of("0123456789") == std::string::npos) {
            std::string iso;
            if (serial_to_iso(std::stod(text), false, iso)) {
                if (note) *note = "日期写成了 Excel 日期序号 " + text + "，按 " + iso + " 读取";
                return iso;
            }
        }
        return text;
    }
    case Type::time:
        if (cell.number && cell.value >= 0 && cell.value < 1) {
            const long minutes = std::lround(cell.value * 24 * 60);
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "%02ld:%02ld", minutes / 60 % 24, minutes % 60);
            return std::string(buffer);
        }
        return text;
    case Type::integer:
    case Type::number: {
        const auto value = cell.number ? std::optional<double>(cell.value) : text_number(text);
        if (!value) {
            problem = std::string(type == Type::integer ? "应填整数（如 5）" : "应填数字（如 147.9）") + "，这里是文字“" + text + "”";
            return {};
        }
        if (type == Type::integer) {
            if (*value != std::floor(*value) || *value < 0 || *value > 1e9) {
                problem = "应填 0 或正整数，这里是 " + text;
                return {};
            }
            return static_cast<int>(*value);
        }
        return *value;
    }
    case Type::list: {
        auto array = Poco::makeShared<Array>();
        for (const auto& name : split_names(text)) array->add(name);
        return array;
    }
    case Type::lines: {
        auto array = Poco::makeShared<Array>();
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);)
            if (auto t = trim(line); !t.empty()) array->add(t);
        return array;
    }
    case Type::pairs: {
        auto array = Poco::makeShared<Array>();
        for (const auto& item : split_names(text)) {
            auto [name, extra] = split_pair(item);
            auto object = Poco::makeShared<Object>();
            object->set("name", name);
            if (!extra.empty()) object->set("reason", extra);  // the caller renames for committee roles
            array->add(object);
        }
        return array;
    }
    case Type::flag: {
        static const std::set<std::string> yes = {"是", "√", "✓", "true", "TRUE", "1", "Y", "y", "当选"};
        static const std::set<std::string> no = {"否", "×", "✗", "false", "FALSE", "0", "N", "n", "未当选"};
        if (yes.count(text)) return true;
        if (no.count(text)) return false;
        problem = "应填“是”或“否”，这里是“" + text + "”";
        return {};
    }
    case Type::json: {
        try {
            Poco::JSON::Parser parser;
            const Var value = parser.parse(text);
            if (value.type() == typeid(Object::Ptr)) return value;
        } catch (const Poco::Exception&) {
        }
        problem = "“其他”列应是 JSON 对象 {\"键\": 值}（导出时生成的原样保留即可），这里无法读取";
        return {};
    }
    }
    return {};
}

std::string format_cell(Type type, const Var& value, bool* numeric) {
    if (numeric) *numeric = false;
    if (value.isEmpty()) return {};
    auto join = [&](const char* separator, bool pairs) {
        std::string out;
        if (value.type() != typeid(Array::Ptr)) return value.isString() ? value.extract<std::string>() : json_text(value);
        const auto array = value.extract<Array::Ptr>();
        for (size_t i = 0; i < array->size(); ++i) {
            const Var item = array->get(static_cast<unsigned>(i));
            std::string piece;
            if (pairs && item.type() == typeid(Object::Ptr)) {
                const auto object = item.extract<Object::Ptr>();
                piece = object->has("name") ? object->get("name").toString() : "";
                const std::string extra = object->has("reason") ? object->get("reason").toString()
                                          : object->has("role") ? object->get("role").toString() : "";
                if (!extra.empty()) piece += "（" + extra + "）";
            } else {
                piece = item.isString() ? item.extract<std::string>() : json_text(item);
            }
            out += (i ? separator : "") + piece;
        }
        return out;
    };
    switch (type) {
    case Type::list: return join("、", false);
    case Type::lines: return join("\n", false);
    case Type::pairs: return join("、", true);
    case Type::flag: return value.type() == typeid(bool) ? (value.extract<bool>() ? "是" : "否") : value.toString();
    case Type::json: return json_text(value);
    case Type::integer:
    case Type::number:
        if (value.isNumeric() && value.type() != typeid(bool)) {
            if (numeric) *numeric = true;
            char buffer[40];
            std::snprintf(buffer, sizeof buffer, "%.15g", value.convert<double>());
            return buffer;
        }
        return value.isString() ? value.extract<std::string>() : json_text(value);
    default:
        if (value.isString()) return value.extract<std::string>();
        if (value.isNumeric() && value.type() != typeid(bool)) return value.toString();
        return json_text(value);
    }
}

std::string cell_for(const std::map<std::string, std::string>& cells, std::string pointer) {
    while (true) {
        if (auto it = cells.find(pointer); it != cells.end()) return it->second;
        const auto slash = pointer.rfind('/');
        if (slash == std::string::npos || pointer.empty()) break;
        pointer.erase(slash);
    }
    if (auto it = cells.find(""); it != cells.end()) return it->second;
    return {};
}

namespace {

/// Sets `path` ("attendance/expected") in `object`, making the objects on the way.
void set_path(Object::Ptr object, const std::string& path, const Var& value) {
    const auto slash = path.find('/');
    if (slash == std::string::npos) {
        object->set(path, value);
        return;
    }
    const std::string head = path.substr(0, slash);
    Object::Ptr inner;
    if (object->has(head) && object->get(head).type() == typeid(Object::Ptr)) inner = object->getObject(head);
    else {
        inner = Poco::makeShared<Object>();
        object->set(head, inner);
    }
    set_path(inner, path.substr(slash + 1), value);
}

/// Copies the keys of `extra` that `into` does not have (deeply for objects both have).
void merge(Object::Ptr into, Object::Ptr extra) {
    std::vector<std::string> names;
    extra->getNames(names);
    for (const auto& name : names) {
        const Var value = extra->get(name);
        if (into->has(name) && into->get(name).type() == typeid(Object::Ptr) && value.type() == typeid(Object::Ptr))
            merge(into->getObject(name), value.extract<Object::Ptr>());
        else if (!into->has(name))
            into->set(name, value);
    }
}

/// One sheet read as a table: its header row and which column is which.
struct Table {
    const Sheet* sheet = nullptr;
    int header_row = 0;
    std::map<int, const Column*> columns;  ///< sheet column → schema column
    std::map<int, int> steps;              ///< sheet column → development step number
};

class Converter {
public:
    Converter(const Workbook& book, const records::Vocabulary& vocabulary, core::DiagnosticSink& sink)
        : book_(book), vocabulary_(vocabulary), sink_(sink) {
        for (const auto& [name, number] : vocabulary.development_steps) step_names_[core::normalize_nfkc(name)] = number;
    }

    std::vector<Document> run() {
        const Sheet* org = nullptr;
        const Sheet* roster = nullptr;
        const Sheet* meetings = nullptr;
        const Sheet* contents = nullptr;
        const Sheet* votes = nullptr;
        const Sheet* dues = nullptr;
        const Sheet* development = nullptr;
        const Sheet* elections = nullptr;
        const Sheet* candidates = nullptr;
        std::vector<std::string> names;
        for (const auto& s : sheets()) names.push_back(s.name);
        for (const auto& sheet : book_.sheets) {
            const auto* schema = find_sheet(sheet.name);
            if (!schema && (sheet.name == "说明" || sheet.name == "选项")) continue;  // written by `dangan workbook`
            if (!schema) {
                if (sheet.cells.empty()) continue;
                sink_.warning({where(sheet)}, "不认识的工作表“" + sheet.name + "”，已跳过；dangan 读取的工作表是 " +
                                                   join_names(names) + maybe(normalise_header(sheet.name), names));
                continue;
            }
            const Sheet** slot = schema->name == "组织" ? &org : schema->name == "花名册" ? &roster
                               : schema->name == "会议" ? &meetings : schema->name == "会议内容" ? &contents
                               : schema->name == "表决" ? &votes : schema->name == "党费" ? &dues
                               : schema->name == "发展" ? &development : schema->name == "换届" ? &elections : &candidates;
            if (*slot) {
                sink_.error({where(sheet)}, "工作表“" + schema->name + "”出现了两次（另一个在 " + where(**slot) + "）；请合并为一个");
                continue;
            }
            *slot = &sheet;
        }
        for (const auto& [cell, message] : notes()) sink_.warning({cell}, message);
        if (org || roster) read_organisation(org, roster);
        if (meetings) read_meetings(*meetings, contents, votes);
        else if (contents || votes)
            sink_.error({where(contents ? *contents : *votes)}, "有“会议内容”或“表决”表，但没有“会议”表：内容要对应到“会议”表的某一行");
        if (dues) read_dues(*dues);
        if (development) read_developments(*development);
        if (elections || candidates) read_elections(elections, candidates);
        return std::move(documents_);
    }

private:
    std::vector<std::pair<std::string, std::string>> notes() const {
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& note : book_.notes) {
            const auto bar = note.find('|');
            out.emplace_back(book_.file + " " + note.substr(0, bar), note.substr(bar + 1));
        }
        return out;
    }

    static std::string join_names(const std::vector<std::string>& names) {
        std::string out;
        for (const auto& n : names) out += (out.empty() ? "" : "、") + n;
        return out;
    }

    /// "台账.xlsx 会议" or "会议.csv".
    std::string where(const Sheet& sheet) const {
        return sheet.file.empty() ? book_.file + " " + sheet.name : sheet.file;
    }
    std::string where(const Sheet& sheet, int row, int column) const {
        return sheet.file.empty() ? book_.file + " " + sheet.name + "!" + cell_name(row, column)
                                  : sheet.file + " " + cell_name(row, column);
    }

    std::optional<int> step_of(const std::string& header) const {
        std::string h = header;
        // "15 支部大会讨论" or "第15步" or "步骤15"
        if (auto it = step_names_.find(h); it != step_names_.end()) return it->second;
        size_t digits = h.find_first_not_of("0123456789");
        if (digits > 0 && digits != std::string::npos) {
            const int n = std::stoi(h.substr(0, digits));
            if (n >= 1 && n <= vocabulary_.development_step_count) return n;
        }
        return std::nullopt;
    }

    /// Finds the header row (the first ten rows may hold a title such as “党员花名册”) and maps columns.
    std::optional<Table> table(const Sheet& sheet, const SheetSchema& schema) {
        auto match = [&](const std::string& header) -> const Column* {
            const std::string h = normalise_header(header);
            for (const auto& column : schema.columns) {
                if (normalise_header(column.header) == h) return &column;
                for (const auto& alias : column.aliases)
                    if (normalise_header(alias) == h) return &column;
            }
            return nullptr;
        };
        int best_row = 0, best = 0;
        for (int r = 1; r <= std::min(sheet.rows, 10); ++r) {
            int count = 0;
            for (int c = 1; c <= sheet.columns; ++c)
                if (const Cell* cell = sheet.at(r, c); cell && (match(cell->text) || (schema.name == "发展" && step_of(normalise_header(cell->text)))))
                    ++count;
            if (count > best) { best = count; best_row = r; }
        }
        if (!best_row) {
            if (!sheet.cells.empty())
                sink_.error({where(sheet)}, "工作表“" + sheet.name + "”前 10 行里找不到表头：表头应是 " + headers(schema) +
                                                 " 等列名（可用 dangan workbook 生成空白台账对照）");
            return std::nullopt;
        }
        Table t;
        t.sheet = &sheet;
        t.header_row = best_row;
        std::map<const Column*, int> seen;
        std::vector<std::string> known;
        for (const auto& column : schema.columns) known.push_back(column.header);
        for (int c = 1; c <= sheet.columns; ++c) {
            const Cell* cell = sheet.at(best_row, c);
            if (!cell || trim(cell->text).empty()) continue;
            const std::string h = normalise_header(cell->text);
            if (const Column* column = match(cell->text)) {
                if (has_fullwidth_alnum(cell->text))
                    sink_.warning({where(sheet, best_row, c)}, "列名“" + cell->text + "”用了全角字母或数字，已按“" + h +
                                                                   "”读取；建议改为半角，以免其他软件认不出");
                if (auto [it, fresh] = seen.emplace(column, c); !fresh) {
                    sink_.error({where(sheet, best_row, c)}, "列“" + cell->text + "”与 " + cell_name(best_row, it->second) +
                                                                 " 列是同一项（" + column->header + "）；请删去一列");
                    continue;
                }
                t.columns[c] = column;
            } else if (schema.name == "发展" && step_of(h)) {
                t.steps[c] = *step_of(h);
            } else if (is_row_number_header(h)) {
                // 序号 1, 2, 3 … is the row count nearly every hand-kept sheet starts with: nothing to read.
            } else {
                sink_.warning({where(sheet, best_row, c)}, "不认识的列“" + cell->text + "”，这一列已忽略" +
                                                               maybe(h, known));
            }
        }
        return t;
    }

    static std::string headers(const SheetSchema& schema) {
        std::string out;
        int n = 0;
        for (const auto& column : schema.columns) {
            if (column.type == Type::json || ++n > 5) continue;
            out += (out.empty() ? "" : "、") + column.header;
        }
        return out;
    }

    bool row_empty(const Table& t, int row) const {
        for (int c = 1; c <= t.sheet->columns; ++c)
            if (const Cell* cell = t.sheet->at(row, c); cell && (!trim(cell->text).empty() || !cell->problem.empty())) return false;
        return true;
    }

    /// Reads the cell of `column` in `row` (empty Var when blank or unreadable; the problem is reported).
    Var value(const Table& t, int row, int column, Type type) {
        const Cell* cell = t.sheet->at(row, column);
        if (!cell) return {};
        std::string problem, note;
        Var v = parse_cell(type, *cell, problem, &note);
        const Cell* header = t.sheet->at(t.header_row, column);
        const std::string name = header ? trim(header->text) : cell_name(t.header_row, column);
        if (!problem.empty()) sink_.error({where(*t.sheet, row, column)}, "“" + name + "”列：" + problem);
        else if (!note.empty()) sink_.warning({where(*t.sheet, row, column)}, "“" + name + "”列：" + note);
        return v;
    }

    /// Fills `record` from the row's schema columns; `pointer` is where the record will be in its document.
    void fill(const Table& t, int row, Object::Ptr record, const std::string& pointer, Document& doc,
              Object::Ptr* extra = nullptr) {
        doc.cells[pointer] = where(*t.sheet, row, 1);
        for (const auto& [c, column] : t.columns) {
            if (column->key.empty()) {
                if (column->type == Type::json && extra) {
                    Var v = value(t, row, c, Type::json);
                    if (!v.isEmpty()) *extra = v.extract<Object::Ptr>();
                }
                continue;
            }
            Var v = value(t, row, c, column->type);
            if (v.isEmpty()) continue;
            if (column->type == Type::list || column->type == Type::lines || column->type == Type::pairs)
                if (v.extract<Array::Ptr>()->size() == 0) continue;
            set_path(record, column->key, v);
            doc.cells[pointer + "/" + column->key] = where(*t.sheet, row, c);
        }
    }

    std::optional<int> link_column(const Table& t, const std::string& header) const {
        for (const auto& [c, column] : t.columns)
            if (column->key.empty() && column->header == header) return c;
        return std::nullopt;
    }

    void read_organisation(const Sheet* org, const Sheet* roster) {
        Document doc;
        doc.label = book_.file + " " + (org ? "组织" : "花名册");
        doc.root = Poco::makeShared<Object>();
        doc.root->set("kind", "organisation");
        doc.cells[""] = org ? where(*org) : where(*roster);
        if (org) {
            const SheetSchema& schema = *find_sheet("组织");
            std::vector<std::string> known;
            for (const auto& column : schema.columns) known.push_back(column.header);
            Object::Ptr extra;
            for (int r = 1; r <= org->rows; ++r) {
                const Cell* label = org->at(r, 1);
                if (!label || trim(label->text).empty()) continue;
                const std::string h = normalise_header(label->text);
                if (h == "项目" || h == "设置" || h == "名称项目") continue;
                const Column* found = nullptr;
                for (const auto& column : schema.columns) {
                    if (normalise_header(column.header) == h) found = &column;
                    for (const auto& alias : column.aliases)
                        if (normalise_header(alias) == h) found = &column;
                }
                if (!found) {
                    if (r == 1 && org->at(r, 2) && normalise_header(org->at(r, 2)->text) == "内容") continue;
                    sink_.warning({where(*org, r, 1)}, "不认识的项目“" + label->text + "”，这一行已忽略" + maybe(h, known));
                    continue;
                }
                const Cell* cell = org->at(r, 2);
                if (!cell) continue;
                std::string problem;
                Var v = parse_cell(found->type, *cell, problem);
                if (!problem.empty()) {
                    sink_.error({where(*org, r, 2)}, "“" + found->header + "”：" + problem);
                    continue;
                }
                if (v.isEmpty()) continue;
                if (found->type == Type::json) { extra = v.extract<Object::Ptr>(); continue; }
                if (found->key == "groups" && trim(cell->text) == "无") v = Poco::makeShared<Array>();
                if (found->key == "committee/members") {
                    auto array = v.extract<Array::Ptr>();
                    for (size_t i = 0; i < array->size(); ++i) {
                        auto object = array->getObject(static_cast<unsigned>(i));
                        if (object->has("reason")) { object->set("role", object->get("reason")); object->remove("reason"); }
                    }
                }
                set_path(doc.root, found->key, v);
                doc.cells["/" + found->key] = where(*org, r, 2);
            }
            if (extra) merge(doc.root, extra);
        }
        if (roster) {
            if (auto t = table(*roster, *find_sheet("花名册"))) {
                auto members = Poco::makeShared<Array>();
                for (int r = t->header_row + 1; r <= roster->rows; ++r) {
                    if (row_empty(*t, r)) continue;
                    auto member = Poco::makeShared<Object>();
                    Object::Ptr extra;
                    fill(*t, r, member, "/members/" + std::to_string(members->size()), doc, &extra);
                    if (extra) merge(member, extra);
                    members->add(member);
                }
                doc.root->set("members", members);
            }
        }
        // A blank workbook (labels only, no member) holds no organisation yet.
        if (doc.root->size() == 1 && (!doc.root->has("members") || doc.root->getArray("members")->size() == 0)) return;
        if (doc.root->size() == 2 && doc.root->has("members") && doc.root->getArray("members")->size() == 0) return;
        documents_.push_back(std::move(doc));
    }

    void read_meetings(const Sheet& sheet, const Sheet* contents, const Sheet* votes) {
        auto t = table(sheet, *find_sheet("会议"));
        if (!t) return;
        Document doc;
        doc.label = book_.file + " 会议";
        doc.cells[""] = where(sheet);
        doc.root = Poco::makeShared<Object>();
        doc.root->set("kind", "meetings");
        auto records = Poco::makeShared<Array>();
        std::map<std::string, std::vector<size_t>> by_key;  // 编号, and "日期 类型", → record index
        for (int r = t->header_row + 1; r <= sheet.rows; ++r) {
            if (row_empty(*t, r)) continue;
            auto record = Poco::makeShared<Object>();
            Object::Ptr extra;
            const size_t index = records->size();
            fill(*t, r, record, "/records/" + std::to_string(index), doc, &extra);
            if (extra) merge(record, extra);
            // A joint meeting: 会议类型 “主题党日、支部党员大会” is the list of its kinds.
            if (record->has("type") && record->get("type").isString()) {
                const auto kinds = split_names(record->get("type").toString());
                if (kinds.size() > 1) {
                    auto list = Poco::makeShared<Array>();
                    for (const auto& k : kinds) list->add(k);
                    record->set("type", list);
                }
            }
            if (!record->has("type"))
                sink_.error({where(sheet, r, 1)}, "第 " + std::to_string(r) + " 行没有填“会议类型”（如 支部委员会、党小组会、党课）");
            const std::string id = record->has("id") ? record->get("id").toString() : "";
            const std::string derived = (record->has("date") ? record->get("date").toString() : "") + " " +
                                        (record->has("type") ? record->get("type").toString() : "");
            if (!id.empty()) by_key[id].push_back(index);
            by_key[trim(derived)].push_back(index);
            rows_[index] = r;
            records->add(record);
        }
        auto attach = [&](const Sheet* extra_sheet, const char* schema_name, const char* key) {
            if (!extra_sheet) return;
            auto et = table(*extra_sheet, *find_sheet(schema_name));
            if (!et) return;
            const auto link = link_column(*et, "会议");
            if (!link) {
                sink_.error({where(*extra_sheet)}, std::string("工作表“") + schema_name + "”缺少“会议”列：每行要写明属于哪次会议（“会议”表的编号）");
                return;
            }
            for (int r = et->header_row + 1; r <= extra_sheet->rows; ++r) {
                if (row_empty(*et, r)) continue;
                const Cell* cell = extra_sheet->at(r, *link);
                const std::string target = cell ? trim(cell->text) : "";
                auto it = by_key.find(target);
                if (target.empty() || it == by_key.end()) {
                    std::vector<std::string> keys;
                    for (const auto& [k, v] : by_key) keys.push_back(k);
                    sink_.error({where(*extra_sheet, r, *link)},
                                target.empty() ? std::string("没有写属于哪次会议：填“会议”表的编号（或 日期 会议类型）")
                                               : "“会议”表里没有编号为“" + target + "”的会议" + maybe(target, keys));
                    continue;
                }
                if (it->second.size() > 1) {
                    sink_.error({where(*extra_sheet, r, *link)}, "“" + target + "”在“会议”表里有 " + std::to_string(it->second.size()) +
                                                                     " 行（第 " + std::to_string(rows_[it->second[0]]) + "、" +
                                                                     std::to_string(rows_[it->second[1]]) + " 行）；请在“会议”表填不同的编号再对应");
                    continue;
                }
                auto record = records->getObject(static_cast<unsigned>(it->second.front()));
                Array::Ptr list;
                if (record->has(key) && record->get(key).type() == typeid(Array::Ptr)) list = record->getArray(key);
                else {
                    list = Poco::makeShared<Array>();
                    record->set(key, list);
                }
                auto item = Poco::makeShared<Object>();
                Object::Ptr extra;
                fill(*et, r, item, "/records/" + std::to_string(it->second.front()) + "/" + key + "/" + std::to_string(list->size()),
                     doc, &extra);
                if (extra) merge(item, extra);
                list->add(item);
            }
        };
        attach(contents, "会议内容", "content");
        attach(votes, "表决", "votes");
        doc.root->set("records", records);
        documents_.push_back(std::move(doc));
    }

    void read_dues(const Sheet& sheet) {
        const SheetSchema& schema = *find_sheet("党费");
        auto t = table(sheet, schema);
        if (!t) return;
        const auto year_column = link_column(*t, "年度");
        std::map<int, Document> ledgers;  // by year
        std::map<int, int> amount_columns, paid_columns;  // month → sheet column
        for (const auto& [c, column] : t->columns)
            for (int m = 1; m <= 12; ++m) {
                if (column->header == month_header(m)) amount_columns[m] = c;
                if (column->header == paid_header(m)) paid_columns[m] = c;
            }
        for (int r = t->header_row + 1; r <= sheet.rows; ++r) {
            if (row_empty(*t, r)) continue;
            Var year_value = year_column ? value(*t, r, *year_column, Type::integer) : Var();
            if (year_value.isEmpty()) {
                sink_.error({where(sheet, r, year_column.value_or(1))}, "没有填“年度”（如 2025）：党费台账按年度分本");
                continue;
            }
            const int year = year_value.convert<int>();
            Document& doc = ledgers[year];
            if (!doc.root) {
                doc.label = book_.file + " 党费 " + std::to_string(year);
                doc.cells[""] = where(sheet);
                doc.root = Poco::makeShared<Object>();
                doc.root->set("kind", "dues");
                doc.root->set("year", year);
                doc.root->set("members", Poco::makeShared<Array>());
                doc.cells["/year"] = where(sheet, r, *year_column);
            }
            auto members = doc.root->getArray("members");
            const std::string pointer = "/members/" + std::to_string(members->size());
            auto account = Poco::makeShared<Object>();
            Object::Ptr extra;
            fill(*t, r, account, pointer, doc, &extra);
            Object::Ptr by_month;
            if (extra) {
                if (extra->has("台账") && extra->get("台账").type() == typeid(Object::Ptr)) merge(doc.root, extra->getObject("台账"));
                if (extra->has("按月") && extra->get("按月").type() == typeid(Object::Ptr)) by_month = extra->getObject("按月");
                extra->remove("台账");
                extra->remove("按月");
                merge(account, extra);
            }
            if (!account->has("payments")) {
                auto payments = Poco::makeShared<Array>();
                for (int m = 1; m <= 12; ++m) {
                    char month[32];
                    std::snprintf(month, sizeof month, "%04d-%02d", year, m);
                    const std::string mm = month + 5;
                    Var amount = amount_columns.count(m) ? value(*t, r, amount_columns[m], Type::number) : Var();
                    Var paid = paid_columns.count(m) ? value(*t, r, paid_columns[m], Type::date) : Var();
                    const bool more = by_month && by_month->has(mm);
                    if (amount.isEmpty() && paid.isEmpty() && !more) continue;
                    auto payment = Poco::makeShared<Object>();
                    payment->set("month", std::string(month));
                    const std::string at = pointer + "/payments/" + std::to_string(payments->size());
                    doc.cells[at] = where(sheet, r, amount_columns.count(m) ? amount_columns[m] : 1);
                    if (!amount.isEmpty()) { payment->set("amount", amount); doc.cells[at + "/amount"] = where(sheet, r, amount_columns[m]); }
                    if (!paid.isEmpty()) { payment->set("paid", paid); doc.cells[at + "/paid"] = where(sheet, r, paid_columns[m]); }
                    if (more && by_month->get(mm).type() == typeid(Object::Ptr)) merge(payment, by_month->getObject(mm));
                    payments->add(payment);
                }
                account->set("payments", payments);
            }
            members->add(account);
        }
        for (auto& [year, doc] : ledgers) documents_.push_back(std::move(doc));
    }

    void read_developments(const Sheet& sheet) {
        auto t = table(sheet, *find_sheet("发展"));
        if (!t) return;
        for (int r = t->header_row + 1; r <= sheet.rows; ++r) {
            if (row_empty(*t, r)) continue;
            Document doc;
            doc.label = book_.file + " 发展 第" + std::to_string(r) + "行";
            doc.cells[""] = where(sheet, r, 1);
            doc.root = Poco::makeShared<Object>();
            doc.root->set("kind", "development");
            Object::Ptr extra;
            fill(*t, r, doc.root, "", doc, &extra);
            doc.cells[""] = where(sheet, r, 1);
            Object::Ptr details;
            if (extra) {
                if (extra->has("步骤详情") && extra->get("步骤详情").type() == typeid(Object::Ptr)) details = extra->getObject("步骤详情");
                extra->remove("步骤详情");
                merge(doc.root, extra);
            }
            if (!doc.root->has("steps")) {
                std::map<int, Object::Ptr> steps;
                std::map<int, int> columns;
                for (const auto& [c, number] : t->steps) {
                    Var date = value(*t, r, c, Type::date);
                    if (date.isEmpty()) continue;
                    if (steps.count(number)) {
                        sink_.error({where(sheet, r, c)}, "第 " + std::to_string(number) + " 步有两列（另一列是 " +
                                                              cell_name(t->header_row, columns[number]) + "）；请删去一列");
                        continue;
                    }
                    auto step = Poco::makeShared<Object>();
                    step->set("step", number);
                    step->set("date", date);
                    steps[number] = step;
                    columns[number] = c;
                }
                if (details) {
                    std::vector<std::string> names;
                    details->getNames(names);
                    for (const auto& name : names) {
                        const int number = std::atoi(name.c_str());
                        if (number < 1 || details->get(name).type() != typeid(Object::Ptr)) continue;
                        if (!steps.count(number)) {
                            steps[number] = Poco::makeShared<Object>();
                            steps[number]->set("step", number);
                        }
                        merge(steps[number], details->getObject(name));
                    }
                }
                auto array = Poco::makeShared<Array>();
                for (const auto& [number, step] : steps) {
                    const std::string at = "/steps/" + std::to_string(array->size());
                    doc.cells[at] = where(sheet, r, columns.count(number) ? columns[number] : 1);
                    array->add(step);
                }
                if (array->size()) doc.root->set("steps", array);
            }
            documents_.push_back(std::move(doc));
        }
    }

    void read_elections(const Sheet* steps_sheet, const Sheet* candidates_sheet) {
        std::map<std::string, Document> elections;
        std::vector<std::string> order;
        auto get = [&](const std::string& name, const Sheet& sheet) -> Document& {
            auto [it, fresh] = elections.try_emplace(name);
            if (fresh) {
                order.push_back(name);
                it->second.label = book_.file + " 换届 " + (name.empty() ? "换届选举" : name);
                it->second.cells[""] = where(sheet);
                it->second.root = Poco::makeShared<Object>();
                it->second.root->set("kind", "election");
                if (!name.empty()) it->second.root->set("id", name);
            }
            return it->second;
        };
        auto each = [&](const Sheet* sheet, const char* schema_name, const char* key) {
            if (!sheet) return;
            auto t = table(*sheet, *find_sheet(schema_name));
            if (!t) return;
            const auto link = link_column(*t, "换届");
            for (int r = t->header_row + 1; r <= sheet->rows; ++r) {
                if (row_empty(*t, r)) continue;
                const Cell* cell = link ? sheet->at(r, *link) : nullptr;
                Document& doc = get(cell ? trim(cell->text) : "", *sheet);
                auto item = Poco::makeShared<Object>();
                Object::Ptr extra;
                Array::Ptr list = doc.root->has(key) ? doc.root->getArray(key) : Poco::makeShared<Array>();
                fill(*t, r, item, std::string("/") + key + "/" + std::to_string(list->size()), doc, &extra);
                if (extra && extra->has("换届信息") && extra->get("换届信息").type() == typeid(Object::Ptr)) {
                    merge(doc.root, extra->getObject("换届信息"));
                    extra->remove("换届信息");
                }
                if (extra) merge(item, extra);
                if (item->size() == 0) continue;  // a row that only carries the election's own settings
                list->add(item);
                doc.root->set(key, list);
            }
        };
        each(steps_sheet, "换届", "steps");
        each(candidates_sheet, "候选人", "candidates");
        for (const auto& name : order) documents_.push_back(std::move(elections[name]));
    }

    const Workbook& book_;
    const records::Vocabulary& vocabulary_;
    core::DiagnosticSink& sink_;
    std::map<std::string, int> step_names_;
    std::map<size_t, int> rows_;
    std::vector<Document> documents_;
};

}  // namespace

std::vector<Document> convert(const Workbook& book, const records::Vocabulary& vocabulary, core::DiagnosticSink& sink) {
    return Converter(book, vocabulary, sink).run();
}

namespace {

bool is_sheet_file(const std::filesystem::path& path) {
    const auto ext = path.extension().string();
    return ext == ".xlsx" || ext == ".xlsm" || ext == ".csv" || ext == ".XLSX" || ext == ".CSV";
}

}  // namespace

namespace {

/// The header of the column whose key ends `pointer` ("/records/3/attendance/expected" → 应到人数), with
/// its sheet; empty when no column has it.
std::pair<std::string, std::string> header_for(const std::string& pointer, const std::string& cell) {
    // The sheet the cell is on ("台账.xlsx 花名册!A5" → 花名册); a top-level key ("/name") of an
    // organisation is a setting of the 组织 sheet whatever cell it falls back to.
    std::string preferred = cell.substr(cell.rfind(' ') == std::string::npos ? 0 : cell.rfind(' ') + 1);
    preferred = preferred.substr(0, preferred.find('!'));
    if (std::count(pointer.begin(), pointer.end(), '/') == 1) preferred = "组织";
    std::pair<std::string, std::string> best;
    size_t best_length = 0;
    for (const auto& sheet : sheets())
        for (const auto& column : sheet.columns) {
            if (!preferred.empty() && sheet.name != preferred && find_sheet(preferred)) continue;
            if (column.key.empty()) continue;
            const std::string tail = "/" + column.key;
            if (pointer.size() >= tail.size() && pointer.compare(pointer.size() - tail.size(), tail.size(), tail) == 0 &&
                tail.size() > best_length) {
                best = {column.header, sheet.name};
                best_length = tail.size();
            }
        }
    return best;
}

std::string between(const std::string& text, const std::string& open, const std::string& close, size_t from = 0) {
    const auto a = text.find(open, from);
    if (a == std::string::npos) return {};
    const auto b = text.find(close, a + open.size());
    return b == std::string::npos ? std::string() : text.substr(a + open.size(), b - a - open.size());
}

/// The JSON loader speaks of keys and quotes; a workbook user sees columns. The messages it gives for
/// what a sheet can hold are said again in Chinese with the column's header (others pass unchanged).
std::string in_sheet_words(const std::string& message, const std::string& pointer, const std::string& cell) {
    // The loader's messages are Chinese by default and English with --lang en: both are recognised.
    if ((message.starts_with("the field \"") && message.ends_with("\" is required")) || message.starts_with("缺少必填字段“")) {
        const auto [header, sheet] = header_for(pointer, cell);
        if (!header.empty()) return "缺少必填项“" + header + "”（“" + sheet + "”表）";
    }
    if (message.starts_with("unknown meeting kind \"")) {
        const std::string kind = between(message, "\"", "\"");
        const std::string list = between(message, "expected one of ", " (a local");
        return "不认识的会议类型“" + kind + "”；应为 " + list + " 之一（本地规则集可以增加会议类型）";
    }
    if (message.starts_with("unknown election step \"")) {
        const std::string step = between(message, "\"", "\"");
        const auto at = message.find("expected one of ");
        return "不认识的换届步骤“" + step + "”；应为 " + (at == std::string::npos ? "" : message.substr(at + 16)) + " 之一";
    }
    if (message.starts_with("expected \"正式\" or \"预备\", found \"")) {
        return "“党员类别”应填“正式”或“预备”，这里是“" + between(message, "found \"", "\"") + "”";
    }
    if (message.starts_with("党员类别应为“正式”或“预备”，实际是“")) {
        return "“党员类别”应填“正式”或“预备”，这里是“" + between(message, "实际是“", "”") + "”";
    }
    if (message.starts_with("unknown field \"")) {
        return "“其他”列里的键“" + between(message, "\"", "\"") + "”不认识，已忽略";
    }
    if (message.starts_with("不认识的字段“")) {
        return "“其他”列里的键“" + between(message, "“", "”") + "”不认识，已忽略";
    }
    return message;
}

}  // namespace

records::Dataset load_dataset(const std::vector<std::filesystem::path>& inputs, const records::Vocabulary& vocabulary,
                              core::DiagnosticSink& sink) {
    namespace fs = std::filesystem;
    std::vector<fs::path> json_files;
    std::vector<fs::path> workbooks;                 // .xlsx, each its own workbook
    std::map<fs::path, std::vector<fs::path>> csvs;  // folder → its .csv files, read as one workbook
    for (const auto& input : inputs) {
        std::error_code ec;
        const auto status = fs::status(input, ec);
        if (ec || !fs::exists(status))
            throw core::InputError({input.string()}, core::tr("没有这个文件或文件夹；请检查路径", "no such file or folder"));
        if (!fs::is_directory(status)) {
            const auto ext = input.extension().string();
            if (ext == ".xls" || ext == ".et" || ext == ".wps")
                throw core::InputError({input.string()}, "这是旧格式的表格（" + ext + "）；请在 Excel 或 WPS 中“另存为” .xlsx 再试");
            if (ext == ".csv" || ext == ".CSV") csvs[input.parent_path()].push_back(input);
            else if (is_sheet_file(input)) workbooks.push_back(input);
            else json_files.push_back(input);
            continue;
        }
        std::vector<fs::path> found_json, found_sheets;
        for (fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied, ec), end;
             !ec && it != end; it.increment(ec)) {
            const auto name = it->path().filename().string();
            if (name.starts_with("~$") || name.starts_with(".~")) continue;  // the lock file of an open workbook
            if (it->path().extension() == ".json" || is_sheet_file(it->path())) {
                if (!it->is_regular_file(ec)) {
                    if (!it->is_directory(ec))
                        sink.warning({it->path().string()}, core::tr("不是普通文件（管道、设备或失效的链接），已跳过",
                                                                   "not a regular file (a pipe, a device or a broken link); skipped"));
                    continue;
                }
                (it->path().extension() == ".json" ? found_json : found_sheets).push_back(it->path());
            }
        }
        if (ec) throw core::InputError({input.string()}, core::tr("无法读取文件夹：", "cannot read the folder: ") + ec.message());
        if (found_json.empty() && found_sheets.empty())
            throw core::InputError({input.string()}, core::tr("文件夹里没有 .json、.xlsx 或 .csv 记录文件",
                                                              "the folder holds no .json, .xlsx or .csv record files"));
        std::sort(found_json.begin(), found_json.end());
        std::sort(found_sheets.begin(), found_sheets.end());
        json_files.insert(json_files.end(), found_json.begin(), found_json.end());
        for (const auto& file : found_sheets) {
            if (file.extension() == ".csv" || file.extension() == ".CSV") csvs[file.parent_path()].push_back(file);
            else workbooks.push_back(file);
        }
    }
    records::Dataset data;
    if (!json_files.empty()) data = records::load_dataset(json_files, vocabulary, sink);

    std::vector<Workbook> books;
    for (const auto& file : workbooks) {
        try {
            books.push_back(read_xlsx(file));
        } catch (const core::InputError& e) {
            sink.add(e.diagnostic());
        }
    }
    for (const auto& [folder, files] : csvs) {
        Workbook book;
        book.file = folder.empty() ? "." : folder.string();
        for (const auto& file : files) {
            try {
                auto one = read_csv(file);
                book.sheets.push_back(std::move(one.sheets.front()));
            } catch (const core::InputError& e) {
                sink.add(e.diagnostic());
            }
        }
        books.push_back(std::move(book));
    }
    for (const auto& book : books) {
        for (auto& doc : convert(book, vocabulary, sink)) {
            records::Dataset part;
            core::DiagnosticSink part_sink;
            records::load_json_text(json_text(doc.root), doc.label, vocabulary, part, part_sink);
            std::set<std::string> said;
            for (const auto& d : sink.all()) said.insert(d.where.file);
            for (auto d : part_sink.all()) {
                // The loader names a JSON pointer of the document made from the sheets: name the cell.
                if (d.where.file == doc.label) {
                    const std::string cell = cell_for(doc.cells, d.where.field);
                    d.message = in_sheet_words(d.message, d.where.field, cell.empty() ? doc.cells[""] : cell);
                    // A missing 会议类型 is already reported by the converter, at the same cell.
                    if (d.message.starts_with("缺少必填项“会议类型”") && said.count(cell)) continue;
                    d.where.file = cell.empty() ? doc.label : cell;
                    d.where.line = d.where.column = 0;
                    d.where.field.clear();
                }
                sink.add(d);
            }
            data.cells[doc.label] = doc.cells;
            if (part.organisation) {
                if (data.organisation)
                    sink.error({doc.cells[""]}, "第二份组织信息：一次运行只描述一个支部（已有一份在 " + data.organisation->where.file + "）");
                else
                    data.organisation = std::move(part.organisation);
            }
            auto append = [](auto& into, auto& from) {
                into.insert(into.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
            };
            append(data.meetings, part.meetings);
            append(data.elections, part.elections);
            append(data.developments, part.developments);
            append(data.dues, part.dues);
        }
        data.files.push_back(book.file);
    }
    return data;
}

}  // namespace dangan::workbook
