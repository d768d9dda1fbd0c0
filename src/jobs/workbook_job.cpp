#include "jobs/workbook_job.hpp"

#include "jobs/resources.hpp"
#include "workbook/writer.hpp"

namespace dangan::jobs {

ExitCode run_workbook(const WorkbookRequest& request, std::ostream& out, std::ostream& err) {
    std::optional<Inputs> inputs;
    if (!request.inputs.empty()) {
        inputs = load_inputs(request.inputs, request.profile, err);
        if (!inputs) return ExitCode::unusable;
    }
    const auto book = inputs ? std::move(inputs->book) : rules::RuleBook::load(resource_root() / "profiles", request.profile);
    if (!inputs) print_diagnostics(book.warnings(), err);
    workbook::WriteOptions options;
    for (const auto& kind : book.base().meeting_kinds) options.meeting_kinds.push_back(kind.name);
    options.development_steps = book.base().development.steps;
    workbook::write_workbook(request.out, inputs ? &inputs->data : nullptr, options);
    if (inputs) {
        const auto& d = inputs->data;
        out << "已写入 " << request.out.string() << "：" << (d.organisation ? d.organisation->members.size() : 0) << " 名党员，"
            << d.meetings.size() << " 次会议，" << d.developments.size() << " 份发展纪实，" << d.elections.size() << " 份换届材料，"
            << d.dues.size() << " 本党费台账\n";
    } else {
        out << "已写入空白台账 " << request.out.string() << "（工作表：说明、组织、花名册、会议、会议内容、表决、党费、发展、换届、候选人）\n";
    }
    return ExitCode::clean;
}

}  // namespace dangan::jobs
