#include "core/atomic_write.hpp"
#include "core/diagnostic.hpp"

#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"

#include <filesystem>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>
#include "core/messages.hpp"

// These tests pin the English texts (--lang en); the Chinese ones are tested in test_messages.cpp.
[[maybe_unused]] static const bool english_messages_atomic_write = (dangan::core::set_language(dangan::core::Language::en), true);

using namespace dangan::core;
namespace fs = std::filesystem;
using dangan::testing::TempDir;

namespace {

size_t count_temporaries(const fs::path& dir) {
    size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir)) n += e.path().extension() == ".tmp";
    return n;
}

/// A process id that certainly belongs to no process: a child that has exited and been reaped.
pid_t dead_pid() {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);
    return child;
}

}  // namespace

TEST_CASE("a file is written whole, replaced whole, and no temporary file is left") {
    TempDir dir{"atomic"};
    const auto target = dir.path / "sub" / "book.pdf";
    write_file_atomically(target, "first");
    CHECK(read_file(target) == "first");
    write_file_atomically(target, "second version");
    CHECK(read_file(target) == "second version");
    CHECK(count_temporaries(target.parent_path()) == 0);
}

TEST_CASE("temporary files of killed writers are removed; those of running writers are kept") {
    TempDir dir{"atomic"};
    const auto target = dir.path / "book.pdf";
    const auto orphan = dir.path / (".book.pdf." + std::to_string(dead_pid()) + ".12345.tmp");
    const auto running = dir.path / (".book.pdf." + std::to_string(::getppid()) + ".777.tmp");
    const auto other = dir.path / (".other.pdf." + std::to_string(dead_pid()) + ".1.tmp");
    for (const auto& p : {orphan, running, other}) std::ofstream(p) << "half a ledger";
    write_file_atomically(target, "done");
    CHECK_FALSE(fs::exists(orphan));
    CHECK(fs::exists(running));
    CHECK(fs::exists(other));  // another target's leftovers are that writer's business
}

TEST_CASE("a file that cannot be written is an input error naming it, and the old file stays") {
    TempDir dir{"atomic"};
    const auto target = dir.path / "book.pdf";
    write_file_atomically(target, "kept");
    fs::create_directories(dir.path / "folder.pdf");
    CHECK_THROWS_WITH(write_file_atomically(dir.path / "folder.pdf", "x"),
                      Catch::StartsWith((dir.path / "folder.pdf").string() + ": error: cannot move the finished file"));
    CHECK(count_temporaries(dir.path) == 0);
    CHECK(read_file(target) == "kept");
    CHECK_THROWS_WITH(read_file(dir.path / "missing.json"),
                      (dir.path / "missing.json").string() + ": error: cannot open the file: No such file or directory");
    CHECK_THROWS_WITH(read_file(dir.path), dir.path.string() + ": error: expected a file, found a folder");
}

TEST_CASE("diagnostics print file, line, column, record and field, leaving out what is unknown") {
    Diagnostic d{Severity::warning, {"m.json", 3, 14, "2025-03-01 党课", "/host"}, "unknown field", {"did you mean 'host'?"}};
    CHECK(d.str() == "m.json:3:14 (2025-03-01 党课, /host): warning: unknown field\n  hint: did you mean 'host'?");
    CHECK(Diagnostic{Severity::error, {}, "no input", {}}.str() == "error: no input");
    CHECK(Diagnostic{Severity::info, {"a.json"}, "x", {}}.str() == "a.json: info: x");
    DiagnosticSink sink;
    sink.warning({"a.json"}, "w");
    CHECK_FALSE(sink.has_errors());
    sink.error({"a.json"}, "e");
    CHECK(sink.has_errors());
}

TEST_CASE("a file written in pieces appears only on commit; without commit the target is left as it was") {
    TempDir dir{"atomic_pieces"};
    const fs::path target = dir.path / "book.pdf";
    {
        std::ofstream(target) << "old";
        AtomicFile file(target);
        file.write("%PDF-");
        file.write("1.4\n");
        CHECK(read_file(target) == "old");  // the reader still sees the old file
        CHECK(count_temporaries(dir.path) == 1);
        file.commit();
    }
    CHECK(read_file(target) == "%PDF-1.4\n");
    CHECK(count_temporaries(dir.path) == 0);
    {
        AtomicFile file(target);
        file.write("half a book");
        // destroyed without commit (an exception on the way)
    }
    CHECK(read_file(target) == "%PDF-1.4\n");
    CHECK(count_temporaries(dir.path) == 0);
    AtomicFile done(target);
    done.commit();
    CHECK_THROWS_AS(done.write("more"), InputError);
}
