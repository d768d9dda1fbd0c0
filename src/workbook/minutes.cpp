#include "workbook/minutes.hpp"

#include "core/date.hpp"
#include "core/diagnostic.hpp"
#include "core/unicode_text.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/SAX/Attributes.h>
#include <Poco/SAX/ContentHandler.h>
#include <Poco/SAX/InputSource.h>
#include <Poco/SAX/SAXParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace dangan::workbook {

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

/// Paragraphs and table rows of word/document.xml, in order: a row is its cells' texts.
class DocumentHandler : public Poco::XML::ContentHandler {
public:
    struct Block {
        bool row = false;
        std::vector<std::string> cells;  ///< one text for a paragraph
    };
    std::vector<Block> blocks;

    void setDocumentLocator(const Poco::XML::Locator*) override {}
    void startDocument() override {}
    void endDocument() override {}
    void startPrefixMapping(const Poco::XML::XMLString&, const Poco::XML::XMLString&) override {}
    void endPrefixMapping(const Poco::XML::XMLString&) override {}
    void ignorableWhitespace(const Poco::XML::XMLChar[], int, int) override {}
    void processingInstruction(const Poco::XML::XMLString&, const Poco::XML::XMLString&) override {}
    void skippedEntity(const Poco::XML::XMLString&) override {}
    void startElement(const Poco::XML::XMLString&, const Poco::XML::XMLString& local, const Poco::XML::XMLString&,
                      const Poco::XML::Attributes&) override {
        if (local == "tbl") ++table_depth_;
        else if (local == "tr" && table_depth_ == 1) row_.clear();
        else if (local == "tc" && table_depth_ == 1) cell_.clear();
        else if (local == "p") paragraph_.clear();
        else if (local == "t") in_text_ = true;
        else if (local == "tab") paragraph_ += "\t";
        else if (local == "br") paragraph_ += "\n";
    }
    void endElement(const Poco::XML::XMLString&, const Poco::XML::XMLString& local, const Poco::XML::XMLString&) override {
        if (local == "t") in_text_ = false;
        else if (local == "p") {
            if (table_depth_ > 0) cell_ += (cell_.empty() ? "" : "\n") + paragraph_;
            else blocks.push_back({false, {paragraph_}});
        } else if (local == "tc" && table_depth_ == 1) row_.push_back(cell_);
        else if (local == "tr" && table_depth_ == 1) blocks.push_back({true, row_});
        else if (local == "tbl") --table_depth_;
    }
    void characters(const Poco::XML::XMLChar ch[], int start, int length) override {
        if (in_text_) paragraph_.append(ch + start, static_cast<size_t>(length));
    }

private:
    int table_depth_ = 0;
    bool in_text_ = false;
    std::string paragraph_, cell_;
    std::vector<std::string> row_;
};

std::string trim_text(std::string s) {
    const std::string blanks = " \t\r\n";
    while (!s.empty() && blanks.find(s.back()) != std::string::npos) s.pop_back();
    while (s.ends_with("\xE3\x80\x80")) s.erase(s.size() - 3);
    size_t b = 0;
    while (b < s.size() && (blanks.find(s[b]) != std::string::npos || s.compare(b, 3, "\xE3\x80\x80") == 0))
        b += s.compare(b, 3, "\xE3\x80\x80") == 0 ? 3 : 1;
    return s.substr(b);
}

/// "主 持 人" → "主持人": forms space out labels to fill their column.
std::string label_key(const std::string& label) {
    std::string out;
    for (char c : core::normalize_nfkc(label))
        if (c != ' ' && c != '\t' && c != ':') out += c;
    return out;
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::string current;
    int depth = 0;
    for (size_t i = 0; i < text.size();) {
        if (text.compare(i, 3, "（") == 0) ++depth;
        if (text.compare(i, 3, "）") == 0 && depth > 0) --depth;
        bool split = false;
        if (depth == 0)
            for (const std::string sep : {"、", "，", ",", "；", " "})
                if (text.compare(i, sep.size(), sep) == 0) {
                    if (auto t = trim_text(current); !t.empty()) out.push_back(t);
                    current.clear();
                    i += sep.size();
                    split = true;
                    break;
                }
        if (split) continue;
        current += text[i++];
    }
    if (auto t = trim_text(current); !t.empty()) out.push_back(t);
    return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> read_docx_pairs(const std::filesystem::path& path) {
    const std::string file = path.string();
    std::ifstream in(path, std::ios::binary);
    if (!in) throw core::InputError({file}, "无法打开这个文件（不存在或没有读取权限）");
    std::string xml;
    try {
        Poco::Zip::ZipArchive archive(in);
        auto it = archive.findHeader("word/document.xml");
        if (it == archive.headerEnd())
            throw core::InputError({file}, "这个文件不是 .docx 文档（其中没有 word/document.xml）；.doc 旧格式请在 Word 或 WPS 中另存为 .docx");
        if (it->second.getUncompressedSize() > 64u * 1024 * 1024) throw core::InputError({file}, "文档正文超过 64 MB，不像是会议记录");
        in.clear();
        in.seekg(static_cast<std::streamoff>(it->second.getStartPos()));
        Poco::Zip::ZipInputStream zin(in, it->second);
        Poco::StreamCopier::copyToString(zin, xml);
    } catch (const core::InputError&) {
        throw;
    } catch (const Poco::Exception& e) {
        throw core::InputError({file}, "这个文件不是 .docx 文档（无法作为 zip 压缩包打开：" + e.displayText() + "）");
    }
    DocumentHandler handler;
    Poco::XML::SAXParser parser;
    parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, true);
    parser.setContentHandler(&handler);
    std::istringstream stream(xml);
    Poco::XML::InputSource source(stream);
    try {
        parser.parse(&source);
    } catch (const Poco::Exception& e) {
        throw core::InputError({file}, "文档已损坏：word/document.xml 不是有效的 XML（" + e.displayText() + "）");
    }
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& block : handler.blocks) {
        if (block.row) {
            // A form row: 标签 | 内容 | 标签 | 内容; a row of one cell is free text (内容 under its heading).
            if (block.cells.size() == 1) pairs.emplace_back("", trim_text(block.cells[0]));
            for (size_t i = 0; i + 1 < block.cells.size(); i += 2)
                pairs.emplace_back(trim_text(block.cells[i]), trim_text(block.cells[i + 1]));
            continue;
        }
        const std::string text = trim_text(block.cells[0]);
        if (text.empty()) continue;
        size_t colon = text.find("：");
        size_t width = 3;
        if (const size_t ascii = text.find(':'); ascii != std::string::npos && (colon == std::string::npos || ascii < colon)) {
            colon = ascii;
            width = 1;
        }
        // A label is short (at most 8 characters): "会议内容：" opens a section, a sentence with a colon does not.
        if (colon != std::string::npos && colon > 0 && colon <= 24) pairs.emplace_back(trim_text(text.substr(0, colon)), trim_text(text.substr(colon + width)));
        else pairs.emplace_back("", text);
    }
    return pairs;
}

MinutesResult minutes_to_record(const std::vector<std::pair<std::string, std::string>>& pairs) {
    MinutesResult result;
    result.record = Poco::makeShared<Object>();
    result.record->set("kind", "meeting");
    static const std::map<std::string, std::string> labels = {
        {"会议名称", "title"}, {"会议主题", "title"}, {"主题", "title"}, {"题目", "title"},
        {"会议类型", "type"}, {"会议类别", "type"}, {"类型", "type"},
        {"时间", "time"}, {"会议时间", "time"}, {"日期", "time"}, {"召开时间", "time"},
        {"地点", "place"}, {"会议地点", "place"},
        {"主持人", "host"}, {"主持", "host"}, {"记录人", "recorder"}, {"记录", "recorder"},
        {"应到", "expected"}, {"应到人数", "expected"}, {"实到", "present_count"}, {"实到人数", "present_count"},
        {"出席人员", "present"}, {"参会人员", "present"}, {"出席", "present"}, {"到会人员", "present"},
        {"缺席", "absent"}, {"缺席人员", "absent"}, {"缺席人员及原因", "absent"}, {"请假人员", "absent"},
        {"列席", "attending"}, {"列席人员", "attending"},
        {"议题", "agenda"}, {"会议议题", "agenda"}, {"议程", "agenda"},
        {"内容", "content"}, {"会议内容", "content"}, {"会议记录", "content"}, {"记录内容", "content"}, {"主要内容", "content"},
        {"决议", "resolutions"}, {"决定", "resolutions"}, {"会议决定", "resolutions"}, {"决议事项", "resolutions"},
    };
    auto understood = [&](const std::string& what) {
        if (std::find(result.understood.begin(), result.understood.end(), what) == result.understood.end())
            result.understood.push_back(what);
    };
    auto agenda = Poco::makeShared<Array>(), resolutions = Poco::makeShared<Array>(), content = Poco::makeShared<Array>();
    auto attendance = Poco::makeShared<Object>();
    std::string section;  // the field free paragraphs continue (内容, 议题, 决议)
    // "1." "1、" "（一）" "(2)" "一、": numbering of items, dropped (std::regex works on bytes: no [（(] classes).
    static const std::regex numbered(
        R"(^\s*(?:[0-9]+(?:\.|、|．)|(?:（|\()(?:[0-9]|一|二|三|四|五|六|七|八|九|十)+(?:）|\))|(?:一|二|三|四|五|六|七|八|九|十)+、)\s*)");
    auto add_lines = [&](Poco::SharedPtr<Array> into, const std::string& text) {
        std::istringstream lines(text);
        for (std::string line; std::getline(lines, line);)
            if (auto t = trim_text(std::regex_replace(line, numbered, "")); !t.empty()) into->add(t);
    };
    for (const auto& [label, value] : pairs) {
        const auto it = labels.find(label_key(label));
        if (label.empty() || it == labels.end()) {
            const std::string text = label.empty() ? value : label + "：" + value;
            if (section == "content") {
                auto paragraph = Poco::makeShared<Object>();
                paragraph->set("text", text);
                content->add(paragraph);
            } else if (section == "agenda") add_lines(agenda, text);
            else if (section == "resolutions") add_lines(resolutions, text);
            else if (!text.empty()) result.not_understood.push_back(text);
            continue;
        }
        const std::string field = it->second;
        section = field == "content" || field == "agenda" || field == "resolutions" ? field : "";
        if (value.empty()) continue;
        if (field == "time") {
            // "2025年3月6日 14:30—16:00", "2025年3月6日下午2:30至4:00"
            const auto dates = core::find_dates(value);
            std::string after = dates.empty() ? value : value.substr(std::min(value.size(), dates.front().end));
            if (!dates.empty()) {
                result.record->set("date", dates.front().date.iso());
                // A weekday written after the date (（星期三）) is kept with it when it disagrees, so that
                // `dangan check` reports the contradiction instead of the import choosing one of the two.
                if (const auto w = core::leading_weekday(after)) {
                    const std::string written = value.substr(dates.front().begin, dates.front().end - dates.front().begin) +
                                                after.substr(0, w->length);
                    if (!core::try_parse_date(written)) result.record->set("date", trim_text(written));
                    after = after.substr(w->length);
                }
                understood("日期");
            }
            static const std::regex clock(R"(([0-9]{1,2})[:：时点]([0-9]{2})?)");
            std::vector<std::string> times;
            for (std::sregex_iterator m(after.begin(), after.end(), clock), end; m != end; ++m) {
                int hour = std::stoi((*m)[1]);
                // 上午9:00至下午3:00: each time takes the part of the day written last before it.
                const std::string before = after.substr(0, static_cast<size_t>(m->position()));
                size_t afternoon = std::string::npos, morning = std::string::npos;
                for (const char* word : {"下午", "晚上", "傍晚"}) {
                    const size_t at = before.rfind(word);
                    if (at != std::string::npos && (afternoon == std::string::npos || at > afternoon)) afternoon = at;
                }
                for (const char* word : {"上午", "早上", "中午", "凌晨"}) {
                    const size_t at = before.rfind(word);
                    if (at != std::string::npos && (morning == std::string::npos || at > morning)) morning = at;
                }
                const bool pm = afternoon != std::string::npos && (morning == std::string::npos || afternoon > morning);
                if (pm && hour < 12) hour += 12;
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "%d:%s", hour, (*m)[2].matched ? (*m)[2].str().c_str() : "00");
                times.push_back(buffer);
            }
            if (!times.empty()) { result.record->set("start", times[0]); understood("开始时间"); }
            if (times.size() > 1) { result.record->set("end", times[1]); understood("结束时间"); }
            if (dates.empty() && times.empty()) result.not_understood.push_back(label + "：" + value);
        } else if (field == "expected" || field == "present_count") {
            std::smatch m;
            if (std::regex_search(value, m, std::regex("[0-9]+"))) {
                if (field == "expected") { attendance->set("expected", std::stoi(m.str())); understood("应到人数"); }
                else understood("实到人数");  // the count follows from the names present
            } else {
                result.not_understood.push_back(label + "：" + value);
            }
        } else if (field == "present" || field == "attending") {
            auto list = Poco::makeShared<Array>();
            for (const auto& name : split_list(value)) list->add(name);
            attendance->set(field, list);
            understood(field == "present" ? "出席人员" : "列席人员");
        } else if (field == "absent") {
            auto list = Poco::makeShared<Array>();
            for (const auto& item : split_list(value)) {
                if (item == "无") continue;
                auto person = Poco::makeShared<Object>();
                const auto open = item.find("（");
                person->set("name", trim_text(item.substr(0, open)));
                if (open != std::string::npos) {
                    std::string reason = item.substr(open + 3);
                    if (reason.ends_with("）")) reason.erase(reason.size() - 3);
                    person->set("reason", reason);
                }
                list->add(person);
            }
            attendance->set("absent", list);
            understood("缺席人员");
        } else if (field == "agenda") {
            add_lines(agenda, value);
        } else if (field == "resolutions") {
            add_lines(resolutions, value);
        } else if (field == "content") {
            std::istringstream lines(value);  // a table cell holds one paragraph per line
            for (std::string line; std::getline(lines, line);)
                if (auto t = trim_text(line); !t.empty()) {
                    auto paragraph = Poco::makeShared<Object>();
                    paragraph->set("text", t);
                    content->add(paragraph);
                }
        } else {
            result.record->set(field, value);
            understood(field == "title" ? "标题" : field == "type" ? "会议类型" : field == "place" ? "地点"
                       : field == "host" ? "主持人" : "记录人");
        }
    }
    if (attendance->size()) result.record->set("attendance", attendance);
    if (agenda->size()) { result.record->set("agenda", agenda); understood("议题"); }
    if (content->size()) { result.record->set("content", content); understood("会议内容"); }
    if (resolutions->size()) { result.record->set("resolutions", resolutions); understood("决议"); }
    return result;
}

}  // namespace dangan::workbook
