#pragma once
// The shape and timing checks of a primitive (security/primitive_checks.h), inside the
// pipeline: after the ESPrim slot, so that they see the inner primitive of an ESPrim request,
// and before anything resolves `to` or decides on the primitive.

#include <atomic>
#include <cstdint>

#include "cse/model/clock.h"
#include "security/stage.h"

namespace citadel::security {

// Run-time settings of the checks, changed by the upper tester while requests are served.
struct PrimitiveCheckSettings {
  // enableShortRequestExpiration: every request expires this many milliseconds after arrival
  // unless its rqet is earlier (0: off). A request held past it (oet) answers 4008.
  std::atomic<int64_t> short_request_expiration_ms{0};
};

// 4000 / 4001 / 4008 as the checks say; an oet in the future (at most kMaxExecutionDelay away)
// goes to context.execute_at, for the processor to wait for after authorization. Keeps no
// per-request state; shared by all worker threads.
class PrimitiveCheckStage final : public Stage {
 public:
  // This CSE holds a blocking request on a worker at most this long for its oet.
  static constexpr auto kMaxExecutionDelay = std::chrono::seconds(10);

  PrimitiveCheckStage(const model::Clock& clock, const PrimitiveCheckSettings* settings)
      : clock_(clock), settings_(settings) {}
  std::string_view name() const override { return "primitive_check"; }
  bool admission() const override { return true; }
  model::Status onRequest(RequestContext& context) override;

 private:
  const model::Clock& clock_;
  const PrimitiveCheckSettings* settings_;  // nullptr: defaults
};

}  // namespace citadel::security
