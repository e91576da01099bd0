#pragma once
// RAII temporary directory for tests: created with mkdtemp under /tmp, removed recursively.

#include <string>

namespace citadel::testing {

class TempDir {
 public:
  // Creates /tmp/<prefix>-XXXXXX. Aborts the test binary if /tmp is unusable (nothing a test
  // could do about it).
  explicit TempDir(const std::string& prefix = "citadel-test");
  ~TempDir();

  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;

  const std::string& path() const { return path_; }
  // path() + "/" + name.
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  void removeAll();

  std::string path_;
};

}  // namespace citadel::testing
