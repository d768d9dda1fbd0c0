#include "core/messages.hpp"

#include <atomic>

namespace dangan::core {

namespace {
std::atomic<Language> current{Language::zh};
}

void set_language(Language language) { current.store(language, std::memory_order_relaxed); }
Language language() { return current.load(std::memory_order_relaxed); }

bool parse_language(std::string_view text, Language& out) {
    if (text == "zh" || text == "zh-CN" || text == "zh_CN" || text == "中文") {
        out = Language::zh;
        return true;
    }
    if (text == "en" || text == "en-US" || text == "en_US" || text == "English") {
        out = Language::en;
        return true;
    }
    return false;
}

std::string quoted(std::string_view text) {
    return language() == Language::en ? "\"" + std::string(text) + "\"" : "“" + std::string(text) + "”";
}

std::string full_width_sign_advice(std::string_view text, size_t at) {
    // The signs an input method left switched to Chinese types in place of JSON's ASCII ones.
    struct Sign {
        std::string_view written;
        const char* zh_name;
        const char* en_name;
        const char* ascii;
    };
    static constexpr Sign signs[] = {
        {"\xE2\x80\x9C", "中文引号“", "a Chinese quotation mark “", "\""},
        {"\xE2\x80\x9D", "中文引号”", "a Chinese quotation mark ”", "\""},
        {"\xE2\x80\x98", "中文单引号‘", "a Chinese single quotation mark ‘", "\""},
        {"\xE2\x80\x99", "中文单引号’", "a Chinese single quotation mark ’", "\""},
        {"\xEF\xBC\x82", "全角引号＂", "a full-width quotation mark ＂", "\""},
        {"\xEF\xBC\x8C", "中文逗号，", "a Chinese comma ，", ","},
        {"\xE3\x80\x81", "顿号、", "an enumeration comma 、", ","},
        {"\xEF\xBC\x9A", "中文冒号：", "a Chinese colon ：", ":"},
        {"\xEF\xBC\x9B", "中文分号；", "a Chinese semicolon ；", ","},
        {"\xEF\xBD\x9B", "全角花括号｛", "a full-width brace ｛", "{"},
        {"\xEF\xBD\x9D", "全角花括号｝", "a full-width brace ｝", "}"},
        {"\xEF\xBC\xBB", "全角方括号［", "a full-width bracket ［", "["},
        {"\xEF\xBC\xBD", "全角方括号］", "a full-width bracket ］", "]"},
        {"\xE3\x80\x90", "中文方括号【", "a Chinese bracket 【", "["},
        {"\xE3\x80\x91", "中文方括号】", "a Chinese bracket 】", "]"},
        {"\xE3\x80\x80", "全角空格", "a full-width space", " "},
    };
    const std::string_view rest = text.substr(at);
    for (const auto& sign : signs)
        if (rest.starts_with(sign.written)) {
            if (language() == Language::en)
                return std::string("found ") + sign.en_name + "; JSON needs the ASCII sign " + sign.ascii +
                       " here (switch the input method to English punctuation and retype it)";
            return std::string("这里是") + sign.zh_name + "，JSON 只认半角的 " + sign.ascii +
                   "；请把输入法切换到英文标点后重新输入这个符号";
        }
    return {};
}

}  // namespace dangan::core
