#include "core/atomic_write.hpp"
#include "workbook/convert.hpp"
#include "workbook/readers.hpp"
#include "workbook/schema.hpp"
#include "workbook/writer.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace dangan;
using namespace dangan::workbook;

namespace {

records::Vocabulary vocabulary() {
    records::Vocabulary v;
    v.meeting_kinds = {{"支部委员会", "支部委员会"}, {"支委会", "支部委员会"}, {"党课", "党课"}};
    v.election_steps = {{"请示", "请示"}, {"批复", "批复"}};
    v.development_steps = {{"递交入党申请书", 1}, {"入党申请", 1}, {"党组织派人谈话", 2}};
    v.development_step_count = 25;
    return v;
}

/// A scratch folder removed at the end of the test.
struct Scratch {
    std::filesystem::path dir;
    Scratch() {
        dir = std::filesystem::temp_directory_path() / ("dangan-wb-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
        std::filesystem::create_directories(dir);
    }
    ~Scratch() { std::filesystem::remove_all(dir); }
    static int& counter() { static int n = 0; return n; }
    std::filesystem::path write(const std::string& name, const std::string& bytes) const {
        std::ofstream(dir / name, std::ios::binary) << bytes;
        return dir / name;
    }
};

std::string all_messages(const core::DiagnosticSink& sink) {
    std::string out;
    for (const auto& d : sink.all()) out += d.str() + "\n";
    return out;
}

}  // namespace

TEST_CASE("Excel serial dates, with the 1900 leap-year quirk and the 1904 system") {
    std::string iso;
    REQUIRE(serial_to_iso(1, false, iso));
    CHECK(iso == "1900-01-01");
    REQUIRE(serial_to_iso(59, false, iso));
    CHECK(iso == "1900-02-28");
    CHECK_FALSE(serial_to_iso(60, false, iso));  // the 1900-02-29 that never was
    REQUIRE(serial_to_iso(61, false, iso));
    CHECK(iso == "1900-03-01");
    REQUIRE(serial_to_iso(45722, false, iso));
    CHECK(iso == "2025-03-06");
    REQUIRE(serial_to_iso(45722.75, false, iso));  // a time of day does not change the day
    CHECK(iso == "2025-03-06");
    REQUIRE(serial_to_iso(0 + 44260, true, iso));
    CHECK(iso == "2025-03-06");
    CHECK_FALSE(serial_to_iso(0, false, iso));
    CHECK_FALSE(serial_to_iso(-5, false, iso));
}

TEST_CASE("cell names") {
    CHECK(cell_name(7, 3) == "C7");
    CHECK(cell_name(1, 26) == "Z1");
    CHECK(cell_name(2, 27) == "AA2");
    CHECK(cell_name(10, 52) == "AZ10");
}

TEST_CASE("CSV: quotes, doubled quotes, line breaks inside quotes, CRLF") {
    const Sheet s = parse_csv("姓名,议题\r\n王建华,\"学习，讨论\"\r\n\"李\"\"秀\"\"梅\",\"一\n二\"\r\n", "会议");
    CHECK(s.rows == 3);
    CHECK(s.at(2, 2)->text == "学习，讨论");
    CHECK(s.at(3, 1)->text == "李\"秀\"梅");
    CHECK(s.at(3, 2)->text == "一\n二");
}

TEST_CASE("CSV encodings: UTF-8, UTF-8 with BOM and GBK are read; UTF-16 is refused with a hint") {
    Scratch scratch;
    std::string encoding;
    auto utf8 = read_csv(scratch.write("花名册.csv", "姓名,性别\n张三,男\n"), &encoding);
    CHECK(encoding == "UTF-8");
    CHECK(utf8.sheets.at(0).name == "花名册");
    CHECK(utf8.sheets.at(0).at(2, 1)->text == "张三");
    auto bom = read_csv(scratch.write("台账-花名册.csv", "\xEF\xBB\xBF姓名,性别\n张三,男\n"), &encoding);
    CHECK(encoding == "UTF-8（带 BOM）");
    CHECK(bom.sheets.at(0).name == "花名册");
    CHECK(bom.sheets.at(0).at(1, 1)->text == "姓名");
    auto gbk = read_csv(scratch.write("gbk_花名册.csv", "\xd0\xd5\xc3\xfb,\xd0\xd4\xb1\xf0\n\xd5\xc5\xc8\xfd,\xc4\xd0\n"), &encoding);
    CHECK(encoding == "GB18030/GBK");
    CHECK(gbk.sheets.at(0).at(2, 1)->text == "张三");
    CHECK(gbk.sheets.at(0).at(2, 2)->text == "男");
    CHECK_THROWS_WITH(read_csv(scratch.write("u16.csv", std::string("\xFF\xFE\x41\x00", 4))), Catch::Contains("UTF-16"));
}

TEST_CASE("xlsx: a file that is not a workbook gets a Chinese message naming it") {
    Scratch scratch;
    const auto path = scratch.write("台账.xlsx", "{\"kind\": \"meeting\"}");
    CHECK_THROWS_WITH(read_xlsx(path), Catch::Contains("台账.xlsx") && Catch::Contains("不是 .xlsx 工作簿"));
}

TEST_CASE("cells are read by column type with a Chinese problem for wrong values") {
    std::string problem;
    Cell text{"5人", false, 0, false, ""};
    CHECK(parse_cell(Type::integer, text, problem).isEmpty());
    CHECK(problem == "应填整数（如 5），这里是文字“5人”");
    problem.clear();
    Cell fullwidth{"１２", false, 0, false, ""};
    CHECK(parse_cell(Type::integer, fullwidth, problem).convert<int>() == 12);
    CHECK(problem.empty());
    Cell serial{"45722", true, 45722, false, ""};
    std::string note;
    CHECK(parse_cell(Type::date, serial, problem, &note).toString() == "2025-03-06");
    CHECK(note.find("日期序号 45722") != std::string::npos);
    Cell compact{"20250306", true, 20250306, false, ""};
    CHECK(parse_cell(Type::date, compact, problem).toString() == "20250306");
    Cell time{"0.604166666666667", true, 0.6041666666666666, false, ""};
    CHECK(parse_cell(Type::time, time, problem).toString() == "14:30");
    Cell names{"王建华、李秀梅，张志强", false, 0, false, ""};
    CHECK(parse_cell(Type::list, names, problem).extract<Poco::JSON::Array::Ptr>()->size() == 3);
    Cell absent{"周文斌（出差、培训）、刘洋", false, 0, false, ""};
    const auto pairs = parse_cell(Type::pairs, absent, problem).extract<Poco::JSON::Array::Ptr>();
    REQUIRE(pairs->size() == 2);
    CHECK(pairs->getObject(0)->getValue<std::string>("reason") == "出差、培训");
    CHECK_FALSE(pairs->getObject(1)->has("reason"));
    Cell flag{"也许", false, 0, false, ""};
    problem.clear();
    CHECK(parse_cell(Type::flag, flag, problem).isEmpty());
    CHECK(problem == "应填“是”或“否”，这里是“也许”");
}

TEST_CASE("headers: full-width letters, blanks and a bracketed unit are folded") {
    CHECK(normalise_header(" 应到人数（人） ") == "应到人数");
    CHECK(normalise_header("ＩＤ") == "ID");
    CHECK(normalise_header("*日期") == "日期");
    CHECK(normalise_header("出生\u3000日期") == "出生日期");
}

TEST_CASE("sheets become records; errors and warnings name the sheet and the cell") {
    Workbook book;
    book.file = "台账.xlsx";
    Sheet meetings;
    meetings.name = "会议";
    auto put = [&](int r, int c, const std::string& text) {
        meetings.cells[{r, c}] = Cell{text, false, 0, false, ""};
        meetings.rows = std::max(meetings.rows, r);
        meetings.columns = std::max(meetings.columns, c);
    };
    put(1, 1, "会议类型"); put(1, 2, "日期"); put(1, 3, "应到人数"); put(1, 4, "主持"); put(1, 5, "地典"); put(1, 6, "序 号");
    put(2, 1, "支委会"); put(2, 2, "2025-03-06"); put(2, 3, "5"); put(2, 4, "王建华");
    put(3, 1, "党课"); put(3, 2, "2025-03-20"); put(3, 3, "五人");
    book.sheets.push_back(meetings);
    core::DiagnosticSink sink;
    const auto docs = convert(book, vocabulary(), sink);
    const std::string messages = all_messages(sink);
    CHECK(messages.find("台账.xlsx 会议!C3: 错误：“应到人数”列：应填整数（如 5），这里是文字“五人”") != std::string::npos);
    CHECK(messages.find("台账.xlsx 会议!E1: 警告：不认识的列“地典”") != std::string::npos);
    CHECK(messages.find("地点") != std::string::npos);  // did you mean
    CHECK(messages.find("F1") == std::string::npos);  // a 序号 column counts rows: skipped without a word
    REQUIRE(docs.size() == 1);
    const auto records = docs[0].root->getArray("records");
    REQUIRE(records->size() == 2);
    CHECK(records->getObject(0)->getValue<std::string>("host") == "王建华");
    CHECK(records->getObject(0)->getObject("attendance")->getValue<int>("expected") == 5);
    CHECK(docs[0].cells.at("/records/1/date") == "台账.xlsx 会议!B3");
    CHECK(cell_for(docs[0].cells, "/records/0/attendance/expected") == "台账.xlsx 会议!C2");
}

TEST_CASE("an unknown sheet is a warning with did-you-mean; 会议内容 rows must name a meeting that exists") {
    Workbook book;
    book.file = "t.xlsx";
    Sheet wrong;
    wrong.name = "花名策";
    wrong.cells[{1, 1}] = Cell{"姓名", false, 0, false, ""};
    wrong.rows = wrong.columns = 1;
    Sheet meetings;
    meetings.name = "会议";
    meetings.cells[{1, 1}] = Cell{"编号", false, 0, false, ""};
    meetings.cells[{1, 2}] = Cell{"会议类型", false, 0, false, ""};
    meetings.cells[{2, 1}] = Cell{"M1", false, 0, false, ""};
    meetings.cells[{2, 2}] = Cell{"党课", false, 0, false, ""};
    meetings.rows = 2;
    meetings.columns = 2;
    Sheet content;
    content.name = "会议内容";
    content.cells[{1, 1}] = Cell{"会议", false, 0, false, ""};
    content.cells[{1, 2}] = Cell{"内容", false, 0, false, ""};
    content.cells[{2, 1}] = Cell{"M1", false, 0, false, ""};
    content.cells[{2, 2}] = Cell{"学习", false, 0, false, ""};
    content.cells[{3, 1}] = Cell{"M2", false, 0, false, ""};
    content.cells[{3, 2}] = Cell{"讨论", false, 0, false, ""};
    content.rows = 3;
    content.columns = 2;
    book.sheets = {wrong, meetings, content};
    core::DiagnosticSink sink;
    const auto docs = convert(book, vocabulary(), sink);
    const std::string messages = all_messages(sink);
    CHECK(messages.find("t.xlsx 花名策: 警告：不认识的工作表“花名策”") != std::string::npos);
    CHECK(messages.find("花名册") != std::string::npos);
    CHECK(messages.find("t.xlsx 会议内容!A3: 错误：“会议”表里没有编号为“M2”的会议") != std::string::npos);
    REQUIRE(docs.size() == 1);
    CHECK(docs[0].root->getArray("records")->getObject(0)->getArray("content")->size() == 1);
}

TEST_CASE("a written workbook reads back into the same records") {
    Scratch scratch;
    const std::string org = R"({"kind": "organisation", "name": "中共测试支部委员会", "type": "村", "groups": [],
        "committee": {"elected": "2024-05-06", "members": [{"name": "王一", "role": "书记"}]},
        "members": [{"name": "王一", "gender": "男", "birth_date": "1970-01-02", "status": "正式", "roles": ["书记"]},
                    {"name": "李二", "status": "预备", "joined": "2025年6月1日", "position": 302}]})";
    const std::string meetings = R"({"kind": "meetings", "records": [
        {"type": "支委会", "number": 1, "date": "2025-03-06", "start": "14:30", "end": "16:00", "host": "王一",
         "attendance": {"expected": 2, "present": ["王一"], "absent": [{"name": "李二", "reason": "外出务工"}]},
         "agenda": ["学习文件", "研究发展、培养工作"], "content": [{"speaker": "王一", "text": "传达精神。"}],
         "votes": [{"subject": "同意", "method": "举手表决", "yes": 1, "no": 0}], "signatures": {"host": true}},
        {"type": "党课", "date": "2025年4月", "title": "党课", "content": ["纯文字段落"]}]})";
    const std::string dues = R"({"kind": "dues", "year": 2025, "id": "2025年党费", "collection_day": "每月10日",
        "members": [{"member": "王一", "category": "农民", "payments": [
            {"month": "2025-01", "amount": 0.2, "paid": "2025-01-10"}, {"month": "2025-03", "amount": 0.6, "paid": "2025-03-10", "note": "补交2月"}]},
          {"member": "李二", "payments": [{"month": "2025-07", "amount": 0.2}, {"month": "2025-06", "amount": 0.2}]}]})";
    records::Dataset original;
    core::DiagnosticSink sink;
    for (const auto& text : {org, meetings, dues}) records::load_json_text(text, "x.json", vocabulary(), original, sink);
    REQUIRE(all_messages(sink).empty());
    WriteOptions options;
    options.meeting_kinds = {"支部委员会", "党课"};
    options.development_steps = {"递交入党申请书", "党组织派人谈话"};
    const auto out = scratch.dir / "台账.xlsx";
    write_workbook(out, &original, options);
    REQUIRE(std::filesystem::exists(out));
    core::DiagnosticSink read_sink;
    const auto back = workbook::load_dataset({scratch.dir}, vocabulary(), read_sink);
    INFO(all_messages(read_sink));
    CHECK(read_sink.all().empty());
    REQUIRE(back.organisation);
    auto same = [](const Poco::JSON::Object::Ptr& a, const Poco::JSON::Object::Ptr& b) {
        std::ostringstream x, y;
        Poco::JSON::Object copy_a(*a), copy_b(*b);
        copy_a.remove("kind");
        copy_b.remove("kind");
        copy_a.stringify(x);
        copy_b.stringify(y);
        return x.str() == y.str() ? std::string("same") : x.str() + "\n  !=\n" + y.str();
    };
    CHECK(same(original.organisation->json, back.organisation->json) == "same");
    REQUIRE(back.meetings.size() == 2);
    CHECK(same(original.meetings[0].json(), back.meetings[0].json()) == "same");
    CHECK(same(original.meetings[1].json(), back.meetings[1].json()) == "same");
    REQUIRE(back.dues.size() == 1);
    CHECK(same(original.dues[0].json, back.dues[0].json) == "same");
    CHECK(back.organisation->groups.empty());
    CHECK(back.meetings[0].kind == "支部委员会");
    // Locations name the cell: the meeting's date is in 会议!?2.
    CHECK(cell_for(back.cells.at(back.meetings[0].where.file), back.meetings[0].date.where.field).find("会议!") != std::string::npos);
    // No temporary is left beside the workbook.
    int files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(scratch.dir)) ++files;
    CHECK(files == 1);
}

TEST_CASE("a 会议类型 of two kinds separated by 、 is a joint meeting") {
    Workbook book;
    book.file = "j.xlsx";
    Sheet meetings;
    meetings.name = "会议";
    meetings.cells[{1, 1}] = Cell{"会议类型", false, 0, false, ""};
    meetings.cells[{2, 1}] = Cell{"主题党日、支部党员大会", false, 0, false, ""};
    meetings.cells[{3, 1}] = Cell{"党课", false, 0, false, ""};
    meetings.rows = 3;
    meetings.columns = 1;
    book.sheets.push_back(meetings);
    core::DiagnosticSink sink;
    const auto docs = convert(book, vocabulary(), sink);
    REQUIRE(docs.size() == 1);
    const auto records = docs[0].root->getArray("records");
    REQUIRE(records->getObject(0)->get("type").type() == typeid(Poco::JSON::Array::Ptr));
    CHECK(records->getObject(0)->getArray("type")->size() == 2);
    CHECK(records->getObject(1)->get("type").isString());
}
