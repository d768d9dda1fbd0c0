#pragma once
// Deflate (RFC 1950 zlib format) by libdeflate: the PDF writer's streams and the packed minutes and
// parked pages a book holds in memory. libdeflate compresses a whole buffer at once in about half of
// zlib's time for the same size (bench: a 1,000-record book's streams were a sixth of its CPU time).
#include <string>
#include <string_view>

namespace dangan::core {

/// `data` as one zlib stream at `level` (1 fastest … 12 smallest; 6 is zlib's default size).
std::string deflate_zlib(std::string_view data, int level);

/// `data` deflated behind its length (8 bytes): the form inflate_sized reads back.
std::string deflate_sized(std::string_view data, int level);

/// What deflate_sized packed; throws std::runtime_error("<what> is damaged") for anything else.
std::string inflate_sized(std::string_view packed, std::string_view what);

}  // namespace dangan::core
