// A fresh folder for one test, removed with everything in it when the test ends.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace dangan::testing {

class TempDir {
public:
    /// A new, empty folder under the system temporary folder, named "dangan-<tag>-XXXXXX" (unique even
    /// when test programs run in parallel).
    explicit TempDir(const std::string& tag = "test") {
        std::string pattern = (std::filesystem::temp_directory_path() / ("dangan-" + tag + "-XXXXXX")).string();
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary folder " + pattern);
        path = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        // A test may have made something unreadable (chmod 000): give permissions back so it can go.
        for (auto it = std::filesystem::recursive_directory_iterator(path, ec);
             !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
            std::filesystem::permissions(it->path(), std::filesystem::perms::owner_all,
                                         std::filesystem::perm_options::add, ec);
        std::filesystem::permissions(path, std::filesystem::perms::all, ec);
        std::filesystem::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    /// Writes `bytes` to `name` (a path relative to the folder, parents created) and returns its path.
    std::filesystem::path write(const std::string& name, const std::string& bytes) const {
        const auto file = path / std::filesystem::u8path(name);
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << bytes;
        return file;
    }

    std::filesystem::path path;
};

}  // namespace dangan::testing
