// Scoring a report for the 检查情况反馈单: points deducted per finding under a scoring profile (a
// data file, profiles/audit/scoring.json), per item up to a cap, and the total and grade.
#pragma once

#include "rules/finding.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace dangan::archive {

struct ScoringItem {
    std::string name;
    std::vector<std::string> rules;  ///< rule ids; "workflow.*" matches a prefix
    double points_each = 1;
    double max = 10;

    bool matches(const std::string& rule) const;
};

struct ScoringProfile {
    std::string title = "党支部档案检查情况反馈单";
    double full_score = 100;
    std::vector<std::pair<double, std::string>> grades;  ///< (minimum score, name), highest first
    std::vector<ScoringItem> items;
    /// Factor on points_each by severity: errors dominate, info (a reminder) never costs points.
    double error_weight = 1, warning_weight = 0.5;

    /// Throws core::InputError naming the file and key when malformed.
    static ScoringProfile load(const std::filesystem::path& file);
};

struct ItemScore {
    std::string name;
    int findings = 0;
    double deducted = 0;  ///< capped at the item's max
    double max = 0;
};

/// The DA/T 70-2018 四性 (真实性, 完整性, 可用性, 安全性) a rule's check belongs to, or "" (practice.md §2).
std::string four_properties_of(const std::string& rule);

struct Score {
    std::vector<ItemScore> items;
    std::vector<double> points;  ///< per finding (same order as the findings), before the caps
    std::vector<std::string> item_of;  ///< per finding: the item's name, or "" when it deducts nothing
    double total = 0;
    std::string grade;
};

Score score_findings(const std::vector<rules::Finding>& findings, const ScoringProfile& profile);

/// 2 → "2", 0.5 → "0.5", 12.25 → "12.25".
std::string format_points(double points);

}  // namespace dangan::archive
