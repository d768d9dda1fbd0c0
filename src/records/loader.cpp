#include "records/loader.hpp"

#include "core/atomic_write.hpp"
#include "core/unicode_text.hpp"
#include "core/json_positions.hpp"
#include "core/messages.hpp"
#include "core/suggest.hpp"
#include "records/schema.hpp"

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <atomic>
#include <thread>
#include <cmath>
#include <set>
#include <sstream>

namespace dangan::records {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

/// What the loader knows about the file being read: its name, its text and the sink. Line numbers are
/// found only when a problem is reported (scanning positions costs as much as parsing).
struct FileContext {
    std::string file;
    std::string_view text;
    core::DiagnosticSink& sink;
    mutable std::unique_ptr<core::JsonPositions> positions;

    /// A location without line: rules that report on it get the line later (core::LineFinder).
    core::Location locate(const std::string& pointer, const std::string& record) const {
        return core::Location{file, 0, 0, record, pointer};
    }

    /// A location with the line of the field, or of the record that lacks it.
    core::Location locate_line(const std::string& pointer, const std::string& record) const {
        if (!positions) positions = std::make_unique<core::JsonPositions>(text);
        const auto position = core::nearest_position(*positions, pointer);
        return core::Location{file, position.line, position.column, record, pointer};
    }

    void error(const std::string& pointer, const std::string& record, const std::string& message) const {
        sink.error(locate_line(pointer, record), message);
    }
    void warning(const std::string& pointer, const std::string& record, const std::string& message) const {
        sink.warning(locate_line(pointer, record), message);
    }
};

/// Poco's parse handler, noting the first key that appears twice in one object.
class DuplicateKeyHandler : public Poco::JSON::ParseHandler {
public:
    void startObject() override {
        ParseHandler::startObject();
        keys_.emplace_back();
    }
    void endObject() override {
        ParseHandler::endObject();
        if (!keys_.empty()) keys_.pop_back();
    }
    void key(const std::string& k) override {
        ParseHandler::key(k);
        if (!keys_.empty() && !keys_.back().insert(k).second) duplicate_ = true;
    }
    bool duplicate() const { return duplicate_; }

private:
    std::vector<std::set<std::string>> keys_;
    bool duplicate_ = false;
};

using core::tr;

std::string describe_type(const Var& value) {
    if (value.isEmpty()) return "null";
    if (value.type() == typeid(Object::Ptr)) return tr("一个对象 {…}", "an object {…}");
    if (value.type() == typeid(Array::Ptr)) return tr("一个列表 […]", "a list […]");
    if (value.type() == typeid(bool)) return "true/false";
    if (value.isString()) return tr("文字“", "text \"") + value.toString() + tr("”", "\"");
    if (value.isNumeric()) return tr("数字 ", "the number ") + value.toString();
    return tr("其他类型的值", "a value of another type");
}

/// "已忽略", said the same way for every key nobody reads.
std::string ignored_key_message(const std::string& name, const std::set<std::string>& known,
                                const std::map<std::string, std::string>& aliases) {
    // A Chinese key that is an alias, written beside its English key: the English one is used.
    if (auto it = aliases.find(name); it != aliases.end())
        return tr("“" + name + "”是“" + it->second + "”的中文写法，本记录两者都写了，以“" + it->second +
                      "”为准；请删去其中一个",
                  "\"" + name + "\" is the Chinese name of \"" + it->second +
                      "\", and both are written; \"" + it->second + "\" is used; remove one of them");
    std::vector<std::string> candidates(known.begin(), known.end());
    for (const auto& [alias, key] : aliases) candidates.push_back(alias);
    std::string message = tr("不认识的字段“" + name + "”，已忽略（拼写有误？）", "unknown field \"" + name + "\" is ignored (misspelt?)");
    if (auto close = core::closest_name(name, candidates)) {
        const auto alias = aliases.find(*close);
        const std::string key = alias == aliases.end() ? *close : alias->second;
        return message + tr("；是不是“" + *close + "”" + (alias == aliases.end() ? "" : "（即“" + key + "”）") + "？",
                            "; did you mean \"" + *close + "\"" + (alias == aliases.end() ? "" : " (\"" + key + "\")") + "?");
    }
    if (std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
        std::string list;
        for (const auto& key : known) list += (list.empty() ? "" : "、") + key;
        return message + tr("；这里认得的字段是 " + list + "（也可用 README 所列的中文名）",
                            "; the fields known here are " + list + " (or their Chinese names listed in README)");
    }
    return message;
}

/// Reads one JSON object field by field, reporting wrong types with their location and, when
/// finished, every key it did not read (a misspelt key must not vanish silently).
class ObjectReader {
public:
    ObjectReader(const FileContext& context, Object::Ptr object, std::string pointer, std::string record)
        : context_(&context), object_(std::move(object)), pointer_(std::move(pointer)), record_(std::move(record)) {}

    const std::string& pointer() const { return pointer_; }
    const std::string& record() const { return record_; }
    void set_record(std::string record) { record_ = std::move(record); }
    /// Where the object's fields are in the file, when that is not where the object is (fields written flat).
    void set_pointer(std::string pointer) { pointer_ = std::move(pointer); }
    Object::Ptr json() const { return object_; }

    core::Location where(const std::string& key = "") const {
        return context_->locate(key.empty() ? pointer_ : field(key), record_);
    }

    bool has(const std::string& key) const { return object_->has(key) && !object_->get(key).isEmpty(); }

    /// Marks a key as read without interpreting it (free text used only by templates).
    void accept(const std::string& key) { used_.insert(key); }

    std::string text(const std::string& key, bool required = false) {
        used_.insert(key);
        if (!has(key)) {
            if (required)
                error(key, tr("缺少必填字段“" + key + "”" + chinese_hint(key) + "；请补上，如 \"" + key + "\": \"…\"",
                              "the field \"" + key + "\" is required"));
            return {};
        }
        const Var value = object_->get(key);
        if (!value.isString()) {
            if (value.isNumeric()) return value.toString();  // a room number written as 302 is fine
            error(key, tr("“" + shown(key) + "”应为用英文双引号括起的文字，实际是", "expected text in \"quotes\", found ") + describe_type(value));
            return {};
        }
        return value.extract<std::string>();
    }

    std::optional<double> number(const std::string& key) {
        used_.insert(key);
        if (!has(key)) return std::nullopt;
        const Var value = object_->get(key);
        if (!value.isNumeric() || value.type() == typeid(bool)) {
            error(key, tr("“" + shown(key) + "”应为数字（不加引号，如 5），实际是", "expected a number, found ") + describe_type(value));
            return std::nullopt;
        }
        return value.convert<double>();
    }

    std::optional<int> count(const std::string& key) {
        auto value = number(key);
        if (!value) return std::nullopt;
        if (*value < 0 || *value != std::floor(*value) || *value > 1e6) {
            error(key, tr("“" + shown(key) + "”应为 0 或更大的整数，实际是 ", "expected a whole number of 0 or more, found ") +
                           object_->get(key).toString());
            return std::nullopt;
        }
        return static_cast<int>(*value);
    }

    bool flag(const std::string& key) {
        used_.insert(key);
        if (!has(key)) return false;
        const Var value = object_->get(key);
        if (value.type() != typeid(bool)) {
            error(key, tr("“" + shown(key) + "”应为 true 或 false（不加引号），实际是", "expected true or false, found ") + describe_type(value));
            return false;
        }
        return value.extract<bool>();
    }

    DateValue date(const std::string& key, std::optional<int> context_year = std::nullopt) {
        DateValue result;
        result.where = where(key);
        result.raw = text(key);
        if (result.raw.empty()) return result;
        try {
            result.date = core::parse_date(result.raw, context_year);
        } catch (const core::DateError& e) {
            result.error = e.what();
        }
        return result;
    }

    /// A list of texts; a single text is accepted as a list of one.
    std::vector<std::string> texts(const std::string& key) {
        used_.insert(key);
        std::vector<std::string> out;
        if (!has(key)) return out;
        const Var value = object_->get(key);
        if (value.isString()) return {value.extract<std::string>()};
        if (value.type() != typeid(Array::Ptr)) {
            error(key, tr("“" + shown(key) + "”应为文字的列表 [\"…\", \"…\"]，实际是", "expected a list of texts [\"…\", \"…\"], found ") +
                           describe_type(value));
            return out;
        }
        const auto array = value.extract<Array::Ptr>();
        for (size_t i = 0; i < array->size(); ++i) {
            const Var item = array->get(static_cast<unsigned>(i));
            if (item.isString()) out.push_back(item.extract<std::string>());
            else if (item.type() == typeid(Object::Ptr) && item.extract<Object::Ptr>()->has("text"))
                out.push_back(item.extract<Object::Ptr>()->getValue<std::string>("text"));
            else
                error_at(field(key) + "/" + std::to_string(i),
                         tr("“" + shown(key) + "”的第 " + std::to_string(i + 1) + " 项应为文字，实际是", "expected text, found ") + describe_type(item));
        }
        return out;
    }

    std::vector<ObjectReader> objects(const std::string& key, const std::string& item_record_prefix = "") {
        used_.insert(key);
        std::vector<ObjectReader> out;
        if (!has(key)) return out;
        const Var value = object_->get(key);
        if (value.type() != typeid(Array::Ptr)) {
            error(key, tr("“" + shown(key) + "”应为对象的列表 [{…}, {…}]，实际是", "expected a list [{…}, {…}], found ") + describe_type(value));
            return out;
        }
        const auto array = value.extract<Array::Ptr>();
        for (size_t i = 0; i < array->size(); ++i) {
            const Var item = array->get(static_cast<unsigned>(i));
            const std::string item_pointer = field(key) + "/" + std::to_string(i);
            if (item.type() != typeid(Object::Ptr)) {
                error_at(item_pointer, tr("“" + shown(key) + "”的第 " + std::to_string(i + 1) + " 项应为对象 {…}，实际是",
                                          "expected an object {…}, found ") + describe_type(item));
                continue;
            }
            out.emplace_back(*context_, item.extract<Object::Ptr>(), item_pointer,
                             item_record_prefix.empty() ? record_ : item_record_prefix + std::to_string(i + 1));
        }
        return out;
    }

    std::optional<ObjectReader> object(const std::string& key) {
        used_.insert(key);
        if (!has(key)) return std::nullopt;
        const Var value = object_->get(key);
        if (value.type() != typeid(Object::Ptr)) {
            error(key, tr("“" + shown(key) + "”应为对象 {…}，实际是", "expected an object {…}, found ") + describe_type(value));
            return std::nullopt;
        }
        return ObjectReader(*context_, value.extract<Object::Ptr>(), field(key), record_);
    }

    /// Reads Chinese keys as their English keys (类型 → type): the key as written is kept for locations.
    /// The English key wins when both are written (finish() then says so).
    void accept_aliases(const std::map<std::string, std::string>& aliases) {
        for (const auto& [chinese, english] : aliases) aliases_[chinese] = english;
        std::vector<std::string> names;
        object_->getNames(names);
        for (const auto& name : names) {
            auto it = aliases.find(name);
            if (it == aliases.end()) it = aliases.find(core::normalize_nfkc(name));
            if (it == aliases.end() || object_->has(it->second)) continue;
            object_->set(it->second, object_->get(name));
            object_->remove(name);
            written_[it->second] = name;
        }
    }

    /// Warns about keys that were never read, with a did-you-mean among the keys this record knows.
    void finish() const {
        std::vector<std::string> names;
        object_->getNames(names);
        for (const auto& name : names) {
            if (used_.count(name) || name.starts_with("_") || name == "note" || name == "备注") continue;
            context_->warning(field(name), record_, ignored_key_message(name, used_, aliases_));
        }
    }

    /// The key as the user wrote it (应到人数 for "expected"), for messages.
    std::string shown(const std::string& key) const {
        const auto it = written_.find(key);
        return it == written_.end() ? key : it->second;
    }

    /// "（中文可写作“日期”）" for a key that has a Chinese name here.
    std::string chinese_hint(const std::string& key) const {
        std::string shortest;  // 日期 rather than 会议日期: the plainest of the Chinese names
        for (const auto& [chinese, english] : aliases_)
            if (english == key && (shortest.empty() || core::to_code_points(chinese).size() < core::to_code_points(shortest).size()))
                shortest = chinese;
        return shortest.empty() ? std::string() : tr("（中文可写作“" + shortest + "”）", "");
    }

    void error(const std::string& key, const std::string& message) const { error_at(field(key), message); }
    void error_at(const std::string& pointer, const std::string& message) const {
        context_->error(pointer, record_, message);
    }

private:
    std::string field(const std::string& key) const {
        const auto it = written_.find(key);
        return pointer_ + "/" + core::pointer_token(it == written_.end() ? key : it->second);
    }

    const FileContext* context_;
    Object::Ptr object_;
    std::string pointer_;
    std::string record_;
    std::set<std::string> used_;
    std::map<std::string, std::string> aliases_;  ///< Chinese key → English key, for messages
    std::map<std::string, std::string> written_;  ///< English key → the Chinese key it was written as
};

/// The canonical name for a name as written: exact, else after NFKC (full-width forms), else after
/// Traditional→Simplified (支部委員會 is 支部委员会).
std::optional<std::string> canonical(const std::map<std::string, std::string>& names, const std::string& name) {
    if (auto it = names.find(name); it != names.end()) return it->second;
    const std::string normal = core::normalize_nfkc(name);
    if (auto it = names.find(normal); it != names.end()) return it->second;
    if (auto it = names.find(core::to_simplified(normal)); it != names.end()) return it->second;
    return std::nullopt;
}

std::string known_names(const std::map<std::string, std::string>& names) {
    std::set<std::string> canonical_names;
    for (const auto& [alias, name] : names) canonical_names.insert(name);
    std::string out;
    for (const auto& name : canonical_names) out += (out.empty() ? "" : "、") + name;
    return out;
}

/// "不认识的会议类型“支部委会”；是不是“支部委员会”？可写 …" (a did-you-mean over names and aliases).
std::string unknown_name_message(const std::string& what, const std::string& written,
                                 const std::map<std::string, std::string>& names) {
    std::vector<std::string> candidates;
    for (const auto& [alias, name] : names) candidates.push_back(alias);
    const auto close = core::closest_name(written, candidates);
    const std::string meant = close ? names.at(*close) : std::string();
    return tr("不认识的" + what + "“" + written + "”" + (close ? "，是不是“" + meant + "”？" : "；") + "可写 " + known_names(names),
              "unknown " + what + " \"" + written + "\"" + (close ? "; did you mean \"" + meant + "\"?" : "") +
                  "; expected one of " + known_names(names));
}

std::string second_organisation_message(const std::string& first_file) {
    return tr("第二份组织记录；一次运行的数据只描述一个支部（" + first_file + " 里已有一份）；请删去多余的一份，或分开运行",
              "a second organisation record; the data of one run describes one branch (found one already in " +
                  first_file + ")");
}

/// Chinese keys a secretary writes (issue 14), read as their English keys: the workbook's column headers
/// and their aliases (records/schema.cpp, one vocabulary for both), plus the names of the nested objects
/// and lists a sheet has no column for. Built once; read by every loading thread.
struct KeyAliases {
    using Table = std::map<std::string, std::string>;
    Table meeting, attendance, absent, vote, organisation, member, committee, committee_member, archive, dues,
        dues_member, payment, development, step, training, notice, election, election_step, candidate, voting;

    static Table with(Table table, std::initializer_list<std::pair<const std::string, std::string>> extra) {
        for (const auto& pair : extra) table.insert(pair);
        return table;
    }

    KeyAliases() {
        meeting = with(key_aliases("会议"), {{"内容", "content"}, {"会议内容", "content"}, {"出席情况", "attendance"},
                                             {"表决", "votes"}, {"签名", "signatures"}});
        attendance = key_aliases("会议", "attendance/");
        absent = {{"姓名", "name"}, {"原因", "reason"}, {"缺席原因", "reason"}};
        vote = with(key_aliases("表决"), {{"不计入人员", "excluded"}});
        organisation = with(key_aliases("组织"), {{"支委会", "committee"}, {"支部委员会", "committee"}, {"档案", "archive"},
                                                  {"党员", "members"}, {"花名册", "members"}, {"党员名单", "members"}});
        member = key_aliases("花名册");
        committee = with(key_aliases("组织", "committee/"), {{"成员", "members"}, {"委员", "members"}});
        committee_member = {{"姓名", "name"}, {"职务", "role"}, {"分工", "role"}};
        archive = with(key_aliases("组织", "archive/"), {{"分类", "classes"}});
        dues = {{"年度", "year"}, {"年份", "year"}, {"编号", "id"}, {"标题", "title"}, {"题名", "title"},
                {"党员", "members"}, {"收缴日", "collection_day"}, {"固定收缴日", "collection_day"}};
        dues_member = with(key_aliases("党费"), {{"交纳记录", "payments"}, {"缴费记录", "payments"}, {"每月", "payments"}});
        payment = {{"月份", "month"}, {"月", "month"}, {"基数", "base"}, {"计费基数", "base"}, {"比例", "rate"},
                   {"金额", "amount"}, {"交纳金额", "amount"}, {"交纳日期", "paid"}, {"交纳时间", "paid"},
                   {"收款人", "receiver"}, {"经手人", "receiver"}, {"说明", "note"}};
        development = with(key_aliases("发展"), {{"步骤", "steps"}, {"培训", "training"}, {"公示", "notices"},
                                                 {"考察记录", "records"}, {"单位", "unit"}, {"工作单位", "unit"},
                                                 {"学历", "education"}, {"职务", "position"}, {"档号", "archive_code"}});
        step = {{"步骤", "step"}, {"序号", "step"}, {"名称", "name"}, {"步骤名称", "name"}, {"日期", "date"},
                {"标题", "title"}, {"题名", "title"}, {"责任者", "by"}, {"文号", "reference"}, {"记录", "record"},
                {"表决", "vote"}, {"内容", "content"}, {"附件", "attachments"}};
        training = {{"开始", "start"}, {"开始日期", "start"}, {"结束", "end"}, {"结束日期", "end"}, {"天数", "days"},
                    {"学时", "hours"}, {"组织单位", "organiser"}, {"举办单位", "organiser"}};
        notice = {{"步骤", "before_step"}, {"开始", "start"}, {"开始日期", "start"}, {"结束", "end"}, {"结束日期", "end"}};
        election = {{"编号", "id"}, {"标题", "title"}, {"名称", "title"}, {"应选人数", "seats"}, {"名额", "seats"},
                    {"任期", "term_years"}, {"任期年数", "term_years"}, {"步骤", "steps"}, {"文件", "steps"},
                    {"候选人", "candidates"}, {"投票", "voting"}, {"选举情况", "voting"}, {"档号", "archive_code"}};
        election_step = key_aliases("换届");
        candidate = with(key_aliases("候选人"), {{"出生日期", "birth_date"}, {"工作岗位", "position"}});
        voting = {{"应到", "expected"}, {"应到人数", "expected"}, {"实到", "present"}, {"实到人数", "present"},
                  {"发出选票", "ballots_issued"}, {"收回选票", "ballots_returned"}, {"不计入人员", "excluded"}};
    }
};

const KeyAliases& aliases() {
    static const KeyAliases table;
    return table;
}

Vote read_vote(ObjectReader& in) {
    in.accept_aliases(aliases().vote);
    Vote vote;
    vote.where = in.where();
    vote.subject = in.text("subject");
    vote.method = in.text("method");
    vote.expected = in.count("expected");
    vote.present = in.count("present");
    vote.yes = in.count("yes");
    vote.no = in.count("no");
    vote.abstain = in.count("abstain");
    vote.written_yes = in.count("written_yes");
    in.accept("excluded");  // 不计入应到人数的人员 and the approval reference: printed, not computed
    in.finish();
    return vote;
}

/// "content": a list of texts or {"speaker", "text"} objects, or one text, as a list of parts (a
/// part's other keys are not printed; a number or list where text belongs is printed as written).
std::vector<ContentPart> content_parts(const Object::Ptr& meeting) {
    std::vector<ContentPart> parts;
    if (!meeting->has("content")) return parts;
    const Var value = meeting->get("content");
    auto add = [&](const Var& item) {
        if (item.type() == typeid(Object::Ptr)) {
            const auto o = item.extract<Object::Ptr>();
            parts.push_back({o->optValue<std::string>("speaker", ""), o->optValue<std::string>("text", "")});
        } else {
            parts.push_back({std::string(), item.toString()});
        }
    };
    if (value.type() == typeid(Array::Ptr)) {
        const auto list = value.extract<Array::Ptr>();
        for (size_t i = 0; i < list->size(); ++i) add(list->get(static_cast<unsigned>(i)));
    } else if (!value.isEmpty()) {
        add(value);
    }
    return parts;
}

/// Whether `content` is a list of {"speaker": text, "text": text} objects and nothing else: then the
/// parts say all of it, and Meeting::json() writes it back from them.
bool content_is_parts(const Var& content) {
    if (content.type() != typeid(Array::Ptr)) return false;
    const auto list = content.extract<Array::Ptr>();
    for (size_t i = 0; i < list->size(); ++i) {
        const Var item = list->get(static_cast<unsigned>(i));
        if (item.type() != typeid(Object::Ptr)) return false;
        const auto o = item.extract<Object::Ptr>();
        if (o->size() != 2 || !o->has("speaker") || !o->has("text") || !o->get("speaker").isString() ||
            !o->get("text").isString())
            return false;
    }
    return true;
}

void read_meeting(ObjectReader& in, const Vocabulary& vocabulary, Dataset& into, std::optional<int> file_year = std::nullopt) {
    in.accept_aliases(aliases().meeting);
    // "应到人数", "出席人员" … written beside the meeting's other keys (with no "attendance" object) are read as
    // its attendance; their messages point at where they are written.
    bool flat_attendance = false;
    if (!in.json()->has("attendance")) {
        Object::Ptr attendance(new Object);
        for (const auto& [chinese, english] : aliases().attendance) {
            if (!in.json()->has(chinese) || attendance->has(chinese)) continue;
            attendance->set(chinese, in.json()->get(chinese));
            in.json()->remove(chinese);
        }
        if (attendance->size() > 0) {
            in.json()->set("attendance", attendance);
            flat_attendance = true;
        }
    }
    Meeting m;
    m.id_written = in.json()->has("id");
    // A joint meeting names its kinds as a list: "type": ["主题党日", "支部党员大会"] (issue 14).
    std::vector<std::string> joint;
    if (in.json()->has("type") && in.json()->get("type").type() == typeid(Array::Ptr)) {
        joint = in.texts("type");
        if (joint.empty())
            in.error("type", tr("会议类型的列表是空的；请至少写一种，如 \"支部委员会\"",
                                "the list of meeting kinds is empty; write at least one, such as \"支部委员会\""));
        else m.kind_as_written = joint.front();
    } else {
        m.kind_as_written = in.text("type", true);
    }
    m.date = in.date("date", file_year);  // "3月12日" takes the year a "meetings" file states (issue 14)
    m.id = in.text("id");
    if (m.id.empty()) m.id = (m.date.raw.empty() ? "(no date)" : m.date.raw) + " " + m.kind_as_written;
    in.set_record(m.id);
    m.date.where.record = m.id;
    m.where = in.where();  // field = the record's JSON pointer; rules append field names to it
    if (!m.kind_as_written.empty()) {
        if (auto kind = canonical(vocabulary.meeting_kinds, m.kind_as_written))
            m.kind = *kind;
        else
            in.error("type", unknown_name_message(tr("会议类型", "meeting kind"), m.kind_as_written, vocabulary.meeting_kinds) +
                                 tr("（本地规则集 profile 可以增加会议类型）", " (a local rule-set profile can add kinds)"));
    }
    m.title = in.text("title");
    for (size_t i = 1; i < joint.size(); ++i) {
        if (auto kind = canonical(vocabulary.meeting_kinds, joint[i])) {
            if (*kind != m.kind && std::find(m.also_kinds.begin(), m.also_kinds.end(), *kind) == m.also_kinds.end())
                m.also_kinds.push_back(*kind);
        } else {
            in.error_at(in.pointer() + "/type/" + std::to_string(i),
                        unknown_name_message(tr("会议类型", "meeting kind"), joint[i], vocabulary.meeting_kinds));
        }
    }
    // "七一主题党日暨党员大会": every part of a title joined by 暨 that ends with a kind's name or alias is one
    // of the meeting's kinds (the one written in "type" included).
    if (m.title.find("暨") != std::string::npos) {
        std::vector<std::string> parts;
        for (size_t from = 0;;) {
            const size_t at = m.title.find("暨", from);
            parts.push_back(m.title.substr(from, at == std::string::npos ? std::string::npos : at - from));
            if (at == std::string::npos) break;
            from = at + std::string("暨").size();
        }
        for (auto part : parts) {
            for (const char* tail : {"会议记录", "活动记录", "记录", "会议"})
                if (part.ends_with(tail) && !part.ends_with(std::string("大") + tail)) {
                    part.erase(part.size() - std::char_traits<char>::length(tail));
                    break;
                }
            std::string best, best_alias;
            for (const auto& [alias, kind] : vocabulary.meeting_kinds)
                if (part.ends_with(alias) && alias.size() > best_alias.size()) best = kind, best_alias = alias;
            if (!best.empty() && best != m.kind &&
                std::find(m.also_kinds.begin(), m.also_kinds.end(), best) == m.also_kinds.end())
                m.also_kinds.push_back(best);
        }
    }
    m.number = in.count("number");
    if (auto numbers = in.object("numbers")) {
        std::vector<std::string> written;
        numbers->json()->getNames(written);
        for (const auto& name : written) {
            const auto n = numbers->count(name);
            const auto kind = canonical(vocabulary.meeting_kinds, name);
            if (!kind) {
                numbers->error(name, unknown_name_message(tr("会议类型", "meeting kind"), name, vocabulary.meeting_kinds));
            } else if (*kind != m.kind && std::find(m.also_kinds.begin(), m.also_kinds.end(), *kind) == m.also_kinds.end()) {
                numbers->error(name, tr("“" + name + "”不是这次会议的类型（" + m.kind + "）；联席会议请在 \"type\" 里列出各类，如 "
                                        "\"type\": [\"" + m.kind + "\", \"" + *kind + "\"]",
                                        "\"" + name + "\" is not a kind of this meeting (" + m.kind + "); list a joint meeting's "
                                        "kinds in \"type\", such as \"type\": [\"" + m.kind + "\", \"" + *kind + "\"]"));
            } else if (n && *kind == m.kind && m.number && *m.number != *n) {
                numbers->error(name, tr("“" + name + "”的次序 " + std::to_string(*n) + " 与 \"number\": " +
                                            std::to_string(*m.number) + " 不一致；请只写一处",
                                        "the number " + std::to_string(*n) + " for \"" + name + "\" differs from \"number\": " +
                                            std::to_string(*m.number) + "; write it once"));
            } else if (n && *kind == m.kind) {
                m.number = n;
            } else if (n) {
                m.kind_numbers[*kind] = *n;
            }
        }
        numbers->finish();
    }
    // A 年度 meeting says the year it is for: "year": 2024, or "2024年度" in its title (issue 14).
    m.for_year = in.count("year");
    if (const auto at = m.title.find("年度"); !m.for_year && at != std::string::npos && at >= 4) {
        const std::string digits = m.title.substr(at - 4, 4);
        if (digits.find_first_not_of("0123456789") == std::string::npos) m.for_year = std::stoi(digits);
    }
    m.start = in.text("start");
    m.end = in.text("end");
    m.place = in.text("place");
    m.host = in.text("host");
    m.recorder = in.text("recorder");
    m.group = in.text("group");
    if (auto attendance = in.object("attendance")) {
        if (flat_attendance) attendance->set_pointer(in.pointer());
        attendance->accept_aliases(aliases().attendance);
        m.expected = attendance->count("expected");
        m.present = attendance->texts("present");
        for (auto& absent : attendance->objects("absent")) {
            absent.accept_aliases(aliases().absent);
            m.absent.push_back({absent.text("name", true), absent.text("reason")});
            absent.finish();
        }
        m.attending = attendance->texts("attending");
        attendance->finish();
    }
    m.agenda = in.texts("agenda");
    in.accept("content");
    m.set_content(content_parts(in.json()));
    m.resolutions = in.texts("resolutions");
    for (auto& vote : in.objects("votes")) m.votes.push_back(read_vote(vote));
    in.accept("signatures");
    m.attachments = in.texts("attachments");
    in.accept("summary");
    in.finish();
    // Kept as text, parsed again only where asked (Meeting::source says why); a "content" that the parts
    // give back exactly is left out of the text, so the minutes are held once.
    Object::Ptr object = in.json();
    const Var content = object->has("content") ? object->get("content") : Var();
    m.content_from_parts = content_is_parts(content);
    if (m.content_from_parts) object->remove("content");
    std::ostringstream text;
    object->stringify(text);
    if (m.content_from_parts) object->set("content", content);
    m.source = std::move(text).str();
    m.source.shrink_to_fit();  // the stream's buffer is up to twice the text
    into.meetings.push_back(std::move(m));
}

DossierStep read_step(ObjectReader& in) {
    DossierStep step;
    step.where = in.where();
    step.date = in.date("date");
    step.title = in.text("title");
    step.by = in.text("by");
    step.reference = in.text("reference");
    step.note = in.text("record");
    if (auto vote = in.object("vote")) step.vote = read_vote(*vote);
    in.accept("content");
    in.accept("attachments");
    return step;
}

void read_election(ObjectReader& in, const Vocabulary& vocabulary, Dataset& into) {
    in.accept_aliases(aliases().election);
    ElectionDossier e;
    e.json = in.json();
    e.id = in.text("id");
    if (e.id.empty()) e.id = "换届选举";
    in.set_record(e.id);
    e.where = in.where();
    e.where.field.clear();
    e.candidates_where = in.where("candidates");
    e.present_where = e.returned_where = e.where;
    in.text("title");
    in.accept("archive_code");  // 档号 of the dossier, printed on its cover
    e.seats = in.count("seats");
    in.accept("term_years");
    for (auto& item : in.objects("steps")) {
        item.accept_aliases(aliases().election_step);
        const std::string written = item.text("step", true);
        DossierStep step = read_step(item);
        if (!written.empty()) {
            if (auto name = canonical(vocabulary.election_steps, written)) step.step = *name;
            else
                item.error("step", unknown_name_message(tr("换届步骤", "election step"), written, vocabulary.election_steps));
        }
        item.finish();
        if (!step.step.empty()) e.steps.push_back(std::move(step));
    }
    for (auto& item : in.objects("candidates")) {
        item.accept_aliases(aliases().candidate);
        Candidate c;
        c.where = item.where();
        c.votes_where = item.has("votes") ? item.where("votes") : c.where;
        c.name = item.text("name", true);
        c.votes = item.count("votes");
        c.elected = item.flag("elected");
        c.role = item.text("role");
        item.accept("gender");
        item.accept("birth_date");
        item.accept("position");
        item.finish();
        e.candidates.push_back(std::move(c));
    }
    if (auto voting = in.object("voting")) {
        voting->accept_aliases(aliases().voting);
        e.present_where = voting->has("present") ? voting->where("present") : voting->where();
        e.returned_where = voting->has("ballots_returned") ? voting->where("ballots_returned") : voting->where();
        e.expected = voting->count("expected");
        e.present = voting->count("present");
        e.ballots_issued = voting->count("ballots_issued");
        e.ballots_returned = voting->count("ballots_returned");
        voting->accept("excluded");
        voting->finish();
    }
    in.finish();
    into.elections.push_back(std::move(e));
}

void read_development(ObjectReader& in, const Vocabulary& vocabulary, Dataset& into) {
    in.accept_aliases(aliases().development);
    DevelopmentDossier d;
    d.json = in.json();
    d.name = in.text("name", true);
    d.id = in.text("id");
    if (d.id.empty()) d.id = "发展党员 " + d.name;
    in.set_record(d.id);
    d.where = in.where();
    d.where.field.clear();
    d.gender = in.text("gender");
    d.birth_date = in.date("birth_date");
    d.transferred_in = in.flag("transferred_in");
    in.accept("unit");
    in.accept("archive_code");  // 档号 of the 纪实簿, printed on its cover
    in.accept("education");
    in.accept("position");
    for (auto& item : in.objects("steps")) {
        item.accept_aliases(aliases().step);
        const auto number = item.count("step");
        const std::string name = item.text("name");
        int n = number.value_or(0);
        if (!number && !name.empty()) {
            auto it = vocabulary.development_steps.find(name);
            if (it != vocabulary.development_steps.end()) n = it->second;
        }
        DossierStep step = read_step(item);
        item.finish();
        if (n < 1 || n > vocabulary.development_step_count) {
            std::vector<std::string> step_names;
            for (const auto& [step_name, step_number] : vocabulary.development_steps) step_names.push_back(step_name);
            const auto close = name.empty() ? std::nullopt : core::closest_name(name, step_names);
            item.error(number ? "step" : "name",
                       tr("应为 1 到 " + std::to_string(vocabulary.development_step_count) +
                              " 的步骤序号（\"step\": 1 是 递交入党申请书）或规则集里的步骤名称" +
                              (close ? "；是不是“" + *close + "”？" : std::string()),
                          "expected a step number from 1 to " + std::to_string(vocabulary.development_step_count) +
                              " (\"step\": 1 is 递交入党申请书) or a known step name" +
                              (close ? "; did you mean \"" + *close + "\"?" : std::string())));
            continue;
        }
        step.number = n;
        step.step = name;
        if (d.steps.count(n)) {
            item.error("step", tr("第 " + std::to_string(n) + " 步记了两次；请删去或合并其中一条",
                                  "step " + std::to_string(n) + " is recorded twice"));
            continue;
        }
        d.steps.emplace(n, std::move(step));
    }
    if (auto reviews = in.object("records")) {
        // Dated records that recur: 考察 every 6 months, 思想汇报 every quarter.
        for (auto& item : reviews->objects("activist_reviews")) {
            d.activist_reviews.push_back(item.date("date"));
            item.accept("by");
            item.accept("content");
            item.finish();
        }
        for (auto& item : reviews->objects("thought_reports")) {
            d.thought_reports.push_back(item.date("date"));
            item.accept("title");
            item.finish();
        }
        reviews->finish();
    }
    d.contacts = in.texts("contacts");
    d.introducers = in.texts("introducers");
    if (auto training = in.object("training")) {
        training->accept_aliases(aliases().training);
        d.training.start = training->date("start");
        d.training.end = training->date("end");
        d.training.days = training->number("days");
        d.training.hours = training->number("hours");
        training->accept("organiser");
        training->finish();
    }
    for (auto& item : in.objects("notices")) {
        item.accept_aliases(aliases().notice);
        Notice notice;
        notice.before_step = item.count("before_step").value_or(0);
        notice.start = item.date("start");
        notice.end = item.date("end");
        item.finish();
        d.notices.push_back(std::move(notice));
    }
    d.extension_months = in.count("extension_months");
    d.probation_end = in.date("probation_end");
    d.planned_leave = in.date("planned_leave");
    in.finish();
    into.developments.push_back(std::move(d));
}

void read_dues(ObjectReader& in, Dataset& into) {
    in.accept_aliases(aliases().dues);
    DuesLedger ledger;
    ledger.json = in.json();
    const auto year = in.count("year");
    if (!year)
        in.error("year", tr("党费台账要写明年度，如 \"year\": 2025（中文可写作“年度”）",
                            "a \"dues\" ledger needs its \"year\", such as \"year\": 2025"));
    ledger.year = year.value_or(0);
    ledger.id = in.text("id");
    if (ledger.id.empty()) ledger.id = std::to_string(ledger.year) + "年党费收缴台账";
    in.set_record(ledger.id);
    ledger.where = in.where();
    ledger.where.field.clear();
    in.accept("title");
    in.accept("collection_day");  // 固定收缴日: printed on the ledger
    for (auto& item : in.objects("members")) {
        item.accept_aliases(aliases().dues_member);
        DuesAccount account;
        account.member = item.text("member", true);
        item.set_record(ledger.id + " " + account.member);
        account.where = item.where();
        account.category = item.text("category");
        account.base = item.number("base");
        account.rate = item.number("rate");
        account.lapse_reason = item.text("lapse_reason");
        for (auto& row : item.objects("payments")) {
            row.accept_aliases(aliases().payment);
            DuesPayment payment;
            payment.where = row.where();
            payment.month = row.date("month", ledger.year ? std::optional<int>(ledger.year) : std::nullopt);
            if (!payment.month.present())
                row.error("month", tr("缺少必填字段“month”（月份），如 \"month\": \"2025-03\"",
                                      "the field \"month\" is required, such as \"2025-03\""));
            payment.base = row.number("base");
            payment.rate = row.number("rate");
            payment.amount = row.number("amount");
            payment.paid = row.date("paid", ledger.year ? std::optional<int>(ledger.year) : std::nullopt);
            payment.note = row.text("note");
            row.accept("receiver");
            row.finish();
            account.payments.push_back(std::move(payment));
        }
        item.finish();
        ledger.accounts.push_back(std::move(account));
    }
    in.finish();
    into.dues.push_back(std::move(ledger));
}

void read_organisation(ObjectReader& in, Dataset& into) {
    if (into.organisation) {
        in.error_at(in.pointer(), second_organisation_message(into.organisation->where.file));
        return;
    }
    in.accept_aliases(aliases().organisation);
    Organisation o;
    o.json = in.json();
    o.name = in.text("name", true);
    in.set_record(o.name.empty() ? "organisation" : o.name);
    o.where = in.where();
    o.where.field.clear();
    o.short_name = in.text("short_name");
    o.type = in.text("type", true);
    o.parent = in.text("parent");
    o.founded = in.date("founded");  // 成立日期 (issue 14): cadence is not judged before it
    if (auto archive = in.object("archive")) {
        archive->accept_aliases(aliases().archive);
        o.archive.fonds = archive->text("fonds");
        o.archive.fonds_name = archive->text("fonds_name");
        if (auto style = archive->text("style"); !style.empty()) {
            if (style != "DA/T 22-2015" && style != "DA/T 13-2022")
                archive->error("style", tr("档号标准应为 \"DA/T 22-2015\" 或 \"DA/T 13-2022\"，实际是“" + style + "”",
                                           "expected \"DA/T 22-2015\" or \"DA/T 13-2022\", found \"" + style + "\""));
            else
                o.archive.style = style;
        }
        if (auto v = archive->text("category"); !v.empty()) o.archive.category = v;
        if (auto v = archive->text("retention"); !v.empty()) {
            if (v != "Y" && v != "D30" && v != "D10")
                archive->error("retention", tr("保管期限应为 Y（永久）、D30（30年）或 D10（10年），实际是“" + v + "”",
                                               "expected Y (永久), D30 (30年) or D10 (10年), found \"" + v + "\""));
            else
                o.archive.retention = v;
        }
        if (auto v = archive->text("class"); !v.empty()) o.archive.class_code = v;
        archive->accept("classes");
        archive->finish();
    }
    for (auto& item : in.objects("members")) {
        item.accept_aliases(aliases().member);
        Member m;
        m.name = item.text("name", true);
        m.gender = item.text("gender");
        m.birth_date = item.date("birth_date");
        m.status = item.text("status");
        if (!m.status.empty() && m.status != "正式" && m.status != "预备")
            item.error("status", tr("党员类别应为“正式”或“预备”，实际是“" + m.status + "”",
                                    "expected \"正式\" or \"预备\", found \"" + m.status + "\""));
        m.joined = item.date("joined");
        m.full_member = item.date("full_member");
        m.group = item.text("group");
        m.roles = item.texts("roles");
        item.accept("position");
        item.accept("education");
        item.accept("phone");
        item.finish();
        o.members.push_back(std::move(m));
    }
    o.groups = in.texts("groups");
    if (auto committee = in.object("committee")) {
        committee->accept_aliases(aliases().committee);
        o.committee.elected = committee->date("elected");
        o.committee.term_years = committee->count("term_years");
        o.committee.delay_until = committee->date("delay_until");
        o.committee.delay_approval = committee->text("delay_approval");
        for (auto& item : committee->objects("members")) {
            item.accept_aliases(aliases().committee_member);
            o.committee.members.push_back({item.text("name", true), item.text("role")});
            item.finish();
        }
        committee->finish();
    }
    in.finish();
    into.organisation = std::move(o);
}

}  // namespace

void load_json_text(const std::string& text_in, const std::string& file_label, const Vocabulary& vocabulary,
                    Dataset& into, core::DiagnosticSink& sink) {
    std::string_view text = text_in;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 BOM, as Windows Notepad writes
    if (auto bad = core::find_invalid_utf8(text)) {
        const auto position = core::line_column_at(text, *bad);
        sink.error({file_label, position.line, position.column},
                   tr("文件不是 UTF-8 编码（看起来是 " + core::guess_encoding(text) +
                          "）；请用记事本等编辑器“另存为”UTF-8 编码后再运行",
                      "the file is not UTF-8 text (it looks like " + core::guess_encoding(text) +
                          "); save it as UTF-8 and run again"));
        return;
    }
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        sink.error({file_label}, tr("文件是空的；应为一个 JSON 对象，如 {\"kind\": \"meeting\", …}",
                                    "the file is empty; expected a JSON object such as {\"kind\": \"meeting\", …}"));
        return;
    }
    // Poco parses; our scanner runs only when something is wrong, to say where and why: Poco reports
    // neither line nor column, accepts a repeated key (keeping the last value) and fails on a file that
    // holds a bare number or string with a message about its own stack.
    Var root;
    Poco::SharedPtr<DuplicateKeyHandler> handler = new DuplicateKeyHandler;
    std::string poco_message;
    try {
        Poco::JSON::Parser parser(handler);
        root = parser.parse(std::string(text));
    } catch (const Poco::Exception& e) {
        poco_message = e.message();
    }
    if (!poco_message.empty() || handler->duplicate()) {
        const core::JsonPositions scanned(text);
        if (const auto& syntax = scanned.syntax_error())
            sink.error({file_label, syntax->position.line, syntax->position.column}, tr("JSON 格式有误：", "invalid JSON: ") + syntax->message);
        else if (const auto first = text.find_first_not_of(" \t\r\n"); first != std::string_view::npos && text[first] != '{')
            sink.error({file_label, 1, 1}, tr("文件最外层应为一个 JSON 对象 {\"kind\": …}，实际只有一个单独的值",
                                              "expected a JSON object {\"kind\": …} at the top of the file, found a single value"));
        else
            sink.error({file_label}, tr("JSON 格式有误：", "invalid JSON: ") +
                                         (poco_message.empty() ? tr("有一个键出现了两次", "a key appears twice") : poco_message));
        return;
    }
    const FileContext context{file_label, text, sink, nullptr};
    if (root.type() != typeid(Object::Ptr)) {
        context.error("", "", tr("文件最外层应为一个 JSON 对象 {\"kind\": …}，实际是", "expected a JSON object {\"kind\": …} at the top of the file, found ") +
                                  describe_type(root));
        return;
    }
    ObjectReader top(context, root.extract<Object::Ptr>(), "", "");
    std::string kind = top.text("kind");
    if (kind.empty()) {
        context.error("", "", tr("文件没有写明装的是什么：请在开头加上 \"kind\": 和 \"organisation\"（组织）、\"meeting\"（一次会议）、"
                                 "\"meetings\"（多次会议）、\"election\"（换届）、\"development\"（发展党员）或 \"dues\"（党费）之一",
                                 "the file does not say what it holds: add \"kind\": \"organisation\", "
                                 "\"meeting\", \"meetings\", \"election\", \"development\" or \"dues\""));
        return;
    }
    // The kind in Chinese: "kind": "会议" (issue 14).
    static const std::map<std::string, std::string> chinese_kinds = {
        {"组织", "organisation"}, {"党组织", "organisation"}, {"会议", "meeting"}, {"会议记录", "meeting"},
        {"会议列表", "meetings"}, {"多次会议", "meetings"}, {"换届", "election"}, {"换届选举", "election"},
        {"发展", "development"}, {"发展党员", "development"}, {"党费", "dues"}, {"党费台账", "dues"}};
    if (auto it = chinese_kinds.find(kind); it != chinese_kinds.end()) kind = it->second;
    if (kind == "meeting") {
        read_meeting(top, vocabulary, into);
    } else if (kind == "meetings") {
        const auto file_year = top.count("year");
        auto list = top.objects("records", "");
        if (!top.has("records"))
            top.error("records", tr("\"meetings\" 文件需要一个 \"records\" 列表，每次会议一项：\"records\": [{…}, {…}]",
                                    "a \"meetings\" file needs a \"records\" list"));
        top.finish();
        for (auto& item : list) read_meeting(item, vocabulary, into, file_year);
    } else if (kind == "election") {
        read_election(top, vocabulary, into);
    } else if (kind == "development") {
        read_development(top, vocabulary, into);
    } else if (kind == "organisation") {
        read_organisation(top, into);
    } else if (kind == "dues") {
        read_dues(top, into);
    } else {
        const std::vector<std::string> kinds = {"organisation", "meeting", "meetings", "election", "development", "dues"};
        const auto close = core::closest_name(kind, kinds);
        top.error("kind", tr("不认识的 kind“" + kind + "”" + (close ? "，是不是“" + *close + "”？" : "；") +
                                 "可写 \"organisation\"（组织）、\"meeting\"（一次会议）、\"meetings\"（多次会议）、"
                                 "\"election\"（换届）、\"development\"（发展党员）或 \"dues\"（党费）",
                             "unknown kind \"" + kind + "\"" + (close ? "; did you mean \"" + *close + "\"?" : "") +
                                 "; expected \"organisation\", \"meeting\", \"meetings\", "
                                 "\"election\", \"development\" or \"dues\""));
    }
}

void load_meeting_records(const std::string& text, const std::string& file_label, const Object::Ptr& top,
                          const std::vector<size_t>& indices, const Vocabulary& vocabulary, Dataset& into,
                          core::DiagnosticSink& sink) {
    // The year the file states, read as load_json_text reads it (its problems were reported with the file).
    core::DiagnosticSink ignored;
    const FileContext file_context{file_label, text, ignored, nullptr};
    ObjectReader file(file_context, top, "", "");
    const auto file_year = file.count("year");
    const FileContext context{file_label, text, sink, nullptr};
    const auto list = top->getArray("records");
    for (const size_t i : indices) {
        // A copy as the loader's parser would make it (keys sorted): read_meeting changes what it reads.
        std::ostringstream written;
        list->getObject(static_cast<unsigned>(i))->stringify(written);
        Poco::JSON::Parser parser;
        ObjectReader item(context, parser.parse(written.str()).extract<Object::Ptr>(), "/records/" + std::to_string(i), "");
        read_meeting(item, vocabulary, into, file_year);
    }
}

Dataset load_dataset(const std::vector<std::filesystem::path>& inputs, const Vocabulary& vocabulary,
                     core::DiagnosticSink& sink) {
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    for (const auto& input : inputs) {
        std::error_code ec;
        const auto status = fs::status(input, ec);
        if (ec || !fs::exists(status))
            throw core::InputError({input.string()}, tr("没有这个文件或文件夹；请检查路径", "no such file or folder"));
        if (fs::is_directory(status)) {
            std::vector<fs::path> found;
            for (fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied, ec), end;
                 !ec && it != end; it.increment(ec)) {
                if (it->path().extension() != ".json") continue;
                if (it->is_regular_file(ec)) found.push_back(it->path());
                else if (!it->is_directory(ec))
                    sink.warning({it->path().string()}, tr("不是普通文件（管道、设备或失效的链接），已跳过",
                                                           "not a regular file (a pipe, a device or a broken link); skipped"));
            }
            if (ec) throw core::InputError({input.string()}, tr("无法读取文件夹：", "cannot read the folder: ") + ec.message());
            if (found.empty())
                throw core::InputError({input.string()}, tr("文件夹里没有 .json 记录文件", "the folder holds no .json record files"));
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else {
            files.push_back(input);
        }
    }
    if (files.empty()) throw core::InputError({}, tr("没有输入：请给出数据文件夹或 JSON 文件", "no input: name a data folder or JSON files"));

    // The same file reached twice (named twice, or through a symbolic link) is read once: its records
    // would otherwise be counted twice.
    std::map<fs::path, fs::path> seen;
    std::vector<fs::path> unique_files;
    for (const auto& file : files) {
        std::error_code ec;
        const fs::path real = fs::weakly_canonical(file, ec);
        auto [it, fresh] = seen.emplace(ec ? file : real, file);
        if (fresh) unique_files.push_back(file);
        else
            sink.warning({file.string()}, tr("与 " + it->second.string() + " 是同一个文件（链接或重复给出），只读一次",
                                             "the same file as " + it->second.string() + " (a link or a repeated name); read once"));
    }

    // Files are independent until they are merged, so they are read on every core (a city's 100
    // branches give thousands of files); results are merged in file order, so the output does not
    // depend on the schedule.
    struct FileResult {
        Dataset data;
        core::DiagnosticSink sink;
        bool read = false;
    };
    std::vector<FileResult> results(unique_files.size());
    std::atomic<size_t> next{0};
    auto work = [&] {
        for (size_t i = next++; i < unique_files.size(); i = next++) {
            const std::string label = unique_files[i].string();
            std::string text;
            try {
                text = core::read_file(unique_files[i]);
            } catch (const core::InputError& e) {
                results[i].sink.add(e.diagnostic());
                continue;
            }
            results[i].read = true;
            load_json_text(text, label, vocabulary, results[i].data, results[i].sink);
        }
    };
    // One thread per core: files are independent, and each thread holds only the file it is reading.
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> threads;
    if (unique_files.size() > 1)
        for (unsigned t = 1; t < std::min<size_t>(cores, unique_files.size()); ++t) threads.emplace_back(work);
    work();
    for (auto& thread : threads) thread.join();

    Dataset dataset;
    // Room for every meeting at once: a book's 10,000 meetings, grown by doubling, would leave the vector
    // up to twice their size (a meeting is about a kilobyte before its texts).
    size_t meetings = 0;
    for (const auto& r : results) meetings += r.data.meetings.size();
    dataset.meetings.reserve(meetings);
    for (size_t i = 0; i < results.size(); ++i) {
        auto& r = results[i];
        for (const auto& d : r.sink.all()) sink.add(d);
        if (!r.read) continue;
        dataset.files.push_back(unique_files[i].string());
        if (r.data.organisation) {
            if (dataset.organisation) {
                core::Location where = r.data.organisation->where;
                where.field.clear();
                sink.error(where, second_organisation_message(dataset.organisation->where.file));
            } else {
                dataset.organisation = std::move(r.data.organisation);
            }
        }
        auto append = [](auto& into, auto& from) {
            into.insert(into.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
        };
        // Copied, not moved: the copies are made now that every file's parsed JSON is gone, so they lie
        // together instead of between the freed pieces of those trees (see the end of this function).
        dataset.meetings.insert(dataset.meetings.end(), r.data.meetings.begin(), r.data.meetings.end());
        r.data.meetings = {};
        append(dataset.elections, r.data.elections);
        append(dataset.developments, r.data.developments);
        append(dataset.dues, r.data.dues);
    }
    // The files' JSON trees (about 25 KB a meeting, for all of a worker's file at once) are freed, but
    // the allocator keeps their pages while anything else lives among them; with the meetings copied
    // out the pages are free and go back to the system. 10,000 records: about 40 MB less for the rest
    // of the run.
    results.clear();
    results.shrink_to_fit();
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
    return dataset;
}

}  // namespace dangan::records
