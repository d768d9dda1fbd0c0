#include "inspect/ocr.hpp"

#include "core/unicode_text.hpp"

#include <Poco/Exception.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <chrono>
#include <sstream>
#include <thread>

namespace dangan::inspect {

namespace {

struct Run {
    int status = -1;  // exit code; -1: did not finish in time (killed) or could not start
    std::string out;
};

/// Runs `tesseract args…` with one OpenMP thread, its standard error discarded, for at most `limit`.
Run run_tesseract(const std::vector<std::string>& args, std::chrono::seconds limit) {
    Run run;
    try {
        Poco::Pipe out, err;
        Poco::Process::Env env{{"OMP_THREAD_LIMIT", "1"}};
        auto handle = Poco::Process::launch("tesseract", args, "", nullptr, &out, &err, env);
        // Read while it runs: a page's text is small, but a pipe must never fill and stall the child.
        std::string text;
        std::thread reader([&] {
            Poco::PipeInputStream in(out);
            std::ostringstream s;
            s << in.rdbuf();
            text = s.str();
        });
        std::thread drain([&] {
            Poco::PipeInputStream in(err);
            std::ostringstream s;
            s << in.rdbuf();
        });
        const auto deadline = std::chrono::steady_clock::now() + limit;
        int status = -1;
        while ((status = handle.tryWait()) == -1 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        if (status == -1) {
            Poco::Process::kill(handle);
            handle.wait();
        }
        reader.join();
        drain.join();
        run.status = status;
        run.out = std::move(text);
    } catch (const Poco::Exception&) {
        run.status = -1;
    } catch (const std::exception&) {
        run.status = -1;
    }
    return run;
}

}  // namespace

std::string ocr_unavailable() {
    const auto run = run_tesseract({"--list-langs"}, std::chrono::seconds(20));
    if (run.status != 0)
        return "未找到文字识别程序 tesseract：--ocr 需要安装 Debian 软件包 tesseract-ocr 和 tesseract-ocr-chi-sim"
               "（scripts/install-deps.sh 会安装），或去掉 --ocr";
    std::istringstream lines(run.out);
    for (std::string line; std::getline(lines, line);)
        if (line == "chi_sim" || line == "chi_sim\r") return "";
    return "tesseract 没有简体中文识别模型：请安装 Debian 软件包 tesseract-ocr-chi-sim，或去掉 --ocr";
}

OcrText ocr_image(const std::filesystem::path& image, int page_mode) {
    OcrText out;
    const auto run = run_tesseract({image.string(), "stdout", "-l", "chi_sim", "--psm", std::to_string(page_mode), "-c",
                                    "debug_file=/dev/null"},
                                   std::chrono::seconds(60));
    if (run.status != 0) {
        out.problem = run.status == -1 ? "文字识别超时（60秒）" : "文字识别失败";
        return out;
    }
    out.read = true;
    std::istringstream lines(core::normalize_nfkc(run.out));
    for (std::string line; std::getline(lines, line);) {
        std::string kept;
        for (char c : line)
            if (c != ' ' && c != '\t' && c != '\r' && c != '\f') kept += c;
        if (!kept.empty()) out.lines.push_back(std::move(kept));
    }
    return out;
}

}  // namespace dangan::inspect
