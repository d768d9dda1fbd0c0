// Manifests of dangan matter folders, as BagIt keeps them: every file with its size and SHA-256,
// so a damaged, deleted or added file is found later. Hashing runs on several threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dangan::archive {

inline constexpr const char* manifest_name = "manifest.json";
inline constexpr const char* archive_marker_name = "archive.json";
inline constexpr const char* index_name = "index.sqlite";

struct ManifestFile {
    std::string path;  ///< relative to the matter folder, '/'-separated
    std::uintmax_t size = 0;
    std::string sha256;  ///< 64 lower-case hex digits
};

/// What a matter folder's manifest.json says.
struct Manifest {
    std::string record_id;  ///< the record's id in the source data
    std::string code;       ///< 档号
    std::string style;      ///< "DA/T 22-2015" or "DA/T 13-2022"
    int year = 0;
    int item = 0;           ///< 件号
    std::string kind, title;
    std::string date;       ///< ISO date of the matter
    int pages = 0;
    std::string record_sha256;  ///< of the source record (to tell whether it changed)
    std::vector<ManifestFile> files;
};

/// SHA-256 of a file's bytes as lower-case hex (Poco::SHA2Engine, read in 256 KB blocks).
/// Throws std::runtime_error naming the file when it cannot be read.
std::string sha256_file(const std::filesystem::path& file);
std::string sha256_bytes(std::string_view bytes);

/// Hashes `files` on `workers` threads; result i is the hex digest of files[i], or nullopt when the
/// file could not be read (the error is put in errors[i]). `progress` (may be empty) is told each file
/// done (files done, of all), from the hashing threads.
std::vector<std::optional<std::string>> sha256_files(const std::vector<std::filesystem::path>& files, int workers,
                                                     std::vector<std::string>& errors,
                                                     const std::function<void(size_t, size_t)>& progress = {});

std::string manifest_to_json(const Manifest& manifest);

/// Parses a manifest; throws std::runtime_error with a readable reason when malformed.
Manifest manifest_from_json(const std::string& text);

}  // namespace dangan::archive
