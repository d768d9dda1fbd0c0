#include "cli/dangan_app.hpp"

#include "core/date.hpp"
#include "core/diagnostic.hpp"
#include "core/messages.hpp"
#include "jobs/check_job.hpp"
#include "jobs/dossier_job.hpp"
#include "jobs/remind_job.hpp"
#include "jobs/render_job.hpp"
// --- archive/audit (issue 5) ---
#include "jobs/archive_job.hpp"
#include "jobs/audit_job.hpp"
// --- end archive/audit ---
#include "server/server.hpp"
#include "jobs/workbook_job.hpp"  // workbook / export (issue 14)
#include "core/suggest.hpp"
#include "cli/help_text.hpp"

#include <unistd.h>

#include <Poco/Util/Option.h>
#include <Poco/Util/OptionCallback.h>
#include <Poco/Util/OptionException.h>

#include <cctype>
#include <iostream>
#include <map>
#include <set>

namespace dangan::cli {

namespace {

constexpr int exit_usage = 2;

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

std::string needs_data(const std::string& command) {
    return core::tr(command + " 要给数据文件夹或 .json/.xlsx/.csv 文件，如 dangan " + command + " samples/branch-2025",
                    command + " needs a data folder or .json files, e.g. dangan " + command + " samples/branch-2025");
}

/// Poco's option errors are English sentences ("Unknown option: foo"); said again in Chinese by their class.
std::string option_error(const Poco::Util::OptionException& e) {
    if (core::language() == core::Language::en) return e.displayText();
    const std::string what = e.message();
    if (dynamic_cast<const Poco::Util::UnknownOptionException*>(&e)) return "不认识的选项 " + what;
    if (dynamic_cast<const Poco::Util::AmbiguousOptionException*>(&e)) return "选项 " + what + " 不明确（可能指几个选项），请写全";
    if (dynamic_cast<const Poco::Util::MissingArgumentException*>(&e)) return "选项 " + what + " 后面缺少值";
    if (dynamic_cast<const Poco::Util::UnexpectedArgumentException*>(&e)) return "选项 " + what + " 不带值";
    if (dynamic_cast<const Poco::Util::DuplicateOptionException*>(&e)) return "选项 " + what + " 给了两次";
    return "选项有误：" + e.displayText();
}

}  // namespace

DanganApp::DanganApp() { setUnixOptions(true); }

void DanganApp::defineOptions(Poco::Util::OptionSet& options) {
    Application::defineOptions(options);
    auto add = [&](const char* name, const char* short_name, const char* description, const char* argument) {
        Poco::Util::Option option(name, short_name, description);
        option.required(false).repeatable(false);
        if (argument) option.argument(argument);
        option.callback(Poco::Util::OptionCallback<DanganApp>(this, &DanganApp::handle_option));
        options.addOption(option);
    };
    add("help", "h", "show this help", nullptr);
    add("lang", "", "the language of messages: zh (中文, the default) or en (English)", "zh|en");
    add("format", "f", "report format: text (default) or json; audit also pdf, and xlsx with --branches (both need --out)", "text|json|pdf|xlsx");
    add("as-of", "", "the date to check against (default: today), e.g. 2025-12-31", "DATE");
    add("profile", "p", "rule-set profile: an id in profiles/ or a .json file", "PROFILE");
    add("out", "o", "render: write one book to this PDF file", "FILE.pdf");
    add("out-dir", "d", "render: write the default set of books into this folder (default: out)", "DIR");
    add("template", "t", "render: the template for each record (default: meeting.tpl)", "NAME");
    add("templates", "", "render: a folder of your own templates, searched before the shipped ones", "DIR");
    add("kind", "k", "render: only this meeting kind, e.g. 支部委员会", "KIND");
    add("year", "y", "render: only this year, or a range of years bound into one book (2024-2026)", "YEAR");
    add("all", "", "render: with --out, one book of every year in the data (each year keeps its 档号)", nullptr);
    add("deterministic", "", "render: same input gives the same bytes (fixed dates and IDs)", nullptr);
    add("allow-date-errors", "", "render even when check finds missing, partial or wrong dates", nullptr);
    add("simplified", "", "render: print Traditional characters as Simplified (黨員 → 党员)", nullptr);
    // --- archive/audit (issue 5) ---
    add("to", "", "archive: the archive folder to create or add to", "DIR");
    add("fast", "", "audit: check that archived files are present with the right sizes, without SHA-256", nullptr);
    add("vocabulary", "", "audit: the names file (default profiles/audit/vocabulary.json)", "FILE");
    add("follow-links", "", "audit: follow symbolic links, also out of the folder (each folder once)", nullptr);
    add("timing", "", "audit: print how long the walk and the hashing took", nullptr);
    add("scoring", "", "audit: the scoring profile for the 检查情况反馈单 (default profiles/audit/scoring.json)", "FILE");
    add("names-only", "", "audit: judge names only, do not open the documents (no lint.corrupt, no dates inside)", nullptr);
    add("since", "", "audit: the branch's founding date; no cadence gap is reported before it", "DATE");
    add("branches", "", "audit: each subfolder of the folder (or each line of a list file) is one branch: a summary", nullptr);
    add("ocr", "", "audit: read the dates of scanned minutes (.jpg/.png) by OCR (needs tesseract-ocr, tesseract-ocr-chi-sim)", nullptr);
    // --- end archive/audit ---
    // dossier / remind (docs/dossiers.md)
    add("only", "", "dossier: only development, election or dues", "KIND");
    add("person", "", "dossier: only this applicant's 发展党员纪实簿", "NAME");
    add("merge", "", "dossier: bind the 纪实簿 into one PDF with a contents page", nullptr);
    add("within", "", "remind: look ahead this far (default 30d; also 2w, 1m)", "DAYS");
    // serve (docs/web.md)
    add("port", "", "serve: the port (default 8080; 0 picks a free one)", "PORT");
    add("host", "", "serve: the address to listen on (default 127.0.0.1, this computer only)", "ADDRESS");
    add("config", "", "serve, account: the multi-branch server's server.json", "FILE");
    add("role", "", "account: secretary (支部书记), inspector (检查人员) or admin (管理员)", "ROLE");
    add("branch", "", "account: the secretary's branch (an id of server.json)", "ID");
    add("index", "", "serve DATA: keep the index (档号, findings, scores) in this SQLite file between runs", "FILE");
    // --- numbering and containment (issue 11, docs/numbering.md) ---
    add("archive", "", "render, dossier: print the 档号 an existing archive has issued; serve: the archive to file into and audit", "DIR");
    add("rebuild-index", "", "archive: build index.sqlite again from the manifests (issued numbers kept)", nullptr);
    add("attachments-root", "", "archive: a folder outside the data folder attachments may be copied from", "DIR");
    add("force", "", "render, dossier, remind, audit: let --out replace a file dangan did not write", nullptr);
    // --- end numbering and containment ---
}

void DanganApp::handle_option(const std::string& name, const std::string& value) { values_[name] = value; }

void DanganApp::print_help() const { write_help(std::cout, options()); }

int DanganApp::main(const std::vector<std::string>& args) {
    // Poco's Application::run would turn an escaping exception into its own exit code (70):
    // every failure is mapped here, in one place, to dangan's codes.
    try {
        return run_command(args);
    } catch (const core::InputError& e) {
        std::cerr << "dangan: " << e.what() << "\n";
    } catch (const UsageError& e) {
        std::cerr << "dangan: " << e.what() << "\n" << core::tr("（运行 dangan help 查看用法）", "(run 'dangan help' for usage)") << "\n";
    } catch (const Poco::Exception& e) {
        std::cerr << "dangan: " << e.displayText() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "dangan: internal error: " << e.what() << "\n";
    }
    return exit_usage;
}

// An option the command does not use must not be silently ignored (`audit --year 2025` would look like
// it audited 2025). Only options named in this table are judged: one added later and not listed here is
// let through rather than refused.
void DanganApp::reject_unused_options(const std::string& command) const {
    static const std::map<std::string, std::set<std::string>> uses = {
        {"check", {"lang", "format", "as-of", "profile"}},
        {"render", {"lang", "as-of", "profile", "out", "out-dir", "template", "templates", "kind", "year", "deterministic",
                    "allow-date-errors", "simplified", "archive", "force", "all"}},
        {"dossier", {"lang", "as-of", "profile", "out", "out-dir", "only", "person", "merge", "templates", "deterministic",
                     "archive", "force"}},
        {"remind", {"lang", "as-of", "profile", "format", "within", "out", "templates", "deterministic", "force"}},
        {"audit", {"lang", "as-of", "profile", "format", "fast", "follow-links", "vocabulary", "timing", "out", "scoring",
                   "templates", "deterministic", "force", "names-only", "since", "branches", "ocr"}},
        {"archive", {"lang", "to", "as-of", "profile", "format", "template", "templates", "deterministic", "rebuild-index",
                     "attachments-root"}},
        {"serve", {"lang", "as-of", "profile", "templates", "deterministic", "port", "host", "config", "archive", "index"}},
        {"account", {"lang", "config", "role", "branch"}},
        {"workbook", {"lang", "out", "profile"}},
        {"export", {"lang", "out", "profile"}},
        {"import", {"lang", "out-dir", "out"}},
    };
    const auto it = uses.find(command);
    if (it == uses.end()) return;
    std::set<std::string> judged;
    for (const auto& [name, options] : uses) judged.insert(options.begin(), options.end());
    for (const auto& [name, value] : values_) {
        if (name == "help" || !judged.count(name) || it->second.count(name)) continue;
        std::string list;
        for (const auto& option : it->second) list += (list.empty() ? "--" : ", --") + option;
        throw UsageError(core::tr(command + " 命令不用 --" + name + " 选项；它的选项是 " + list,
                                  command + " does not use --" + name + "; its options are " + list));
    }
}

int DanganApp::run_command(const std::vector<std::string>& args) {
    // --lang first: every message after this, usage errors included, is in the chosen language.
    if (values_.count("lang")) {
        core::Language language;
        if (!core::parse_language(values_["lang"], language))
            throw UsageError("--lang: zh（中文）或 en（English），不认识“" + values_["lang"] + "” / expected zh or en, not '" +
                             values_["lang"] + "'");
        core::set_language(language);
    }
    if (values_.count("help") || args.empty() || args[0] == "help") {
        print_help();
        return args.empty() && !values_.count("help") ? exit_usage : 0;
    }
    const std::string command = args[0];
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    reject_unused_options(command);

    std::optional<core::PartialDate> as_of;
    if (values_.count("as-of")) {
        try {
            as_of = core::parse_date(values_["as-of"]);
        } catch (const core::DateError& e) {
            throw UsageError(std::string("--as-of: ") + e.what());
        }
        if (!as_of->is_full()) throw UsageError(core::tr("--as-of 要写完整的日期，如 2025-12-31", "--as-of needs a full date such as 2025-12-31"));
        if (as_of->year < core::min_supported_year || as_of->year > core::max_supported_year)
            throw UsageError("--as-of: " + as_of->iso() + " 超出支持的年份范围 " + std::to_string(core::min_supported_year) +
                             "–" + std::to_string(core::max_supported_year) + "，请给出这一范围内的日期（如 2025-12-31）");
    }
    const std::string format = values_.count("format") ? values_["format"] : "text";
    // audit also takes "pdf": the 检查情况反馈单 (written to --out), with the text report on standard output,
    // and with --branches "xlsx": the 工委's summary workbook.
    if (format != "text" && format != "json" && !((format == "pdf" || format == "xlsx") && command == "audit"))
        throw UsageError(core::tr("--format 只能是 text 或 json" + std::string(command == "audit" ? "（audit 还可以是 pdf 或 xlsx）" : "") +
                                      "，不能是“" + format + "”",
                                  "--format must be text or json" + std::string(command == "audit" ? " or pdf or xlsx" : "") +
                                      ", not '" + format + "'"));

    if (command == "check") {
        if (rest.empty()) throw UsageError(needs_data("check"));
        jobs::CheckRequest request;
        request.inputs.assign(rest.begin(), rest.end());
        if (values_.count("profile")) request.profile = values_["profile"];
        request.as_of = as_of;
        request.format = format;
        return static_cast<int>(jobs::run_check(request, std::cout, std::cerr));
    }
    if (command == "render") {
        if (rest.empty()) throw UsageError(needs_data("render"));
        jobs::RenderRequest request;
        request.inputs.assign(rest.begin(), rest.end());
        if (values_.count("profile")) request.profile = values_["profile"];
        request.as_of = as_of;
        if (values_.count("out")) request.out = values_["out"];
        if (values_.count("out-dir")) request.out_dir = values_["out-dir"];
        if (request.out && request.out_dir) throw UsageError(core::tr("--out 和 --out-dir 只能给一个", "give --out or --out-dir, not both"));
        if (values_.count("template")) request.record_template = values_["template"];
        if (values_.count("templates")) request.template_dirs.push_back(values_["templates"]);
        if (values_.count("kind")) request.kind = values_["kind"];
        if (values_.count("year")) {
            // 2025, or a range 2024-2026 (also with – or —) bound into one book.
            const std::string text = values_["year"];
            size_t used = 0;
            try {
                request.year = std::stoi(text, &used);
                std::string after_year = text.substr(used);
                for (const char* dash : {"-", "–", "—", "至"})
                    if (after_year.rfind(dash, 0) == 0) {
                        after_year = after_year.substr(std::string(dash).size());
                        size_t used2 = 0;
                        request.last_year = std::stoi(after_year, &used2);
                        after_year = after_year.substr(used2);
                        break;
                    }
                if (!after_year.empty()) throw std::invalid_argument(text);
            } catch (const std::exception&) {
                throw UsageError(core::tr("--year 要写年份，如 2025，或年份范围，如 2024-2026，不能是“" + text + "”",
                                          "--year needs a year such as 2025 or a range such as 2024-2026, not '" + text + "'"));
            }
            if (request.last_year && *request.last_year < *request.year)
                throw UsageError(core::tr("--year " + text + "：范围的结束年份早于开始年份，请写成 2024-2026 这样",
                                      "--year " + text + ": the range ends before it starts; write it as 2024-2026"));
        }
        request.all_years = values_.count("all") > 0;
        if (request.all_years && values_.count("year")) throw UsageError(core::tr("--year 和 --all 只能给一个", "give --year or --all, not both"));
        request.deterministic = values_.count("deterministic") > 0;
        request.allow_date_errors = values_.count("allow-date-errors") > 0;
        request.simplified = values_.count("simplified") > 0;
        request.progress = ::isatty(2);
        if (values_.count("archive")) request.archive = values_["archive"];
        request.force = values_.count("force") > 0;
        return static_cast<int>(jobs::run_render(request, std::cout, std::cerr));
    }
    // ---- dossier and remind (docs/dossiers.md) ----
    if (command == "dossier") {
        if (rest.empty()) throw UsageError(needs_data("dossier"));
        jobs::DossierRequest request;
        request.inputs.assign(rest.begin(), rest.end());
        if (values_.count("profile")) request.profile = values_["profile"];
        request.as_of = as_of;
        if (values_.count("out")) request.out = values_["out"];
        if (values_.count("out-dir")) request.out_dir = values_["out-dir"];
        if (request.out && values_.count("out-dir")) throw UsageError(core::tr("--out 和 --out-dir 只能给一个", "give --out or --out-dir, not both"));
        if (values_.count("only")) request.only = values_["only"];
        if (values_.count("person")) request.person = values_["person"];
        request.merge = values_.count("merge") > 0;
        if (values_.count("templates")) request.template_dirs.push_back(values_["templates"]);
        request.deterministic = values_.count("deterministic") > 0;
        if (values_.count("archive")) request.archive = values_["archive"];
        request.force = values_.count("force") > 0;
        return static_cast<int>(jobs::run_dossier(request, std::cout, std::cerr));
    }
    if (command == "remind") {
        if (rest.empty()) throw UsageError(needs_data("remind"));
        jobs::RemindRequest request;
        request.inputs.assign(rest.begin(), rest.end());
        if (values_.count("profile")) request.profile = values_["profile"];
        request.as_of = as_of;
        request.format = format;
        if (values_.count("within")) {
            try {
                request.within_days = jobs::parse_within(values_["within"]);
            } catch (const core::InputError& e) {
                throw UsageError(e.what());
            }
        }
        if (values_.count("out")) request.pdf = values_["out"];
        if (values_.count("templates")) request.template_dirs.push_back(values_["templates"]);
        request.deterministic = values_.count("deterministic") > 0;
        request.force = values_.count("force") > 0;
        return static_cast<int>(jobs::run_remind(request, std::cout, std::cerr));
    }
    // --- archive/audit (issue 5) ---
    if (command == "audit") {
        if (rest.size() != 1) throw UsageError(core::tr("audit 要给一个文件夹，如 dangan audit 党建档案/", "audit needs one folder, e.g. dangan audit 党建档案/"));
        jobs::AuditRequest request;
        request.root = rest.front();
        if (values_.count("profile")) request.profile = values_["profile"];
        request.as_of = as_of;
        request.format = format;
        request.fast = values_.count("fast") > 0;
        request.follow_links = values_.count("follow-links") > 0;
        if (values_.count("vocabulary")) request.vocabulary = values_["vocabulary"];
        request.timing = values_.count("timing") > 0;
        request.contents = values_.count("names-only") == 0;
        request.branches = values_.count("branches") > 0;
        request.ocr = values_.count("ocr") > 0;
        if (values_.count("since")) {
            const auto since = core::try_parse_date(values_["since"]);
            if (!since || !since->is_full())
                throw UsageError(core::tr("--since 要写完整的日期，如 2023-09-01，不能是“" + values_["since"] + "”",
                                          "--since needs a full date such as 2023-09-01, not '" + values_["since"] + "'"));
            request.since = since;
        }
        // --out FILE.pdf: also write the 检查情况反馈单 (the report still goes to standard output).
        if (values_.count("out")) request.pdf = values_["out"];
        if (values_.count("scoring")) request.scoring = values_["scoring"];
        if (values_.count("scoring") && !request.pdf && !request.branches)
            throw UsageError(core::tr("--scoring 用于检查情况反馈单；请加上 --out 文件.pdf", "--scoring is for the feedback sheet; add --out FILE.pdf"));
        if (format == "xlsx" && !request.branches)
            throw UsageError(core::tr("--format xlsx 写的是多个支部的汇总：请加上 --branches，如 "
                                      "dangan audit 各支部/ --branches --format xlsx --out 汇总.xlsx",
                                      "--format xlsx writes the summary of many branches: add --branches, e.g. "
                                      "dangan audit 各支部/ --branches --format xlsx --out 汇总.xlsx"));
        if (format == "pdf" && !request.pdf)
            throw UsageError(request.branches ? core::tr("--format pdf 写汇总表和各支部的反馈单：请用 --out 汇总.pdf 给出文件名",
                                                         "--format pdf writes the 汇总表 and each branch's 反馈单: name the file with --out 汇总.pdf")
                                              : core::tr("--format pdf 写检查情况反馈单：请用 --out 文件.pdf 给出文件名",
                                                         "--format pdf writes the 检查情况反馈单: name the file with --out FILE.pdf"));
        if (format == "xlsx" && !request.pdf)
            throw UsageError(core::tr("--format xlsx 写汇总工作簿：请用 --out 汇总.xlsx 给出文件名",
                                      "--format xlsx writes the summary workbook: name the file with --out 汇总.xlsx"));
        if (request.pdf) {
            // --out's extension says what is written (with --branches .xlsx is the workbook); it must agree
            // with --format pdf/xlsx when that is given.
            std::string ext = request.pdf->extension().string();
            for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            const std::string expected = format == "xlsx" || format == "pdf" ? "." + format
                                         : request.branches && ext == ".xlsx" ? ".xlsx" : ".pdf";
            if (ext != expected)
                throw UsageError(core::tr("--out 应为 " + expected + " 文件" +
                                              (format == "pdf" || format == "xlsx" ? "（--format " + format + "）" : std::string()) +
                                              "，不能是“" + request.pdf->string() + "”",
                                          "--out must name a " + expected + " file" +
                                              (format == "pdf" || format == "xlsx" ? " for --format " + format : std::string()) +
                                              ", not '" + request.pdf->string() + "'"));
            if (expected == ".xlsx") {
                request.xlsx = request.pdf;
                request.pdf.reset();
            }
        }
        if (format == "pdf" || format == "xlsx") request.format = "text";
        if (values_.count("templates")) request.template_dirs.push_back(values_["templates"]);
        request.deterministic = values_.count("deterministic") > 0;
        request.force = values_.count("force") > 0;
        return static_cast<int>(jobs::run_audit(request, std::cout, std::cerr));
    }
    if (command == "archive") {
        if (rest.empty() && !values_.count("rebuild-index"))
            throw UsageError(core::tr("archive 要给数据文件夹或 .json 文件，如 dangan archive samples/branch-2025 --to 档案",
                                      "archive needs a data folder or .json files, e.g. dangan archive samples/branch-2025 --to 档案"));
        if (!values_.count("to"))
            throw UsageError(core::tr("archive 要用 --to 给出档案文件夹（新建或追加）", "archive needs --to DIR, the archive folder to create or add to"));
        jobs::ArchiveRequest request;
        request.inputs.assign(rest.begin(), rest.end());
        request.to = values_["to"];
        if (values_.count("profile")) request.profile = values_["profile"];
        request.as_of = as_of;
        request.format = format;
        if (values_.count("template")) request.record_template = values_["template"];
        if (values_.count("templates")) request.template_dirs.push_back(values_["templates"]);
        request.deterministic = values_.count("deterministic") > 0;
        request.rebuild_index = values_.count("rebuild-index") > 0;
        if (values_.count("attachments-root")) request.attachments_root = values_["attachments-root"];
        return static_cast<int>(jobs::run_archive(request, std::cout, std::cerr));
    }
    // --- end archive/audit ---
    // ---- workbook / export (issue 14) ----
    if (command == "workbook" || command == "export") {
        if (!values_.count("out"))
            throw UsageError(core::tr(command + " 要用 --out 给出 .xlsx 文件，如 dangan " + command +
                                          (command == "export" ? " samples/branch-2025" : "") + " --out 台账.xlsx",
                                      command + " needs --out FILE.xlsx, e.g. dangan " + command +
                                          (command == "export" ? " samples/branch-2025" : "") + " --out 台账.xlsx"));
        if (command == "export" && rest.empty())
            throw UsageError(core::tr("export 要给数据文件夹或文件，如 dangan export samples/branch-2025 --out 台账.xlsx",
                                      "export needs a data folder or files, e.g. dangan export samples/branch-2025 --out 台账.xlsx"));
        if (command == "workbook" && !rest.empty())
            throw UsageError(core::tr("workbook 不读数据；要把数据写成工作簿请用 dangan export 数据 --out 文件.xlsx",
                                      "workbook takes no data; to write data as a workbook use dangan export DATA --out FILE.xlsx"));
        jobs::WorkbookRequest request;
        request.inputs.assign(rest.begin(), rest.end());
        request.out = values_["out"];
        if (request.out.extension() != ".xlsx")
            throw UsageError(core::tr("--out 应为 .xlsx 文件，不能是“" + request.out.string() + "”",
                                      "--out must name a .xlsx file, not '" + request.out.string() + "'"));
        if (values_.count("profile")) request.profile = values_["profile"];
        return static_cast<int>(jobs::run_workbook(request, std::cout, std::cerr));
    }
    if (command == "import") {
        if (rest.empty())
            throw UsageError(core::tr("import 要给 .docx 文件，如 dangan import 会议记录.docx --out-dir 导入",
                                      "import needs .docx files, e.g. dangan import 会议记录.docx --out-dir 导入"));
        // --out DIR (as the issue writes it) or --out-dir DIR: the folder for the meeting records.
        if (!values_.count("out-dir") && !values_.count("out"))
            throw UsageError(core::tr("import 要用 --out 文件夹（或 --out-dir 文件夹）给出放会议记录的文件夹",
                                      "import needs --out DIR (or --out-dir DIR), the folder for the meeting records"));
        jobs::ImportRequest request;
        request.inputs.assign(rest.begin(), rest.end());
        request.out_dir = values_.count("out-dir") ? values_["out-dir"] : values_["out"];
        return static_cast<int>(jobs::run_import(request, std::cout, std::cerr));
    }
    if (command == "account") {
        if (rest.size() != 1 || !values_.count("config") || !values_.count("role"))
            throw UsageError(core::tr("account 要给账号名、--role 和 --config，如 dangan account wang --role secretary "
                                      "--branch jc2 --config server.json（密码从标准输入读取）",
                                      "account needs a name, --role and --config, e.g. dangan account wang --role secretary "
                                      "--branch jc2 --config server.json (the password is read from standard input)"));
        return server::add_account_command(values_["config"], rest.front(), values_["role"],
                                           values_.count("branch") ? values_["branch"] : "", std::cin, std::cout, std::cerr);
    }
    if (command == "serve") {
        server::ServeOptions options;
        if (values_.count("config")) {
            if (!rest.empty())
                throw UsageError(core::tr("serve --config 不要再给数据文件夹：各支部写在配置文件里",
                                          "serve --config takes no data folder: the branches are in the config file"));
            options.config = values_["config"];
        } else if (rest.size() != 1) {
            throw UsageError(core::tr("serve 要给一个数据文件夹，如 dangan serve samples/branch-2025，或 --config server.json",
                                      "serve needs one data folder, e.g. dangan serve samples/branch-2025, or --config server.json"));
        } else {
            options.app.data = rest.front();
        }
        if (values_.count("profile")) options.app.profile = values_["profile"];
        options.app.as_of = as_of;
        if (values_.count("templates")) options.app.template_dirs.push_back(values_["templates"]);
        options.app.deterministic = values_.count("deterministic") > 0;
        if (values_.count("archive")) {
            if (values_.count("config")) throw UsageError(core::tr("serve --config 时不用 --archive：请在 server.json 里给每个支部写上它的档案文件夹（\"archive\"）",
                                                               "serve --config: give each branch's archive in server.json (\"archive\"), not --archive"));
            options.app.archive = values_["archive"];
        }
        if (values_.count("index")) {
            if (values_.count("config"))
                throw UsageError(core::tr("serve --config：索引在 server.json 的数据库里，不用 --index",
                                          "serve --config keeps its index in server.json's database; --index is for serve DATA"));
            options.index = values_["index"];
        }
        if (values_.count("host")) options.host = values_["host"];
        if (values_.count("port")) {
            try {
                size_t used = 0;
                options.port = std::stoi(values_["port"], &used);
                if (used != values_["port"].size() || options.port < 0 || options.port > 65535) throw std::out_of_range("port");
            } catch (const std::exception&) {
                throw UsageError(core::tr("--port 要写 0 到 65535 的端口号，不能是“" + values_["port"] + "”",
                                          "--port needs a port number from 0 to 65535, not '" + values_["port"] + "'"));
            }
        }
        return server::serve(options, std::cout, std::cerr);
    }
    static const std::vector<std::string> commands = {"check", "render", "dossier", "remind", "archive", "audit", "workbook",
                                                       "export", "import", "serve", "account", "help"};
    const auto close = core::closest_name(command, commands);
    throw UsageError(core::tr("不认识的命令“" + command + "”" + (close ? "，是不是 " + *close + "？" : "；") +
                                  "可用的命令是 check、render、dossier、remind、archive、audit、workbook、export、import、serve、account、help",
                              "unknown command '" + command + "'" + (close ? "; did you mean " + *close + "?" : "") +
                                  "; expected check, render, dossier, remind, archive, audit, workbook, export, import, serve, account or help"));
}

int run(int argc, char** argv) {
    try {
        DanganApp app;
        app.init(argc, argv);
        return app.run();
    } catch (const core::InputError& e) {
        std::cerr << "dangan: " << e.what() << "\n";
        return 2;
    } catch (const UsageError& e) {
        std::cerr << "dangan: " << e.what() << "\n" << core::tr("（运行 dangan help 查看用法）", "(run 'dangan help' for usage)") << "\n";
        return exit_usage;
    } catch (const Poco::Util::OptionException& e) {
        std::cerr << "dangan: " << option_error(e) << "\n" << core::tr("（运行 dangan help 查看用法）", "(run 'dangan help' for usage)") << "\n";
        return exit_usage;
    } catch (const Poco::Exception& e) {
        std::cerr << "dangan: " << e.displayText() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "dangan: internal error: " << e.what() << "\n";
        return 2;
    }
}

}  // namespace dangan::cli
