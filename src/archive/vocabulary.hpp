// What `audit` recognises in the names of a hand-made archive: series (meeting kinds), number
// prefixes, election and development dossiers and their documents, placeholder names and OS junk.
// Read from a data file (profiles/audit/vocabulary.json) so users extend it without recompiling.
#pragma once

#include "rules/profile.hpp"

#include <Poco/RegularExpression.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dangan::archive {

/// A dossier document: matched when the name holds one of `match` and none of `unless`.
struct DocumentPattern {
    std::string step;  ///< election: the document's name; development: the step number as text
    int number = 0;    ///< development step number 1..25 (0 for election documents)
    std::vector<std::string> match, unless;
};

struct AuditVocabulary {
    /// alias → canonical series name, longest alias first (so 支部委员会 wins over 支委).
    std::vector<std::pair<std::string, std::string>> series;
    std::vector<std::shared_ptr<Poco::RegularExpression>> number_prefixes;  ///< group 1 is the number
    std::vector<std::string> election_folder, development_folder;
    std::vector<DocumentPattern> election_documents;     ///< in their required order
    std::vector<DocumentPattern> development_documents;
    std::vector<std::string> placeholders;  ///< substrings that mark a name as never filled in
    std::vector<std::string> junk;          ///< shell patterns of OS junk files (Thumbs.db, ~$*)
    /// Words that mark a file or folder as no record of the branch's own (模板, 资料汇编, a 党课 计划,
    /// 上级文件): linted, never dated or counted as a meeting held.
    std::vector<std::string> not_records;
    /// Words of registers kept by month or year (党费收缴明细, 花名册, 台账): a month or a year is their date.
    std::vector<std::string> registers;
    /// Folder names of one 党小组 (第一党小组); its records are judged as that group's series.
    std::vector<std::shared_ptr<Poco::RegularExpression>> group_folders;

    /// Loads `file` and adds the meeting kinds and aliases of `book`'s base profile (except the
    /// kinds listed under "ignore"). Throws core::InputError naming the file and key when malformed.
    static AuditVocabulary load(const std::filesystem::path& file, const rules::RuleBook& book);

    /// The canonical series whose longest alias occurs in `name`, if any.
    std::optional<std::string> series_of(const std::string& name) const;

    /// The number of a prefix such as 01_, (3), （3）, 第3次 or 第三次; nullopt if none.
    std::optional<int> number_prefix(const std::string& name) const;

    bool is_junk(const std::string& file_name) const;
    bool is_not_record(const std::string& name) const;
    bool is_register(const std::string& name) const;
    bool is_group_folder(const std::string& name) const;
    std::optional<std::string> placeholder_in(const std::string& name) const;
    bool names_election(const std::string& name) const;
    bool names_development(const std::string& name) const;
    const DocumentPattern* election_document(const std::string& name) const;
    const DocumentPattern* development_document(const std::string& name) const;
};

/// Parses 3, ３, 三, 十二, 二十一, 一百零五; nullopt for anything else.
std::optional<int> parse_small_number(const std::string& text);

}  // namespace dangan::archive
