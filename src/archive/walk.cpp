#include "archive/walk.hpp"

#include "core/diagnostic.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

namespace dangan::archive {

namespace fs = std::filesystem;

namespace {
constexpr const char* kGone = "在检查过程中被删除或移走";
}  // namespace

std::string gone_or(const fs::path& path, std::string otherwise) {
    std::error_code ec;
    return fs::exists(fs::symlink_status(path, ec)) ? otherwise : kGone;
}

std::string read_failure_reason(const fs::path& path, const std::error_code& ec) {
    if (ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory) return kGone;
    if (ec == std::errc::permission_denied) return "没有读取权限";
    return gone_or(path, ec.message());
}

Tree walk_tree(const fs::path& root, bool check_readable, const BeforeListing& before_listing) {
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
        if (before_listing) before_listing(folder);
        fs::directory_iterator it(folder, fs::directory_options::none, ec);
        if (ec) {
            if (index == 0) {  // the root: exit 2 with an English message (see the end)
                tree.entries[0].problem = "the folder cannot be read: " + ec.message();
                break;
            }
            tree.entries[index].problem = "文件夹无法读取（" + read_failure_reason(folder, ec) + "）";
            continue;
        }
        for (; it != fs::directory_iterator(); it.increment(ec)) {
            if (ec) {
                tree.entries[index].problem = "文件夹未能读完（" + read_failure_reason(folder, ec) + "）";
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
                child.problem = "无法查看（" + read_failure_reason(entry.path(), e2) + "）";
            } else if (fs::is_symlink(st)) {
                child.symlink = true;
                child.link_target = fs::read_symlink(entry.path(), e2).string();
            } else if (fs::is_directory(st)) {
                child.folder = true;
            } else if (fs::is_regular_file(st)) {
                child.size = entry.file_size(e2);
                if (e2) {
                    child.problem = "无法查看（" + read_failure_reason(entry.path(), e2) + "）";
                } else if (check_readable && ::access(entry.path().c_str(), R_OK) != 0) {
                    const std::error_code why(errno, std::generic_category());
                    child.problem = "文件无法读取（" + read_failure_reason(entry.path(), why) + "）";
                }
            } else {
                child.problem = "不是普通文件或文件夹（设备、套接字或管道），不应放在档案中";
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
