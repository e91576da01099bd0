#pragma once
// The hostile-input corpora of tests/corpus/<parser>/ (STYLE.md §8), for the tests that run them.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace citadel::testing {

// The regular files tests/corpus/<kind>/*.<kind>, sorted by name (empty if the folder is absent).
std::vector<std::filesystem::path> corpusFiles(std::string_view kind);

// The bytes of `path` ("" if unreadable).
std::string readCorpusFile(const std::filesystem::path& path);

}  // namespace citadel::testing
