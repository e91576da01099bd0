#include "tests/support/corpus.h"

#include <algorithm>
#include <fstream>
#include <iterator>

namespace citadel::testing {

std::vector<std::filesystem::path> corpusFiles(std::string_view kind) {
  std::vector<std::filesystem::path> files;
  std::filesystem::path dir = std::filesystem::path(CITADEL_TEST_CORPUS_DIR) / kind;
  std::string extension = ".";
  extension += kind;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.is_regular_file() && entry.path().extension() == extension) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string readCorpusFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace citadel::testing
