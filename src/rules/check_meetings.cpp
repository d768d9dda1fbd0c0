// Meeting records: required fields (R25), attendance arithmetic, committee quorum (R27), votes (R11),
// placeholders left from forms, and the 第N次 numbering within a year.
#include "rules/check.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <map>
#include <optional>
#include <set>

namespace dangan::rules {

namespace {

using core::Severity;

core::Location field_location(const records::Meeting& m, const std::string& field) {
    core::Location where = m.where;
    where.field = m.where.field + "/" + field;
    return where;
}

/// Minutes since midnight for "14:30" / "9:05" / "14：30"; nullopt for other text.
std::optional<int> parse_clock(const std::string& text) {
    int h = 0, m = 0;
    char sep[4] = {};
    if (std::sscanf(text.c_str(), "%d:%d", &h, &m) == 2 || std::sscanf(text.c_str(), "%d\xEF\xBC\x9A%d", &h, &m) == 2) {
        (void)sep;
        if (h >= 0 && h < 24 && m >= 0 && m < 60) return h * 60 + m;
    }
    return std::nullopt;
}

/// Walks a record's JSON; `pointer` is extended and restored in place, so no path is built unless a
/// placeholder is found.
void scan_placeholders(const Poco::Dynamic::Var& value, std::string& pointer, const core::Location& base,
                       std::vector<Finding>& out) {
    const size_t length = pointer.size();
    if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
        const auto& object = value.extract<Poco::JSON::Object::Ptr>();
        for (const auto& [name, child] : *object) {
            pointer.append("/").append(name);
            scan_placeholders(child, pointer, base, out);
            pointer.resize(length);
        }
    } else if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
        const auto& array = value.extract<Poco::JSON::Array::Ptr>();
        for (size_t i = 0; i < array->size(); ++i) {
            pointer.append("/").append(std::to_string(i));
            scan_placeholders(array->get(static_cast<unsigned>(i)), pointer, base, out);
            pointer.resize(length);
        }
    } else if (value.type() == typeid(std::string)) {
        const auto& text = value.extract<std::string>();
        if (looks_like_placeholder(text)) {
            core::Location where = base;
            where.field = pointer;
            out.push_back({rule_id::content_placeholder, Severity::warning, where, "", {},
                           "内容“" + (text.size() > 60 ? text.substr(0, 60) + "…" : text) + "”像是未填写的占位符", ""});
        }
    }
}

bool decides(const std::string& kind) { return kind == "支部党员大会" || kind == "支部委员会"; }

void check_one(const records::Meeting& m, const records::Dataset& data, const Profile& profile,
               std::vector<Finding>& out) {
    auto incomplete = [&](const std::string& field, Severity severity, const std::string& what) {
        out.push_back({rule_id::record_incomplete, severity, field_location(m, field), "", {},
                       "会议记录缺少" + what, "R25 会议记录要素"});
    };
    if (m.host.empty()) incomplete("host", Severity::error, "主持人");
    if (m.recorder.empty()) incomplete("recorder", Severity::warning, "记录人");
    if (m.place.empty()) incomplete("place", Severity::warning, "会议地点");
    if (m.start.empty() || m.end.empty()) incomplete(m.start.empty() ? "start" : "end", Severity::warning, "起止时间");
    if (m.agenda.empty()) incomplete("agenda", Severity::warning, "议题");
    if (m.resolutions.empty() && decides(m.kind)) incomplete("resolutions", Severity::warning, "会议决议或形成的意见");
    if (!m.expected && m.present.empty()) incomplete("attendance", Severity::warning, "应到、实到人数");

    const auto start = parse_clock(m.start), end = parse_clock(m.end);
    if (!m.start.empty() && !start)
        out.push_back({rule_id::record_inconsistent, Severity::warning, field_location(m, "start"), "", {},
                       "开始时间“" + m.start + "”应写作 时:分，如 14:30", ""});
    if (!m.end.empty() && !end)
        out.push_back({rule_id::record_inconsistent, Severity::warning, field_location(m, "end"), "", {},
                       "结束时间“" + m.end + "”应写作 时:分，如 16:00", ""});
    if (start && end && *end <= *start)
        out.push_back({rule_id::date_inconsistent, Severity::error, field_location(m, "end"), "", {},
                       "结束时间 " + m.end + " 不晚于开始时间 " + m.start, ""});

    for (const auto& absence : m.absent)
        if (absence.reason.empty())
            out.push_back({rule_id::record_incomplete, Severity::warning, field_location(m, "attendance/absent"), "",
                           {}, "缺席人员" + absence.name + "未注明缺席原因", "R25 会议记录要素"});
    if (m.expected && !m.present.empty()) {
        const int accounted = static_cast<int>(m.present.size() + m.absent.size());
        if (accounted != *m.expected)
            out.push_back({rule_id::record_inconsistent, Severity::warning, field_location(m, "attendance"), "", {},
                           "应到 " + std::to_string(*m.expected) + " 人，但实到 " + std::to_string(m.present.size()) +
                               " 人加缺席 " + std::to_string(m.absent.size()) + " 人为 " + std::to_string(accounted) +
                               " 人",
                           ""});
    }

    // R27: a committee meeting needs at least half of the committee present ("半数以上委员到会").
    if (m.kind == "支部委员会" && data.organisation && !data.organisation->committee.members.empty() &&
        !m.present.empty()) {
        std::set<std::string> committee;
        for (const auto& member : data.organisation->committee.members) committee.insert(member.name);
        int present = 0;
        for (const auto& name : m.present) present += committee.count(name) ? 1 : 0;
        const int size = static_cast<int>(committee.size());
        if (present * 2 < size)
            out.push_back({rule_id::vote_quorum, Severity::error, field_location(m, "attendance/present"), "", {},
                           "支委会到会委员 " + std::to_string(present) + " 人，不足委员总数 " + std::to_string(size) +
                               " 人的半数",
                           "R27 支部工作条例第12条"});
    }

    for (const auto& vote : m.votes) check_vote(vote, profile.votes, false, m.id, out);
    // Every text of the record is in its JSON text as written there (only quotes, backslashes, slashes
    // and control characters are escaped, none of them in a marker): where the whole text holds no
    // marker, no field does, and the record is not parsed again (records::Meeting::source). The
    // minutes may be held only as parts: set_content noted whether they hold a marker (content_marked), so
    // they are not unpacked here on every check (a save in the web app rechecks the whole branch).
    const bool marked = m.content_marked || (!m.source.empty() && looks_like_placeholder(m.source));
    if (marked && !m.source.empty()) {
        std::string pointer = m.where.field;
        scan_placeholders(m.json(), pointer, m.where, out);
    }
}

/// 第N次 numbers within one year and kind (and 党小组): no duplicates, no gaps, in date order.
/// A joint meeting is in each of its kinds' series, with the number it has there ("numbers", issue 14).
void check_numbering(const records::Dataset& data, std::vector<Finding>& out) {
    std::map<std::tuple<int, std::string, std::string>, std::vector<std::pair<int, const records::Meeting*>>> series;
    for (const auto& m : data.meetings) {
        if (!m.date.date) continue;
        if (m.number) series[{m.date.date->year, m.kind, m.group}].emplace_back(*m.number, &m);
        for (const auto& [kind, number] : m.kind_numbers) series[{m.date.date->year, kind, m.group}].emplace_back(number, &m);
    }
    for (auto& [key, meetings] : series) {
        const auto& [year, kind, group] = key;
        const std::string name = std::to_string(year) + "年" + group + kind;
        std::map<int, const records::Meeting*> by_number;
        for (const auto& [number, m] : meetings) {
            auto [it, fresh] = by_number.emplace(number, m);
            const std::string field = m->kind == kind ? "number" : "numbers/" + kind;
            if (!fresh)
                out.push_back({rule_id::number_duplicate, Severity::error, field_location(*m, field), "",
                               {m->date.date->iso(), it->second->date.date->iso()},
                               name + "第" + std::to_string(number) + "次重复（另见 " + it->second->id + "）", ""});
        }
        int expected = 1;
        for (const auto& [number, m] : by_number) {
            if (number > expected) {
                const std::string missing = expected == number - 1 ? std::to_string(expected)
                                                                   : std::to_string(expected) + "–" + std::to_string(number - 1);
                out.push_back({rule_id::number_gap, Severity::warning,
                               field_location(*m, m->kind == kind ? "number" : "numbers/" + kind), "", {},
                               name + "缺少第" + missing + "次的记录（编号不连续）", "R36 编号连续"});
            }
            expected = number + 1;
        }
        const records::Meeting* previous = nullptr;
        int previous_number = 0;
        for (const auto& [number, m] : by_number) {
            if (previous && m->date.date && previous->date.date && *m->date.date < *previous->date.date)
                out.push_back({rule_id::date_order, Severity::error, field_location(*m, "date"), "",
                               {previous->date.date->iso(), m->date.date->iso()},
                               name + "第" + std::to_string(number) + "次（" + m->date.raw + "）早于第" +
                                   std::to_string(previous_number) + "次（" + previous->date.raw + "）",
                               ""});
            previous = m;
            previous_number = number;
        }
    }
}

}  // namespace

void check_vote(const records::Vote& vote, const VoteRules& rules, bool secret_ballot_required,
                const std::string& record, std::vector<Finding>& out) {
    core::Location where = vote.where;
    where.record = record;
    const std::string subject = vote.subject.empty() ? "表决" : "“" + vote.subject + "”的表决";
    if (vote.expected && vote.present) {
        if (*vote.present > *vote.expected)
            out.push_back({rule_id::record_inconsistent, Severity::error, where, "", {},
                           subject + "实到 " + std::to_string(*vote.present) + " 人多于应到 " +
                               std::to_string(*vote.expected) + " 人",
                           ""});
        else if (!rules.quorum.met(*vote.present, *vote.expected))
            out.push_back({rule_id::vote_quorum, Severity::error, where, "", {},
                           subject + "到会有表决权的 " + std::to_string(*vote.present) + " 人未" +
                               rules.quorum.describe() + "（应到 " + std::to_string(*vote.expected) + " 人），会议不能表决",
                           rules.quorum.basis});
    }
    if (vote.expected && vote.yes) {
        const int yes = *vote.yes + vote.written_yes.value_or(0);
        if (!rules.majority.met(yes, *vote.expected))
            out.push_back({rule_id::vote_majority, Severity::error, where, "", {},
                           subject + "赞成 " + std::to_string(yes) + " 票（含书面意见）未" + rules.majority.describe() +
                               "应到会有表决权人数 " + std::to_string(*vote.expected) + " 人，不能通过",
                           rules.majority.basis});
    }
    if (vote.present && vote.yes) {
        const int cast = *vote.yes + vote.no.value_or(0) + vote.abstain.value_or(0);
        if (cast > *vote.present)
            out.push_back({rule_id::record_inconsistent, Severity::error, where, "", {},
                           subject + "赞成、反对、弃权合计 " + std::to_string(cast) + " 票，多于到会 " +
                               std::to_string(*vote.present) + " 人",
                           ""});
    }
    if (secret_ballot_required && rules.secret_ballot_for_admission && vote.method.find("无记名") == std::string::npos)
        out.push_back({rule_id::vote_method, Severity::error, where, "", {},
                       subject + "应采取无记名投票方式，记录为“" + (vote.method.empty() ? "未注明" : vote.method) + "”",
                       "R11 细则第21条"});
}

void check_meetings(const records::Dataset& data, const RuleBook& book, std::vector<Finding>& out) {
    for (const auto& m : data.meetings) check_one(m, data, book.for_date(m.date.date), out);
    check_numbering(data, out);
}

}  // namespace dangan::rules
