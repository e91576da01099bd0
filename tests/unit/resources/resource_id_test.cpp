// Resource IDs the CSE assigns: random ones (randomResourceId) and the time-ordered ones of
// contentInstances (timeOrderedResourceId): shape, order over time, and no two alike.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "resources/type_handler.h"
#include "resources/types/content_instance.h"

namespace citadel::resources {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

bool alphanumeric(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) != 0; });
}

TEST(ResourceIdTest, RandomIdsArePrefixedAlphanumericAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) {
    std::string id = randomResourceId("cnt");
    ASSERT_EQ(id.size(), 3u + 12u);
    EXPECT_TRUE(id.starts_with("cnt"));
    EXPECT_TRUE(alphanumeric(id)) << id;
    EXPECT_TRUE(seen.insert(id).second) << "drawn twice: " << id;
  }
}

// Every character of the alphabet appears (the CSPRNG's bytes are mapped over all 62).
TEST(ResourceIdTest, RandomIdsUseTheWholeAlphabet) {
  std::set<char> characters;
  for (int i = 0; i < 500; ++i) {
    std::string id = randomResourceId("", 12);
    characters.insert(id.begin(), id.end());
  }
  EXPECT_EQ(characters.size(), 62u);
}

TEST(ResourceIdTest, TimeOrderedIdsSortByCreationTime) {
  auto base = system_clock::time_point(milliseconds(1'765'000'000'000));  // December 2025
  std::vector<std::string> ids;
  for (int64_t step : std::initializer_list<int64_t>{0, 1, 61, 62, 63, 3843, 3844, 1'000'000, 86'400'000, 31'536'000'000}) {
    ids.push_back(timeOrderedResourceId("cin", base + milliseconds(step)));
  }
  for (size_t i = 1; i < ids.size(); ++i) {
    EXPECT_LT(ids[i - 1], ids[i]) << "step " << i;
  }
  for (const auto& id : ids) {
    EXPECT_EQ(id.size(), 3u + kTimeOrderedDigits + 12u);
    EXPECT_TRUE(id.starts_with("cin"));
    EXPECT_TRUE(alphanumeric(id)) << id;
  }
}

TEST(ResourceIdTest, TimeOrderedIdsOfOneMillisecondStillDiffer) {
  auto now = system_clock::now();
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = timeOrderedResourceId("cin", now);
    EXPECT_EQ(id.substr(0, 3 + kTimeOrderedDigits),
              timeOrderedResourceId("cin", now).substr(0, 3 + kTimeOrderedDigits));
    EXPECT_TRUE(seen.insert(id).second) << "drawn twice: " << id;
  }
}

TEST(ResourceIdTest, ContentInstancesGetTimeOrderedIds) {
  ContentInstanceType type;
  auto before = timeOrderedResourceId("cin", system_clock::now());
  auto id = type.assignResourceId("Cae");
  ASSERT_TRUE(id.isOk());
  auto after = timeOrderedResourceId("cin", system_clock::now() + milliseconds(1));
  EXPECT_TRUE(id.value().starts_with("cin"));
  EXPECT_GE(id.value().substr(0, 3 + kTimeOrderedDigits),
            before.substr(0, 3 + kTimeOrderedDigits));
  EXPECT_LT(id.value(), after);
}

}  // namespace
}  // namespace citadel::resources
