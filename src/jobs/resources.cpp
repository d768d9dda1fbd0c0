#include "jobs/resources.hpp"

#include "core/messages.hpp"
#include "core/diagnostic.hpp"

#include <cstdlib>
#include <unistd.h>

#ifndef DANGAN_SOURCE_DIR
#define DANGAN_SOURCE_DIR ""
#endif

namespace dangan::jobs {

namespace {
bool looks_like_root(const std::filesystem::path& dir) {
    std::error_code ec;
    return std::filesystem::is_directory(dir / "profiles", ec);
}
}  // namespace

std::filesystem::path resource_root() {
    if (const char* home = std::getenv("DANGAN_HOME"); home && *home) {
        if (looks_like_root(home)) return home;
        throw core::InputError({home}, core::tr("DANGAN_HOME 所指的文件夹里没有 profiles/ 文件夹",
                                                 "DANGAN_HOME does not hold a profiles/ folder"));
    }
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto share = exe.parent_path().parent_path() / "share" / "dangan";
        if (looks_like_root(share)) return share;
    }
    if (looks_like_root(DANGAN_SOURCE_DIR)) return DANGAN_SOURCE_DIR;
    throw core::InputError({}, core::tr("找不到 dangan 的 profiles/、templates/ 和 fonts/ 文件夹；请把环境变量 DANGAN_HOME "
                                        "设为存放它们的文件夹",
                                        "cannot find dangan's profiles/, templates/ and fonts/; set DANGAN_HOME to the "
                                        "folder that holds them"));
}

}  // namespace dangan::jobs
