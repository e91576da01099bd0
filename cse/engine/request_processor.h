#pragma once
// The engine's only PrimitiveHandler: checks the primitive's shape, runs the security pipeline,
// dispatches what it authorizes and lets the stages see the response on the way out.

#include <atomic>

#include "cse/engine/dispatcher.h"
#include "cse/model/ports.h"
#include "security/pipeline.h"

namespace citadel::engine {

class RequestProcessor final : public model::PrimitiveHandler {
 public:
  RequestProcessor(const security::Pipeline& pipeline, Dispatcher& dispatcher,
                   const model::Clock& clock)
      : pipeline_(pipeline), dispatcher_(dispatcher), clock_(clock) {}

  model::Response handle(model::Request request) override;
  // Upper tester enableShortRequestExpiration: every request expires this many seconds after
  // arrival unless its rqet is earlier (0: off). A request held past it (oet) answers 4008.
  void setShortRequestExpirationSeconds(int64_t seconds) { short_request_s_.store(seconds); }

 private:
  model::Response process(model::Request request);
  const security::Pipeline& pipeline_;
  Dispatcher& dispatcher_;
  const model::Clock& clock_;
  std::atomic<int64_t> short_request_s_{0};
};

// The request-parameter rules of TS-0004 Table 7.2.1.1-1 that do not depend on the tree:
// rqi present, ty only (and always) on CREATE, pc where permitted, a supported rvi (4001
// otherwise), a valid ec. 4000 otherwise.
model::Status checkPrimitiveShape(const model::Request& request);

// rqet / rset / oet (TS-0004 §7.3.3.x): malformed -> 4000, rqet after rset -> 4000, rqet already
// passed -> 4008. `oet` receives the operation execution time when it lies in the future.
model::Status checkRequestTiming(const model::Request& request, model::TimePoint now,
                                 std::optional<model::TimePoint>* oet);

}  // namespace citadel::engine
