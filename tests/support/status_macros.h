#pragma once
// RocksDB-style assertions on Status / Result that print the dbg and reason on failure.

#include <gtest/gtest.h>

#include "cse/model/status.h"

#define ASSERT_OK(expr)                                                                  \
  do {                                                                                   \
    const auto& _st = (expr);                                                            \
    ASSERT_TRUE(::citadel::testing::statusOf(_st).isOk())                                \
        << "rsc=" << static_cast<int>(::citadel::testing::statusOf(_st).rsc())           \
        << " dbg=" << ::citadel::testing::statusOf(_st).dbg()                            \
        << " reason=" << ::citadel::testing::statusOf(_st).reason();                     \
  } while (0)

#define EXPECT_OK(expr)                                                                  \
  do {                                                                                   \
    const auto& _st = (expr);                                                            \
    EXPECT_TRUE(::citadel::testing::statusOf(_st).isOk())                                \
        << "rsc=" << static_cast<int>(::citadel::testing::statusOf(_st).rsc())           \
        << " dbg=" << ::citadel::testing::statusOf(_st).dbg()                            \
        << " reason=" << ::citadel::testing::statusOf(_st).reason();                     \
  } while (0)

#define ASSERT_RSC(expr, expected)                                                       \
  do {                                                                                   \
    const auto& _st = (expr);                                                            \
    ASSERT_EQ(::citadel::testing::statusOf(_st).rsc(), (expected))                       \
        << "dbg=" << ::citadel::testing::statusOf(_st).dbg()                             \
        << " reason=" << ::citadel::testing::statusOf(_st).reason();                     \
  } while (0)

namespace citadel::testing {

inline const model::Status& statusOf(const model::Status& status) { return status; }

template <typename T>
const model::Status& statusOf(const model::Result<T>& result) {
  static const model::Status kOk;
  return result.isOk() ? kOk : result.status();
}

// Passes when `result` failed with `expected` as its Status::reason; prints rsc, reason, dbg.
template <typename R>
::testing::AssertionResult hasReason(const char* expr, const char* /*expected_expr*/,
                                     const R& result, std::string_view expected) {
  const model::Status& status = statusOf(result);
  if (status.reason() == expected && !status.isOk()) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << expr << ": expected reason " << expected
                                       << ", got rsc=" << static_cast<int>(status.rsc())
                                       << " reason=" << status.reason() << " dbg=" << status.dbg();
}

}  // namespace citadel::testing

#define EXPECT_REASON(expr, expected) \
  EXPECT_PRED_FORMAT2(::citadel::testing::hasReason, expr, expected)
