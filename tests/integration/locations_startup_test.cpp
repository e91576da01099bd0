// acp.locations at start-up: a missing or malformed file of retained originator locations stops
// the real `citadel` with one line naming the file and line, before any listener opens.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "tests/support/shell.h"
#include "tests/support/temp_dir.h"

namespace citadel::testing {
namespace {

std::string start(const TempDir& dir, const std::string& locations, int* code) {
  return runShell(std::string(CITADEL_BINARY) + " --http.port=0 --storage.path=" +
                      dir.file("db") + " --acp.locations=" + locations + " 2>&1",
                  code, 15);
}

TEST(LocationsStartupTest, RefusesAMissingOrMalformedFileInOneLine) {
  TempDir dir;
  int code = 0;
  std::string missing = start(dir, dir.file("none.loc"), &code);
  EXPECT_NE(code, 0) << missing;
  EXPECT_NE(missing.find("none.loc cannot be read"), std::string::npos) << missing;
  EXPECT_EQ(std::count(missing.begin(), missing.end(), '\n'), 1) << missing;

  std::ofstream(dir.file("bad.loc")) << "Clamp 52.5 13.4 DE\nCfan 95 13.4 DE\n";
  std::string malformed = start(dir, dir.file("bad.loc"), &code);
  EXPECT_NE(code, 0) << malformed;
  EXPECT_NE(malformed.find("bad.loc:2: latitude must be"), std::string::npos) << malformed;
  EXPECT_EQ(std::count(malformed.begin(), malformed.end(), '\n'), 1) << malformed;
}

}  // namespace
}  // namespace citadel::testing
