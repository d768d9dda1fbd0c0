// Writing output files so that a reader never sees a half-written one.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace dangan::core {

/// Writes `bytes` to a temporary file beside `target`, flushes it to disk, then renames it over
/// `target`. If anything fails the temporary file is removed and `target` is left as it was.
/// Throws InputError naming the file on failure. Creates missing parent folders.
void write_file_atomically(const std::filesystem::path& target, std::string_view bytes);

/// The same, written piece by piece (a PDF written as its pages are finished): the bytes go to a
/// temporary file beside `target`; commit() flushes it to disk and renames it over `target`. Destroyed
/// without commit() (an exception on the way), the temporary file is removed and `target` left as it was.
class AtomicFile {
public:
    explicit AtomicFile(const std::filesystem::path& target);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    void write(std::string_view bytes);
    void commit();

private:
    void fail(const std::string& what);
    std::filesystem::path target_, temp_;
    int fd_ = -1;
};

/// Removes the temporary files that earlier writers of `target` left beside it when they were killed
/// (the name carries the writer's process id; a process that no longer exists will never rename it).
/// write_file_atomically does this itself; call it to tidy a folder before judging what it holds.
void remove_orphaned_temporaries(const std::filesystem::path& target);

/// Reads a whole file; throws InputError naming the file when it cannot be read.
std::string read_file(const std::filesystem::path& path);

/// Opens `path` for reading only when it is a regular file: opened with O_NONBLOCK (a FIFO with no
/// writer would block the open itself) and checked with fstat on the open descriptor (so a file
/// swapped for a FIFO or device after a check is still caught), then switched back to blocking reads.
/// A pipe, device or socket would hang the run or feed it without end (/dev/zero). Returns the
/// descriptor (the caller closes it); throws InputError naming the file otherwise.
int open_regular_file(const std::filesystem::path& path);

}  // namespace dangan::core
