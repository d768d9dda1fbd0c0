// A dangan-made archive (一事一档): one folder per matter holding the rendered PDF, the source
// record, its attachments and a manifest; archive.json at the root; and an SQLite index (through
// Poco::Data) of items, numbers, files and checksums. A 件号 once issued never changes.
#pragma once

#include "archive/manifest.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace Poco::Data {
class Session;
}

namespace dangan::archive {

/// One numbered item as the index keeps it.
struct IndexEntry {
    std::string record_id;
    int year = 0;
    int item = 0;          ///< 件号
    std::string code;      ///< 档号
    std::string folder;    ///< relative to the archive root, e.g. 2025/组织生活/0007_20250315_支部委员会会议记录
    std::string date;      ///< ISO
    std::string kind, title;
    std::string record_sha256;
    int pages = 0;
    std::string status;    ///< "pending" while its folder is written, then "done"
};

/// A file to put into a matter folder: given bytes, or a copy of an existing file.
struct MatterFile {
    std::string name;  ///< relative path inside the matter folder, e.g. record.pdf, attachments/签到表.jpg
    std::string bytes;
    std::optional<std::filesystem::path> copy_from;
};

inline constexpr const char* lock_name = ".dangan.lock";

class ArchiveStore {
public:
    /// Opens the archive in `root`, creating the folder, archive.json and the index when absent.
    /// Takes an exclusive lock (flock on root/.dangan.lock) for the store's lifetime: a second run on
    /// the same archive waits up to `lock_wait_seconds`, then stops with a message (core::InputError).
    /// An index that is missing, empty or unreadable while matter folders exist is rebuilt from their
    /// manifests (the damaged file is kept beside it), and matters whose manifest the index lacks are
    /// added back, each with a warning on `warnings`. Throws core::InputError when `root` is a
    /// non-empty folder that is not a dangan archive.
    explicit ArchiveStore(const std::filesystem::path& root, std::ostream* warnings = nullptr,
                          int lock_wait_seconds = 60);
    ~ArchiveStore();
    ArchiveStore(const ArchiveStore&) = delete;
    ArchiveStore& operator=(const ArchiveStore&) = delete;

    std::optional<IndexEntry> find(const std::string& record_id) const;
    /// The next free 件号 of `year`: one more than the highest issued (numbers are never reused).
    int next_item(int year) const;
    /// The latest date among the items of `year`, ISO; empty when the year has none.
    std::string latest_date(int year) const;
    std::vector<IndexEntry> entries() const;

    /// Issues the entry's number (status pending) in one transaction, before its folder is written,
    /// so a run cut short leaves the number reserved and the next run writes the folder again.
    void reserve(IndexEntry entry);

    /// Writes the matter folder atomically (built in .tmp/, then renamed into place) with its
    /// manifest, and marks the entry done in the index together with its files' checksums.
    Manifest write_matter(const IndexEntry& entry, const std::string& style, const std::vector<MatterFile>& files);

    const std::filesystem::path& root() const { return root_; }

    /// `folder` (relative to the root) if nothing is there yet, else the first free "folder-2", "-3" …:
    /// a new matter never replaces a folder already filed.
    std::string free_folder(const std::string& folder) const;

    /// Moves the index aside (index.sqlite.old-N) and builds it again from the manifests of the
    /// matter folders; returns the number of matters indexed. Problems go to `warnings`.
    int rebuild_index(std::ostream& warnings);

    /// Throws core::InputError naming the row when a folder in the index is not a relative path inside
    /// the archive (an index edited by hand or by an attacker); call before any folder is used.
    void check_folders() const;

private:
    void open_index();
    std::filesystem::path root_;
    std::unique_ptr<Poco::Data::Session> session_;
    int lock_fd_ = -1;
};

/// A manifest read from a matter folder (`folder` relative to the archive root, '/'-separated).
struct FiledManifest {
    std::string folder;
    Manifest manifest;
};

/// Every readable manifest.json under `root` (not following links, .tmp/ left out); each unreadable
/// one is described in `problems` (file: reason).
std::vector<FiledManifest> read_manifests(const std::filesystem::path& root, std::vector<std::string>& problems);

/// The numbers an archive has issued, for `render`/`dossier --archive DIR`: from its index, or from
/// its manifests when the index is missing or unreadable (with a warning). Read only; no lock.
/// Throws core::InputError when `root` is not a dangan archive (no archive.json).
std::vector<IndexEntry> issued_entries(const std::filesystem::path& root, std::ostream& warnings);

/// Whether `folder`, as read from an index, names a place inside the archive: relative, no "..",
/// no empty or "." parts, no backslash or NUL.
bool valid_folder(const std::string& folder);

/// Reads the index of the archive in `root` (for audit). Throws std::runtime_error when unreadable.
std::vector<IndexEntry> read_index(const std::filesystem::path& root);

/// The files table of the index: record id → its files with sizes and SHA-256, as filed.
std::map<std::string, std::vector<ManifestFile>> read_index_files(const std::filesystem::path& root);

/// A name safe on every file system: no / \ : * ? " < > | or control characters, at most
/// `max_bytes` bytes (cut at a character boundary).
std::string safe_file_name(const std::string& text, size_t max_bytes = 80);

}  // namespace dangan::archive
