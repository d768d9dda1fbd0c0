#include "server/accounts.hpp"

#include "core/diagnostic.hpp"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Statement.h>
#include <Poco/Random.h>
#include <Poco/RandomStream.h>

#include <argon2.h>

#include <array>
#include <ctime>

namespace dangan::server {

using namespace Poco::Data::Keywords;

namespace {

constexpr int kMaxFailures = 5;
constexpr std::int64_t kLockSeconds = 15 * 60;
constexpr std::int64_t kSessionSeconds = 8 * 60 * 60;
// Argon2id with the parameters OWASP's password storage guidance gives as a minimum (19 MiB, 2 passes,
// 1 lane): about 30 ms on this machine, slow enough for a stolen database, quick enough for a login.
constexpr uint32_t kArgonTime = 2, kArgonMemoryKiB = 19 * 1024, kArgonLanes = 1;

std::string random_hex(size_t bytes) {
    Poco::RandomInputStream random;  // the operating system's random source
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (size_t i = 0; i < bytes; ++i) {
        const auto b = static_cast<unsigned char>(random.get());
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

std::string utc(std::int64_t seconds) {
    const std::time_t t = seconds;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

}  // namespace

std::string to_string(Role role) {
    switch (role) {
        case Role::secretary: return "secretary";
        case Role::inspector: return "inspector";
        case Role::admin: return "admin";
    }
    return "";
}

std::optional<Role> role_from(const std::string& text) {
    if (text == "secretary" || text == "书记" || text == "支部书记") return Role::secretary;
    if (text == "inspector" || text == "检查" || text == "检查人员") return Role::inspector;
    if (text == "admin" || text == "管理员") return Role::admin;
    return std::nullopt;
}

std::string hash_password(const std::string& password) {
    std::array<unsigned char, 16> salt{};
    Poco::RandomInputStream random;
    random.read(reinterpret_cast<char*>(salt.data()), salt.size());
    std::string encoded(argon2_encodedlen(kArgonTime, kArgonMemoryKiB, kArgonLanes, salt.size(), 32, Argon2_id), '\0');
    const int rc = argon2id_hash_encoded(kArgonTime, kArgonMemoryKiB, kArgonLanes, password.data(), password.size(),
                                         salt.data(), salt.size(), 32, encoded.data(), encoded.size());
    if (rc != ARGON2_OK) throw std::runtime_error(std::string("Argon2id: ") + argon2_error_message(rc));
    encoded.resize(encoded.find('\0'));
    return encoded;
}

bool verify_password(const std::string& encoded, const std::string& password) {
    return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

AccountStore::AccountStore(const DatabaseConfig& database) : config_(database) {
    try {
        if (config_.kind == "sqlite") {
            Poco::Data::SQLite::Connector::registerConnector();
            db_ = std::make_unique<Poco::Data::Session>("SQLite", config_.target);
        } else if (config_.kind == "postgresql") {
            Poco::Data::PostgreSQL::Connector::registerConnector();
            db_ = std::make_unique<Poco::Data::Session>("PostgreSQL", config_.target);
            *db_ << "SET client_min_messages TO WARNING", now;  // no "relation already exists" notices on stderr
        } else {
            throw core::InputError({}, "数据库类型“" + config_.kind + "”不认识：应为 sqlite 或 postgresql");
        }
        // The same tables in both databases; times are seconds since 1970 (UTC).
        *db_ << "CREATE TABLE IF NOT EXISTS accounts (name TEXT PRIMARY KEY, hash TEXT NOT NULL, role TEXT NOT NULL, "
                "branch TEXT NOT NULL, failures INTEGER NOT NULL DEFAULT 0, locked_until BIGINT NOT NULL DEFAULT 0)",
            now;
        *db_ << "CREATE TABLE IF NOT EXISTS sessions (token TEXT PRIMARY KEY, csrf TEXT NOT NULL, name TEXT NOT NULL, "
                "expires BIGINT NOT NULL)",
            now;
        *db_ << "CREATE TABLE IF NOT EXISTS changes (at BIGINT NOT NULL, who TEXT NOT NULL, branch TEXT NOT NULL, "
                "what TEXT NOT NULL)",
            now;
        if (config_.kind == "sqlite" && config_.target != ":memory:" && !config_.target.empty()) {
            // WAL: the session reader below reads while the change log writes.
            *db_ << "PRAGMA journal_mode=WAL", now;
            reader_ = std::make_unique<Poco::Data::Session>("SQLite", config_.target);
        } else if (config_.kind == "postgresql") {
            reader_ = std::make_unique<Poco::Data::Session>("PostgreSQL", config_.target);
        }
    } catch (const Poco::Exception& e) {
        throw core::InputError({config_.target}, "无法打开账户数据库（" + config_.kind + "）：" + e.displayText());
    }
}

std::string AccountStore::sql(std::string text) const {
    if (config_.kind != "postgresql") return text;
    std::string out;
    int n = 0;
    for (char c : text) out += c == '?' ? "$" + std::to_string(++n) : std::string(1, c);
    return out;
}

std::int64_t AccountStore::seconds_now() const {
    return std::chrono::duration_cast<std::chrono::seconds>(clock_().time_since_epoch()).count();
}

void AccountStore::set_account(const Account& account, const std::string& password) {
    if (account.name.empty() || account.name.size() > 64)
        throw core::InputError({}, "账户名须为 1 到 64 个字节");
    if (password.size() < 8) throw core::InputError({}, "密码太短：至少 8 个字符");
    if (account.role == Role::secretary && account.branch.empty())
        throw core::InputError({}, "支部书记账户须指定所属支部（--branch）");
    std::string name = account.name, hash = hash_password(password), role = to_string(account.role),
                branch = account.role == Role::secretary ? account.branch : "";
    std::lock_guard lock(mutex_);
    *db_ << sql("INSERT INTO accounts (name, hash, role, branch, failures, locked_until) VALUES (?, ?, ?, ?, 0, 0) "
                "ON CONFLICT (name) DO UPDATE SET hash = excluded.hash, role = excluded.role, branch = excluded.branch, "
                "failures = 0, locked_until = 0"),
        use(name), use(hash), use(role), use(branch), now;
}

std::vector<Account> AccountStore::accounts() {
    std::vector<std::string> names, roles, branches;
    std::lock_guard lock(mutex_);
    *db_ << "SELECT name, role, branch FROM accounts ORDER BY name", into(names), into(roles), into(branches), now;
    std::vector<Account> out;
    for (size_t i = 0; i < names.size(); ++i) out.push_back({names[i], role_from(roles[i]).value_or(Role::secretary), branches[i]});
    return out;
}

std::optional<Session> AccountStore::log_in(const std::string& name_in, const std::string& password,
                                            std::string& message) {
    std::string name = name_in;
    std::vector<std::string> hashes, roles, branches;
    std::vector<int> failures;
    std::vector<std::int64_t> locked;
    {
        std::lock_guard lock(mutex_);
        *db_ << sql("SELECT hash, role, branch, failures, locked_until FROM accounts WHERE name = ?"), use(name),
            into(hashes), into(roles), into(branches), into(failures), into(locked), now;
    }
    const std::int64_t t = seconds_now();
    if (hashes.empty()) {
        verify_password(hash_password("timing"), password);  // the same time as for a real account
        message = "账户名或密码不对。";
        return std::nullopt;
    }
    if (locked[0] > t) {
        message = "这个账户因连续输错密码已被暂时锁定，请 " + std::to_string((locked[0] - t + 59) / 60) + " 分钟后再试。";
        return std::nullopt;
    }
    if (!verify_password(hashes[0], password)) {
        int count = failures[0] + 1;
        std::int64_t until = count >= kMaxFailures ? t + kLockSeconds : 0;
        if (until) count = 0;
        std::lock_guard lock(mutex_);
        *db_ << sql("UPDATE accounts SET failures = ?, locked_until = ? WHERE name = ?"), use(count), use(until),
            use(name), now;
        message = until ? "密码连续输错 5 次，账户锁定 15 分钟。" : "账户名或密码不对。";
        return std::nullopt;
    }
    Session s;
    s.token = random_hex(32);
    s.csrf = random_hex(16);
    s.account = {name, role_from(roles[0]).value_or(Role::secretary), branches[0]};
    std::int64_t expires = t + kSessionSeconds;
    std::lock_guard lock(mutex_);
    *db_ << sql("UPDATE accounts SET failures = 0, locked_until = 0 WHERE name = ?"), use(name), now;
    *db_ << sql("INSERT INTO sessions (token, csrf, name, expires) VALUES (?, ?, ?, ?)"), use(s.token), use(s.csrf),
        use(name), use(expires), now;
    return s;
}

std::optional<Session> AccountStore::session(const std::string& token_in) {
    if (token_in.size() != 64) return std::nullopt;
    std::string token = token_in;
    std::vector<std::string> csrf, names, roles, branches;
    std::vector<std::int64_t> expires;
    std::unique_lock lock(reader_ ? reader_mutex_ : mutex_);
    *(reader_ ? reader_ : db_) << sql("SELECT s.csrf, s.name, a.role, a.branch, s.expires FROM sessions s JOIN accounts a ON a.name = s.name "
                "WHERE s.token = ?"),
        use(token), into(csrf), into(names), into(roles), into(branches), into(expires), now;
    if (csrf.empty() || expires[0] < seconds_now()) return std::nullopt;
    return Session{token, csrf[0], {names[0], role_from(roles[0]).value_or(Role::secretary), branches[0]}};
}

void AccountStore::log_out(const std::string& token_in) {
    std::string token = token_in;
    std::lock_guard lock(mutex_);
    *db_ << sql("DELETE FROM sessions WHERE token = ?"), use(token), now;
}

void AccountStore::log_change(const std::string& who, const std::string& branch, const std::string& what) {
    std::unique_lock lock(log_mutex_);
    log_queue_.push_back({seconds_now(), who, branch, what});
    const std::uint64_t mine = ++log_queued_;
    while (log_written_ < mine) {
        if (log_writing_) {
            log_done_.wait(lock);
            continue;
        }
        // This caller writes every entry queued so far, in one transaction.
        log_writing_ = true;
        std::vector<PendingChange> batch;
        batch.swap(log_queue_);
        const std::uint64_t first = log_written_ + 1, last = log_queued_;
        lock.unlock();
        std::exception_ptr failure;
        try {
            std::lock_guard db(mutex_);
            db_->begin();
            try {
                for (auto& c : batch)
                    *db_ << sql("INSERT INTO changes (at, who, branch, what) VALUES (?, ?, ?, ?)"), use(c.at), use(c.who),
                        use(c.branch), use(c.what), now;
                db_->commit();
            } catch (...) {
                db_->rollback();
                throw;
            }
        } catch (...) {
            failure = std::current_exception();
        }
        lock.lock();
        log_writing_ = false;
        log_written_ = last;
        if (failure) log_failures_[last] = {first, failure};
        log_done_.notify_all();
    }
    // Stored, unless the transaction that held this entry failed.
    if (const auto it = log_failures_.lower_bound(mine); it != log_failures_.end() && it->second.first <= mine)
        std::rethrow_exception(it->second.second);
}

std::vector<AccountStore::Change> AccountStore::changes(size_t last) {
    std::vector<std::int64_t> at;
    std::vector<std::string> who, branch, what;
    int limit = static_cast<int>(last);
    std::lock_guard lock(mutex_);
    *db_ << sql("SELECT at, who, branch, what FROM changes ORDER BY at DESC LIMIT ?"), use(limit), into(at), into(who),
        into(branch), into(what), now;
    std::vector<Change> out;
    for (size_t i = 0; i < at.size(); ++i) out.push_back({utc(at[i]), who[i], branch[i], what[i]});
    return out;
}

}  // namespace dangan::server
