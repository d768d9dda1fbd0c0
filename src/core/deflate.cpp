#include "core/deflate.hpp"

#include <libdeflate.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace dangan::core {

namespace {

/// One compressor per thread and level: each holds a few hundred KB of tables, too much to set up for
/// every page, and a compressor must not be shared between threads.
libdeflate_compressor& compressor(int level) {
    struct Free {
        void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
    };
    thread_local std::array<std::unique_ptr<libdeflate_compressor, Free>, 13> by_level;
    if (level < 1 || level > 12) throw std::invalid_argument("deflate level must be 1 to 12");
    auto& c = by_level[static_cast<size_t>(level)];
    if (!c) c.reset(libdeflate_alloc_compressor(level));
    if (!c) throw std::runtime_error("libdeflate could not set up a compressor");
    return *c;
}

/// Compresses `data` into `out` from byte `at` on; `out` ends with the stream.
void compress_into(std::string& out, size_t at, std::string_view data, int level) {
    auto& c = compressor(level);
    out.resize(at + libdeflate_zlib_compress_bound(&c, data.size()));
    const size_t size = libdeflate_zlib_compress(&c, data.data(), data.size(), out.data() + at, out.size() - at);
    if (size == 0) throw std::runtime_error("libdeflate could not compress");
    out.resize(at + size);
}

}  // namespace

std::string deflate_zlib(std::string_view data, int level) {
    std::string out;
    compress_into(out, 0, data, level);
    return out;
}

std::string deflate_sized(std::string_view data, int level) {
    std::string out;
    const std::uint64_t raw_size = data.size();
    out.assign(reinterpret_cast<const char*>(&raw_size), sizeof raw_size);
    compress_into(out, sizeof raw_size, data, level);
    out.shrink_to_fit();
    return out;
}

std::string inflate_sized(std::string_view packed, std::string_view what) {
    auto damaged = [&] { return std::runtime_error(std::string(what) + " is damaged"); };
    std::uint64_t raw_size = 0;
    if (packed.size() < sizeof raw_size) throw damaged();
    std::memcpy(&raw_size, packed.data(), sizeof raw_size);
    // A zlib stream cannot expand more than about 1032-fold: a larger claim is a damaged header, not a
    // reason to allocate.
    if (raw_size > (packed.size() - sizeof raw_size) * 1032 + 64) throw damaged();
    struct Free {
        void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
    };
    thread_local std::unique_ptr<libdeflate_decompressor, Free> decompressor(libdeflate_alloc_decompressor());
    if (!decompressor) throw std::runtime_error("libdeflate could not set up a decompressor");
    std::string raw(raw_size, '\0');
    size_t got = 0;
    if (libdeflate_zlib_decompress(decompressor.get(), packed.data() + sizeof raw_size, packed.size() - sizeof raw_size,
                                   raw.data(), raw.size(), &got) != LIBDEFLATE_SUCCESS ||
        got != raw_size)
        throw damaged();
    return raw;
}

}  // namespace dangan::core
