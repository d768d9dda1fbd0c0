// A progress line on a terminal for long runs (`audit` of a large tree): what is being done and how
// far, redrawn in place on standard error at most ten times a second, and wiped before the report.
// Off unless standard error is a terminal: never mixed into a piped or redirected stream.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <ostream>
#include <string>

namespace dangan::jobs {

class ProgressLine {
public:
    /// `enabled`: draw at all (see on_terminal); `out`: where (standard error).
    ProgressLine(std::ostream& out, bool enabled, std::chrono::milliseconds every = std::chrono::milliseconds(100));
    ~ProgressLine();  ///< wipes the line
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    /// Reports `done` of `total` (0: the total is not known yet) for `phase`; thread-safe. Redraws only
    /// when the phase changed or `every` has passed since the last drawing. An empty phase wipes the line.
    void update(const std::string& phase, std::size_t done, std::size_t total);
    /// Wipes the line (before anything else is written to the same terminal).
    void clear();
    bool enabled() const { return enabled_; }
    /// The text of one line: "正在打开文档  [#####.....]  512/1000" (no control characters).
    static std::string render(const std::string& phase, std::size_t done, std::size_t total);

    /// Whether file descriptor `fd` is a terminal (isatty), unless DANGAN_NO_PROGRESS is set.
    static bool on_terminal(int fd);

private:
    std::ostream& out_;
    bool enabled_;
    std::chrono::milliseconds every_;
    std::mutex mutex_;
    std::chrono::steady_clock::time_point last_{};
    std::string phase_;
    bool drawn_ = false;
};

}  // namespace dangan::jobs
