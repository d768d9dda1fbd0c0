// The one numbering of a branch's matters (一事一档): which matters share a 件号 sequence, in which
// order they are numbered, and which 档号 each gets. render, dossier, archive (and the audit of what
// archive wrote) all ask this module, so one set of data gives one 档号 per matter everywhere.
//
// Basis, DA/T 22-2015 《归档文件整理规则》 (see docs/numbering.md; shared/domain/rules.md §5.1):
//  - 分类: 归档文件 are classified by 年度, then 保管期限, then 机构 or 问题 (one of the two, never both).
//    The lowest class is 年度 × 保管期限 × 机构(问题); 件号 run 0001… within it, four digits, in date
//    order, with no gaps and no duplicates.
//  - 档号 = 全宗号-门类代码·年度-保管期限-机构(问题)代码-件号 (DA/T 13-2022 joins the class with "·").
//  - A 件 is one matter: a meeting record; a 换届选举 dossier; a 发展党员 dossier; a year's 党费收缴台账.
//    They all belong to the branch's one 文书 (WS) category, so with the organisation's one 保管期限 and
//    one 机构(问题) code (organisation.json "archive") they share one sequence per 年度.
//  - The 2015 text merged 室编件号 and 馆编件号 into one number: a 件号 once issued never changes. When
//    an archive exists its issued numbers are authoritative and a late matter gets the next free number.
#pragma once

#include "catalog/archive_code.hpp"
#include "core/date.hpp"
#include "core/diagnostic.hpp"
#include "records/model.hpp"

#include <compare>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dangan::catalog {

/// The lowest class of DA/T 22-2015: one 件号 sequence each.
struct SequenceKey {
    int year = 0;
    std::string retention;   ///< 保管期限: Y, D30, D10
    std::string class_code;  ///< 机构(问题)代码
    auto operator<=>(const SequenceKey&) const = default;
};

enum class MatterKind { meeting, election, development, dues };

/// One matter (件) of the data with its number.
struct NumberedMatter {
    MatterKind kind = MatterKind::meeting;
    /// Identity, never a position in a file: the record's explicit "id", else a key from its content
    /// (meetings: kind, group, date, start time and title). The archive index is keyed by it.
    std::string key;
    core::PartialDate date;   ///< the matter's date (meeting day; 选举大会 or latest step; latest payment)
    std::string start;        ///< meetings: start time, orders same-day meetings
    std::string title;        ///< 题名
    const records::Meeting* meeting = nullptr;
    const records::ElectionDossier* election = nullptr;
    const records::DevelopmentDossier* development = nullptr;
    const records::DuesLedger* dues = nullptr;
    core::Location where;
    SequenceKey sequence;
    ArchiveCode code;
    std::string code_text;    ///< the formatted 档号
    bool issued = false;      ///< the number came from an existing archive
};

/// A number an archive has issued (from its index or its manifests).
struct IssuedNumber {
    std::string key;
    int year = 0;
    int item = 0;
    std::string code;  ///< 档号 as filed (its 保管期限 and 机构 give the sequence)
    std::string date;  ///< ISO
};

/// A matter numbered after an already issued, later-dated one of its sequence (补归档).
struct LateMatter {
    const NumberedMatter* matter = nullptr;
    std::string latest_issued;  ///< ISO date of the latest issued matter of the sequence
};

struct Numbering {
    std::vector<NumberedMatter> matters;  ///< by sequence, then 件号
    std::vector<LateMatter> late;
    const NumberedMatter* find(const std::string& key) const;
    /// The meeting's matter, or nullptr when it is not numbered (no full date).
    const NumberedMatter* find(const records::Meeting& meeting) const;
};

/// The identity key of a meeting (see NumberedMatter::key).
std::string meeting_key(const records::Meeting& meeting);

/// The sequence a matter of `year` belongs to under the organisation's archive settings.
SequenceKey sequence_for(int year, const records::ArchiveSettings& settings);

/// Numbers every matter of `data` that has a full date. Within a sequence the order is date, then
/// start time, then kind (meeting, 换届, 发展, 党费), then key — never the position in a file, so
/// reordering records keeps their numbers. A matter in `issued` keeps its number; the others get the
/// next free numbers after the highest issued in their sequence. Two matters with the same key are
/// an error (core::InputError) naming both, with file and line.
Numbering number_matters(const records::Dataset& data, const std::vector<IssuedNumber>& issued = {});

}  // namespace dangan::catalog
