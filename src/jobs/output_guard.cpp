#include "jobs/output_guard.hpp"

#include "archive/manifest.hpp"
#include "core/diagnostic.hpp"

#include <algorithm>
#include <fstream>
#include <string>

namespace dangan::jobs {

namespace fs = std::filesystem;

bool written_by_dangan(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::string head(5, '\0');
    if (!in.read(head.data(), 5) || head != "%PDF-") return false;
    // The /Creator entry: "(dangan)" as libharu wrote it, or UTF-16BE hex; files of older versions
    // carry it near the end, so the last 256 KB are searched.
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (ec) return false;
    const std::uintmax_t window = 256 * 1024;
    in.seekg(static_cast<std::streamoff>(size > window ? size - window : 0));
    std::string tail(static_cast<size_t>(size > window ? window : size), '\0');
    in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
    // dangan's own writer puts Info and the XMP packet at the start of the file: the first 64 KB too.
    std::string head_window(static_cast<size_t>(std::min<std::uintmax_t>(size, 64 * 1024)), '\0');
    in.clear();
    in.seekg(0);
    in.read(head_window.data(), static_cast<std::streamsize>(head_window.size()));
    const auto mark = [](const std::string& text) {
        return text.find("/Creator (dangan") != std::string::npos ||
               text.find("/Creator <FEFF00640061006E00670061006E") != std::string::npos ||
               text.find("<xmp:CreatorTool>dangan") != std::string::npos;
    };
    return mark(tail) || mark(head_window);
}

OutputGuard make_guard(const std::vector<std::string>& files, const std::optional<std::string>& profile, bool force) {
    OutputGuard guard;
    for (const auto& f : files) guard.inputs.push_back(fs::u8path(f));
    if (profile && profile->ends_with(".json")) guard.inputs.push_back(fs::u8path(*profile));
    guard.force = force;
    return guard;
}

void guard_output(const fs::path& target, const OutputGuard& guard) {
    const core::Location where{target.string(), 0, 0, "", ""};
    std::error_code ec;
    const fs::path resolved = fs::weakly_canonical(fs::absolute(target, ec), ec);
    for (const auto& input : guard.inputs) {
        std::error_code e2;
        if (fs::exists(target, e2) && fs::equivalent(target, input, e2))
            throw core::InputError(where, "这是本次读取的输入文件（" + input.string() +
                                              "），不能用输出覆盖；请给 --out 另一个文件名");
    }
    // Inside a dangan archive (a folder above holds archive.json): filed matters never change by --out.
    for (fs::path folder = resolved.parent_path(); !folder.empty(); folder = folder.parent_path()) {
        std::error_code e2;
        if (fs::is_regular_file(folder / archive::archive_marker_name, e2))
            throw core::InputError(where, "位于 dangan 档案 " + folder.string() +
                                              " 之内；档案中的文件只由 dangan archive 写入。请把输出写到档案之外");
        if (folder == folder.root_path()) break;
    }
    if (!fs::exists(target, ec) || guard.force) return;
    if (!fs::is_regular_file(target, ec)) return;  // a folder or device: the writer reports it
    if (!written_by_dangan(target))
        throw core::InputError(where, "已存在，且不是 dangan 生成的 PDF；为免丢失，不覆盖。请换一个文件名，"
                                      "或确认可以覆盖后加 --force");
}

}  // namespace dangan::jobs
