// Dangan-made archives: the store issues numbers that never change, writes matter folders with
// manifests, and audit finds every damaged, deleted and added file, and index/number problems.
#include "archive/audit.hpp"
#include "archive/store.hpp"
#include "core/atomic_write.hpp"

#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"
#include "archive_helpers.hpp"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using namespace dangan;

using dangan::testing::shipped_book;
using dangan::testing::shipped_vocabulary;
using dangan::testing::TempDir;

namespace {

archive::AuditReport audit_archive(const fs::path& root, bool fast = false) {
    archive::AuditOptions options;
    options.as_of = core::parse_date("2025-12-31");
    options.fast = fast;
    return archive::audit_tree(root, shipped_vocabulary(), shipped_book(), options);
}

std::multiset<std::pair<std::string, std::string>> rules_and_files(const archive::AuditReport& report) {
    std::multiset<std::pair<std::string, std::string>> out;
    for (const auto& f : report.findings) out.insert({f.rule, f.where.file});
    return out;
}

std::string folder(int item, const std::string& date) {
    char prefix[8];
    std::snprintf(prefix, sizeof prefix, "%04d", item);
    return "2025/组织生活/" + std::string(prefix) + "_" + date + "_支部委员会会议记录";
}

/// Files one matter the way `dangan archive` does: reserve the number, then write the folder.
void file_matter(archive::ArchiveStore& store, const std::string& id, const std::string& date, int item) {
    archive::IndexEntry e;
    e.record_id = id;
    e.year = 2025;
    e.item = item;
    char code[64];
    std::snprintf(code, sizeof code, "J031-WS·2025-D30-SH-%04d", item);
    e.code = code;
    e.folder = folder(item, date);
    e.date = date.substr(0, 4) + "-" + date.substr(4, 2) + "-" + date.substr(6, 2);
    e.kind = "支部委员会";
    e.title = "支部委员会会议记录";
    e.pages = 1;
    store.reserve(e);
    store.write_matter(e, "DA/T 22-2015",
                       {{"record.pdf", "%PDF-1.4 fake " + id, std::nullopt},
                        {"attachments/签到表.txt", "签到 " + id, std::nullopt}});
}

/// An archive in `tmp`/档案 with three matters, 件号 1–3, dated 2025-01-11 … 2025-01-13 (folder(i, "2025011i")).
fs::path three_matters(const TempDir& tmp) {
    const fs::path root = tmp.path / "档案";
    archive::ArchiveStore store(root);
    for (int i = 1; i <= 3; ++i) file_matter(store, "m" + std::to_string(i), "2025011" + std::to_string(i), i);
    return root;
}

}  // namespace

TEST_CASE("the store issues the next free number and keeps issued ones", "[archive]") {
    TempDir tmp{"archive"};
    const fs::path root = tmp.path / "档案";
    {
        archive::ArchiveStore store(root);
        CHECK(store.next_item(2025) == 1);
        file_matter(store, "a", "20250110", store.next_item(2025));
        file_matter(store, "b", "20250214", store.next_item(2025));
        CHECK(store.next_item(2025) == 3);
        CHECK(store.next_item(2024) == 1);
        CHECK(store.latest_date(2025) == "2025-02-14");
        CHECK(store.latest_date(2024).empty());
    }
    archive::ArchiveStore reopened(root);  // numbers survive the process
    REQUIRE(reopened.find("b"));
    CHECK(reopened.find("b")->item == 2);
    CHECK(reopened.find("b")->status == "done");
    CHECK_FALSE(reopened.find("c"));
    CHECK(reopened.next_item(2025) == 3);
    CHECK(fs::exists(root / fs::u8path(folder(2, "20250214")) / "manifest.json"));
    CHECK_FALSE(fs::exists(root / ".tmp"));

    // A clean archive audits clean.
    const auto report = audit_archive(root);
    CHECK(report.findings.empty());
    CHECK(report.dangan_items == 2);
}

TEST_CASE("files and folders that vanish during the audit are findings, not crashes", "[archive]") {
    TempDir tmp{"archive"};
    const fs::path root = three_matters(tmp);
    const fs::path one = root / fs::u8path(folder(1, "20250111"));
    const fs::path two = root / fs::u8path(folder(2, "20250112"));
    const fs::path three = root / fs::u8path(folder(3, "20250113"));
    archive::AuditOptions options;
    options.as_of = core::parse_date("2025-12-31");
    // After the walk listed them: a record.pdf about to be hashed and a manifest about to be read go.
    options.after_walk = [&] {
        fs::remove(one / "record.pdf");
        fs::remove(two / "manifest.json");
    };
    // During the walk: a folder listed in its parent is moved away before its own listing.
    options.before_listing = [&](const fs::path& f) {
        if (f == three / "attachments") fs::rename(f, tmp.path / "moved");
    };
    archive::AuditReport report;
    REQUIRE_NOTHROW(report = archive::audit_tree(root, shipped_vocabulary(), shipped_book(), options));
    auto message = [&](const std::string& rule, const std::string& path) -> std::string {
        for (const auto& f : report.findings)
            if (f.rule == rule && f.where.file == path) return f.message;
        return "(none)";
    };
    CHECK(message("lint.unreadable", folder(1, "20250111") + "/record.pdf") ==
          "无法读取以核对校验值：在检查过程中被删除或移走");
    // Judged per folder (issue #11): one manifest.missing on the folder, its files then checked
    // against the index.
    CHECK(message("manifest.missing", folder(2, "20250112")) ==
          "清单文件 manifest.json 无法读取：在检查过程中被删除或移走；其中的文件按索引 index.sqlite 记录的校验值核对");
    CHECK(message("lint.unreadable", folder(3, "20250113") + "/attachments") ==
          "文件夹无法读取（在检查过程中被删除或移走）");
    CHECK(rules::has_errors(report.findings));

    // The root itself vanishing leaves nothing to audit: exit 2 with the folder named.
    options = {};
    options.as_of = core::parse_date("2025-12-31");
    options.before_listing = [&](const fs::path& f) {
        if (f == root) fs::rename(root, tmp.path / "gone");
    };
    CHECK_THROWS_AS(archive::audit_tree(root, shipped_vocabulary(), shipped_book(), options), core::InputError);
}

TEST_CASE("a filed file replaced by a symbolic link is reported, not silently skipped", "[archive]") {
    TempDir tmp{"archive"};
    const fs::path root = three_matters(tmp);
    const fs::path one = root / fs::u8path(folder(1, "20250111"));
    fs::rename(one / "record.pdf", tmp.path / "elsewhere.pdf");
    fs::create_symlink(tmp.path / "elsewhere.pdf", one / "record.pdf");
    const auto report = audit_archive(root);
    CHECK(rules_and_files(report) == std::multiset<std::pair<std::string, std::string>>{
                                         {"lint.symlink", folder(1, "20250111") + "/record.pdf"}});
    CHECK(rules::has_errors(report.findings));
}

TEST_CASE("a new archive whose first run was killed while writing archive.json can be filed again", "[archive]") {
    // Found by 100 kill -9 runs of crash_safety.sh: the folder held only the writer's temporary
    // ".archive.json.<pid>.<n>.tmp", and the next run refused it as "not empty and not a dangan archive".
    TempDir tmp{"archive"};
    const fs::path root = tmp.path / "档案";
    fs::create_directories(root);
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);  // a process id that no longer exists: the killed run
    std::ofstream(root / (".archive.json." + std::to_string(child) + ".12345.tmp")) << "{\"dangan_arch";
    REQUIRE_NOTHROW(archive::ArchiveStore(root));
    CHECK(fs::exists(root / "archive.json"));
    CHECK_FALSE(fs::exists(root / (".archive.json." + std::to_string(child) + ".12345.tmp")));

    // Someone else's file still makes the folder "not ours".
    const fs::path other = tmp.path / "其他";
    fs::create_directories(other);
    std::ofstream(other / "笔记.txt") << "x";
    CHECK_THROWS_WITH(archive::ArchiveStore(other), Catch::Contains("也不是 dangan 建的档案"));
}

TEST_CASE("audit catches a flipped byte, a deleted file and an added file", "[archive]") {
    TempDir tmp{"archive"};
    const fs::path root = three_matters(tmp);
    const fs::path one = root / fs::u8path(folder(1, "20250111"));
    const fs::path two = root / fs::u8path(folder(2, "20250112"));
    {
        std::fstream pdf(one / "record.pdf", std::ios::in | std::ios::out | std::ios::binary);
        pdf.seekp(3);
        pdf.put('X');  // same size, different bytes
    }
    fs::remove(two / fs::u8path("attachments/签到表.txt"));
    std::ofstream(two / "extra.txt") << "added later";

    const auto report = audit_archive(root);
    CHECK(rules_and_files(report) == std::multiset<std::pair<std::string, std::string>>{
                              {"manifest.checksum", folder(1, "20250111") + "/record.pdf"},
                              {"manifest.missing", folder(2, "20250112") + "/attachments/签到表.txt"},
                              {"manifest.extra", folder(2, "20250112") + "/extra.txt"},
                          });
    for (const auto& f : report.findings) {
        CHECK(f.where.record.starts_with("J031-WS·2025-D30-SH-000"));
        if (f.rule == "manifest.checksum") CHECK(f.message == "SHA-256 校验值与清单不符：文件内容已被改动或损坏");
    }
    CHECK(rules::has_errors(report.findings));

    // --fast checks presence and sizes only: the flipped byte (same size) goes unseen, a changed size does not.
    CHECK(rules_and_files(audit_archive(root, true)).count({"manifest.checksum", folder(1, "20250111") + "/record.pdf"}) == 0);
    std::ofstream(one / "record.pdf", std::ios::app) << "more";
    const auto fast = audit_archive(root, true);
    REQUIRE(rules_and_files(fast).count({"manifest.checksum", folder(1, "20250111") + "/record.pdf"}) == 1);
    CHECK(fast.hashed_bytes == 0);
}

TEST_CASE("audit compares the index with the folders and checks 档号 and 件号", "[archive]") {
    TempDir tmp{"archive"};
    const fs::path root = tmp.path / "档案";
    archive::ArchiveStore store(root);
    file_matter(store, "a", "20250110", 1);
    file_matter(store, "b", "20250120", 2);
    file_matter(store, "c", "20250105", 4);  // 3 missing; 4 dated before 2
    // An interrupted run: number 5 reserved, folder never written.
    archive::IndexEntry pending{"d", 2025, 5, "J031-WS·2025-D30-SH-0005", folder(5, "20250301"), "2025-03-01",
                                "支部委员会", "t", "", 1, ""};
    store.reserve(pending);
    // A folder copied in by hand with a manifest but no index row, and a malformed 档号.
    fs::copy(root / fs::u8path(folder(1, "20250110")), root / fs::u8path(folder(6, "20250401")),
             fs::copy_options::recursive);
    auto manifest = archive::manifest_from_json(core::read_file(root / fs::u8path(folder(6, "20250401")) / "manifest.json"));
    manifest.item = 6;
    manifest.code = "J031-WS·2025-D30-SH-06";
    core::write_file_atomically(root / fs::u8path(folder(6, "20250401")) / "manifest.json",
                                archive::manifest_to_json(manifest));

    const auto report = audit_archive(root);
    CHECK(rules_and_files(report) == std::multiset<std::pair<std::string, std::string>>{
                              {"number.gap", folder(4, "20250105")},
                              {"date.order", folder(4, "20250105")},
                              {"manifest.missing", folder(5, "20250301")},
                              {"manifest.extra", folder(6, "20250401")},
                              {"number.format", folder(6, "20250401")},
                              // The copied folder keeps item 1's date, and 5 is not on disk.
                              {"date.order", folder(6, "20250401")},
                              {"number.gap", folder(6, "20250401")},
                          });
    for (const auto& f : report.findings) {
        if (f.rule == "number.gap" && f.where.file == folder(4, "20250105")) CHECK(f.message == "2025年缺少件号3");
        if (f.rule == "manifest.missing") CHECK(f.message == "索引中已编号但文件夹未写完（归档中断）；请重新运行 archive");
        if (f.rule == "number.format") CHECK(f.message == "档号“J031-WS·2025-D30-SH-06”格式不对：件号 must have 4 digits from 0001, found '06'");
        if (f.rule == "date.order") CHECK(f.severity == core::Severity::warning);
    }
}

TEST_CASE("a damaged manifest is reported, not fatal", "[archive]") {
    TempDir tmp{"archive"};
    const fs::path root = tmp.path / "档案";
    {
        archive::ArchiveStore store(root);
        file_matter(store, "a", "20250110", 1);
    }
    core::write_file_atomically(root / fs::u8path(folder(1, "20250110")) / "manifest.json", "{\"dangan_manifest\": 1,");
    const auto report = audit_archive(root);
    REQUIRE(rules_and_files(report).count({"manifest.missing", folder(1, "20250110")}) == 1);
    CHECK(report.dangan_items == 1);  // its files are still checked, against the index
}

TEST_CASE("the store refuses a folder that is not an archive", "[archive]") {
    TempDir tmp{"archive"};
    std::ofstream(tmp.path / "note.txt") << "x";
    CHECK_THROWS_WITH(archive::ArchiveStore(tmp.path), Catch::Contains("也不是 dangan 建的档案"));
    CHECK_THROWS_WITH(archive::ArchiveStore(tmp.path / "note.txt"), Catch::Contains("这是一个文件，不是文件夹"));
}

TEST_CASE("SHA-256 and safe names", "[archive]") {
    CHECK(archive::sha256_bytes("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    TempDir tmp{"archive"};
    std::vector<fs::path> files;
    for (int i = 0; i < 5; ++i) {
        files.push_back(tmp.path / ("f" + std::to_string(i)));
        std::ofstream(files.back()) << "abc";
    }
    files.push_back(tmp.path / "missing");
    std::vector<std::string> errors;
    const auto digests = archive::sha256_files(files, 2, errors);
    for (int i = 0; i < 5; ++i) CHECK(digests[i] == archive::sha256_bytes("abc"));
    CHECK_FALSE(digests[5]);
    CHECK(errors[5].find("无法打开文件") != std::string::npos);  // core::read_file's message, Chinese by default
    CHECK(archive::safe_file_name("会议/记录:第1次?") == "会议_记录_第1次_");
    CHECK(archive::safe_file_name("支部委员会会议记录", 10) == "支部委");  // cut at a character boundary
}

TEST_CASE("audit re-runs the check rules on the stored records", "[archive]") {
    TempDir tmp{"archive"};
    const fs::path root = tmp.path / "档案";
    archive::ArchiveStore store(root);
    archive::IndexEntry e{"m1", 2025, 1, "J031-WS·2025-D30-SH-0001", folder(1, "20250110"), "2025-01-10",
                          "支部委员会", "支部委员会会议记录", "", 1, ""};
    store.reserve(e);
    // A stored record without its 主持人 (host): check's record.incomplete, at the stored file.
    store.write_matter(e, "DA/T 22-2015",
                       {{"record.json",
                         R"({"kind": "meeting", "type": "支部委员会", "id": "m1", "date": "2025-01-10", "start": "09:00",
                             "end": "10:00", "place": "活动室", "recorder": "陈静", "agenda": ["学习"],
                             "resolutions": ["同意"], "attendance": {"expected": 3, "present": ["甲", "乙", "丙"]}})",
                         std::nullopt}});
    const auto report = audit_archive(root);
    bool found = false;
    for (const auto& f : report.findings)
        if (f.rule == "record.incomplete" && f.where.file == folder(1, "20250110") + "/record.json" &&
            f.message == "会议记录缺少主持人")
            found = true;
    CHECK(found);
}

TEST_CASE("a file changed together with its manifest still differs from the index", "[archive]") {
    TempDir tmp{"archive"};
    const fs::path root = tmp.path / "档案";
    {
        archive::ArchiveStore store(root);
        file_matter(store, "a", "20250110", 1);
    }
    const fs::path dir = root / fs::u8path(folder(1, "20250110"));
    // Rewrite the PDF and recompute the manifest, as someone covering their tracks would.
    core::write_file_atomically(dir / "record.pdf", "%PDF-1.4 replaced");
    auto m = archive::manifest_from_json(core::read_file(dir / "manifest.json"));
    for (auto& f : m.files)
        if (f.path == "record.pdf") {
            f.size = fs::file_size(dir / "record.pdf");
            f.sha256 = archive::sha256_file(dir / "record.pdf");
        }
    core::write_file_atomically(dir / "manifest.json", archive::manifest_to_json(m));
    const auto report = audit_archive(root);
    REQUIRE(rules_and_files(report) == std::multiset<std::pair<std::string, std::string>>{
                                {"manifest.checksum", folder(1, "20250110") + "/record.pdf"}});
    CHECK(report.findings.front().message == "清单中的校验值与档案索引登记的不一致（文件和清单可能被一并改动）");
}

TEST_CASE("a file replaced by a FIFO while the audit hashes it is a finding, not a hang (issue #11)", "[archive]") {
    TempDir tmp{"archive"};
    const fs::path root = three_matters(tmp);
    const fs::path one = root / fs::u8path(folder(1, "20250111"));
    archive::AuditOptions options;
    options.as_of = core::parse_date("2025-12-31");
    // After the walk saw a regular file: it becomes a named pipe with no writer. A blocking open()
    // would wait for ever; the hashing opens with O_NONBLOCK and checks with fstat.
    options.after_walk = [&] {
        fs::remove(one / "record.pdf");
        REQUIRE(::mkfifo((one / "record.pdf").c_str(), 0644) == 0);
    };
    archive::AuditReport report;
    REQUIRE_NOTHROW(report = archive::audit_tree(root, shipped_vocabulary(), shipped_book(), options));
    bool found = false;
    for (const auto& f : report.findings)
        if (f.where.file == folder(1, "20250111") + "/record.pdf" && f.message.find("不是普通文件") != std::string::npos)
            found = true;
    CHECK(found);
}

TEST_CASE("the index is rebuilt from the manifests with the issued numbers (issue #11)", "[archive]") {
    TempDir tmp{"archive"};
    const fs::path root = three_matters(tmp);
    std::vector<archive::IndexEntry> before;
    {
        archive::ArchiveStore store(root);
        before = store.entries();
    }
    fs::remove(root / "index.sqlite");
    std::ostringstream warnings;
    archive::ArchiveStore store(root, &warnings);
    CHECK(warnings.str().find("重建索引") != std::string::npos);
    const auto after = store.entries();
    REQUIRE(after.size() == before.size());
    for (size_t i = 0; i < after.size(); ++i) {
        CHECK(after[i].record_id == before[i].record_id);
        CHECK(after[i].item == before[i].item);
        CHECK(after[i].code == before[i].code);
        CHECK(after[i].folder == before[i].folder);
    }
    CHECK(archive::valid_folder("2025/组织生活/0001_20250111_x"));
    CHECK_FALSE(archive::valid_folder("../victim"));
    CHECK_FALSE(archive::valid_folder("/tmp/victim"));
    CHECK_FALSE(archive::valid_folder("2025/../../victim"));
    CHECK_FALSE(archive::valid_folder(""));
}
