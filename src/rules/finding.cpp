#include "rules/finding.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <tuple>

namespace dangan::rules {

void sort_findings(std::vector<Finding>& findings) {
    std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
        return std::tie(a.where.file, a.where.record, a.where.line, a.period, a.rule) <
               std::tie(b.where.file, b.where.record, b.where.line, b.period, b.rule);
    });
}

bool has_errors(const std::vector<Finding>& findings) {
    return std::any_of(findings.begin(), findings.end(),
                       [](const Finding& f) { return f.severity == core::Severity::error; });
}

std::string findings_to_json(const std::vector<Finding>& findings) {
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    std::map<std::string, int> by_severity{{"error", 0}, {"warning", 0}, {"info", 0}};
    for (const auto& f : findings) {
        Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
        item->set("rule", f.rule);
        item->set("severity", std::string(core::to_string(f.severity)));
        item->set("path", f.where.file);
        if (f.where.line > 0) item->set("line", f.where.line);
        item->set("record", f.where.record);
        if (!f.where.field.empty()) item->set("field", f.where.field);
        if (!f.period.empty()) item->set("period", f.period);
        Poco::JSON::Array::Ptr dates = new Poco::JSON::Array;
        for (const auto& d : f.dates) dates->add(d);
        item->set("dates", dates);
        item->set("message", f.message);
        if (!f.basis.empty()) item->set("basis", f.basis);
        if (!f.detail.empty()) item->set("detail", f.detail);
        list->add(item);
        ++by_severity[std::string(core::to_string(f.severity))];
    }
    Poco::JSON::Object summary;
    for (const auto& [severity, count] : by_severity) summary.set(severity, count);
    summary.set("total", static_cast<int>(findings.size()));
    std::ostringstream out;
    out << "{\"findings\": ";
    list->stringify(out, 2);
    out << ",\n\"summary\": ";
    summary.stringify(out);
    out << "}\n";
    return out.str();
}

namespace {
std::string severity_label(core::Severity severity) {
    switch (severity) {
    case core::Severity::error: return "错误";
    case core::Severity::warning: return "警告";
    case core::Severity::info: return "提示";
    }
    return "错误";
}
}  // namespace

std::string findings_to_text(const std::vector<Finding>& findings) {
    std::ostringstream out;
    std::string file, record;
    int errors = 0, warnings = 0, infos = 0;
    for (const auto& f : findings) {
        if (f.where.file != file) {
            file = f.where.file;
            record.clear();
            out << "\n== " << (file.empty() ? "(全部数据)" : file) << "\n";
        }
        if (f.where.record != record) {
            record = f.where.record;
            out << "  [" << (record.empty() ? "—" : record) << "]\n";
        }
        out << "    " << severity_label(f.severity) << " " << f.rule;
        if (f.where.line > 0) out << " 第" << f.where.line << "行";
        if (!f.where.field.empty()) out << " " << f.where.field;
        if (!f.period.empty()) out << " 期间 " << f.period;
        out << "：" << f.message;
        if (!f.basis.empty()) out << "（依据：" << f.basis << "）";
        out << "\n";
        switch (f.severity) {
        case core::Severity::error: ++errors; break;
        case core::Severity::warning: ++warnings; break;
        case core::Severity::info: ++infos; break;
        }
    }
    if (findings.empty()) out << "未发现问题。\n";
    else
        out << "\n共 " << findings.size() << " 项：错误 " << errors << "，警告 " << warnings << "，提示 " << infos
            << "。\n";
    return out.str();
}

}  // namespace dangan::rules
