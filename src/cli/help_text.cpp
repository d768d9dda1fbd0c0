#include "cli/help_text.hpp"

#include "core/messages.hpp"

#include <Poco/Util/Option.h>

#include <map>

namespace dangan::cli {

namespace {

const char* const usage_zh = R"(用法：dangan 命令 [选项] 参数…

命令：
  check DATA…        按日期和记录规则检查数据（文件夹，或 .json/.xlsx/.csv 文件）
  render DATA…       把会议记录排成编好号的 PDF 会议记录本（封面、归档文件目录、各条记录）；
                     默认每种会议每年一本，另加各种会议合订的一本，放在 out/ 里
  dossier DATA…      排印专题档案：发展党员纪实簿（每人一份 PDF）、换届选举档案、党费收缴台账
                     （见 docs/dossiers.md）
  remind DATA…       工作提醒表：到 --as-of 那天应办、逾期的事项（文本、json，或 --out 文件.pdf）
  archive DATA… --to DIR
                     把记录归入档案文件夹：一事一档，每件一个文件夹，内有 PDF、原始记录、附件和
                     SHA-256 清单，另有 SQLite 索引；件号一经分配不再改变；
                     --rebuild-index 按各件清单重建索引
  audit PATH         检查一个档案文件夹（手工整理的或 dangan 归档的）：日期、序列、编号、专题档案、
                     损坏或缺少的文件（见 docs/audit.md）
  workbook --out 台账.xlsx
                     生成一份空白台账工作簿（组织、花名册、会议、党费、发展、换届……），填好后
                     check、render、dossier、remind、archive 都能直接读 .xlsx 和 .csv
  export DATA… --out FILE.xlsx
                     把数据（JSON、工作簿或 CSV）导出成这种工作簿
  import MINUTES.docx… --out-dir DIR
                     读取 Word 会议记录（“会议记录”表格，或“标签：内容”段落），生成会议记录数据
                     供核对，并逐个文件说明哪些读懂了、哪些没读懂
  serve DATA         一个支部数据文件夹的网页版（在浏览器中打开 http://127.0.0.1:8080/）：
                     概况、会议及其表单、边填边查的问题、会议记录本 PDF
  serve --config server.json
                     机关工委的服务器：多个支部、账号和角色、总览（见 docs/web.md）
  account NAME --role secretary|inspector|admin [--branch ID] --config server.json
                     为该服务器添加或替换一个账号；密码从标准输入读取
  help               显示本帮助

退出码：0 未发现错误，1 有错误级别的问题，2 输入无法使用或用法有误。
数据格式、规则集和示例见 README.md。)";

const char* const usage_en = R"(usage: dangan COMMAND [OPTIONS] ARGS…

commands:
  check DATA…        check the record data (folders or .json files) against the date and record rules
  render DATA…       render the meeting records into numbered PDF ledgers (会议记录本: cover, 归档文件目录,
                     records); by default one book per meeting kind and year, plus one of all kinds, in out/
  dossier DATA…      render the dossiers: 发展党员纪实簿 (one PDF per person), 换届选举 dossier,
                     党费收缴台账 (docs/dossiers.md)
  remind DATA…       the 工作提醒表: what is due or overdue on --as-of (text, json, or --out FILE.pdf)
  archive DATA… --to DIR
                     file the records into an archive folder: one folder per matter (一事一档) with the PDF,
                     the source record, attachments and a SHA-256 manifest, plus an SQLite index; a 件号
                     once issued never changes; --rebuild-index rebuilds the index from the manifests
  audit PATH         audit an archive folder (hand-made or made by dangan): dates, series, numbering,
                     dossiers, damaged or missing files (see docs/audit.md)
  workbook --out 台账.xlsx
                     write a blank workbook to fill in (组织, 花名册, 会议, 党费, 发展, 换届 …); check,
                     render, dossier, remind and archive read .xlsx and .csv beside .json
  export DATA… --out FILE.xlsx
                     write the data (JSON, workbooks or CSV) as that workbook
  import MINUTES.docx… --out-dir DIR
                     read Word minutes (a 会议记录 table or 标签：内容 paragraphs) into meeting records
                     for review, reporting per file what was understood and what was not
  serve DATA         the web app for one branch's data folder (in the browser, at http://127.0.0.1:8080/):
                     overview, meetings with a form, findings as you type, the 会议记录本 as PDF
  serve --config server.json
                     the server of a 机关工委: many branches, accounts and roles, a dashboard (docs/web.md)
  account NAME --role secretary|inspector|admin [--branch ID] --config server.json
                     add or replace an account of that server; the password is read from standard input
  help               show this help

Exit codes: 0 no error found, 1 error-level findings, 2 unusable input or wrong usage.
See README.md for the data format, the rule-set profiles and examples.)";

// Keyed by the option's full name (DanganApp::defineOptions).
const std::map<std::string, std::string>& chinese_descriptions() {
    static const std::map<std::string, std::string> table = {
        {"help", "显示本帮助"},
        {"lang", "提示信息的语言：zh（中文，默认）或 en（English）"},
        {"format", "报告格式：text（默认）或 json；audit 还可以是 pdf，加 --branches 时可以是 xlsx（都要给 --out）"},
        {"as-of", "按哪一天检查（默认今天），如 2025-12-31"},
        {"profile", "规则集：profiles/ 里的一个名称，或一个 .json 文件"},
        {"out", "render：把一本记录本写到这个 PDF 文件"},
        {"out-dir", "render：把默认的几本记录本写到这个文件夹（默认 out）"},
        {"template", "render：每条记录用的模板（默认 meeting.tpl）"},
        {"templates", "render：自己的模板文件夹，先于自带模板查找"},
        {"kind", "render：只排这一种会议，如 支部委员会"},
        {"year", "render：只排这一年，或把几年合订成一本（2024-2026）"},
        {"all", "render：与 --out 一起用，把数据里每一年合订成一本（各年保留自己的档号）"},
        {"deterministic", "render：同样的输入得到完全相同的文件（固定日期和标识）"},
        {"allow-date-errors", "check 发现日期缺失、不完整或有误时也照样排印"},
        {"simplified", "render：把繁体字印成简体（黨員 → 党员）"},
        {"to", "archive：要新建或追加的档案文件夹"},
        {"fast", "audit：只核对归档文件在不在、大小对不对，不算 SHA-256"},
        {"vocabulary", "audit：名称词表文件（默认 profiles/audit/vocabulary.json）"},
        {"follow-links", "audit：跟随符号链接，也跟到文件夹外（每个文件夹只看一次）"},
        {"timing", "audit：显示遍历和计算校验值各用了多长时间"},
        {"scoring", "audit：检查情况反馈单的评分规则（默认 profiles/audit/scoring.json）"},
        {"names-only", "audit：只看文件名，不打开文件（不查损坏，不读文件里的日期）"},
        {"since", "audit：支部成立日期；此前不报会议间隔缺口"},
        {"branches", "audit：文件夹的每个子文件夹（或清单文件的每一行）是一个支部，给出汇总"},
        {"ocr", "audit：用文字识别读出扫描记录（.jpg/.png）里的日期（需要 tesseract-ocr、tesseract-ocr-chi-sim）"},
        {"only", "dossier：只排 development（发展）、election（换届）或 dues（党费）"},
        {"person", "dossier：只排这位申请人的发展党员纪实簿"},
        {"merge", "dossier：把各人的纪实簿合订成一个 PDF，带目录页"},
        {"within", "remind：往后看多久（默认 30d；也可写 2w、1m）"},
        {"port", "serve：端口（默认 8080；0 表示任选一个空闲端口）"},
        {"host", "serve：监听的地址（默认 127.0.0.1，只有本机能访问）"},
        {"config", "serve、account：多支部服务器的 server.json"},
        {"index", "serve DATA：把索引（档号、检查结果、评分）保存在这个 SQLite 文件里，下次启动接着用"},
        {"role", "account：secretary（支部书记）、inspector（检查人员）或 admin（管理员）"},
        {"branch", "account：支部书记所在的支部（server.json 中的编号）"},
        {"archive", "render、dossier：印上已有档案分配的档号；serve：归档和检查用的档案文件夹"},
        {"rebuild-index", "archive：按各件清单重建 index.sqlite（已分配的号不变）"},
        {"attachments-root", "archive：允许从数据文件夹以外的这个文件夹复制附件"},
        {"force", "render、dossier、remind、audit：允许 --out 覆盖不是 dangan 写的文件"},
    };
    return table;
}

}  // namespace

const char* usage_text() { return core::language() == core::Language::en ? usage_en : usage_zh; }

std::string chinese_option_description(const std::string& name) {
    const auto& table = chinese_descriptions();
    const auto it = table.find(name);
    return it == table.end() ? std::string() : it->second;
}

void write_help(std::ostream& out, const Poco::Util::OptionSet& options) {
    const bool english = core::language() == core::Language::en;
    out << usage_text() << "\n\n" << (english ? "options:" : "选项：") << "\n";
    for (const auto& option : options) {
        // The left column is ASCII only (names and argument placeholders), so bytes are columns.
        std::string left = "  ";
        left += option.shortName().empty() ? "    " : "-" + option.shortName() + ", ";
        left += "--" + option.fullName();
        if (option.takesArgument()) left += " " + option.argumentName();
        if (left.size() < 34) left.append(34 - left.size(), ' ');
        else left += "\n" + std::string(34, ' ');
        std::string description = english ? option.description() : chinese_option_description(option.fullName());
        if (description.empty()) description = option.description() + "（无中文说明）";
        out << left << description << "\n";
    }
}

}  // namespace dangan::cli
