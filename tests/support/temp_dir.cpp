#include "tests/support/temp_dir.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <vector>

namespace citadel::testing {

TempDir::TempDir(const std::string& prefix) {
  std::string pattern = "/tmp/" + prefix + "-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (::mkdtemp(buffer.data()) == nullptr) {
    std::perror("mkdtemp");
    std::abort();
  }
  path_ = buffer.data();
}

TempDir::~TempDir() { removeAll(); }

TempDir::TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }

TempDir& TempDir::operator=(TempDir&& other) noexcept {
  if (this != &other) {
    removeAll();
    path_ = std::move(other.path_);
    other.path_.clear();
  }
  return *this;
}

void TempDir::removeAll() {
  if (path_.empty()) {
    return;
  }
  std::error_code ignored;  // best effort: a leftover dir in /tmp must not fail a test
  std::filesystem::remove_all(path_, ignored);
  path_.clear();
}

}  // namespace citadel::testing
