#include "workbook/readers.hpp"

#include "core/atomic_write.hpp"
#include "core/date.hpp"
#include "core/diagnostic.hpp"
#include "core/unicode_text.hpp"

#include <Poco/Exception.h>
#include <Poco/SAX/Attributes.h>
#include <Poco/SAX/ContentHandler.h>
#include <Poco/SAX/InputSource.h>
#include <Poco/SAX/SAXParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <unicode/ucnv.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

namespace dangan::workbook {

std::string cell_name(int row, int column) {
    std::string letters;
    for (int c = column; c > 0; c = (c - 1) / 26) letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
    return letters + std::to_string(row);
}

bool serial_to_iso(double serial, bool date1904, std::string& iso) {
    if (!(serial >= 1 && serial < 2958466)) return false;  // 9999-12-31 is Excel's last day
    long days = static_cast<long>(std::floor(serial));
    core::PartialDate base;
    if (date1904) {
        base = core::make_date(1904, 1, 1);
    } else {
        if (days == 60) return false;  // 1900-02-29, which does not exist
        base = days < 60 ? core::make_date(1899, 12, 31) : core::make_date(1899, 12, 30);
    }
    const auto date = core::add_days(base, static_cast<int>(days));
    iso = date.iso();
    return true;
}

namespace {

std::string format_number(double value) {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.15g", value);
    return buffer;
}

std::string time_of_day(double fraction) {
    long minutes = std::lround((fraction - std::floor(fraction)) * 24 * 60);
    if (minutes >= 24 * 60) minutes = 0;
    char buffer[24];  // "HH:MM"; room for any long, so the compiler can see nothing is cut
    std::snprintf(buffer, sizeof buffer, "%02ld:%02ld", minutes / 60, minutes % 60);
    return buffer;
}

/// (row, column) from "C7"; {0, 0} when not a cell reference.
std::pair<int, int> parse_reference(const std::string& ref) {
    int column = 0, row = 0;
    size_t i = 0;
    for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) column = column * 26 + (ref[i] - 'A' + 1);
    for (; i < ref.size() && ref[i] >= '0' && ref[i] <= '9'; ++i) row = row * 10 + (ref[i] - '0');
    if (i != ref.size() || row == 0 || column == 0 || row > 1048576 || column > 16384) return {0, 0};
    return {row, column};
}

/// A SAX handler that collects what one part of the package says; `local` is the element name
/// without its namespace prefix.
class Handler : public Poco::XML::ContentHandler {
public:
    void setDocumentLocator(const Poco::XML::Locator*) override {}
    void startDocument() override {}
    void endDocument() override {}
    void startPrefixMapping(const Poco::XML::XMLString&, const Poco::XML::XMLString&) override {}
    void endPrefixMapping(const Poco::XML::XMLString&) override {}
    void ignorableWhitespace(const Poco::XML::XMLChar[], int, int) override {}
    void processingInstruction(const Poco::XML::XMLString&, const Poco::XML::XMLString&) override {}
    void skippedEntity(const Poco::XML::XMLString&) override {}
    void startElement(const Poco::XML::XMLString&, const Poco::XML::XMLString& local, const Poco::XML::XMLString& qname,
                      const Poco::XML::Attributes& attributes) override {
        start(local.empty() ? strip(qname) : local, attributes);
    }
    void endElement(const Poco::XML::XMLString&, const Poco::XML::XMLString& local,
                    const Poco::XML::XMLString& qname) override {
        end(local.empty() ? strip(qname) : local);
    }
    void characters(const Poco::XML::XMLChar ch[], int start, int length) override {
        if (collecting_) text_.append(ch + start, static_cast<size_t>(length));
    }

protected:
    virtual void start(const std::string& name, const Poco::XML::Attributes& attributes) = 0;
    virtual void end(const std::string& name) = 0;
    static std::string attribute(const Poco::XML::Attributes& attributes, const std::string& name) {
        // With namespaces on, Poco gives the local name and may leave the qualified name empty.
        for (int i = 0; i < attributes.getLength(); ++i) {
            const std::string local = attributes.getLocalName(i);
            if ((local.empty() ? strip(attributes.getQName(i)) : local) == name) return attributes.getValue(i);
        }
        return {};
    }
    static std::string strip(const std::string& qname) {
        const auto colon = qname.find(':');
        return colon == std::string::npos ? qname : qname.substr(colon + 1);
    }
    bool collecting_ = false;
    std::string text_;
};

void parse_xml(const std::string& xml, Handler& handler, const std::string& file, const std::string& part) {
    Poco::XML::SAXParser parser;
    parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, true);
    parser.setContentHandler(&handler);
    std::istringstream stream(xml);
    Poco::XML::InputSource source(stream);
    try {
        parser.parse(&source);
    } catch (const Poco::Exception& e) {
        throw core::InputError({file}, "工作簿已损坏：其中的 " + part + " 不是有效的 XML（" + e.displayText() +
                                           "）；请用 Excel 或 WPS 打开后另存为 .xlsx 再试");
    }
}

class SharedStrings : public Handler {
public:
    std::vector<std::string> strings;

protected:
    void start(const std::string& name, const Poco::XML::Attributes&) override {
        if (name == "si") current_.clear();
        else if (name == "rPh") in_phonetic_ = true;  // 拼音/振假名 guides are not part of the text
        else if (name == "t" && !in_phonetic_) { collecting_ = true; text_.clear(); }
    }
    void end(const std::string& name) override {
        if (name == "t" && collecting_) { current_ += text_; collecting_ = false; }
        else if (name == "rPh") in_phonetic_ = false;
        else if (name == "si") strings.push_back(current_);
    }

private:
    std::string current_;
    bool in_phonetic_ = false;
};

/// Which cell styles (the `s` attribute) show a date or a time.
class Styles : public Handler {
public:
    std::vector<int> kinds;  ///< per cellXfs index: 0 other, 1 date, 2 time only

protected:
    void start(const std::string& name, const Poco::XML::Attributes& attributes) override {
        if (name == "numFmt") {
            const int id = std::atoi(attribute(attributes, "numFmtId").c_str());
            custom_[id] = classify(attribute(attributes, "formatCode"));
        } else if (name == "cellXfs") {
            in_xfs_ = true;
        } else if (name == "xf" && in_xfs_) {
            const int id = std::atoi(attribute(attributes, "numFmtId").c_str());
            int kind = 0;
            if (auto it = custom_.find(id); it != custom_.end()) kind = it->second;
            else if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) kind = 1;
            else if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47)) kind = 2;
            kinds.push_back(kind);
        }
    }
    void end(const std::string& name) override {
        if (name == "cellXfs") in_xfs_ = false;
    }

private:
    /// A custom format is a date when it uses y, d or 年/月/日 outside quotes and [colour] brackets.
    static int classify(const std::string& code) {
        bool quoted = false, bracket = false, date = false, time = false;
        for (size_t i = 0; i < code.size(); ++i) {
            const char c = code[i];
            if (c == '"') quoted = !quoted;
            else if (quoted) continue;
            else if (c == '\\') ++i;
            else if (c == '[') bracket = true;
            else if (c == ']') bracket = false;
            else if (bracket) continue;
            else if (c == 'y' || c == 'Y' || c == 'd' || c == 'D') date = true;
            else if (c == 'h' || c == 'H' || c == 's' || c == 'S') time = true;
        }
        if (code.find("年") != std::string::npos || code.find("日") != std::string::npos) date = true;
        return date ? 1 : time ? 2 : 0;
    }
    std::map<int, int> custom_;
    bool in_xfs_ = false;
};

class WorkbookPart : public Handler {
public:
    std::vector<std::pair<std::string, std::string>> sheets;  ///< name, relationship id
    bool date1904 = false;

protected:
    void start(const std::string& name, const Poco::XML::Attributes& attributes) override {
        if (name == "sheet") sheets.emplace_back(attribute(attributes, "name"), attribute(attributes, "id"));
        else if (name == "workbookPr") {
            const auto v = attribute(attributes, "date1904");
            date1904 = v == "1" || v == "true";
        }
    }
    void end(const std::string&) override {}
};

class Relationships : public Handler {
public:
    std::map<std::string, std::string> targets;

protected:
    void start(const std::string& name, const Poco::XML::Attributes& attributes) override {
        if (name == "Relationship") targets[attribute(attributes, "Id")] = attribute(attributes, "Target");
    }
    void end(const std::string&) override {}
};

class SheetPart : public Handler {
public:
    SheetPart(Sheet& sheet, const std::vector<std::string>& strings, const std::vector<int>& styles, bool date1904)
        : sheet_(sheet), strings_(strings), styles_(styles), date1904_(date1904) {}

protected:
    void start(const std::string& name, const Poco::XML::Attributes& attributes) override {
        if (name == "row") {
            const auto r = attribute(attributes, "r");
            row_ = r.empty() ? row_ + 1 : std::atoi(r.c_str());
            column_ = 0;
        } else if (name == "c") {
            const auto ref = parse_reference(attribute(attributes, "r"));
            if (ref.first) { row_ = ref.first; column_ = ref.second; }
            else ++column_;
            type_ = attribute(attributes, "t");
            const auto s = attribute(attributes, "s");
            style_ = s.empty() ? 0 : std::atoi(s.c_str());
            value_.clear();
            inline_.clear();
        } else if (name == "v") {
            collecting_ = true; text_.clear();
        } else if (name == "t" && type_ == "inlineStr") {
            collecting_ = true; text_.clear();
        } else if (name == "mergeCell") {
            sheet_.merged.push_back(attribute(attributes, "ref"));
        }
    }
    void end(const std::string& name) override {
        if (name == "v" && collecting_) { value_ = text_; collecting_ = false; }
        else if (name == "t" && collecting_) { inline_ += text_; collecting_ = false; }
        else if (name == "c") finish_cell();
    }

private:
    void finish_cell() {
        Cell cell;
        if (type_ == "s") {
            const size_t index = static_cast<size_t>(std::atol(value_.c_str()));
            if (value_.empty() || index >= strings_.size()) cell.problem = "共享字符串表中没有第 " + value_ + " 项";
            else cell.text = strings_[index];
        } else if (type_ == "inlineStr") {
            cell.text = inline_;
        } else if (type_ == "str") {
            cell.text = value_;  // a formula's text result
        } else if (type_ == "b") {
            cell.text = value_ == "1" ? "是" : "否";
        } else if (type_ == "e") {
            cell.problem = "单元格是 Excel 的错误值 " + value_ + "（公式出错）";
        } else if (!value_.empty()) {
            char* end = nullptr;
            const double number = std::strtod(value_.c_str(), &end);
            const int kind = style_ >= 0 && static_cast<size_t>(style_) < styles_.size() ? styles_[static_cast<size_t>(style_)] : 0;
            if (kind == 1) {
                cell.date = true;
                if (!serial_to_iso(number, date1904_, cell.text))
                    cell.problem = number == 60 ? "日期序号 60 是 Excel 虚构的 1900年2月29日（1900年不是闰年）"
                                                : "日期序号 " + value_ + " 超出 Excel 的日期范围";
                else if (number != std::floor(number))  // a date with a time of day: keep both
                    cell.text += " " + time_of_day(number);
            } else if (kind == 2) {
                cell.date = true;
                cell.text = time_of_day(number);
            } else {
                cell.number = true;
                cell.value = number;
                cell.text = format_number(number);
            }
        }
        if ((!cell.text.empty() || !cell.problem.empty()) && row_ > 0 && column_ > 0) {
            sheet_.rows = std::max(sheet_.rows, row_);
            sheet_.columns = std::max(sheet_.columns, column_);
            sheet_.cells[{row_, column_}] = std::move(cell);
        }
    }

    Sheet& sheet_;
    const std::vector<std::string>& strings_;
    const std::vector<int>& styles_;
    bool date1904_;
    int row_ = 0, column_ = 0, style_ = 0;
    std::string type_, value_, inline_;
};

/// Copies the top-left value of each merged range into every cell of it: a date merged over the two
/// meetings of one day belongs to both rows.
void fill_merged(Sheet& sheet, Workbook& book) {
    for (const auto& range : sheet.merged) {
        const auto colon = range.find(':');
        if (colon == std::string::npos) continue;
        const auto from = parse_reference(range.substr(0, colon));
        const auto to = parse_reference(range.substr(colon + 1));
        if (!from.first || !to.first || to.first < from.first || to.second < from.second) continue;
        const Cell* top_left = sheet.at(from.first, from.second);
        if (!top_left) continue;
        if (static_cast<long>(to.first - from.first + 1) * (to.second - from.second + 1) > 100000) continue;
        const Cell copy = *top_left;
        for (int r = from.first; r <= to.first; ++r)
            for (int c = from.second; c <= to.second; ++c) sheet.cells[{r, c}] = copy;
        if (to.first > from.first)
            book.notes.push_back(sheet.name + "!" + range + "|合并单元格 " + range + " 的内容“" + copy.text +
                                 "”用于其中每一行；如果这些行的值不同，请取消合并后逐行填写");
        sheet.rows = std::max(sheet.rows, to.first);
        sheet.columns = std::max(sheet.columns, to.second);
    }
}

}  // namespace

Workbook read_xlsx(const std::filesystem::path& path) {
    const std::string file = path.string();
    std::ifstream in(path, std::ios::binary);
    if (!in) throw core::InputError({file}, "无法打开这个文件（不存在或没有读取权限）");
    Workbook book;
    book.file = file;
    std::map<std::string, std::string> parts;  // only the parts we read
    try {
        Poco::Zip::ZipArchive archive(in);
        for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
            const std::string name = it->first;
            const bool wanted = name == "xl/workbook.xml" || name == "xl/_rels/workbook.xml.rels" ||
                                name == "xl/sharedStrings.xml" || name == "xl/styles.xml" ||
                                name.starts_with("xl/worksheets/");
            if (!wanted || it->second.isDirectory()) continue;
            // A zip bomb must not fill the memory: a branch's workbook is a few megabytes.
            if (it->second.getUncompressedSize() > 256u * 1024 * 1024)
                throw core::InputError({file}, "工作簿中的 " + name + " 超过 256 MB，不像是党支部台账");
            in.clear();
            in.seekg(static_cast<std::streamoff>(it->second.getStartPos()));
            Poco::Zip::ZipInputStream zin(in, it->second);
            std::string content;
            Poco::StreamCopier::copyToString(zin, content);
            parts[name] = std::move(content);
        }
    } catch (const core::InputError&) {
        throw;
    } catch (const Poco::Exception& e) {
        throw core::InputError({file}, "这个文件不是 .xlsx 工作簿（无法作为 zip 压缩包打开：" + e.displayText() +
                                           "）；.xls 等旧格式请在 Excel 或 WPS 中另存为 .xlsx");
    }
    if (!parts.count("xl/workbook.xml"))
        throw core::InputError({file}, "这个文件不是 .xlsx 工作簿（其中没有 xl/workbook.xml）；请在 Excel 或 WPS 中另存为 .xlsx 再试");

    WorkbookPart workbook;
    parse_xml(parts["xl/workbook.xml"], workbook, file, "xl/workbook.xml");
    Relationships relationships;
    if (parts.count("xl/_rels/workbook.xml.rels"))
        parse_xml(parts["xl/_rels/workbook.xml.rels"], relationships, file, "xl/_rels/workbook.xml.rels");
    SharedStrings strings;
    if (parts.count("xl/sharedStrings.xml")) parse_xml(parts["xl/sharedStrings.xml"], strings, file, "xl/sharedStrings.xml");
    Styles styles;
    if (parts.count("xl/styles.xml")) parse_xml(parts["xl/styles.xml"], styles, file, "xl/styles.xml");

    int index = 0;
    for (const auto& [name, id] : workbook.sheets) {
        ++index;
        std::string target = relationships.targets.count(id) ? relationships.targets[id]
                                                             : "worksheets/sheet" + std::to_string(index) + ".xml";
        if (target.starts_with("/")) target = target.substr(1);
        else target = "xl/" + target;
        Sheet sheet;
        sheet.name = name;
        if (auto it = parts.find(target); it != parts.end()) {
            SheetPart handler(sheet, strings.strings, styles.kinds, workbook.date1904);
            parse_xml(it->second, handler, file, target + "（工作表“" + name + "”）");
        }
        fill_merged(sheet, book);
        book.sheets.push_back(std::move(sheet));
    }
    return book;
}

Sheet parse_csv(const std::string& text, const std::string& name) {
    Sheet sheet;
    sheet.name = name;
    int row = 1, column = 1;
    std::string field;
    bool quoted = false, any = false, was_quoted = false;
    auto put = [&] {
        // Leading/trailing blanks around a value are never meant in a ledger cell.
        size_t b = field.find_first_not_of(" \t"), e = field.find_last_not_of(" \t");
        std::string value = b == std::string::npos ? std::string() : (was_quoted ? field : field.substr(b, e - b + 1));
        if (!value.empty()) {
            Cell cell;
            cell.text = value;
            sheet.cells[{row, column}] = std::move(cell);
            sheet.rows = std::max(sheet.rows, row);
            sheet.columns = std::max(sheet.columns, column);
        }
        field.clear();
        was_quoted = false;
    };
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        any = true;
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') { field += '"'; ++i; }
                else quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"' && field.find_first_not_of(" \t") == std::string::npos) {
            field.clear();
            quoted = was_quoted = true;
        } else if (c == ',') {
            put();
            ++column;
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            put();
            ++row;
            column = 1;
            any = false;
        } else {
            field += c;
        }
    }
    if (any) put();
    return sheet;
}

Workbook read_csv(const std::filesystem::path& path, std::string* encoding) {
    const std::string file = path.string();
    std::string bytes = core::read_file(path);
    std::string found = "UTF-8";
    if (bytes.starts_with("\xEF\xBB\xBF")) {
        bytes.erase(0, 3);
        found = "UTF-8（带 BOM）";
    }
    if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF"))
        throw core::InputError({file}, "这个 CSV 是 UTF-16 编码（Excel 的“Unicode 文本”）；请另存为“CSV UTF-8（逗号分隔）”再试");
    if (core::find_invalid_utf8(bytes)) {
        // Not UTF-8: Excel on a Chinese Windows saves "CSV" in the ANSI code page, GBK, which GB18030
        // contains. ICU converts and stops at a byte sequence that is not GB18030 either.
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<UConverter, void (*)(UConverter*)> converter(ucnv_open("GB18030", &status), ucnv_close);
        if (U_FAILURE(status)) throw core::InputError({file}, "无法打开 GB18030 转换器（ICU）");
        ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
        std::u16string wide(bytes.size() + 1, u'\0');
        status = U_ZERO_ERROR;
        const int32_t length = ucnv_toUChars(converter.get(), wide.data(), static_cast<int32_t>(wide.size()), bytes.data(),
                                             static_cast<int32_t>(bytes.size()), &status);
        if (U_FAILURE(status))
            throw core::InputError({file}, "这个 CSV 既不是 UTF-8 也不是 GBK/GB18030 编码，无法读取；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”");
        wide.resize(static_cast<size_t>(length));
        std::string utf8;
        std::u32string points;
        for (size_t i = 0; i < wide.size(); ++i) {
            char32_t cp = wide[i];
            if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < wide.size()) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (wide[i + 1] - 0xDC00);
                ++i;
            }
            points.push_back(cp);
        }
        bytes = core::to_utf8(points);
        found = "GB18030/GBK";
    }
    if (encoding) *encoding = found;
    std::string name = path.stem().string();
    // 台账-会议.csv and 台账_会议.csv name the sheet after the last separator.
    for (const char* separator : {"-", "_", " ", "—"}) {
        const auto at = name.rfind(separator);
        if (at != std::string::npos) name = name.substr(at + std::string(separator).size());
    }
    Workbook book;
    book.file = file;
    book.sheets.push_back(parse_csv(bytes, name));
    book.sheets.back().file = file;
    return book;
}

}  // namespace dangan::workbook
