// UTF-8 validation, encoding guesses, code points, normalisation, Traditional→Simplified, line/column.
#include "core/unicode_text.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

using namespace dangan::core;

TEST_CASE("find_invalid_utf8 reports the first bad byte", "[unicode]") {
    struct Case {
        std::string bytes;
        std::optional<size_t> offset;
    };
    const Case cases[] = {
        {"", std::nullopt},
        {"plain ASCII", std::nullopt},
        {"中国共产党", std::nullopt},
        {"\xf0\xa0\xae\xb7", std::nullopt},         // 𠮷 (outside the BMP)
        {"ab\xff", 2},                              // never valid
        {"中\xe5\xb9", 3},                          // truncated sequence at the end
        {"\xc0\xaf", 0},                            // overlong '/'
        {"ok\xed\xa0\x80", 2},                      // UTF-8 encoded surrogate U+D800
        {"\xf4\x90\x80\x80", 0},                    // above U+10FFFF
        {"a\x80", 1},                               // stray continuation byte
        {"\xd6\xd0\xb9\xfa", 0},                    // GBK 中国
        {std::string("a\0b", 3), std::nullopt},     // NUL is valid UTF-8
    };
    for (const auto& c : cases) {
        CAPTURE(c.bytes);
        CHECK(find_invalid_utf8(c.bytes) == c.offset);
    }
}

TEST_CASE("guess_encoding names the usual non-UTF-8 encodings", "[unicode]") {
    // "中国共产党党员发展档案" in GBK.
    const std::string gbk =
        "\xd6\xd0\xb9\xfa\xb9\xb2\xb2\xfa\xb5\xb3\xb5\xb3\xd4\xb1\xb7\xa2\xd5\xb9\xb5\xb5\xb0\xb8";
    CHECK(guess_encoding(gbk) == "GBK/GB18030");
    // "支部委员会会议记录，2025年3月15日。" in GBK, mixed with ASCII.
    const std::string gbk_mixed =
        "\xd6\xa7\xb2\xbf\xce\xaf\xd4\xb1\xbb\xe1\xbb\xe1\xd2\xe9\xbc\xc7\xc2\xbc\xa3\xac"
        "2025\xc4\xea" "3\xd4\xc2" "15\xc8\xd5\xa1\xa3";
    CHECK(guess_encoding(gbk_mixed) == "GBK/GB18030");
    // "中国共产党" in UTF-16 with and without a byte-order mark.
    const std::string utf16le_bom("\xff\xfe\x2d\x4e\xfd\x56\x71\x51\xa7\x4e\x5a\x51", 12);
    const std::string utf16be_bom("\xfe\xff\x4e\x2d\x56\xfd\x51\x71\x4e\xa7\x51\x5a", 12);
    const std::string utf16le("\x2d\x4e\xfd\x56\x71\x51\xa7\x4e\x5a\x51\x5a\x51\x58\x54", 14);
    const std::string utf16be("\x4e\x2d\x56\xfd\x51\x71\x4e\xa7\x51\x5a\x51\x5a\x54\x58", 14);
    CHECK(guess_encoding(utf16le_bom) == "UTF-16LE");
    CHECK(guess_encoding(utf16be_bom) == "UTF-16BE");
    CHECK(guess_encoding(utf16le) == "UTF-16LE");
    CHECK(guess_encoding(utf16be) == "UTF-16BE");
    CHECK(guess_encoding("") == "unknown");
    // Too little text for ICU's statistics: a name in GBK, alone or in a small JSON file.
    CHECK(guess_encoding("\xd5\xc5\xc8\xfd") == "GBK/GB18030");  // 张三
    CHECK(guess_encoding(R"({"records":[{"name":")" "\xd5\xc5\xc8\xfd" R"("}]})") == "GBK/GB18030");
    // {"name": "張三", "title": "支部委員會會議"} in Big5.
    CHECK(guess_encoding(R"({"name": ")" "\xb1i\xa4T" R"(", "title": ")"
                         "\xa4\xe4\xb3\xa1\xa9" "e\xad\xfb\xb7|\xb7|\xc4\xb3" R"("})") == "Big5");
    CHECK(guess_encoding("caf\xe9 au lait, une boisson fran\xe7" "aise") == "ISO-8859-1");
    // Text that is not Chinese UTF-16 must not be reported as such.
    CHECK(guess_encoding("中国共产党党员发展档案，支部委员会会议记录。") == "UTF-8");
    const std::string ascii = "plain ASCII text, long enough for the detector to look at";
    CHECK(guess_encoding(ascii) != "UTF-16LE");
    CHECK(guess_encoding(ascii) != "UTF-16BE");
    CHECK(guess_encoding(ascii) != "GBK/GB18030");
}

TEST_CASE("code point conversions round-trip and replace bad input", "[unicode]") {
    CHECK(to_code_points("a中𠮷") == std::u32string{U'a', U'中', U'\U00020BB7'});
    CHECK(to_code_points("a\xffz") == std::u32string{U'a', U'\uFFFD', U'z'});
    CHECK(to_code_points("\xe4\xb8") == std::u32string{U'\uFFFD'});  // truncated 中
    CHECK(to_utf8(U'中') == "中");
    CHECK(to_utf8(U'\U00020BB7') == "𠮷");
    CHECK(to_utf8(U'A') == "A");
    CHECK(to_utf8(char32_t{0xD800}) == "\xEF\xBF\xBD");
    CHECK(to_utf8(char32_t{0x110000}) == "\xEF\xBF\xBD");
    CHECK(to_utf8(std::u32string_view(U"党员𠮷x")) == "党员𠮷x");
    const std::string text = "中国共产党党员 ２０２５ 𠮷";
    CHECK(to_utf8(to_code_points(text)) == text);
}

TEST_CASE("NFKC and NFC normalise the way dates and file names need", "[unicode]") {
    const std::pair<const char*, const char*> nfkc[] = {
        {"２０２５年３月１５日", "2025年3月15日"},
        {"ＡＢＣ－１２３", "ABC-123"},
        {"\xef\xa7\x91", "六"},  // U+F9D1 compatibility ideograph
        {"⽇⽉", "日月"},        // Kangxi radicals
        {"㋂", "3月"},
        {"\xe3\x80\x80", " "},   // ideographic space
        {"plain", "plain"},
    };
    for (const auto& [in, out] : nfkc) {
        CAPTURE(in);
        CHECK(normalize_nfkc(in) == out);
    }
    CHECK(normalize_nfc("\xef\xa7\x91") == "六");                      // U+F9D1 → U+516D
    CHECK(normalize_nfc("e\xcc\x81") == "\xc3\xa9");                   // e + combining acute → é
    CHECK(normalize_nfc("２０２５") == "２０２５");                    // NFC keeps full-width digits
    CHECK(normalize_nfc("中国") == "中国");
    CHECK(normalize_nfkc("a\xff") == "a\xEF\xBF\xBD");                 // invalid input → U+FFFD
}

TEST_CASE("to_simplified converts Traditional Chinese", "[unicode]") {
    const std::pair<const char*, const char*> cases[] = {
        {"中國共產黨黨員", "中国共产党党员"},
        {"中國共產黨黨員發展檔案", "中国共产党党员发展档案"},
        {"臺灣", "台湾"},
        {"乾坤", "乾坤"},  // 乾 stays (not 干)
        {"會議記錄", "会议记录"},
        {"already 简体 2025", "already 简体 2025"},
        {"", ""},
    };
    for (const auto& [in, out] : cases) {
        CAPTURE(in);
        CHECK(to_simplified(in) == out);
    }
}

TEST_CASE("to_simplified is safe to call from several threads", "[unicode]") {
    std::vector<std::thread> threads;
    std::vector<int> failures(4, 0);
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([t, &failures] {
            for (int i = 0; i < 100; ++i) {
                if (to_simplified("中國共產黨黨員") != "中国共产党党员") ++failures[t];
            }
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK(failures == std::vector<int>(4, 0));
}

TEST_CASE("line_column_at counts lines and code points", "[unicode]") {
    const std::string text = "ab\n中文x\n\n𠮷z";
    struct Case {
        size_t offset;
        int line;
        int column;
    };
    const Case cases[] = {
        {0, 1, 1},  {1, 1, 2},  {2, 1, 3},  {3, 2, 1},  {6, 2, 2},  {9, 2, 3},
        {10, 2, 4}, {11, 3, 1}, {12, 4, 1}, {16, 4, 2}, {17, 4, 3}, {1000, 4, 3},
    };
    for (const auto& c : cases) {
        CAPTURE(c.offset);
        auto where = line_column_at(text, c.offset);
        CHECK(where.line == c.line);
        CHECK(where.column == c.column);
    }
}

TEST_CASE("comparable_person_name closes up a padded two-character name and nothing else", "[unicode]") {
    using dangan::core::comparable_person_name;
    CHECK(comparable_person_name("张 伟") == "张伟");
    CHECK(comparable_person_name("张  伟") == "张伟");
    CHECK(comparable_person_name("赵\u3000刚") == "赵刚");           // full-width space
    CHECK(comparable_person_name("\u3000王芳 ") == "王芳");         // blanks around
    CHECK(comparable_person_name("欧阳 娜娜") == "欧阳 娜娜");      // not two characters: kept
    CHECK(comparable_person_name("镇党委委员 刘光明") == "镇党委委员 刘光明");  // a title and a name
    CHECK(comparable_person_name("A B") == "A B");                  // not Chinese
    CHECK(comparable_person_name("买买提·艾力") == "买买提·艾力");
    CHECK(comparable_person_name("") == "");
    CHECK(comparable_person_name("   ") == "");
}

TEST_CASE("comparable_person_name folds look-alike characters copied out of PDFs", "[unicode]") {
    using dangan::core::comparable_person_name;
    CHECK(comparable_person_name("周\u2F42斌") == "周文斌");     // Kangxi radical ⽂ for 文
    CHECK(comparable_person_name("\u2F45明") == "方明");          // ⽅ for 方
    CHECK(comparable_person_name("李\uF9DC") == "李隆");          // compatibility ideograph U+F9DC for 隆
    CHECK(comparable_person_name("王\u2F42 ") == "王文");         // folded, then closed up as before
    CHECK(comparable_person_name("王ｆａｎｇ") == "王fang");     // full-width letters
    CHECK(comparable_person_name("吉𠮷") == "吉𠮷");               // a real rare character stays itself
}
