#include "jobs/workbook_job.hpp"

#include "jobs/resources.hpp"
#include "workbook/writer.hpp"
#include "workbook/minutes.hpp"
#include "core/atomic_write.hpp"

#include <sstream>

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

ExitCode run_import(const ImportRequest& request, std::ostream& out, std::ostream& err) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(request.out_dir, ec);
    if (ec) throw core::InputError({request.out_dir.string()}, "无法创建文件夹：" + ec.message());
    bool unread = false, partial = false;
    for (const auto& input : request.inputs) {
        std::vector<std::pair<std::string, std::string>> pairs;
        try {
            pairs = workbook::read_docx_pairs(input);
        } catch (const core::InputError& e) {
            err << "dangan: " << e.what() << "\n";
            unread = true;
            continue;
        }
        const auto result = workbook::minutes_to_record(pairs);
        const fs::path target = request.out_dir / (input.stem().string() + ".json");
        std::ostringstream json;
        result.record->stringify(json, 2);
        json << "\n";
        core::write_file_atomically(target, json.str());
        out << input.string() << " → " << target.string() << "\n  读出：";
        for (size_t i = 0; i < result.understood.size(); ++i) out << (i ? "、" : "") << result.understood[i];
        if (result.understood.empty()) out << "（无）";
        out << "\n";
        if (!result.record->has("type")) {
            out << "  缺少：会议类型（请在记录中补写 \"type\"，如 \"支部委员会\"）\n";
            partial = true;
        }
        for (const auto& text : result.not_understood) {
            out << "  未读懂：" << text << "\n";
            partial = true;
        }
    }
    if (unread) return ExitCode::unusable;
    return partial ? ExitCode::findings : ExitCode::clean;
}

}  // namespace dangan::jobs
