// UTF-8 and Unicode helpers over ICU: validation, code points, normalisation, Traditional→Simplified.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dangan::core {

/// Byte offset of the first byte that is not valid UTF-8, or nullopt if `bytes` is valid UTF-8.
std::optional<size_t> find_invalid_utf8(std::string_view bytes);

/// A guess at what a non-UTF-8 file is, for error messages: "GBK/GB18030", "UTF-16LE", "UTF-16BE"
/// or "unknown". Uses ICU's charset detector (plus a check for Chinese UTF-16 without a byte-order
/// mark, which ICU misses). Other names ICU reports with some confidence are passed through as ICU
/// spells them ("UTF-8", "Big5", "UTF-32LE", "ISO-8859-1", "Shift_JIS", …).
std::string guess_encoding(std::string_view bytes);

/// `bytes` decoded as GB18030 (GBK's superset) into UTF-8, or nullopt when they are not valid GB18030.
std::optional<std::string> decode_gb18030(std::string_view bytes);

/// Valid UTF-8 for a path: each '/'-separated part that is not valid UTF-8 has every non-ASCII byte
/// written as \xNN, so the original bytes can be recovered; valid parts are kept as they are.
std::string escape_invalid_utf8(std::string_view bytes);

/// Decodes valid UTF-8 into code points (invalid sequences become U+FFFD).
std::u32string to_code_points(std::string_view utf8);

/// Encodes one code point as UTF-8.
std::string to_utf8(char32_t cp);
std::string to_utf8(std::u32string_view cps);

/// NFKC: full-width digits and letters become ASCII (２０２５ → 2025), compatibility ideographs unified.
std::string normalize_nfkc(std::string_view utf8);

/// NFC: the canonical composed form (for comparing file names across macOS and Linux).
std::string normalize_nfc(std::string_view utf8);

/// Traditional → Simplified Chinese (ICU transliterator "Traditional-Simplified"): 黨員 → 党员.
std::string to_simplified(std::string_view utf8);

/// A person's name as written in a roster or a record, for comparing with another writing of it:
/// surrounding blanks (ASCII, full-width U+3000, no-break) dropped, and a two-character Chinese name padded
/// with blanks to the width of a three-character one ("张  伟", "赵　刚" — a common habit in 花名册 and sign-in
/// sheets) closed up ("张伟"). Longer names keep inner blanks: "镇党委委员 刘光明" is a title and a name.
/// Characters that only look like the ideographs are folded by NFKC first: Kangxi radicals (⽂ U+2F42 for 文,
/// what text copied out of a PDF often holds), CJK compatibility ideographs and full-width forms.
std::string comparable_person_name(std::string_view written);

/// 1-based line and column (column counted in code points) of a byte offset in `text`.
struct LineColumn {
    int line = 1;
    int column = 1;
};
LineColumn line_column_at(std::string_view text, size_t byte_offset);

}  // namespace dangan::core
