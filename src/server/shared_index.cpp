#include "server/shared_index.hpp"

#include "archive/store.hpp"
#include "catalog/numbering.hpp"
#include "core/diagnostic.hpp"
#include "jobs/resources.hpp"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Statement.h>
#include <Poco/Tuple.h>

#include <algorithm>

#include <map>
#include <sstream>

namespace dangan::server {

using namespace Poco::Data::Keywords;
namespace fs = std::filesystem;

namespace {

const char* kind_name(catalog::MatterKind kind) {
    switch (kind) {
        case catalog::MatterKind::meeting: return "会议记录";
        case catalog::MatterKind::election: return "换届选举";
        case catalog::MatterKind::development: return "发展党员";
        case catalog::MatterKind::dues: return "党费台账";
    }
    return "";
}

}  // namespace

SharedIndex::SharedIndex(const DatabaseConfig& database)
    : config_(database),
      scoring_(archive::ScoringProfile::load(jobs::resource_root() / "profiles" / "audit" / "scoring.json")) {
    try {
        if (config_.kind == "sqlite") {
            Poco::Data::SQLite::Connector::registerConnector();
            db_ = std::make_unique<Poco::Data::Session>("SQLite", config_.target);
            // The account store writes the same file through its own connection: wait for it, never fail.
            db_->setConnectionTimeout(10);
            // The index can always be made again from the folders: a commit need not wait for the disk
            // (WAL, synchronous NORMAL), and readers never wait for a writer. ":memory:" has no journal.
            if (config_.target != ":memory:") {
                *db_ << "PRAGMA journal_mode=WAL", now;
                *db_ << "PRAGMA synchronous=NORMAL", now;
            }
        } else if (config_.kind == "postgresql") {
            Poco::Data::PostgreSQL::Connector::registerConnector();
            db_ = std::make_unique<Poco::Data::Session>("PostgreSQL", config_.target);
            *db_ << "SET client_min_messages TO WARNING", now;
        } else {
            throw core::InputError({}, "数据库类型“" + config_.kind + "”不认识：应为 sqlite 或 postgresql");
        }
        // One schema for both databases. A branch's rows are replaced together, in one transaction.
        *db_ << "CREATE TABLE IF NOT EXISTS index_branches (branch TEXT PRIMARY KEY, name TEXT NOT NULL, "
                "fingerprint TEXT NOT NULL, usable INTEGER NOT NULL, records INTEGER NOT NULL, "
                "matters INTEGER NOT NULL, coded INTEGER NOT NULL, errors INTEGER NOT NULL, "
                "warnings INTEGER NOT NULL, overdue INTEGER NOT NULL, score TEXT NOT NULL, grade TEXT NOT NULL, "
                "main TEXT NOT NULL, overdue_items TEXT NOT NULL, last_job TEXT NOT NULL DEFAULT '')",
            now;
        *db_ << "CREATE TABLE IF NOT EXISTS index_matters (branch TEXT NOT NULL, matter_key TEXT NOT NULL, "
                "kind TEXT NOT NULL, date TEXT NOT NULL, title TEXT NOT NULL, code TEXT NOT NULL, "
                "issued INTEGER NOT NULL, PRIMARY KEY (branch, matter_key))",
            now;
        *db_ << "CREATE TABLE IF NOT EXISTS index_findings (branch TEXT NOT NULL, severity TEXT NOT NULL, "
                "rule TEXT NOT NULL, record TEXT NOT NULL, message TEXT NOT NULL)",
            now;
        *db_ << "CREATE INDEX IF NOT EXISTS index_findings_branch ON index_findings (branch)", now;
        *db_ << "CREATE TABLE IF NOT EXISTS index_overdue (branch TEXT NOT NULL, subject TEXT NOT NULL, "
                "due TEXT NOT NULL, message TEXT NOT NULL)",
            now;
        *db_ << "CREATE INDEX IF NOT EXISTS index_overdue_branch ON index_overdue (branch)", now;
    } catch (const Poco::Exception& e) {
        throw core::InputError({config_.target}, "无法打开索引数据库（" + config_.kind + "）：" + e.displayText());
    }
}

SharedIndex::~SharedIndex() = default;

std::string SharedIndex::sql(std::string text) const {
    if (config_.kind != "postgresql") return text;
    std::string out;
    int n = 0;
    for (char c : text) out += c == '?' ? "$" + std::to_string(++n) : std::string(1, c);
    return out;
}

std::optional<std::string> SharedIndex::fingerprint(const std::string& branch_in) {
    std::string branch = branch_in;
    std::vector<std::string> found;
    std::lock_guard lock(mutex_);
    *db_ << sql("SELECT fingerprint FROM index_branches WHERE branch = ?"), use(branch), into(found), now;
    if (found.empty()) return std::nullopt;
    return found[0];
}

void SharedIndex::update(const std::string& branch_in, const std::string& name_in, const std::string& fingerprint_in,
                         const Snapshot& snap, const std::optional<fs::path>& archive) {
    std::string branch = branch_in, name = name_in, print = fingerprint_in;
    // Everything is worked out before the transaction: the database is held only for the writes.
    int errors = 0, warnings = 0, overdue = 0;
    std::string main;
    std::vector<std::string> f_branch, f_severity, f_rule, f_record, f_message;
    for (const auto& f : snap.findings) {
        errors += f.severity == core::Severity::error;
        warnings += f.severity == core::Severity::warning;
        if (main.empty() && f.severity == core::Severity::error) main = f.message;
        f_branch.push_back(branch);
        f_severity.emplace_back(core::to_string(f.severity));
        f_rule.push_back(f.rule);
        f_record.push_back(f.where.record);
        f_message.push_back(f.message);
    }
    for (const auto& d : snap.diagnostics)
        if (d.severity == core::Severity::error && main.empty()) main = d.message;
    std::vector<std::string> o_branch, o_subject, o_due, o_message;
    std::string overdue_items;
    for (const auto& r : snap.reminders) {
        if (r.status != rules::ReminderStatus::overdue) continue;
        if (++overdue <= 3) overdue_items += (overdue_items.empty() ? "" : "；") + r.subject;
        o_branch.push_back(branch);
        o_subject.push_back(r.subject);
        o_due.push_back(r.due ? r.due->iso() : "");
        o_message.push_back(r.message);
    }
    if (overdue > 3) overdue_items += " 等 " + std::to_string(overdue) + " 项";
    std::string score, grade;
    if (snap.usable()) {
        const auto s = archive::score_findings(snap.findings, scoring_);
        score = archive::format_points(s.total);
        grade = s.grade;
    }
    // The matters with the 档号 of the one numbering: issued ones from the branch's archive keep theirs.
    std::vector<std::string> m_branch, m_key, m_kind, m_date, m_title, m_code;
    std::vector<int> m_issued;
    int coded = 0;
    if (snap.usable()) {
        try {
            std::vector<catalog::IssuedNumber> issued;
            std::ostringstream ignored;  // an archive without index is read from its manifests; its warnings are audit's
            std::error_code ec;
            if (archive && fs::exists(*archive / "archive.json", ec))
                for (const auto& e : archive::issued_entries(*archive, ignored))
                    issued.push_back({e.record_id, e.year, e.item, e.code, e.date});
            const auto numbering = catalog::number_matters(snap.data, issued);
            for (const auto& m : numbering.matters) {
                m_branch.push_back(branch);
                m_key.push_back(m.key);
                m_kind.push_back(kind_name(m.kind));
                m_date.push_back(m.date.iso());
                m_title.push_back(m.title);
                m_code.push_back(m.code_text);
                m_issued.push_back(m.issued ? 1 : 0);
                coded += m.issued;
            }
        } catch (const core::InputError& e) {
            // Two matters with one identity: `check` says so too; the branch is indexed without its matters.
            if (main.empty()) main = e.diagnostic().message;
        }
    }
    int usable = snap.usable() ? 1 : 0;
    int records = static_cast<int>(snap.data.meetings.size() + snap.data.elections.size() +
                                   snap.data.developments.size() + snap.data.dues.size());
    int matters = static_cast<int>(m_key.size());

    std::lock_guard lock(mutex_);
    try {
        db_->begin();
        *db_ << sql("DELETE FROM index_findings WHERE branch = ?"), use(branch), now;
        *db_ << sql("DELETE FROM index_overdue WHERE branch = ?"), use(branch), now;
        *db_ << sql("DELETE FROM index_matters WHERE branch = ?"), use(branch), now;
        std::vector<std::string> jobs;
        *db_ << sql("SELECT last_job FROM index_branches WHERE branch = ?"), use(branch), into(jobs), now;
        std::string last_job = jobs.empty() ? "" : jobs[0];
        *db_ << sql("DELETE FROM index_branches WHERE branch = ?"), use(branch), now;
        *db_ << sql("INSERT INTO index_branches (branch, name, fingerprint, usable, records, matters, coded, errors, "
                    "warnings, overdue, score, grade, main, overdue_items, last_job) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            use(branch), use(name), use(print), use(usable), use(records), use(matters), use(coded), use(errors),
            use(warnings), use(overdue), use(score), use(grade), use(main), use(overdue_items), use(last_job), now;
        if (!f_branch.empty())
            *db_ << sql("INSERT INTO index_findings (branch, severity, rule, record, message) VALUES (?, ?, ?, ?, ?)"),
                use(f_branch), use(f_severity), use(f_rule), use(f_record), use(f_message), now;
        if (!o_branch.empty())
            *db_ << sql("INSERT INTO index_overdue (branch, subject, due, message) VALUES (?, ?, ?, ?)"), use(o_branch),
                use(o_subject), use(o_due), use(o_message), now;
        if (!m_branch.empty())
            *db_ << sql("INSERT INTO index_matters (branch, matter_key, kind, date, title, code, issued) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)"),
                use(m_branch), use(m_key), use(m_kind), use(m_date), use(m_title), use(m_code), use(m_issued), now;
        db_->commit();
        ++generation_;
    } catch (...) {
        if (db_->isTransaction()) db_->rollback();
        throw;
    }
}

void SharedIndex::note_job(const std::string& branch_in, const std::string& text_in) {
    std::string branch = branch_in, text = text_in;
    std::lock_guard lock(mutex_);
    *db_ << sql("UPDATE index_branches SET last_job = ? WHERE branch = ?"), use(text), use(branch), now;
    ++generation_;
}

void SharedIndex::forget_others(const std::vector<std::string>& keep) {
    std::vector<std::string> present;
    std::lock_guard lock(mutex_);
    *db_ << "SELECT branch FROM index_branches", into(present), now;
    for (auto& b : present) {
        if (std::find(keep.begin(), keep.end(), b) != keep.end()) continue;
        for (const char* table : {"index_findings", "index_overdue", "index_matters", "index_branches"})
            *db_ << sql(std::string("DELETE FROM ") + table + " WHERE branch = ?"), use(b), now;
    }
    ++generation_;
}

namespace {

using BranchRow = Poco::Tuple<std::string, std::string, std::string, int, int, int, int, int, int, int, std::string,
                              std::string, std::string, std::string, std::string>;

IndexedBranch from_row(const BranchRow& r) {
    IndexedBranch b;
    b.id = r.get<0>();
    b.name = r.get<1>();
    b.fingerprint = r.get<2>();
    b.usable = r.get<3>() != 0;
    b.records = r.get<4>();
    b.matters = r.get<5>();
    b.coded = r.get<6>();
    b.errors = r.get<7>();
    b.warnings = r.get<8>();
    b.overdue = r.get<9>();
    b.score = r.get<10>();
    b.grade = r.get<11>();
    b.main = r.get<12>();
    b.overdue_items = r.get<13>();
    b.last_job = r.get<14>();
    return b;
}

constexpr const char* kBranchColumns =
    "SELECT branch, name, fingerprint, usable, records, matters, coded, errors, warnings, overdue, score, grade, main, "
    "overdue_items, last_job FROM index_branches";

}  // namespace

std::vector<IndexedBranch> SharedIndex::branches() {
    std::vector<BranchRow> rows;
    {
        std::lock_guard lock(mutex_);
        *db_ << std::string(kBranchColumns) + " ORDER BY usable, errors DESC, overdue DESC, branch", into(rows), now;
    }
    std::vector<IndexedBranch> out;
    for (const auto& r : rows) out.push_back(from_row(r));
    return out;
}

std::optional<IndexedBranch> SharedIndex::branch(const std::string& id_in) {
    std::string id = id_in;
    std::vector<BranchRow> rows;
    std::lock_guard lock(mutex_);
    *db_ << sql(std::string(kBranchColumns) + " WHERE branch = ?"), use(id), into(rows), now;
    if (rows.empty()) return std::nullopt;
    return from_row(rows[0]);
}

std::vector<IndexedMatter> SharedIndex::matters(const std::string& branch_in, const std::string& text, size_t limit) {
    std::string branch = branch_in, pattern = "%" + text + "%";
    int all = branch.empty() ? 1 : 0, cap = static_cast<int>(limit);
    std::vector<std::string> b, key, kind, date, title, code;
    std::vector<int> issued;
    std::lock_guard lock(mutex_);
    *db_ << sql("SELECT branch, matter_key, kind, date, title, code, issued FROM index_matters "
                "WHERE (? = 1 OR branch = ?) AND (code LIKE ? OR title LIKE ?) ORDER BY branch, code LIMIT ?"),
        use(all), use(branch), use(pattern), use(pattern), use(cap), into(b), into(key), into(kind), into(date),
        into(title), into(code), into(issued), now;
    std::vector<IndexedMatter> out;
    for (size_t i = 0; i < b.size(); ++i) out.push_back({b[i], key[i], kind[i], date[i], title[i], code[i], issued[i] != 0});
    return out;
}

std::vector<SharedIndex::IndexedFinding> SharedIndex::findings(const std::string& branch_in) {
    std::string branch = branch_in;
    std::vector<std::string> severity, rule, record, message;
    std::lock_guard lock(mutex_);
    *db_ << sql("SELECT severity, rule, record, message FROM index_findings WHERE branch = ?"), use(branch),
        into(severity), into(rule), into(record), into(message), now;
    std::vector<IndexedFinding> out;
    for (size_t i = 0; i < severity.size(); ++i) out.push_back({severity[i], rule[i], record[i], message[i]});
    return out;
}

}  // namespace dangan::server
