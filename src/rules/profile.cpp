#include "rules/profile.hpp"

#include "core/atomic_write.hpp"
#include "core/unicode_text.hpp"
#include "core/json_positions.hpp"
#include "core/messages.hpp"
#include "core/suggest.hpp"

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <cmath>
#include <functional>
#include <memory>
#include <set>

namespace dangan::rules {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

/// Deep merge: objects merge key by key, anything else in `over` replaces `base`. This lets a
/// local profile change one meeting kind's cadence by writing only that.
Object::Ptr merge(const Object::Ptr& base, const Object::Ptr& over) {
    Object::Ptr out = new Object(*base);
    std::vector<std::string> names;
    over->getNames(names);
    for (const auto& name : names) {
        const Var value = over->get(name);
        if (value.type() == typeid(Object::Ptr) && out->has(name) && out->get(name).type() == typeid(Object::Ptr))
            out->set(name, merge(out->getObject(name), value.extract<Object::Ptr>()));
        else
            out->set(name, value);
    }
    return out;
}

/// Reads typed values out of a profile object with messages that name file and key.
class ProfileReader {
public:
    explicit ProfileReader(std::string file) : file_(std::move(file)) {}

    [[noreturn]] void fail(const std::string& key, const std::string& message) const {
        throw core::InputError(core::Location{file_, 0, 0, "规则集", key}, message);
    }

    Object::Ptr object(const Object::Ptr& in, const std::string& key, const std::string& path) const {
        if (!in->has(key)) return new Object;
        if (in->get(key).type() != typeid(Object::Ptr)) fail(path + "/" + key, core::tr("这里应为一个对象 {…}", "expected an object {…}"));
        return in->getObject(key);
    }

    std::string text(const Object::Ptr& in, const std::string& key, const std::string& path,
                     const std::string& fallback = "") const {
        if (!in->has(key)) return fallback;
        const Var v = in->get(key);
        if (!v.isString()) fail(path + "/" + key, core::tr("这里应为加英文双引号的文字", "expected text in \"quotes\""));
        return v.extract<std::string>();
    }

    int integer(const Object::Ptr& in, const std::string& key, const std::string& path, int fallback) const {
        if (!in->has(key)) return fallback;
        const Var v = in->get(key);
        if (!v.isInteger() || v.type() == typeid(bool)) fail(path + "/" + key, core::tr("这里应为整数", "expected a whole number"));
        return v.convert<int>();
    }

    std::optional<int> optional_integer(const Object::Ptr& in, const std::string& key, const std::string& path) const {
        if (!in->has(key)) return std::nullopt;
        return integer(in, key, path, 0);
    }

    double number(const Object::Ptr& in, const std::string& key, const std::string& path, double fallback) const {
        if (!in->has(key)) return fallback;
        const Var v = in->get(key);
        if (!v.isNumeric() || v.type() == typeid(bool)) fail(path + "/" + key, core::tr("这里应为数字", "expected a number"));
        return v.convert<double>();
    }

    bool flag(const Object::Ptr& in, const std::string& key, const std::string& path, bool fallback) const {
        if (!in->has(key)) return fallback;
        const Var v = in->get(key);
        if (v.type() != typeid(bool)) fail(path + "/" + key, core::tr("这里应为 true 或 false", "expected true or false"));
        return v.extract<bool>();
    }

    std::vector<std::string> texts(const Object::Ptr& in, const std::string& key, const std::string& path) const {
        std::vector<std::string> out;
        if (!in->has(key)) return out;
        if (in->get(key).type() != typeid(Array::Ptr)) fail(path + "/" + key, core::tr("这里应为文字列表 [\"…\", …]", "expected a list of texts"));
        const auto array = in->getArray(key);
        for (size_t i = 0; i < array->size(); ++i) {
            const Var v = array->get(static_cast<unsigned>(i));
            if (!v.isString()) fail(path + "/" + key + "/" + std::to_string(i), core::tr("这里应为文字", "expected text"));
            out.push_back(v.extract<std::string>());
        }
        return out;
    }

    std::vector<int> integers(const Var& value, const std::string& path) const {
        if (value.type() != typeid(Array::Ptr)) fail(path, core::tr("这里应为步骤序号列表，如 [1, 2]", "expected a list of step numbers"));
        std::vector<int> out;
        const auto array = value.extract<Array::Ptr>();
        for (size_t i = 0; i < array->size(); ++i) {
            const Var v = array->get(static_cast<unsigned>(i));
            if (!v.isInteger()) fail(path + "/" + std::to_string(i), core::tr("这里应为步骤序号", "expected a step number"));
            out.push_back(v.convert<int>());
        }
        return out;
    }

    core::Severity severity(const Object::Ptr& in, const std::string& path) const {
        const std::string s = text(in, "severity", path, "warning");
        if (s == "error") return core::Severity::error;
        if (s == "warning") return core::Severity::warning;
        if (s == "info") return core::Severity::info;
        fail(path + "/severity", core::tr("应为 \"error\"、\"warning\" 或 \"info\"，这里是 \"", "expected \"error\", \"warning\" or \"info\", found \"") + s + "\"");
    }

    Threshold threshold(const Object::Ptr& in, const std::string& key, const std::string& path) const {
        Threshold t;
        const auto o = object(in, key, path);
        const std::string p = path + "/" + key;
        t.op = text(o, "operator", p, ">");
        if (t.op != ">" && t.op != ">=") fail(p + "/operator", core::tr("应为 \">\" 或 \">=\"", "expected \">\" or \">=\""));
        t.numerator = integer(o, "numerator", p, 1);
        t.denominator = integer(o, "denominator", p, 2);
        if (t.denominator <= 0 || t.numerator < 0) fail(p, core::tr("应为分数 numerator/denominator，分母大于 0", "expected a fraction numerator/denominator > 0"));
        t.basis = text(o, "basis", p);
        return t;
    }

private:
    std::string file_;
};

/// The keys a profile may hold, as a tree: "*" stands for any name (a meeting kind, an interval id), a
/// null child for a value that is not looked into. A misspelt key ("cadance") must not be silently
/// ignored: the rule it meant to change would quietly keep its default.
struct KeySchema {
    std::map<std::string, std::shared_ptr<KeySchema>> keys;
};

std::shared_ptr<KeySchema> schema(std::initializer_list<std::pair<const std::string, std::shared_ptr<KeySchema>>> keys) {
    auto s = std::make_shared<KeySchema>();
    s->keys = keys;
    return s;
}

const KeySchema& profile_schema() {
    static const auto root = [] {
        const std::shared_ptr<KeySchema> leaf;
        auto threshold = schema({{"operator", leaf}, {"numerator", leaf}, {"denominator", leaf}, {"basis", leaf}});
        auto cadence = schema({{"period", leaf}, {"min", leaf}, {"severity", leaf}, {"per_group", leaf},
                               {"requires_committee", leaf}, {"annual_due_by", leaf}, {"basis", leaf}});
        auto interval = schema({{"from", leaf}, {"to", leaf}, {"min_months", leaf}, {"max_months", leaf},
                                {"min_days", leaf}, {"severity", leaf}, {"message", leaf}, {"basis", leaf}});
        return schema({
            {"id", leaf}, {"extends", leaf}, {"title", leaf}, {"status", leaf}, {"effective_from", leaf},
            {"meeting_kinds", schema({{"*", schema({{"aliases", leaf}, {"cadence", cadence}})}})},
            {"votes", schema({{"quorum", threshold}, {"majority", threshold}, {"secret_ballot_for_admission", leaf}})},
            {"development",
             schema({{"steps", leaf}, {"order", leaf}, {"filings", leaf}, {"age_min", leaf},
                     {"contacts", schema({{"min", leaf}, {"max", leaf}})}, {"introducers", leaf},
                     {"training", schema({{"days", leaf}, {"hours", leaf}, {"basis", leaf}})},
                     {"review_window_months", leaf}, {"probation_months", leaf},
                     {"extension", schema({{"min", leaf}, {"max", leaf}})}, {"thought_report_months", leaf},
                     {"leaving_soon_months", leaf}, {"notice_working_days", leaf},
                     {"intervals", schema({{"*", interval}})}})},
            {"election", schema({{"steps", schema({{"*", schema({{"aliases", leaf}})}})}, {"chain", leaf},
                                 {"same_day_allowed", leaf}, {"quorum", threshold}, {"candidate_margin", leaf},
                                 {"winner", threshold}})},
            {"term", schema({{"years", leaf}, {"default_years", leaf}, {"max_delay_months", leaf},
                             {"remind_months", leaf}, {"basis", leaf}})},
            {"dues", schema({{"rates", leaf}, {"fixed", leaf}, {"ranges", leaf}, {"default_category", leaf}, {"lapse_months", leaf},
                             {"backpay_max_months", leaf}, {"tolerance", leaf}, {"basis", leaf}})},
            {"remind", schema({{"within_days", leaf}})},
        });
    }();
    return *root;
}

/// Unknown keys are warnings, as in record files: the key is ignored and the message says which
/// key was meant, so a misspelt rule setting is seen at once instead of silently keeping the default.
void check_keys(const Object::Ptr& json, const KeySchema& allowed, const std::string& path, const std::string& file,
                core::LineFinder& lines, std::vector<core::Diagnostic>& warnings) {
    std::vector<std::string> names;
    json->getNames(names);
    for (const auto& name : names) {
        if (name.starts_with("_")) continue;  // "_comment" and the like: notes for people
        const std::string pointer = path + "/" + core::pointer_token(name);
        auto it = allowed.keys.find(name);
        if (it == allowed.keys.end()) it = allowed.keys.find("*");
        if (it == allowed.keys.end()) {
            std::vector<std::string> known;
            for (const auto& [key, child] : allowed.keys) known.push_back(key);
            const auto at = lines.find(file, pointer);
            warnings.push_back(core::Diagnostic{core::Severity::warning,
                                                core::Location{file, at.line, at.column, "规则集", pointer},
                                                core::unknown_key_message(name, known), {}});
            continue;
        }
        if (it->second && json->get(name).type() == typeid(Object::Ptr))
            check_keys(json->getObject(name), *it->second, pointer, file, lines, warnings);
    }
}

Profile build_profile(const Object::Ptr& json, const std::string& file) {
    const ProfileReader r(file);
    Profile p;
    p.file = file;
    p.id = r.text(json, "id", "");
    if (p.id.empty()) r.fail("/id", core::tr("规则集缺少 \"id\"", "a profile needs an \"id\""));
    p.title = r.text(json, "title", "");
    p.status = r.text(json, "status", "", "local");
    if (p.status != "confirmed" && p.status != "provisional" && p.status != "local")
        r.fail("/status", core::tr("应为 \"confirmed\"、\"provisional\" 或 \"local\"", "expected \"confirmed\", \"provisional\" or \"local\""));
    const std::string from = r.text(json, "effective_from", "");
    try {
        p.effective_from = core::parse_date(from.empty() ? "2014-05-28" : from);
    } catch (const core::DateError& e) {
        r.fail("/effective_from", e.what());
    }

    const auto kinds = r.object(json, "meeting_kinds", "");
    std::vector<std::string> names;
    kinds->getNames(names);
    for (const auto& name : names) {
        const std::string path = "/meeting_kinds/" + name;
        if (kinds->get(name).type() != typeid(Object::Ptr)) r.fail(path, core::tr("这里应为一个对象 {…}", "expected an object {…}"));
        const auto k = kinds->getObject(name);
        MeetingKind kind;
        kind.name = name;
        kind.aliases = r.texts(k, "aliases", path);
        if (k->has("cadence")) {
            const auto c = r.object(k, "cadence", path);
            Cadence cadence;
            cadence.period = r.text(c, "period", path + "/cadence", "year");
            if (cadence.period != "month" && cadence.period != "quarter" && cadence.period != "half_year" &&
                cadence.period != "year")
                r.fail(path + "/cadence/period", core::tr("应为 \"month\"（每月）、\"quarter\"（每季度）、\"half_year\"（每半年）或 \"year\"（每年）", "expected \"month\", \"quarter\", \"half_year\" or \"year\""));
            cadence.min = r.integer(c, "min", path + "/cadence", 1);
            cadence.severity = r.severity(c, path + "/cadence");
            cadence.per_group = r.flag(c, "per_group", path + "/cadence", false);
            cadence.requires_committee = r.flag(c, "requires_committee", path + "/cadence", false);
            cadence.basis = r.text(c, "basis", path + "/cadence");
            // A 年度 meeting (组织生活会, 民主评议): held for a year, due by this month-day of the next year.
            if (c->has("annual_due_by")) {
                const std::string due = r.text(c, "annual_due_by", path + "/cadence", "03-31");
                int month = 0, day = 0;
                if (due.size() != 5 || due[2] != '-' || std::sscanf(due.c_str(), "%2d-%2d", &month, &day) != 2 ||
                    month < 1 || month > 12 || day < 1 || day > core::days_in_month(2001, month))
                    r.fail(path + "/cadence/annual_due_by", core::tr("应为月-日，如 \"03-31\"，这里是 \"", "expected a month and day such as \"03-31\", found \"") + due + "\"");
                cadence.annual_due_by = std::make_pair(month, day);
            }
            kind.cadence = cadence;
        }
        p.meeting_kinds.push_back(std::move(kind));
    }

    const auto votes = r.object(json, "votes", "");
    p.votes.quorum = r.threshold(votes, "quorum", "/votes");
    p.votes.majority = r.threshold(votes, "majority", "/votes");
    p.votes.secret_ballot_for_admission = r.flag(votes, "secret_ballot_for_admission", "/votes", true);

    const auto dev = r.object(json, "development", "");
    auto& d = p.development;
    d.steps = r.texts(dev, "steps", "/development");
    if (dev->has("order")) {
        if (dev->get("order").type() != typeid(Array::Ptr)) r.fail("/development/order", core::tr("这里应为列表的列表，如 [[1, 2], [3]]", "expected a list of lists"));
        const auto chains = dev->getArray("order");
        for (size_t i = 0; i < chains->size(); ++i)
            d.order.push_back(r.integers(chains->get(static_cast<unsigned>(i)), "/development/order/" + std::to_string(i)));
    }
    if (dev->has("filings")) d.filings = r.integers(dev->get("filings"), "/development/filings");
    d.age_min = r.integer(dev, "age_min", "/development", 18);
    const auto contacts = r.object(dev, "contacts", "/development");
    d.contacts_min = r.integer(contacts, "min", "/development/contacts", 1);
    d.contacts_max = r.integer(contacts, "max", "/development/contacts", 2);
    d.introducers = r.integer(dev, "introducers", "/development", 2);
    const auto training = r.object(dev, "training", "/development");
    d.training_days = r.number(training, "days", "/development/training", 3);
    d.training_hours = r.number(training, "hours", "/development/training", 24);
    d.training_basis = r.text(training, "basis", "/development/training");
    d.review_window_months = r.integer(dev, "review_window_months", "/development", 6);
    d.probation_months = r.integer(dev, "probation_months", "/development", 12);
    const auto extension = r.object(dev, "extension", "/development");
    d.extension_min = r.integer(extension, "min", "/development/extension", 6);
    d.extension_max = r.integer(extension, "max", "/development/extension", 12);
    d.thought_report_months = r.optional_integer(dev, "thought_report_months", "/development");
    d.leaving_soon_months = r.integer(dev, "leaving_soon_months", "/development", 3);
    d.notice_working_days = r.optional_integer(dev, "notice_working_days", "/development");
    const auto intervals = r.object(dev, "intervals", "/development");
    names.clear();
    intervals->getNames(names);
    const int step_count = static_cast<int>(d.steps.size());
    auto check_event = [&](const std::string& event, const std::string& path) {
        if (event == "birth" || event == "probation_end") return;
        try {
            const int n = std::stoi(event);
            if (n >= 1 && n <= step_count) return;
        } catch (const std::exception&) {
        }
        r.fail(path, core::tr("应为步骤序号 1..", "expected a step number 1..") + std::to_string(step_count) + core::tr("、\"birth\" 或 \"probation_end\"", ", \"birth\" or \"probation_end\""));
    };
    for (const auto& id : names) {
        const std::string path = "/development/intervals/" + id;
        if (intervals->get(id).type() != typeid(Object::Ptr)) r.fail(path, core::tr("这里应为一个对象 {…}", "expected an object {…}"));
        const auto o = intervals->getObject(id);
        Interval in;
        in.id = id;
        in.from = o->has("from") ? o->get("from").toString() : "";
        in.to = o->has("to") ? o->get("to").toString() : "";
        check_event(in.from, path + "/from");
        check_event(in.to, path + "/to");
        in.min_months = r.optional_integer(o, "min_months", path);
        in.max_months = r.optional_integer(o, "max_months", path);
        in.min_days = r.optional_integer(o, "min_days", path);
        if (!in.min_months && !in.max_months && !in.min_days)
            r.fail(path, core::tr("间隔规则至少要有 min_months、max_months 或 min_days 之一", "an interval needs min_months, max_months or min_days"));
        in.severity = r.severity(o, path);
        in.message = r.text(o, "message", path);
        in.basis = r.text(o, "basis", path);
        d.intervals.push_back(std::move(in));
    }
    for (const auto& chain : d.order)
        for (int n : chain)
            if (n < 1 || n > step_count)
                r.fail("/development/order", core::tr("步骤 ", "step ") + std::to_string(n) + core::tr(" 不在 1..", " is not one of the ") +
                                                 std::to_string(step_count) + core::tr(" 步之内", " steps"));

    const auto election = r.object(json, "election", "");
    auto& e = p.election;
    const auto steps = r.object(election, "steps", "/election");
    names.clear();
    steps->getNames(names);
    for (const auto& name : names)
        e.steps[name] = r.texts(r.object(steps, name, "/election/steps"), "aliases", "/election/steps/" + name);
    e.chain = r.texts(election, "chain", "/election");
    for (const auto& step : e.chain)
        if (!e.steps.count(step)) r.fail("/election/chain", "\"" + step + core::tr("\" 不在 /election/steps 中", "\" is not one of /election/steps"));
    if (election->has("same_day_allowed")) {
        const auto pairs = election->getArray("same_day_allowed");
        for (size_t i = 0; pairs && i < pairs->size(); ++i) {
            const auto pair = pairs->getArray(static_cast<unsigned>(i));
            if (!pair || pair->size() != 2) r.fail("/election/same_day_allowed", core::tr("应为成对的步骤名，如 [[\"…\", \"…\"]]", "expected pairs of step names"));
            e.same_day_allowed.emplace_back(pair->getElement<std::string>(0), pair->getElement<std::string>(1));
        }
    }
    e.quorum = r.threshold(election, "quorum", "/election");
    e.candidate_margin = r.number(election, "candidate_margin", "/election", 0.2);
    e.winner = r.threshold(election, "winner", "/election");

    const auto term = r.object(json, "term", "");
    const auto years = r.object(term, "years", "/term");
    names.clear();
    years->getNames(names);
    for (const auto& type : names) p.term.years_by_type[type] = r.integer(years, type, "/term/years", 3);
    p.term.default_years = r.integer(term, "default_years", "/term", 3);
    p.term.max_delay_months = r.integer(term, "max_delay_months", "/term", 12);
    p.term.remind_months = r.integer(term, "remind_months", "/term", 6);
    p.term.basis = r.text(term, "basis", "/term");

    // 党费: "rates": {"在职": [{"up_to": 3000, "rate": 0.005}, …, {"rate": 0.02}]}, "fixed": {"学生": 0.2}.
    const auto dues = r.object(json, "dues", "");
    const auto rates = r.object(dues, "rates", "/dues");
    names.clear();
    rates->getNames(names);
    for (const auto& category : names) {
        const std::string path = "/dues/rates/" + category;
        if (rates->get(category).type() != typeid(Array::Ptr))
            r.fail(path, core::tr("应为分档列表 [{\"up_to\": 3000, \"rate\": 0.005}, …]", "expected a list of brackets [{\"up_to\": 3000, \"rate\": 0.005}, …]"));
        const auto list = rates->getArray(category);
        auto& brackets = p.dues.rates[category];
        for (size_t i = 0; i < list->size(); ++i) {
            const std::string item_path = path + "/" + std::to_string(i);
            const Var item = list->get(static_cast<unsigned>(i));
            if (item.type() != typeid(Object::Ptr)) r.fail(item_path, core::tr("应为对象 {\"up_to\": …, \"rate\": …}", "expected an object {\"up_to\": …, \"rate\": …}"));
            const auto o = item.extract<Object::Ptr>();
            DuesBracket b;
            if (o->has("up_to")) b.up_to = r.number(o, "up_to", item_path, 0);
            if (!o->has("rate")) r.fail(item_path + "/rate", core::tr("每一档都要有 \"rate\"，如 0.5% 写作 0.005", "each bracket needs a \"rate\", such as 0.005 for 0.5%"));
            b.rate = r.number(o, "rate", item_path, 0);
            if (b.rate < 0 || b.rate > 1) r.fail(item_path + "/rate", core::tr("应为 0 到 1 之间的小数（0.005 即 0.5%）", "expected a fraction from 0 to 1 (0.005 = 0.5%)"));
            if (!brackets.empty() && (!brackets.back().up_to || (b.up_to && *b.up_to <= *brackets.back().up_to)))
                r.fail(item_path + "/up_to", core::tr("各档 \"up_to\" 应由小到大，只有最后一档可以省略 \"up_to\"", "brackets must ascend and only the last may omit \"up_to\""));
            brackets.push_back(b);
        }
    }
    const auto fixed = r.object(dues, "fixed", "/dues");
    names.clear();
    fixed->getNames(names);
    for (const auto& category : names) p.dues.fixed[category] = r.number(fixed, category, "/dues/fixed", 0);
    // "ranges": {"农民": {"min": 0.2, "max": 1}}: a fixed monthly amount the province sets within a range.
    if (dues->has("ranges")) {
        const auto ranges = r.object(dues, "ranges", "/dues");
        names.clear();
        ranges->getNames(names);
        for (const auto& category : names) {
            const std::string path = "/dues/ranges/" + category;
            if (ranges->get(category).type() != typeid(Object::Ptr)) r.fail(path, core::tr("应为 {\"min\": 0.2, \"max\": 1}", "expected {\"min\": 0.2, \"max\": 1}"));
            const auto o = ranges->getObject(category);
            const double lo = r.number(o, "min", path, 0), hi = r.number(o, "max", path, 0);
            if (hi < lo) r.fail(path + "/max", core::tr("\"max\" 不能小于 \"min\"", "\"max\" must not be below \"min\""));
            p.dues.ranges[category] = {lo, hi};
        }
    }
    p.dues.default_category = r.text(dues, "default_category", "/dues", "在职");
    p.dues.lapse_months = r.integer(dues, "lapse_months", "/dues", 6);
    p.dues.backpay_max_months = r.integer(dues, "backpay_max_months", "/dues", 6);
    p.dues.tolerance = r.number(dues, "tolerance", "/dues", 0.01);
    p.dues.basis = r.text(dues, "basis", "/dues");
    const auto remind = r.object(json, "remind", "");
    p.remind.within_days = r.integer(remind, "within_days", "/remind", 30);
    if (p.remind.within_days < 0) r.fail("/remind/within_days", core::tr("应为天数（0 或正整数）", "expected a whole number of days, 0 or more"));
    return p;
}

struct RawProfile {
    std::string file;
    Object::Ptr json;
};

RawProfile read_profile_file(const std::filesystem::path& path) {
    const std::string text = core::read_file(path);
    if (const auto bad = core::find_invalid_utf8(text)) {
        const auto at = core::line_column_at(text, *bad);
        throw core::InputError(core::Location{path.string(), at.line, at.column},
                               core::tr("规则集文件不是 UTF-8 文本（看来是 ", "the rule-set profile is not UTF-8 text (it looks like ") +
                                   core::guess_encoding(text) + core::tr("），请另存为 UTF-8", "); save it as UTF-8"));
    }
    const core::JsonPositions positions(text);
    if (const auto& error = positions.syntax_error())
        throw core::InputError(core::Location{path.string(), error->position.line, error->position.column},
                               core::tr("规则集文件的 JSON 有误：", "invalid JSON in a rule-set profile: ") + error->message);
    Poco::JSON::Parser parser;
    const Var root = parser.parse(text);
    if (root.type() != typeid(Object::Ptr))
        throw core::InputError({path.string()}, core::tr("规则集文件应为一个 JSON 对象 {…}", "a rule-set profile must be a JSON object {…}"));
    return {path.string(), root.extract<Object::Ptr>()};
}

}  // namespace

bool Threshold::met(int count, int total) const {
    // count/total op numerator/denominator, in integers: count*den op num*total
    const long long left = static_cast<long long>(count) * denominator;
    const long long right = static_cast<long long>(numerator) * total;
    return op == ">" ? left > right : left >= right;
}

std::string Threshold::describe() const {
    return std::string(op == ">" ? "超过" : "达到") + std::to_string(numerator) + "/" + std::to_string(denominator);
}

int TermRules::years_for(const std::string& type) const {
    auto it = years_by_type.find(type);
    return it == years_by_type.end() ? default_years : it->second;
}

const MeetingKind* Profile::meeting_kind(const std::string& name) const {
    for (const auto& kind : meeting_kinds)
        if (kind.name == name) return &kind;
    return nullptr;
}

RuleBook RuleBook::load(const std::filesystem::path& directory, const std::optional<std::string>& chosen) {
    namespace fs = std::filesystem;
    std::map<std::string, RawProfile> raw;  // by id
    std::error_code ec;
    if (!fs::is_directory(directory, ec))
        throw core::InputError({directory.string()}, core::tr("规则集文件夹不存在（应为 profiles/*.json）", "the rule-set folder does not exist (expected profiles/*.json)"));
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(directory, ec))
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::optional<std::string> chosen_id;
    auto add = [&](RawProfile profile) {
        const std::string id = profile.json->optValue<std::string>("id", "");
        if (id.empty()) throw core::InputError({profile.file, 0, 0, "规则集", "/id"}, core::tr("规则集缺少 \"id\"", "a profile needs an \"id\""));
        if (raw.count(id) && raw[id].file != profile.file)
            throw core::InputError({profile.file}, core::tr("规则集 id \"", "profile id \"") + id + core::tr("\" 已被另一文件使用：", "\" is also used by ") + raw[id].file);
        raw[id] = std::move(profile);
        return id;
    };
    for (const auto& file : files) add(read_profile_file(file));

    if (chosen) {
        if (raw.count(*chosen)) chosen_id = *chosen;
        else if (fs::exists(*chosen, ec)) chosen_id = add(read_profile_file(*chosen));
        else {
            std::string known;
            for (const auto& [id, p] : raw) known += (known.empty() ? "" : ", ") + id;
            throw core::InputError({*chosen}, core::tr("没有这个规则集；应为一个文件，或以下之一：", "no such rule-set profile; expected a file or one of: ") + known);
        }
    }

    // Resolve "extends" chains (detecting cycles) into merged JSON, then build typed profiles.
    std::map<std::string, Object::Ptr> resolved;
    std::function<Object::Ptr(const std::string&, std::set<std::string>&)> resolve =
        [&](const std::string& id, std::set<std::string>& seen) -> Object::Ptr {
        if (auto it = resolved.find(id); it != resolved.end()) return it->second;
        const auto& profile = raw.at(id);
        Object::Ptr json = profile.json;
        const std::string parent = json->optValue<std::string>("extends", "");
        if (!parent.empty()) {
            if (!raw.count(parent))
                throw core::InputError({profile.file, 0, 0, "规则集", "/extends"},
                                       core::tr("extends 指向不存在的规则集 \"", "extends unknown profile \"") + parent + "\"");
            if (!seen.insert(parent).second)
                throw core::InputError({profile.file, 0, 0, "规则集", "/extends"},
                                       core::tr("规则集之间的 extends 构成了循环", "profiles extend each other in a loop"));
            json = merge(resolve(parent, seen), json);
        }
        resolved[id] = json;
        return json;
    };

    // Each file's own keys, before "extends" merges them, so a warning names the file that has the key.
    RuleBook book;
    core::LineFinder lines;
    for (const auto& [id, profile] : raw) check_keys(profile.json, profile_schema(), "", profile.file, lines, book.warnings_);
    for (const auto& [id, profile] : raw) {
        std::set<std::string> seen{id};
        book.profiles_.push_back(build_profile(resolve(id, seen), profile.file));
    }
    std::stable_sort(book.profiles_.begin(), book.profiles_.end(),
                     [](const Profile& a, const Profile& b) { return a.effective_from < b.effective_from; });
    for (size_t i = 0; i < book.profiles_.size(); ++i)
        if (chosen_id && book.profiles_[i].id == *chosen_id) book.chosen_ = i;
    if (!chosen_id &&
        std::none_of(book.profiles_.begin(), book.profiles_.end(), [](const Profile& p) { return p.status != "local"; }))
        throw core::InputError({directory.string()}, core::tr("没有找到全国通用的规则集（status 为 \"confirmed\"）", "no national rule-set profile found (status \"confirmed\")"));
    return book;
}

const Profile& RuleBook::for_date(const std::optional<core::PartialDate>& date) const {
    if (chosen_) return profiles_[*chosen_];
    const Profile* found = nullptr;
    for (const auto& p : profiles_) {
        if (p.status == "local") continue;
        if (!found) found = &p;  // dates before every profile use the earliest
        if (date && p.effective_from <= date->first_day()) found = &p;
    }
    return *found;
}

const Profile& RuleBook::base() const {
    if (chosen_) return profiles_[*chosen_];
    const Profile* found = nullptr;
    for (const auto& p : profiles_)
        if (p.status == "confirmed") found = &p;
    return found ? *found : profiles_.front();
}

records::Vocabulary RuleBook::vocabulary() const {
    records::Vocabulary v;
    for (const auto& p : profiles_) {
        if (!chosen_ && p.status == "local") continue;
        if (chosen_ && &p != &profiles_[*chosen_] && p.status == "local") continue;
        for (const auto& kind : p.meeting_kinds) {
            v.meeting_kinds[kind.name] = kind.name;
            for (const auto& alias : kind.aliases) v.meeting_kinds[alias] = kind.name;
        }
        for (const auto& [name, aliases] : p.election.steps) {
            v.election_steps[name] = name;
            for (const auto& alias : aliases) v.election_steps[alias] = name;
        }
        for (size_t i = 0; i < p.development.steps.size(); ++i)
            v.development_steps[p.development.steps[i]] = static_cast<int>(i + 1);
        v.development_step_count = static_cast<int>(p.development.steps.size());
    }
    return v;
}

std::optional<double> DuesRules::rate_for(const std::string& category, double base) const {
    auto it = rates.find(category.empty() ? default_category : category);
    if (it == rates.end()) return std::nullopt;
    for (const auto& b : it->second)
        if (!b.up_to || base <= *b.up_to) return b.rate;
    return std::nullopt;  // above the last bracket of a table that has an upper bound everywhere
}

bool DuesRules::known(const std::string& category) const {
    const std::string c = category.empty() ? default_category : category;
    return rates.count(c) || fixed.count(c) || ranges.count(c);
}

std::vector<std::string> DuesRules::categories() const {
    std::vector<std::string> out;
    for (const auto& [c, v] : rates) out.push_back(c);
    for (const auto& [c, v] : fixed) out.push_back(c);
    for (const auto& [c, v] : ranges) out.push_back(c);
    return out;
}

std::optional<double> DuesRules::amount_for(const std::string& category, std::optional<double> base) const {
    const std::string c = category.empty() ? default_category : category;
    if (auto it = fixed.find(c); it != fixed.end()) return it->second;
    if (!base) return std::nullopt;
    const auto rate = rate_for(c, *base);
    if (!rate) return std::nullopt;
    return std::round(*base * *rate * 100.0) / 100.0;
}

core::PartialDate Cadence::annual_due(int year) const {
    const auto [month, day] = annual_due_by.value_or(std::make_pair(3, 31));
    return core::make_date(year + 1, month, std::min(day, core::days_in_month(year + 1, month)));
}

}  // namespace dangan::rules
