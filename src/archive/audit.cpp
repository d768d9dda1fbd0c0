// `audit` as a whole: walk, name rules, and for dangan-made archives the manifests, the index,
// the 档号 and 件号, and `check` re-run on the stored records. Also the text and JSON reports.
#include "archive/audit.hpp"

#include "archive/manifest.hpp"
#include "archive/store.hpp"
#include "catalog/archive_code.hpp"
#include "core/atomic_write.hpp"
#include "core/unicode_text.hpp"
#include "records/loader.hpp"
#include "rules/check.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <chrono>
#include <map>
#include <set>
#include <sstream>

namespace dangan::archive {

namespace {

namespace fs = std::filesystem;
using core::Severity;
using rules::Finding;
namespace rule_id = rules::rule_id;

Finding finding(const char* rule, Severity severity, std::string path, std::string message, std::string record = "",
                std::vector<std::string> dates = {}) {
    // R35: 档号 form; R36: 件号 without gaps or duplicates, in date order (rules.md).
    const std::string r = rule;
    std::string basis = r == rule_id::number_format ? "R35 DA/T 22-2015 档号格式"
                        : r.starts_with("number.") || r == rule_id::date_order ? "R36 件号连续、按时间顺序"
                                                                              : "";
    return Finding{rule, severity, core::Location{std::move(path), 0, 0, std::move(record), ""}, "", std::move(dates),
                   std::move(message), std::move(basis)};
}

std::string join(const std::string& folder, const std::string& name) { return folder.empty() ? name : folder + "/" + name; }


/// Verifies a dangan-made archive: every matter folder against its manifest, the index against the
/// folders, the 档号 and 件号, and the stored records against every check rule.
class ArchiveAuditor {
public:
    ArchiveAuditor(const Tree& tree, const rules::RuleBook& book, const AuditOptions& options, AuditReport& report)
        : tree_(tree), book_(book), options_(options), report_(report) {}

    void run() {
        if (!has_marker()) return;  // a hand-made tree (audit_names judges it)
        std::map<int, std::vector<int>> files_under;  // matter folder → every file below it
        for (size_t i = 1; i < tree_.entries.size(); ++i)
            if (!tree_.entries[i].folder && tree_.entries[i].name == manifest_name)
                matters_.emplace(tree_.entries[i].parent, static_cast<int>(i));
        // A folder the index names whose manifest.json is gone is still a matter folder: its damage is
        // judged there (one manifest.missing, then its files against the index's checksums), never by
        // the rules for hand-made trees.
        std::map<std::string, int> folders;
        for (size_t i = 1; i < tree_.entries.size(); ++i)
            if (tree_.entries[i].folder) folders.emplace(tree_.entries[i].path, static_cast<int>(i));
        std::map<int, const IndexEntry*> row_of;
        try {
            index_rows_ = read_index(tree_.root);
            index_files_ = read_index_files(tree_.root);
        } catch (const std::exception&) {
            index_rows_.clear();  // index() reports the unreadable index
        }
        for (const auto& row : index_rows_) {
            auto it = valid_folder(row.folder) ? folders.find(row.folder) : folders.end();
            if (it == folders.end()) continue;
            row_of[it->second] = &row;
            matters_.emplace(it->second, -1);  // no manifest.json
        }
        for (size_t i = 1; i < tree_.entries.size(); ++i) {
            const auto& e = tree_.entries[i];
            for (int up = e.parent; up >= 0; up = tree_.entries[up].parent)
                if (matters_.count(up)) {
                    // The name rules skip what is inside a matter folder, so its lints are said here.
                    if (e.folder && !e.problem.empty())
                        report_.findings.push_back(finding(rule_id::lint_unreadable, Severity::error, e.path, e.problem));
                    if (!e.folder) files_under[up].push_back(static_cast<int>(i));
                    break;
                }
        }
        std::vector<std::pair<int, Manifest>> manifests;
        for (const auto& [folder, manifest_entry] : matters_) {
            const auto& dir = tree_.entries[folder];
            std::string problem = "清单文件 manifest.json 不存在";
            if (manifest_entry >= 0) {
                const fs::path manifest_path = tree_.root / fs::u8path(tree_.entries[manifest_entry].path);
                try {
                    auto m = manifest_from_json(core::read_file(manifest_path));
                    verify_files(dir, m, files_under[folder]);
                    manifests.emplace_back(folder, std::move(m));
                    continue;
                } catch (const std::exception& e) {
                    problem = "清单文件 manifest.json 无法读取：" + gone_or(manifest_path, e.what());
                }
            }
            // One finding on the folder; its files are then checked against what the index recorded
            // when they were filed.
            auto row = row_of.find(folder);
            if (row == row_of.end()) {
                report_.findings.push_back(finding(rule_id::manifest_missing, Severity::error, dir.path,
                                                   problem + "，索引中也没有此件，无法核对其中的文件"));
                continue;
            }
            const IndexEntry& r = *row->second;
            report_.findings.push_back(finding(rule_id::manifest_missing, Severity::error, dir.path,
                                               problem + "；其中的文件按索引 index.sqlite 记录的校验值核对", r.code));
            Manifest m;
            m.record_id = r.record_id;
            m.code = r.code;
            m.style = style_of_archive();
            m.year = r.year;
            m.item = r.item;
            m.kind = r.kind;
            m.title = r.title;
            m.date = r.date;
            m.pages = r.pages;
            m.record_sha256 = r.record_sha256;
            for (const auto& f : index_files_[r.record_id])
                if (f.path != manifest_name) m.files.push_back(f);
            std::vector<int> present;
            for (int i : files_under[folder])
                if (tree_.entries[i].name != manifest_name || tree_.entries[i].parent != folder) present.push_back(i);
            verify_files(dir, m, present);
            manifests.emplace_back(folder, std::move(m));
        }
        report_.dangan_items = static_cast<int>(manifests.size());
        hash_all();
        numbers(manifests);
        index(manifests);
        recheck(manifests);
    }

private:
    bool has_marker() const {
        // Every entry at the root is looked at: the walk may list a year folder's contents first.
        for (size_t i = 1; i < tree_.entries.size(); ++i)
            if (tree_.entries[i].parent == 0 && tree_.entries[i].name == archive_marker_name && !tree_.entries[i].folder)
                return true;
        return false;
    }

    void verify_files(const TreeEntry& dir, const Manifest& m, const std::vector<int>& present) {
        std::map<std::string, int> on_disk;  // path inside the matter folder → entry
        for (int i : present) {
            const auto& e = tree_.entries[i];
            const std::string inner = e.path.substr(dir.path.size() + 1);
            if (inner != manifest_name) on_disk.emplace(inner, i);
        }
        std::set<std::string> listed;
        for (const auto& f : m.files) {
            listed.insert(f.path);
            const std::string path = join(dir.path, f.path);
            auto it = on_disk.find(f.path);
            if (it == on_disk.end()) {
                report_.findings.push_back(finding(rule_id::manifest_missing, Severity::error, path,
                                                   "清单中列出的文件不存在（已被删除或改名）", m.code));
                continue;
            }
            const auto& e = tree_.entries[it->second];
            if (e.symlink) {
                report_.findings.push_back(finding(rule_id::lint_symlink, Severity::error, path,
                                                   "归档的文件被换成了符号链接（指向“" + e.link_target + "”），未跟随检查",
                                                   m.code));
                continue;
            }
            if (!e.problem.empty()) {
                report_.findings.push_back(finding(rule_id::lint_unreadable, Severity::error, path, e.problem, m.code));
                continue;
            }
            if (e.size != f.size) {
                report_.findings.push_back(finding(rule_id::manifest_checksum, Severity::error, path,
                                                   "文件大小为 " + std::to_string(e.size) + " 字节，清单记录为 " +
                                                       std::to_string(f.size) + " 字节：文件已被改动或损坏",
                                                   m.code));
                continue;
            }
            if (!options_.fast) to_hash_.push_back({it->second, f.sha256, m.code});
        }
        for (const auto& [inner, i] : on_disk)
            if (!listed.count(inner))
                report_.findings.push_back(finding(rule_id::manifest_extra, Severity::error, tree_.entries[i].path,
                                                   "文件不在清单中（归档后被加入）", m.code));
    }

    void hash_all() {
        std::vector<fs::path> paths;
        for (const auto& h : to_hash_) {
            paths.push_back(tree_.root / fs::u8path(tree_.entries[h.entry].path));
            report_.hashed_bytes += tree_.entries[h.entry].size;
        }
        std::vector<std::string> errors;
        std::function<void(size_t, size_t)> told;
        if (options_.progress)
            told = [this](size_t done, size_t total) { options_.progress("正在核对校验值", done, total); };
        const auto digests = sha256_files(paths, options_.hash_workers, errors, told);
        for (size_t i = 0; i < to_hash_.size(); ++i) {
            const auto& path = tree_.entries[to_hash_[i].entry].path;
            if (!digests[i])
                report_.findings.push_back(finding(rule_id::lint_unreadable, Severity::warning, path,
                                                   "无法读取以核对校验值：" + gone_or(paths[i], errors[i]),
                                                   to_hash_[i].code));
            else if (*digests[i] != to_hash_[i].sha256)
                report_.findings.push_back(finding(rule_id::manifest_checksum, Severity::error, path,
                                                   "SHA-256 校验值与清单不符：文件内容已被改动或损坏",
                                                   to_hash_[i].code));
        }
    }

    /// 档号 format, and per year: duplicate and missing 件号, and numbers out of date order.
    void numbers(const std::vector<std::pair<int, Manifest>>& manifests) {
        std::map<int, std::map<int, std::vector<const std::pair<int, Manifest>*>>> by_year;
        for (const auto& pm : manifests) {
            const auto& [folder, m] = pm;
            const auto& path = tree_.entries[folder].path;
            std::string error;
            std::optional<catalog::ArchiveCode> code;
            try {
                code = catalog::parse_archive_code(m.code, catalog::code_style(m.style), error);
            } catch (const std::invalid_argument&) {
                error = "unknown standard '" + m.style + "'";
            }
            if (!code) {
                report_.findings.push_back(
                    finding(rule_id::number_format, Severity::error, path, "档号“" + m.code + "”格式不对：" + error, m.code));
            } else if (code->item != m.item || code->year != m.year) {
                report_.findings.push_back(finding(rule_id::number_format, Severity::error, path,
                                                   "档号“" + m.code + "”中的年度或件号与清单记录（" +
                                                       std::to_string(m.year) + "年第" + std::to_string(m.item) +
                                                       "件）不一致",
                                                   m.code));
            }
            by_year[m.year][m.item].push_back(&pm);
        }
        for (const auto& [year, items] : by_year) {
            int expected = 1;
            std::string latest_date, latest_code;
            for (const auto& [item, list] : items) {
                const auto& first = list.front()->second;
                const auto& path = tree_.entries[list.front()->first].path;
                for (size_t k = 1; k < list.size(); ++k)
                    report_.findings.push_back(finding(rule_id::number_duplicate, Severity::error,
                                                       tree_.entries[list[k]->first].path,
                                                       std::to_string(year) + "年件号" + std::to_string(item) + "重复（另见“" +
                                                           path + "”）",
                                                       list[k]->second.code));
                if (item > expected)
                    report_.findings.push_back(finding(
                        rule_id::number_gap, Severity::error, path,
                        std::to_string(year) + "年缺少件号" + std::to_string(expected) +
                            (item - 1 > expected ? "至" + std::to_string(item - 1) : ""),
                        first.code));
                expected = std::max(expected, item + 1);
                if (!latest_date.empty() && first.date < latest_date)
                    report_.findings.push_back(finding(rule_id::date_order, Severity::warning, path,
                                                       "件号在后但日期（" + first.date + "）早于" + latest_code + "（" +
                                                           latest_date + "）：补归档的文件，件号不重排",
                                                       first.code, {latest_date, first.date}));
                if (first.date > latest_date) {
                    latest_date = first.date;
                    latest_code = first.code;
                }
            }
        }
    }

    /// The index against the folders: every indexed item has its folder, every folder is indexed.
    void index(const std::vector<std::pair<int, Manifest>>& manifests) {
        std::error_code ec;
        if (!fs::exists(tree_.root / index_name, ec)) {
            report_.findings.push_back(finding(rule_id::manifest_missing, Severity::error, index_name,
                                               "档案索引 index.sqlite 不存在"));
            return;
        }
        std::vector<IndexEntry> rows;
        std::map<std::string, std::vector<ManifestFile>> index_files;
        try {
            rows = read_index(tree_.root);
            index_files = read_index_files(tree_.root);
        } catch (const std::exception& e) {
            report_.findings.push_back(finding(rule_id::lint_unreadable, Severity::error, index_name,
                                               "档案索引无法读取：" + gone_or(tree_.root / index_name, e.what())));
            return;
        }
        std::map<std::string, const Manifest*> by_folder;
        for (const auto& [folder, m] : manifests) by_folder[tree_.entries[folder].path] = &m;
        std::set<std::string> indexed;
        for (const auto& row : rows) {
            indexed.insert(row.folder);
            auto it = by_folder.find(row.folder);
            if (it == by_folder.end()) {
                report_.findings.push_back(finding(rule_id::manifest_missing, Severity::error, row.folder,
                                                   row.status == "pending"
                                                       ? "索引中已编号但文件夹未写完（归档中断）；请重新运行 archive"
                                                       : "索引中登记的文件夹不存在",
                                                   row.code));
            } else if (it->second->code != row.code || it->second->item != row.item) {
                report_.findings.push_back(finding(rule_id::number_format, Severity::error, row.folder,
                                                   "索引中的档号“" + row.code + "”与清单中的“" + it->second->code +
                                                       "”不一致",
                                                   row.code));
            } else if (row.status == "done") {
                // A file changed together with its manifest still differs from the checksums the index
                // took when it was filed.
                std::map<std::string, const ManifestFile*> filed;
                for (const auto& f : index_files[row.record_id]) filed[f.path] = &f;
                for (const auto& f : it->second->files) {
                    auto k = filed.find(f.path);
                    if (k == filed.end() || k->second->sha256 != f.sha256 || k->second->size != f.size)
                        report_.findings.push_back(finding(rule_id::manifest_checksum, Severity::error,
                                                           join(row.folder, f.path),
                                                           k == filed.end()
                                                               ? "清单列出的文件在档案索引中没有登记（清单可能被改动）"
                                                               : "清单中的校验值与档案索引登记的不一致（文件和清单可能被一并改动）",
                                                           row.code));
                    if (k != filed.end()) filed.erase(k);
                }
                for (const auto& [path, f] : filed)
                    report_.findings.push_back(finding(rule_id::manifest_missing, Severity::error, join(row.folder, path),
                                                       "档案索引登记的文件不在清单中（清单可能被改动）", row.code));
            }
        }
        for (const auto& [folder, m] : by_folder)
            if (!indexed.count(folder))
                report_.findings.push_back(finding(rule_id::manifest_extra, Severity::error, folder,
                                                   "文件夹不在档案索引中", m->code));
    }

    /// Loads the stored records (and the organisation at the root) and runs every check rule.
    void recheck(const std::vector<std::pair<int, Manifest>>& manifests) {
        records::Dataset data;
        core::DiagnosticSink sink;
        const auto vocabulary = book_.vocabulary();
        std::error_code ec;
        if (fs::exists(tree_.root / "organisation.json", ec))
            load_one("organisation.json", vocabulary, data, sink);
        for (const auto& [folder, m] : manifests)
            for (const auto& f : m.files)
                // A deleted record.json is already manifest.missing; do not report it twice.
                if (f.path == "record.json" && fs::exists(tree_.root / fs::u8path(join(tree_.entries[folder].path, f.path)), ec))
                    load_one(join(tree_.entries[folder].path, f.path), vocabulary, data, sink);
        for (const auto& d : sink.all())
            if (d.severity == Severity::error)
                report_.findings.push_back(finding(rule_id::record_inconsistent, Severity::error, d.where.file,
                                                   "存档的记录无法读取：" + d.message, d.where.record));
        if (data.meetings.empty() && data.elections.empty() && data.developments.empty()) return;
        for (auto& f : rules::check_dataset(data, book_, rules::CheckOptions{options_.as_of}))
            report_.findings.push_back(std::move(f));
    }

    void load_one(const std::string& path, const records::Vocabulary& vocabulary, records::Dataset& data,
                  core::DiagnosticSink& sink) {
        try {
            records::load_json_text(core::read_file(tree_.root / fs::u8path(path)), path, vocabulary, data, sink);
        } catch (const core::InputError& e) {
            auto d = e.diagnostic();
            d.message = gone_or(tree_.root / fs::u8path(path), d.message);
            sink.add(std::move(d));
        }
    }

    struct Hash {
        int entry;
        std::string sha256, code;
    };

    const Tree& tree_;
    const rules::RuleBook& book_;
    const AuditOptions& options_;
    AuditReport& report_;
    std::map<int, int> matters_;  ///< matter folder → its manifest.json entry (-1: none, known from the index)
    std::vector<IndexEntry> index_rows_;
    std::map<std::string, std::vector<ManifestFile>> index_files_;

    /// The archive's 档号 standard, from the organisation filed at its root (DA/T 22-2015 by default).
    std::string style_of_archive() const {
        try {
            const std::string text = core::read_file(tree_.root / "organisation.json");
            if (text.find("DA/T 13-2022") != std::string::npos) return "DA/T 13-2022";
        } catch (const std::exception&) {
        }
        return "DA/T 22-2015";
    }
    std::vector<Hash> to_hash_;
};

std::string severity_label(Severity severity) {
    switch (severity) {
    case Severity::error: return "错误";
    case Severity::warning: return "警告";
    case Severity::info: return "提示";
    }
    return "错误";
}

std::string folder_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? "" : path.substr(0, slash);
}

}  // namespace

AuditReport audit_tree(const fs::path& root, const AuditVocabulary& vocabulary, const rules::RuleBook& book,
                       const AuditOptions& given) {
    const auto started = std::chrono::steady_clock::now();
    AuditReport report;
    AuditOptions options = given;
    report.branch = read_branch_info(root);
    if (!options.since) options.since = report.branch.since;
    if (!options.until) options.until = report.branch.until;
    if (!report.branch.problem.empty())
        report.findings.push_back(Finding{rule_id::lint_unreadable, Severity::warning,
                                          core::Location{"audit.json", 0, 0, "", ""}, "", {}, report.branch.problem, ""});
    WalkOptions walk{true, options.follow_links, options.before_listing, {}};
    if (options.progress)
        walk.listed = [&](std::uintmax_t files, std::uintmax_t) { options.progress("正在清点文件", files, 0); };
    const Tree tree = walk_tree(root, walk);
    if (options.after_walk) options.after_walk();
    report.walk_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    report.files = tree.files;
    report.folders = tree.folders;
    report.bytes = tree.bytes;
    audit_names(tree, vocabulary, book, options, report);
    ArchiveAuditor(tree, book, options, report).run();
    if (report.records == 0 && report.dangan_items == 0) {
        // "未发现问题" would read as a clean archive; an inspector must see that nothing was checked
        // (a wrong path, or names the vocabulary does not know).
        const std::string message =
            tree.files == 0
                ? "文件夹中没有任何文件，没有可检查的档案：请确认给出的是档案所在的文件夹"
                : "没有识别出任何记录：" + std::to_string(tree.files) +
                      (tree.files == 1 ? " 个文件的名称中没有" : " 个文件的名称中都没有") +
                      "会议类别（如“支委会会议记录”）或换届、发展党员材料的名称。"
                      "请确认给出的是档案所在的文件夹；本单位的叫法可用 --vocabulary 补充（见 docs/audit.md）";
        report.findings.push_back(Finding{rule_id::archive_empty, Severity::error,
                                          core::Location{"", 0, 0, "", ""}, "", {}, message, ""});
    }
    // Reports are UTF-8 (JSON must be): a name left in GBK is written with its bytes escaped (\xNN),
    // which keeps it recoverable; lint.encoding's message shows it decoded as GB18030.
    for (auto& f : report.findings) {
        if (core::find_invalid_utf8(f.where.file)) f.where.file = core::escape_invalid_utf8(f.where.file);
        if (core::find_invalid_utf8(f.where.record)) f.where.record = core::escape_invalid_utf8(f.where.record);
        if (core::find_invalid_utf8(f.message)) f.message = core::escape_invalid_utf8(f.message);
    }
    rules::sort_findings(report.findings);
    report.total_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

std::string audit_to_text(const AuditReport& report) {
    // Grouped by folder (the root first), then by file; whole-archive findings (cadence) first.
    std::vector<const Finding*> sorted;
    for (const auto& f : report.findings) sorted.push_back(&f);
    std::stable_sort(sorted.begin(), sorted.end(), [](const Finding* a, const Finding* b) {
        return std::make_tuple(folder_of(a->where.file), a->where.file) < std::make_tuple(folder_of(b->where.file), b->where.file);
    });
    std::ostringstream out;
    std::optional<std::string> folder;
    int errors = 0, warnings = 0, infos = 0;
    for (const Finding* f : sorted) {
        const std::string here = folder_of(f->where.file);
        if (!folder || *folder != here) {
            folder = here;
            out << "\n== " << (here.empty() ? "（档案根目录）" : here + "/") << "\n";
        }
        const auto slash = f->where.file.rfind('/');
        const std::string name = slash == std::string::npos ? f->where.file : f->where.file.substr(slash + 1);
        out << "    " << severity_label(f->severity) << " " << f->rule;
        if (!name.empty()) out << " " << name;
        if (!f->where.record.empty()) out << " [" << f->where.record << "]";
        if (!f->period.empty()) out << " 期间 " << f->period;
        out << "：" << f->message;
        if (!f->basis.empty()) out << "（依据：" << f->basis << "）";
        out << "\n";
        switch (f->severity) {
        case Severity::error: ++errors; break;
        case Severity::warning: ++warnings; break;
        case Severity::info: ++infos; break;
        }
    }
    if (report.findings.empty()) out << "未发现问题。\n";
    else
        out << "\n共 " << report.findings.size() << " 项：错误 " << errors << "，警告 " << warnings << "，提示 " << infos
            << "。\n";
    out << "检查了 " << report.files << " 个文件、" << report.folders << " 个文件夹";
    if (report.records > 0) out << "，识别出 " << report.records << " 份记录";
    if (report.dangan_items > 0) out << "，核对了 " << report.dangan_items << " 件归档材料的清单";
    out << "。\n";
    return out.str();
}

std::string audit_to_json(const AuditReport& report) {
    std::string json = rules::findings_to_json(report.findings);
    // Append the statistics as one more member of the top-level object.
    const auto end = json.rfind('}');
    Poco::JSON::Object stats(Poco::JSON_PRESERVE_KEY_ORDER);
    stats.set("files", static_cast<Poco::UInt64>(report.files));
    stats.set("folders", static_cast<Poco::UInt64>(report.folders));
    stats.set("bytes", static_cast<Poco::UInt64>(report.bytes));
    stats.set("records", report.records);
    stats.set("dangan_items", report.dangan_items);
    stats.set("hashed_bytes", static_cast<Poco::UInt64>(report.hashed_bytes));
    std::ostringstream out;
    stats.stringify(out);
    return json.substr(0, end) + ",\n\"audit\": " + out.str() + "}\n";
}

}  // namespace dangan::archive
