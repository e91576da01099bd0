// PolicyReadCache: each record loaded once per pass, errors not kept, bounded.
#include "security/policy_read_cache.h"

#include <gtest/gtest.h>

#include "tests/support/status_macros.h"

namespace citadel::security {
namespace {

using resources::Resource;
using Kind = PolicyReadCache::Kind;

Resource record(const std::string& ri) {
  Resource r;
  r.attributes = {{"ri", ri}};
  return r;
}

TEST(PolicyReadCacheTest, LoadsEachRecordOncePerKind) {
  PolicyReadCache cache;
  int loads = 0;
  auto load = [&]() -> model::Result<Resource> {
    ++loads;
    return record("cnt1");
  };
  Resource scratch;
  auto first = cache.get(Kind::kParent, "cnt1", load, scratch);
  auto again = cache.get(Kind::kParent, "cnt1", load, scratch);
  ASSERT_OK(first);
  ASSERT_OK(again);
  EXPECT_EQ(first.value(), again.value());  // the same kept record
  EXPECT_EQ(first.value()->ri(), "cnt1");
  EXPECT_EQ(loads, 1);
  // A policy named like a parent is another record.
  ASSERT_OK(cache.get(Kind::kPolicy, "cnt1", load, scratch));
  EXPECT_EQ(loads, 2);
}

TEST(PolicyReadCacheTest, DoesNotKeepErrors) {
  PolicyReadCache cache;
  int loads = 0;
  auto missing = [&]() -> model::Result<Resource> {
    ++loads;
    return model::Status::notFound("no such resource", "test.missing");
  };
  Resource scratch;
  EXPECT_EQ(cache.get(Kind::kPolicy, "acp9", missing, scratch).status().rsc(), model::Rsc::kNotFound);
  EXPECT_EQ(cache.get(Kind::kPolicy, "acp9", missing, scratch).status().rsc(), model::Rsc::kNotFound);
  EXPECT_EQ(loads, 2);
}

TEST(PolicyReadCacheTest, PastItsBoundLoadsIntoTheScratchRecord) {
  PolicyReadCache cache;
  Resource scratch;
  for (size_t i = 0; i < PolicyReadCache::kMaxRecords; ++i) {
    std::string ri = "cnt" + std::to_string(i);
    ASSERT_OK(cache.get(Kind::kParent, ri, [&] { return model::Result<Resource>(record(ri)); },
                        scratch));
  }
  auto extra = cache.get(Kind::kParent, "cntX",
                         [] { return model::Result<Resource>(record("cntX")); }, scratch);
  ASSERT_OK(extra);
  EXPECT_EQ(extra.value(), &scratch);
  EXPECT_EQ(scratch.ri(), "cntX");
  // Records kept earlier are still there.
  int loads = 0;
  auto kept = cache.get(Kind::kParent, "cnt0", [&] {
    ++loads;
    return model::Result<Resource>(record("cnt0"));
  }, scratch);
  ASSERT_OK(kept);
  EXPECT_EQ(loads, 0);
  EXPECT_EQ(kept.value()->ri(), "cnt0");
}

}  // namespace
}  // namespace citadel::security
