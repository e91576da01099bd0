#pragma once
// Shared by the tools' unit tests: a clock that moves only when told to, and signing keys.

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <string>

#include "cse/model/clock.h"
#include "security/token/jws_key.h"

namespace citadel::tools::testing {

// 2027-01-01T00:00:00Z: whole seconds, so nbf/exp compare exactly.
inline const model::TimePoint kStart = model::TimePoint(std::chrono::seconds(1798761600));

class ManualClock final : public model::Clock {
 public:
  model::TimePoint now() const override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void advance(std::chrono::milliseconds by) {
    std::lock_guard lock(mutex_);
    now_ += by;
  }

 private:
  mutable std::mutex mutex_;
  model::TimePoint now_ = kStart;
};

// A 32-byte HS256 secret in the CLI's hex form.
inline constexpr const char* kHexSecret =
    "hex:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

inline security::token::JwsKey hs256Key() {
  auto key = security::token::JwsKey::hs256FromHex(std::string(kHexSecret).substr(4));
  EXPECT_TRUE(key.isOk());
  return std::move(key).value();
}

}  // namespace citadel::tools::testing
