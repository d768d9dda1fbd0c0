// Reading the dates in folder and file names the way branches write them: on top of core's
// find_dates (2025年3月15日, 2025.3.15, 20250315 …) the habits of hand-kept trees — 3.6 and 0205 with the
// year from a folder, 23年3月5日, camera and chat-app timestamps (IMG_20230315_101522, 微信图片_2023…),
// scanner names with a time (扫描全能王 2023-03-15 10.23), ranges (2023.1-2023.12, 第一学期（2023.9-2024.1）),
// 学年 folders, 级 cohorts (not dates), 文号 such as 〔2023〕5号 (not dates) and N年度. When a name holds
// several dates the fullest wins (2024年第3次支委会（3月12日） is 2024-03-12, not 2024).
#pragma once

#include "core/date.hpp"

#include <optional>
#include <string>
#include <vector>

namespace dangan::archive {

/// A span of full days, both ends included.
struct DateRange {
    core::PartialDate first, last;
};

/// What the folders above a name say about its time: a year, or a range (a 学年, a 学期).
struct NameContext {
    std::optional<int> year;
    std::optional<DateRange> range;
};

struct NameReading {
    std::optional<core::PartialDate> date;  ///< the fullest real date in the name
    bool at_start = false;                  ///< the name begins with that date (so it is no number prefix)
    std::optional<DateRange> range;         ///< a period the name states (学年, 学期, 2023.1-2023.12)
    std::vector<std::string> invalid;       ///< impossible dates, as Chinese sentences quoting the text
    std::optional<core::PartialDate> invalid_month;  ///< the (real) month of an impossible day: 6.31 → 6月
    std::optional<int> annual_year;         ///< "2024年度": the year a 年度 meeting or report belongs to
    bool cohort = false;                    ///< "2021级": a cohort of students, not a year of documents
    bool needs_year = false;                ///< a month or day was written but no year can place it
    bool context_used = false;              ///< the context was consulted (a year-less form, 年度 without a
                                            ///< year): read with another context, the name may read otherwise
};

/// Reads one name (without its extension). `context` places year-less forms (3月5日, 3.6, 0205).
NameReading read_name(const std::string& name, const NameContext& context);

/// The context the children of a folder named with `reading` inherit from `parent`.
NameContext child_context(const NameReading& reading, const NameContext& parent);

}  // namespace dangan::archive
