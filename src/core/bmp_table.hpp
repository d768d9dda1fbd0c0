#pragma once
// A per-character table over the Basic Multilingual Plane, allocated in blocks of 256 code points on first
// use. A text of a few hundred distinct characters touches a handful of blocks; a flat 65,536-entry table
// per face or family cost more to fill (and fault into memory) than a small book took to lay out, each time
// a typesetter or a worker thread set up its own caches.
#include <array>
#include <memory>

namespace dangan::core {

template <typename T>
struct BmpTable {
    std::array<std::unique_ptr<std::array<T, 256>>, 256> blocks;
    /// The slot of `cp` (below U+10000); a block not yet used is filled with `empty` first.
    T& at(char32_t cp, T empty) {
        auto& block = blocks[(cp >> 8) & 0xFF];
        if (!block) {
            block = std::make_unique<std::array<T, 256>>();
            block->fill(empty);
        }
        return (*block)[cp & 0xFF];
    }
};

}  // namespace dangan::core
