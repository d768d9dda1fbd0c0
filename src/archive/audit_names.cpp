// The name rules of `audit` over hand-made folders: what a folder or file name says about dates,
// series, numbering and dossiers, and the BagIt-style lints.
#include "archive/audit.hpp"
#include "archive/name_dates.hpp"
#include "archive/audit_contents.hpp"

#include "inspect/document.hpp"

#include "core/unicode_text.hpp"
#include "rules/check.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <tuple>
#include <set>
#include <thread>
#include <atomic>

namespace dangan::archive {

namespace {

using core::PartialDate;
using core::Severity;
using rules::Finding;
namespace rule_id = rules::rule_id;

/// What the walk learnt about one entry from its own name and its folders' names.
struct NameInfo {
    std::optional<PartialDate> own;  ///< the fullest date in the entry's own name
    std::optional<DateRange> span;   ///< the days its own name covers: its date, or a range (学年, 学期)
    bool invalid_date = false;       ///< the name holds an impossible date (already reported), or the entry
                                     ///< has no date of its own and sits in a folder whose name does
    std::optional<PartialDate> invalid_month;  ///< the real month of an impossible day (counts for cadence)
    bool date_at_start = false;      ///< the name begins with that date (so "2025.3.15 …" is no prefix 2025)
    int dated_ancestor = -1;         ///< nearest folder whose name holds a date or range (or an impossible one)
    NameContext context;             ///< what this entry's children inherit (year, or the 学年/学期 range)
    std::optional<int> annual_year;  ///< "2024年度", own or from a folder
    std::optional<std::string> series;
    std::string group;               ///< the 党小组 folder holding the entry
    int election = -1;               ///< the 换届 dossier folder holding the entry
    int development_folder = -1;     ///< the 发展党员 folder holding the entry
    int development = -1;            ///< the per-person dossier folder
    bool skip = false;               ///< junk, a symbolic link, or inside a dangan matter folder
    bool not_record = false;         ///< a template, compilation, plan or received document (or inside one)
    bool cohort = false;             ///< a 级 folder (students' cohort): no date, no dossier of its own
    std::optional<PartialDate> effective;  ///< own date, else the nearest folder's
};

/// The series of 党费 records (vocabulary.json "series"): judged by month coverage, not as a meeting.
constexpr const char* kDues = "党费";

std::string stem_of(const TreeEntry& e) {
    if (e.folder) return e.name;
    const auto dot = e.name.rfind('.');
    return dot == std::string::npos || dot == 0 ? e.name : e.name.substr(0, dot);
}

bool is_ascii(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string words(const PartialDate& d) { return core::format_date(d, core::DateStyle::gbt9704); }

std::string precision_words(const PartialDate& d) {
    switch (d.precision) {
    case core::DatePrecision::year: return "只写到年份";
    case core::DatePrecision::half_year: return "只写到半年";
    case core::DatePrecision::quarter: return "只写到季度";
    case core::DatePrecision::month: return "只写到月份";
    case core::DatePrecision::day: return "";
    }
    return "";
}

class NameAuditor {
public:
    NameAuditor(const Tree& tree, const AuditVocabulary& vocabulary, const rules::RuleBook& book,
                const AuditOptions& options, AuditReport& report)
        : tree_(tree), vocabulary_(vocabulary), book_(book), options_(options), report_(report),
          info_(tree.entries.size()) {
        // Only an archive marked by archive.json at its root has matter folders judged by manifest: a
        // manifest.json of some other tool in a hand-made tree must not hide its folder from the rules.
        bool marked = false;
        for (size_t i = 1; i < tree.entries.size(); ++i)
            marked = marked || (tree.entries[i].parent == 0 && !tree.entries[i].folder && tree.entries[i].name == "archive.json");
        marked_ = marked;
        for (size_t i = 1; marked && i < tree.entries.size(); ++i)
            if (!tree.entries[i].folder && tree.entries[i].name == "manifest.json")
                matter_folders_.insert(tree.entries[i].parent);
    }

    void run() {
        // The year in the audited folder's own name (党建台账2025) places 03月/3.6支委会.docx.
        auto root_name = tree_.root.filename().empty() ? tree_.root.parent_path().filename() : tree_.root.filename();
        const auto root_reading = read_name(root_name.string(), NameContext{});
        info_[0].context = child_context(root_reading, NameContext{});
        if (root_reading.date || root_reading.range) {
            info_[0].own = root_reading.date;
            info_[0].span = root_reading.range ? root_reading.range
                                               : std::optional<DateRange>(DateRange{root_reading.date->first_day(),
                                                                                    root_reading.date->last_day()});
        }
        info_[0].annual_year = root_reading.annual_year;
        prepare();
        for (size_t i = 1; i < tree_.entries.size(); ++i) examine(static_cast<int>(i));
        prepared_.clear();
        siblings();
        cadence();
        dues_cadence();
        elections();
        developments();
        if (options_.contents) {
            const auto started = std::chrono::steady_clock::now();
            std::vector<ContentJob> jobs;
            for (size_t i = 1; i < tree_.entries.size(); ++i) {
                const auto& e = tree_.entries[i];
                const auto& info = info_[i];
                if (e.folder || e.symlink || info.skip || !e.problem.empty() || e.size == 0 ||
                    !inspect::is_inspectable(e.name) || core::find_invalid_utf8(e.name))
                    continue;
                ContentJob job;
                job.entry = static_cast<int>(i);
                job.record = records_.count(static_cast<int>(i)) > 0;
                job.minutes = job.record && info.series && info.election < 0 && info.development_folder < 0;
                if (info.effective && info.effective->is_full()) job.name_date = info.effective;
                if (info.effective) job.year = info.effective->year;
                if (options_.ocr && job.minutes) {
                    auto ext = e.name.substr(e.name.rfind('.') + 1);
                    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                    job.ocr = ext == "jpg" || ext == "jpeg" || ext == "png";
                }
                jobs.push_back(job);
            }
            audit_contents(tree_, jobs, report_, options_.progress);
            report_.content_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        }
        if (unknown_year_ > 0)
            report_.findings.push_back(Finding{
                rule_id::date_missing, Severity::info, core::Location{"", 0, 0, "", ""}, "", {},
                std::to_string(unknown_year_) + " 份记录的名称写了月日（如“" + unknown_example_ +
                    "”），但文件名和各级文件夹名中都没有年份，无法确定年份，未逐份判断日期。"
                    "请在年度文件夹或档案文件夹名称中写明年份（如“2025年”），或在档案文件夹中放一个 audit.json",
                ""});
    }

private:
    void add(const char* rule, Severity severity, const TreeEntry& e, std::string message,
             std::vector<std::string> dates = {}, std::string record = "", std::string basis = "",
             std::string period = "") {
        report_.findings.push_back(Finding{rule, severity, core::Location{e.path, 0, 0, std::move(record), ""},
                                           std::move(period), std::move(dates), std::move(message),
                                           std::move(basis)});
    }

    /// A dangan matter folder (it holds manifest.json and the archive root has archive.json) is
    /// judged by its manifest, not by its names.
    bool dangan_matter(int index) const { return matter_folders_.count(index) > 0; }

    /// What a name says by itself, whatever its folders: the stem, the vocabulary's verdicts and the
    /// name read without context. These are most of the cost of the name rules and independent of each
    /// other, so they run on two threads before the (ordered) walk of examine(); examine() uses the
    /// reading when the context did not matter to it (most names carry their own year) and reads the
    /// name again with its folders' context otherwise, so the findings are those of a single thread.
    struct Prepared {
        bool ready = false;
        std::string stem;
        std::optional<NameReading> reading;  ///< read with no context; unset when the context matters
        std::optional<std::string> placeholder, series;
        bool looks_placeholder = false, not_record = false;
    };

    void prepare() {
        if (marked_) return;  // a dangan archive: its matter folders are judged by manifest, not by names
        prepared_.assign(tree_.entries.size(), Prepared{});
        std::atomic<size_t> next{1};
        auto work = [&] {
            constexpr size_t chunk = 256;
            for (size_t start = next.fetch_add(chunk); start < tree_.entries.size(); start = next.fetch_add(chunk))
                for (size_t i = start; i < std::min(start + chunk, tree_.entries.size()); ++i) {
                    const auto& e = tree_.entries[i];
                    if (e.symlink || core::find_invalid_utf8(e.name)) continue;
                    auto& p = prepared_[i];
                    p.stem = stem_of(e);
                    p.placeholder = vocabulary_.placeholder_in(p.stem);
                    p.looks_placeholder = !p.placeholder && rules::looks_like_placeholder(p.stem);
                    p.not_record = vocabulary_.is_not_record(p.stem);
                    p.series = vocabulary_.series_of(p.stem);
                    auto reading = read_name(p.stem, NameContext{});
                    if (!reading.context_used) p.reading = std::move(reading);
                    p.ready = true;
                }
        };
        const unsigned workers = std::min(2u, std::max(1u, std::thread::hardware_concurrency()));
        std::vector<std::thread> threads;
        for (unsigned t = 1; t < workers; ++t) threads.emplace_back(work);
        work();
        for (auto& t : threads) t.join();
    }

    void examine(int index) {
        const TreeEntry& e = tree_.entries[index];
        NameInfo& info = info_[index];
        const NameInfo& up = info_[e.parent];
        info.dated_ancestor = up.span || up.invalid_date ? e.parent : up.dated_ancestor;
        info.context = up.context;
        info.annual_year = up.annual_year;
        info.series = up.series;
        info.group = up.group;
        info.not_record = up.not_record;
        info.election = up.election;
        info.development_folder = up.development_folder;
        info.development = up.development;
        if (up.skip) {
            info.skip = true;
            return;
        }
        if (!e.folder && !e.symlink && vocabulary_.is_junk(e.name)) {
            add(rule_id::lint_junk, Severity::warning, e, "系统或临时文件“" + e.name + "”不应归档，请删除");
            info.skip = true;
            return;
        }
        if (e.symlink) {
            // A link is followed only with --follow-links; then e.problem says why this one was not.
            add(rule_id::lint_symlink, Severity::warning, e,
                "符号链接（指向“" + e.link_target + "”）" +
                    (e.problem.empty() ? "未被跟随检查；请把文件本身放入档案（或用 --follow-links 跟随检查）" : e.problem));
            info.skip = true;
            return;
        }
        if (!e.problem.empty())
            add(rule_id::lint_unreadable, Severity::warning, e, e.problem);
        if (!e.folder && e.problem.empty() && e.size == 0)
            add(rule_id::lint_empty, Severity::warning, e, "文件为空（0 字节）");
        if (dangan_matter(index) || marked_) {
            // judged by audit_archive through its manifest (or, when that is gone, the index): a dangan
            // archive is never judged by the rules for hand-made names (issue #11)
            info.skip = true;
            return;
        }
        if (core::find_invalid_utf8(e.name)) {
            // Names an old Windows zip tool left in GBK are common: show what the name most likely says
            // (GB18030, GBK's superset) and go on; never a reason to stop.
            const auto decoded = core::decode_gb18030(e.name);
            add(rule_id::lint_encoding, Severity::warning, e,
                "名称不是 UTF-8 编码（看来是 " + core::guess_encoding(e.name) + "）" +
                    (decoded ? "，按 GB18030 解读为“" + *decoded + "”" : "，也无法按 GB18030 解读") +
                    "；无法识别其中的日期，请用 UTF-8 重新命名（如在 Windows 中重新解压，或改名）");
            return;
        }
        const Prepared* pre = static_cast<size_t>(index) < prepared_.size() && prepared_[index].ready ? &prepared_[index] : nullptr;
        const std::string stem = pre ? pre->stem : stem_of(e);
        bool placeholder = true;
        if (auto p = pre ? pre->placeholder : vocabulary_.placeholder_in(stem))
            add(rule_id::content_placeholder, Severity::warning, e, "名称含“" + *p + "”，像是未改名的占位名称");
        else if (pre ? pre->looks_placeholder : rules::looks_like_placeholder(stem))
            add(rule_id::content_placeholder, Severity::warning, e, "名称“" + stem + "”含未填写的占位符");
        else
            placeholder = false;
        if (pre ? pre->not_record : vocabulary_.is_not_record(stem)) info.not_record = true;

        const auto reading = pre && pre->reading ? *pre->reading : read_name(stem, up.context);
        info.cohort = reading.cohort;
        if (reading.annual_year) info.annual_year = reading.annual_year;
        info.context = child_context(reading, up.context);
        info.invalid_date = !reading.invalid.empty();
        info.invalid_month = reading.invalid_month;
        for (const auto& bad : reading.invalid) add(rule_id::date_invalid, Severity::error, e, bad);
        // Dossiers and series first: whether a date that leaves its folder's period is a contradiction
        // depends on them (a 2024年度 组织生活会 is held in early 2025 and filed under 2024).
        const auto own_series = pre ? pre->series : vocabulary_.series_of(stem);
        if (e.folder && vocabulary_.is_group_folder(stem)) info.group = stem;
        if (reading.date) {
            info.own = reading.date;
            info.date_at_start = reading.at_start;
            info.span = DateRange{reading.date->first_day(), reading.date->last_day()};
        } else if (reading.range) {
            info.span = reading.range;
        }
        if (info.own && info.dated_ancestor >= 0 && info_[info.dated_ancestor].span && !info.not_record &&
            (e.folder || is_record_candidate(index, own_series))) {
            const auto& folder_span = *info_[info.dated_ancestor].span;
            const bool overlaps = !(info.span->last < folder_span.first) && !(folder_span.last < info.span->first);
            if (!overlaps && !within_annual_window(*info.own, own_series ? own_series : info.series, folder_span,
                                                   info.annual_year)) {
                const auto& folder = tree_.entries[info.dated_ancestor];
                const std::string folder_words = info_[info.dated_ancestor].own
                                                     ? words(*info_[info.dated_ancestor].own)
                                                     : words(folder_span.first) + "至" + words(folder_span.last);
                add(rule_id::date_inconsistent, Severity::error, e,
                    "名称中的日期" + words(*info.own) + "与所在文件夹“" + (folder.name.empty() ? root_label() : folder.name) +
                        "”的日期" + folder_words + "不一致",
                    {info.own->iso(), folder_span.first.iso()});
            }
        }
        if (reading.needs_year && !info.own) needs_year_.insert(index);
        // A folder with an impossible date gives its files no date (its date.invalid covers them).
        info.effective = info.own ? info.own : (info.dated_ancestor >= 0 ? info_[info.dated_ancestor].own : std::nullopt);
        if (!info.own && info.dated_ancestor >= 0 && info_[info.dated_ancestor].invalid_date &&
            !info_[info.dated_ancestor].own)
            info.invalid_date = true;
        if (!info.own && info.invalid_month) info.effective.reset();

        // Dossiers first: inside a 换届 or 发展党员 folder, 支委会 names a step, not a meeting series. A
        // folder that names a meeting (2025-03-06换届选举大会, 支委会研究发展党员) is that meeting's folder.
        if (e.folder && !own_series && info.election < 0 && vocabulary_.names_election(stem)) info.election = index;
        if (e.folder && !own_series && info.development_folder < 0 && info.election < 0 &&
            vocabulary_.names_development(stem)) {
            info.development_folder = index;
        } else if (e.folder && info.development < 0 && info.development_folder >= 0 && !info.cohort &&
                   (info.development_folder == e.parent || info_[e.parent].cohort)) {
            info.development = index;  // a per-person folder (a 级 folder between is only a cohort)
        }
        if (info.election < 0 && info.development_folder < 0 && own_series) info.series = own_series;
        if (e.folder) return;
        if (placeholder) return;  // an unnamed file: its name says nothing about a date
        if (e.size == 0 && e.problem.empty()) return;  // an empty file is lint.empty, not a record

        // Records: documents of a dossier, and files of a meeting series.
        if (info.election >= 0) {
            const auto* doc = vocabulary_.election_document(stem);
            if (doc) election_docs_[info.election].push_back({index, doc});
            if (doc || stem.find("批复") != std::string::npos || stem.find("请示") != std::string::npos) {
                election_files_[info.election].emplace_back(index, e.path);
                judge_record_date(index);
            }
        } else if (info.development_folder >= 0) {
            if (const auto* doc = vocabulary_.development_document(stem)) {
                const int dossier = info.development >= 0 ? info.development : info.development_folder;
                development_docs_[dossier].push_back({index, doc});
                judge_record_date(index);
            }
        } else if (info.series && *info.series == kDues && !info.not_record) {
            // 党费: collected monthly; a monthly 明细 or 台账 covers its month, a yearly ledger (2023年党费台账,
            // 2023.1-2023.12 汇总, or an undated 台账 in the 2023年 folder) every month of its span.
            judge_record_date(index);
            // A date from a year folder covers the year only for a ledger (台账, 明细): a stray receipt does not.
            if (info.span)
                dues_.push_back(*info.span);
            else if (info.effective && (info.effective->precision != core::DatePrecision::year || vocabulary_.is_register(stem)))
                dues_.push_back(DateRange{info.effective->first_day(), info.effective->last_day()});
        } else if (info.series && !info.not_record) {
            judge_record_date(index);
            std::optional<PartialDate> counted = info.effective;
            if (!counted && info.invalid_month) counted = info.invalid_month;  // 6.31: June had its meeting
            if (counted) {
                // A 年度 meeting counts for the year it belongs to, whenever in the window it was held. It is
                // dated by that year, unless it was held in the year of the folder that holds it: a 2024年度
                // session held in February 2025 inside the 2025年 folder keeps its date, so that it does not
                // stretch the span the monthly and quarterly kinds are judged over back into 2024 (and one
                // held in January 2025 inside the 2024 folder does not stretch it into 2025).
                if (const auto year = annual_year_of(*counted, *info.series, info)) {
                    // The nearest folder above named for a whole year (2025年, 2025年度台账), not the session's own
                    // dated folder.
                    std::optional<int> folder_year;
                    for (int above = info.dated_ancestor; above >= 0 && !folder_year; above = info_[above].dated_ancestor) {
                        const auto& span = info_[above].span;
                        if (span && span->first == core::make_date(span->first.year, 1, 1) &&
                            span->last == core::make_date(span->first.year, 12, 31))
                            folder_year = span->first.year;
                    }
                    if (!(folder_year && *folder_year == counted->year && *folder_year != *year))
                        counted = core::make_year(*year);
                    annual_years_[{*info.series, info.group, *counted}] = *year;
                }
                meetings_[{*info.series, info.group}].insert(*counted);
            }
        }
    }

    bool is_record_candidate(int index, const std::optional<std::string>& own_series) const {
        const NameInfo& info = info_[index];
        return info.election >= 0 || info.development_folder >= 0 || own_series || info.series;
    }

    std::string root_label() const { return tree_.root.filename().string(); }

    std::optional<std::pair<int, int>> due_of(const std::string& series) const {
        const auto* kind = book_.base().meeting_kind(series);
        if (!kind || !kind->cadence || kind->cadence->period != "year") return std::nullopt;
        return kind->cadence->annual_due_by;
    }

    /// The 年度 a meeting of an annual kind belongs to: the year its name says ("2024年度", own or a
    /// folder's), else the year of its folder, when the meeting lies between 1 January of that year and
    /// the due date in the next (the profile's annual_due_by; "03-31" for a 年度-labelled yearly kind the
    /// profile gives no date for); nullopt otherwise.
    std::optional<int> annual_year_of(const PartialDate& date, const std::string& series, std::optional<int> label_year,
                                      std::optional<int> folder_year) const {
        auto due = due_of(series);
        if (!due) {
            const auto* kind = book_.base().meeting_kind(series);
            if (!label_year || !kind || !kind->cadence || kind->cadence->period != "year") return std::nullopt;
            due = std::make_pair(3, 31);
        }
        const std::optional<int> year = label_year ? label_year : folder_year;
        if (!year) return std::nullopt;
        const auto due_date = core::make_date(*year + 1, due->first, due->second);
        if (date.first_day() < core::make_date(*year, 1, 1) || due_date < date.last_day()) return std::nullopt;
        return year;
    }

    std::optional<int> annual_year_of(const PartialDate& date, const std::string& series, const NameInfo& info) const {
        std::optional<int> folder_year;
        if (info.dated_ancestor >= 0 && info_[info.dated_ancestor].span &&
            info_[info.dated_ancestor].span->first.year == info_[info.dated_ancestor].span->last.year)
            folder_year = info_[info.dated_ancestor].span->first.year;
        return annual_year_of(date, series, info.annual_year, folder_year);
    }

    bool within_annual_window(const PartialDate& date, const std::optional<std::string>& series, const DateRange& folder,
                              std::optional<int> annual_year) const {
        if (!series) return false;
        const std::optional<int> folder_year =
            folder.first.year == folder.last.year ? std::optional<int>(folder.first.year) : std::nullopt;
        const auto year = annual_year_of(date, *series, annual_year, folder_year);
        return year && !(core::make_year(*year).last_day() < folder.first) && !(folder.last < core::make_year(*year).first_day());
    }

    void judge_record_date(int index) {
        const TreeEntry& e = tree_.entries[index];
        const NameInfo& info = info_[index];
        ++report_.records;
        records_.insert(index);
        if (info.invalid_date && !info.own) return;  // date.invalid says it all
        if (!info.own && info.span) return;          // a register or summary over a range (2023.1-2023.12)
        // A 党费 record is kept by month: a month is its full date, like a register's.
        const bool is_register = vocabulary_.is_register(stem_of(e)) || (info.series && *info.series == kDues);
        if (!info.effective) {
            if (needs_year_.count(index)) {
                // The year cannot be known from any name: said once for the tree, not per file.
                if (unknown_year_++ == 0) unknown_example_ = e.name;
                return;
            }
            if (info.dated_ancestor >= 0 && info_[info.dated_ancestor].span) {
                const auto& span = *info_[info.dated_ancestor].span;
                add(rule_id::date_partial, Severity::error, e,
                    "文件名中没有日期，所在文件夹只给出期间" + words(span.first) + "至" + words(span.last) + "，应写到具体日期",
                    {span.first.iso(), span.last.iso()});
                return;
            }
            add(rule_id::date_missing, Severity::error, e, "文件名及所在文件夹名中都没有日期，无法确定形成时间");
        } else if (!info.effective->is_full() && !is_register) {
            const std::string from = info.own ? "文件名中的日期" : "所在文件夹名中的日期";
            add(rule_id::date_partial, Severity::error, e,
                from + words(*info.effective) + precision_words(*info.effective) + "，应写到具体日期",
                {info.effective->iso()});
        } else if (options_.as_of < *info.effective) {
            add(rule_id::date_future, Severity::error, e,
                "日期" + words(*info.effective) + "晚于检查日期" + words(options_.as_of), {info.effective->iso()});
        }
    }

    /// Number prefixes, their order against the dates, and names that collide once normalised.
    void siblings() {
        // The walk appends a folder's children together: each folder's children are one run of entries.
        std::vector<int> children;
        for (size_t run = 1; run < tree_.entries.size();) {
            const int folder = tree_.entries[run].parent;
            size_t end = run;
            while (end < tree_.entries.size() && tree_.entries[end].parent == folder) ++end;
            children.clear();
            for (size_t i = run; i < end; ++i)
                if (!info_[i].skip) children.push_back(static_cast<int>(i));
            run = end;
            if (info_[folder].skip || children.empty()) continue;
            std::map<std::string, int> normal;
            std::vector<std::pair<int, int>> numbered;  // (number, entry)
            for (int c : children) {
                const TreeEntry& e = tree_.entries[c];
                if (!is_ascii(e.name) && !core::find_invalid_utf8(e.name)) {
                    const auto key = core::normalize_nfkc(e.name);
                    auto [it, fresh] = normal.emplace(key, c);
                    if (!fresh)
                        add(rule_id::lint_normalization, Severity::warning, e,
                            "与同一文件夹中的“" + tree_.entries[it->second].name +
                                "”仅在 Unicode 规范化形式或全角/半角字符上不同，容易混淆");
                } else {
                    normal.emplace(e.name, c);
                }
                if (info_[c].skip || info_[c].date_at_start) continue;
                if (auto n = vocabulary_.number_prefix(stem_of(e))) numbered.emplace_back(*n, c);
            }
            if (numbered.empty()) continue;
            // A folder where only some names carry a number (2024年第3次支委会 beside scans and photos)
            // has no numbering to judge: gaps there are files named another way, not missing ones.
            size_t judged = 0;
            for (int c : children)
                judged += !info_[c].skip && !info_[c].not_record;  // junk is skipped (examine)
            if (numbered.size() * 5 < judged * 4) continue;
            std::stable_sort(numbered.begin(), numbered.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; });
            int expected = 1;
            std::optional<PartialDate> latest;
            int latest_entry = -1;
            for (size_t k = 0; k < numbered.size(); ++k) {
                const auto [n, c] = numbered[k];
                const TreeEntry& e = tree_.entries[c];
                if (k > 0 && numbered[k - 1].first == n) {
                    add(rule_id::number_duplicate, Severity::error, e,
                        "编号" + std::to_string(n) + "与“" + tree_.entries[numbered[k - 1].second].name + "”重复");
                } else if (n > expected) {
                    add(rule_id::number_gap, Severity::warning, e,
                        n == expected + 1 ? "缺少编号" + std::to_string(expected)
                                          : "缺少编号" + std::to_string(expected) + "至" + std::to_string(n - 1));
                }
                expected = std::max(expected, n + 1);
                const auto& date = info_[c].own;
                if (!date || !date->is_full()) continue;
                if (latest && *date < *latest)
                    add(rule_id::date_order, Severity::error, e,
                        "编号" + std::to_string(n) + "的日期" + words(*date) + "早于编号在前的“" +
                            tree_.entries[latest_entry].name + "”（" + words(*latest) + "），编号未按时间顺序",
                        {latest->iso(), date->iso()});
                if (!latest || *latest < *date) {
                    latest = date;
                    latest_entry = c;
                }
            }
        }
    }

    /// Reuses check's cadence rule: one meeting per series (and 党小组) and distinct date found in the
    /// names, judged only inside the branch's life (--since, audit.json). 年度 meetings are judged by the
    /// rule itself once their due date (annual_due_by) has passed, as `check` judges them.
    void cadence() {
        records::Dataset data;
        data.organisation.emplace();
        // Whether the branch has a 支委会 cannot be told from names; kinds that need one (and kinds
        // held per 党小组) are judged only when their series appears at all (filtered below).
        data.organisation->committee.members.push_back({"—", "书记"});
        std::set<std::string> groups, kinds_seen;
        size_t total = 0;
        for (const auto& entry : meetings_) total += entry.second.size();
        data.meetings.reserve(total);
        for (const auto& [key, dates] : meetings_) {
            kinds_seen.insert(key.first);
            if (!key.second.empty()) groups.insert(key.second);
            for (const auto& d : dates) {
                records::Meeting& m = data.meetings.emplace_back();  // in place: a Meeting is large to move
                m.kind = key.first;
                m.group = key.second;
                m.date.date = d;
                m.date.raw = d.iso();
                if (const auto it = annual_years_.find({key.first, key.second, d}); it != annual_years_.end())
                    m.for_year = it->second;
            }
        }
        data.organisation->groups.assign(groups.begin(), groups.end());
        std::vector<Finding> gaps;
        rules::check_cadence(data, book_, rules::CheckOptions{options_.as_of}, gaps);
        for (auto& f : gaps) {
            std::string kind_name = f.where.record;
            for (const auto& g : groups)
                if (kind_name.starts_with(g)) kind_name = kind_name.substr(g.size());
            const auto* kind = book_.base().meeting_kind(kind_name);
            const bool conditional = kind && kind->cadence && (kind->cadence->per_group || kind->cadence->requires_committee);
            if (conditional && !kinds_seen.count(kind_name)) continue;
            if (f.dates.size() == 2) {
                const auto first = core::parse_date(f.dates[0]), last = core::parse_date(f.dates[1]);
                if (options_.since && first < *options_.since) continue;  // before the branch was founded
                if (options_.until && *options_.until < last) continue;   // after it was dissolved
            }
            f.where.file = "";
            report_.findings.push_back(std::move(f));
        }
    }

    /// 党费 cadence: every month from January of the first year a 党费 record covers to December of the
    /// last (months not over by the check date, and outside the branch's life, are not judged) must be
    /// covered by some record. Judged only when the tree keeps 党费 records at all.
    void dues_cadence() {
        if (dues_.empty()) return;
        int first_year = dues_.front().first.year, last_year = dues_.front().last.year;
        for (const auto& s : dues_) {
            first_year = std::min(first_year, s.first.year);
            last_year = std::max(last_year, s.last.year);
        }
        for (int y = first_year; y <= last_year; ++y)
            for (int m = 1; m <= 12; ++m) {
                const auto month = core::make_month(y, m);
                const auto first = month.first_day(), last = month.last_day();
                if (options_.as_of < last) return;  // not over yet
                if (options_.since && last < *options_.since) continue;   // before the branch was founded
                if (options_.until && *options_.until < first) continue;  // after it was dissolved
                const bool covered = std::any_of(dues_.begin(), dues_.end(), [&](const DateRange& s) {
                    return !(s.last < first) && !(last < s.first);
                });
                if (covered) continue;
                char label[16];  // "YYYY-MM" and room the compiler can see for any int
                std::snprintf(label, sizeof label, "%04d-%02d", y % 10000, m % 100);
                report_.findings.push_back(Finding{
                    rule_id::cadence_gap, Severity::warning, core::Location{"", 0, 0, std::string(kDues), ""}, label,
                    {first.iso(), last.iso()},
                    std::to_string(y) + "年" + std::to_string(m) +
                        "月没有党费收缴记录（党费按月交纳，每月应有收缴明细或台账；全年的台账可覆盖全年）",
                    "中组部《关于中国共产党党费收缴、使用和管理的规定》（2008）：党员按月交纳党费"});
            }
    }

    void elections() {
        for (const auto& [folder, docs] : election_docs_) {
            const TreeEntry& dossier = tree_.entries[folder];
            std::optional<PartialDate> latest;
            std::string latest_step;
            for (const auto& pattern : vocabulary_.election_documents) {
                bool present = false;
                std::optional<PartialDate> step_date;
                for (const auto& [index, doc] : docs) {
                    if (doc->step != pattern.step) continue;
                    present = true;
                    const auto& d = info_[index].effective;
                    if (!d || !d->is_full()) continue;
                    if (latest && *d < *latest)
                        add(rule_id::workflow_order, Severity::error, tree_.entries[index],
                            pattern.step + "的日期" + words(*d) + "早于" + latest_step + "（" + words(*latest) + "）",
                            {latest->iso(), d->iso()}, dossier.name, "R31 选举工作条例：请示、批复、选举、报告依次进行");
                    // The step's earliest document: with two 请示 and their 批复, the first 批复 may
                    // well come before the second 请示.
                    if (!step_date || *d < *step_date) step_date = d;
                }
                // 批复 is judged per 请示 below: each 请示 (and the 选举结果 report) needs its own.
                if (!present && pattern.step != "批复")
                    add(rule_id::workflow_missing, Severity::error, dossier, "换届选举材料中缺少" + pattern.step,
                        {}, dossier.name, "R31 选举工作条例：换届须请示、批复、选举并报告结果");
                if (step_date && (!latest || *latest < *step_date)) {
                    latest = step_date;
                    latest_step = pattern.step;
                }
            }
            pair_replies(folder);
        }
    }

    /// Each 请示 of a 换届 dossier, and each report of the 选举结果, needs its own 批复: one 批复 for
    /// two 请示 (召开选举大会, 候选人预备人选) leaves one unanswered. A 请示 is answered by the unused 批复
    /// sharing most topic words with it (候选人, 召开, 书记 …), in date order.
    void pair_replies(int folder) {
        static const std::vector<std::string> topics{"候选人", "召开", "书记", "委员", "增补", "延期", "选举结果", "结果", "换届"};
        auto topic_set = [](const std::string& name) {
            std::set<std::string> out;
            for (const auto& t : topics)
                if (name.find(t) != std::string::npos) out.insert(t);
            return out;
        };
        std::vector<int> asks, reports, replies, result_replies;
        for (const auto& [index, path] : election_files_[folder]) {
            const std::string stem = stem_of(tree_.entries[index]);
            const bool reply = stem.find("批复") != std::string::npos;
            const bool result = stem.find("结果") != std::string::npos;
            if (reply) (result ? result_replies : replies).push_back(index);
            else if (stem.find("请示") != std::string::npos) asks.push_back(index);
            else if (result && stem.find("报告") != std::string::npos) reports.push_back(index);
        }
        auto by_date = [&](int a, int b) {
            const auto& da = info_[a].effective;
            const auto& db = info_[b].effective;
            return std::make_tuple(!da, da.value_or(PartialDate{}), a) < std::make_tuple(!db, db.value_or(PartialDate{}), b);
        };
        auto match = [&](std::vector<int> wanting, std::vector<int> answers, const std::string& what) {
            std::sort(wanting.begin(), wanting.end(), by_date);
            std::vector<bool> used(answers.size());
            for (int w : wanting) {
                const auto want = topic_set(stem_of(tree_.entries[w]));
                int best = -1, best_score = -1;
                for (size_t k = 0; k < answers.size(); ++k) {
                    if (used[k]) continue;
                    const auto have = topic_set(stem_of(tree_.entries[answers[k]]));
                    int score = 0;
                    for (const auto& t : want) score += have.count(t) ? 1 : 0;
                    if (!want.empty() && !have.empty() && score == 0) continue;
                    if (score > best_score) {
                        best = static_cast<int>(k);
                        best_score = score;
                    }
                }
                if (best >= 0) {
                    used[best] = true;
                    continue;
                }
                add(rule_id::workflow_missing, Severity::error, tree_.entries[w],
                    what + "“" + stem_of(tree_.entries[w]) + "”没有对应的上级批复", {}, tree_.entries[folder].name,
                    "R31 选举工作条例：换届须请示、批复，选举结果报上级党组织批准");
            }
        };
        match(asks, replies, "请示");
        match(reports, result_replies, "选举结果报告");
    }

    void developments() {
        for (const auto& [folder, docs] : development_docs_) {
            const TreeEntry& dossier = tree_.entries[folder];
            std::map<int, int> step_entry;  // step number → first document
            for (const auto& [index, doc] : docs) step_entry.emplace(doc->number, index);
            std::optional<PartialDate> first;
            for (const auto& [n, index] : step_entry)
                if (info_[index].effective && info_[index].effective->is_full()) {
                    first = info_[index].effective;
                    break;
                }
            const rules::Profile& profile = book_.for_date(first);
            const auto& steps = profile.development.steps;
            auto step_name = [&](int n) {
                return n >= 1 && n <= static_cast<int>(steps.size()) ? steps[n - 1] : "第" + std::to_string(n) + "步";
            };
            std::set<int> recognisable;
            for (const auto& d : vocabulary_.development_documents) recognisable.insert(d.number);
            std::set<int> missing;
            std::set<int> out_of_order;
            for (const auto& chain : profile.development.order) {
                int reached = -1;
                for (size_t k = 0; k < chain.size(); ++k)
                    if (step_entry.count(chain[k])) reached = static_cast<int>(k);
                for (int k = 0; k < reached; ++k)
                    if (recognisable.count(chain[k]) && !step_entry.count(chain[k])) missing.insert(chain[k]);
                std::optional<PartialDate> latest;
                int latest_step = 0;
                for (int step : chain) {
                    auto it = step_entry.find(step);
                    if (it == step_entry.end()) continue;
                    const auto& d = info_[it->second].effective;
                    if (!d || !d->is_full()) continue;
                    if (latest && *d < *latest && out_of_order.insert(step).second)
                        add(rule_id::workflow_order, Severity::error, tree_.entries[it->second],
                            step_name(step) + "（" + words(*d) + "）早于" + step_name(latest_step) + "（" + words(*latest) +
                                "）",
                            {latest->iso(), d->iso()}, dossier.name, "R03 发展党员工作细则：程序依次进行");
                    if (!latest || *latest < *d) {
                        latest = d;
                        latest_step = step;
                    }
                }
            }
            for (int step : missing)
                add(rule_id::workflow_missing, Severity::error, dossier,
                    "发展党员材料中缺少“" + step_name(step) + "”（已有其后的步骤）", {}, dossier.name,
                    "R03 发展党员工作细则：程序不得省略");
            for (const auto& rule : profile.development.intervals) {
                const auto from_n = parse_small_number(rule.from), to_n = parse_small_number(rule.to);
                if (!from_n || !to_n || !step_entry.count(*from_n) || !step_entry.count(*to_n)) continue;
                const auto& from = info_[step_entry[*from_n]].effective;
                const auto& to = info_[step_entry[*to_n]].effective;
                if (!from || !to || !from->is_full() || !to->is_full()) continue;
                std::string problem;
                if (rule.min_months && *to < core::add_months(*from, *rule.min_months))
                    problem = "应不早于" + words(core::add_months(*from, *rule.min_months));
                if (rule.max_months && core::add_months(*from, *rule.max_months) < *to)
                    problem = "应不晚于" + words(core::add_months(*from, *rule.max_months));
                if (rule.min_days && core::days_between(*from, *to) < *rule.min_days)
                    problem = "应不早于" + words(core::add_days(*from, *rule.min_days));
                if (problem.empty()) continue;
                add(rule_id::workflow_interval, rule.severity, tree_.entries[step_entry[*to_n]],
                    rule.message + "：" + step_name(*from_n) + "为" + words(*from) + "，" + step_name(*to_n) + "为" +
                        words(*to) + "，" + problem,
                    {from->iso(), to->iso()}, dossier.name, rule.basis);
            }
        }
    }

    const Tree& tree_;
    const AuditVocabulary& vocabulary_;
    const rules::RuleBook& book_;
    const AuditOptions& options_;
    std::vector<Prepared> prepared_;  ///< prepare()'s results, by entry (empty for a dangan archive)
    AuditReport& report_;
    std::vector<NameInfo> info_;
    std::set<int> matter_folders_;  ///< folders holding a manifest.json
    bool marked_ = false;           ///< archive.json at the root: a dangan archive
    std::map<std::pair<std::string, std::string>, std::set<PartialDate>> meetings_;  ///< (series, 党小组) → dates
    /// (series, 党小组, date) → the 年度 a meeting of an annual kind is held for (2024 for 2025-02-20).
    std::map<std::tuple<std::string, std::string, PartialDate>, int> annual_years_;
    std::map<int, std::vector<std::pair<int, std::string>>> election_files_;  ///< dossier → its 请示/批复/报告
    std::vector<DateRange> dues_;  ///< the days each 党费 record covers (its month, year or range)
    std::set<int> records_;       ///< entries judged as records
    std::set<int> needs_year_;    ///< entries with a month or day but no year anywhere above
    int unknown_year_ = 0;        ///< records dated only by such a name
    std::string unknown_example_;
    std::map<int, std::vector<std::pair<int, const DocumentPattern*>>> election_docs_, development_docs_;
};

}  // namespace

void audit_names(const Tree& tree, const AuditVocabulary& vocabulary, const rules::RuleBook& book,
                 const AuditOptions& options, AuditReport& report) {
    NameAuditor(tree, vocabulary, book, options, report).run();
}

}  // namespace dangan::archive
