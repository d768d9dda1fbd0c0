#include "workbook/writer.hpp"
#include "workbook/json_text.hpp"

#include "core/diagnostic.hpp"
#include "workbook/convert.hpp"
#include "workbook/schema.hpp"
#include "workbook/xlsx_file.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <xlsxwriter.h>

#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <sstream>

namespace dangan::workbook {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

Var deep_copy(const Var& value) {
    Poco::JSON::Parser parser;
    return parser.parse(json_text(value));
}

Var get_path(const Object::Ptr& object, const std::string& path) {
    if (!object) return {};
    const auto slash = path.find('/');
    if (slash == std::string::npos) return object->has(path) ? object->get(path) : Var();
    const std::string head = path.substr(0, slash);
    if (!object->has(head) || object->get(head).type() != typeid(Object::Ptr)) return {};
    return get_path(object->getObject(head), path.substr(slash + 1));
}

void remove_path(Object::Ptr object, const std::string& path) {
    const auto slash = path.find('/');
    if (slash == std::string::npos) {
        object->remove(path);
        return;
    }
    const std::string head = path.substr(0, slash);
    if (!object->has(head) || object->get(head).type() != typeid(Object::Ptr)) return;
    auto inner = object->getObject(head);
    remove_path(inner, path.substr(slash + 1));
    if (inner->size() == 0) object->remove(head);
}

bool full_iso_date(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/// One cell to write.
struct Out {
    std::string text;
    bool numeric = false;
    double number = 0;
    bool date = false;  ///< a full ISO date written as an Excel date
};

/// The cell for `value` in a column of `type`, if reading that cell back gives exactly `value`.
std::optional<Out> representable(Type type, const Var& value, bool roles = false) {
    Out out;
    out.text = format_cell(type, value, &out.numeric);
    if (out.numeric) out.number = value.convert<double>();
    Cell cell;
    cell.text = out.text;
    cell.number = out.numeric;
    cell.value = out.number;
    if (type == Type::date && full_iso_date(out.text)) out.date = cell.date = true;
    std::string problem;
    Var back = parse_cell(type, cell, problem);
    if (!problem.empty()) return std::nullopt;
    if (roles && back.type() == typeid(Array::Ptr)) {
        auto array = back.extract<Array::Ptr>();
        for (size_t i = 0; i < array->size(); ++i) {
            auto object = array->getObject(static_cast<unsigned>(i));
            if (object->has("reason")) { object->set("role", object->get("reason")); object->remove("reason"); }
        }
    }
    if (back.isEmpty() && type != Type::json) return std::nullopt;  // an empty list, an empty text
    if (json_text(back) != json_text(value)) return std::nullopt;
    return out;
}

class Writer {
public:
    Writer(const std::string& file, const WriteOptions& options) : options_(options) {
        lxw_workbook_options wo{};
        wo.constant_memory = LXW_FALSE;
        wo.tmpdir = nullptr;
        book_ = workbook_new_opt(file.c_str(), &wo);
        if (!book_) throw core::InputError({file}, "无法创建工作簿文件");
        // A fixed creation date: the same data gives the same workbook (samples are committed).
        properties_.title = const_cast<char*>("党支部台账");
        properties_.comments = const_cast<char*>("dangan 生成；每张表第一行是列名，列名上的批注说明怎么填");
        properties_.created = 1735689600;  // 2025-01-01T00:00:00Z
        workbook_set_properties(book_, &properties_);
        header_ = workbook_add_format(book_);
        format_set_bold(header_);
        format_set_bg_color(header_, 0xDDEBF7);
        format_set_border(header_, LXW_BORDER_THIN);
        date_ = workbook_add_format(book_);
        format_set_num_format(date_, "yyyy-mm-dd");
        wrap_ = workbook_add_format(book_);
        format_set_text_wrap(wrap_);
        format_set_align(wrap_, LXW_ALIGN_VERTICAL_TOP);
    }
    ~Writer() {
        if (book_) workbook_close(book_);
    }

    lxw_error close() {
        const lxw_error e = workbook_close(book_);
        book_ = nullptr;
        return e;
    }

    void write(const records::Dataset* data) {
        instructions();
        organisation(data);
        roster(data);
        meetings(data);
        dues(data);
        developments(data);
        elections(data);
        choices();
    }

private:
    struct Grid {
        lxw_worksheet* sheet = nullptr;
        std::vector<const Column*> columns;  ///< sheet order
        std::map<std::string, int> index;    ///< header → column
        int row = 0;                         ///< last row written (0 = header)
    };

    void instructions() {
        auto* sheet = workbook_add_worksheet(book_, "说明");
        const char* lines[] = {
            "党支部台账（dangan 读取的工作簿）",
            "1. 每张表第一行是列名，不要改列名；鼠标停在列名上可看填写说明（批注）。",
            "2. “组织”表每行一项设置（项目 | 内容）；“花名册”每人一行；“会议”每次会议一行，人员姓名用顿号、分隔。",
            "3. “会议内容”“表决”每行写明属于哪次会议（“会议”表的编号）；“党费”每人一行、每月一列；“发展”每位申请人一行、每步一列日期。",
            "4. 日期写成 2025-03-06 或 2025年3月6日 均可；时间写成 14:30。",
            "5. 填好后运行：dangan check 本文件所在文件夹 --as-of 2025-12-31",
        };
        int r = 0;
        for (const char* line : lines) worksheet_write_string(sheet, static_cast<lxw_row_t>(r++), 0, line, nullptr);
        worksheet_set_column(sheet, 0, 0, 110, nullptr);
    }

    Grid grid(const std::string& name, std::vector<const Column*> columns) {
        Grid g;
        g.sheet = workbook_add_worksheet(book_, name.c_str());
        g.columns = std::move(columns);
        for (size_t c = 0; c < g.columns.size(); ++c) {
            const Column* column = g.columns[c];
            g.index[column->header] = static_cast<int>(c);
            worksheet_write_string(g.sheet, 0, static_cast<lxw_col_t>(c), column->header.c_str(), header_);
            if (!column->note.empty()) worksheet_write_comment(g.sheet, 0, static_cast<lxw_col_t>(c), column->note.c_str());
            const double width = column->type == Type::lines || column->type == Type::json ? 36
                               : column->type == Type::list || column->type == Type::pairs ? 28
                               : column->type == Type::date ? 12 : 14;
            lxw_format* format = column->type == Type::date ? date_ : column->type == Type::lines ? wrap_ : nullptr;
            worksheet_set_column(g.sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width, format);
        }
        worksheet_freeze_panes(g.sheet, 1, 0);
        return g;
    }

    static std::vector<const Column*> all(const SheetSchema& schema) {
        std::vector<const Column*> out;
        for (const auto& c : schema.columns) out.push_back(&c);
        return out;
    }

    void put(const Grid& g, int row, int column, const Out& out) {
        const auto r = static_cast<lxw_row_t>(row);
        const auto c = static_cast<lxw_col_t>(column);
        if (out.date) {
            lxw_datetime dt{};
            dt.year = std::stoi(out.text.substr(0, 4));
            dt.month = std::stoi(out.text.substr(5, 2));
            dt.day = std::stoi(out.text.substr(8, 2));
            worksheet_write_datetime(g.sheet, r, c, &dt, date_);
        } else if (out.numeric) {
            worksheet_write_number(g.sheet, r, c, out.number, nullptr);
        } else if (!out.text.empty()) {
            worksheet_write_string(g.sheet, r, c, out.text.c_str(), nullptr);
        }
    }

    void put_text(const Grid& g, int row, const std::string& header, const std::string& text) {
        if (text.empty()) return;
        worksheet_write_string(g.sheet, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(g.index.at(header)), text.c_str(), nullptr);
    }

    /// Writes the schema columns of `object` into `row`; returns what is left for the 其他 column (a copy of
    /// `object` without the values written, and without `skip` keys).
    Object::Ptr put_row(const Grid& g, int row, const Object::Ptr& object, const std::set<std::string>& skip = {}) {
        Object::Ptr rest = deep_copy(object).extract<Object::Ptr>();
        for (const auto& key : skip) rest->remove(key);
        for (size_t c = 0; c < g.columns.size(); ++c) {
            const Column* column = g.columns[c];
            if (column->key.empty()) continue;
            const Var value = get_path(object, column->key);
            if (value.isEmpty()) continue;
            std::optional<Out> out;
            if (column->key == "groups" && value.type() == typeid(Array::Ptr) && value.extract<Array::Ptr>()->size() == 0)
                out = Out{"无"};
            else
                out = representable(column->type, value, column->key == "committee/members");
            if (!out) continue;  // kept in 其他, exactly as it was
            put(g, row, static_cast<int>(c), *out);
            remove_path(rest, column->key);
        }
        return rest;
    }

    void put_other(const Grid& g, int row, const Object::Ptr& rest) {
        if (!rest || rest->size() == 0) return;
        put_text(g, row, "其他", json_text(rest));
    }

    void organisation(const records::Dataset* data) {
        const SheetSchema& schema = *find_sheet("组织");
        auto* sheet = workbook_add_worksheet(book_, "组织");
        worksheet_write_string(sheet, 0, 0, "项目", header_);
        worksheet_write_string(sheet, 0, 1, "内容", header_);
        worksheet_set_column(sheet, 0, 0, 16, nullptr);
        worksheet_set_column(sheet, 1, 1, 60, nullptr);
        worksheet_freeze_panes(sheet, 1, 0);
        const Object::Ptr object = data && data->organisation ? data->organisation->json : nullptr;
        Object::Ptr rest;
        if (object) {
            rest = deep_copy(object).extract<Object::Ptr>();
            rest->remove("kind");
            rest->remove("members");
        }
        Grid g;
        g.sheet = sheet;
        int row = 0;
        for (const auto& column : schema.columns) {
            ++row;
            worksheet_write_string(sheet, static_cast<lxw_row_t>(row), 0, column.header.c_str(), nullptr);
            if (!column.note.empty()) worksheet_write_comment(sheet, static_cast<lxw_row_t>(row), 0, column.note.c_str());
            if (column.type == Type::date) worksheet_write_blank(sheet, static_cast<lxw_row_t>(row), 1, date_);
            if (!object) continue;
            if (column.type == Type::json) {
                if (object->has("members") && !members_representable(object)) rest->set("members", object->get("members"));
                if (rest->size()) worksheet_write_string(sheet, static_cast<lxw_row_t>(row), 1, json_text(rest).c_str(), nullptr);
                continue;
            }
            const Var value = get_path(object, column.key);
            if (value.isEmpty()) continue;
            std::optional<Out> out;
            if (column.key == "groups" && value.type() == typeid(Array::Ptr) && value.extract<Array::Ptr>()->size() == 0)
                out = Out{"无"};
            else
                out = representable(column.type, value, column.key == "committee/members");
            if (!out) continue;
            put(g, row, 1, *out);
            remove_path(rest, column.key);
        }
    }

    static bool members_representable(const Object::Ptr& object) {
        const Var members = object->get("members");
        if (members.type() != typeid(Array::Ptr)) return false;
        auto array = members.extract<Array::Ptr>();
        for (size_t i = 0; i < array->size(); ++i)
            if (array->get(static_cast<unsigned>(i)).type() != typeid(Object::Ptr)) return false;
        return array->size() > 0;
    }

    void roster(const records::Dataset* data) {
        Grid g = grid("花名册", all(*find_sheet("花名册")));
        const Object::Ptr object = data && data->organisation ? data->organisation->json : nullptr;
        if (object && object->has("members") && members_representable(object)) {
            auto members = object->getArray("members");
            for (size_t i = 0; i < members->size(); ++i) {
                ++g.row;
                put_other(g, g.row, put_row(g, g.row, members->getObject(static_cast<unsigned>(i))));
            }
        }
        names_rows_ = std::max(g.row, 200);
    }

    static bool objects_only(const Var& value) {
        if (value.type() != typeid(Array::Ptr)) return false;
        auto array = value.extract<Array::Ptr>();
        for (size_t i = 0; i < array->size(); ++i)
            if (array->get(static_cast<unsigned>(i)).type() != typeid(Object::Ptr)) return false;
        return array->size() > 0;
    }

    void meetings(const records::Dataset* data) {
        Grid g = grid("会议", all(*find_sheet("会议")));
        Grid contents = grid("会议内容", all(*find_sheet("会议内容")));
        Grid votes = grid("表决", all(*find_sheet("表决")));
        list_validation(g, "会议类型", "=选项!$A$2:$A$" + std::to_string(options_.meeting_kinds.size() + 1));
        list_validation(g, "主持人", "=花名册!$A$2:$A$" + std::to_string(names_rows_ + 1));
        list_validation(g, "记录人", "=花名册!$A$2:$A$" + std::to_string(names_rows_ + 1));
        if (!data) return;
        // The key that ties a 会议内容 or 表决 row to its meeting, as the reader computes it.
        auto key_of = [](const Object::Ptr& m) {
            if (m->has("id") && m->get("id").isString()) return m->get("id").toString();
            std::string date = m->has("date") && m->get("date").isString() ? m->get("date").toString() : "";
            std::string type = m->has("type") && m->get("type").isString() ? m->get("type").toString() : "";
            return date + " " + type;
        };
        // The records as written (records::Meeting keeps them as text: parsed once here, for this sheet).
        std::vector<Object::Ptr> written;
        for (const auto& m : data->meetings)
            if (auto json = m.json()) written.push_back(std::move(json));
        std::map<std::string, int> keys;
        for (const auto& json : written) {
            ++keys[key_of(json)];
            const std::string derived = (json->has("date") ? json->get("date").toString() : "") + " " +
                                        (json->has("type") ? json->get("type").toString() : "");
            if (json->has("id")) ++keys[derived];
        }
        for (const auto& json : written) {
            ++g.row;
            const std::string key = key_of(json);
            const bool linkable = keys[key] == 1 && key.find_first_not_of(' ') != std::string::npos;
            std::set<std::string> skip = {"kind"};
            for (const char* list : {"content", "votes"})
                if (linkable && json->has(list) && objects_only(json->get(list))) skip.insert(list);
            Object::Ptr rest = put_row(g, g.row, json, skip);
            // A joint meeting's kinds (issue 14) go into 会议类型 as the reader takes them: 主题党日、支部党员大会.
            if (json->has("type") && json->get("type").type() == typeid(Array::Ptr)) {
                const auto kinds = json->getArray("type");
                std::string cell;
                bool texts = kinds->size() > 0;
                for (size_t i = 0; i < kinds->size(); ++i) {
                    const Var kind = kinds->get(static_cast<unsigned>(i));
                    const std::string text = kind.isString() ? kind.toString() : std::string();
                    bool separator = false;  // a kind holding the list separator could not be read back
                    for (const char* sign : {"、", "，", ",", ";", "；"}) separator = separator || text.find(sign) != std::string::npos;
                    if (!kind.isString() || separator) texts = false;
                    else cell += (i ? "、" : "") + kind.toString();
                }
                if (texts) {
                    put_text(g, g.row, "会议类型", cell);
                    rest->remove("type");
                }
            }
            put_other(g, g.row, rest);
            if (skip.count("content")) list_rows(contents, json->getArray("content"), key);
            if (skip.count("votes")) list_rows(votes, json->getArray("votes"), key);
        }
    }

    void list_rows(Grid& g, const Array::Ptr& items, const std::string& key) {
        for (size_t i = 0; i < items->size(); ++i) {
            ++g.row;
            put_text(g, g.row, "会议", key);
            put_other(g, g.row, put_row(g, g.row, items->getObject(static_cast<unsigned>(i))));
        }
    }

    void dues(const records::Dataset* data) {
        Grid g = grid("党费", all(*find_sheet("党费")));
        list_validation(g, "姓名", "=花名册!$A$2:$A$" + std::to_string(names_rows_ + 1));
        if (!data) return;
        for (const auto& ledger : data->dues) {
            if (!ledger.json || !ledger.json->has("members") || !objects_only(ledger.json->get("members"))) continue;
            const int year = ledger.year;
            Object::Ptr ledger_rest = deep_copy(ledger.json).extract<Object::Ptr>();
            for (const char* key : {"kind", "year", "members"}) ledger_rest->remove(key);
            auto members = ledger.json->getArray("members");
            for (size_t i = 0; i < members->size(); ++i) {
                ++g.row;
                auto account = members->getObject(static_cast<unsigned>(i));
                worksheet_write_number(g.sheet, static_cast<lxw_row_t>(g.row), static_cast<lxw_col_t>(g.index.at("年度")), year, nullptr);
                Object::Ptr rest = put_row(g, g.row, account);
                if (account->has("payments") && payments_in_columns(g, g.row, account->get("payments"), year)) {
                    rest->remove("payments");
                    if (by_month_->size()) rest->set("按月", by_month_);
                }
                if (i == 0 && ledger_rest->size()) rest->set("台账", ledger_rest);
                put_other(g, g.row, rest);
            }
        }
    }

    /// Writes a member's payments into the month columns when each is one month of `year`, in order,
    /// once; other keys of a payment go to 按月. Returns false (nothing written) otherwise.
    bool payments_in_columns(const Grid& g, int row, const Var& payments, int year) {
        by_month_ = Poco::makeShared<Object>();
        if (!objects_only(payments)) return false;
        auto array = payments.extract<Array::Ptr>();
        struct Cells { int month; std::optional<Out> amount, paid; Object::Ptr rest; };
        std::vector<Cells> planned;
        int last = 0;
        for (size_t i = 0; i < array->size(); ++i) {
            auto p = array->getObject(static_cast<unsigned>(i));
            if (!p->has("month") || !p->get("month").isString()) return false;
            const std::string month = p->get("month").toString();
            char expected[16];
            const int m = month.size() == 7 ? std::atoi(month.substr(5).c_str()) : 0;
            std::snprintf(expected, sizeof expected, "%04d-%02d", year, m);
            if (m <= last || m > 12 || month != expected) return false;
            last = m;
            Cells cells{m, {}, {}, deep_copy(p).extract<Object::Ptr>()};
            cells.rest->remove("month");
            if (p->has("amount")) {
                cells.amount = representable(Type::number, p->get("amount"));
                if (!cells.amount) return false;
                cells.rest->remove("amount");
            }
            if (p->has("paid")) {
                cells.paid = representable(Type::date, p->get("paid"));
                if (!cells.paid) return false;
                cells.rest->remove("paid");
            }
            if (!cells.amount && !cells.paid && cells.rest->size() == 0) return false;  // {"month"} alone
            planned.push_back(std::move(cells));
        }
        for (auto& cells : planned) {
            if (cells.amount) put(g, row, g.index.at(month_header(cells.month)), *cells.amount);
            if (cells.paid) put(g, row, g.index.at(paid_header(cells.month)), *cells.paid);
            if (cells.rest->size()) {
                char mm[4];
                std::snprintf(mm, sizeof mm, "%02d", cells.month);
                by_month_->set(mm, cells.rest);
            }
        }
        return true;
    }

    void developments(const records::Dataset* data) {
        const SheetSchema& schema = *find_sheet("发展");
        std::vector<const Column*> columns;
        for (const auto& c : schema.columns)
            if (c.type != Type::json) columns.push_back(&c);
        step_columns_.clear();
        for (size_t i = 0; i < options_.development_steps.size(); ++i)
            step_columns_.push_back(Column{"", std::to_string(i + 1) + " " + options_.development_steps[i], {}, Type::date,
                                           "第 " + std::to_string(i + 1) + " 步“" + options_.development_steps[i] + "”的日期"});
        for (const auto& c : step_columns_) columns.push_back(&c);
        columns.push_back(&schema.columns.back());
        Grid g = grid("发展", columns);
        if (!data) return;
        for (const auto& d : data->developments) {
            if (!d.json) continue;
            ++g.row;
            Object::Ptr rest = put_row(g, g.row, d.json, {"kind"});
            if (d.json->has("steps") && objects_only(d.json->get("steps"))) {
                auto steps = d.json->getArray("steps");
                auto details = Poco::makeShared<Object>();
                std::vector<std::pair<int, Out>> dates;
                bool ok = true;
                int last = 0;
                for (size_t i = 0; ok && i < steps->size(); ++i) {
                    auto step = steps->getObject(static_cast<unsigned>(i));
                    const Var n = step->has("step") ? step->get("step") : Var();
                    if (!n.isInteger() || n.convert<int>() <= last || n.convert<int>() > static_cast<int>(step_columns_.size())) { ok = false; break; }
                    last = n.convert<int>();
                    auto detail = deep_copy(step).extract<Object::Ptr>();
                    detail->remove("step");
                    if (step->has("date")) {
                        auto out = representable(Type::date, step->get("date"));
                        if (!out) { ok = false; break; }
                        dates.emplace_back(last, *out);
                        detail->remove("date");
                    } else if (detail->size() == 0) {
                        ok = false;  // {"step": n} alone would not come back
                    }
                    if (detail->size()) details->set(std::to_string(last), detail);
                }
                if (ok) {
                    rest->remove("steps");
                    for (const auto& [n, out] : dates) put(g, g.row, g.index.at(step_columns_[static_cast<size_t>(n - 1)].header), out);
                    if (details->size()) rest->set("步骤详情", details);
                }
            }
            put_other(g, g.row, rest);
        }
    }

    void elections(const records::Dataset* data) {
        Grid steps = grid("换届", all(*find_sheet("换届")));
        Grid candidates = grid("候选人", all(*find_sheet("候选人")));
        if (!data) return;
        for (const auto& e : data->elections) {
            if (!e.json) continue;
            const std::string name = e.json->has("id") && e.json->get("id").isString() ? e.json->get("id").toString() : "";
            Object::Ptr info = deep_copy(e.json).extract<Object::Ptr>();
            for (const char* key : {"kind", "id"}) info->remove(key);
            const bool step_rows = e.json->has("steps") && objects_only(e.json->get("steps"));
            const bool candidate_rows = e.json->has("candidates") && objects_only(e.json->get("candidates"));
            if (step_rows) info->remove("steps");
            if (candidate_rows) info->remove("candidates");
            bool info_written = info->size() == 0;
            auto rows = [&](Grid& g, const char* key) {
                auto items = e.json->getArray(key);
                for (size_t i = 0; i < items->size(); ++i) {
                    ++g.row;
                    put_text(g, g.row, "换届", name);
                    Object::Ptr rest = put_row(g, g.row, items->getObject(static_cast<unsigned>(i)));
                    if (!info_written) { rest->set("换届信息", info); info_written = true; }
                    put_other(g, g.row, rest);
                }
            };
            if (step_rows) rows(steps, "steps");
            if (candidate_rows) rows(candidates, "candidates");
            if (!info_written) {
                ++steps.row;
                put_text(steps, steps.row, "换届", name);
                auto rest = Poco::makeShared<Object>();
                rest->set("换届信息", info);
                put_other(steps, steps.row, rest);
            }
        }
    }

    void list_validation(const Grid& g, const std::string& header, const std::string& formula) {
        auto it = g.index.find(header);
        if (it == g.index.end()) return;
        lxw_data_validation validation{};
        validation.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
        validation.value_formula = const_cast<char*>(formula.c_str());
        // A name not in the list is allowed (a guest, a member who left): warn, do not refuse.
        validation.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
        const auto c = static_cast<lxw_col_t>(it->second);
        worksheet_data_validation_range(g.sheet, 1, c, 5000, c, &validation);
    }

    /// A sheet with the lists the drop-downs offer (the meeting kinds of the profile).
    void choices() {
        auto* sheet = workbook_add_worksheet(book_, "选项");
        worksheet_write_string(sheet, 0, 0, "会议类型", header_);
        for (size_t i = 0; i < options_.meeting_kinds.size(); ++i)
            worksheet_write_string(sheet, static_cast<lxw_row_t>(i + 1), 0, options_.meeting_kinds[i].c_str(), nullptr);
        worksheet_set_column(sheet, 0, 0, 20, nullptr);
    }

    const WriteOptions& options_;
    lxw_workbook* book_ = nullptr;
    lxw_doc_properties properties_{};
    lxw_format* header_ = nullptr;
    lxw_format* date_ = nullptr;
    lxw_format* wrap_ = nullptr;
    int names_rows_ = 200;
    Object::Ptr by_month_;
    std::vector<Column> step_columns_;
};

}  // namespace

void write_workbook(const std::filesystem::path& out, const records::Dataset* data, const WriteOptions& options) {
    write_xlsx_atomically(out, [&](const std::string& temporary) {
        Writer writer(temporary, options);
        writer.write(data);
        return writer.close();
    });
}

}  // namespace dangan::workbook
