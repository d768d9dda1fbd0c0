#include "jobs/remind_job.hpp"

#include "core/messages.hpp"
#include "jobs/output_guard.hpp"

#include "jobs/resources.hpp"
#include "jobs/template_data.hpp"
#include "jobs/typesetter.hpp"
#include "records/loader.hpp"
#include "rules/remind.hpp"

#include <Poco/JSON/Array.h>

#include <charconv>

namespace dangan::jobs {

int parse_within(const std::string& text) {
    const std::string forms = core::tr("应写天数如 30d，或周数（2w）、月数（1m 即 30 天）",
                                       "expected a number of days such as 30d, or weeks (2w) or months (1m = 30 days)");
    if (text.empty()) throw core::InputError({}, "--within: " + forms);
    int value = 0;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    const auto [rest, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc() || rest == begin || value < 0 || value > 3660)
        throw core::InputError({}, core::tr("--within：“" + text + "”不是提前量；", "--within: '" + text + "' is not a look-ahead; ") + forms);
    const std::string unit(rest, end);
    if (unit.empty() || unit == "d") return value;
    if (unit == "w") return value * 7;
    if (unit == "m") return value * 30;
    throw core::InputError({}, core::tr("--within：“" + text + "”里的单位“" + unit + "”不认识；",
                                        "--within: unknown unit '" + unit + "' in '" + text + "'; ") + forms);
}

ExitCode run_remind(const RemindRequest& request, std::ostream& out, std::ostream& err) {
    const auto inputs = load_inputs(request.inputs, request.profile, err);
    if (!inputs) return ExitCode::unusable;
    const auto& [book, data] = *inputs;
    if (request.pdf) guard_output(*request.pdf, make_guard(data.files, request.profile, request.force));
    const core::PartialDate as_of = request.as_of.value_or(core::today());
    const int within = request.within_days.value_or(book.for_date(as_of).remind.within_days);
    const auto reminders = rules::remind(data, book, {as_of, within});

    out << (request.format == "json" ? rules::reminders_to_json(reminders, as_of, within)
                                     : rules::reminders_to_text(reminders, as_of, within));
    out.flush();

    bool problems = false;
    if (request.pdf) {
        using Poco::JSON::Array;
        using Poco::JSON::Object;
        Array::Ptr rows = new Array;
        int counts[4] = {0, 0, 0, 0};
        for (const auto& r : reminders) {
            Object::Ptr o = new Object;
            o->set("category", r.category);
            o->set("subject", r.subject);
            o->set("status", std::string(rules::to_string(r.status)));
            o->set("status_words", std::string(rules::status_words(r.status)));
            o->set("due", r.due ? r.due->iso() : std::string());
            // 可办理's date is the day from which the step may be taken: printed 自…起.
            o->set("since", r.status == rules::ReminderStatus::open);
            o->set("message", r.message);
            o->set("basis", official_text(r.basis));
            rows->add(o);
            ++counts[static_cast<int>(r.status)];
        }
        Object::Ptr remind = new Object;
        remind->set("as_of", as_of.iso());
        remind->set("within_days", within);
        remind->set("rows", rows);
        remind->set("overdue", counts[0]);
        remind->set("due", counts[1]);
        remind->set("open", counts[2]);
        remind->set("upcoming", counts[3]);
        Object::Ptr scope = new Object;
        scope->set("org", organisation_data(data.organisation ? &*data.organisation : nullptr));
        scope->set("remind", remind);
        Typesetter typesetter({request.template_dirs, request.deterministic});
        auto doc = typesetter.lay_out("remind.tpl", scope, "工作提醒表");
        doc.info.created = request.deterministic ? Typesetter::fixed_created : "";
        const size_t bytes = typesetter.write(doc, *request.pdf, err);
        err << core::tr("dangan: 已写出 " + request.pdf->string() + "（" + std::to_string(doc.pages.size()) + " 页，" +
                            std::to_string(bytes / 1024) + " KB）",
                        "dangan: wrote " + request.pdf->string() + " (" + std::to_string(doc.pages.size()) + " pages, " +
                            std::to_string(bytes / 1024) + " KB)")
            << "\n";
        problems = typesetter.problems();
    }
    for (const auto& r : reminders)
        if (r.status == rules::ReminderStatus::overdue) return ExitCode::findings;
    return problems ? ExitCode::findings : ExitCode::clean;
}

}  // namespace dangan::jobs
