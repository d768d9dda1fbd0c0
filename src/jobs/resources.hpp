// Where dangan finds its shipped data (profiles/, templates/, fonts/): $DANGAN_HOME, else the
// installed share folder beside the program, else the source tree it was built from.
#pragma once

#include <filesystem>
#include <string>

namespace dangan::jobs {

/// The folder holding profiles/, templates/ and fonts/. Throws core::InputError when none is found.
std::filesystem::path resource_root();

}  // namespace dangan::jobs
