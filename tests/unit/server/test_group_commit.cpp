// Group commit of saves (Branch::save_meeting, save_meetings): saves that wait for the one being written
// are committed together, and each still gets the answer it would have had alone — saved in arrival
// order, 409 for a stale version (also when the newer version is from the same group), refused when its
// record would not load — with nothing lost, nothing written twice and every file written atomically.
#include "core/atomic_write.hpp"
#include "records/loader.hpp"
#include "server/branch.hpp"
#include "support/temp_dir.hpp"

#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include <set>
#include <thread>

using namespace dangan;
using namespace dangan::server;
namespace fs = std::filesystem;
using Poco::JSON::Object;

namespace {

struct GroupFixture {
    testing::TempDir dir{"group"};
    fs::path data = dir.path / "branch";
    std::unique_ptr<Branch> branch;

    GroupFixture() {
        fs::copy(fs::path(DANGAN_SOURCE_DIR) / "samples/branch-2025", data, fs::copy_options::recursive);
        branch = std::make_unique<Branch>(data, std::nullopt, core::parse_date("2025-12-31"));
    }

    /// The meetings as the command line loads the folder now (fails the test on a loading error).
    std::vector<records::Meeting> meetings() const {
        const auto book = rules::RuleBook::load(fs::path(DANGAN_SOURCE_DIR) / "profiles", std::nullopt);
        core::DiagnosticSink sink;
        auto loaded = records::load_dataset({data}, book.vocabulary(), sink);
        CHECK_FALSE(sink.has_errors());
        return loaded.meetings;
    }
};

Object::Ptr meeting(const std::string& title, const std::string& kind = "党小组会") {
    Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("type", kind);
    o->set("title", title);
    o->set("date", "2025-12-30");
    o->set("place", "活动室");
    o->set("host", "王建华");
    o->set("recorder", "陈静");
    return o;
}

size_t count_titled(const std::vector<records::Meeting>& meetings, const std::string& title) {
    return static_cast<size_t>(std::count_if(meetings.begin(), meetings.end(), [&](const auto& m) { return m.title == title; }));
}

}  // namespace

TEST_CASE("a group of new meetings is saved in arrival order, each once, with its own place", "[server]") {
    GroupFixture f;
    std::vector<Branch::SaveRequest> saves;
    for (int i = 0; i < 5; ++i) saves.push_back({meeting("组" + std::to_string(i)), std::nullopt, ""});
    const auto results = f.branch->save_meetings(saves);
    REQUIRE(results.size() == 5);
    for (int i = 0; i < 5; ++i) {
        CHECK(results[i].outcome == SaveResult::Outcome::saved);
        CHECK(results[i].where.file == "meetings/web-2025.json");
        CHECK(results[i].where.pointer == "/records/" + std::to_string(i));
        CHECK(results[i].version == Branch::version_of(*saves[i].record));
    }
    const auto all = f.meetings();
    CHECK(all.size() == 65 + 5);
    for (int i = 0; i < 5; ++i) CHECK(count_titled(all, "组" + std::to_string(i)) == 1);
    // The snapshot the group checked is the folder as it now is: the pages see all five.
    CHECK(f.branch->load()->data.meetings.size() == 70);
}

TEST_CASE("two edits of one record from the same version in one group: the first is saved, the second gets 409",
          "[server]") {
    GroupFixture f;
    const auto snap = f.branch->load();
    const records::Meeting* original = nullptr;
    for (const auto& m : snap->data.meetings)
        if (Branch::ref_of(m, f.data).file.ends_with(".json") && !Branch::ref_of(m, f.data).pointer.empty()) {
            original = &m;
            break;
        }
    REQUIRE(original != nullptr);
    const RecordRef ref = Branch::ref_of(*original, f.data);
    const std::string version = Branch::version_of(*original->json());
    Object::Ptr mine = new Object(*original->json());
    mine->set("place", "第一间会议室");
    Object::Ptr theirs = new Object(*original->json());
    theirs->set("place", "第二间会议室");

    const auto results = f.branch->save_meetings({{mine, ref, version}, {theirs, ref, version}, {meeting("另一条"), std::nullopt, ""}});
    CHECK(results[0].outcome == SaveResult::Outcome::saved);
    CHECK(results[1].outcome == SaveResult::Outcome::conflict);
    REQUIRE(results[1].theirs);
    CHECK(results[1].theirs->getValue<std::string>("place") == "第一间会议室");  // the version the group saved first
    CHECK(results[2].outcome == SaveResult::Outcome::saved);
    const auto all = f.meetings();
    CHECK(std::count_if(all.begin(), all.end(), [](const auto& m) { return m.place == "第一间会议室"; }) == 1);
    CHECK(std::none_of(all.begin(), all.end(), [](const auto& m) { return m.place == "第二间会议室"; }));
    CHECK(count_titled(all, "另一条") == 1);
}

TEST_CASE("a save that would not load is refused alone; the rest of its group is saved", "[server]") {
    GroupFixture f;
    const auto results = f.branch->save_meetings({{meeting("好的一条"), std::nullopt, ""},
                                                  {meeting("坏的一条", "不存在的会议"), std::nullopt, ""},
                                                  {meeting("又一条"), std::nullopt, ""}});
    CHECK(results[0].outcome == SaveResult::Outcome::saved);
    CHECK(results[1].outcome == SaveResult::Outcome::invalid);
    CHECK_FALSE(results[1].messages.empty());
    CHECK(results[2].outcome == SaveResult::Outcome::saved);
    CHECK(results[2].where.pointer == "/records/1");  // the refused one took no place
    const auto all = f.meetings();
    CHECK(count_titled(all, "好的一条") == 1);
    CHECK(count_titled(all, "坏的一条") == 0);
    CHECK(count_titled(all, "又一条") == 1);
}

TEST_CASE("a save whose record vanished meanwhile is 409 and leaves the group's other saves alone", "[server]") {
    GroupFixture f;
    const auto results = f.branch->save_meetings({{meeting("留下"), std::nullopt, ""},
                                                  {meeting("改不存在的"), RecordRef{"meetings/web-2025.json", "/records/7"}, "x"}});
    CHECK(results[0].outcome == SaveResult::Outcome::saved);
    CHECK(results[1].outcome == SaveResult::Outcome::conflict);
    CHECK(count_titled(f.meetings(), "留下") == 1);
}

TEST_CASE("40 secretaries saving at once: every save stored once, committed in fewer writes than saves", "[server]") {
    GroupFixture f;
    constexpr int n = 40;
    std::vector<SaveResult> results(n);
    std::vector<std::thread> threads;
    std::atomic<int> ready{0};
    for (int i = 0; i < n; ++i)
        threads.emplace_back([&, i] {
            ++ready;
            while (ready < n) std::this_thread::yield();  // released together
            results[i] = f.branch->save_meeting(meeting("并发" + std::to_string(i)), std::nullopt, "");
        });
    for (auto& t : threads) t.join();
    std::set<std::string> places;
    for (const auto& r : results) {
        CHECK(r.outcome == SaveResult::Outcome::saved);
        places.insert(r.where.pointer);
    }
    CHECK(places.size() == n);  // no two saves were told the same place
    const auto all = f.meetings();
    CHECK(all.size() == 65 + n);
    for (int i = 0; i < n; ++i) CHECK(count_titled(all, "并发" + std::to_string(i)) == 1);
    const auto stats = f.branch->commit_stats();
    CHECK(stats.saves == n);
    CHECK(stats.groups <= static_cast<size_t>(n));
    // Each save was told where it went: the record at that place is that save's.
    const auto snap = f.branch->load();
    for (int i = 0; i < n; ++i) {
        const auto* m = f.branch->find(*snap, results[i].where);
        REQUIRE(m != nullptr);
        CHECK(m->title == "并发" + std::to_string(i));
    }
}

TEST_CASE("with the group limit 1 every save is its own commit (the behaviour before group commit)", "[server]") {
    GroupFixture f;
    f.branch->set_group_limit(1);
    std::vector<std::thread> threads;
    for (int i = 0; i < 6; ++i)
        threads.emplace_back([&, i] { f.branch->save_meeting(meeting("单" + std::to_string(i)), std::nullopt, ""); });
    for (auto& t : threads) t.join();
    const auto stats = f.branch->commit_stats();
    CHECK(stats.groups == 6);
    CHECK(stats.largest == 1);
    CHECK(f.meetings().size() == 71);
}
