// One branch's data folder as the web app sees it. The folder stays the truth: every page reads it
// afresh, and every save writes the same record files the command line reads (atomically), after
// checking that nobody else changed the record since the form was opened.
#pragma once

#include "core/date.hpp"
#include "core/diagnostic.hpp"
#include "core/json_positions.hpp"
#include "records/model.hpp"
#include "rules/finding.hpp"
#include "rules/remind.hpp"
#include "rules/profile.hpp"

#include <Poco/JSON/Object.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace dangan::server {

/// Where a meeting record lives: a file of the data folder (relative, '/'-separated) and the record's JSON
/// pointer in it ("" for a file holding one meeting, "/records/3" in a list).
struct RecordRef {
    std::string file;
    std::string pointer;
};

/// The data folder read at one moment: the rule book, the records, what loading said and what `check`
/// finds. Immutable once made, so every request may share it.
struct Snapshot {
    std::shared_ptr<const rules::RuleBook> book;
    records::Dataset data;
    std::vector<core::Diagnostic> diagnostics;  ///< loading problems (errors stop check and render)
    std::vector<rules::Finding> findings;       ///< of every rule on `today` (line numbers added); none if unusable
    std::vector<rules::Reminder> reminders;     ///< the 工作提醒 of `today` (as `dangan remind`); none if unusable
    bool usable() const;

    /// The findings of each rule family of check_dataset, in its order, with their lines: a save reruns
    /// only the families that read the kinds of record it changed and keeps the others' (Branch::judge).
    std::vector<std::vector<rules::Finding>> by_family;
    /// The kinds of record (Branch::Kind bits) whose records differ from the snapshot this one was made
    /// from by a save (load_with); all when read from the folder.
    unsigned changed = ~0u;
    /// The record files a save changed (load_with); their lines are looked up again.
    std::set<std::string> changed_files;
    std::string judged_on;  ///< the "today" of findings and reminders (ISO)
    /// The record files' paths, sizes and modification times when they were read.
    std::vector<std::tuple<std::string, std::uintmax_t, std::int64_t>> stamp;
};

/// What a save did.
struct SaveResult {
    enum class Outcome { saved, conflict, invalid } outcome = Outcome::saved;
    RecordRef where;                       ///< the record as saved (a new record's file and pointer)
    std::string version;                   ///< its new version
    Poco::JSON::Object::Ptr theirs;        ///< conflict: the record as it is now on disk
    std::string mine;                      ///< conflict: what the form sent, as the page shows it
    std::vector<std::string> messages;     ///< invalid: what is wrong, in Chinese
};

class Branch {
public:
    /// `root`: the data folder; `profile`: as --profile; `as_of`: fixed "today" (tests), else the real date.
    Branch(std::filesystem::path root, std::optional<std::string> profile, std::optional<core::PartialDate> as_of);

    const std::filesystem::path& root() const { return root_; }
    core::PartialDate today() const;
    const std::optional<std::string>& profile() const { return profile_; }

    /// The data folder as it is now. Read again only when a record file was added, removed or changed
    /// (size or modification time) since the last call: a page view costs a folder listing, not a parse.
    std::shared_ptr<const Snapshot> load() const;
    /// What the findings of load() depend on, as a short digest: the record files' paths, sizes and
    /// modification times, and today's date (reminders fall due as days pass). The shared index keeps it
    /// to tell a stale row from a fresh one.
    std::string fingerprint() const;

    /// The meeting at `ref`, or nullptr. `ref.file` must name a file the snapshot loaded.
    const records::Meeting* find(const Snapshot& snapshot, const RecordRef& ref) const;
    static RecordRef ref_of(const records::Meeting& meeting, const std::filesystem::path& root);

    /// The version of a stored record: a digest of its JSON, which the form sends back on save.
    static std::string version_of(const Poco::JSON::Object& record);

    /// Saves `record` over the one at `ref` (when `ref` is set; `version` must still be current) or as a new
    /// meeting in the year file web-YYYY.json. The record must load without errors with the rest of the data.
    /// Saves arriving while another is being written are committed together (group commit): each keeps its
    /// own result (saved, 409, invalid) as if it had been made alone, in the order they arrived, but the
    /// files are written, reloaded and rechecked once per group instead of once per save.
    SaveResult save_meeting(const Poco::JSON::Object::Ptr& record, const std::optional<RecordRef>& ref,
                            const std::string& version);

    /// Saves one member of the 花名册 (organisation.json's "members"): `fields` are the form's keys (an empty
    /// value removes the key; keys the form does not show stay); `index` the member's place, with the version
    /// the form showed, or nullopt for a new member at the end. Atomic, checked as the loader reads it, 409 on
    /// a stale version, serialised with the meeting saves.
    SaveResult save_member(const Poco::JSON::Object::Ptr& fields, std::optional<size_t> index, const std::string& version);

    /// Changes one object of a record file in place (the 发展 and 党费 forms): `pointer` names it in the file
    /// ("/steps/3" of a single-record file, "/records/2/members/1" in a list; "" the top); `version` is the
    /// version the form showed of that object (409 when it changed meanwhile); `edit` changes it (keys in
    /// written order) and returns "" or, in Chinese, why it cannot. Every other key and record is kept; the
    /// file is checked as the loader reads it, written atomically, and serialised with the other saves.
    using ObjectEdit = std::function<std::string(Poco::JSON::Object::Ptr object)>;
    SaveResult save_object(const std::string& file, const std::string& pointer, const std::string& version,
                           const ObjectEdit& edit);
    /// The findings the record at `record_pointer` of `file` would have after `edit` of the object at
    /// `pointer` (nothing is written); `messages` say why the edit cannot be made or would not load.
    std::vector<rules::Finding> preview_object(const std::string& file, const std::string& record_pointer,
                                               const std::string& pointer, const ObjectEdit& edit,
                                               std::vector<std::string>& messages) const;
    /// The object at a JSON pointer of plain keys and list indices, or nullptr.
    static Poco::JSON::Object::Ptr object_at(const Poco::JSON::Object::Ptr& top, const std::string& pointer);

    /// One save of a group: the arguments of save_meeting.
    struct SaveRequest {
        Poco::JSON::Object::Ptr record;
        std::optional<RecordRef> ref;
        std::string version;
    };
    /// Commits `saves` as one group, in order, exactly as save_meeting commits the saves that queue up
    /// together (so tests can make a group without racing threads). One result per save.
    std::vector<SaveResult> save_meetings(const std::vector<SaveRequest>& saves);

    /// The findings a record would have if it were saved as given (nothing is written).
    std::vector<rules::Finding> preview(const Poco::JSON::Object::Ptr& record, const std::optional<RecordRef>& ref,
                                        std::vector<std::string>& messages) const;

    /// A data-folder file for a path given by a request: relative, inside the folder, one of the files
    /// the data holds. Returns nullopt otherwise (so no request can name a file outside).
    std::optional<std::filesystem::path> data_file(const Snapshot& snapshot, const std::string& file) const;

    /// What an uploaded workbook would bring (import in the browser): its problems, naming sheet!cell,
    /// and what it holds.
    struct WorkbookCheck {
        std::vector<std::string> errors;    ///< the workbook cannot be taken (Chinese, sheet!cell)
        std::vector<std::string> warnings;  ///< taken, but worth a look (unknown columns …)
        size_t meetings = 0, elections = 0, developments = 0, dues = 0, members = 0;
        /// Meetings the folder holds already (same kind, date, start and title in another file): adding the
        /// workbook would count them twice, so an import that adds is refused while there are any.
        std::vector<std::string> duplicates;
        bool replaces = false;  ///< the folder already has a file of the target's name: it is replaced
    };
    /// Whether a workbook is a valid file name for the top of the data folder ("台账.xlsx"): a plain name
    /// ending in .xlsx, so an upload can name nothing else.
    static bool valid_workbook_name(const std::string& name);
    /// Checks `upload` (a .xlsx file outside the folder) as if it were `target` in the data folder: it is
    /// read with the rest of the data the way `check` would read it. Writes nothing.
    WorkbookCheck check_workbook(const std::filesystem::path& upload, const std::string& target) const;
    /// Checks again (the folder may have changed since the confirmation page) and, when the workbook can
    /// be taken, writes it atomically as `target` at the top of the data folder (replacing a file of that
    /// name, or added beside the records). Serialised with saves.
    WorkbookCheck import_workbook(const std::filesystem::path& upload, const std::string& target);

    /// Kinds of record, as bits of Snapshot::changed.
    struct Kind {
        static constexpr unsigned organisation = 1, meetings = 2, elections = 4, developments = 8, dues = 16;
    };

    /// The most saves committed as one group (1: one at a time, each written and rechecked alone, as before
    /// group commit; bench/web_load.py compares both). Default 64; DANGAN_SAVE_GROUP sets it for a server.
    void set_group_limit(size_t limit) { group_limit_ = std::max<size_t>(1, limit); }
    /// How many groups and saves were committed (for tests and the bench's profile).
    struct CommitStats {
        size_t groups = 0, saves = 0, largest = 0;
    };
    CommitStats commit_stats() const;
    /// How many changed files were reloaded record by record rather than whole (tests).
    size_t partial_reloads() const { return partial_reloads_; }

private:
    /// The record files a group of saves changes, parsed once and edited in place: absolute path → the
    /// file's JSON (keys in written order).
    struct Trees {
        std::map<std::filesystem::path, Poco::JSON::Object::Ptr> files;
        /// Files read while their size and modification time were those of the snapshot: the snapshot's
        /// records of them are what was read, so a save may reload only the records it changed.
        std::set<std::filesystem::path> as_loaded;
        /// "meetings" list files → the places in "records" a save replaced or added.
        std::map<std::filesystem::path, std::set<size_t>> records;
    };
    struct Edit {
        std::filesystem::path file;  ///< absolute
        RecordRef where;
    };
    /// Applies one save to `trees` (reading its file on first use), or says in `result` why it cannot.
    std::optional<Edit> plan_edit(const Snapshot& now, Trees& trees, const Poco::JSON::Object::Ptr& record,
                                  const std::optional<RecordRef>& ref, const std::string* version,
                                  SaveResult& result) const;
    /// The data with some files' texts replaced (or added), for checking saves before they are written: the
    /// other files' records come from the snapshot `now`, only the given texts are parsed.
    /// With `trees`, a "meetings" list file of `trees.as_loaded` reloads only its records in
    /// `trees.records` (the rest as `now` holds them) when nothing else of it had a loading problem.
    Snapshot load_with(const Snapshot& now, const std::map<std::filesystem::path, std::string>& texts,
                       const Trees* trees = nullptr) const;

    /// One save waiting for its group.
    struct Pending {
        Poco::JSON::Object::Ptr record;
        std::optional<RecordRef> ref;
        std::string version;
        SaveResult result;
        std::exception_ptr failure;
        bool done = false;
    };
    /// Commits `group` (in order): all together when every save loads cleanly, else one by one.
    void commit(std::vector<Pending*>& group);
    /// Commits saves together; false (nothing written) when the changed files would not load.
    bool commit_together(std::vector<Pending*>& group, const Snapshot& now);
    void commit_one(Pending& pending);
    /// Fills in what the rules say of the snapshot's data: findings and reminders. With `before` (the
    /// snapshot a save started from), the rule families that read none of the kinds in snapshot.changed
    /// keep before's findings; the others run on the whole data (numbering and intervals look across
    /// records). The result is what a full check gives (tests/unit/server/test_incremental.cpp).
    /// `with_lines` false: the findings' line numbers are left for add_lines (the files are being written).
    void judge(Snapshot& snapshot, const Snapshot* before = nullptr, bool with_lines = true) const;
    /// Adds lines to findings that have none, as jobs::add_line_numbers does, keeping each file's
    /// positions between saves (a changed file's are dropped by forget_lines).
    void add_lines(std::vector<rules::Finding>& findings) const;
    void forget_lines(const std::set<std::string>& files) const;

    std::filesystem::path root_;
    std::optional<std::string> profile_;
    std::optional<core::PartialDate> as_of_;
    std::shared_ptr<const rules::RuleBook> book_;
    mutable std::mutex save_mutex_;  ///< one group commit at a time in this process (the version check covers others)
    mutable std::mutex queue_mutex_;  ///< guards queue_, committing_ and stats_
    std::condition_variable queue_done_;
    std::deque<Pending*> queue_;     ///< saves waiting for the next group
    bool committing_ = false;        ///< a thread is committing a group now
    size_t group_limit_ = 64;
    CommitStats stats_;
    using Stamp = std::vector<std::tuple<std::string, std::uintmax_t, std::int64_t>>;  ///< path, size, mtime
    Stamp stamp() const;
    /// Makes `snapshot` (the data after a save started from `before`) the folder as it now is.
    void remember(Snapshot snapshot, const Snapshot& before) const;
    /// Writes `texts` (each file atomically) while `after` is rechecked, then makes it current.
    void write_and_remember(const std::map<std::filesystem::path, std::string>& texts, Snapshot after,
                            const Snapshot& before) const;
    /// Makes `snapshot` (judged) the current one, stamped with the folder as it now is.
    void publish(Snapshot snapshot) const;

    mutable std::atomic<size_t> partial_reloads_{0};
    mutable std::mutex lines_mutex_;
    mutable std::map<std::string, std::shared_ptr<const core::JsonPositions>> lines_;  ///< file → positions

    /// One reading of the folder at a time; held by a save from its write until its snapshot is remembered.
    mutable std::mutex load_mutex_;
    mutable std::mutex cache_mutex_;
    mutable std::shared_ptr<const Snapshot> cached_;
    mutable Stamp cached_stamp_;
};

}  // namespace dangan::server
