#include "archive/scoring.hpp"

#include "core/atomic_write.hpp"
#include "core/diagnostic.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace dangan::archive {

namespace {

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& key, const std::string& expected) {
    throw core::InputError(core::Location{file.string(), 0, 0, "", key}, "“" + key + "”应为" + expected);
}

double number(const Poco::JSON::Object::Ptr& o, const std::string& key, const std::string& path,
              const std::filesystem::path& file, double fallback) {
    if (!o->has(key)) return fallback;
    const auto v = o->get(key);
    if (!v.isNumeric()) fail(file, path + "/" + key, "数字");
    const double d = v.convert<double>();
    if (d < 0) fail(file, path + "/" + key, "不小于 0 的数字");
    return d;
}

}  // namespace

bool ScoringItem::matches(const std::string& rule) const {
    return std::any_of(rules.begin(), rules.end(), [&](const std::string& r) {
        return !r.empty() && r.back() == '*' ? rule.starts_with(r.substr(0, r.size() - 1)) : rule == r;
    });
}

ScoringProfile ScoringProfile::load(const std::filesystem::path& file) {
    Poco::JSON::Object::Ptr root;
    try {
        Poco::JSON::Parser parser;
        root = parser.parse(core::read_file(file)).extract<Poco::JSON::Object::Ptr>();
    } catch (const core::InputError&) {
        throw;
    } catch (const Poco::Exception& e) {
        throw core::InputError(core::Location{file.string(), 0, 0, "", ""}, "评分方案不是有效的 JSON：" + e.message());
    } catch (const std::exception&) {
        throw core::InputError(core::Location{file.string(), 0, 0, "", ""}, "评分方案应是一个 JSON 对象（{…}）");
    }
    ScoringProfile p;
    if (root->has("title")) p.title = root->getValue<std::string>("title");
    p.full_score = number(root, "full_score", "", file, 100);
    if (const auto weights = root->getObject("severity_weights")) {
        p.error_weight = number(weights, "error", "/severity_weights", file, 1);
        p.warning_weight = number(weights, "warning", "/severity_weights", file, 0.5);
        if (weights->has("info") && number(weights, "info", "/severity_weights", file, 0) != 0)
            fail(file, "/severity_weights/info", "0：提醒（info）从不扣分");
    }
    if (const auto grades = root->getArray("grades")) {
        for (size_t i = 0; i < grades->size(); ++i) {
            const auto g = grades->getObject(static_cast<unsigned>(i));
            const std::string key = "/grades/" + std::to_string(i);
            if (!g || !g->has("name")) fail(file, key, "含 \"min\" 和 \"name\" 的对象");
            p.grades.emplace_back(number(g, "min", key, file, 0), g->getValue<std::string>("name"));
        }
        std::sort(p.grades.begin(), p.grades.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    }
    const auto items = root->getArray("items");
    if (!items || items->size() == 0) fail(file, "/items", "非空的 {\"name\", \"rules\", \"points_each\", \"max\"} 列表");
    for (size_t i = 0; i < items->size(); ++i) {
        const auto o = items->getObject(static_cast<unsigned>(i));
        const std::string key = "/items/" + std::to_string(i);
        if (!o || !o->has("name") || !o->getArray("rules")) fail(file, key, "含 \"name\" 和 \"rules\" 列表的对象");
        ScoringItem item;
        item.name = o->getValue<std::string>("name");
        const auto list = o->getArray("rules");
        for (size_t k = 0; k < list->size(); ++k) {
            if (!list->get(k).isString()) fail(file, key + "/rules", "规则编号的列表");
            item.rules.push_back(list->getElement<std::string>(k));
        }
        item.points_each = number(o, "points_each", key, file, 1);
        item.max = number(o, "max", key, file, p.full_score);
        p.items.push_back(std::move(item));
    }
    return p;
}

Score score_findings(const std::vector<rules::Finding>& findings, const ScoringProfile& profile) {
    Score s;
    for (const auto& item : profile.items) s.items.push_back({item.name, 0, 0, item.max});
    double total_deducted = 0;
    for (const auto& f : findings) {
        double points = 0;
        std::string name;
        const double weight = f.severity == core::Severity::error     ? profile.error_weight
                              : f.severity == core::Severity::warning ? profile.warning_weight
                                                                      : 0;
        for (size_t i = 0; i < profile.items.size() && weight > 0; ++i) {
            if (!profile.items[i].matches(f.rule)) continue;
            points = profile.items[i].points_each * weight;
            name = profile.items[i].name;
            ++s.items[i].findings;
            s.items[i].deducted += points;
            break;  // the first item that names the rule scores it
        }
        s.points.push_back(points);
        s.item_of.push_back(name);
    }
    for (auto& item : s.items) {
        item.deducted = std::min(item.deducted, item.max);
        total_deducted += item.deducted;
    }
    s.total = std::max(0.0, profile.full_score - total_deducted);
    for (const auto& [min, name] : profile.grades)
        if (s.total >= min) {
            s.grade = name;
            break;
        }
    return s;
}

std::string four_properties_of(const std::string& rule) {
    // practice.md §2 (DA/T 70-2018 GD-1 … GD-4): digests, 档号 and dates are 真实性; numbering, required
    // dates and documents 完整性; files that open and names that decode 可用性; junk and links 安全性.
    if (rule.starts_with("manifest.checksum") || rule == "number.format" || rule == "number.duplicate" ||
        rule == "date.invalid" || rule == "date.future" || rule == "date.inconsistent" || rule == "date.order")
        return "真实性";
    if (rule == "manifest.missing" || rule == "number.gap" || rule == "date.missing" || rule == "date.partial" ||
        rule.starts_with("workflow.") || rule == "cadence.gap" || rule.starts_with("record.") || rule == "archive.empty" ||
        rule == "content.placeholder" || rule.starts_with("dues."))
        return "完整性";
    if (rule == "lint.corrupt" || rule == "lint.unreadable" || rule == "lint.encoding" || rule == "lint.empty" ||
        rule == "lint.normalization")
        return "可用性";
    if (rule == "lint.junk" || rule == "lint.symlink" || rule == "manifest.extra") return "安全性";
    return "";
}

std::string format_points(double points) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", std::round(points * 100) / 100);
    std::string out = buffer;
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
    return out;
}

}  // namespace dangan::archive
