#include "archive/store.hpp"

#include "core/atomic_write.hpp"
#include "core/diagnostic.hpp"

#include <Poco/Data/Session.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include <unistd.h>

#include <mutex>

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

ArchiveStore::ArchiveStore(const fs::path& root) : root_(root) {
    register_sqlite();
    std::error_code ec;
    if (fs::exists(root, ec) && !fs::is_directory(root, ec))
        throw core::InputError(core::Location{root.string(), 0, 0, "", ""},
                               "is a file, not a folder; give a new or empty folder, or an archive made by dangan");
    // A run killed while writing archive.json (the first file of a new archive) leaves only the
    // writer's temporary beside it: that folder is still "new", not someone else's.
    if (fs::is_directory(root, ec)) core::remove_orphaned_temporaries(root / archive_marker_name);
    const bool exists = fs::exists(root / archive_marker_name, ec);
    if (!exists && fs::exists(root, ec) && !fs::is_empty(root, ec))
        throw core::InputError(core::Location{root.string(), 0, 0, "", ""},
                               "the folder is not empty and is not a dangan archive (no archive.json); give a new "
                               "or empty folder, or an archive made by dangan");
    fs::create_directories(root, ec);
    if (ec) throw core::InputError(core::Location{root.string(), 0, 0, "", ""}, "cannot create the folder: " + ec.message());
    if (!exists)
        core::write_file_atomically(root / archive_marker_name,
                                    "{\n  \"dangan_archive\": 1,\n  \"index\": \"index.sqlite\",\n  \"_comment\": "
                                    "\"Made by dangan archive. One folder per matter with manifest.json; check it "
                                    "with: dangan audit THIS_FOLDER\"\n}\n");
    // Folders half-built by an interrupted run: their numbers are still reserved (status pending) and
    // the next write rebuilds them. One archive run at a time per archive.
    fs::remove_all(root / ".tmp", ec);
    try {
        session_ = std::make_unique<Poco::Data::Session>("SQLite", (root / index_name).string());
        create_schema(*session_);
    } catch (const Poco::Exception& e) {
        throw core::InputError(core::Location{(root / index_name).string(), 0, 0, "", ""},
                               "cannot open the archive index: " + e.displayText());
    }
}

ArchiveStore::~ArchiveStore() = default;

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
        *session_ << "INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", use(e.record_id),
            use(e.year), use(e.item), use(e.code), use(e.folder), use(e.date), use(e.kind), use(e.title),
            use(e.record_sha256), use(e.pages), use(e.status), now;
        session_->commit();
    } catch (...) {
        session_->rollback();
        throw;
    }
}

Manifest ArchiveStore::write_matter(const IndexEntry& entry, const std::string& style,
                                    const std::vector<MatterFile>& files) {
    const fs::path target = root_ / fs::u8path(entry.folder);
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
