#include "archive/walk.hpp"

#include "core/diagnostic.hpp"

#include <unistd.h>

#include <algorithm>
#include <system_error>

namespace dangan::archive {

namespace fs = std::filesystem;

Tree walk_tree(const fs::path& root, bool check_readable) {
    std::error_code ec;
    const auto status = fs::status(root, ec);
    if (ec || !fs::exists(status))
        throw core::InputError(core::Location{root.string(), 0, 0, "", ""}, "no such folder");
    if (!fs::is_directory(status))
        throw core::InputError(core::Location{root.string(), 0, 0, "", ""},
                               "not a folder; give the folder that holds the archive");

    Tree tree;
    tree.root = root;
    tree.entries.push_back(TreeEntry{"", "", -1, 0, true});
    tree.folders = 1;
    // Depth-first with an explicit stack: the tree may be deep, and recursion would cost stack frames.
    // A folder's children are appended together (sorted), so parents always precede children.
    std::vector<int> pending{0};
    while (!pending.empty()) {
        const int index = pending.back();
        pending.pop_back();
        const fs::path folder = tree.entries[index].path.empty() ? root : root / fs::u8path(tree.entries[index].path);
        std::vector<TreeEntry> children;
        fs::directory_iterator it(folder, fs::directory_options::none, ec);
        if (ec) {
            tree.entries[index].problem = "the folder cannot be read: " + ec.message();
            continue;
        }
        for (; it != fs::directory_iterator(); it.increment(ec)) {
            if (ec) {
                tree.entries[index].problem = "the folder could not be read to the end: " + ec.message();
                break;
            }
            const auto& entry = *it;
            TreeEntry child;
            child.name = entry.path().filename().string();
            const std::string& base = tree.entries[index].path;
            child.path = base.empty() ? child.name : base + "/" + child.name;
            child.parent = index;
            child.depth = tree.entries[index].depth + 1;
            std::error_code e2;
            // symlink_status comes from the directory entry's d_type on Linux: no stat for most entries.
            const auto st = entry.symlink_status(e2);
            if (e2) {
                child.problem = "cannot be examined: " + e2.message();
            } else if (fs::is_symlink(st)) {
                child.symlink = true;
                child.link_target = fs::read_symlink(entry.path(), e2).string();
            } else if (fs::is_directory(st)) {
                child.folder = true;
            } else if (fs::is_regular_file(st)) {
                child.size = entry.file_size(e2);
                if (e2) child.problem = "cannot be examined: " + e2.message();
                else if (check_readable && ::access(entry.path().c_str(), R_OK) != 0)
                    child.problem = "the file cannot be read (no permission)";
            } else {
                child.problem = "not a regular file or folder (a device, socket or pipe)";
            }
            children.push_back(std::move(child));
        }
        std::sort(children.begin(), children.end(),
                  [](const TreeEntry& a, const TreeEntry& b) { return a.name < b.name; });
        const int first = static_cast<int>(tree.entries.size());
        for (auto& c : children) {
            if (c.folder) ++tree.folders;
            else if (!c.symlink) {
                ++tree.files;
                tree.bytes += c.size;
            }
            tree.entries.push_back(std::move(c));
        }
        // Push in reverse so folders are visited in name order (only matters for reading along).
        for (int i = static_cast<int>(tree.entries.size()) - 1; i >= first; --i)
            if (tree.entries[i].folder && tree.entries[i].problem.empty()) pending.push_back(i);
    }
    // Only the root itself is fatal: without it there is nothing to audit (exit 2). Anything below it
    // that cannot be read is a finding.
    if (!tree.entries[0].problem.empty())
        throw core::InputError(core::Location{root.string(), 0, 0, "", ""}, tree.entries[0].problem);
    return tree;
}

}  // namespace dangan::archive
