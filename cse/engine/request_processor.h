#pragma once
// The engine's only PrimitiveHandler: checks the primitive's shape, runs the security pipeline,
// dispatches what it authorizes and lets the stages see the response on the way out.

#include "cse/engine/dispatcher.h"
#include "cse/model/ports.h"
#include "security/pipeline.h"

namespace citadel::engine {

class RequestProcessor final : public model::PrimitiveHandler {
 public:
  RequestProcessor(const security::Pipeline& pipeline, Dispatcher& dispatcher)
      : pipeline_(pipeline), dispatcher_(dispatcher) {}

  model::Response handle(model::Request request) override;

 private:
  const security::Pipeline& pipeline_;
  Dispatcher& dispatcher_;
};

// The request-parameter rules of TS-0004 Table 7.2.1.1-1 that do not depend on the tree:
// rqi present, ty only (and always) on CREATE, pc where permitted. 4000 otherwise.
model::Status checkPrimitiveShape(const model::Request& request);

}  // namespace citadel::engine
