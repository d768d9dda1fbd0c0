#include "server/branch.hpp"

#include "core/atomic_write.hpp"
#include "jobs/check_job.hpp"
#include "jobs/resources.hpp"
#include "records/loader.hpp"
#include "rules/check.hpp"
#include "workbook/convert.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <sstream>

namespace dangan::server {

namespace fs = std::filesystem;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

/// Parses a record file keeping its keys in their written order, so a save changes only what changed.
Poco::Dynamic::Var parse_ordered(const std::string& text) {
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    return parser.parse(text);
}

std::string stringify(const Object& o, unsigned indent) {
    std::ostringstream out;
    o.stringify(out, indent);
    return out.str();
}

/// `edited` with its keys in the order `stored` has them (new keys last), so that a save leaves the file's
/// layout as its author wrote it and a diff shows only what changed.
Object::Ptr in_stored_order(const Object& stored, const Object& edited) {
    Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& key : stored.getNames())
        if (edited.has(key)) out->set(key, edited.get(key));
    for (const auto& key : edited.getNames())
        if (!out->has(key)) out->set(key, edited.get(key));
    return out;
}

/// "/records/12" → 12; nullopt for any other pointer.
std::optional<size_t> list_index(const std::string& pointer) {
    static const std::string prefix = "/records/";
    if (!pointer.starts_with(prefix) || pointer.size() == prefix.size()) return std::nullopt;
    size_t value = 0;
    for (size_t i = prefix.size(); i < pointer.size(); ++i) {
        if (pointer[i] < '0' || pointer[i] > '9' || value > 1'000'000) return std::nullopt;
        value = value * 10 + static_cast<size_t>(pointer[i] - '0');
    }
    return value;
}

std::string year_of(const Object& record) {
    const std::string date = record.has("date") ? record.getValue<std::string>("date") : "";
    if (date.size() >= 4 && std::all_of(date.begin(), date.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }))
        return date.substr(0, 4);
    return "";
}

}  // namespace

bool Snapshot::usable() const {
    return std::none_of(diagnostics.begin(), diagnostics.end(),
                        [](const core::Diagnostic& d) { return d.severity == core::Severity::error; });
}

Branch::Branch(fs::path root, std::optional<std::string> profile, std::optional<core::PartialDate> as_of)
    : root_(std::move(root)), profile_(std::move(profile)), as_of_(std::move(as_of)),
      book_(std::make_shared<rules::RuleBook>(rules::RuleBook::load(jobs::resource_root() / "profiles", profile_))) {
    std::error_code ec;
    if (!fs::is_directory(root_, ec))
        throw core::InputError({root_.string()}, "数据文件夹不存在或不是文件夹：请给出存放记录文件的文件夹");
}

core::PartialDate Branch::today() const { return as_of_.value_or(core::today()); }

Branch::Stamp Branch::stamp() const {
    // What the loader would read, with each file's size and modification time.
    Stamp stamp;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(root_, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
        // The files the loader reads: JSON records, and workbooks and CSV sheets beside them.
        const auto ext = it->path().extension();
        if (ext != ".json" && ext != ".xlsx" && ext != ".csv") continue;
        std::error_code e1, e2;
        const auto size = it->file_size(e1);
        const auto time = it->last_write_time(e2);
        stamp.emplace_back(it->path().string(), e1 ? 0 : size,
                           e2 ? 0 : static_cast<std::int64_t>(time.time_since_epoch().count()));
    }
    if (ec) return {};  // an empty stamp never matches: read the folder again next time
    std::sort(stamp.begin(), stamp.end());
    return stamp;
}

void Branch::remember(Snapshot snapshot) const {
    // The snapshot a save checked is the folder as it now is: the next page needs no parse.
    judge(snapshot);
    auto shared = std::make_shared<const Snapshot>(std::move(snapshot));
    auto now = stamp();
    std::lock_guard lock(cache_mutex_);
    cached_ = std::move(shared);
    cached_stamp_ = std::move(now);
}

std::shared_ptr<const Snapshot> Branch::load() const {
    auto stamp = this->stamp();
    {
        std::lock_guard lock(cache_mutex_);
        if (cached_ && !stamp.empty() && stamp == cached_stamp_) return cached_;
    }
    auto s = std::make_shared<Snapshot>();
    s->book = book_;
    core::DiagnosticSink sink;
    try {
        // JSON record files, .xlsx workbooks and .csv sheets, as the command line reads them.
        s->data = workbook::load_dataset({root_}, book_->vocabulary(), sink);
    } catch (const core::InputError& e) {
        sink.add(e.diagnostic());
    }
    s->diagnostics = sink.all();
    judge(*s);
    std::lock_guard lock(cache_mutex_);
    cached_ = s;
    cached_stamp_ = std::move(stamp);
    return s;
}

void Branch::judge(Snapshot& snapshot) const {
    if (!snapshot.usable()) return;
    snapshot.findings = rules::check_dataset(snapshot.data, *book_, rules::CheckOptions{today()});
    jobs::add_line_numbers(snapshot.findings);
    snapshot.reminders = rules::remind(snapshot.data, *book_, rules::RemindOptions{today(), std::nullopt});
}

RecordRef Branch::ref_of(const records::Meeting& meeting, const fs::path& root) {
    const std::string pointer = meeting.where.field == "/" ? "" : meeting.where.field;
    return {fs::path(meeting.where.file).lexically_relative(root).generic_string(), pointer};
}

const records::Meeting* Branch::find(const Snapshot& snapshot, const RecordRef& ref) const {
    for (const auto& m : snapshot.data.meetings) {
        const auto r = ref_of(m, root_);
        if (r.file == ref.file && r.pointer == ref.pointer) return &m;
    }
    return nullptr;
}

std::optional<fs::path> Branch::data_file(const Snapshot& snapshot, const std::string& file) const {
    if (file.empty()) return std::nullopt;
    const fs::path relative(file);
    if (relative.is_absolute()) return std::nullopt;
    for (const auto& part : relative)
        if (part == "..") return std::nullopt;
    // Only a file the data holds: whatever the request says, it names nothing else.
    for (const auto& loaded : snapshot.data.files)
        if (fs::path(loaded).lexically_relative(root_) == relative.lexically_normal()) return root_ / relative;
    return std::nullopt;
}

std::string Branch::version_of(const Object& record) {
    // Canonical form first: the loader's objects keep keys sorted, the editor's in file order; the same
    // record must have the same version either way.
    Poco::JSON::Parser parser;
    const auto canonical = parser.parse(stringify(record, 0)).extract<Object::Ptr>();
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(stringify(*canonical, 0));
    return Poco::DigestEngine::digestToHex(engine.digest()).substr(0, 16);
}

Snapshot Branch::load_with(const fs::path& file, const std::string& text) const {
    const auto now = load();
    Snapshot s;
    s.book = book_;
    // Every record but those of `file` as loaded; then `file` parsed from the new text.
    const std::string name = file.string();
    const auto& d = now->data;
    auto other = [&](const auto& item) { return item.where.file != name; };
    if (d.organisation && other(*d.organisation)) s.data.organisation = d.organisation;
    std::copy_if(d.meetings.begin(), d.meetings.end(), std::back_inserter(s.data.meetings), other);
    std::copy_if(d.elections.begin(), d.elections.end(), std::back_inserter(s.data.elections), other);
    std::copy_if(d.developments.begin(), d.developments.end(), std::back_inserter(s.data.developments), other);
    std::copy_if(d.dues.begin(), d.dues.end(), std::back_inserter(s.data.dues), other);
    std::copy_if(d.files.begin(), d.files.end(), std::back_inserter(s.data.files),
                 [&](const std::string& f) { return f != name; });
    core::DiagnosticSink sink;
    for (const auto& diagnostic : now->diagnostics)
        if (diagnostic.where.file != name) sink.add(diagnostic);
    try {
        records::load_json_text(text, name, book_->vocabulary(), s.data, sink);
        s.data.files.push_back(name);
    } catch (const core::InputError& e) {
        sink.add(e.diagnostic());
    }
    s.diagnostics = sink.all();
    return s;
}

std::optional<Branch::Edit> Branch::plan_edit(const Object::Ptr& record, const std::optional<RecordRef>& ref,
                                              const std::string* version, SaveResult& result) const {
    const auto now = load();
    Edit edit;
    Poco::Dynamic::Var root;
    if (ref) {
        if (!ref->file.ends_with(".json")) {
            // A record from a workbook or CSV sheet ("台账.xlsx 会议") is changed where it was typed: writing it
            // back would mean rewriting the secretary's spreadsheet.
            result.outcome = SaveResult::Outcome::invalid;
            result.messages.push_back("这条记录来自“" + ref->file + "”（工作簿或表格）：请在该文件中修改，"
                                      "或在网页上新增一条记录。");
            return std::nullopt;
        }
        const auto file = data_file(*now, ref->file);
        if (!file) {
            result.outcome = SaveResult::Outcome::conflict;
            result.messages.push_back("记录所在的文件“" + ref->file + "”已不在数据文件夹中（可能被改名或删除）。");
            return std::nullopt;
        }
        edit.file = *file;
        root = parse_ordered(core::read_file(*file));
        Object::Ptr top = root.extract<Object::Ptr>();
        Object::Ptr current;
        if (ref->pointer.empty()) {
            current = top;
        } else if (auto index = list_index(ref->pointer); index && top->isArray("records") &&
                                                         *index < top->getArray("records")->size()) {
            current = top->getArray("records")->getObject(static_cast<unsigned>(*index));
        }
        if (!current) {
            result.outcome = SaveResult::Outcome::conflict;
            result.messages.push_back("这条记录已不在“" + ref->file + "”中（可能被别人删除或移动）。");
            return std::nullopt;
        }
        if (version && version_of(*current) != *version) {
            result.outcome = SaveResult::Outcome::conflict;
            result.theirs = current;
            result.messages.push_back("保存前，别人（或命令行）已经修改了这条记录。您的修改没有保存；"
                                      "请对照下面两个版本，重新打开记录后再改。");
            return std::nullopt;
        }
        const Object::Ptr ordered = in_stored_order(*current, *record);
        if (ref->pointer.empty()) {
            Object::Ptr whole = ordered;  // a file of one meeting says so
            if (!whole->has("kind")) whole->set("kind", "meeting");
            root = whole;
        } else {
            top->getArray("records")->set(static_cast<unsigned>(*list_index(ref->pointer)), ordered);
        }
        edit.where = *ref;
        edit.text = stringify(*root.extract<Object::Ptr>(), 2) + "\n";
        return edit;
    }

    // A new meeting goes into the web app's file of its year, beside the other meeting files.
    const std::string year = year_of(*record);
    if (year.empty()) {
        result.outcome = SaveResult::Outcome::invalid;
        result.messages.push_back("新记录须先填写会议日期（年月日），才能存入当年的记录文件。");
        return std::nullopt;
    }
    std::error_code ec;
    const fs::path folder = fs::is_directory(root_ / "meetings", ec) ? root_ / "meetings" : root_;
    edit.file = folder / ("web-" + year + ".json");
    Object::Ptr top;
    if (fs::exists(edit.file, ec)) {
        top = parse_ordered(core::read_file(edit.file)).extract<Object::Ptr>();
        if (!top->isArray("records")) {
            result.outcome = SaveResult::Outcome::invalid;
            result.messages.push_back("“" + edit.file.lexically_relative(root_).generic_string() +
                                      "”不是会议记录列表（缺少 records）；请改正或移走这个文件。");
            return std::nullopt;
        }
    } else {
        top = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        top->set("kind", "meetings");
        top->set("year", std::stoi(year));
        top->set("records", Array::Ptr(new Array));
    }
    auto list = top->getArray("records");
    list->add(Object::Ptr(record));
    edit.where = {edit.file.lexically_relative(root_).generic_string(), "/records/" + std::to_string(list->size() - 1)};
    edit.text = stringify(*top, 2) + "\n";
    return edit;
}

SaveResult Branch::save_meeting(const Object::Ptr& record, const std::optional<RecordRef>& ref,
                                const std::string& version) {
    std::lock_guard lock(save_mutex_);
    SaveResult result;
    auto edit = plan_edit(record, ref, &version, result);
    if (!edit) return result;
    // The saved data must load as the command line would load it: otherwise `check` and `render` stop.
    const Snapshot after = load_with(edit->file, edit->text);
    for (const auto& d : after.diagnostics)
        if (d.severity == core::Severity::error && (d.where.file.empty() || fs::path(d.where.file) == edit->file))
            result.messages.push_back(d.message);
    if (!result.messages.empty()) {
        result.outcome = SaveResult::Outcome::invalid;
        return result;
    }
    core::write_file_atomically(edit->file, edit->text);
    remember(after);
    result.where = edit->where;
    result.version = version_of(*record);
    return result;
}

std::vector<rules::Finding> Branch::preview(const Object::Ptr& record, const std::optional<RecordRef>& ref,
                                            std::vector<std::string>& messages) const {
    SaveResult result;
    auto edit = plan_edit(record, ref, nullptr, result);
    if (!edit) {
        messages = result.messages;
        return {};
    }
    const Snapshot after = load_with(edit->file, edit->text);
    for (const auto& d : after.diagnostics)
        if (d.severity == core::Severity::error) messages.push_back(d.message);
    if (!messages.empty()) return {};
    std::vector<rules::Finding> mine;
    for (auto& f : rules::check_dataset(after.data, *after.book, rules::CheckOptions{today()})) {
        const bool same_file = fs::path(f.where.file) == edit->file;
        const std::string pointer = edit->where.pointer;
        if (same_file && (pointer.empty() || f.where.field == pointer || f.where.field.starts_with(pointer + "/")))
            mine.push_back(std::move(f));
    }
    return mine;
}

}  // namespace dangan::server
