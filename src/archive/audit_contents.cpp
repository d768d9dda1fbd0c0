#include "archive/audit_contents.hpp"

#include "inspect/document.hpp"
#include "inspect/ocr.hpp"
#include "core/unicode_text.hpp"
#include "rules/check.hpp"

#include <Poco/RegularExpression.h>

#include <algorithm>
#include <string>
#include <utility>
#include <atomic>
#include <thread>

namespace dangan::archive {

namespace {

using core::Severity;
using rules::Finding;
namespace rule_id = rules::rule_id;

/// At most 40 characters of a line, for quoting it in a message.
std::string excerpt(const std::string& line) {
    const auto cps = core::to_code_points(line);
    if (cps.size() <= 40) return line;
    return core::to_utf8(std::u32string_view(cps).substr(0, 40)) + "…";
}

std::string date_words(const core::PartialDate& d) { return core::format_date(d, core::DateStyle::gbt9704); }

/// The first 会议时间/时间/日期 paragraph among the first 15: its index (-1: none) and what follows the colon.
std::pair<int, std::string> date_field(const std::vector<std::string>& lines) {
    // ；/; too: a colon typed or read (OCR) as a semicolon.
    static const Poco::RegularExpression field("^\\s*(?:会议)?(?:时间|日期)\\s*[：:；;]\\s*(.*)$",
                                               Poco::RegularExpression::RE_UTF8);
    for (size_t i = 0; i < lines.size() && i < 15; ++i) {
        Poco::RegularExpression::MatchVec m;
        try {
            if (field.match(lines[i], 0, m) >= 2) return {static_cast<int>(i), lines[i].substr(m[1].offset, m[1].length)};
        } catch (const Poco::Exception&) {
        }
    }
    return {-1, ""};
}

/// Whether OCR text gives the meeting's date plainly: a full date (or an unmistakable blank 年月日) in
/// its date field, or a full date in its first three lines. When not, the page is read a second way.
bool ocr_gives_date(const std::vector<std::string>& lines, std::optional<int> year) {
    const auto [where, value] = date_field(lines);
    auto full = [&](const std::string& text) {
        for (const auto& d : core::find_dates(text, year))
            if (d.date.is_full()) return true;
        return false;
    };
    if (where >= 0) return full(value) || value.find("年月日") != std::string::npos;
    for (size_t i = 0; i < lines.size() && i < 3; ++i)
        if (full(lines[i])) return true;
    return false;
}

/// `scanned`: the lines came from OCR of an image (--ocr); the messages say so, since OCR can misread.
void judge(const Tree& tree, const ContentJob& job, const inspect::DocumentText& doc, std::vector<Finding>& out,
           bool scanned = false) {
    const auto& e = tree.entries[job.entry];
    auto add = [&](const char* rule, Severity severity, std::string message, std::vector<std::string> dates = {}) {
        if (scanned) message = "（扫描件，文字识别所得，请对照原件核实）" + message;
        out.push_back(Finding{rule, severity, core::Location{e.path, 0, 0, "", ""}, "", std::move(dates),
                              std::move(message), scanned ? "内容检查（文字识别）" : "内容检查"});
    };
    if (!doc.opened) {
        add(rule_id::lint_corrupt, Severity::error, "文件无法打开：" + doc.problem + "。请从原件重新扫描或另存后归档");
        out.back().detail = doc.detail;  // the library's words, in the JSON only
        return;
    }
    if (job.minutes) {
        auto [where, value] = date_field(doc.lines);
        std::optional<core::PartialDate> written;
        std::string quoted;
        if (where >= 0) {
            quoted = excerpt(doc.lines[where]);
            for (const auto& d : core::find_dates(value, job.year))
                if (d.date.is_full()) {
                    written = d.date;
                    break;
                }
            const bool blank_form = value.find("年") != std::string::npos && value.find("月") != std::string::npos;
            // From OCR only an unmistakable blank (年月日 with nothing between: white space is gone) counts:
            // a misread digit (2023年?月24日) or a field OCR lost is no proof the branch left it empty.
            const bool blank = scanned ? value.find("年月日") != std::string::npos
                                       : blank_form || value.find_first_not_of(" \t　") == std::string::npos;
            if (!written && blank)
                add(rule_id::date_missing, Severity::error,
                    "会议记录第" + std::to_string(where + 1) + "段“" + quoted + "”没有填写具体日期");
        } else {
            for (size_t i = 0; i < doc.lines.size() && i < 3 && !written; ++i)
                for (const auto& d : core::find_dates(doc.lines[i], job.year))
                    if (d.date.is_full()) {
                        written = d.date;
                        quoted = excerpt(doc.lines[i]);
                        where = static_cast<int>(i);
                        break;
                    }
        }
        if (written && job.name_date && job.name_date->is_full() && !(*written == *job.name_date))
            add(rule_id::date_inconsistent, Severity::error,
                "会议记录第" + std::to_string(where + 1) + "段写的日期" + date_words(*written) + "（“" + quoted +
                    "”）与文件名的日期" + date_words(*job.name_date) + "不一致",
                {job.name_date->iso(), written->iso()});
    }
    // Not on OCR text: a misread stroke or speck (XX) is no placeholder the branch left.
    if (job.record && !scanned)
        for (size_t i = 0; i < doc.lines.size(); ++i)
            if (rules::looks_like_placeholder(doc.lines[i])) {
                add(rule_id::content_placeholder, Severity::warning,
                    "第" + std::to_string(i + 1) + "段“" + excerpt(doc.lines[i]) + "”含未填写的占位符");
                break;
            }
}

}  // namespace

void audit_contents(const Tree& tree, const std::vector<ContentJob>& jobs, AuditReport& report,
                    const std::function<void(const std::string&, size_t, size_t)>& progress) {
    if (jobs.empty()) return;
    std::vector<std::vector<Finding>> found(jobs.size());
    std::atomic<size_t> next{0}, done{0};
    auto work = [&] {
        for (size_t k = next++; k < jobs.size(); k = next++) {
            const auto path = tree.root / std::filesystem::u8path(tree.entries[jobs[k].entry].path);
            auto doc = inspect::read_document(path);
            bool scanned = false;
            if (jobs[k].ocr && doc.opened && doc.lines.empty()) {
                auto text = inspect::ocr_image(path);
                if (text.read && !ocr_gives_date(text.lines, jobs[k].year)) {
                    // Tesseract's page modes fail on different pages: a uniform block (6) first, then
                    // automatic layout (3) for a page whose date the first could not make out.
                    auto again = inspect::ocr_image(path, 3);
                    if (again.read && ocr_gives_date(again.lines, jobs[k].year)) text = std::move(again);
                }
                if (text.read) {
                    doc.lines = std::move(text.lines);
                    scanned = true;
                }
            }
            judge(tree, jobs[k], doc, found[k], scanned);
            if (progress) progress("正在打开文档", ++done, jobs.size());
        }
    };
    const unsigned workers = std::max(1u, std::min<unsigned>(std::thread::hardware_concurrency(),
                                                              static_cast<unsigned>(jobs.size())));
    std::vector<std::thread> threads;
    for (unsigned i = 1; i < workers; ++i) threads.emplace_back(work);
    work();
    for (auto& t : threads) t.join();
    for (auto& list : found) {
        report.inspected += 1;
        for (auto& f : list) report.findings.push_back(std::move(f));
    }
}

}  // namespace dangan::archive
