#include "jobs/check_job.hpp"
#include "core/messages.hpp"

#include "jobs/resources.hpp"
#include "core/json_positions.hpp"
#include "records/loader.hpp"
#include "rules/check.hpp"
#include "workbook/convert.hpp"

namespace dangan::jobs {

bool print_diagnostics(const std::vector<core::Diagnostic>& diagnostics, std::ostream& err) {
    bool errors = false;
    for (const auto& d : diagnostics) {
        err << "dangan: " << d.str() << "\n";
        errors = errors || d.severity == core::Severity::error;
    }
    return errors;
}

void add_cell_references(std::vector<rules::Finding>& findings, const records::Dataset& data) {
    if (data.cells.empty()) return;
    for (auto& f : findings) {
        auto it = data.cells.find(f.where.file);
        if (it == data.cells.end()) continue;
        // "台账.xlsx 会议!E7": the file and the cell, as a spreadsheet user looks for it.
        const std::string cell = workbook::cell_for(it->second, f.where.field);
        if (cell.empty()) continue;
        f.where.file = cell;
        f.where.field.clear();
    }
}

void add_line_numbers(std::vector<rules::Finding>& findings) {
    core::LineFinder lines;
    for (auto& f : findings) {
        if (f.where.line > 0 || f.where.file.empty() || !f.where.field.starts_with("/")) continue;
        const auto position = lines.find(f.where.file, f.where.field);
        f.where.line = position.line;
        f.where.column = position.column;
    }
}

std::optional<Inputs> load_inputs(const std::vector<std::filesystem::path>& inputs,
                                  const std::optional<std::string>& profile, std::ostream& err) {
    auto book = rules::RuleBook::load(resource_root() / "profiles", profile);
    print_diagnostics(book.warnings(), err);
    core::DiagnosticSink sink;
    // JSON record files, .xlsx workbooks and .csv sheets (src/workbook).
    auto data = workbook::load_dataset(inputs, book.vocabulary(), sink);
    if (print_diagnostics(sink.all(), err)) {
        err << core::tr("dangan: 数据有错误（见上面各条），请改正后再运行\n", "dangan: the data has errors (listed above); fix them and run again\n");
        return std::nullopt;
    }
    return Inputs{std::move(book), std::move(data)};
}

ExitCode run_check(const CheckRequest& request, std::ostream& out, std::ostream& err) {
    const auto inputs = load_inputs(request.inputs, request.profile, err);
    if (!inputs) return ExitCode::unusable;
    const auto& [book, data] = *inputs;
    const rules::CheckOptions options{request.as_of.value_or(core::today())};
    auto findings = rules::check_dataset(data, book, options);
    add_cell_references(findings, data);
    add_line_numbers(findings);
    out << (request.format == "json" ? rules::findings_to_json(findings) : rules::findings_to_text(findings));
    return rules::has_errors(findings) ? ExitCode::findings : ExitCode::clean;
}

}  // namespace dangan::jobs
