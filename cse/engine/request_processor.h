#pragma once
// The engine's only PrimitiveHandler: runs the security pipeline (whose first stages check the
// primitive's shape), dispatches what it authorizes and lets the stages see the response on
// the way out.

#include <memory>
#include <optional>

#include "cse/engine/dispatcher.h"
#include "cse/engine/non_blocking_requests.h"
#include "cse/engine/timer_queue.h"
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
  // exception from below answers 5000. Thread-safe. An authorized request with an execution
  // time (oet) waits for it on the calling thread (the CoAP and MQTT bindings call this).
  model::Response handle(model::Request request) override;

  // The same, except that an authorized request with an execution time in the future is not
  // waited for here: its dispatch runs on this processor's timer thread at that time, which
  // then calls `done` (the HTTP binding calls this, so that oet holds none of its workers).
  // Anything else calls `done` before returning. Pending timed requests still waiting when
  // the processor is destroyed are dropped (`done` destroyed uncalled).
  void handleAsync(model::Request request, ResponseCallback done) override;

  // Where requests with rt 1 or 2 go once admitted (identity and shape: Pipeline::admit);
  // without it they run blocking, as before. Must outlive the processor; set before serving.
  void setNonBlocking(NonBlockingRequests* non_blocking) { non_blocking_ = non_blocking; }

 private:
  struct Pending;
  std::optional<model::Response> authorizeAndDispatch(Pending& pending,
                                                      bool wait_for_execution_time);
  model::Response dispatchAuthorized(Pending& pending);
  model::Response finish(Pending& pending, model::Response response);
  // rt 1/2: admission, then the <request> and the acknowledgement (non_blocking_requests.h).
  model::Response acceptNonBlocking(Pending& pending);
  bool isNonBlocking(const model::Request& request) const;
  // handle()'s exception guard, shared by both entry points.
  template <typename Work>
  auto guarded(const std::string& request_id, Work&& work) -> decltype(work());

  const security::Pipeline& pipeline_;
  Dispatcher& dispatcher_;
  const model::Clock& clock_;
  TimerQueue timers_;  // oet dispatches of handleAsync
  NonBlockingRequests* non_blocking_ = nullptr;
};

}  // namespace citadel::engine
