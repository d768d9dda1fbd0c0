#include "jobs/resources.hpp"

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
        throw core::InputError({home}, "DANGAN_HOME does not hold a profiles/ folder");
    }
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto share = exe.parent_path().parent_path() / "share" / "dangan";
        if (looks_like_root(share)) return share;
    }
    if (looks_like_root(DANGAN_SOURCE_DIR)) return DANGAN_SOURCE_DIR;
    throw core::InputError({}, "cannot find dangan's profiles/, templates/ and fonts/; set DANGAN_HOME to the "
                               "folder that holds them");
}

}  // namespace dangan::jobs
