// The name rules of `audit` over hand-made folders: what a folder or file name says about dates,
// series, numbering and dossiers, and the BagIt-style lints.
#include "archive/audit.hpp"

#include "core/unicode_text.hpp"
#include "rules/check.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace dangan::archive {

namespace {

using core::PartialDate;
using core::Severity;
using rules::Finding;
namespace rule_id = rules::rule_id;

/// What the walk learnt about one entry from its own name and its folders' names.
struct NameInfo {
    std::optional<PartialDate> own;  ///< the first date in the entry's own name
    bool invalid_date = false;       ///< the name holds an impossible date (already reported), or the entry
                                     ///< has no date of its own and sits in a folder whose name does
    bool date_at_start = false;      ///< the name begins with that date (so "2025.3.15 …" is no prefix 2025)
    int dated_ancestor = -1;         ///< nearest folder whose name holds a date (a real or an impossible one)
    std::optional<int> year;         ///< context year for 3月, 第一季度 … (own or from a folder)
    std::optional<std::string> series;
    int election = -1;               ///< the 换届 dossier folder holding the entry
    int development_folder = -1;     ///< the 发展党员 folder holding the entry
    int development = -1;            ///< the per-person dossier folder
    bool skip = false;               ///< junk, a symbolic link, or inside a dangan matter folder
    std::optional<PartialDate> effective;  ///< own date, else the nearest folder's
};

std::string stem_of(const TreeEntry& e) {
    if (e.folder) return e.name;
    const auto dot = e.name.rfind('.');
    return dot == std::string::npos || dot == 0 ? e.name : e.name.substr(0, dot);
}

bool is_ascii(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string words(const PartialDate& d) { return core::format_date(d, core::DateStyle::gbt9704); }

/// Whether the two (possibly partial) dates can denote the same day.
bool overlap(const PartialDate& a, const PartialDate& b) {
    return !(a.last_day() < b.first_day()) && !(b.last_day() < a.first_day());
}

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
        for (size_t i = 1; i < tree_.entries.size(); ++i) examine(static_cast<int>(i));
        siblings();
        cadence();
        elections();
        developments();
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

    void examine(int index) {
        const TreeEntry& e = tree_.entries[index];
        NameInfo& info = info_[index];
        const NameInfo& up = info_[e.parent];
        info.dated_ancestor = up.own || up.invalid_date ? e.parent : up.dated_ancestor;
        info.year = up.year;
        info.series = up.series;
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
            // Names an old Windows zip tool left in GBK are common; say which encoding it looks like.
            add(rule_id::lint_unreadable, Severity::warning, e,
                "名称不是有效的 UTF-8 编码（看来是 " + core::guess_encoding(e.name) + "），无法识别其中的日期；请用 UTF-8 重新命名");
            return;
        }

        const std::string stem = stem_of(e);
        if (auto p = vocabulary_.placeholder_in(stem))
            add(rule_id::content_placeholder, Severity::warning, e, "名称含“" + *p + "”，像是未改名的占位名称");
        else if (rules::looks_like_placeholder(stem))
            add(rule_id::content_placeholder, Severity::warning, e, "名称“" + stem + "”含未填写的占位符");

        const auto invalid = core::find_invalid_dates(stem, info.year);
        info.invalid_date = !invalid.empty();
        for (const auto& bad : invalid)
            add(rule_id::date_invalid, Severity::error, e, "名称中的日期不存在：" + bad.message);
        // Only dates outside the impossible ones: "2025年2月30日" also holds "2025年", which must not
        // stand in for the whole date (it would add a misleading date.partial to every file inside).
        auto dates = core::find_dates(stem, info.year);
        std::erase_if(dates, [&](const core::FoundDate& d) {
            return std::any_of(invalid.begin(), invalid.end(),
                               [&](const auto& bad) { return d.begin < bad.end && bad.begin < d.end; });
        });
        if (!dates.empty()) {
            info.own = dates.front().date;
            info.date_at_start = dates.front().begin == 0;
            info.year = info.own->year;
            if (info.dated_ancestor >= 0 && info_[info.dated_ancestor].own) {
                const auto& folder_date = *info_[info.dated_ancestor].own;
                if (!overlap(*info.own, folder_date))
                    add(rule_id::date_inconsistent, Severity::error, e,
                        "名称中的日期" + words(*info.own) + "与所在文件夹“" + tree_.entries[info.dated_ancestor].name +
                            "”的日期" + words(folder_date) + "不一致",
                        {info.own->iso(), folder_date.iso()});
            }
        }
        // A folder with an impossible date gives its files no date (its date.invalid covers them).
        info.effective = info.own ? info.own : (info.dated_ancestor >= 0 ? info_[info.dated_ancestor].own : std::nullopt);
        if (!info.own && info.dated_ancestor >= 0 && info_[info.dated_ancestor].invalid_date &&
            !info_[info.dated_ancestor].own)
            info.invalid_date = true;

        // Dossiers first: inside a 换届 or 发展党员 folder, 支委会 names a step, not a meeting series. A
        // folder that names a meeting (2025-03-06换届选举大会, 支委会研究发展党员) is that meeting's folder.
        const auto own_series = vocabulary_.series_of(stem);
        if (e.folder && !own_series && info.election < 0 && vocabulary_.names_election(stem)) info.election = index;
        if (e.folder && !own_series && info.development_folder < 0 && info.election < 0 &&
            vocabulary_.names_development(stem)) {
            info.development_folder = index;
        } else if (e.folder && info.development < 0 && info.development_folder == e.parent) {
            info.development = index;  // a per-person folder
        }
        if (info.election < 0 && info.development_folder < 0 && own_series) info.series = own_series;
        if (e.folder) return;

        // Records: documents of a dossier, and files of a meeting series.
        if (info.election >= 0) {
            if (const auto* doc = vocabulary_.election_document(stem)) {
                election_docs_[info.election].push_back({index, doc});
                judge_record_date(index);
            }
        } else if (info.development_folder >= 0) {
            if (const auto* doc = vocabulary_.development_document(stem)) {
                const int dossier = info.development >= 0 ? info.development : info.development_folder;
                development_docs_[dossier].push_back({index, doc});
                judge_record_date(index);
            }
        } else if (info.series) {
            judge_record_date(index);
            if (info.effective) meetings_[*info.series].insert(*info.effective);
        }
    }

    void judge_record_date(int index) {
        const TreeEntry& e = tree_.entries[index];
        const NameInfo& info = info_[index];
        ++report_.records;
        if (info.invalid_date && !info.own) return;  // date.invalid says it all
        if (!info.effective) {
            add(rule_id::date_missing, Severity::error, e, "文件名及所在文件夹名中都没有日期，无法确定形成时间");
        } else if (!info.effective->is_full()) {
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
        std::map<int, std::vector<int>> by_folder;
        for (size_t i = 1; i < tree_.entries.size(); ++i)
            if (!info_[i].skip && !info_[tree_.entries[i].parent].skip)
                by_folder[tree_.entries[i].parent].push_back(static_cast<int>(i));
        for (const auto& [folder, children] : by_folder) {
            if (info_[folder].skip) continue;
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

    /// Reuses check's cadence rule: one meeting per series and distinct date found in the names.
    void cadence() {
        records::Dataset data;
        data.organisation.emplace();
        // Whether the branch has a 支委会 cannot be told from names; kinds that need one (and kinds
        // held per 党小组) are judged only when their series appears at all (filtered below).
        data.organisation->committee.members.push_back({"—", "书记"});
        for (const auto& [series, dates] : meetings_)
            for (const auto& d : dates) {
                records::Meeting m;
                m.kind = series;
                m.date.date = d;
                m.date.raw = d.iso();
                data.meetings.push_back(std::move(m));
            }
        std::vector<Finding> gaps;
        rules::check_cadence(data, book_, rules::CheckOptions{options_.as_of}, gaps);
        for (auto& f : gaps) {
            const auto* kind = book_.base().meeting_kind(f.where.record);
            const bool conditional = kind && kind->cadence && (kind->cadence->per_group || kind->cadence->requires_committee);
            if (conditional && !meetings_.count(f.where.record)) continue;
            f.where.file = "";
            report_.findings.push_back(std::move(f));
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
                    if (!step_date || *step_date < *d) step_date = d;
                }
                if (!present)
                    add(rule_id::workflow_missing, Severity::error, dossier, "换届选举材料中缺少" + pattern.step,
                        {}, dossier.name, "R31 选举工作条例：换届须请示、批复、选举并报告结果");
                if (step_date && (!latest || *latest < *step_date)) {
                    latest = step_date;
                    latest_step = pattern.step;
                }
            }
        }
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
    AuditReport& report_;
    std::vector<NameInfo> info_;
    std::set<int> matter_folders_;  ///< folders holding a manifest.json
    bool marked_ = false;           ///< archive.json at the root: a dangan archive
    std::map<std::string, std::set<PartialDate>> meetings_;  ///< series → distinct dates
    std::map<int, std::vector<std::pair<int, const DocumentPattern*>>> election_docs_, development_docs_;
};

}  // namespace

void audit_names(const Tree& tree, const AuditVocabulary& vocabulary, const rules::RuleBook& book,
                 const AuditOptions& options, AuditReport& report) {
    NameAuditor(tree, vocabulary, book, options, report).run();
}

}  // namespace dangan::archive
