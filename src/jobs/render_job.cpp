#include "jobs/render_job.hpp"
#include "core/messages.hpp"

#include "catalog/items.hpp"
#include "catalog/numbering.hpp"
#include "jobs/output_guard.hpp"
#include "jobs/resources.hpp"
#include "jobs/template_data.hpp"
#include "jobs/typesetter.hpp"
#include "layout/book.hpp"
#include "layout/page_pack.hpp"
#include "records/loader.hpp"
#include "rules/check.hpp"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <set>

#include <malloc.h>

namespace dangan::jobs {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

/// The typesetter of a render: templates from --templates, pictures (<image>) also from the data folders.
TypesetterOptions typesetter_options(const RenderRequest& request) {
    TypesetterOptions options{request.template_dirs, request.deterministic, request.simplified, {}};
    for (const auto& input : request.inputs)
        options.image_dirs.push_back(std::filesystem::is_directory(input) ? input : input.parent_path());
    return options;
}

/// Where a record sits in the bound book: physical pages (the cover is page 1) and what its first and
/// last pages print. 0 and "" while the book is not yet paginated.
struct Place {
    int first = 0, last = 0;
    std::string first_printed, last_printed;
};

/// A catalogue row or a record's `item`: the item and its place in the book (item.first_page …).
/// The keys of a book's item that depend on where the record lands in the book (placed_item sets them).
const std::vector<std::string> place_keys = {"first_page", "last_page", "first_page_printed", "last_page_printed",
                                             "page_range"};

Object::Ptr placed_item(const catalog::Item& item, const Place& place) {
    Object::Ptr o = item_data(item);
    o->set("date_iso", item.meeting ? item.meeting->date.date->iso() : std::string());
    o->set(place_keys[0], place.first);
    o->set(place_keys[1], place.last);
    o->set(place_keys[2], place.first_printed);
    o->set(place_keys[3], place.last_printed);
    // 起止页 as DA/T 22 writes it: "5" for one page, "5-7" for several.
    o->set(place_keys[4], place.first == place.last ? std::to_string(place.first)
                                                   : std::to_string(place.first) + "-" + std::to_string(place.last));
    return o;
}

/// Lays out 会议记录本 in one run, numbered through the book: the records first (only then are their page
/// counts known), then the cover and the catalogue until the catalogue's length is stable (layout::
/// settle_front), then every page's header and footer, now that each record knows its first page.
class BookRenderer {
public:
    BookRenderer(const RenderRequest& request, const records::Dataset& data, std::ostream& err)
        : request_(request), data_(data), err_(err),
          typesetter_(typesetter_options(request)) {}

    /// Writes one 会议记录本 for `items` to `target`.
    void write_book(const std::string& title, int year, std::vector<catalog::Item> items,
                    const std::filesystem::path& target, int last_year = 0) {
        // A book of several years (--year 2024-2026, --all) prints its years as "2024-2026".
        const std::string years =
            last_year > year ? std::to_string(year) + "-" + std::to_string(last_year) : std::to_string(year);
        guard_output(target, make_guard(data_.files, request_.profile, request_.force));
        const auto started = std::chrono::steady_clock::now();
        const records::Organisation* org = data_.organisation ? &*data_.organisation : nullptr;
        const auto org_json = organisation_data(org);

        std::vector<Place> places(items.size());
        std::vector<layout::PagedDocument> records(items.size());
        std::vector<size_t> hashes(items.size());
        parked_.assign(items.size(), {});
        plain_parking_ = plain_parking_budget;
        std::vector<size_t> all(items.size());
        for (size_t i = 0; i < all.size(); ++i) all[i] = i;
        const FrontHeading heading{title, year, last_year, years, org, org_json};
        std::future<int> guessed_front = guess_front_pages(heading, items);
        lay_out_records(all, items, places, org_json, records, hashes, target);

        // The front's length settles from the first length it is laid out for: a guess laid out on a thread
        // of its own while the records are laid out (see guess_front_pages) leaves one pass of the front,
        // not two, for the time the other cores would stand idle.
        int guess = guessed_front.get();
        layout::Front front;
        for (int round = 1;; ++round) {
            front = {};  // the last round's front pages are not kept while the next round lays out its own
            front = layout::settle_front(
                [&](int front_pages) {
                    place_records(front_pages, records, places);
                    return lay_out_front(typesetter_, heading, items, places, front_pages);
                },
                guess);
            guess = front.pages;
            place_records(front.pages, records, places);
            // A record template may print its own place (item.first_page …): those records are laid out
            // again now that it is known; if that changes their length, the book is paginated again.
            const auto changed = records_printing_place(items, places, org_json, hashes);
            if (changed.empty()) break;
            std::vector<size_t> before(changed.size());
            for (size_t k = 0; k < changed.size(); ++k) before[k] = records[changed[k]].pages();
            lay_out_records(changed, items, places, org_json, records, hashes, target);
            bool moved = false;
            for (size_t k = 0; k < changed.size(); ++k) moved = moved || records[changed[k]].pages() != before[k];
            if (!moved) break;
            if (round >= 4) {
                err_ << "dangan: " << target.filename().string()
                     << ": 记录模板打印的起止页仍在变化，页码可能不准 (the record pages printing their own place in "
                        "the book kept changing length; check item.first_page)\n";
                break;
            }
        }
        // The front's passes built and freed its markup, document tree and rows on this thread (a 10,000-row
        // 归档文件目录 of nine columns: tens of MB); give the pages back before the book is written.
        if (large_book(items.size())) malloc_trim(0);
        if (!front.settled)
            err_ << "dangan: " << target.filename().string() << ": 归档文件目录的页数排了 " << front.passes
                 << " 次仍未稳定，目录中的页码可能不准 (the catalogue's length did not settle)\n";

        const int book_pages = places.empty() ? front.pages : places.back().last;
        std::vector<layout::LaidOutDocument> front_parts;
        int next = 1;
        for (auto& part : front.parts) {
            const int first = next;
            next += static_cast<int>(part.pages());
            front_parts.push_back(layout::finish_pages(std::move(part), typesetter_.fonts(), {first, book_pages}));
        }
        layout::DocumentInfo info = front_parts.front().info;
        info.title = title;
        info.author = org ? org->name : "";
        info.subject = "会议记录本 " + years;
        info.created = request_.deterministic ? Typesetter::fixed_created : "";
        // One bookmark per part: the record's own headings would repeat the branch name 100 times.
        auto one_bookmark = [](layout::LaidOutDocument& part, const std::string& bookmark) {
            for (auto& page : part.pages) page.bookmarks.clear();
            if (!part.pages.empty()) part.pages.front().bookmarks.push_back({bookmark, 0, part.pages.front().height});
        };
        one_bookmark(front_parts[0], "封面");
        one_bookmark(front_parts[1], "归档文件目录");
        // The pages go into the file as they are finished: the records' headers and footers are drawn a
        // batch at a time on every core, written, and freed, so the finished book is never held whole.
        size_t pages = 0;
        const size_t bytes = typesetter_.write_parts(info, target, err_, [&](const Typesetter::AddPart& add) {
            for (auto& part : front_parts) {
                add(part);
                part = {};
            }
            // The catalogue's pages (tens of MB in a book of 10,000 records) were freed on this thread; the
            // records' pages are finished on every thread, each allocating from its own arena, so what was
            // freed here would sit unused beside them: give it back first.
            if (large_book(items.size())) malloc_trim(0);
            constexpr size_t batch = 128;
            std::vector<layout::LaidOutDocument> finished;
            for (size_t from = 0; from < records.size(); from += batch) {
                const size_t count = std::min(batch, records.size() - from);
                finished.assign(count, {});
                run_parallel(
                    count, typesetter_options(request_), typesetter_, err_,
                    [&](size_t k, Typesetter& typesetter, std::ostream&) {
                        const size_t i = from + k;
                        layout::unpack_content(std::move(parked_[i]), records[i].laid_out.pages);
                        finished[k] = layout::finish_pages(std::move(records[i]), typesetter.fonts(),
                                                           {places[i].first, book_pages});
                        records[i] = {};
                        for (auto& d : finished[k].diagnostics)
                            if (d.where.record.empty()) d.where.record = items[i].meeting->id;
                        one_bookmark(finished[k], items[i].code_text.substr(items[i].code_text.size() - 4) + " " +
                                                      items[i].title);
                    },
                    32);
                for (auto& part : finished) add(part);
            }
        }, &pages);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        const std::string size = std::to_string(bytes / 1024) + " KB";
        const std::string ms = std::to_string(static_cast<int>(seconds * 1000));
        err_ << core::tr("dangan: 已写出 " + target.string() + "（" + std::to_string(pages) + " 页，" +
                             std::to_string(items.size()) + " 条记录，" + size + "，" + ms + " 毫秒）",
                         "dangan: wrote " + target.string() + " (" + std::to_string(pages) + " pages, " +
                             std::to_string(items.size()) + " records, " + size + ", " + ms + " ms)")
             << "\n";
    }

    bool problems() const { return typesetter_.problems(); }

private:
    /// Whether giving freed memory back to the system (malloc_trim) is worth its time: it walks every arena
    /// and returns each free stretch with a system call of its own (the 12 sample books made 932 madvise
    /// calls with it, 28 without), and only a book of thousands of records frees enough at once to lower
    /// its peak.
    static bool large_book(size_t records) { return records >= 2000; }

    /// What the cover and the catalogue print of the book itself.
    struct FrontHeading {
        std::string title;
        int year = 0, last_year = 0;
        std::string years;  ///< "2025", or "2024-2026" for a book of several years
        const records::Organisation* org = nullptr;
        Object::Ptr org_json;
    };

    /// The cover and the catalogue for records starting at physical page front_pages + 1.
    static std::vector<layout::PagedDocument> lay_out_front(Typesetter& typesetter, const FrontHeading& heading,
                                                            const std::vector<catalog::Item>& items,
                                                            const std::vector<Place>& places, int front_pages) {
        Object::Ptr scope = new Object;
        scope->set("org", heading.org_json);
        auto book = book_data(heading.title, heading.year, items, heading.org);
        book->set("first_year", heading.year);
        book->set("last_year", std::max(heading.year, heading.last_year));
        if (heading.last_year > heading.year) book->set("year", heading.years);
        book->set("front_pages", front_pages);
        book->set("book_pages", places.empty() ? front_pages : places.back().last);
        scope->set("book", book);
        {
            Array::Ptr rows = new Array;
            for (size_t i = 0; i < items.size(); ++i) rows->add(placed_item(items[i], places[i]));
            scope->set("items", rows);
        }
        std::vector<layout::PagedDocument> parts;
        parts.push_back(typesetter.lay_out_pages("cover.tpl", scope, "封面"));
        // The scope goes with the catalogue: its rows (10,000 objects in a book of 10,000 records) are
        // freed once the markup is rendered, before the catalogue is laid out.
        parts.push_back(typesetter.lay_out_pages("catalogue.tpl", std::move(scope), "归档文件目录"));
        return parts;
    }

    /// The front's length for a first guess, laid out on a thread of its own while the records are laid out
    /// (the catalogue of a 10,000-record book takes a second and a half per pass). The records' page counts
    /// are not known yet: each is taken as kGuessedRecordPages, which gives page numbers of about the right
    /// number of digits, and a catalogue's length depends on little else. A wrong guess costs one more pass
    /// of settle_front, never a wrong number; a template error here is left for that pass to report.
    std::future<int> guess_front_pages(const FrontHeading& heading, const std::vector<catalog::Item>& items) {
        constexpr int kGuessedRecordPages = 3;
        constexpr int kGuessedFrontPages = 2;
        auto guess_items = std::make_shared<std::vector<catalog::Item>>(items);  // items[i].pages is being set
        return std::async(std::launch::async, [this, heading, guess_items] {
            try {
                std::vector<Place> places(guess_items->size());
                int next = kGuessedFrontPages + 1;
                for (size_t i = 0; i < places.size(); ++i) {
                    (*guess_items)[i].pages = kGuessedRecordPages;
                    places[i].first = next;
                    places[i].last = next + kGuessedRecordPages - 1;
                    places[i].first_printed = std::to_string(places[i].first);
                    places[i].last_printed = std::to_string(places[i].last);
                    next += kGuessedRecordPages;
                }
                int pages = 0;
                {
                    Typesetter typesetter(typesetter_options(request_));
                    for (const auto& part : lay_out_front(typesetter, heading, *guess_items, places, kGuessedFrontPages))
                        pages += static_cast<int>(part.pages());
                }
                // This thread's malloc arena held the whole catalogue (30 MB for 10,000 rows): give it back
                // before the records' pages grow into their peak.
                if (large_book(guess_items->size())) malloc_trim(0);
                return pages;
            } catch (...) {
                return kGuessedFrontPages;
            }
        });
    }

    /// The record's template scope: the branch, the item with its place in the book, the record.
    static Object::Ptr record_scope(const Object::Ptr& org_json, const catalog::Item& item, const Place& place) {
        Object::Ptr scope = new Object;
        scope->set("org", org_json);
        scope->set("item", placed_item(item, place));
        scope->set("record", meeting_data(*item.meeting));
        return scope;
    }

    /// Sets every record's place for a front matter of `front_pages` pages.
    static void place_records(int front_pages, const std::vector<layout::PagedDocument>& records,
                              std::vector<Place>& places) {
        int next = front_pages + 1;
        for (size_t i = 0; i < records.size(); ++i) {
            const size_t pages = std::max<size_t>(records[i].pages(), 1);
            places[i].first = next;
            places[i].last = next + static_cast<int>(pages) - 1;
            places[i].first_printed = records[i].pages() ? records[i].printed_label(0, next) : "";
            places[i].last_printed = records[i].pages() ? records[i].printed_label(pages - 1, next) : "";
            next += static_cast<int>(pages);
        }
    }

    /// The records whose template output changes now that their place is known (most templates print
    /// none of it: their markup, and so their pages, stay as laid out).
    std::vector<size_t> records_printing_place(const std::vector<catalog::Item>& items, const std::vector<Place>& places,
                                               const Object::Ptr& org_json, const std::vector<size_t>& hashes) {
        // A template that cannot read the place (judged from its tree, includes and imports) renders the
        // same markup again: no second rendering of every record.
        if (!typesetter_.templates().may_read_keys(request_.record_template, place_keys)) return {};
        std::vector<char> differs(items.size(), 0);
        run_parallel(
            items.size(), typesetter_options(request_), typesetter_, err_,
            [&](size_t i, Typesetter& typesetter, std::ostream&) {
                differs[i] = typesetter.markup_hash(request_.record_template,
                                                    record_scope(org_json, items[i], places[i])) != hashes[i];
            },
            32);
        std::vector<size_t> out;
        for (size_t i = 0; i < items.size(); ++i)
            if (differs[i]) out.push_back(i);
        return out;
    }

    /// Lays out the records `which` for their current places (0 before the book is paginated) and sets
    /// each item's page count, on every core (records are independent).
    void lay_out_records(const std::vector<size_t>& which, std::vector<catalog::Item>& items,
                         const std::vector<Place>& places, const Object::Ptr& org_json,
                         std::vector<layout::PagedDocument>& records, std::vector<size_t>& hashes,
                         const std::filesystem::path& target) {
        std::atomic<size_t> done{0};
        run_parallel(
            which.size(), typesetter_options(request_), typesetter_, err_,
            [&](size_t k, Typesetter& typesetter, std::ostream& messages) {
                const size_t i = which[k];
                records[i] = typesetter.lay_out_pages(request_.record_template, record_scope(org_json, items[i], places[i]),
                                                      items[i].meeting->id, &hashes[i]);
                // Until the book is numbered, a record needs only its pages' count and labels: what they
                // draw is parked (deflated beyond the first megabytes: a tenth of the memory), and put back
                // when they are finished.
                parked_[i] = layout::pack_content(records[i].laid_out.pages, &plain_parking_);
                items[i].pages = static_cast<int>(records[i].pages());
                if (const size_t count = ++done; request_.progress && count % 100 == 0)
                    messages << "dangan: " << target.filename().string() << ": " << count << "/" << which.size()
                             << " records laid out\n";
            },
            32);
    }

    const RenderRequest& request_;
    const records::Dataset& data_;
    std::ostream& err_;
    std::vector<layout::PackedContent> parked_;  ///< per record of the book being written: its parked pages
    /// Parked pages are deflated only beyond this many bytes: deflating them took a tenth of a book's CPU
    /// time, and the first 24 MB (about 1,400 records of the canonical ledger, 17 KB each) hold every
    /// record of a usual year's book; a book of 10,000 records deflates the rest.
    static constexpr size_t plain_parking_budget = size_t{24} << 20;
    std::atomic<size_t> plain_parking_{0};
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

    // An incomplete or impossible date must never be printed silently into a filed ledger. Only the
    // meetings' dates are printed here: a 花名册 or 发展 date is for `check` and `dossier` to report, and
    // must not stop the 会议记录本 (one partial 出生日期 used to block every book).
    const rules::CheckOptions options{request.as_of.value_or(core::today())};
    std::set<std::pair<std::string, std::string>> meeting_records;  // (file, record) of every meeting
    for (const auto& m : data.meetings) {
        meeting_records.emplace(m.where.file, m.where.record);
        meeting_records.emplace(m.date.where.file, m.date.where.record);
    }
    std::vector<rules::Finding> date_errors;
    for (auto& f : rules::check_dataset(data, book, options))
        if (f.severity == core::Severity::error && f.rule.starts_with("date.") &&
            meeting_records.count({f.where.file, f.where.record}))
            date_errors.push_back(std::move(f));
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
            throw core::InputError({}, core::tr("--kind：规则集里没有“" + *request.kind + "”这种会议（如 支部委员会、党小组会、党课）",
                                                "--kind: unknown meeting kind '" + *request.kind + "'"));
        kind = it->second;
    }
    std::set<int> years;
    for (const auto& m : data.meetings)
        if (m.date.full() && (!kind || m.kind == *kind)) years.insert(m.date.date->year);
    if (request.year && request.last_year) {
        std::erase_if(years, [&](int y) { return y < *request.year || y > *request.last_year; });
        if (years.empty())
            throw core::InputError({}, core::tr(std::to_string(*request.year) + "–" + std::to_string(*request.last_year) +
                                                    "年没有日期完整的会议记录",
                                                "no meeting record with a full date in " + std::to_string(*request.year) + "-" +
                                                    std::to_string(*request.last_year)));
    } else if (request.year) {
        years = {*request.year};
    }
    if (years.empty())
        throw core::InputError({}, core::tr("没有日期完整的会议记录可排版", "no meeting record with a full date to render"));

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
        const bool several = request.last_year || request.all_years;
        if (years.size() > 1 && !several)
            throw core::InputError({}, core::tr("数据跨了几个年度：用 --year 选一年，用 --year 2024-2026 把几年合订成一本，"
                                                "或用 --all 合订全部年度（也可以改用 --out-dir，每年一本）",
                                                "the data spans several years; choose one with --year, bind a range into one "
                                                "book with --year 2024-2026 or all of them with --all (or use --out-dir)"));
        // Years in order, each with the 档号 the one numbering gives it in its own year; 序号 counts the
        // rows of the whole book.
        std::vector<catalog::Item> items;
        for (int year : years)
            for (auto& item : select(year, kind)) items.push_back(std::move(item));
        for (size_t i = 0; i < items.size(); ++i) items[i].sequence = static_cast<int>(i) + 1;
        if (items.empty())
            throw core::InputError({}, core::tr("这一年度没有这种会议的记录可排版", "no meeting record of that kind and year to render"));
        renderer.write_book(book_title(kind.value_or("")), *years.begin(), std::move(items), *request.out,
                            *years.rbegin());
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
