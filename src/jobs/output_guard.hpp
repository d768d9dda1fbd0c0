// What `--out` / `--out-dir` may replace (issue #11): a PDF is written atomically, so an existing file
// under its name is gone for good. dangan refuses to replace a file it read as input, anything inside a
// dangan archive (filed matters and index.sqlite change only through `dangan archive`), and — unless
// --force — a file that is not a PDF dangan wrote.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace dangan::jobs {

struct OutputGuard {
    std::vector<std::filesystem::path> inputs;  ///< every file the run read (data, profile)
    bool force = false;                          ///< --force: may replace a file dangan did not write
};

/// The guard of a run that read `files` (records::Dataset::files) and maybe a --profile file.
OutputGuard make_guard(const std::vector<std::string>& files, const std::optional<std::string>& profile, bool force);

/// Throws core::InputError (in Chinese, naming the file and why) when `target` must not be written.
void guard_output(const std::filesystem::path& target, const OutputGuard& guard);

/// Whether `file` is a PDF whose document information names dangan as its creator.
bool written_by_dangan(const std::filesystem::path& file);

}  // namespace dangan::jobs
