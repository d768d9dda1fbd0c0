#include "workbook/table_writer.hpp"

#include "core/diagnostic.hpp"
#include "workbook/xlsx_file.hpp"

#include <Poco/StreamCopier.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>
#include <xlsxwriter.h>

#include <fstream>


namespace dangan::workbook {

namespace fs = std::filesystem;

namespace {

/// Fills one open workbook; returns libxlsxwriter's error of workbook_close.
lxw_error fill(lxw_workbook* book, const std::vector<TableSheet>& sheets, const TableProperties& properties) {
    lxw_doc_properties doc{};
    doc.title = const_cast<char*>(properties.title.c_str());
    doc.comments = const_cast<char*>(properties.comments.c_str());
    doc.author = const_cast<char*>("dangan");
    doc.created = properties.created;
    workbook_set_properties(book, &doc);
    lxw_format* header = workbook_add_format(book);
    format_set_bold(header);
    format_set_bg_color(header, 0xDDEBF7);
    format_set_border(header, LXW_BORDER_THIN);
    format_set_align(header, LXW_ALIGN_CENTER);
    lxw_format* wrap = workbook_add_format(book);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    for (const auto& table : sheets) {
        lxw_worksheet* sheet = workbook_add_worksheet(book, table.name.c_str());
        if (!sheet) {  // a bad or repeated name: a programming error, but the workbook is still freed
            workbook_close(book);
            return LXW_ERROR_SHEETNAME_ALREADY_USED;
        }
        for (size_t c = 0; c < table.headers.size(); ++c) {
            const auto col = static_cast<lxw_col_t>(c);
            const bool wraps = c < table.wrap.size() && table.wrap[c];
            worksheet_set_column(sheet, col, col, c < table.widths.size() ? table.widths[c] : 12, wraps ? wrap : nullptr);
            worksheet_write_string(sheet, 0, col, table.headers[c].c_str(), header);
        }
        worksheet_freeze_panes(sheet, 1, 0);
        for (size_t r = 0; r < table.rows.size(); ++r) {
            const auto row = static_cast<lxw_row_t>(r + 1);
            for (size_t c = 0; c < table.rows[r].size(); ++c) {
                const auto& cell = table.rows[r][c];
                const auto col = static_cast<lxw_col_t>(c);
                if (cell.number)
                    worksheet_write_number(sheet, row, col, *cell.number, nullptr);
                else if (!cell.text.empty())
                    worksheet_write_string(sheet, row, col, cell.text.c_str(), nullptr);
            }
        }
        if (!table.rows.empty())
            worksheet_autofilter(sheet, 0, 0, static_cast<lxw_row_t>(table.rows.size()),
                                 static_cast<lxw_col_t>(table.headers.size() - 1));
    }
    return workbook_close(book);
}

}  // namespace

bool written_by_write_tables(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return false;
    try {
        Poco::Zip::ZipArchive archive(in);
        const auto header = archive.findHeader("docProps/core.xml");
        if (header == archive.headerEnd() || header->second.getUncompressedSize() > 1024 * 1024) return false;
        in.clear();
        in.seekg(static_cast<std::streamoff>(header->second.getStartPos()));
        Poco::Zip::ZipInputStream zin(in, header->second);
        std::string core;
        Poco::StreamCopier::copyToString(zin, core);
        return core.find("<dc:creator>dangan</dc:creator>") != std::string::npos;
    } catch (const Poco::Exception&) {
        return false;  // not a zip: not ours
    }
}

void write_tables(const fs::path& out, const std::vector<TableSheet>& sheets, const TableProperties& properties) {
    write_xlsx_atomically(out, [&](const std::string& temporary) {
        lxw_workbook_options options{};
        options.constant_memory = LXW_FALSE;
        options.tmpdir = nullptr;
        lxw_workbook* book = workbook_new_opt(temporary.c_str(), &options);
        if (!book) throw core::InputError({out.string()}, "无法创建工作簿文件");
        return fill(book, sheets, properties);  // closes (and frees) the workbook
    });
}

}  // namespace dangan::workbook
