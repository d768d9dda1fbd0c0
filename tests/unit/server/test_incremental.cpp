// A save reloads only the records it changed and reruns only the rule families that read the kinds of
// record it changed (Branch::load_with, Branch::judge). What the pages then show must be exactly what a
// full reading of the folder gives: here generated edits — new meetings, edited ones with dates that
// break intervals and numbers that repeat or skip, kinds changed, places emptied, 发展 steps and 换届
// steps moved, members renamed — each compared with a fresh Branch that reads and checks everything.
#include "core/atomic_write.hpp"
#include "server/branch.hpp"
#include "support/temp_dir.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include <random>

using namespace dangan;
using namespace dangan::server;
namespace fs = std::filesystem;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

std::string shown_finding(const rules::Finding& f) {
    return f.rule + "|" + std::to_string(static_cast<int>(f.severity)) + "|" + f.where.file + ":" +
           std::to_string(f.where.line) + ":" + std::to_string(f.where.column) + "|" + f.where.record + "|" +
           f.where.field + "|" + f.period + "|" + f.message;
}

std::string shown_diagnostic(const core::Diagnostic& d) {
    return d.where.file + ":" + std::to_string(d.where.line) + "|" + d.where.field + "|" + d.message;
}

/// Everything a page shows of a snapshot, as lines: findings in their order, loading problems (any
/// order), reminders, and the records in their order.
struct Shown {
    std::vector<std::string> findings, diagnostics, reminders, records;
    explicit Shown(const Snapshot& s) {
        for (const auto& f : s.findings) findings.push_back(shown_finding(f));
        for (const auto& d : s.diagnostics) diagnostics.push_back(shown_diagnostic(d));
        std::sort(diagnostics.begin(), diagnostics.end());
        for (const auto& r : s.reminders) reminders.push_back(r.message);
        for (const auto& m : s.data.meetings) records.push_back(m.where.file + m.where.field + " " + m.id + " " + m.title);
        for (const auto& d : s.data.developments) records.push_back(d.where.file + " " + d.name);
        for (const auto& e : s.data.elections) records.push_back(e.where.file + " " + e.id);
        records.push_back("files " + std::to_string(s.data.files.size()));
    }
};

struct IncrementalFixture {
    testing::TempDir dir{"incremental"};
    fs::path data = dir.path / "branch";
    std::unique_ptr<Branch> branch;
    std::mt19937 random{20261206};
    std::vector<std::string> names, kinds;

    IncrementalFixture() {
        fs::copy(fs::path(DANGAN_SOURCE_DIR) / "samples/branch-2025", data, fs::copy_options::recursive);
        branch = std::make_unique<Branch>(data, std::nullopt, core::parse_date("2025-12-31"));
        const auto s = branch->load();
        for (const auto& m : s->data.organisation->members) names.push_back(m.name);
        names.push_back("不在册的人");
        for (const auto& k : s->book->base().meeting_kinds) kinds.push_back(k.name);
    }

    size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random); }
    bool chance(int percent) { return static_cast<int>(pick(100)) < percent; }

    std::string date() {
        // Mostly 2025 (intervals and numbers within the year), some the year before, some after "today".
        const int year = chance(80) ? 2025 : chance(50) ? 2024 : 2026;
        char text[16];
        std::snprintf(text, sizeof text, "%04d-%02zu-%02zu", year, pick(12) + 1, pick(28) + 1);
        return text;
    }

    /// A generated meeting, or `base` (a stored record) with a few fields changed.
    Object::Ptr meeting(const Object::Ptr& base = nullptr) {
        Object::Ptr o = base ? Object::Ptr(new Object(*base)) : Object::Ptr(new Object(Poco::JSON_PRESERVE_KEY_ORDER));
        if (!base || chance(30)) o->set("type", kinds[pick(kinds.size())]);
        if (!base || chance(60)) o->set("date", date());
        if (!base || chance(40)) o->set("number", static_cast<int>(pick(6) + 1));
        if (chance(20)) o->remove("number");
        if (!base) o->set("title", "生成" + std::to_string(random()));
        if (!base || chance(30)) o->set("place", chance(80) ? "活动室" : "");
        if (!base || chance(30)) o->set("host", names[pick(names.size())]);
        if (!base || chance(20)) o->set("recorder", names[pick(names.size())]);
        if (chance(30)) {
            Object::Ptr attendance = new Object;
            Array::Ptr present = new Array;
            for (size_t i = 0, n = pick(names.size()) + 1; i < n; ++i) present->add(names[pick(names.size())]);
            attendance->set("expected", static_cast<int>(pick(12) + 1));
            attendance->set("present", present);
            o->set("attendance", attendance);
        }
        return o;
    }

    /// The stored JSON of a record file (keys in written order).
    Object::Ptr file_json(const std::string& file) const {
        Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
        return parser.parse(core::read_file(data / file)).extract<Object::Ptr>();
    }

    /// One random group of meeting saves: new ones and edits of stored list records.
    void meetings_group() {
        const auto now = branch->load();
        std::vector<Branch::SaveRequest> saves;
        for (size_t i = 0, n = pick(6) + 1; i < n; ++i) {
            std::vector<const records::Meeting*> listed;
            for (const auto& m : now->data.meetings)
                if (m.where.field.starts_with("/records/")) listed.push_back(&m);
            if (chance(50) && !listed.empty()) {
                const auto* m = listed[pick(listed.size())];
                const auto ref = Branch::ref_of(*m, data);
                const auto stored = Branch::object_at(file_json(ref.file), ref.pointer);
                saves.push_back({meeting(stored), ref, Branch::version_of(*stored)});
            } else {
                saves.push_back({meeting(), std::nullopt, ""});
            }
        }
        branch->save_meetings(saves);
    }

    /// A step of a 发展 or 换届 dossier moved to another date (save_object, as the step form does).
    void dossier_step() {
        const std::string file = chance(70) ? "dossiers/development-feng-haoran.json" : "dossiers/election-2025.json";
        const auto top = file_json(file);
        const auto steps = top->getArray("steps");
        const std::string pointer = "/steps/" + std::to_string(pick(steps->size()));
        const auto step = Branch::object_at(top, pointer);
        const std::string when = date();
        const auto result = branch->save_object(file, pointer, Branch::version_of(*step), [&](Object::Ptr o) {
            o->set("date", when);
            return std::string();
        });
        CHECK(result.outcome == SaveResult::Outcome::saved);
    }

    /// A member's group changed (save_member: the organisation, every family reads it).
    void member() {
        const auto top = file_json("organisation.json");
        const size_t index = pick(top->getArray("members")->size());
        const auto current = top->getArray("members")->getObject(static_cast<unsigned>(index));
        Object::Ptr fields = new Object;
        fields->set("group", chance(50) ? "第一党小组" : "第二党小组");
        branch->save_member(fields, index, Branch::version_of(*current));
    }
};

}  // namespace

TEST_CASE("after generated saves the incremental findings equal a full check of the folder", "[server][incremental]") {
    IncrementalFixture f;
    size_t compared = 0, with_findings_changed = 0;
    std::vector<std::string> before = Shown(*f.branch->load()).findings;
    for (int step = 0; step < 60; ++step) {
        const int what = static_cast<int>(f.pick(10));
        if (what < 7) f.meetings_group();
        else if (what < 9) f.dossier_step();
        else f.member();
        const auto incremental = f.branch->load();
        // The snapshot the save made is what the pages see (not a reading of the folder).
        REQUIRE(incremental->changed != ~0u);
        const Branch fresh(f.data, std::nullopt, core::parse_date("2025-12-31"));
        const auto full = fresh.load();
        const Shown a(*incremental), b(*full);
        INFO("step " << step << " (" << what << ")");
        CHECK(a.records == b.records);
        CHECK(a.diagnostics == b.diagnostics);
        CHECK(a.findings == b.findings);
        CHECK(a.reminders == b.reminders);
        ++compared;
        with_findings_changed += a.findings != before;
        before = a.findings;
    }
    CHECK(compared == 60);
    // The edits did change what the rules find (else the comparison would prove little), and most
    // saves of meetings reloaded only the records they changed.
    CHECK(with_findings_changed > 30);
    CHECK(f.branch->partial_reloads() > 20);
}

TEST_CASE("a record file edited outside the app is read whole, never taken from the snapshot", "[server][incremental]") {
    IncrementalFixture f;
    f.meetings_group();
    // Another program rewrites a list file (one record's place emptied) between two saves.
    auto top = f.file_json("meetings/committee-2025.json");
    top->getArray("records")->getObject(0)->set("place", "");
    std::ostringstream text;
    top->stringify(text, 2);
    core::write_file_atomically(f.data / "meetings/committee-2025.json", text.str());
    const auto stored = Branch::object_at(top, "/records/1");
    Object::Ptr edited = new Object(*stored);
    edited->set("title", "改过的标题");
    const auto results = f.branch->save_meetings({{edited, RecordRef{"meetings/committee-2025.json", "/records/1"},
                                                   Branch::version_of(*stored)}});
    REQUIRE(results.at(0).outcome == SaveResult::Outcome::saved);
    const Branch fresh(f.data, std::nullopt, core::parse_date("2025-12-31"));
    CHECK(Shown(*f.branch->load()).findings == Shown(*fresh.load()).findings);
    bool empty_place_found = false;
    for (const auto& finding : f.branch->load()->findings)
        empty_place_found |= finding.where.file.ends_with("committee-2025.json") && finding.where.field.starts_with("/records/0");
    CHECK(empty_place_found);
}
