#include "layout/engine.hpp"

#include <limits>

namespace dangan::layout {

std::shared_ptr<MetricsCache::Store> MetricsCache::shared_store(text::FontMetrics& fonts) {
    auto store = std::static_pointer_cast<Store>(fonts.layout_cache);
    if (!store) {
        store = std::make_shared<Store>();
        fonts.layout_cache = store;
    }
    return store;
}

MetricsCache::MetricsCache(text::FontMetrics& fonts)
    : fonts_(fonts), store_(shared_store(fonts)), families_(store_->families), family_ids_(store_->family_ids),
      faces_(store_->faces), ink_(store_->ink) {}

int MetricsCache::family_id(const std::string& family) {
    auto it = family_ids_.find(family);
    if (it != family_ids_.end()) return it->second;
    const int id = static_cast<int>(families_.size());
    families_.emplace_back();
    families_.back().name = family;
    family_ids_.emplace(family, id);
    return id;
}

int MetricsCache::face_for(int family, char32_t cp) {
    Family& f = families_[family];
    int32_t* slot = nullptr;
    if (cp < 0x10000) {
        slot = &f.bmp.at(cp, unknown_face);
    } else {
        slot = &f.astral.try_emplace(cp, unknown_face).first->second;
    }
    if (*slot == unknown_face) {
        auto face = fonts_.face_for(f.name, cp);
        *slot = face ? *face : -1;
    }
    return *slot;
}

MetricsCache::Face& MetricsCache::face(int id) {
    if (id >= static_cast<int>(faces_.size())) {
        faces_.resize(id + 1);
    }
    return faces_[id];
}

double MetricsCache::advance(int face_id, char32_t cp) {
    Face& f = face(face_id);
    if (cp < 0x10000) {
        double& slot = f.bmp.at(cp, std::numeric_limits<double>::quiet_NaN());
        if (std::isnan(slot)) slot = fonts_.advance(face_id, cp);
        return slot;
    }
    auto [it, inserted] = f.astral.try_emplace(cp, 0.0);
    if (inserted) it->second = fonts_.advance(face_id, cp);
    return it->second;
}

double MetricsCache::ascender(int face_id) {
    Face& f = face(face_id);
    if (!f.ascender) f.ascender = fonts_.ascender(face_id);
    return *f.ascender;
}

double MetricsCache::descender(int face_id) {
    Face& f = face(face_id);
    if (!f.descender) f.descender = fonts_.descender(face_id);
    return *f.descender;
}

std::optional<std::pair<double, double>> MetricsCache::ink_extent(int face_id, char32_t cp) {
    const uint64_t key = (static_cast<uint64_t>(static_cast<uint32_t>(face_id)) << 32) | cp;
    auto [it, inserted] = ink_.try_emplace(key);
    if (inserted) it->second = fonts_.ink_extent(face_id, cp);
    return it->second;
}

}  // namespace dangan::layout
