#pragma once
// The engine's only PrimitiveHandler: runs the security pipeline (whose first stages check the
// primitive's shape), dispatches what it authorizes and lets the stages see the response on
// the way out.

#include "cse/engine/dispatcher.h"
#include "cse/model/ports.h"
#include "security/pipeline.h"

namespace citadel::engine {

class RequestProcessor final : public model::PrimitiveHandler {
 public:
  RequestProcessor(const security::Pipeline& pipeline, Dispatcher& dispatcher,
                   const model::Clock& clock)
      : pipeline_(pipeline), dispatcher_(dispatcher), clock_(clock) {}

  // Runs the pipeline (which checks the primitive's shape first), dispatches what it
  // authorizes, echoes rqi/rvi/vsi/ec and lets the stages see the response. Never throws: an
  // exception from below answers 5000. Thread-safe.
  model::Response handle(model::Request request) override;

 private:
  model::Response process(model::Request request);
  const security::Pipeline& pipeline_;
  Dispatcher& dispatcher_;
  const model::Clock& clock_;
};

}  // namespace citadel::engine
