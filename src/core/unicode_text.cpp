// UTF-8 and Unicode helpers: the code-point work uses ICU's header macros (utf8.h, no objects);
// normalisation, charset detection and transliteration use ICU services created once per process.
#include "core/unicode_text.hpp"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <vector>
#include <stdexcept>

namespace dangan::core {

namespace {

bool is_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// ICU's string offsets are int32_t; texts beyond 2 GiB cannot be handed to it in one piece.
int32_t icu_length(std::string_view text) {
    if (text.size() > static_cast<size_t>(INT32_MAX)) {
        throw std::length_error("text too long for Unicode processing (more than 2 GiB)");
    }
    return static_cast<int32_t>(text.size());
}

icu::UnicodeString to_unicode(std::string_view utf8) {
    // fromUTF8 turns ill-formed sequences into U+FFFD, which is what every caller here wants.
    return icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), icu_length(utf8)));
}

std::string from_unicode(const icu::UnicodeString& text) {
    std::string out;
    text.toUTF8String(out);
    return out;
}

// The normaliser instances are process-wide singletons owned by ICU and are thread-safe.
std::string normalize(const icu::Normalizer2& normalizer, std::string_view utf8) {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString text = to_unicode(utf8);
    // Most names and record values are already normalised; quickCheck avoids a copy then.
    if (normalizer.quickCheck(text, status) == UNORM_YES && U_SUCCESS(status) &&
        find_invalid_utf8(utf8) == std::nullopt) {
        return std::string(utf8);
    }
    status = U_ZERO_ERROR;
    icu::UnicodeString result = normalizer.normalize(text, status);
    if (U_FAILURE(status)) {
        throw std::runtime_error(std::string("Unicode normalisation failed: ") + u_errorName(status));
    }
    return from_unicode(result);
}

const icu::Normalizer2& nfkc() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* instance = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status) || instance == nullptr) {
        throw std::runtime_error(std::string("ICU NFKC data is missing: ") + u_errorName(status));
    }
    return *instance;
}

const icu::Normalizer2& nfc() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* instance = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status) || instance == nullptr) {
        throw std::runtime_error(std::string("ICU NFC data is missing: ") + u_errorName(status));
    }
    return *instance;
}

// Share of UTF-16 code units (read in the given byte order) that are typical of Chinese text:
// CJK ideographs, CJK punctuation, full-width forms, printable ASCII and line ends.
double chinese_utf16_share(std::string_view bytes, bool little_endian) {
    size_t units = bytes.size() / 2;
    if (units == 0) return 0.0;
    size_t typical = 0;
    for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
        auto b0 = static_cast<unsigned char>(bytes[i]);
        auto b1 = static_cast<unsigned char>(bytes[i + 1]);
        unsigned unit = little_endian ? (b1 << 8 | b0) : (b0 << 8 | b1);
        bool cjk = unit >= 0x4E00 && unit <= 0x9FFF;
        bool punctuation = unit >= 0x3000 && unit <= 0x303F;
        bool fullwidth = unit >= 0xFF00 && unit <= 0xFFEF;
        bool ascii = (unit >= 0x20 && unit <= 0x7E) || unit == 0x0A || unit == 0x0D || unit == 0x09;
        if (cjk || punctuation || fullwidth || ascii) ++typical;
    }
    return static_cast<double>(typical) / static_cast<double>(units);
}

/// Whether ICU's converter for `charset` decodes every byte without an illegal or truncated
/// sequence, and the text has at least one non-ASCII byte.
bool decodes_strictly(std::string_view bytes, const char* charset) {
    if (std::all_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
        return false;
    }
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, decltype(&ucnv_close)> converter(ucnv_open(charset, &status), &ucnv_close);
    if (U_FAILURE(status)) return false;
    ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    std::vector<UChar> buffer(bytes.size() + 1);
    ucnv_toUChars(converter.get(), buffer.data(), static_cast<int32_t>(buffer.size()), bytes.data(),
                  static_cast<int32_t>(bytes.size()), &status);
    return U_SUCCESS(status);
}

/// Share of double-byte characters whose two bytes are both 0xA1..0xFE, the GB2312 region. Simplified
/// Chinese in GBK is almost entirely there; Big5 text read as GBK is not (Big5 trail bytes
/// 0x40..0x7E are common), which tells the two apart when ICU's statistics have too little text.
double gb2312_region_share(std::string_view bytes) {
    size_t pairs = 0;
    size_t inside = 0;
    for (size_t i = 0; i < bytes.size(); ++i) {
        auto lead = static_cast<unsigned char>(bytes[i]);
        if (lead < 0x80 || i + 1 >= bytes.size()) continue;
        auto trail = static_cast<unsigned char>(bytes[i + 1]);
        ++pairs;
        if (lead >= 0xA1 && lead <= 0xFE && trail >= 0xA1 && trail <= 0xFE) ++inside;
        ++i;
    }
    return pairs == 0 ? 0.0 : static_cast<double>(inside) / static_cast<double>(pairs);
}

}  // namespace

std::optional<size_t> find_invalid_utf8(std::string_view bytes) {
    const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
    // Walk with 64-bit offsets so inputs larger than ICU's int32 limit are still checked.
    size_t i = 0;
    const size_t n = bytes.size();
    while (i < n) {
        if (s[i] < 0x80) {
            ++i;
            continue;
        }
        // U8_NEXT (ICU ≥ 60) rejects overlongs, surrogates and values above U+10FFFF, matching
        // the Unicode definition of well-formed UTF-8. It needs int32 indexes, so decode from
        // a window of at most 4 bytes.
        int32_t window = static_cast<int32_t>(std::min<size_t>(4, n - i));
        int32_t j = 0;
        UChar32 c = 0;
        U8_NEXT(s + i, j, window, c);
        if (c < 0) return i;
        i += static_cast<size_t>(j);
    }
    return std::nullopt;
}

std::string guess_encoding(std::string_view bytes) {
    if (bytes.empty()) return "unknown";
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> detector(ucsdet_open(&status), &ucsdet_close);
    if (U_FAILURE(status)) return "unknown";
    // The detector only looks at the start of the text anyway; 64 KiB is plenty and keeps it fast.
    auto sample = bytes.substr(0, 64 * 1024);
    ucsdet_setText(detector.get(), sample.data(), static_cast<int32_t>(sample.size()), &status);
    const UCharsetMatch* match = ucsdet_detect(detector.get(), &status);
    std::string name;
    int32_t confidence = 0;
    if (U_SUCCESS(status) && match != nullptr) {
        name = ucsdet_getName(match, &status);
        confidence = ucsdet_getConfidence(match, &status);
    }
    if (U_FAILURE(status)) return "unknown";
    if (name == "GB18030" && confidence >= 25) return "GBK/GB18030";
    // ICU recognises UTF-16 without a byte-order mark only when the text is mostly ASCII (it
    // looks for zero bytes). Chinese text in UTF-16 has no zero bytes, so check whether the
    // code units look like Chinese text in one byte order, clearly more than in the other.
    // (Swapped CJK units often land in the CJK block again, so "the other order fails" is too
    // strict; ASCII text reads as CJK in both orders and is rejected by the margin.)
    if (confidence < 50 && bytes.size() >= 4 && bytes.size() % 2 == 0) {
        double le = chinese_utf16_share(sample, true);
        double be = chinese_utf16_share(sample, false);
        if (le >= 0.9 && be <= le - 0.3) return "UTF-16LE";
        if (be >= 0.9 && le <= be - 0.3) return "UTF-16BE";
    }
    // ICU's statistics need a few dozen Chinese characters; a records file with one name in GBK
    // ("张三") gets no useful answer. Fall back to structure: the bytes must decode strictly.
    if (confidence < 50 && find_invalid_utf8(sample).has_value()) {
        // A sample cut at 64 KiB may end inside a character; drop a possible partial last one.
        auto whole = sample.size() < bytes.size() ? sample.substr(0, sample.size() - 3) : sample;
        bool gb = decodes_strictly(whole, "GB18030");
        bool big5 = decodes_strictly(whole, "Big5");
        if (gb && (!big5 || gb2312_region_share(whole) >= 0.9)) return "GBK/GB18030";
        if (big5) return "Big5";
    }
    if (confidence < 25) return "unknown";
    return name;
}

std::u32string to_code_points(std::string_view utf8) {
    std::u32string out;
    out.reserve(utf8.size());
    const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
    size_t i = 0;
    const size_t n = utf8.size();
    while (i < n) {
        if (s[i] < 0x80) {
            out.push_back(s[i++]);
            continue;
        }
        int32_t window = static_cast<int32_t>(std::min<size_t>(4, n - i));
        int32_t j = 0;
        UChar32 c = 0;
        U8_NEXT_OR_FFFD(s + i, j, window, c);
        out.push_back(static_cast<char32_t>(c));
        i += static_cast<size_t>(j);
    }
    return out;
}

std::string to_utf8(char32_t cp) {
    // Surrogates and values above U+10FFFF cannot be encoded; write U+FFFD like the decoder does.
    if (cp > 0x10FFFF || U_IS_SURROGATE(cp)) cp = 0xFFFD;
    uint8_t buffer[U8_MAX_LENGTH];
    int32_t length = 0;
    U8_APPEND_UNSAFE(buffer, length, static_cast<UChar32>(cp));
    return std::string(reinterpret_cast<const char*>(buffer), static_cast<size_t>(length));
}

std::string to_utf8(std::u32string_view cps) {
    std::string out;
    out.reserve(cps.size());
    for (char32_t cp : cps) {
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else {
            out += to_utf8(cp);
        }
    }
    return out;
}

std::string normalize_nfkc(std::string_view utf8) {
    // ASCII is invariant under every normalisation form; this keeps ISO dates and most
    // identifiers away from ICU entirely.
    if (is_ascii(utf8)) return std::string(utf8);
    return normalize(nfkc(), utf8);
}

std::string normalize_nfc(std::string_view utf8) {
    if (is_ascii(utf8)) return std::string(utf8);
    return normalize(nfc(), utf8);
}

std::string to_simplified(std::string_view utf8) {
    if (is_ascii(utf8)) return std::string(utf8);
    // Building the transliterator compiles its rules (milliseconds), so there is one per
    // process. ICU does not promise that one instance may transliterate from several threads at
    // once, hence the mutex; the conversion itself is fast, so contention is low.
    static std::mutex mutex;
    static std::unique_ptr<icu::Transliterator> transliterator;
    std::lock_guard<std::mutex> lock(mutex);
    if (!transliterator) {
        UErrorCode status = U_ZERO_ERROR;
        transliterator.reset(
            icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, status));
        if (U_FAILURE(status) || !transliterator) {
            transliterator.reset();
            throw std::runtime_error(std::string("ICU transliterator Traditional-Simplified is missing: ") +
                                     u_errorName(status));
        }
    }
    icu::UnicodeString text = to_unicode(utf8);
    transliterator->transliterate(text);
    return from_unicode(text);
}

LineColumn line_column_at(std::string_view text, size_t byte_offset) {
    LineColumn where;
    const size_t end = std::min(byte_offset, text.size());
    for (size_t i = 0; i < end; ++i) {
        auto byte = static_cast<unsigned char>(text[i]);
        if (byte == '\n') {
            ++where.line;
            where.column = 1;
        } else if ((byte & 0xC0) != 0x80) {
            // A byte that is not a UTF-8 continuation byte starts a code point; counting those
            // counts code points (and each stray byte of invalid input once).
            ++where.column;
        }
    }
    return where;
}

}  // namespace dangan::core

namespace dangan::core {

std::optional<std::string> decode_gb18030(std::string_view bytes) {
    // A name left in GBK by a Windows zip tool: ICU's GB18030 converter (a superset of GBK), stopping
    // at the first illegal sequence so that a wrong guess is never shown as if it were the name.
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, decltype(&ucnv_close)> converter(ucnv_open("GB18030", &status), &ucnv_close);
    if (U_FAILURE(status)) return std::nullopt;
    ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    std::vector<UChar> buffer(bytes.size() * 2 + 2);
    const int32_t n = ucnv_toUChars(converter.get(), buffer.data(), static_cast<int32_t>(buffer.size()), bytes.data(),
                                    static_cast<int32_t>(bytes.size()), &status);
    if (U_FAILURE(status)) return std::nullopt;
    std::string out;
    icu::UnicodeString(buffer.data(), n).toUTF8String(out);
    return out;
}

std::string escape_invalid_utf8(std::string_view bytes) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    size_t start = 0;
    while (start <= bytes.size()) {
        const size_t slash = std::min(bytes.find('/', start), bytes.size());
        const auto part = bytes.substr(start, slash - start);
        if (!find_invalid_utf8(part)) {
            out.append(part);
        } else {
            for (char ch : part) {
                const auto c = static_cast<unsigned char>(ch);
                if (c < 0x80) {
                    out += ch;
                } else {
                    out += "\\x";
                    out += hex[c >> 4];
                    out += hex[c & 15];
                }
            }
        }
        if (slash == bytes.size()) break;
        out += '/';
        start = slash + 1;
    }
    return out;
}

namespace {

bool is_name_blank(char32_t c) { return c == U' ' || c == U'\t' || c == 0x3000 || c == 0x00A0; }

}  // namespace

std::string comparable_person_name(std::string_view written) {
    std::u32string cps = to_code_points(written);
    const bool look_alike = std::any_of(cps.begin(), cps.end(), [](char32_t c) {
        return (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF01 && c <= 0xFFEF) ||
               (c >= 0x2F800 && c <= 0x2FA1F);
    });
    if (look_alike) cps = to_code_points(normalize_nfkc(written));
    size_t first = 0, last = cps.size();
    while (first < last && is_name_blank(cps[first])) ++first;
    while (last > first && is_name_blank(cps[last - 1])) --last;
    std::u32string name = cps.substr(first, last - first);
    // Exactly two Han characters with only blanks between them: alignment padding, not two words.
    if (name.size() >= 3 && is_name_blank(name[1])) {
        UErrorCode status = U_ZERO_ERROR;
        const bool han_ends = uscript_getScript(static_cast<UChar32>(name.front()), &status) == USCRIPT_HAN &&
                              uscript_getScript(static_cast<UChar32>(name.back()), &status) == USCRIPT_HAN;
        bool blanks_between = true;
        for (size_t i = 1; i + 1 < name.size(); ++i) blanks_between = blanks_between && is_name_blank(name[i]);
        if (U_SUCCESS(status) && han_ends && blanks_between) name = std::u32string{name.front(), name.back()};
    }
    return to_utf8(name);
}

}  // namespace dangan::core
