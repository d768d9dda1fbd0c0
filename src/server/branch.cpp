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
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <set>
#include <tuple>
#include <future>
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
    if (const char* v = std::getenv("DANGAN_SAVE_GROUP"); v && *v) set_group_limit(std::strtoul(v, nullptr, 10));
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

std::string Branch::fingerprint() const {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(today().iso());
    engine.update(profile_.value_or(""));
    for (const auto& [path, size, time] : stamp()) {
        engine.update(path);
        engine.update('\0');
        engine.update(std::to_string(size) + ":" + std::to_string(time) + "\n");
    }
    return Poco::DigestEngine::digestToHex(engine.digest()).substr(0, 32);
}

void Branch::remember(Snapshot snapshot, const Snapshot& before) const {
    // The snapshot a save checked is the folder as it now is: the next page needs no parse.
    judge(snapshot, &before);
    publish(std::move(snapshot));
}

void Branch::write_and_remember(const std::map<fs::path, std::string>& texts, Snapshot after, const Snapshot& before) const {
    // The recheck is work for a core, the write mostly a wait for the disk (the file and its folder
    // synced): done at once, a save costs the longer of the two instead of their sum — with fifty branches
    // saving together, the syncs of all of them queue at the disk. The line numbers of the new findings
    // are looked up once the files are in place, and the snapshot is made current only when every file
    // is written (a failed write throws, and nothing of it is shown).
    auto writing = std::async(std::launch::async, [&texts] {
        for (const auto& [file, text] : texts) core::write_file_atomically(file, text);
    });
    try {
        judge(after, &before, false);
    } catch (...) {
        writing.wait();
        throw;
    }
    writing.get();
    add_lines(after.findings);
    publish(std::move(after));
}

void Branch::publish(Snapshot snapshot) const {
    auto now = stamp();
    snapshot.stamp = now;
    auto shared = std::make_shared<const Snapshot>(std::move(snapshot));
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
    // One reading of the folder at a time: fifty requests that find it changed (a save being written, an
    // edit outside) wait for one reading (or for the save's snapshot) instead of each reading it again.
    std::lock_guard loading(load_mutex_);
    stamp = this->stamp();
    {
        std::lock_guard lock(cache_mutex_);
        if (cached_ && !stamp.empty() && stamp == cached_stamp_) return cached_;
    }
    auto s = std::make_shared<Snapshot>();
    s->book = book_;
    s->stamp = stamp;
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

void Branch::judge(Snapshot& snapshot, const Snapshot* before, bool with_lines) const {
    snapshot.judged_on = today().iso();
    if (!snapshot.usable()) return;
    const rules::CheckOptions options{today()};
    const auto& data = snapshot.data;
    const auto& book = *book_;
    using K = Kind;
    // check_dataset's families in its order, each with the kinds of record it reads (src/rules/check_*.cpp).
    const std::vector<std::pair<unsigned, std::function<void(std::vector<rules::Finding>&)>>> families = {
        {K::meetings | K::elections | K::developments | K::organisation, [&](auto& out) { rules::check_dates(data, options, out); }},
        {K::meetings | K::organisation, [&](auto& out) { rules::check_meetings(data, book, out); }},
        {K::meetings | K::organisation, [&](auto& out) { rules::check_cadence(data, book, options, out); }},
        {K::elections | K::organisation, [&](auto& out) { rules::check_term(data, book, options, out); }},
        {K::elections, [&](auto& out) { rules::check_elections(data, book, options, out); }},
        {K::developments, [&](auto& out) { rules::check_developments(data, book, options, out); }},
        {K::dues | K::organisation, [&](auto& out) { rules::check_dues(data, book, options, out); }},
        {K::developments | K::meetings | K::organisation, [&](auto& out) { rules::check_people(data, out); }},
        {K::developments | K::meetings, [&](auto& out) { rules::check_decisions(data, out); }},
    };
    // A save's snapshot keeps the findings of the families that read nothing it changed; anything read
    // from the folder (or judged on another day) is checked whole.
    const bool incremental = before && before->usable() && before->by_family.size() == families.size() &&
                             before->judged_on == snapshot.judged_on && snapshot.changed != ~0u;
    if (incremental) forget_lines(snapshot.changed_files);
    else forget_lines({});
    snapshot.by_family.assign(families.size(), {});
    snapshot.findings.clear();
    for (size_t i = 0; i < families.size(); ++i) {
        if (incremental && !(families[i].first & snapshot.changed)) snapshot.by_family[i] = before->by_family[i];
        else families[i].second(snapshot.by_family[i]);
        snapshot.findings.insert(snapshot.findings.end(), snapshot.by_family[i].begin(), snapshot.by_family[i].end());
    }
    rules::sort_findings(snapshot.findings);  // as check_dataset, then lines as jobs::add_line_numbers
    if (with_lines) add_lines(snapshot.findings);
    snapshot.reminders = rules::remind(data, book, rules::RemindOptions{today(), std::nullopt});
}

void Branch::forget_lines(const std::set<std::string>& files) const {
    std::lock_guard lock(lines_mutex_);
    if (files.empty()) lines_.clear();
    for (const auto& file : files) lines_.erase(file);
}

void Branch::add_lines(std::vector<rules::Finding>& findings) const {
    // What core::LineFinder does, with each file's positions kept until the file changes.
    std::lock_guard lock(lines_mutex_);
    for (auto& f : findings) {
        if (f.where.line > 0 || f.where.file.empty() || !f.where.field.starts_with("/")) continue;
        auto it = lines_.find(f.where.file);
        if (it == lines_.end()) {
            std::shared_ptr<const core::JsonPositions> positions;
            try {
                const std::string text = core::read_file(f.where.file);
                std::string_view view = text;
                if (view.starts_with("\xEF\xBB\xBF")) view.remove_prefix(3);
                positions = std::make_shared<const core::JsonPositions>(view);
            } catch (const core::InputError&) {
                // gone or unreadable: no line, as LineFinder
            }
            it = lines_.emplace(f.where.file, std::move(positions)).first;
        }
        const auto at = it->second ? core::nearest_position(*it->second, f.where.field) : core::LineColumn{0, 0};
        f.where.line = at.line;
        f.where.column = at.column;
    }
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

namespace {

/// "/records/12" or below it → 12; nullopt otherwise.
std::optional<size_t> record_index(const std::string& pointer) {
    static const std::string prefix = "/records/";
    if (!pointer.starts_with(prefix)) return std::nullopt;
    const auto end = pointer.find('/', prefix.size());
    return list_index(end == std::string::npos ? pointer : pointer.substr(0, end));
}

/// `old`'s items with those of the changed files replaced by `fresh` (file → its items as read again),
/// in the loader's order: JSON files by path, then workbooks; a changed file that had no such items
/// comes where the loader would have read it.
template <class T>
std::vector<T> splice_changed(const std::vector<T>& old, std::map<std::string, std::vector<T>>& fresh) {
    std::vector<T> out;
    out.reserve(old.size());
    std::set<std::string> done;
    auto emit = [&](const std::string& file) {
        if (!done.insert(file).second) return;
        auto& items = fresh[file];
        out.insert(out.end(), std::make_move_iterator(items.begin()), std::make_move_iterator(items.end()));
    };
    for (const auto& item : old) {
        const std::string& file = item.where.file;
        for (const auto& [name, items] : fresh)
            if (!done.count(name) && (!file.ends_with(".json") || name < file)) emit(name);
        if (fresh.count(file)) emit(file);
        else out.push_back(item);
    }
    for (const auto& [name, items] : fresh) emit(name);
    return out;
}

}  // namespace

Snapshot Branch::load_with(const Snapshot& now, const std::map<fs::path, std::string>& texts, const Trees* trees) const {
    const auto& d = now.data;
    const auto& vocabulary = book_->vocabulary();
    Snapshot s;
    s.book = book_;
    s.changed = 0;
    auto bits_of = [](const records::Dataset& data, const std::string& file) {
        unsigned bits = 0;
        auto in = [&](const auto& items) {
            return std::any_of(items.begin(), items.end(), [&](const auto& i) { return i.where.file == file; });
        };
        if (data.organisation && data.organisation->where.file == file) bits |= Kind::organisation;
        if (in(data.meetings)) bits |= Kind::meetings;
        if (in(data.elections)) bits |= Kind::elections;
        if (in(data.developments)) bits |= Kind::developments;
        if (in(data.dues)) bits |= Kind::dues;
        return bits;
    };
    // Each changed file read again from its new text: the whole file, or, for a "meetings" list whose other
    // records are as `now` read them, only the records the saves changed (the others taken from `now`).
    struct Fresh {
        records::Dataset data;
        core::DiagnosticSink sink;
        bool read = false;
        std::optional<std::set<size_t>> only;  ///< partial: the places read again
    };
    std::map<std::string, Fresh> fresh;
    for (const auto& [file, text] : texts) {
        const std::string name = file.string();
        s.changed_files.insert(name);
        auto& f = fresh[name];
        f.read = true;
        if (trees && trees->as_loaded.count(file) && trees->records.count(file)) {
            const auto& places = trees->records.at(file);
            const auto& top = trees->files.at(file);
            // Partial only when nothing but the changed records had a loading problem and the file's
            // records are exactly its list's places 0..n-1, the changed ones replaced or added after them.
            bool partial = top->isArray("records") &&
                           std::find(d.files.begin(), d.files.end(), name) != d.files.end();
            for (const auto& diagnostic : now.diagnostics)
                if (partial && diagnostic.where.file == name) {
                    const auto at = record_index(diagnostic.where.field);
                    partial = at && places.count(*at);
                }
            size_t count = 0;
            for (const auto& m : d.meetings)
                if (partial && m.where.file == name) partial = list_index(m.where.field) == count++;
            const size_t size = partial ? top->getArray("records")->size() : 0;
            if (partial)
                partial = std::all_of(places.begin(), places.end(), [&](size_t i) { return i < size; }) &&
                          size - count == static_cast<size_t>(std::count_if(places.begin(), places.end(),
                                                                            [&](size_t i) { return i >= count; }));
            partial = partial && !(bits_of(d, name) & ~Kind::meetings);
            if (partial) {
                f.only = places;
                ++partial_reloads_;
                records::load_meeting_records(text, name, top, {places.begin(), places.end()}, vocabulary, f.data, f.sink);
                continue;
            }
        }
        try {
            records::load_json_text(text, name, vocabulary, f.data, f.sink);
        } catch (const core::InputError& e) {
            f.sink.add(e.diagnostic());
            f.read = false;
        }
    }
    // What changed, for judge: the kinds the changed files held before and hold now.
    for (const auto& [name, f] : fresh) s.changed |= bits_of(d, name) | bits_of(f.data, name);

    std::map<std::string, std::vector<records::Meeting>> meetings;
    std::map<std::string, std::vector<records::ElectionDossier>> elections;
    std::map<std::string, std::vector<records::DevelopmentDossier>> developments;
    std::map<std::string, std::vector<records::DuesLedger>> dues;
    for (auto& [name, f] : fresh) {
        if (f.only) {
            // The file's records in list order: those of `now`, the changed places read again.
            std::map<size_t, records::Meeting> read;
            for (auto& m : f.data.meetings) read.emplace(*list_index(m.where.field), std::move(m));
            auto& list = meetings[name];
            for (const auto& m : d.meetings)
                if (m.where.file == name) {
                    const size_t at = *list_index(m.where.field);
                    if (read.count(at)) {
                        list.push_back(std::move(read.at(at)));
                        read.erase(at);
                    } else {
                        list.push_back(m);
                    }
                }
            for (auto& [at, m] : read) list.push_back(std::move(m));  // added at the end of the list
        } else {
            meetings[name] = std::move(f.data.meetings);
        }
        elections[name] = std::move(f.data.elections);
        developments[name] = std::move(f.data.developments);
        dues[name] = std::move(f.data.dues);
    }
    s.data.meetings = splice_changed(d.meetings, meetings);
    s.data.elections = splice_changed(d.elections, elections);
    s.data.developments = splice_changed(d.developments, developments);
    s.data.dues = splice_changed(d.dues, dues);
    s.data.cells = d.cells;
    if (d.organisation && !fresh.count(d.organisation->where.file)) s.data.organisation = d.organisation;
    core::DiagnosticSink sink;
    for (auto& [name, f] : fresh)
        if (f.data.organisation) {
            if (!s.data.organisation) s.data.organisation = std::move(f.data.organisation);
            else
                sink.error({name}, "数据中已有一份组织信息（" + s.data.organisation->where.file +
                                       "）：一个支部只能有一份组织信息，请删去其中一份");
        }
    // The files in the loader's order (JSON files by path, then workbooks); a file that no longer loads
    // at all is left out, as the loader leaves it out.
    for (const auto& file : d.files) {
        auto it = fresh.find(file);
        for (const auto& [name, f] : fresh)
            if (f.read && std::find(d.files.begin(), d.files.end(), name) == d.files.end() &&
                std::find(s.data.files.begin(), s.data.files.end(), name) == s.data.files.end() &&
                (!file.ends_with(".json") || name < file))
                s.data.files.push_back(name);
        if (it == fresh.end() || it->second.read) s.data.files.push_back(file);
    }
    for (const auto& [name, f] : fresh)
        if (f.read && std::find(s.data.files.begin(), s.data.files.end(), name) == s.data.files.end())
            s.data.files.push_back(name);
    for (const auto& diagnostic : now.diagnostics)
        if (!fresh.count(diagnostic.where.file)) sink.add(diagnostic);
    for (const auto& [name, f] : fresh)
        for (const auto& diagnostic : f.sink.all()) sink.add(diagnostic);
    s.diagnostics = sink.all();
    return s;
}

std::optional<Branch::Edit> Branch::plan_edit(const Snapshot& now, Trees& trees, const Object::Ptr& record,
                                              const std::optional<RecordRef>& ref, const std::string* version,
                                              SaveResult& result) const {
    // The file's JSON as this group left it, else as it is on disk now.
    auto tree = [&](const fs::path& file) -> Object::Ptr& {
        auto it = trees.files.find(file);
        if (it == trees.files.end()) {
            const std::string text = core::read_file(file);
            // Read as the snapshot read it? Then its other records need not be read again (load_with).
            std::error_code e1, e2;
            const auto size = fs::file_size(file, e1);
            const auto time = fs::last_write_time(file, e2);
            const std::tuple<std::string, std::uintmax_t, std::int64_t> seen{
                file.string(), e1 ? 0 : size, e2 ? 0 : static_cast<std::int64_t>(time.time_since_epoch().count())};
            if (!e1 && !e2 && size == text.size() && std::binary_search(now.stamp.begin(), now.stamp.end(), seen))
                trees.as_loaded.insert(file);
            it = trees.files.emplace(file, parse_ordered(text).extract<Object::Ptr>()).first;
        }
        return it->second;
    };
    Edit edit;
    if (ref) {
        if (!ref->file.ends_with(".json")) {
            // A record from a workbook or CSV sheet ("台账.xlsx 会议") is changed where it was typed: writing it
            // back would mean rewriting the secretary's spreadsheet.
            result.outcome = SaveResult::Outcome::invalid;
            result.messages.push_back("这条记录来自“" + ref->file + "”（工作簿或表格）：请在该文件中修改，"
                                      "或在网页上新增一条记录。");
            return std::nullopt;
        }
        const auto file = data_file(now, ref->file);
        if (!file) {
            result.outcome = SaveResult::Outcome::conflict;
            result.messages.push_back("记录所在的文件“" + ref->file + "”已不在数据文件夹中（可能被改名或删除）。");
            return std::nullopt;
        }
        edit.file = *file;
        Object::Ptr& top = tree(*file);
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
        Object::Ptr ordered = in_stored_order(*current, *record);
        if (ref->pointer.empty()) {
            if (!ordered->has("kind")) ordered->set("kind", "meeting");  // a file of one meeting says so
            top = ordered;
        } else {
            top->getArray("records")->set(static_cast<unsigned>(*list_index(ref->pointer)), ordered);
            trees.records[*file].insert(*list_index(ref->pointer));
        }
        edit.where = *ref;
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
    if (!trees.files.count(edit.file) && !fs::exists(edit.file, ec)) {
        Object::Ptr top = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        top->set("kind", "meetings");
        top->set("year", std::stoi(year));
        top->set("records", Array::Ptr(new Array));
        trees.files.emplace(edit.file, top);
    }
    const Object::Ptr& top = tree(edit.file);
    if (!top->isArray("records")) {
        result.outcome = SaveResult::Outcome::invalid;
        result.messages.push_back("“" + edit.file.lexically_relative(root_).generic_string() +
                                  "”不是会议记录列表（缺少 records）；请改正或移走这个文件。");
        return std::nullopt;
    }
    auto list = top->getArray("records");
    list->add(Object::Ptr(record));
    trees.records[edit.file].insert(list->size() - 1);
    edit.where = {edit.file.lexically_relative(root_).generic_string(), "/records/" + std::to_string(list->size() - 1)};
    return edit;
}

namespace {

std::map<fs::path, std::string> texts_of(const std::map<fs::path, Object::Ptr>& trees, const std::set<fs::path>& files) {
    std::map<fs::path, std::string> texts;
    for (const auto& file : files) texts[file] = stringify(*trees.at(file), 2) + "\n";
    return texts;
}

/// The loading errors that make a save unusable: those of the files it writes, and those of no file.
std::vector<std::string> blocking_errors(const Snapshot& after, const std::map<fs::path, std::string>& texts) {
    std::vector<std::string> messages;
    for (const auto& d : after.diagnostics)
        if (d.severity == core::Severity::error && (d.where.file.empty() || texts.count(fs::path(d.where.file))))
            messages.push_back(d.message);
    return messages;
}

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

/// DANGAN_SAVE_PROFILE=1: one line per commit on stderr saying where its time went (bench/web_load.py).
bool profiling() {
    static const bool on = [] {
        const char* v = std::getenv("DANGAN_SAVE_PROFILE");
        return v && *v && std::string(v) != "0";
    }();
    return on;
}

}  // namespace

SaveResult Branch::save_meeting(const Object::Ptr& record, const std::optional<RecordRef>& ref,
                                const std::string& version) {
    // Group commit: the first waiting save commits every save queued so far; the others wait for it and
    // are then done, or one of them commits the next group.
    Pending pending{record, ref, version, {}, nullptr, false};
    std::unique_lock lock(queue_mutex_);
    queue_.push_back(&pending);
    while (!pending.done) {
        if (committing_) {
            queue_done_.wait(lock);
            continue;
        }
        committing_ = true;
        std::vector<Pending*> group;
        while (!queue_.empty() && group.size() < group_limit_) {
            group.push_back(queue_.front());
            queue_.pop_front();
        }
        lock.unlock();
        try {
            commit(group);
        } catch (...) {
            // Nothing the group did is half-written (each file is replaced atomically): every save of it
            // that did not get its own answer gets the failure.
            for (auto* p : group)
                if (p->result.version.empty() && p->result.messages.empty()) p->failure = std::current_exception();
        }
        lock.lock();
        committing_ = false;
        for (auto* p : group) p->done = true;
        stats_.groups++;
        stats_.saves += group.size();
        stats_.largest = std::max(stats_.largest, group.size());
        queue_done_.notify_all();
    }
    lock.unlock();
    if (pending.failure) std::rethrow_exception(pending.failure);
    return pending.result;
}

std::vector<SaveResult> Branch::save_meetings(const std::vector<SaveRequest>& saves) {
    std::vector<Pending> pending;
    for (const auto& s : saves) pending.push_back(Pending{s.record, s.ref, s.version, {}, nullptr, false});
    std::vector<Pending*> group;
    for (auto& p : pending) group.push_back(&p);
    commit(group);
    std::vector<SaveResult> results;
    for (auto& p : pending) results.push_back(std::move(p.result));
    {
        std::lock_guard lock(queue_mutex_);
        stats_.groups++;
        stats_.saves += group.size();
        stats_.largest = std::max(stats_.largest, group.size());
    }
    return results;
}

Branch::CommitStats Branch::commit_stats() const {
    std::lock_guard lock(queue_mutex_);
    return stats_;
}

void Branch::commit(std::vector<Pending*>& group) {
    std::lock_guard lock(save_mutex_);
    const auto started = Clock::now();
    const auto now = load();
    if (group.size() > 1 && commit_together(group, *now)) return;
    // One save alone, or a group in which some save would not load: each on its own, so that only that
    // one is refused (with its own message) and the others are saved.
    for (auto* p : group) commit_one(*p);
    if (profiling() && group.size() > 1)
        std::cerr << "dangan: save group of " << group.size() << " one by one: " << ms_since(started) << " ms\n";
}

void Branch::commit_one(Pending& p) {
    const auto started = Clock::now();
    const auto now = load();
    Trees trees;
    auto edit = plan_edit(*now, trees, p.record, p.ref, &p.version, p.result);
    if (!edit) return;
    const auto texts = texts_of(trees.files, {edit->file});
    const auto planned = Clock::now();
    // The saved data must load as the command line would load it: otherwise `check` and `render` stop.
    Snapshot after = load_with(*now, texts, &trees);
    p.result.messages = blocking_errors(after, texts);
    if (!p.result.messages.empty()) {
        p.result.outcome = SaveResult::Outcome::invalid;
        return;
    }
    const auto loaded = Clock::now();
    std::unique_lock loading(load_mutex_);  // pages wait for this save's snapshot rather than read the folder
    const auto written = Clock::now();  // the write and the recheck overlap: "recheck" below is both
    write_and_remember(texts, std::move(after), *now);
    loading.unlock();
    p.result.where = edit->where;
    p.result.version = version_of(*p.record);
    if (profiling()) {
        std::ostringstream line;  // one write: saves of other branches print at the same time
        line << "dangan: save 1: plan " << std::chrono::duration<double, std::milli>(planned - started).count()
             << " ms, reload " << std::chrono::duration<double, std::milli>(loaded - planned).count()
             << " ms, write " << std::chrono::duration<double, std::milli>(written - loaded).count()
             << " ms, recheck " << ms_since(written) << " ms\n";
        std::cerr << line.str();
    }
}

bool Branch::commit_together(std::vector<Pending*>& group, const Snapshot& now) {
    const auto started = Clock::now();
    // Every save applied in arrival order to the files' JSON, so a later save of the same record sees the
    // earlier one (and gets 409 when it was made from the version before it).
    Trees trees;
    std::set<fs::path> files;
    std::vector<std::optional<Edit>> edits;
    for (auto* p : group) {
        edits.push_back(plan_edit(now, trees, p->record, p->ref, &p->version, p->result));
        if (edits.back()) files.insert(edits.back()->file);
    }
    const auto texts = texts_of(trees.files, files);
    const auto planned = Clock::now();
    Snapshot after = load_with(now, texts, &trees);
    if (!blocking_errors(after, texts).empty()) {
        // Some save would not load: forget this plan (nothing was written) and let commit() go one by one.
        for (auto* p : group) p->result = SaveResult{};
        return false;
    }
    const auto loaded = Clock::now();
    std::unique_lock loading(load_mutex_);  // pages wait for this group's snapshot rather than read the folder
    const auto written = Clock::now();  // the write and the recheck overlap: "recheck" below is both
    write_and_remember(texts, std::move(after), now);
    loading.unlock();
    for (size_t i = 0; i < group.size(); ++i)
        if (edits[i]) {
            group[i]->result.where = edits[i]->where;
            group[i]->result.version = version_of(*group[i]->record);
        }
    if (profiling())
        std::cerr << "dangan: save " << group.size() << ": plan "
                  << std::chrono::duration<double, std::milli>(planned - started).count() << " ms, reload "
                  << std::chrono::duration<double, std::milli>(loaded - planned).count() << " ms, write "
                  << std::chrono::duration<double, std::milli>(written - loaded).count() << " ms, recheck "
                  << ms_since(written) << " ms\n";
    return true;
}

SaveResult Branch::save_member(const Object::Ptr& fields, std::optional<size_t> index, const std::string& version) {
    std::lock_guard lock(save_mutex_);
    SaveResult result;
    const auto now = load();
    auto refuse = [&](SaveResult::Outcome outcome, const std::string& text) {
        result.outcome = outcome;
        result.messages.push_back(text);
        return result;
    };
    if (!now->data.organisation)
        return refuse(SaveResult::Outcome::invalid, "数据文件夹中没有组织信息（organisation.json），花名册无处保存：请先用命令行或工作簿建立组织信息。");
    const fs::path file = now->data.organisation->where.file;
    if (file.extension() != ".json")
        return refuse(SaveResult::Outcome::invalid, "花名册来自工作簿或表格（" + file.filename().string() + "）：请在该文件中修改。");
    Object::Ptr top = parse_ordered(core::read_file(file)).extract<Object::Ptr>();
    if (!top->has("members")) top->set("members", Array::Ptr(new Array));
    if (!top->isArray("members")) return refuse(SaveResult::Outcome::invalid, "organisation.json 的 members 不是列表，请先改正。");
    Array::Ptr members = top->getArray("members");
    Object::Ptr member = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    if (index) {
        if (*index >= members->size() || !members->isObject(static_cast<unsigned>(*index)))
            return refuse(SaveResult::Outcome::conflict, "这名党员已不在花名册的这个位置（可能被别人删除或移动）。");
        const Object::Ptr current = members->getObject(static_cast<unsigned>(*index));
        if (version_of(*current) != version) {
            result.theirs = current;
            return refuse(SaveResult::Outcome::conflict, "保存前，别人（或命令行）已经修改了这名党员的信息。您的修改没有保存；"
                                                         "请对照下面两个版本，重新打开后再改。");
        }
        for (const auto& key : current->getNames()) member->set(key, current->get(key));
    }
    for (const auto& key : fields->getNames()) {
        const std::string value = fields->getValue<std::string>(key);
        if (value.empty()) member->remove(key);
        else member->set(key, value);
    }
    const std::string name = member->has("name") ? member->getValue<std::string>("name") : "";
    if (name.empty()) return refuse(SaveResult::Outcome::invalid, "请填写姓名。");
    for (size_t i = 0; i < members->size(); ++i)
        if ((!index || i != *index) && members->isObject(static_cast<unsigned>(i)) &&
            members->getObject(static_cast<unsigned>(i))->optValue<std::string>("name", "") == name)
            return refuse(SaveResult::Outcome::invalid, "花名册中已有“" + name + "”：同名党员请在姓名后注明以示区别。");
    if (index) members->set(static_cast<unsigned>(*index), member);
    else members->add(member);
    const size_t at = index ? *index : members->size() - 1;
    const std::map<fs::path, std::string> texts{{file, stringify(*top, 2) + "\n"}};
    Snapshot after = load_with(*now, texts);
    result.messages = blocking_errors(after, texts);
    if (!result.messages.empty()) {
        result.outcome = SaveResult::Outcome::invalid;
        return result;
    }
    std::lock_guard loading(load_mutex_);
    write_and_remember(texts, std::move(after), *now);
    result.where = {file.lexically_relative(root_).generic_string(), "/members/" + std::to_string(at)};
    result.version = version_of(*member);
    return result;
}

bool Branch::valid_workbook_name(const std::string& name) {
    if (name.size() < 6 || !name.ends_with(".xlsx") || name.starts_with(".") || name.starts_with("~$")) return false;
    return name.find('/') == std::string::npos && name.find('\\') == std::string::npos &&
           name.find('\0') == std::string::npos && name.size() <= 200;
}

Branch::WorkbookCheck Branch::check_workbook(const fs::path& upload, const std::string& target) const {
    WorkbookCheck check;
    if (!valid_workbook_name(target)) {
        check.errors.push_back("文件名“" + target + "”不可用：请上传扩展名为 .xlsx 的工作簿，文件名中不要有“/”。");
        return check;
    }
    const fs::path destination = root_ / target;
    std::error_code ec;
    check.replaces = fs::exists(destination, ec);
    // The folder's record files as the loader would find them, the target replaced by the upload.
    std::vector<fs::path> inputs;
    for (fs::recursive_directory_iterator it(root_, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
        const auto ext = it->path().extension();
        const auto name = it->path().filename().string();
        if ((ext != ".json" && ext != ".xlsx" && ext != ".csv") || name.starts_with("~$") || name.starts_with(".~")) continue;
        if (!it->is_regular_file(ec) || it->path() == destination) continue;
        inputs.push_back(it->path());
    }
    inputs.push_back(upload);
    core::DiagnosticSink sink;
    records::Dataset data;
    try {
        data = workbook::load_dataset(inputs, book_->vocabulary(), sink);
    } catch (const core::InputError& e) {
        sink.add(e.diagnostic());
    }
    // Messages name the upload by the name it will have, not by the private folder it waits in.
    const std::string prefix = upload.string();
    auto from_upload = [&](const std::string& file) { return file.starts_with(prefix); };
    // and the folder's files by their names inside it (as the pages do).
    const std::string folder = (root_ / "").string();
    auto shown = [&](std::string text) {
        for (size_t at; (at = text.find(prefix)) != std::string::npos;) text.replace(at, prefix.size(), target);
        for (size_t at; (at = text.find(folder)) != std::string::npos;) text.erase(at, folder.size());
        return text;
    };
    for (const auto& d : sink.all()) {
        if (!from_upload(d.where.file) && !d.where.file.empty()) continue;  // the folder's own problems are on its pages
        std::string where = shown(d.where.file);
        if (d.where.line) where += "，第" + std::to_string(d.where.line) + "行";
        const std::string text = (where.empty() ? "" : where + "：") + shown(d.message);
        (d.severity == core::Severity::error ? check.errors : check.warnings).push_back(text);
    }
    auto mine = [&](const auto& item) { return from_upload(item.where.file); };
    check.meetings = static_cast<size_t>(std::count_if(data.meetings.begin(), data.meetings.end(), mine));
    check.elections = static_cast<size_t>(std::count_if(data.elections.begin(), data.elections.end(), mine));
    check.developments = static_cast<size_t>(std::count_if(data.developments.begin(), data.developments.end(), mine));
    check.dues = static_cast<size_t>(std::count_if(data.dues.begin(), data.dues.end(), mine));
    if (data.organisation && mine(*data.organisation)) check.members = data.organisation->members.size();
    // The identity #11 gives a record without an id: kind, date, start and title.
    std::set<std::tuple<std::string, std::string, std::string, std::string>> others;
    for (const auto& m : data.meetings)
        if (!mine(m)) others.emplace(m.kind, m.date.raw, m.start, m.title);
    size_t twice = 0;
    constexpr size_t kShown = 12;  // a whole year exported and uploaded back: name some, count the rest
    for (const auto& m : data.meetings)
        if (mine(m) && others.count({m.kind, m.date.raw, m.start, m.title}) && ++twice <= kShown)
            check.duplicates.push_back(m.date.raw + " " + m.kind + (m.title.empty() ? "" : "“" + m.title + "”"));
    if (twice > kShown) check.duplicates.push_back("……另有 " + std::to_string(twice - kShown) + " 条（共 " + std::to_string(twice) + " 条）");
    return check;
}

Branch::WorkbookCheck Branch::import_workbook(const fs::path& upload, const std::string& target) {
    std::lock_guard lock(save_mutex_);
    auto check = check_workbook(upload, target);
    if (!check.errors.empty() || !check.duplicates.empty()) return check;
    core::write_file_atomically(root_ / target, core::read_file(upload));
    return check;
}

std::vector<rules::Finding> Branch::preview(const Object::Ptr& record, const std::optional<RecordRef>& ref,
                                            std::vector<std::string>& messages) const {
    SaveResult result;
    const auto now = load();
    Trees trees;
    auto edit = plan_edit(*now, trees, record, ref, nullptr, result);
    if (!edit) {
        messages = result.messages;
        return {};
    }
    const auto texts = texts_of(trees.files, {edit->file});
    const Snapshot after = load_with(*now, texts, &trees);
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

Object::Ptr Branch::object_at(const Object::Ptr& top, const std::string& pointer) {
    Poco::Dynamic::Var at = top;
    size_t start = 0;
    while (start < pointer.size()) {
        if (pointer[start] != '/') return nullptr;
        size_t end = pointer.find('/', start + 1);
        if (end == std::string::npos) end = pointer.size();
        const std::string part = pointer.substr(start + 1, end - start - 1);
        start = end;
        if (at.type() == typeid(Object::Ptr)) {
            const auto object = at.extract<Object::Ptr>();
            if (!object->has(part)) return nullptr;
            at = object->get(part);
        } else if (at.type() == typeid(Array::Ptr)) {
            const auto array = at.extract<Array::Ptr>();
            if (part.empty() || part.size() > 7 || !std::all_of(part.begin(), part.end(), ::isdigit)) return nullptr;
            const size_t i = std::stoul(part);
            if (i >= array->size()) return nullptr;
            at = array->get(static_cast<unsigned>(i));
        } else {
            return nullptr;
        }
    }
    return at.type() == typeid(Object::Ptr) ? at.extract<Object::Ptr>() : nullptr;
}

namespace {

/// An edit of one object of a record file, worked out but not written: the file's new text.
struct ObjectPlan {
    fs::path file;
    std::map<fs::path, std::string> texts;
    Object::Ptr object;
};

}  // namespace

static std::optional<ObjectPlan> plan_object_edit(const Branch& branch, const Snapshot& now, const std::string& file,
                                                  const std::string& pointer, const std::string* version,
                                                  const Branch::ObjectEdit& edit, SaveResult& result) {
    auto refuse = [&](SaveResult::Outcome outcome, const std::string& text) {
        result.outcome = outcome;
        result.messages.push_back(text);
        return std::nullopt;
    };
    if (!file.ends_with(".json"))
        return refuse(SaveResult::Outcome::invalid, "这条记录来自“" + file + "”（工作簿或表格）：请在该文件中修改。");
    const auto path = branch.data_file(now, file);
    if (!path) return refuse(SaveResult::Outcome::conflict, "数据文件夹中已没有文件“" + file + "”（可能已被删除或改名）。");
    ObjectPlan plan;
    plan.file = *path;
    const Object::Ptr top = parse_ordered(core::read_file(*path)).extract<Object::Ptr>();
    plan.object = Branch::object_at(top, pointer);
    if (!plan.object)
        return refuse(SaveResult::Outcome::conflict, "“" + file + "”中已没有这条记录（位置“" + pointer + "”），可能已被别人修改或移动。");
    if (version && Branch::version_of(*plan.object) != *version) {
        result.theirs = new Object(*plan.object);
        return refuse(SaveResult::Outcome::conflict, "保存前，别人（或命令行）已经修改了这条记录。您的修改没有保存；"
                                                     "请对照下面两个版本，重新打开记录后再改。");
    }
    if (const std::string why = edit(plan.object); !why.empty()) return refuse(SaveResult::Outcome::invalid, why);
    plan.texts[*path] = stringify(*top, 2) + "\n";
    return plan;
}

SaveResult Branch::save_object(const std::string& file, const std::string& pointer, const std::string& version,
                               const ObjectEdit& edit) {
    std::lock_guard lock(save_mutex_);
    SaveResult result;
    const auto now = load();
    auto plan = plan_object_edit(*this, *now, file, pointer, &version, edit, result);
    if (!plan) return result;
    Snapshot after = load_with(*now, plan->texts);
    result.messages = blocking_errors(after, plan->texts);
    if (!result.messages.empty()) {
        result.outcome = SaveResult::Outcome::invalid;
        return result;
    }
    std::lock_guard loading(load_mutex_);
    write_and_remember({{plan->file, plan->texts.at(plan->file)}}, std::move(after), *now);
    result.where = {file, pointer};
    result.version = version_of(*plan->object);
    return result;
}

std::vector<rules::Finding> Branch::preview_object(const std::string& file, const std::string& record_pointer,
                                                   const std::string& pointer, const ObjectEdit& edit,
                                                   std::vector<std::string>& messages) const {
    SaveResult result;
    const auto now = load();
    auto plan = plan_object_edit(*this, *now, file, pointer, nullptr, edit, result);
    if (!plan) {
        messages = result.messages;
        return {};
    }
    const Snapshot after = load_with(*now, plan->texts);
    messages = blocking_errors(after, plan->texts);
    if (!messages.empty()) return {};
    std::vector<rules::Finding> mine;
    for (auto& f : rules::check_dataset(after.data, *after.book, rules::CheckOptions{today()}))
        if (fs::path(f.where.file) == plan->file &&
            (record_pointer.empty() || f.where.field == record_pointer || f.where.field.starts_with(record_pointer + "/")))
            mine.push_back(std::move(f));
    return mine;
}

}  // namespace dangan::server
