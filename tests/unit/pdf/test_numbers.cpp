// Numbers in content streams: the fast formatter writes exactly what std::to_chars (fixed, 3 decimals)
// writes after trimming, for coordinates, sizes and spacings of every kind, ties included.
#include "pdf/pdf_writer.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <string>

namespace {

std::string fast_number(double v) {
    std::string s;
    dangan::pdf::put_number(s, v);
    return s;
}

/// The next double above v: the values closest to a tie are the ones a fast path gets wrong.
double v_nudge(double v) { return std::nextafter(v, std::numeric_limits<double>::infinity()); }

std::string exact_number(double v) {
    std::string s;
    dangan::pdf::put_number_exact(s, v);
    return s;
}

}  // namespace

TEST_CASE("numbers: the fast path writes what to_chars writes") {
    CHECK(fast_number(0) == "0");
    CHECK(fast_number(-0.0) == "0");
    CHECK(fast_number(-0.0004) == "0");
    CHECK(fast_number(12) == "12");
    CHECK(fast_number(1.5) == "1.5");
    CHECK(fast_number(0.035) == exact_number(0.035));
    CHECK(fast_number(-3.25) == "-3.25");
    CHECK(fast_number(595.276) == "595.276");
    CHECK(fast_number(0.0625) == exact_number(0.0625));  // a tie: to_chars rounds it to even
    CHECK(fast_number(2.0005) == exact_number(2.0005));
    CHECK(fast_number(1e7) == "10000000");
    CHECK(fast_number(1e300) == exact_number(1e300));
    CHECK(fast_number(std::numeric_limits<double>::quiet_NaN()) == exact_number(std::numeric_limits<double>::quiet_NaN()));

    std::mt19937_64 random(16);
    std::uniform_real_distribution<double> page(-1000.0, 1000.0);
    std::uniform_int_distribution<int> thousandths(-2'000'000, 2'000'000);
    int mismatches = 0;
    for (int i = 0; i < 300'000; ++i) {
        const double any = page(random);                              // layout's arbitrary doubles
        const double grid = thousandths(random) / 1000.0;             // values on the 3-decimal grid
        const double half = (thousandths(random) + 0.5) / 1000.0;     // values next to a tie
        const double sum = 72.0 / 25.4 * (i % 400) + 0.1 * (i % 7);   // millimetres and sums of them
        for (double v : {any, grid, half, sum, -sum, v_nudge(half)}) mismatches += fast_number(v) != exact_number(v);
    }
    CHECK(mismatches == 0);
}
