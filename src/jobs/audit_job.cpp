#include "jobs/audit_job.hpp"

#include "core/messages.hpp"
#include "jobs/output_guard.hpp"
#include "jobs/progress.hpp"

#include "archive/audit.hpp"
#include "archive/scoring.hpp"
#include "core/atomic_write.hpp"
#include "core/unicode_text.hpp"
#include "inspect/ocr.hpp"
#include "jobs/resources.hpp"
#include "jobs/typesetter.hpp"
#include "workbook/table_writer.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <map>
#include <sstream>

namespace dangan::jobs {

namespace fs = std::filesystem;

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

/// The unit named on the sheet: the organisation of a dangan archive, else the folder's name.
std::string unit_name(const std::filesystem::path& root) {
    std::error_code ec;
    const auto org = root / "organisation.json";
    if (std::filesystem::exists(org, ec)) {
        try {
            Poco::JSON::Parser parser;
            const auto o = parser.parse(core::read_file(org)).extract<Object::Ptr>();
            if (o && o->has("name")) return o->getValue<std::string>("name");
        } catch (const std::exception&) {  // Poco::Exception included
        }  // an unreadable organisation.json is audited elsewhere; the sheet falls back to the folder name
    }
    auto name = std::filesystem::absolute(root).lexically_normal();
    if (name.filename().empty()) name = name.parent_path();
    return name.filename().string();
}

std::string severity_words(core::Severity s) {
    return s == core::Severity::error ? "错误" : s == core::Severity::warning ? "警告" : "提示";
}

Object::Ptr sheet_data(const std::filesystem::path& root, const archive::AuditReport& report,
                       const archive::ScoringProfile& profile, const archive::Score& score,
                       const core::PartialDate& as_of) {
    Object::Ptr sheet = new Object;
    sheet->set("title", profile.title);
    const std::string unit = report.branch.name.empty() ? unit_name(root) : report.branch.name;
    sheet->set("unit", unit);
    // 检查范围 names the branch's archive, never a path of the inspector's machine.
    auto folder_name = std::filesystem::absolute(root).lexically_normal();
    if (folder_name.filename().empty()) folder_name = folder_name.parent_path();
    const std::string own = core::escape_invalid_utf8(folder_name.filename().string());
    sheet->set("folder", own == unit ? unit + "的档案" : unit + "的档案（文件夹“" + own + "”）");
    sheet->set("as_of", as_of.iso());
    sheet->set("full_score", archive::format_points(profile.full_score));
    sheet->set("total", archive::format_points(score.total));
    sheet->set("grade", score.grade);
    sheet->set("files", static_cast<Poco::UInt64>(report.files));
    sheet->set("folders", static_cast<Poco::UInt64>(report.folders));
    // A dangan archive's matters are records too (识别记录0份 for a 69-item archive misled).
    sheet->set("records", report.records + report.dangan_items);
    Array::Ptr items = new Array;
    for (const auto& i : score.items) {
        Object::Ptr o = new Object;
        o->set("name", i.name);
        o->set("findings", i.findings);
        o->set("deducted", archive::format_points(i.deducted));
        o->set("max", archive::format_points(i.max));
        items->add(o);
    }
    sheet->set("items", items);
    Array::Ptr rows = new Array;
    int errors = 0, warnings = 0;
    for (size_t k = 0; k < report.findings.size(); ++k) {
        const auto& f = report.findings[k];
        Object::Ptr o = new Object;
        o->set("index", static_cast<int>(k + 1));
        o->set("path", f.where.file);
        o->set("rule", f.rule);
        const auto four = archive::four_properties_of(f.rule);
        o->set("severity_words", severity_words(f.severity) + (four.empty() ? "" : "·" + four));
        o->set("message", f.message);
        o->set("points", archive::format_points(score.points[k]));
        o->set("item", score.item_of[k]);
        rows->add(o);
        errors += f.severity == core::Severity::error;
        warnings += f.severity == core::Severity::warning;
    }
    sheet->set("rows", rows);
    sheet->set("errors", errors);
    sheet->set("warnings", warnings);
    return sheet;
}

/// The summary and the sheet are never written into a tree they judge.
void refuse_inside(const std::filesystem::path& target, const std::filesystem::path& folder, const std::string& what) {
    std::error_code ec;
    const auto root = fs::weakly_canonical(fs::absolute(folder, ec), ec);
    const auto resolved = fs::weakly_canonical(fs::absolute(target, ec), ec);
    const auto rel = resolved.lexically_relative(root);
    if (!rel.empty() && *rel.begin() != "..")
        throw core::InputError(core::Location{target.string(), 0, 0, "", ""},
                               "位于被检查的文件夹 " + folder.string() + " 之内；请把" + what + "写到它之外");
}

/// The folders of `--branches`: the subfolders of a folder (hidden ones left out), or the lines of a
/// list file (relative to the list's folder; blank lines and lines starting with # skipped).
std::vector<std::filesystem::path> branch_folders(const std::filesystem::path& root) {
    namespace fs = std::filesystem;
    std::vector<fs::path> out;
    std::error_code ec;
    if (fs::is_regular_file(root, ec)) {
        std::istringstream lines(core::read_file(root));
        int number = 0;
        for (std::string line; std::getline(lines, line);) {
            ++number;
            while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
            if (line.empty() || line.front() == '#') continue;
            const fs::path folder = fs::u8path(line).is_absolute() ? fs::u8path(line) : root.parent_path() / fs::u8path(line);
            if (!fs::is_directory(folder, ec))
                throw core::InputError(core::Location{root.string(), number, 1, "", ""},
                                       "“" + line + "”不是文件夹：清单的每一行应是一个支部档案文件夹");
            out.push_back(folder);
        }
    } else if (fs::is_directory(root, ec)) {
        for (const auto& entry : fs::directory_iterator(root, ec))
            if (entry.is_directory(ec) && !entry.path().filename().string().starts_with("."))
                out.push_back(entry.path());
        std::sort(out.begin(), out.end());
    } else {
        throw core::InputError(core::Location{root.string(), 0, 0, "", ""}, "文件夹或支部清单文件不存在，请检查路径");
    }
    if (out.empty())
        throw core::InputError(core::Location{root.string(), 0, 0, "", ""},
                               "--branches：没有找到支部文件夹（请给出存放各支部档案文件夹的上级文件夹，或每行一个支部文件夹的清单文件）");
    return out;
}

/// The scoring items that cost the most, as "记录日期完整准确（3项，扣3分）".
std::vector<std::string> main_problems(const archive::Score& score) {
    std::vector<const archive::ItemScore*> items;
    for (const auto& i : score.items)
        if (i.deducted > 0) items.push_back(&i);
    std::stable_sort(items.begin(), items.end(), [](auto a, auto b) { return a->deducted > b->deducted; });
    std::vector<std::string> out;
    for (size_t k = 0; k < items.size() && k < 3; ++k)
        out.push_back(items[k]->name + "（" + std::to_string(items[k]->findings) + "项，扣" +
                      archive::format_points(items[k]->deducted) + "分）");
    return out;
}

ExitCode run_branches(const AuditRequest& request, const archive::AuditVocabulary& vocabulary,
                      const rules::RuleBook& book, const archive::AuditOptions& options, std::ostream& out,
                      std::ostream& err) {
    const auto scoring =
        archive::ScoringProfile::load(request.scoring.value_or(resource_root() / "profiles" / "audit" / "scoring.json"));
    const auto folders = branch_folders(request.root);
    // The summary file is never written into a tree it judges (each folder of a list file counts), nor
    // over a file dangan did not write; both are known before the walk.
    const auto target = request.xlsx ? request.xlsx : request.pdf;
    if (target) {
        refuse_inside(*target, request.root, "汇总");
        for (const auto& folder : folders) refuse_inside(*target, folder, "汇总");
        // The guard knows dangan's PDFs; a workbook passes its other checks (input, inside an archive) and
        // is replaced only when it is an earlier summary.
        guard_output(*target, make_guard({}, request.profile, request.force || request.xlsx));
        if (request.xlsx && !request.force && fs::exists(*target) && !workbook::written_by_write_tables(*target))
            throw core::InputError(core::Location{target->string(), 0, 0, "", ""},
                                   "已存在，且不是 dangan 写的汇总表；为免丢失，不覆盖。请换一个文件名，或确认可以覆盖后加 --force");
    }
    Array::Ptr branches = new Array;
    workbook::TableSheet summary_sheet{"汇总", {"支部", "错误", "警告", "提示", "得分", "等级", "主要问题"},
                                       {36, 7, 7, 7, 8, 9, 70}, {false, false, false, false, false, false, true}, {}};
    workbook::TableSheet detail_sheet{"问题明细", {"支部", "级别", "规则", "四性", "文件", "问题"},
                                      {36, 7, 24, 9, 48, 80}, {false, false, false, false, true, true}, {}};
    Array::Ptr summary_rows = new Array;   // the PDF's 汇总表
    std::vector<Object::Ptr> sheets;      // the PDF's 反馈单, one per branch
    std::ostringstream text, reports;
    text << "序号  支部  错误  警告  提示  得分  等级  主要问题\n";
    bool any_errors = false;
    std::map<std::string, int> four;  // 四性 → findings (errors and warnings)
    for (size_t k = 0; k < folders.size(); ++k) {
        archive::AuditOptions each = options;
        if (options.progress) {
            // "支部 2/5 某某支部：正在打开文档 [###...]" — which branch, then how far inside it.
            const std::string who = "支部 " + std::to_string(k + 1) + "/" + std::to_string(folders.size()) + " " +
                                    folders[k].filename().string() + "：";
            each.progress = [who, &options](const std::string& phase, size_t done, size_t total) {
                options.progress(who + phase, done, total);
            };
        }
        const auto report = archive::audit_tree(folders[k], vocabulary, book, each);
        const auto score = archive::score_findings(report.findings, scoring);
        int errors = 0, warnings = 0, infos = 0;
        for (const auto& f : report.findings) {
            errors += f.severity == core::Severity::error;
            warnings += f.severity == core::Severity::warning;
            infos += f.severity == core::Severity::info;
            if (f.severity != core::Severity::info) {
                const auto p = archive::four_properties_of(f.rule);
                if (!p.empty()) ++four[p];
            }
        }
        any_errors = any_errors || errors > 0;
        const std::string name = report.branch.name.empty() ? folders[k].filename().string() : report.branch.name;
        const auto problems = main_problems(score);
        Object::Ptr b = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        b->set("name", name);
        b->set("folder", folders[k].filename().string());
        b->set("kind", report.branch.kind);
        b->set("errors", errors);
        b->set("warnings", warnings);
        b->set("infos", infos);
        b->set("score", score.total);
        b->set("grade", score.grade);
        Array::Ptr p = new Array;
        for (const auto& m : problems) p->add(m);
        b->set("main_problems", p);
        b->set("records", report.records);
        b->set("dangan_items", report.dangan_items);
        branches->add(b);
        if (k > 0) reports << ",\n";
        reports << archive::audit_to_json(report);
        text << (k + 1) << "  " << name << "  " << errors << "  " << warnings << "  " << infos << "  "
             << archive::format_points(score.total) << "  " << score.grade << "  ";
        for (size_t i = 0; i < problems.size(); ++i) text << (i ? "；" : "") << problems[i];
        if (problems.empty()) text << "未发现问题";
        text << "\n";
        std::string joined;
        for (size_t i = 0; i < problems.size(); ++i) joined += (i ? "；" : "") + problems[i];
        if (joined.empty()) joined = "未发现问题";
        using workbook::TableCell;
        summary_sheet.rows.push_back({TableCell{name, {}}, TableCell{"", errors}, TableCell{"", warnings},
                                      TableCell{"", infos}, TableCell{"", score.total}, TableCell{score.grade, {}},
                                      TableCell{joined, {}}});
        for (const auto& f : report.findings)
            detail_sheet.rows.push_back({TableCell{name, {}}, TableCell{severity_words(f.severity), {}},
                                         TableCell{f.rule, {}}, TableCell{archive::four_properties_of(f.rule), {}},
                                         TableCell{core::escape_invalid_utf8(f.where.file), {}},
                                         TableCell{core::escape_invalid_utf8(f.message), {}}});
        if (request.pdf) {
            Object::Ptr row = new Object;
            row->set("index", static_cast<int>(k + 1));
            row->set("name", name);
            row->set("errors", errors);
            row->set("warnings", warnings);
            row->set("infos", infos);
            row->set("total", archive::format_points(score.total));
            row->set("grade", score.grade);
            row->set("problems", joined);
            summary_rows->add(row);
            sheets.push_back(sheet_data(folders[k], report, scoring, score, options.as_of));
        }
    }
    text << "\n四性检测（错误和警告）：";
    bool first = true;
    for (const char* p : {"真实性", "完整性", "可用性", "安全性"}) {
        text << (first ? "" : "，") << p << " " << four[p] << " 项";
        first = false;
    }
    text << "。\n共 " << folders.size() << " 个支部。\n";
    if (options.progress) options.progress("", 0, 0);  // wipe the progress line before the summary
    if (request.format == "json") {
        Object::Ptr sum(new Object(Poco::JSON_PRESERVE_KEY_ORDER));
        Object::Ptr props(new Object(Poco::JSON_PRESERVE_KEY_ORDER));
        for (const char* p : {"真实性", "完整性", "可用性", "安全性"}) props->set(p, four[p]);
        sum->set("branches", static_cast<int>(folders.size()));
        sum->set("four_properties", props);
        std::ostringstream head, tail;
        branches->stringify(head);
        sum->stringify(tail);
        // Each branch's full report (the single-branch JSON) follows in "reports", in the same order.
        out << "{\"branches\": " << head.str() << ",\n\"summary\": " << tail.str() << ",\n\"reports\": [\n"
            << reports.str() << "]}\n";
    } else {
        out << text.str();
    }
    if (request.xlsx) {
        workbook::TableProperties properties;
        properties.title = "党支部档案检查情况汇总";
        properties.comments = "dangan audit --branches 生成；检查日期 " + options.as_of.iso();
        // --deterministic: a fixed creation time, so the same folders give the same bytes.
        properties.created = request.deterministic ? 946684800 : 0;  // 2000-01-01T00:00:00Z
        workbook::write_tables(*request.xlsx, {summary_sheet, detail_sheet}, properties);
        err << core::tr("dangan: 已写出 " + request.xlsx->string() + "（" + std::to_string(folders.size()) + " 个支部，" +
                            std::to_string(detail_sheet.rows.size()) + " 项问题）",
                        "dangan: wrote " + request.xlsx->string() + " (" + std::to_string(folders.size()) + " branches, " +
                            std::to_string(detail_sheet.rows.size()) + " findings)")
            << "\n";
    }
    if (request.pdf) {
        Typesetter typesetter({request.template_dirs, request.deterministic});
        Object::Ptr summary = new Object;
        summary->set("title", "党支部档案检查情况汇总表");
        summary->set("as_of", options.as_of.iso());
        summary->set("count", static_cast<int>(folders.size()));
        summary->set("rows", summary_rows);
        Array::Ptr props = new Array;
        for (const char* p : {"真实性", "完整性", "可用性", "安全性"}) {
            Object::Ptr o = new Object;
            o->set("name", std::string(p));
            o->set("count", four[p]);
            props->add(o);
        }
        summary->set("four_properties", props);
        Object::Ptr scope = new Object;
        scope->set("summary", summary);
        auto table = typesetter.lay_out("audit_summary.tpl", scope, "检查情况汇总表");
        // One book: the 汇总表, then each branch's 反馈单 (each numbered on its own, 第1页 共N页), one
        // bookmark per part, as render binds a 会议记录本.
        layout::LaidOutDocument bound;
        bound.info = table.info;
        bound.info.created = request.deterministic ? Typesetter::fixed_created : "";
        auto append = [&](layout::LaidOutDocument& part, const std::string& bookmark) {
            for (auto& page : part.pages) page.bookmarks.clear();
            if (!part.pages.empty()) part.pages.front().bookmarks.push_back({bookmark, 0, part.pages.front().height});
            for (auto& page : part.pages) bound.pages.push_back(std::move(page));
            for (auto& d : part.diagnostics) bound.diagnostics.push_back(std::move(d));
        };
        append(table, "汇总表");
        for (size_t k = 0; k < sheets.size(); ++k) {
            Object::Ptr sheet_scope = new Object;
            sheet_scope->set("sheet", sheets[k]);
            const auto unit = sheets[k]->getValue<std::string>("unit");
            auto part = typesetter.lay_out("audit_feedback.tpl", sheet_scope, "检查情况反馈单 " + unit);
            append(part, std::to_string(k + 1) + " " + unit);
        }
        const size_t bytes = typesetter.write(bound, *request.pdf, err);
        err << core::tr("dangan: 已写出 " + request.pdf->string() + "（" + std::to_string(bound.pages.size()) + " 页，" +
                            std::to_string(folders.size()) + " 个支部，" + std::to_string(bytes / 1024) + " KB）",
                        "dangan: wrote " + request.pdf->string() + " (" + std::to_string(bound.pages.size()) + " pages, " +
                            std::to_string(folders.size()) + " branches, " + std::to_string(bytes / 1024) + " KB)")
            << "\n";
    }
    return any_errors ? ExitCode::findings : ExitCode::clean;
}

}  // namespace

ExitCode run_audit(const AuditRequest& request, std::ostream& out, std::ostream& err) {
    const auto book = rules::RuleBook::load(resource_root() / "profiles", request.profile);
    print_diagnostics(book.warnings(), err);
    const auto vocabulary = archive::AuditVocabulary::load(
        request.vocabulary.value_or(resource_root() / "profiles" / "audit" / "vocabulary.json"), book);
    // Read the scoring profile before the walk, so a broken one stops the run at once.
    std::optional<archive::ScoringProfile> scoring;
    if (request.pdf && !request.branches)
        scoring = archive::ScoringProfile::load(request.scoring.value_or(resource_root() / "profiles" / "audit" / "scoring.json"));
    if (request.pdf && !request.branches) {
        // The sheet is never written into the tree it judges (nor over a file dangan did not write).
        refuse_inside(*request.pdf, request.root, "反馈单");
        guard_output(*request.pdf, make_guard({}, request.profile, request.force));
    }
    archive::AuditOptions options;
    options.as_of = request.as_of.value_or(core::today());
    options.fast = request.fast;
    options.follow_links = request.follow_links;
    options.contents = request.contents;
    options.since = request.since;
    if (request.ocr && request.contents) {
        // Asked for and not possible: say so before the walk rather than audit without reading the scans.
        const auto why = inspect::ocr_unavailable();
        if (!why.empty()) throw core::InputError(core::Location{"--ocr", 0, 0, "", ""}, why);
        options.ocr = true;
    }
    // A progress line only for a person at a terminal reading the text report: never into JSON, a
    // pipe or a file (the line is on standard error, and wiped before anything else is written).
    ProgressLine progress(err, &err == &std::cerr && request.format == "text" && ProgressLine::on_terminal(2));
    if (progress.enabled() || request.progress)
        options.progress = [&progress, &request](const std::string& phase, size_t done, size_t total) {
            progress.update(phase, done, total);
            if (request.progress) request.progress(phase, done, total);
        };
    if (request.branches) {
        struct Wipe {  // the line goes before the summary is written, also when the run stops with an error
            ProgressLine& line;
            ~Wipe() { line.clear(); }
        } wipe{progress};
        return run_branches(request, vocabulary, book, options, out, err);
    }
    const auto report = archive::audit_tree(request.root, vocabulary, book, options);
    progress.clear();
    out << (request.format == "json" ? archive::audit_to_json(report) : archive::audit_to_text(report));
    if (request.timing)
        err << "dangan: audited " << report.files << " files in " << report.folders << " folders: walk "
            << static_cast<int>(report.walk_seconds * 1000) << " ms, total " << static_cast<int>(report.total_seconds * 1000)
            << " ms, " << report.hashed_bytes / (1024 * 1024) << " MB hashed\n";
    if (request.pdf) {
        const auto score = archive::score_findings(report.findings, *scoring);
        Object::Ptr scope = new Object;
        scope->set("sheet", sheet_data(request.root, report, *scoring, score, options.as_of));
        Typesetter typesetter({request.template_dirs, request.deterministic});
        const auto doc = typesetter.lay_out("audit_feedback.tpl", scope, "检查情况反馈单");
        const size_t bytes = typesetter.write(doc, *request.pdf, err);
        err << core::tr("dangan: 已写出 " + request.pdf->string() + "（" + std::to_string(doc.pages.size()) + " 页，" +
                            std::to_string(bytes / 1024) + " KB；得分 " + archive::format_points(score.total) + "）",
                        "dangan: wrote " + request.pdf->string() + " (" + std::to_string(doc.pages.size()) + " pages, " +
                            std::to_string(bytes / 1024) + " KB; score " + archive::format_points(score.total) + ")")
            << "\n";
    }
    return rules::has_errors(report.findings) ? ExitCode::findings : ExitCode::clean;
}

}  // namespace dangan::jobs
