#include "records/model.hpp"

#include <algorithm>

namespace dangan::records {

int Organisation::full_member_count() const {
    return static_cast<int>(std::count_if(members.begin(), members.end(),
                                          [](const Member& m) { return m.status != "预备"; }));
}

const DossierStep* ElectionDossier::find(const std::string& name) const {
    for (const auto& s : steps)
        if (s.step == name) return &s;
    return nullptr;
}

const DossierStep* DevelopmentDossier::step(int number) const {
    auto it = steps.find(number);
    return it == steps.end() ? nullptr : &it->second;
}

bool is_kind(const Meeting& meeting, const std::string& kind) {
    if (meeting.kind == kind) return true;
    for (const auto& k : meeting.also_kinds)
        if (k == kind) return true;
    return false;
}

}  // namespace dangan::records
