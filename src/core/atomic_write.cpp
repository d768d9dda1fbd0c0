#include "core/atomic_write.hpp"
#include "core/messages.hpp"

#include "core/diagnostic.hpp"

#include <cerrno>
#include <cstring>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <sys/stat.h>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <unistd.h>

namespace dangan::core {

namespace {

std::string system_error_text() { return std::strerror(errno); }

/// A name that no concurrent writer in the same folder picks: ".<name>.<pid>.<random>.tmp".
std::filesystem::path temporary_name_for(const std::filesystem::path& target) {
    static thread_local std::mt19937_64 random{std::random_device{}()};
    auto name = "." + target.filename().string() + "." + std::to_string(::getpid()) + "." +
                std::to_string(random() % 1000000000ULL) + ".tmp";
    return target.parent_path() / name;
}

}  // namespace

void remove_orphaned_temporaries(const std::filesystem::path& target) {
    const std::string prefix = "." + target.filename().string() + ".";
    std::error_code ec;
    const auto folder = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (!name.starts_with(prefix) || !name.ends_with(".tmp")) continue;
        const std::string rest = name.substr(prefix.size());
        const auto dot = rest.find('.');
        if (dot == std::string::npos) continue;
        char* end = nullptr;
        const long pid = std::strtol(rest.c_str(), &end, 10);
        if (end != rest.c_str() + dot || pid <= 0) continue;
        if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) std::filesystem::remove(entry.path(), ec);
    }
}

AtomicFile::AtomicFile(const std::filesystem::path& target) : target_(target) {
    std::error_code ec;
    if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), ec);
    if (ec) throw InputError({target.string()}, tr("无法建立文件夹：", "cannot create the folder: ") + ec.message());
    remove_orphaned_temporaries(target);
    temp_ = temporary_name_for(target);
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd_ < 0) throw InputError({target.string()}, tr("无法写入文件：", "cannot write the file: ") + system_error_text());
}

AtomicFile::~AtomicFile() {
    if (fd_ >= 0) {
        ::close(fd_);
        ::unlink(temp_.c_str());
    }
}

void AtomicFile::fail(const std::string& what) {
    const std::string reason = system_error_text();
    ::close(fd_);
    fd_ = -1;
    ::unlink(temp_.c_str());
    throw InputError({target_.string()}, what + ": " + reason);
}

void AtomicFile::write(std::string_view bytes) {
    if (fd_ < 0) throw InputError({target_.string()}, tr("文件已经写完", "the file is already finished"));
    size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd_, bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail(tr("无法写入文件", "cannot write the file"));
        }
        written += static_cast<size_t>(n);
    }
}

void AtomicFile::commit() {
    if (fd_ < 0) throw InputError({target_.string()}, tr("文件已经写完", "the file is already finished"));
    // fsync before rename: after a crash the new name must never point at unwritten blocks.
    if (::fsync(fd_) != 0) fail(tr("无法把文件写到磁盘上", "cannot flush the file to disk"));
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) {
        ::unlink(temp_.c_str());
        throw InputError({target_.string()}, tr("无法关闭文件：", "cannot close the file: ") + system_error_text());
    }
    if (::rename(temp_.c_str(), target_.c_str()) != 0) {
        const std::string reason = system_error_text();
        ::unlink(temp_.c_str());
        throw InputError({target_.string()}, tr("无法把写好的文件放到位：", "cannot move the finished file into place: ") + reason);
    }
}

void write_file_atomically(const std::filesystem::path& target, std::string_view bytes) {
    AtomicFile file(target);
    file.write(bytes);
    file.commit();
}

int open_regular_file(const std::filesystem::path& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw InputError({path.string()}, tr("这是文件夹，这里要的是文件", "expected a file, found a folder"));
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) throw InputError({path.string()}, tr("无法打开文件：", "cannot open the file: ") + system_error_text());
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const bool folder = S_ISDIR(st.st_mode);
        ::close(fd);
        throw InputError({path.string()}, folder ? tr("这是文件夹，这里要的是文件", "expected a file, found a folder")
                                                 : std::string("不是普通文件（管道、设备或套接字），不读取；"
                                                               "请给出一个普通的文件 (not a regular file: a pipe, "
                                                               "device or socket is not read)"));
    }
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    return fd;
}

std::string read_file(const std::filesystem::path& path) {
    const int fd = open_regular_file(path);
    std::string content;
    char buffer[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const std::string reason = system_error_text();
            ::close(fd);
            throw InputError({path.string()}, tr("无法读取文件：", "cannot read the file: ") + reason);
        }
        if (n == 0) break;
        content.append(buffer, static_cast<size_t>(n));
    }
    ::close(fd);
    return content;
}

}  // namespace dangan::core
