// Accounts, sessions and the change log of the multi-branch server (`dangan serve --config`), in one
// database: SQLite (a file beside the config, the default) or PostgreSQL, through Poco::Data with the same
// SQL. Passwords are stored as Argon2id hashes (libargon2); sessions are random tokens with a CSRF token each.
#pragma once

#include <Poco/Data/Session.h>

#include <chrono>
#include <functional>
#include <memory>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace dangan::server {

/// Who may do what. A secretary sees and edits one branch; an inspector of the 工委 reads every branch and
/// the dashboard; an administrator manages accounts (and reads like an inspector).
enum class Role { secretary, inspector, admin };
std::string to_string(Role role);
std::optional<Role> role_from(const std::string& text);  ///< "secretary", "inspector", "admin" (or 书记/检查/管理员)

struct Account {
    std::string name;
    Role role = Role::secretary;
    std::string branch;  ///< the secretary's branch id; empty for the others
};

struct Session {
    std::string token;  ///< the cookie
    std::string csrf;   ///< every form of this session sends it back
    Account account;
};

/// "sqlite:FILE" or "postgresql:CONNECTION STRING" (libpq key=value pairs).
struct DatabaseConfig {
    std::string kind = "sqlite";
    std::string target;
};

class AccountStore {
public:
    /// Opens (and creates the tables of) the database. Throws core::InputError in Chinese when it cannot.
    explicit AccountStore(const DatabaseConfig& database);

    /// Adds or replaces an account. Throws core::InputError for a short password or a bad name.
    void set_account(const Account& account, const std::string& password);
    std::vector<Account> accounts();

    /// Checks a login. After 5 failures in a row an account is locked for 15 minutes (also for the right
    /// password); `message` then says so in Chinese. Returns the new session on success.
    std::optional<Session> log_in(const std::string& name, const std::string& password, std::string& message);
    std::optional<Session> session(const std::string& token);
    void log_out(const std::string& token);

    /// Appends to the change log: who, when (UTC), which branch, what.
    void log_change(const std::string& who, const std::string& branch, const std::string& what);
    struct Change {
        std::string at, who, branch, what;
    };
    std::vector<Change> changes(size_t last = 100);

    /// For tests: the clock the lock and the session expiry read.
    void set_clock(std::function<std::chrono::system_clock::time_point()> clock) { clock_ = std::move(clock); }

private:
    std::string sql(std::string text) const;  ///< '?' placeholders, as $1, $2 … for PostgreSQL
    std::int64_t seconds_now() const;         ///< seconds since the epoch, by `clock_`

    DatabaseConfig config_;
    std::unique_ptr<Poco::Data::Session> db_;
    std::mutex mutex_;  ///< one statement at a time on the one connection
    /// A second connection for looking up sessions (every request does): a login check never waits for the
    /// change log's writes. The same as db_ for an in-memory SQLite database (tests).
    std::unique_ptr<Poco::Data::Session> reader_;
    std::mutex reader_mutex_;
    /// The change log's group commit: entries that arrive while others are written wait and are then written
    /// together in one transaction (one sync to disk for fifty saves at once); each caller returns only when
    /// its entry is stored, or throws what storing it threw.
    struct PendingChange {
        std::int64_t at;
        std::string who, branch, what;
    };
    std::mutex log_mutex_;
    std::condition_variable log_done_;
    std::vector<PendingChange> log_queue_;
    bool log_writing_ = false;
    std::uint64_t log_queued_ = 0, log_written_ = 0;
    std::map<std::uint64_t, std::pair<std::uint64_t, std::exception_ptr>> log_failures_;  ///< last → (first, why)
    std::function<std::chrono::system_clock::time_point()> clock_ = [] { return std::chrono::system_clock::now(); };
};

/// Argon2id of a password with a random salt, as the encoded string libargon2 verifies.
std::string hash_password(const std::string& password);
bool verify_password(const std::string& encoded, const std::string& password);

}  // namespace dangan::server
