#include "jobs/render_job.hpp"
#include "core/messages.hpp"

#include "catalog/items.hpp"
#include "catalog/numbering.hpp"
#include "jobs/output_guard.hpp"
#include "jobs/resources.hpp"
#include "jobs/template_data.hpp"
#include "jobs/typesetter.hpp"
#include "records/loader.hpp"
#include "rules/check.hpp"

#include <Poco/JSON/Array.h>

#include <atomic>
#include <chrono>
#include <set>

namespace dangan::jobs {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

/// Lays out 会议记录本: records first (the catalogue needs their real page counts), then the cover
/// and the catalogue, bound into one PDF with a bookmark per record.
class BookRenderer {
public:
    BookRenderer(const RenderRequest& request, const records::Dataset& data, std::ostream& err)
        : request_(request), data_(data), err_(err),
          typesetter_({request.template_dirs, request.deterministic, request.simplified}) {}

    /// Writes one 会议记录本 for `items` to `target`.
    void write_book(const std::string& title, int year, std::vector<catalog::Item> items,
                    const std::filesystem::path& target) {
        guard_output(target, make_guard(data_.files, request_.profile, request_.force));
        const auto started = std::chrono::steady_clock::now();
        const records::Organisation* org = data_.organisation ? &*data_.organisation : nullptr;
        const auto org_json = organisation_data(org);

        auto records = lay_out_records(items, org_json, target);

        Object::Ptr scope = new Object;
        scope->set("org", org_json);
        scope->set("book", book_data(title, year, items, org));
        Array::Ptr rows = new Array;
        for (const auto& item : items) rows->add(item_data(item));
        scope->set("items", rows);
        auto cover = typesetter_.lay_out("cover.tpl", scope, "封面");
        auto catalogue = typesetter_.lay_out("catalogue.tpl", scope, "归档文件目录");

        layout::LaidOutDocument book;
        book.info = cover.info;
        book.info.title = title;
        book.info.author = org ? org->name : "";
        book.info.subject = "会议记录本 " + std::to_string(year);
        book.info.created = request_.deterministic ? Typesetter::fixed_created : "";
        // One bookmark per part: the record's own headings would repeat the branch name 100 times.
        auto append = [&](layout::LaidOutDocument& part, const std::string& bookmark, int level) {
            for (auto& page : part.pages) page.bookmarks.clear();
            if (!part.pages.empty()) part.pages.front().bookmarks.push_back({bookmark, level, part.pages.front().height});
            for (auto& page : part.pages) book.pages.push_back(std::move(page));
            for (auto& d : part.diagnostics) book.diagnostics.push_back(std::move(d));
        };
        append(cover, "封面", 0);
        append(catalogue, "归档文件目录", 0);
        for (size_t i = 0; i < records.size(); ++i)
            append(records[i], items[i].code_text.substr(items[i].code_text.size() - 4) + " " + items[i].title, 0);

        const size_t bytes = typesetter_.write(book, target, err_);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        err_ << "dangan: wrote " << target.string() << " (" << book.pages.size() << " pages, " << items.size()
             << " records, " << bytes / 1024 << " KB, " << static_cast<int>(seconds * 1000) << " ms)\n";
    }

    bool problems() const { return typesetter_.problems(); }

private:
    /// Lays out every record and sets each item's page count, on every core (records are independent).
    std::vector<layout::LaidOutDocument> lay_out_records(std::vector<catalog::Item>& items, const Object::Ptr& org_json,
                                                         const std::filesystem::path& target) {
        std::vector<layout::LaidOutDocument> records(items.size());
        std::atomic<size_t> done{0};
        run_parallel(
            items.size(), {request_.template_dirs, request_.deterministic, request_.simplified}, typesetter_, err_,
            [&](size_t i, Typesetter& typesetter, std::ostream& messages) {
                Object::Ptr scope = new Object;
                scope->set("org", org_json);
                scope->set("item", item_data(items[i]));
                scope->set("record", meeting_data(*items[i].meeting));
                records[i] = typesetter.lay_out(request_.record_template, scope, items[i].meeting->id);
                items[i].pages = static_cast<int>(records[i].pages.size());
                if (const size_t count = ++done; request_.progress && count % 100 == 0)
                    messages << "dangan: " << target.filename().string() << ": " << count << "/" << items.size()
                             << " records laid out\n";
            },
            32);
        return records;
    }

    const RenderRequest& request_;
    const records::Dataset& data_;
    std::ostream& err_;
    Typesetter typesetter_;  ///< lays out too, and writes every PDF (its diagnostics include the workers')
};

std::string book_title(const std::string& kind) { return kind.empty() ? "会议记录本" : kind + "会议记录本"; }

std::string file_name(int year, const std::string& kind) {
    return std::to_string(year) + "-" + (kind.empty() ? "全部会议" : kind) + "-会议记录本.pdf";
}

}  // namespace

ExitCode run_render(const RenderRequest& request, std::ostream& out, std::ostream& err) {
    const auto inputs = load_inputs(request.inputs, request.profile, err);
    if (!inputs) return ExitCode::unusable;
    // Named references, not a structured binding: the lambdas below capture data, and clang 14
    // (used for the sanitizer and fuzz build) cannot capture structured bindings yet.
    const auto& book = inputs->book;
    const auto& data = inputs->data;

    // An incomplete or impossible date must never be printed silently into a filed ledger.
    const rules::CheckOptions options{request.as_of.value_or(core::today())};
    std::vector<rules::Finding> date_errors;
    for (auto& f : rules::check_dataset(data, book, options))
        if (f.severity == core::Severity::error && f.rule.starts_with("date.")) date_errors.push_back(std::move(f));
    if (!date_errors.empty()) {
        add_cell_references(date_errors, data);
        add_line_numbers(date_errors);
        err << rules::findings_to_text(date_errors);
        if (!request.allow_date_errors) {
            err << core::tr("dangan: 没有排版：上面的日期缺失、不完整或有误。请改正，或加上 --allow-date-errors 照样排版"
                            "（没有完整日期的记录不排入）。\n",
                            "dangan: not rendering: the dates above are missing, partial or wrong. Fix them, or run with "
                            "--allow-date-errors to render anyway (records without a full date are then left out).\n");
            return ExitCode::findings;
        }
        err << core::tr("dangan: 虽有上面的日期错误，仍然排版（--allow-date-errors）；没有完整日期的记录不排入\n",
                        "dangan: rendering despite the date errors above (--allow-date-errors); records without a full "
                        "date are left out\n");
    }

    std::optional<std::string> kind;
    if (request.kind) {
        const auto vocabulary = book.vocabulary();
        auto it = vocabulary.meeting_kinds.find(*request.kind);
        if (it == vocabulary.meeting_kinds.end())
            throw core::InputError({}, "--kind: unknown meeting kind '" + *request.kind + "'");
        kind = it->second;
    }
    std::set<int> years;
    for (const auto& m : data.meetings)
        if (m.date.full() && (!kind || m.kind == *kind)) years.insert(m.date.date->year);
    if (request.year) years = {*request.year};
    if (years.empty()) throw core::InputError({}, "no meeting record with a full date to render");

    // The one numbering: meetings share their 件号 sequence with the dossiers and the 党费台账, and with
    // --archive the numbers that archive has issued are printed.
    const catalog::Numbering numbering = numbering_for(data, request.archive, err);
    auto select = [&](int year, const std::optional<std::string>& only) {
        auto items = catalog::number_meetings(data, year, numbering);
        std::vector<catalog::Item> chosen;
        for (auto& item : items)
            if (!only || item.meeting->kind == *only) chosen.push_back(std::move(item));
        // 序号 counts the rows of this catalogue; the 档号 keeps the year's 件号.
        for (size_t i = 0; i < chosen.size(); ++i) chosen[i].sequence = static_cast<int>(i) + 1;
        return chosen;
    };

    BookRenderer renderer(request, data, err);
    if (request.out) {
        if (years.size() > 1)
            throw core::InputError({}, "the data spans several years; choose one with --year (or use --out-dir)");
        const int year = *years.begin();
        auto items = select(year, kind);
        if (items.empty()) throw core::InputError({}, "no meeting record of that kind and year to render");
        renderer.write_book(book_title(kind.value_or("")), year, std::move(items), *request.out);
    } else {
        const auto dir = request.out_dir.value_or("out");
        for (int year : years) {
            std::set<std::string> kinds;
            for (const auto& m : data.meetings)
                if (m.date.full() && m.date.date->year == year && (!kind || m.kind == *kind)) kinds.insert(m.kind);
            for (const auto& k : kinds)
                renderer.write_book(book_title(k), year, select(year, k), dir / file_name(year, k));
            if (!kind) renderer.write_book(book_title(""), year, select(year, std::nullopt), dir / file_name(year, ""));
        }
    }
    out.flush();
    return renderer.problems() ? ExitCode::findings : ExitCode::clean;
}

}  // namespace dangan::jobs
