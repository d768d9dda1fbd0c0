// Typed record data: what a branch's JSON files say, with every date kept as written, parsed
// (possibly partial) and located, so rules can report the exact file, record, field and line.
#pragma once

#include "core/date.hpp"
#include "core/diagnostic.hpp"

#include <Poco/JSON/Object.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dangan::records {

/// A date field as written in the data. Absent, unparseable and partial dates are all kept:
/// judging them is the rules' job, not the loader's.
struct DateValue {
    std::string raw;                         ///< the text as written; empty when the field is absent
    std::optional<core::PartialDate> date;   ///< parsed (may be partial); empty when absent or invalid
    std::string error;                       ///< why `raw` is not a date (core::DateError message)
    core::Location where;                    ///< file, record, field and line of the field

    bool present() const { return !raw.empty(); }
    bool full() const { return date && date->is_full(); }
};

struct Member {
    std::string name;
    std::string gender;
    DateValue birth_date;
    std::string status;  ///< "正式" or "预备"
    DateValue joined;    ///< 入党 (预备) date
    DateValue full_member;
    std::string group;   ///< 党小组
    std::vector<std::string> roles;
};

struct CommitteeMember {
    std::string name;
    std::string role;  ///< 书记, 副书记, 组织委员, 宣传委员, 纪检委员 …
};

struct Committee {
    DateValue elected;  ///< the last election (换届) date
    std::optional<int> term_years;  ///< overrides the rule set's default term for this type
    DateValue delay_until;          ///< an approved delay of the 换届 ends on this date
    std::string delay_approval;     ///< the approval's reference (文号)
    std::vector<CommitteeMember> members;
};

struct ArchiveSettings {
    std::string fonds;         ///< 全宗号, e.g. "J031"
    std::string fonds_name;    ///< 全宗名称
    std::string style = "DA/T 22-2015";  ///< or "DA/T 13-2022"
    std::string category = "WS";         ///< 门类代码
    std::string retention = "D30";       ///< default 保管期限: Y, D30, D10
    std::string class_code = "SH";       ///< default 机构(问题)代码 for meeting records
};

struct Organisation {
    std::string name;
    std::string short_name;
    std::string type;    ///< 机关, 企业, 村, 社区, 学校, 事业单位, 其他
    std::string parent;  ///< the upper 党委
    DateValue founded;   ///< 成立日期: no meeting is due before it (issue 14)
    ArchiveSettings archive;
    std::vector<Member> members;
    std::vector<std::string> groups;
    Committee committee;
    core::Location where;
    Poco::JSON::Object::Ptr json;

    int full_member_count() const;
};

struct Absence {
    std::string name;
    std::string reason;
};

/// A vote (表决) recorded at a meeting.
struct Vote {
    std::string subject;
    std::string method;                 ///< 无记名投票, 举手表决 …
    std::optional<int> expected;        ///< members entitled to vote (应到有表决权)
    std::optional<int> present;         ///< voting members present
    std::optional<int> yes, no, abstain;
    std::optional<int> written_yes;     ///< written opinions in favour, submitted before the meeting
    core::Location where;
};

/// One part of a meeting's 会议内容 ("content"): who spoke (empty when not said) and what was said.
struct ContentPart {
    std::string speaker;
    std::string text;
};

struct Meeting;
/// True when the meeting is of `kind`, as its main kind or as one of a joint meeting's kinds.
bool is_kind(const Meeting& meeting, const std::string& kind);

struct Meeting {
    std::string id;          ///< as given, else derived: "<date> <kind>"
    std::string kind;        ///< canonical meeting kind (aliases resolved by the loader)
    std::string kind_as_written;
    /// A joint meeting's other kinds (issue 14): "type": ["主题党日", "支部党员大会"], or 暨 in the title
    /// (七一主题党日暨党员大会). It counts for each of its kinds.
    std::vector<std::string> also_kinds;
    std::string title;
    std::optional<int> number;  ///< 第N次
    /// A joint meeting's 第N次 in its other kinds' series: "numbers": {"支部党员大会": 2} (issue 14), so that
    /// 第2次支部党员大会 and 第5次主题党日 can be one meeting and neither series has a gap.
    std::map<std::string, int> kind_numbers;
    std::optional<int> for_year;  ///< the 年度 a 组织生活会/民主评议 is held for ("year": 2024, or 2024年度 in the title)
    DateValue date;
    std::string start, end;     ///< "14:30"
    std::string place, host, recorder, group;
    std::optional<int> expected;
    std::vector<std::string> present;
    std::vector<Absence> absent;
    std::vector<std::string> attending;  ///< 列席
    std::vector<std::string> agenda;
    std::vector<std::string> resolutions;
    std::vector<Vote> votes;
    std::vector<std::string> attachments;
    /// 会议内容 as templates print it: the data's "content" list (or single text), each item a text or a
    /// {"speaker", "text"} object, always as {speaker, text} here. Unpacked on every call (below).
    std::vector<ContentPart> content() const;
    void set_content(const std::vector<ContentPart>& parts);
    /// The parts as content() gives them, deflated: the minutes are most of a record (6 KB of a canonical
    /// record's 7) and are read only when the record is rendered. Level 1 (cheap; about half the size for
    /// real Chinese minutes, a sixth for the bench's generated ones). Use content() and set_content().
    std::string packed_content;
    /// The data's "content" is a list of {"speaker", "text"} objects, given back exactly by content():
    /// `source` leaves it out (the minutes are most of a record's text) and json() puts it back.
    bool content_from_parts = false;
    /// Some part of the content looks like a placeholder (core::looks_like_placeholder), noted by set_content:
    /// the check then need not unpack the minutes of every meeting on every save.
    bool content_marked = false;
    bool id_written = false;       ///< the data has an "id" key: the record is named for good (numbering)
    core::Location where;          ///< file and record path; field empty

    /// The record's object as the loader left it (Chinese keys renamed, flat attendance gathered), as
    /// compact JSON text (without "content" when `content_from_parts`); empty when the meeting was not
    /// loaded from data.
    ///
    /// Why text and not the parsed object: a book holds thousands of meetings, and a Poco::JSON object
    /// costs about four times its text (≈ 25 KB a record for 6.7 KB of JSON; 250 MB at 10,000 records,
    /// issue 16). Templates get the typed fields above (jobs::meeting_data), so rendering never parses
    /// it; what needs the record as written — the placeholder check, the archive's record.json, the web
    /// forms, the workbook export — calls json(), which parses it there and then.
    std::string source;

    /// `source` parsed: a new object on every call (changing it changes nothing here), keys in the
    /// order the loader's objects have them; null when `source` is empty.
    Poco::JSON::Object::Ptr json() const;
};

/// One document or event of a dossier (a 请示, a 批复, a step of the 发展 chain).
struct DossierStep {
    std::string step;       ///< canonical step name
    int number = 0;         ///< development step number 1..25 (0 for election steps)
    DateValue date;
    std::string title, by, reference, note;
    std::optional<Vote> vote;
    core::Location where;
};

struct Candidate {
    std::string name;
    std::optional<int> votes;
    bool elected = false;
    std::string role;
    core::Location where;        ///< the candidate's entry (the web app's vote form outlines it)
    core::Location votes_where;  ///< its 得票 (or the entry when none is written)
};

struct ElectionDossier {
    std::string id;
    std::optional<int> seats;
    std::vector<DossierStep> steps;  ///< in the order written
    std::vector<Candidate> candidates;
    std::optional<int> expected, present, ballots_issued, ballots_returned;
    core::Location where;
    /// Where the vote's fields are, for findings that name the field (R32/R33): 实到, 收回选票, the candidate list.
    core::Location present_where, returned_where, candidates_where;
    Poco::JSON::Object::Ptr json;

    const DossierStep* find(const std::string& step) const;
};

struct Training {
    DateValue start, end;
    std::optional<double> days, hours;
};

struct Notice {  ///< 公示
    int before_step = 0;
    DateValue start, end;
};

struct DevelopmentDossier {
    std::string id;
    std::string name, gender;
    DateValue birth_date;
    bool transferred_in = false;
    std::map<int, DossierStep> steps;  ///< by step number 1..25
    std::vector<DateValue> activist_reviews;  ///< 培养考察 records
    std::vector<DateValue> thought_reports;   ///< 思想汇报
    std::vector<std::string> contacts;        ///< 培养联系人
    std::vector<std::string> introducers;     ///< 入党介绍人
    Training training;
    std::vector<Notice> notices;
    std::optional<int> extension_months;      ///< 延长预备期
    DateValue probation_end;                  ///< as recorded
    DateValue planned_leave;
    core::Location where;
    Poco::JSON::Object::Ptr json;

    const DossierStep* step(int number) const;
};

/// One month's 党费 of one member (党费收缴台账 row).
struct DuesPayment {
    DateValue month;                    ///< the month paid for ("2025-03"); month precision expected
    std::optional<double> base;         ///< 计费基数 (monthly after-tax pay); overrides the account's
    std::optional<double> rate;         ///< 比例 as written (0.015 = 1.5%); overrides the account's
    std::optional<double> amount;       ///< 金额 in 元
    DateValue paid;                     ///< 交纳日期; absent = not paid
    std::string note;
    core::Location where;
};

/// A member's dues for the ledger's year.
struct DuesAccount {
    std::string member;
    std::string category;               ///< a rate table of the profile: 在职 (default), 离退休, or a fixed-amount one
    std::optional<double> base, rate;   ///< defaults for every month
    std::string lapse_reason;           ///< a justification (病休, 经批准…) that suspends the 自行脱党 warning
    std::vector<DuesPayment> payments;
    core::Location where;
};

/// 党费收缴台账: one year of dues of the branch's members.
struct DuesLedger {
    std::string id;
    int year = 0;
    std::vector<DuesAccount> accounts;
    core::Location where;
    Poco::JSON::Object::Ptr json;
};

/// Everything loaded from the inputs of one run.
struct Dataset {
    std::optional<Organisation> organisation;
    std::vector<Meeting> meetings;
    std::vector<ElectionDossier> elections;
    std::vector<DevelopmentDossier> developments;
    std::vector<DuesLedger> dues;
    std::vector<std::string> files;  ///< every JSON file read, in order
    /// Records read from a spreadsheet (src/workbook): the file label their locations carry (such as
    /// "台账.xlsx 会议") → JSON pointer of a value → the cell it came from ("台账.xlsx 会议!E7"). The
    /// entry for "" is the sheet itself. Lets findings name the cell instead of a JSON line.
    std::map<std::string, std::map<std::string, std::string>> cells;
};

}  // namespace dangan::records
