// A fast walk of a folder tree: names, kinds and sizes only (no file is opened), symbolic links
// never followed, unreadable folders recorded instead of stopping the walk.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
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
    std::string problem;      ///< why the entry could not be read, if it could not
};

struct Tree {
    std::filesystem::path root;
    std::vector<TreeEntry> entries;  ///< parents before children; siblings sorted by name
    std::uintmax_t files = 0, folders = 0, bytes = 0;
};

/// Walks `root` (which must be a folder; else core::InputError). With `check_readable`, every file
/// is also tested for read permission (access(2)), so unreadable files are reported.
Tree walk_tree(const std::filesystem::path& root, bool check_readable = true);

}  // namespace dangan::archive
