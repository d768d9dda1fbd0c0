// The contents of a hand-made archive's documents (after the name rules): each document opens, and
// the minutes' own dates and placeholders agree with what their names say. Runs on every core.
#pragma once

#include "archive/audit.hpp"

#include <optional>
#include <vector>

namespace dangan::archive {

struct ContentJob {
    int entry = 0;                               ///< index in Tree::entries
    bool minutes = false;                        ///< a meeting record: its date fields are read
    bool record = false;                         ///< a record or dossier document: placeholders are looked for
    std::optional<core::PartialDate> name_date;  ///< the full date its name (or folder) gives
    std::optional<int> year;                     ///< the year around it, for 3月5日 inside the text
    bool ocr = false;                            ///< --ocr and a scanned page of minutes: read its text by OCR
};

/// Opens and judges every job's document on all cores; `progress` (may be empty) is told each one done.
void audit_contents(const Tree& tree, const std::vector<ContentJob>& jobs, AuditReport& report,
                    const std::function<void(const std::string&, size_t, size_t)>& progress = {});

}  // namespace dangan::archive
