// The name rules of `audit` over a synthetic hand-made archive built by the test: every date form,
// series, number prefix, dossier and lint, with exactly the expected findings (no more, no less).
#include "archive/audit.hpp"
#include "core/unicode_text.hpp"

#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"
#include "archive_helpers.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <tuple>

namespace fs = std::filesystem;
using namespace dangan;

using dangan::testing::shipped_book;
using dangan::testing::shipped_vocabulary;
using dangan::testing::TempDir;

namespace {

void file(const fs::path& root, const std::string& rel, const std::string& bytes = "内容") {
    const fs::path p = root / fs::u8path(rel);
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
}

archive::AuditReport audit_hand_made(const fs::path& root, const std::string& as_of = "2025-06-30") {
    archive::AuditOptions options;
    options.as_of = core::parse_date(as_of);
    options.contents = false;  // the files hold a word, not a real document (tests of the contents: test_audit_contents)
    return archive::audit_tree(root, shipped_vocabulary(), shipped_book(), options);
}

using Key = std::tuple<std::string, std::string, std::string>;  // rule, path, record or period

std::multiset<Key> finding_keys(const archive::AuditReport& report) {
    std::multiset<Key> out;
    for (const auto& f : report.findings)
        out.insert({f.rule, f.where.file, f.period.empty() ? f.where.record : f.period});
    return out;
}

/// The hand-made branch archive: one case per name form and per rule.
void build_hand_made(const fs::path& r) {
    // Series 支部委员会, number prefixes 01_ … 05_, five date forms; 4 missing, 5 twice, 03-20 after 04-10.
    file(r, "2025/支委会/01_2025-01-10_支委会会议记录.docx");
    file(r, "2025/支委会/02_2025.2.14 支委会.docx");
    file(r, "2025/支委会/03_20250410支委会.pdf");
    file(r, "2025/支委会/05_2025_03_20_支委会.docx");
    file(r, "2025/支委会/05_2025年5月15日支委会纪要.docx");
    file(r, "2025/支委会/Thumbs.db");
    file(r, "2025/支委会/~$支委会会议记录.docx");
    file(r, "2025/.DS_Store");
    // A month folder (year from the parent): 3月15日 is consistent, 2025-04-02 is not.
    file(r, "2025/3月/3月15日党课.docx");
    file(r, "2025/3月/2025-04-02党课.docx");
    // 党员大会: Chinese numerals, full-width digits, a quarter, Q1, an impossible date.
    file(r, "2025/党员大会/二〇二五年三月十五日党员大会记录.docx");
    file(r, "2025/党员大会/２０２５年５月８日党员大会.docx");
    file(r, "2025/党员大会/党员大会记录（第一季度）.docx");
    file(r, "2025/党员大会/Q1党员大会汇总.docx");
    file(r, "2025/党员大会/2025年2月30日党员大会.docx");
    // 主题党日: a month, a half-year, a year only (from the folder), one full date.
    file(r, "2025/主题党日/2025年1月主题党日.docx");
    file(r, "2025/主题党日/上半年主题党日总结.docx");
    file(r, "2025/主题党日/2025-03-28 主题党日.docx");
    file(r, "2025/主题党日/主题党日活动.docx");
    // Prefixes (3) / （3） and 第3次 / 第三次.
    file(r, "2025/党课/（1）2025-02-20党课.docx");
    file(r, "2025/党课/（2）2025-05-20党课.docx");
    file(r, "2025/党课/(3)2025-06-10党课.docx");
    file(r, "2025/理论学习/第1次理论学习_2025-01-15.docx");
    file(r, "2025/理论学习/第三次理论学习_2025-03-15.docx");
    // Placeholders and lints.
    fs::create_directories(r / fs::u8path("2025/新建文件夹"));
    file(r, "2025/其他材料/会议通知 - 副本.txt");
    file(r, "2025/其他材料/XX同志谈话提纲.docx");
    file(r, "2025/其他材料/空白.txt", "");
    file(r, "2025/其他材料/会议纪要1.txt");
    file(r, "2025/其他材料/会议纪要１.txt");
    file(r, "2025/其他材料/cafe\xcc\x81.txt");  // NFD
    file(r, "2025/其他材料/caf\xc3\xa9.txt");   // NFC
    fs::create_directory_symlink("../../..", r / fs::u8path("2025/其他材料/外部链接"));
    // Outside the year folder: no date at all, and a date after the audit date.
    file(r, "会议记录/支委会会议记录.docx");
    file(r, "会议记录/2025-08-01党课.docx");
    // 换届 dossier: 批复 dated before 请示, no 选举 document.
    file(r, "2024换届选举/2024-01-05关于换届选举的请示.docx");
    file(r, "2024换届选举/2024-01-03换届选举批复.pdf");
    file(r, "2024换届选举/2024-03-01选举结果报告.docx");
    // 发展 dossier: 谈话 more than a month after the 申请书, 发展对象 less than a year after 积极分子,
    // 培养联系人 and 培养教育考察 missing although 确定发展对象 is there.
    file(r, "发展党员/张三/01_入党申请书_2023-03-01.pdf");
    file(r, "发展党员/张三/02_谈话记录_2023-04-15.pdf");
    file(r, "发展党员/张三/03_确定入党积极分子_2023-06-01.pdf");
    file(r, "发展党员/张三/04_确定发展对象_2024-03-01.pdf");
}

}  // namespace

TEST_CASE("audit of a hand-made tree gives exactly the expected findings", "[audit]") {
    TempDir tmp{"audit"};
    build_hand_made(tmp.path);
    std::multiset<Key> expected{
        {"lint.junk", "2025/.DS_Store", ""},
        {"lint.junk", "2025/支委会/Thumbs.db", ""},
        {"lint.junk", "2025/支委会/~$支委会会议记录.docx", ""},
        {"number.gap", "2025/支委会/05_2025_03_20_支委会.docx", ""},
        {"date.order", "2025/支委会/05_2025_03_20_支委会.docx", ""},
        {"number.duplicate", "2025/支委会/05_2025年5月15日支委会纪要.docx", ""},
        {"date.inconsistent", "2025/3月/2025-04-02党课.docx", ""},
        {"date.partial", "2025/党员大会/党员大会记录（第一季度）.docx", ""},
        {"date.partial", "2025/党员大会/Q1党员大会汇总.docx", ""},
        {"date.invalid", "2025/党员大会/2025年2月30日党员大会.docx", ""},
        {"date.partial", "2025/主题党日/2025年1月主题党日.docx", ""},
        {"date.partial", "2025/主题党日/上半年主题党日总结.docx", ""},
        {"date.partial", "2025/主题党日/主题党日活动.docx", ""},
        {"number.gap", "2025/理论学习/第三次理论学习_2025-03-15.docx", ""},
        {"content.placeholder", "2025/新建文件夹", ""},
        {"content.placeholder", "2025/其他材料/会议通知 - 副本.txt", ""},
        {"content.placeholder", "2025/其他材料/XX同志谈话提纲.docx", ""},
        {"lint.empty", "2025/其他材料/空白.txt", ""},
        {"lint.normalization", "2025/其他材料/会议纪要１.txt", ""},
        {"lint.normalization", "2025/其他材料/caf\xc3\xa9.txt", ""},
        {"lint.symlink", "2025/其他材料/外部链接", ""},
        {"date.missing", "会议记录/支委会会议记录.docx", ""},
        {"date.future", "会议记录/2025-08-01党课.docx", ""},
        {"workflow.order", "2024换届选举/2024-01-03换届选举批复.pdf", "2024换届选举"},
        {"workflow.missing", "2024换届选举", "2024换届选举"},                              // no 选举
        {"workflow.missing", "2024换届选举/2024-03-01选举结果报告.docx", "2024换届选举"},  // its 批复
        {"workflow.interval", "发展党员/张三/02_谈话记录_2023-04-15.pdf", "张三"},
        {"workflow.interval", "发展党员/张三/04_确定发展对象_2024-03-01.pdf", "张三"},
        {"workflow.missing", "发展党员/张三", "张三"},
        {"workflow.missing", "发展党员/张三", "张三"},
        {"cadence.gap", "", "2025-06"},  // 支部委员会
        {"cadence.gap", "", "2025-02"},  // 主题党日 …
        {"cadence.gap", "", "2025-04"},
        {"cadence.gap", "", "2025-05"},
        {"cadence.gap", "", "2025-06"},
    };
    if (::geteuid() != 0) {  // root reads everything: the permission case needs an ordinary user
        file(tmp.path, "会议记录/锁定.txt");
        fs::permissions(tmp.path / fs::u8path("会议记录/锁定.txt"), fs::perms::none);
        expected.insert({"lint.unreadable", "会议记录/锁定.txt", ""});
    }
    const auto report = audit_hand_made(tmp.path);
    const auto got = finding_keys(report);
    for (const auto& k : got)
        if (!expected.count(k) || got.count(k) > expected.count(k))
            UNSCOPED_INFO("unexpected: " << std::get<0>(k) << " " << std::get<1>(k) << " " << std::get<2>(k));
    for (const auto& k : expected)
        if (got.count(k) < expected.count(k))
            UNSCOPED_INFO("missing: " << std::get<0>(k) << " " << std::get<1>(k) << " " << std::get<2>(k));
    CHECK(got == expected);

    // Which series each cadence gap concerns, and the exit-code relevant severity split.
    std::multiset<std::string> gaps;
    for (const auto& f : report.findings)
        if (f.rule == "cadence.gap") gaps.insert(f.where.record + " " + f.period);
    CHECK(gaps == std::multiset<std::string>{"支部委员会 2025-06", "主题党日 2025-02", "主题党日 2025-04",
                                             "主题党日 2025-05", "主题党日 2025-06"});
    CHECK(rules::has_errors(report.findings));
}

TEST_CASE("audit messages name what is wrong", "[audit]") {
    TempDir tmp{"audit"};
    build_hand_made(tmp.path);
    const auto report = audit_hand_made(tmp.path);
    auto message = [&](const std::string& rule, const std::string& path) -> std::string {
        for (const auto& f : report.findings)
            if (f.rule == rule && f.where.file == path) return f.message;
        return "(none)";
    };
    CHECK(message("date.invalid", "2025/党员大会/2025年2月30日党员大会.docx") ==
          "名称中的日期“2025年2月30日”不存在：2025年2月只有28天");
    CHECK(message("date.partial", "2025/主题党日/主题党日活动.docx") == "所在文件夹名中的日期2025年只写到年份，应写到具体日期");
    CHECK(message("date.partial", "2025/主题党日/上半年主题党日总结.docx") == "文件名中的日期2025年上半年只写到半年，应写到具体日期");
    CHECK(message("date.inconsistent", "2025/3月/2025-04-02党课.docx") ==
          "名称中的日期2025年4月2日与所在文件夹“3月”的日期2025年3月不一致");
    CHECK(message("number.gap", "2025/支委会/05_2025_03_20_支委会.docx") == "缺少编号4");
    CHECK(message("number.duplicate", "2025/支委会/05_2025年5月15日支委会纪要.docx") ==
          "编号5与“05_2025_03_20_支委会.docx”重复");
    CHECK(message("date.order", "2025/支委会/05_2025_03_20_支委会.docx") ==
          "编号5的日期2025年3月20日早于编号在前的“03_20250410支委会.pdf”（2025年4月10日），编号未按时间顺序");
    CHECK(message("workflow.order", "2024换届选举/2024-01-03换届选举批复.pdf") == "批复的日期2024年1月3日早于请示（2024年1月5日）");
    CHECK(message("date.missing", "会议记录/支委会会议记录.docx") == "文件名及所在文件夹名中都没有日期，无法确定形成时间");
    CHECK(message("lint.junk", "2025/.DS_Store") == "系统或临时文件“.DS_Store”不应归档，请删除");
    CHECK(message("lint.symlink", "2025/其他材料/外部链接") ==
          "符号链接（指向“../../..”）未被跟随检查；请把文件本身放入档案（或用 --follow-links 跟随检查）");
    CHECK(message("workflow.interval", "发展党员/张三/02_谈话记录_2023-04-15.pdf").find("2023年4月1日") != std::string::npos);
}

TEST_CASE("audit text report groups by folder; JSON keeps check's fields", "[audit]") {
    TempDir tmp{"audit"};
    file(tmp.path, "2025/支委会/2025-01-10支委会.docx");
    file(tmp.path, "2025/支委会/Thumbs.db");
    const auto report = audit_hand_made(tmp.path, "2025-01-31");
    const auto text = archive::audit_to_text(report);
    CHECK(text.find("\n== 2025/支委会/\n    警告 lint.junk Thumbs.db：系统或临时文件“Thumbs.db”不应归档，请删除\n") != std::string::npos);
    CHECK(text.find("检查了 2 个文件") != std::string::npos);
    const auto json = archive::audit_to_json(report);
    CHECK(json.find("\"rule\": \"lint.junk\"") != std::string::npos);
    CHECK(json.find("\"path\": \"2025/支委会/Thumbs.db\"") != std::string::npos);
    CHECK(json.find("\"audit\": {\"files\":2,\"folders\":3") != std::string::npos);
    // January has its 支委会: the only other finding would be a 主题党日 gap for January.
    for (const auto& f : report.findings) CHECK((f.rule == "lint.junk" || f.rule == "cadence.gap"));
}

TEST_CASE("audit refuses a path that is not a folder", "[audit]") {
    TempDir tmp{"audit"};
    file(tmp.path, "a.txt");
    CHECK_THROWS_WITH(audit_hand_made(tmp.path / "missing"), Catch::Contains("文件夹不存在"));
    CHECK_THROWS_WITH(audit_hand_made(tmp.path / "a.txt"), Catch::Contains("不是文件夹"));
}

TEST_CASE("a folder named with an impossible date: one date.invalid, nothing misleading inside", "[audit]") {
    TempDir tmp{"audit"};
    file(tmp.path, "2025年/支部委员会/2025-03-12 支部委员会会议记录.docx");
    file(tmp.path, "2025年/支部委员会/2025年2月30日 支部委员会/会议记录.pdf");
    file(tmp.path, "2025年/支部委员会/2025年2月30日 支部委员会/附件/签到表.pdf");
    const auto report = audit_hand_made(tmp.path, "2025-03-31");
    std::multiset<std::pair<std::string, std::string>> dates;
    for (const auto& f : report.findings)
        if (f.rule.starts_with("date.")) dates.insert({f.rule, f.where.file});
    // Before: the "2025年" inside "2025年2月30日" stood in for the folder's date, and every file inside
    // got "所在文件夹名中的日期2025年只写到年份".
    CHECK(dates == std::multiset<std::pair<std::string, std::string>>{
                       {"date.invalid", "2025年/支部委员会/2025年2月30日 支部委员会"}});
}

TEST_CASE("an empty folder, or one with no record, is a finding, not a clean archive", "[audit]") {
    TempDir tmp{"audit"};
    fs::create_directories(tmp.path / "empty");
    auto only_rules = [](const archive::AuditReport& r) {
        std::multiset<std::string> out;
        for (const auto& f : r.findings) out.insert(f.rule);
        return out;
    };
    const auto empty = audit_hand_made(tmp.path / "empty");
    CHECK(only_rules(empty) == std::multiset<std::string>{"archive.empty"});
    CHECK(rules::has_errors(empty.findings));
    CHECK_THAT(empty.findings.front().message, Catch::Contains("没有任何文件"));

    file(tmp.path, "other/通讯录.xlsx");
    const auto unknown = audit_hand_made(tmp.path / "other");
    CHECK(only_rules(unknown) == std::multiset<std::string>{"archive.empty"});
    CHECK_THAT(unknown.findings.front().message, Catch::Contains("没有识别出任何记录"));

    file(tmp.path, "one/2025-03-12支委会会议记录.docx");
    const auto one = audit_hand_made(tmp.path / "one", "2025-03-31");
    CHECK(only_rules(one).count("archive.empty") == 0);
}

TEST_CASE("--follow-links walks links out of the root once; loops, inner and broken links are named", "[audit]") {
    TempDir tmp{"audit"};
    file(tmp.path, "arch/2025年/支部委员会/2025-03-12 支部委员会会议记录.docx");
    file(tmp.path, "outside/党小组会/2025-04-02 党小组会会议记录.docx");
    const fs::path year = tmp.path / "arch" / fs::u8path("2025年");
    fs::create_directory_symlink("../../outside", year / fs::u8path("外部"));
    fs::create_directory_symlink("../../outside", year / fs::u8path("外部2"));  // the same folder again
    fs::create_directory_symlink("..", year / "loop");
    fs::create_directory_symlink(fs::u8path("支部委员会"), year / "inside");
    fs::create_symlink("nowhere", year / "broken");
    auto run = [&](bool follow) {
        archive::AuditOptions options;
        options.as_of = core::parse_date("2025-12-31");
        options.follow_links = follow;
        return archive::audit_tree(tmp.path / "arch", shipped_vocabulary(), shipped_book(), options);
    };
    auto links = [](const archive::AuditReport& r) {
        std::map<std::string, std::string> out;  // link → message
        for (const auto& f : r.findings)
            if (f.rule == "lint.symlink") out[f.where.file] = f.message;
        return out;
    };

    const auto followed = run(true);
    CHECK(followed.records == 2);  // the 党小组会 record behind the link counts
    const auto named = links(followed);
    CHECK(named.size() == 4);
    CHECK(named.count("2025年/外部") == 0);
    CHECK(named.at("2025年/外部2") == "符号链接（指向“../../outside”）：指向的文件夹已检查过（重复或循环的链接），未再次检查");
    CHECK(named.at("2025年/loop") == "符号链接（指向“..”）：指向档案根目录或其上级文件夹，跟随会形成循环，未跟随");
    CHECK(named.at("2025年/inside") == "符号链接（指向“支部委员会”）：指向档案内的“2025年/支部委员会”，已在原处检查");
    CHECK(named.at("2025年/broken") == "符号链接（指向“nowhere”）：指向的文件或文件夹不存在");

    const auto plain = run(false);  // the default: no link is followed
    CHECK(plain.records == 1);
    CHECK(links(plain).size() == 5);
}

TEST_CASE("number prefixes and small numbers", "[audit]") {
    const auto& v = shipped_vocabulary();
    CHECK(v.number_prefix("01_支委会") == 1);
    CHECK(v.number_prefix("(3)党课") == 3);
    CHECK(v.number_prefix("（12）党课") == 12);
    CHECK(v.number_prefix("第3次支委会") == 3);
    CHECK(v.number_prefix("第二十一次支委会") == 21);
    CHECK_FALSE(v.number_prefix("支委会记录"));
    CHECK(archive::parse_small_number("一百零五") == 105);
    CHECK(archive::parse_small_number("３") == 3);
    CHECK_FALSE(archive::parse_small_number("三A"));
    CHECK(v.series_of("支部委员会会议记录") == std::optional<std::string>("支部委员会"));
    CHECK(v.series_of("2025年3月支委会") == std::optional<std::string>("支部委员会"));
    CHECK(v.series_of("全体党员大会") == std::optional<std::string>("支部党员大会"));
    CHECK_FALSE(v.series_of("其他材料"));
    CHECK(v.is_junk("~$记录.docx"));
    CHECK(v.is_junk("._photo.jpg"));
    CHECK_FALSE(v.is_junk("记录.docx"));
}

TEST_CASE("a malformed vocabulary file is named with its key", "[audit]") {
    TempDir tmp{"audit"};
    file(tmp.path, "v.json", R"({"number_prefixes": [{"pattern": "(["}]})");
    CHECK_THROWS_WITH(archive::AuditVocabulary::load(tmp.path / "v.json", shipped_book()),
                      Catch::Contains("“/number_prefixes/0/pattern”应为有效的正则表达式"));
    file(tmp.path, "w.json", R"({"series": {"党课": "党课"}})");
    CHECK_THROWS_WITH(archive::AuditVocabulary::load(tmp.path / "w.json", shipped_book()),
                      Catch::Contains("“/series/党课”应为文字的列表"));
    file(tmp.path, "x.json", "{");
    CHECK_THROWS_WITH(archive::AuditVocabulary::load(tmp.path / "x.json", shipped_book()),
                      Catch::Contains("检查用词表不是有效的 JSON"));
}

TEST_CASE("a name that is not UTF-8 is a lint, not a crash", "[audit]") {
    TempDir tmp{"audit"};
    file(tmp.path, "2025/支委会/\xbb\xe1\xd2\xe9\xbc\xc7\xc2\xbc.pdf");  // 会议记录 in GBK
    file(tmp.path, "2025/支委会/2025-01-10支委会.docx");
    const auto report = audit_hand_made(tmp.path, "2025-01-31");
    int lints = 0;
    for (const auto& f : report.findings) {
        if (f.rule == "lint.encoding") {
            ++lints;
            CHECK(f.message == "名称不是 UTF-8 编码（看来是 GBK/GB18030），按 GB18030 解读为“会议记录.pdf”；"
                               "无法识别其中的日期，请用 UTF-8 重新命名（如在 Windows 中重新解压，或改名）");
            // The path stays valid UTF-8 (JSON needs it) and recoverable: the bytes are escaped.
            CHECK(f.where.file == "2025/支委会/\\xBB\\xE1\\xD2\\xE9\\xBC\\xC7\\xC2\\xBC.pdf");
        } else {
            CHECK(f.rule == "cadence.gap");  // only the January 主题党日 gap remains
        }
    }
    CHECK(lints == 1);
}

TEST_CASE("a manifest.json in a hand-made tree does not hide its folder", "[audit]") {
    TempDir tmp{"audit"};
    file(tmp.path, "2025/支委会/manifest.json", "{}");
    file(tmp.path, "2025/支委会/支委会记录.docx");
    const auto report = audit_hand_made(tmp.path, "2025-01-31");
    bool partial = false;
    for (const auto& f : report.findings) {
        CHECK_FALSE(f.rule.starts_with("manifest."));
        partial = partial || (f.rule == "date.partial" && f.where.file == "2025/支委会/支委会记录.docx");
    }
    CHECK(partial);
}

TEST_CASE("a meeting folder named after an election or a development matter is no dossier", "[audit]") {
    TempDir tmp{"audit"};
    file(tmp.path, "2025/党员大会/2025-03-06换届选举大会/会议记录.docx");
    file(tmp.path, "2025/支委会/2025-01-10支委会研究发展党员/会议记录.docx");
    const auto report = audit_hand_made(tmp.path, "2025-01-31");
    for (const auto& f : report.findings) CHECK_FALSE(f.rule.starts_with("workflow."));
    CHECK(report.records == 2);
}

TEST_CASE("users extend the vocabulary without recompiling", "[audit]") {
    TempDir tmp{"audit"};
    file(tmp.path, "v.json", R"J({"series": {"廉政教育": ["廉政", "警示教育"]}, "placeholders": ["草稿"],
                                 "junk": ["*.bak"], "number_prefixes": [{"pattern": "^No\\.([0-9]+)"}]})J");
    const auto v = archive::AuditVocabulary::load(tmp.path / "v.json", shipped_book());
    CHECK(v.series_of("2025年警示教育会") == std::optional<std::string>("廉政教育"));
    CHECK(v.series_of("支委会") == std::optional<std::string>("支部委员会"));  // the profile's aliases stay
    CHECK(v.placeholder_in("会议记录草稿") == std::optional<std::string>("草稿"));
    CHECK(v.is_junk("记录.bak"));
    CHECK_FALSE(v.is_junk("Thumbs.db"));  // this file replaces the shipped list
    CHECK(v.number_prefix("No.7 会议") == 7);
    CHECK_FALSE(v.number_prefix("07_会议"));
}

TEST_CASE("a version number is no number prefix", "[audit]") {
    const auto& v = shipped_vocabulary();
    CHECK(v.number_prefix("3.支委会") == 3);
    CHECK(v.number_prefix("12. 党课") == 12);
    CHECK_FALSE(v.number_prefix("3.1"));
    CHECK_FALSE(v.number_prefix("3.10 release notes"));
}

TEST_CASE("a 年度 session held early the next year does not stretch the judged span into another year", "[audit]") {
    auto years_judged = [](const archive::AuditReport& r) {
        std::set<std::string> out;
        for (const auto& f : r.findings)
            if (f.rule == "cadence.gap" && f.where.record == "支部委员会") out.insert(f.period.substr(0, 4));
        return out;
    };
    {
        // The 2025年 folder holds the 2024年度 组织生活会, held in February 2025: 2024 is not judged.
        TempDir tmp{"audit"};
        file(tmp.path, "2025年/支委会/2025.1.8支委会会议记录.docx");
        file(tmp.path, "2025年/组织生活会/2024年度组织生活会（2025.2.20）/对照检查材料.docx");
        const auto report = audit_hand_made(tmp.path, "2025-12-31");
        CHECK(years_judged(report) == std::set<std::string>{"2025"});
    }
    {
        // The 2024年 folder holds its 2024年度 session, held in January 2025: 2025 is not judged.
        TempDir tmp{"audit"};
        file(tmp.path, "2024年/支委会/2024.1.8支委会会议记录.docx");
        file(tmp.path, "2024年/组织生活会/2024年度组织生活会（2025.1.20）/对照检查材料.docx");
        const auto report = audit_hand_made(tmp.path, "2025-12-31");
        CHECK(years_judged(report) == std::set<std::string>{"2024"});
        for (const auto& f : report.findings) CHECK_FALSE((f.rule == "cadence.gap" && f.where.record == "组织生活会"));
    }
}
