#include "layout/page_pack.hpp"

#include "core/deflate.hpp"

#include <cstring>
#include <stdexcept>

namespace dangan::layout {

namespace {

// The format is private to one run (packed and unpacked by the same binary): fields in declaration
// order, numbers in host byte order, strings as a length and the bytes.
struct Out {
    std::string b;
    template <typename T>
    void raw(const T& v) {
        b.append(reinterpret_cast<const char*>(&v), sizeof v);
    }
    void str(const std::string& s) {
        raw(static_cast<uint32_t>(s.size()));
        b.append(s);
    }
};

struct In {
    const std::string& b;
    size_t at = 0;
    template <typename T>
    T raw() {
        if (at + sizeof(T) > b.size()) throw std::runtime_error("parked page content is damaged");
        T v;
        std::memcpy(&v, b.data() + at, sizeof v);
        at += sizeof v;
        return v;
    }
    std::string str() {
        const auto n = raw<uint32_t>();
        if (at + n > b.size()) throw std::runtime_error("parked page content is damaged");
        std::string s = b.substr(at, n);
        at += n;
        return s;
    }
};

}  // namespace

PackedContent pack_content(std::vector<LaidOutPage>& pages, std::atomic<size_t>* plain_budget) {
    Out o;
    PackedContent packed;
    for (auto& page : pages) {
        o.raw(static_cast<uint32_t>(page.runs.size()));
        for (const auto& r : page.runs) {
            o.raw(r.face);
            o.raw(r.size);
            o.raw(r.x);
            o.raw(r.y);
            o.str(r.text);
            o.raw(r.char_spacing);
            o.raw(static_cast<uint8_t>(r.bold));
            o.raw(r.width);
            o.raw(r.angle);
        }
        o.raw(static_cast<uint32_t>(page.rules.size()));
        for (const auto& r : page.rules) o.raw(r);
        o.raw(static_cast<uint32_t>(page.bookmarks.size()));
        for (const auto& m : page.bookmarks) {
            o.str(m.title);
            o.raw(m.level);
            o.raw(m.y);
        }
        o.raw(static_cast<uint32_t>(page.images.size()));
        for (const auto& im : page.images) {
            o.raw(im.x);
            o.raw(im.y);
            o.raw(im.width);
            o.raw(im.height);
            o.raw(static_cast<uint8_t>(im.jpeg));
            o.raw(static_cast<uint32_t>(packed.pictures.size()));
            packed.pictures.push_back(im.data);
        }
        // Swapped with empty vectors: `= {}` would keep the capacity.
        std::vector<GlyphRun>().swap(page.runs);
        std::vector<Rule>().swap(page.rules);
        std::vector<Bookmark>().swap(page.bookmarks);
        std::vector<Image>().swap(page.images);
    }
    packed.plain_size = o.b.size();
    bool plain = false;
    if (plain_budget) {
        size_t left = plain_budget->load();
        while (left >= o.b.size() && !plain_budget->compare_exchange_weak(left, left - o.b.size())) {
        }
        plain = left >= o.b.size();
    }
    if (plain) {
        packed.deflated = false;
        o.b.shrink_to_fit();
        packed.bytes = std::move(o.b);
        return packed;
    }
    // Level 1: parking must cost little time; the runs' text and coordinates still shrink about fourfold.
    packed.bytes = core::deflate_sized(o.b, 1);
    return packed;
}

void unpack_content(PackedContent&& packed, std::vector<LaidOutPage>& pages) {
    std::string raw;
    if (!packed.deflated) {
        raw = std::move(packed.bytes);
    } else {
        raw = core::inflate_sized(packed.bytes, "parked page content");
    }
    packed.bytes = {};
    In in{raw};
    for (auto& page : pages) {
        page.runs.resize(in.raw<uint32_t>());
        for (auto& r : page.runs) {
            r.face = in.raw<decltype(r.face)>();
            r.size = in.raw<double>();
            r.x = in.raw<double>();
            r.y = in.raw<double>();
            r.text = in.str();
            r.char_spacing = in.raw<double>();
            r.bold = in.raw<uint8_t>() != 0;
            r.width = in.raw<double>();
            r.angle = in.raw<double>();
        }
        page.rules.resize(in.raw<uint32_t>());
        for (auto& r : page.rules) r = in.raw<Rule>();
        page.bookmarks.resize(in.raw<uint32_t>());
        for (auto& m : page.bookmarks) {
            m.title = in.str();
            m.level = in.raw<int>();
            m.y = in.raw<double>();
        }
        page.images.resize(in.raw<uint32_t>());
        for (auto& im : page.images) {
            im.x = in.raw<double>();
            im.y = in.raw<double>();
            im.width = in.raw<double>();
            im.height = in.raw<double>();
            im.jpeg = in.raw<uint8_t>() != 0;
            const auto k = in.raw<uint32_t>();
            if (k >= packed.pictures.size()) throw std::runtime_error("parked page content is damaged");
            im.data = packed.pictures[k];
        }
    }
    if (in.at != raw.size()) throw std::runtime_error("parked page content is damaged");
    packed.pictures = {};
}

}  // namespace dangan::layout
