#include "archive/store.hpp"

#include "core/messages.hpp"
#include "core/atomic_write.hpp"
#include "core/diagnostic.hpp"

#include <Poco/Data/Session.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <set>
#include <sstream>

namespace dangan::archive {

namespace fs = std::filesystem;
using namespace Poco::Data::Keywords;

namespace {

void register_sqlite() {
    static std::once_flag once;
    std::call_once(once, [] { Poco::Data::SQLite::Connector::registerConnector(); });
}

void create_schema(Poco::Data::Session& s) {
    s << "CREATE TABLE IF NOT EXISTS items (record_id TEXT PRIMARY KEY, year INTEGER NOT NULL, "
         "item INTEGER NOT NULL, code TEXT NOT NULL, folder TEXT NOT NULL, date TEXT NOT NULL, kind TEXT, "
         "title TEXT, record_sha256 TEXT, pages INTEGER, status TEXT NOT NULL, UNIQUE(year, item))",
        now;
    s << "CREATE TABLE IF NOT EXISTS files (record_id TEXT NOT NULL, path TEXT NOT NULL, size INTEGER NOT NULL, "
         "sha256 TEXT NOT NULL, PRIMARY KEY(record_id, path))",
        now;
}

std::vector<IndexEntry> select_entries(Poco::Data::Session& s, const std::string& where_clause,
                                       const std::string& argument) {
    std::vector<std::string> ids, codes, folders, dates, kinds, titles, shas, statuses;
    std::vector<int> years, items, pages;
    Poco::Data::Statement select(s);
    select << "SELECT record_id, year, item, code, folder, date, kind, title, record_sha256, pages, status FROM items " +
                  where_clause + " ORDER BY year, item",
        into(ids), into(years), into(items), into(codes), into(folders), into(dates), into(kinds), into(titles),
        into(shas), into(pages), into(statuses);
    std::string arg = argument;
    if (!argument.empty()) select, use(arg);
    select.execute();
    std::vector<IndexEntry> out;
    for (size_t i = 0; i < ids.size(); ++i)
        out.push_back({ids[i], years[i], items[i], codes[i], folders[i], dates[i], kinds[i], titles[i], shas[i],
                       pages[i], statuses[i]});
    return out;
}

/// One filed matter, as its manifest describes it, into the index (status done, with its files).
void insert_filed(Poco::Data::Session& s, const FiledManifest& f) {
    const Manifest& m = f.manifest;
    s.begin();
    try {
        std::string id = m.record_id, code = m.code, folder = f.folder, date = m.date, kind = m.kind, title = m.title,
                    sha = m.record_sha256, status = "done";
        int year = m.year, item = m.item, pages = m.pages;
        s << "INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", use(id), use(year), use(item), use(code),
            use(folder), use(date), use(kind), use(title), use(sha), use(pages), use(status), now;
        for (const auto& file : m.files) {
            std::string path = file.path, file_sha = file.sha256;
            Poco::Int64 size = static_cast<Poco::Int64>(file.size);
            s << "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", use(id), use(path), use(size), use(file_sha), now;
        }
        s.commit();
    } catch (...) {
        s.rollback();
        throw;
    }
}

}  // namespace

std::string safe_file_name(const std::string& text, size_t max_bytes) {
    std::string out;
    for (unsigned char c : text) {
        if (c < 0x20 || c == 0x7f || std::string_view("/\\:*?\"<>|").find(static_cast<char>(c)) != std::string_view::npos)
            out += '_';
        else
            out += static_cast<char>(c);
    }
    if (out.size() > max_bytes) {
        size_t cut = max_bytes;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
        out.resize(cut);
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
    return out.empty() ? "_" : out;
}

ArchiveStore::ArchiveStore(const fs::path& root, std::ostream* warnings, int lock_wait_seconds) : root_(root) {
    register_sqlite();
    std::error_code ec;
    const core::Location at_root{root.string(), 0, 0, "", ""};
    if (fs::exists(root, ec) && !fs::is_directory(root, ec))
        throw core::InputError(at_root, core::tr("这是一个文件，不是文件夹；请给一个新的或空的文件夹，或 dangan 建的档案",
                                                  "is a file, not a folder; give a new or empty folder, or an archive made by dangan"));
    // A run killed while writing archive.json (the first file of a new archive) leaves only the
    // writer's temporary beside it: that folder is still "new", not someone else's. Anything but a dangan archive, or a new or empty folder (a first run may hold only its lock
    // file there yet), is someone else's folder and is left alone.
    auto foreign = [&] {
        if (!fs::is_directory(root, ec)) return false;
        core::remove_orphaned_temporaries(root / archive_marker_name);
        if (fs::exists(root / archive_marker_name, ec)) return false;
        for (const auto& entry : fs::directory_iterator(root, ec)) {
            const std::string name = entry.path().filename().string();
            // the lock, and archive.json being written by a first run that holds it
            if (name != lock_name && !name.starts_with("." + std::string(archive_marker_name) + ".")) return true;
        }
        return false;
    };
    const std::string not_ours = core::tr("文件夹不是空的，也不是 dangan 建的档案（没有 archive.json）；为免弄乱别人的文件，"
                                          "请给一个新的或空的文件夹，或 dangan 建的档案",
                                          "the folder is not empty and is not a dangan archive (no archive.json); give a new "
                                          "or empty folder, or an archive made by dangan");
    if (foreign()) throw core::InputError(at_root, not_ours);
    fs::create_directories(root, ec);
    if (ec) throw core::InputError(at_root, core::tr("无法创建文件夹：", "cannot create the folder: ") + ec.message());

    // One run at a time per archive: the lock is held until the store is destroyed (or the process
    // ends: the kernel drops a dead process's flock, so a killed run never blocks the next one).
    const fs::path lock = root / lock_name;
    lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (lock_fd_ < 0)
        throw core::InputError(core::Location{lock.string(), 0, 0, "", ""},
                               std::string("无法打开档案的锁文件：") + std::strerror(errno));
    if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
        if (warnings)
            *warnings << "dangan: 档案 " << root.string() << " 正被另一个 dangan archive 写入，等待其结束（最多 "
                      << lock_wait_seconds << " 秒）…\n";
        bool locked = false;
        for (int waited = 0; waited < lock_wait_seconds * 10 && !locked; ++waited) {
            ::usleep(100 * 1000);
            locked = ::flock(lock_fd_, LOCK_EX | LOCK_NB) == 0;
        }
        if (!locked) {
            ::close(lock_fd_);
            lock_fd_ = -1;
            throw core::InputError(at_root, "档案正被另一个 dangan archive 使用（" + std::to_string(lock_wait_seconds) +
                                                " 秒后仍未结束）。请等它完成后再运行；同一档案同一时间只能有一个归档在写");
        }
    }

    {
        // Said inside, so that a person (and audit) sees what the file is for.
        static const std::string note = "dangan archive lock: one archive run at a time writes this folder. "
                                        "同一时间只允许一个归档写入本档案；没有 dangan 在运行时可以删除。\n";
        if (::ftruncate(lock_fd_, 0) == 0 && ::write(lock_fd_, note.data(), note.size()) < 0) {
            // the lock works without its note
        }
    }
    // Checked again under the lock: a first run that was creating the archive has finished by now.
    if (foreign()) throw core::InputError(at_root, not_ours);
    const bool exists = fs::exists(root / archive_marker_name, ec);
    if (!exists)
        core::write_file_atomically(root / archive_marker_name,
                                    "{\n  \"dangan_archive\": 1,\n  \"index\": \"index.sqlite\",\n  \"_comment\": "
                                    "\"Made by dangan archive. One folder per matter with manifest.json; check it "
                                    "with: dangan audit THIS_FOLDER\"\n}\n");
    // Folders half-built by an interrupted run: their numbers are still reserved (status pending) and
    // the next write rebuilds them.
    fs::remove_all(root / ".tmp", ec);
    std::ostringstream quiet;
    std::ostream& say = warnings ? *warnings : quiet;

    // The index is a cache of what the manifests say: when it is missing, empty or unreadable while
    // matters are filed, it is built again from them, so no issued number is ever issued twice.
    std::vector<std::string> problems;
    const auto manifests = read_manifests(root, problems);
    for (const auto& p : problems) say << "dangan: " << p << "\n";
    bool usable = false;
    std::string why;
    try {
        if (fs::exists(root / index_name, ec) && fs::file_size(root / index_name, ec) > 0) {
            open_index();
            std::string check;
            *session_ << "PRAGMA quick_check", into(check), now;
            usable = check == "ok";
            if (!usable) why = "SQLite 自检未通过（" + check + "）";
        } else {
            why = fs::exists(root / index_name, ec) ? "是空文件" : "不存在";
        }
    } catch (const Poco::Exception& e) {
        why = "无法读取（" + e.displayText() + "）";
    }
    if (!usable && !manifests.empty()) {
        say << "dangan: " << (root / index_name).string() << " " << why << "；按各件的 manifest.json 重建索引，已编的件号不变\n";
        rebuild_index(say);
    } else if (!usable) {
        session_.reset();
        if (fs::exists(root / index_name, ec) && fs::file_size(root / index_name, ec) > 0) {
            // Unreadable and nothing filed to rebuild from: keep the damaged file for inspection.
            const fs::path aside = root / (std::string(index_name) + ".damaged");
            fs::rename(root / index_name, aside, ec);
            say << "dangan: " << (root / index_name).string() << " " << why << "；已移到 " << aside.filename().string()
                << "，新建索引\n";
        }
        try {
            open_index();
        } catch (const Poco::Exception& e) {
            throw core::InputError(core::Location{(root / index_name).string(), 0, 0, "", ""},
                                   core::tr("无法打开档案索引：", "cannot open the archive index: ") + e.displayText() +
                                       core::tr("（可用 dangan archive … --rebuild-index 按各件清单重建）", ""));
        }
    } else {
        // Matters filed but missing from the index (an emptied table, a lost row) are added back.
        std::set<std::string> known;
        for (const auto& e : entries()) known.insert(e.record_id);
        int added = 0;
        for (const auto& f : manifests) {
            if (known.count(f.manifest.record_id)) continue;
            try {
                insert_filed(*session_, f);
                ++added;
            } catch (const Poco::Exception& e) {
                say << "dangan: " << f.folder << "/" << manifest_name << "：无法补入索引（" << e.displayText()
                    << "）；件号 " << f.manifest.code << " 可能与索引中的另一件重复，请用 dangan audit 检查\n";
            }
        }
        if (added > 0)
            say << "dangan: " << (root / index_name).string() << " 缺少 " << added
                << " 件已归档的事项；已按其 manifest.json 补入，件号不变\n";
    }
}

void ArchiveStore::open_index() {
    session_.reset();
    session_ = std::make_unique<Poco::Data::Session>("SQLite", (root_ / index_name).string());
    create_schema(*session_);
}

void ArchiveStore::check_folders() const {
    for (const auto& e : entries())
        if (!valid_folder(e.folder))
            throw core::InputError(core::Location{(root_ / index_name).string(), 0, 0, e.record_id, "folder"},
                                   "索引中登记的文件夹“" + e.folder + "”不在档案之内（须为相对路径，不含“..”）。"
                                   "索引可能被改动过；请用 dangan archive --rebuild-index --to " + root_.string() +
                                   " 按各件的 manifest.json 重建索引");
}

int ArchiveStore::rebuild_index(std::ostream& warnings) {
    std::error_code ec;
    session_.reset();
    if (fs::exists(root_ / index_name, ec) && fs::file_size(root_ / index_name, ec) == 0) {
        fs::remove(root_ / index_name, ec);  // an empty file holds nothing worth keeping
    } else if (fs::exists(root_ / index_name, ec)) {
        fs::path aside;
        for (int n = 1;; ++n) {
            aside = root_ / (std::string(index_name) + ".old-" + std::to_string(n));
            if (!fs::exists(aside, ec)) break;
        }
        fs::rename(root_ / index_name, aside, ec);
        if (ec)
            throw core::InputError(core::Location{(root_ / index_name).string(), 0, 0, "", ""},
                                   "无法移开旧索引：" + ec.message());
        warnings << "dangan: 旧索引已移到 " << aside.filename().string() << "\n";
    }
    for (const char* suffix : {"-journal", "-wal", "-shm"}) fs::remove(root_ / (std::string(index_name) + suffix), ec);
    open_index();
    std::vector<std::string> problems;
    const auto manifests = read_manifests(root_, problems);
    for (const auto& p : problems) warnings << "dangan: " << p << "\n";
    int added = 0;
    for (const auto& f : manifests) {
        if (!valid_folder(f.folder)) continue;
        try {
            insert_filed(*session_, f);
            ++added;
        } catch (const Poco::Exception& e) {
            warnings << "dangan: " << f.folder << "/" << manifest_name << "：未能编入索引（" << e.displayText()
                     << "）；另一文件夹已用了件号 " << f.manifest.code << "，请用 dangan audit 检查\n";
        }
    }
    return added;
}

std::string ArchiveStore::free_folder(const std::string& folder) const {
    std::error_code ec;
    if (!fs::exists(root_ / fs::u8path(folder), ec)) return folder;
    for (int n = 2;; ++n) {
        const std::string candidate = folder + "-" + std::to_string(n);
        if (!fs::exists(root_ / fs::u8path(candidate), ec)) return candidate;
    }
}

bool valid_folder(const std::string& folder) {
    if (folder.empty() || folder.front() == '/' || folder.find('\\') != std::string::npos ||
        folder.find('\0') != std::string::npos)
        return false;
    size_t start = 0;
    while (start <= folder.size()) {
        const size_t end = std::min(folder.find('/', start), folder.size());
        const std::string part = folder.substr(start, end - start);
        if (part.empty() || part == "." || part == ".." || part == ".tmp") return false;
        start = end + 1;
    }
    return true;
}

std::vector<FiledManifest> read_manifests(const fs::path& root, std::vector<std::string>& problems) {
    std::vector<FiledManifest> out;
    std::error_code ec;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const auto& entry = *it;
        std::error_code e2;
        if (entry.is_directory(e2) && entry.path().filename() == ".tmp") {
            it.disable_recursion_pending();
            continue;
        }
        if (entry.path().filename() != manifest_name || !entry.is_regular_file(e2) || entry.is_symlink(e2)) continue;
        const std::string folder = fs::relative(entry.path().parent_path(), root, e2).generic_string();
        try {
            out.push_back({folder, manifest_from_json(core::read_file(entry.path()))});
        } catch (const std::exception& e) {
            problems.push_back(entry.path().string() + "：无法读取（" + e.what() + "）");
        }
    }
    std::sort(out.begin(), out.end(), [](const FiledManifest& a, const FiledManifest& b) { return a.folder < b.folder; });
    return out;
}

std::vector<IndexEntry> issued_entries(const fs::path& root, std::ostream& warnings) {
    std::error_code ec;
    if (!fs::exists(root / archive_marker_name, ec))
        throw core::InputError(core::Location{root.string(), 0, 0, "", ""},
                               "不是 dangan 档案（没有 archive.json）；--archive 须指向 dangan archive --to 建立的文件夹");
    std::vector<std::string> problems;
    const auto manifests = read_manifests(root, problems);
    std::vector<IndexEntry> out;
    try {
        if (!fs::exists(root / index_name, ec)) throw std::runtime_error("不存在");
        out = read_index(root);
    } catch (const std::exception& e) {
        warnings << "dangan: " << (root / index_name).string() << " 无法读取（" << e.what()
                 << "）；按各件的 manifest.json 取已编的档号\n";
        out.clear();
    }
    std::set<std::string> known;
    for (const auto& e : out) known.insert(e.record_id);
    for (const auto& f : manifests)
        if (known.insert(f.manifest.record_id).second)
            out.push_back({f.manifest.record_id, f.manifest.year, f.manifest.item, f.manifest.code, f.folder,
                           f.manifest.date, f.manifest.kind, f.manifest.title, f.manifest.record_sha256,
                           f.manifest.pages, "done"});
    for (const auto& p : problems) warnings << "dangan: " << p << "\n";
    return out;
}

ArchiveStore::~ArchiveStore() {
    session_.reset();
    if (lock_fd_ >= 0) ::close(lock_fd_);  // closing drops the flock
}

std::optional<IndexEntry> ArchiveStore::find(const std::string& record_id) const {
    auto found = select_entries(*session_, "WHERE record_id = ?", record_id);
    if (found.empty()) return std::nullopt;
    return found.front();
}

int ArchiveStore::next_item(int year) const {
    int highest = 0;
    *session_ << "SELECT COALESCE(MAX(item), 0) FROM items WHERE year = ?", into(highest), use(year), now;
    return highest + 1;
}

std::string ArchiveStore::latest_date(int year) const {
    std::string latest;
    *session_ << "SELECT COALESCE(MAX(date), '') FROM items WHERE year = ?", into(latest), use(year), now;
    return latest;
}

std::vector<IndexEntry> ArchiveStore::entries() const { return select_entries(*session_, "", ""); }

void ArchiveStore::reserve(IndexEntry e) {
    e.status = "pending";
    session_->begin();
    try {
        // An upsert on the record's own row only: a number held by another record is a conflict, never
        // a silent replacement of that record's row (INSERT OR REPLACE would delete it).
        *session_ << "INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(record_id) DO UPDATE SET "
                     "year = excluded.year, item = excluded.item, code = excluded.code, folder = excluded.folder, "
                     "date = excluded.date, kind = excluded.kind, title = excluded.title, "
                     "record_sha256 = excluded.record_sha256, pages = excluded.pages, status = excluded.status",
            use(e.record_id), use(e.year), use(e.item), use(e.code), use(e.folder), use(e.date), use(e.kind),
            use(e.title), use(e.record_sha256), use(e.pages), use(e.status), now;
        session_->commit();
    } catch (const Poco::Exception& x) {
        session_->rollback();
        throw core::InputError(core::Location{(root_ / index_name).string(), 0, 0, e.record_id, ""},
                               "件号 " + e.code + " 无法登记（" + x.displayText() +
                                   "）：索引中另一件已用此号。请用 dangan audit 检查档案，必要时 dangan archive "
                                   "--rebuild-index 重建索引");
    } catch (...) {
        session_->rollback();
        throw;
    }
}

Manifest ArchiveStore::write_matter(const IndexEntry& entry, const std::string& style,
                                    const std::vector<MatterFile>& files) {
    // Everything written or removed below is inside the archive: the folder is checked before use.
    if (!valid_folder(entry.folder))
        throw core::InputError(core::Location{(root_ / index_name).string(), 0, 0, entry.record_id, "folder"},
                               "文件夹“" + entry.folder + "”不在档案之内（须为相对路径，不含“..”）");
    const fs::path target = root_ / fs::u8path(entry.folder);
    {
        // A folder of the path replaced by a link to elsewhere would carry the write outside.
        std::error_code e1, e2;
        const fs::path inside = fs::canonical(root_, e1);
        const fs::path resolved = fs::weakly_canonical(target, e2);
        const auto rel = resolved.lexically_relative(inside);
        if (e1 || e2 || rel.empty() || *rel.begin() == "..")
            throw core::InputError(core::Location{target.string(), 0, 0, entry.record_id, ""},
                                   "此路径经链接指向档案之外（" + resolved.string() + "）；不写入。请去掉档案中的符号链接");
    }
    const fs::path staging = root_ / ".tmp" / (std::to_string(entry.year) + "-" + std::to_string(entry.item) + "-" +
                                               std::to_string(::getpid()));
    std::error_code ec;
    fs::remove_all(staging, ec);
    fs::create_directories(staging);

    Manifest m;
    m.record_id = entry.record_id;
    m.code = entry.code;
    m.style = style;
    m.year = entry.year;
    m.item = entry.item;
    m.kind = entry.kind;
    m.title = entry.title;
    m.date = entry.date;
    m.pages = entry.pages;
    m.record_sha256 = entry.record_sha256;
    for (const auto& f : files) {
        if (!valid_folder(f.name))
            throw core::InputError(core::Location{entry.folder, 0, 0, entry.record_id, ""},
                                   "文件名“" + f.name + "”不在本件文件夹之内");
        const fs::path path = staging / fs::u8path(f.name);
        if (f.copy_from) {
            fs::create_directories(path.parent_path());
            fs::copy_file(*f.copy_from, path, fs::copy_options::overwrite_existing);
        } else {
            core::write_file_atomically(path, f.bytes);
        }
        m.files.push_back({f.name, fs::file_size(path), sha256_file(path)});
    }
    core::write_file_atomically(staging / manifest_name, manifest_to_json(m));

    // Swap the folder in: an older version (a changed record) is moved aside first and removed last.
    fs::create_directories(target.parent_path());
    const fs::path old = staging.string() + ".old";
    fs::remove_all(old, ec);
    if (fs::exists(target)) fs::rename(target, old);
    fs::rename(staging, target);
    fs::remove_all(old, ec);
    fs::remove(root_ / ".tmp", ec);  // only when empty

    session_->begin();
    try {
        std::string id = entry.record_id, status = "done";
        *session_ << "UPDATE items SET status = ? WHERE record_id = ?", use(status), use(id), now;
        *session_ << "DELETE FROM files WHERE record_id = ?", use(id), now;
        for (const auto& f : m.files) {
            std::string path = f.path, sha = f.sha256;
            Poco::Int64 size = static_cast<Poco::Int64>(f.size);
            *session_ << "INSERT INTO files VALUES (?, ?, ?, ?)", use(id), use(path), use(size), use(sha), now;
        }
        session_->commit();
    } catch (...) {
        session_->rollback();
        throw;
    }
    return m;
}

std::vector<IndexEntry> read_index(const fs::path& root) {
    register_sqlite();
    try {
        Poco::Data::Session session("SQLite", (root / index_name).string());
        return select_entries(session, "", "");
    } catch (const Poco::Exception& e) {
        throw std::runtime_error(e.displayText());
    }
}

std::map<std::string, std::vector<ManifestFile>> read_index_files(const fs::path& root) {
    register_sqlite();
    std::map<std::string, std::vector<ManifestFile>> out;
    try {
        Poco::Data::Session session("SQLite", (root / index_name).string());
        std::vector<std::string> ids, paths, shas;
        std::vector<Poco::Int64> sizes;
        session << "SELECT record_id, path, size, sha256 FROM files ORDER BY record_id, path", into(ids), into(paths),
            into(sizes), into(shas), now;
        for (size_t i = 0; i < ids.size(); ++i)
            out[ids[i]].push_back({paths[i], static_cast<std::uintmax_t>(sizes[i]), shas[i]});
    } catch (const Poco::Exception& e) {
        throw std::runtime_error(e.displayText());
    }
    return out;
}

}  // namespace dangan::archive
