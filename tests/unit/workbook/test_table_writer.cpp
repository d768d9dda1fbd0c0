#include "core/diagnostic.hpp"
#include "workbook/readers.hpp"
#include "workbook/table_writer.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace dangan;
using namespace dangan::workbook;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
    const auto dir = fs::temp_directory_path() / ("dangan-table-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir / name;
}

std::string bytes_of(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<TableSheet> two_sheets() {
    TableSheet summary{"汇总", {"支部", "得分"}, {30, 8}, {}, {}};
    summary.rows.push_back({TableCell{"第一支部", {}}, TableCell{"", 91.75}});
    summary.rows.push_back({TableCell{"第二支部", {}}, TableCell{"", 100}});
    TableSheet detail{"问题明细", {"支部", "问题"}, {30, 60}, {false, true}, {}};
    detail.rows.push_back({TableCell{"第一支部", {}}, TableCell{"2024年11月没有支部委员会记录", {}}});
    return {summary, detail};
}

}  // namespace

TEST_CASE("write_tables: a workbook the project's own reader opens, numbers as numbers, fixed time gives same bytes") {
    const auto a = scratch("a.xlsx"), b = scratch("b.xlsx");
    TableProperties properties;
    properties.title = "汇总";
    properties.created = 946684800;
    write_tables(a, two_sheets(), properties);
    write_tables(b, two_sheets(), properties);
    CHECK(bytes_of(a) == bytes_of(b));
    CHECK(written_by_write_tables(a));
    const auto book = read_xlsx(a);
    REQUIRE(book.sheets.size() == 2);
    CHECK(book.sheets[0].name == "汇总");
    CHECK(book.sheets[1].name == "问题明细");
    const auto& sheet = book.sheets[0];
    REQUIRE(sheet.at(1, 1));
    CHECK(sheet.at(1, 1)->text == "支部");
    REQUIRE(sheet.at(2, 2));
    CHECK(sheet.at(2, 2)->number);
    CHECK(sheet.at(2, 2)->value == Approx(91.75));
    CHECK(sheet.at(3, 1)->text == "第二支部");
    CHECK(book.sheets[1].at(2, 2)->text == "2024年11月没有支部委员会记录");
    // No temporary left beside the target.
    int files = 0;
    for (const auto& e : fs::directory_iterator(a.parent_path())) files += e.path().filename().string().starts_with(".");
    CHECK(files == 0);
    fs::remove_all(a.parent_path());
}

TEST_CASE("write_tables: a missing folder is an InputError naming the file; foreign files are not ours") {
    const auto missing = scratch("none") / "sub" / "汇总.xlsx";
    CHECK_THROWS_AS(write_tables(missing, two_sheets(), {}), core::InputError);
    CHECK_FALSE(fs::exists(missing));
    const auto foreign = scratch("台账.xlsx");
    std::ofstream(foreign) << "not a zip";
    CHECK_FALSE(written_by_write_tables(foreign));
    CHECK_FALSE(written_by_write_tables(scratch("absent.xlsx")));
    fs::remove_all(foreign.parent_path());
}
