#include "archive/walk.hpp"

#include "core/diagnostic.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <set>
#include <system_error>

namespace dangan::archive {

namespace fs = std::filesystem;

namespace {

constexpr const char* kGone = "在检查过程中被删除或移走";

/// Whether `path` is `folder` or inside it (both canonical).
bool within(const fs::path& path, const fs::path& folder) {
    auto [f, p] = std::mismatch(folder.begin(), folder.end(), path.begin(), path.end());
    return f == folder.end();
}

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

namespace {

/// Size and readability of a regular file (reached directly or through a followed link).
void examine_file(TreeEntry& child, const fs::path& path, bool check_readable) {
    std::error_code ec;
    child.size = fs::file_size(path, ec);
    if (ec) {
        child.problem = "无法查看（" + read_failure_reason(path, ec) + "）";
    } else if (check_readable && ::access(path.c_str(), R_OK) != 0) {
        const std::error_code why(errno, std::generic_category());
        child.problem = "文件无法读取（" + read_failure_reason(path, why) + "）";
    }
}

constexpr const char* kNotRegular = "不是普通文件或文件夹（设备、套接字或管道），不应放在档案中";

}  // namespace

Tree walk_tree(const fs::path& root, const WalkOptions& options) {
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
    // With follow_links: the folders walked, by device and inode, so that two links to one folder,
    // or a loop among followed links, walk it once; and the canonical root, so that a link into the
    // archive (audited where it is) or to a folder holding the archive (a loop) is not followed.
    std::set<std::pair<dev_t, ino_t>> walked;
    auto first_visit = [&](const fs::path& folder) {
        struct stat st {};
        return ::stat(folder.c_str(), &st) != 0 || walked.insert({st.st_dev, st.st_ino}).second;
    };
    const fs::path canonical_root = options.follow_links ? fs::weakly_canonical(root, ec) : fs::path();
    // The problem of a link that is not followed (its message follows "符号链接（指向“…”）"), or "".
    auto follow = [&](TreeEntry& child, const fs::path& path) {
        std::error_code e;
        const fs::path target = fs::canonical(path, e);
        const auto kind = fs::status(path, e);
        if (e || !fs::exists(kind)) {
            child.problem = "：指向的文件或文件夹不存在";
        } else if (within(canonical_root, target)) {
            child.problem = "：指向档案根目录或其上级文件夹，跟随会形成循环，未跟随";
        } else if (within(target, canonical_root)) {
            child.problem = "：指向档案内的“" + fs::relative(target, canonical_root, e).string() + "”，已在原处检查";
        } else if (fs::is_directory(kind)) {
            if (!first_visit(path)) {
                child.problem = "：指向的文件夹已检查过（重复或循环的链接），未再次检查";
                return;
            }
            child.symlink = false;
            child.folder = true;
        } else if (fs::is_regular_file(kind)) {
            child.symlink = false;
            examine_file(child, path, options.check_readable);
        } else {
            child.symlink = false;
            child.problem = kNotRegular;
        }
    };
    // Depth-first with an explicit stack: the tree may be deep, and recursion would cost stack frames.
    // A folder's children are appended together (sorted), so parents always precede children.
    std::vector<int> pending{0};
    while (!pending.empty()) {
        const int index = pending.back();
        pending.pop_back();
        const fs::path folder = tree.entries[index].path.empty() ? root : root / fs::u8path(tree.entries[index].path);
        std::vector<TreeEntry> children;
        if (options.before_listing) options.before_listing(folder);
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
                if (options.follow_links) follow(child, entry.path());
            } else if (fs::is_directory(st)) {
                child.folder = true;
            } else if (fs::is_regular_file(st)) {
                examine_file(child, entry.path(), options.check_readable);
            } else {
                child.problem = kNotRegular;
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
