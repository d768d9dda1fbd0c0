#include "catalog/numbering.hpp"

#include "catalog/items.hpp"
#include "core/json_positions.hpp"

#include <algorithm>
#include <tuple>

namespace dangan::catalog {

namespace {

/// The matter's date: meetings their day; a 换届 dossier its 选举大会, else its latest step; a 发展
/// dossier its latest step (it is filed when it is complete); a 党费台账 its latest payment.
template <class Steps, class DateOf>
std::optional<core::PartialDate> latest_of(const Steps& steps, DateOf date_of) {
    std::optional<core::PartialDate> latest;
    for (const auto& s : steps) {
        const records::DateValue& d = date_of(s);
        if (d.full() && (!latest || *latest < *d.date)) latest = *d.date;
    }
    return latest;
}

std::string describe_line(core::LineFinder& lines, const core::Location& where) {
    const auto position = where.line > 0 ? core::LineColumn{where.line, where.column}
                                         : lines.find(where.file, where.field);
    return where.file + (position.line > 0 ? ":" + std::to_string(position.line) : std::string());
}

int kind_rank(MatterKind kind) { return static_cast<int>(kind); }

}  // namespace

const NumberedMatter* Numbering::find(const std::string& key) const {
    for (const auto& m : matters)
        if (m.key == key) return &m;
    return nullptr;
}

const NumberedMatter* Numbering::find(const records::Meeting& meeting) const {
    for (const auto& m : matters)
        if (m.meeting == &meeting) return &m;
    return nullptr;
}

std::string meeting_key(const records::Meeting& m) {
    // An explicit id is the record's name for good; without one the key is what tells two records
    // apart on paper (kind, group, day, start time, title), never the record's position in the file.
    if (m.id_written && !m.id.empty()) return m.id;
    std::string key = "会议 " + m.kind;
    if (!m.group.empty()) key += " " + m.group;
    key += " " + (m.date.date ? m.date.date->iso() : m.date.raw);
    if (!m.start.empty()) key += " " + m.start;
    if (!m.title.empty()) key += " " + m.title;
    return key;
}

SequenceKey sequence_for(int year, const records::ArchiveSettings& settings) {
    return {year, settings.retention, settings.class_code};
}

Numbering number_matters(const records::Dataset& data, const std::vector<IssuedNumber>& issued) {
    const records::Organisation* org = data.organisation ? &*data.organisation : nullptr;
    const records::ArchiveSettings settings = org ? org->archive : records::ArchiveSettings{};
    const CodeStyle style = code_style(settings.style);

    Numbering out;
    auto add = [&](NumberedMatter m) {
        m.sequence = sequence_for(m.date.year, settings);
        out.matters.push_back(std::move(m));
    };
    for (const auto& m : data.meetings) {
        if (!m.date.full()) continue;  // check reports it; an undated record is never numbered
        NumberedMatter n;
        n.kind = MatterKind::meeting;
        n.key = meeting_key(m);
        n.date = *m.date.date;
        n.start = m.start;
        n.title = meeting_title(m, org);
        n.meeting = &m;
        n.where = m.where;
        add(std::move(n));
    }
    for (const auto& e : data.elections) {
        const auto* meeting = e.find("选举大会");
        auto date = meeting && meeting->date.full()
                        ? meeting->date.date
                        : latest_of(e.steps, [](const auto& s) -> const records::DateValue& { return s.date; });
        if (!date) continue;
        NumberedMatter n;
        n.kind = MatterKind::election;
        n.key = "换届选举 " + e.id;
        n.date = *date;
        n.title = (org ? org->name : std::string()) + "换届选举材料";
        n.election = &e;
        n.where = e.where;
        add(std::move(n));
    }
    for (const auto& d : data.developments) {
        auto date = latest_of(d.steps, [](const auto& s) -> const records::DateValue& { return s.second.date; });
        if (!date) continue;
        NumberedMatter n;
        n.kind = MatterKind::development;
        n.key = "发展党员 " + d.id;
        n.date = *date;
        n.title = d.name + "发展党员纪实";
        n.development = &d;
        n.where = d.where;
        add(std::move(n));
    }
    for (const auto& l : data.dues) {
        std::vector<records::DateValue> paid;
        for (const auto& a : l.accounts)
            for (const auto& p : a.payments) paid.push_back(p.paid);
        auto date = latest_of(paid, [](const records::DateValue& d) -> const records::DateValue& { return d; });
        if (!date) continue;  // nothing paid yet: nothing to file
        NumberedMatter n;
        n.kind = MatterKind::dues;
        n.key = "党费收缴台账 " + l.id;
        n.date = *date;
        n.title = std::to_string(l.year) + "年党费收缴台账";
        n.dues = &l;
        n.where = l.where;
        add(std::move(n));
    }

    // Two matters with one key cannot be told apart: numbering them in file order would swap their
    // numbers when the file is reordered, so they are an error naming both.
    {
        std::map<std::string, const NumberedMatter*> seen;
        core::LineFinder lines;
        for (const auto& m : out.matters) {
            auto [it, fresh] = seen.emplace(m.key, &m);
            if (fresh) continue;
            core::Location where = m.where;
            const auto position = lines.find(where.file, where.field);
            if (where.line == 0) where.line = position.line, where.column = position.column;
            throw core::InputError(
                where, "两条记录无法区分（" + m.key + "）：另一条在 " + describe_line(lines, it->second->where) +
                           "。件号按记录内容排定，不按文件中的位置；请给其中一条加上不同的 \"id\"，"
                           "或写明不同的开始时间（start）或题名（title）");
        }
    }

    // Within a day: no start time first (dossiers, ledgers), then times as times (9:00 before 14:00, which
    // text order would reverse), then starts that are not times ("下午") as text.
    auto start_order = [](const NumberedMatter& m) {
        if (m.start.empty()) return std::make_pair(0, std::string());
        if (const int minutes = clock_minutes(m.start); minutes >= 0) return std::make_pair(1, std::to_string(10000 + minutes));
        return std::make_pair(2, m.start);
    };
    std::stable_sort(out.matters.begin(), out.matters.end(), [&](const NumberedMatter& a, const NumberedMatter& b) {
        const auto sa = start_order(a), sb = start_order(b);
        return std::tie(a.sequence, a.date, sa) < std::tie(b.sequence, b.date, sb) ||
               (std::tie(a.sequence, a.date, sa) == std::tie(b.sequence, b.date, sb) &&
                std::make_tuple(kind_rank(a.kind), a.key) < std::make_tuple(kind_rank(b.kind), b.key));
    });

    // What the archive has issued: each number's sequence comes from its own 档号 (so a code filed under
    // other settings keeps its class), the highest number and the latest date of every sequence.
    std::map<std::string, const IssuedNumber*> by_key;
    std::map<SequenceKey, int> highest;
    std::map<SequenceKey, std::string> latest;
    auto sequence_of = [&](const IssuedNumber& n) {
        std::string error;
        if (auto code = parse_archive_code(n.code, style, error)) return SequenceKey{n.year, code->retention, code->class_code};
        return sequence_for(n.year, settings);
    };
    for (const auto& n : issued) {
        by_key[n.key] = &n;
        const SequenceKey seq = sequence_of(n);
        highest[seq] = std::max(highest[seq], n.item);
        latest[seq] = std::max(latest[seq], n.date);
    }
    for (auto& m : out.matters) {
        if (auto it = by_key.find(m.key); it != by_key.end()) {
            const IssuedNumber& n = *it->second;
            m.sequence = sequence_of(n);
            m.code = {settings.fonds.empty() ? "J000" : settings.fonds, settings.category, n.year,
                      m.sequence.retention, m.sequence.class_code, n.item};
            std::string error;
            if (auto parsed = parse_archive_code(n.code, style, error)) m.code = *parsed;
            m.code_text = n.code;  // as filed, to the byte
            m.issued = true;
            continue;
        }
        m.code = {settings.fonds.empty() ? "J000" : settings.fonds, settings.category, m.sequence.year,
                  m.sequence.retention, m.sequence.class_code, ++highest[m.sequence]};
        m.code_text = format_archive_code(m.code, style);
    }
    std::stable_sort(out.matters.begin(), out.matters.end(), [](const NumberedMatter& a, const NumberedMatter& b) {
        return std::tie(a.sequence, a.code.item) < std::tie(b.sequence, b.code.item);
    });
    for (const auto& m : out.matters)
        if (!m.issued)
            if (auto it = latest.find(m.sequence); it != latest.end() && m.date.iso() < it->second)
                out.late.push_back({&m, it->second});
    return out;
}

}  // namespace dangan::catalog
