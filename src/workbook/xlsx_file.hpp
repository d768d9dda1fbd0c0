// A workbook appears under its final name only when it is complete. libxlsxwriter writes the file it is
// given itself, so both writers (writer.cpp: the data workbook; table_writer.cpp: plain tables such as the
// 工委's summary) let it write a temporary beside the target, then rename it into place.
#pragma once

#include "core/diagnostic.hpp"

#include <xlsxwriter.h>

#include <filesystem>
#include <functional>
#include <string>
#include <system_error>

#include <unistd.h>

namespace dangan::workbook {

/// Calls `write` with the temporary's path; its error, an exception or a failed rename removes the
/// temporary and reports on `out` in Chinese. `out`'s folder must exist.
inline void write_xlsx_atomically(const std::filesystem::path& out,
                                  const std::function<lxw_error(const std::string& temporary)>& write) {
    namespace fs = std::filesystem;
    const fs::path folder = out.parent_path().empty() ? fs::path(".") : out.parent_path();
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) throw core::InputError({out.string()}, "文件夹 " + folder.string() + " 不存在");
    const fs::path temporary = folder / ("." + out.filename().string() + ".tmp-" + std::to_string(::getpid()) + ".xlsx");
    lxw_error error = LXW_NO_ERROR;
    try {
        error = write(temporary.string());
    } catch (...) {
        fs::remove(temporary, ec);
        throw;
    }
    if (error != LXW_NO_ERROR) {
        fs::remove(temporary, ec);
        throw core::InputError({out.string()}, std::string("无法写入工作簿：") + lxw_strerror(error));
    }
    fs::rename(temporary, out, ec);
    if (ec) {
        fs::remove(temporary, ec);
        throw core::InputError({out.string()}, "无法写入工作簿：" + ec.message());
    }
}

}  // namespace dangan::workbook
