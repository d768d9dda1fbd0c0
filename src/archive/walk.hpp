// A fast walk of a folder tree: names, kinds and sizes only (no file is opened), symbolic links
// not followed unless asked, unreadable folders recorded instead of stopping the walk.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <system_error>
#include <vector>

namespace dangan::archive {

struct TreeEntry {
    std::string path;      ///< relative to the root, '/'-separated; "" for the root itself
    std::string name;      ///< the last component ("" for the root)
    int parent = -1;       ///< index of the containing folder in Tree::entries (-1 for the root)
    int depth = 0;
    bool folder = false;
    bool symlink = false;
    std::uintmax_t size = 0;
    std::string link_target;  ///< for symbolic links, as written
    std::string problem;      ///< why the entry could not be read, if it could not (Chinese, for the report)
};

struct Tree {
    std::filesystem::path root;
    std::vector<TreeEntry> entries;  ///< parents before children; siblings sorted by name
    std::uintmax_t files = 0, folders = 0, bytes = 0;
};

/// Called with each folder just before it is listed. Only tests use it: it lets them delete or move
/// things at a chosen moment of the walk, as a colleague or a pulled USB stick would.
using BeforeListing = std::function<void(const std::filesystem::path& folder)>;

struct WalkOptions {
    bool check_readable = true;  ///< test every file for read permission (access(2)) so it can be reported
    /// Follow symbolic links (`audit --follow-links`), also out of the root: a link is then walked as
    /// the file or folder it points to. A link to a folder already walked (a loop, or two links to one
    /// folder) stays a link with a problem instead, and so does a link whose target is missing.
    bool follow_links = false;
    BeforeListing before_listing;
    /// Called after each folder is listed with the files and folders counted so far (a progress line).
    std::function<void(std::uintmax_t files, std::uintmax_t folders)> listed;
};

/// Walks `root` (which must be a folder; else core::InputError).
Tree walk_tree(const std::filesystem::path& root, const WalkOptions& options = {});

/// `otherwise`, or "在检查过程中被删除或移走" when `path` no longer exists: the walk listed it, so it
/// was deleted or moved while the audit ran (a colleague tidying a shared folder, a pulled USB stick).
std::string gone_or(const std::filesystem::path& path, std::string otherwise);

/// Why a file or folder could not be read, in words for the report: gone (see gone_or),
/// "没有读取权限", else the system's message.
std::string read_failure_reason(const std::filesystem::path& path, const std::error_code& ec);

}  // namespace dangan::archive
