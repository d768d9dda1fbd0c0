// Deflate by libdeflate: zlib streams any zlib reader opens, and the sized packing of minutes and pages.
#include "core/deflate.hpp"

#include <catch2/catch.hpp>

#include <zlib.h>

#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace dangan::core;

namespace {

/// Some text the way a page's content stream or a meeting's minutes look: repetitive, Chinese and digits.
std::string sample_text(size_t rounds) {
    std::string s;
    for (size_t i = 0; i < rounds; ++i)
        s += "1 0 0 1 " + std::to_string(72 + i % 400) + ".5 700 Tm <4F1A8BAE65F695F4> Tj 会议讨论了第" +
             std::to_string(i) + "项议题。\n";
    return s;
}

/// zlib's own reader: what PDF viewers use to open the streams.
std::string zlib_inflate(const std::string& stream, size_t size) {
    std::string out(size, '\0');
    uLongf got = static_cast<uLongf>(size);
    REQUIRE(uncompress(reinterpret_cast<Bytef*>(out.data()), &got, reinterpret_cast<const Bytef*>(stream.data()),
                       static_cast<uLong>(stream.size())) == Z_OK);
    out.resize(got);
    return out;
}

}  // namespace

TEST_CASE("deflate_zlib writes a zlib stream that zlib reads back", "[deflate]") {
    for (size_t rounds : {size_t{0}, size_t{1}, size_t{50}, size_t{5000}}) {
        const std::string text = sample_text(rounds);
        for (int level : {1, 6, 12}) {
            const std::string packed = deflate_zlib(text, level);
            CHECK(zlib_inflate(packed, text.size()) == text);
            if (rounds >= 50) CHECK(packed.size() < text.size() / 3);  // it compresses
        }
    }
}

TEST_CASE("deflate_zlib refuses a level outside 1 to 12", "[deflate]") {
    CHECK_THROWS_AS(deflate_zlib("x", 0), std::invalid_argument);
    CHECK_THROWS_AS(deflate_zlib("x", 13), std::invalid_argument);
}

TEST_CASE("deflate_sized and inflate_sized give back the bytes, binary and empty too", "[deflate]") {
    std::string binary;
    for (int i = 0; i < 100000; ++i) binary += static_cast<char>((i * 7919) & 0xFF);
    for (const std::string& text : {std::string(), std::string("a"), sample_text(300), binary}) {
        const std::string packed = deflate_sized(text, 1);
        CHECK(inflate_sized(packed, "test data") == text);
    }
}

TEST_CASE("inflate_sized names what is damaged and never trusts the size it is told", "[deflate]") {
    const std::string good = deflate_sized(sample_text(100), 1);
    auto message = [](const std::string& packed) {
        try {
            (void)inflate_sized(packed, "parked page content");
        } catch (const std::runtime_error& e) {
            return std::string(e.what());
        }
        return std::string("(no error)");
    };
    CHECK(message("") == "parked page content is damaged");
    CHECK(message(good.substr(0, 5)) == "parked page content is damaged");
    CHECK(message(good.substr(0, good.size() - 3)) == "parked page content is damaged");  // cut short
    std::string flipped = good;
    flipped[12] = static_cast<char>(flipped[12] ^ 0x5A);
    CHECK(message(flipped) == "parked page content is damaged");
    // A header claiming 2^60 bytes: refused before anything that large is allocated.
    std::string huge = good;
    const uint64_t claim = uint64_t{1} << 60;
    std::memcpy(huge.data(), &claim, sizeof claim);
    CHECK(message(huge) == "parked page content is damaged");
    // The true size one byte off either way is damage too.
    for (int delta : {-1, 1}) {
        std::string off = good;
        uint64_t size = 0;
        std::memcpy(&size, off.data(), sizeof size);
        size = static_cast<uint64_t>(static_cast<int64_t>(size) + delta);
        std::memcpy(off.data(), &size, sizeof size);
        CHECK(message(off) == "parked page content is damaged");
    }
}

TEST_CASE("deflate works on many threads at once (one compressor per thread)", "[deflate]") {
    const std::string text = sample_text(2000);
    const std::string expected = deflate_zlib(text, 6);
    std::vector<std::thread> threads;
    std::vector<int> same(8, 0);
    for (size_t t = 0; t < same.size(); ++t)
        threads.emplace_back([&, t] {
            bool all = true;
            for (int round = 0; round < 20; ++round) {
                all = all && deflate_zlib(text, 6) == expected;
                all = all && inflate_sized(deflate_sized(text, 1), "x") == text;
            }
            same[t] = all;
        });
    for (auto& thread : threads) thread.join();
    for (int s : same) CHECK(s == 1);
}
