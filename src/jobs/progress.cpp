#include "jobs/progress.hpp"

#include <unistd.h>

#include <cstdlib>

namespace dangan::jobs {

ProgressLine::ProgressLine(std::ostream& out, bool enabled, std::chrono::milliseconds every)
    : out_(out), enabled_(enabled), every_(every) {}

ProgressLine::~ProgressLine() { clear(); }

bool ProgressLine::on_terminal(int fd) { return ::isatty(fd) == 1 && std::getenv("DANGAN_NO_PROGRESS") == nullptr; }

std::string ProgressLine::render(const std::string& phase, std::size_t done, std::size_t total) {
    std::string line = phase;
    if (total == 0) return line + "  已 " + std::to_string(done) + " 个";
    if (done > total) done = total;
    constexpr std::size_t width = 24;
    const std::size_t filled = done * width / total;
    line += "  [" + std::string(filled, '#') + std::string(width - filled, '.') + "]  " + std::to_string(done) + "/" +
            std::to_string(total);
    return line;
}

void ProgressLine::update(const std::string& phase, std::size_t done, std::size_t total) {
    if (!enabled_) return;
    if (phase.empty()) return clear();
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard<std::mutex> lock(mutex_);
    const bool finished = total > 0 && done >= total;
    if (phase == phase_ && !finished && drawn_ && now - last_ < every_) return;
    last_ = now;
    phase_ = phase;
    drawn_ = true;
    // \r to the line's start, then the text, then erase what a longer earlier line left (\033[K).
    out_ << '\r' << render(phase, done, total) << "\033[K" << std::flush;
}

void ProgressLine::clear() {
    if (!enabled_) return;
    std::lock_guard<std::mutex> lock(mutex_);
    if (!drawn_) return;
    out_ << "\r\033[K" << std::flush;
    drawn_ = false;
    phase_.clear();
}

}  // namespace dangan::jobs
