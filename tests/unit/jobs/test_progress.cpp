// The terminal progress line of long runs: its text, that it stays silent off a terminal, throttling, wiping.
#include "jobs/progress.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <thread>

using dangan::jobs::ProgressLine;

TEST_CASE("progress: a bar with the count, or a running count when the total is unknown") {
    CHECK(ProgressLine::render("正在打开文档", 0, 4) == "正在打开文档  [........................]  0/4");
    CHECK(ProgressLine::render("正在打开文档", 2, 4) == "正在打开文档  [############............]  2/4");
    CHECK(ProgressLine::render("正在打开文档", 9, 4) == "正在打开文档  [########################]  4/4");
    CHECK(ProgressLine::render("正在清点文件", 1234, 0) == "正在清点文件  已 1234 个");
}

TEST_CASE("progress: nothing at all when not on a terminal") {
    std::ostringstream out;
    {
        ProgressLine line(out, false);
        line.update("正在清点文件", 10, 0);
        line.update("正在打开文档", 1, 1);
        line.clear();
    }
    CHECK(out.str().empty());
}

TEST_CASE("progress: redrawn in place, throttled, and wiped at the end") {
    std::ostringstream out;
    {
        ProgressLine line(out, true, std::chrono::hours(1));
        line.update("正在清点文件", 1, 0);
        for (int i = 2; i < 1000; ++i) line.update("正在清点文件", static_cast<size_t>(i), 0);  // throttled away
        line.update("正在打开文档", 1, 2);  // a new phase is drawn at once
        line.update("正在打开文档", 2, 2);  // and its end
    }
    const std::string s = out.str();
    CHECK(s == "\r正在清点文件  已 1 个\033[K\r正在打开文档  [############............]  1/2\033[K"
               "\r正在打开文档  [########################]  2/2\033[K\r\033[K");
}

TEST_CASE("progress: an empty phase wipes the line; several threads may report") {
    std::ostringstream out;
    ProgressLine line(out, true, std::chrono::milliseconds(0));
    std::thread a([&] { for (int i = 0; i < 200; ++i) line.update("正在打开文档", 1, 400); });
    std::thread b([&] { for (int i = 0; i < 200; ++i) line.update("正在打开文档", 2, 400); });
    a.join();
    b.join();
    line.update("", 0, 0);
    const std::string s = out.str();
    CHECK(s.size() > 0);
    CHECK(s.substr(s.size() - 4) == "\r\033[K");
    CHECK(s.find("\r\r") == std::string::npos);  // every drawing whole (the mutex)
}
