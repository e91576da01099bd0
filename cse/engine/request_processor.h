#pragma once
// The engine's only PrimitiveHandler: runs the security pipeline (whose first stages check the
// primitive's shape), dispatches what it authorizes and lets the stages see the response on
// the way out. A request to a <group>'s fanOutPoint is fanned out from here (group/fan_out.h):
// each member request comes back through handle(), and so through the whole pipeline again.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include "cse/engine/dispatcher.h"
#include "cse/engine/forwarding/request_forwarder.h"
#include "cse/engine/group/fan_out.h"
#include "cse/engine/group/group_request_registry.h"
#include "cse/engine/non_blocking_requests.h"
#include "cse/engine/polling/polling_channels.h"
#include "cse/engine/timer_queue.h"
#include "cse/model/ports.h"
#include "security/pipeline.h"

namespace citadel::engine {

class RequestProcessor final : public model::PrimitiveHandler {
 public:
  // `resolver` serves the fan-out (sub-groups' members); `max_aggregated_bytes` bounds a
  // fan-out's aggregated response (limits.maxResponseBytes).
  RequestProcessor(const security::Pipeline& pipeline, Dispatcher& dispatcher,
                   const model::Clock& clock, resources::ResourceResolver& resolver,
                   size_t max_aggregated_bytes = 8 << 20)
      : pipeline_(pipeline),
        dispatcher_(dispatcher),
        clock_(clock),
        fan_out_(resolver, clock, max_aggregated_bytes) {}

  // Runs the pipeline (which checks the primitive's shape first), dispatches what it
  // authorizes, echoes rqi/rvi/vsi/ec and lets the stages see the response. An authorized
  // request with a Group Request Identifier already used for the same target is refused with
  // 4104 (TS-0004 §7.3.3.2). Never throws: an
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
  // Where authorized requests for another CSE go (the pipeline set their route); without it
  // such a request is answered 5103. Must outlive the processor; set before serving.
  void setForwarder(const RequestForwarder* forwarder) { forwarder_ = forwarder; }
  // The polling channels that serve requests to a <pollingChannel>'s pcu (TS-0004 §7.4.22):
  // a long-poll RETRIEVE waits there (in handleAsync without holding the caller's thread; in
  // handle() on it), a NOTIFY answers a delivered request. Without them pcu answers 5001. Must
  // outlive the processor; set before serving. `max_wait` bounds a long poll (its rqet, when
  // earlier, ends it sooner).
  void setPollingChannels(PollingChannels* channels, std::chrono::milliseconds max_wait) {
    polling_ = channels;
    max_poll_wait_ = max_wait;
  }

 private:
  struct Pending;
  std::optional<model::Response> authorizeAndDispatch(Pending& pending,
                                                      bool wait_for_execution_time);
  model::Response dispatchAuthorized(Pending& pending);
  model::Response finish(Pending& pending, model::Response response);
  // An authorized request to a pcu: RETRIEVE (a long poll) registers `done`-style completion
  // through `complete`; NOTIFY and the other operations are answered at once (returned).
  std::optional<model::Response> servePollingChannel(
      Pending& pending, std::function<void(model::Response)> complete);

  // rt 1/2: admission, then the <request> and the acknowledgement (non_blocking_requests.h).
  model::Response acceptNonBlocking(Pending& pending);
  bool isNonBlocking(const model::Request& request) const;
  // handle()'s exception guard, shared by both entry points.
  template <typename Work>
  auto guarded(const std::string& request_id, Work&& work) -> decltype(work());

  const security::Pipeline& pipeline_;
  Dispatcher& dispatcher_;
  const model::Clock& clock_;
  FanOut fan_out_;
  GroupRequestRegistry group_requests_;
  TimerQueue timers_;  // oet dispatches of handleAsync
  NonBlockingRequests* non_blocking_ = nullptr;
  const RequestForwarder* forwarder_ = nullptr;
  PollingChannels* polling_ = nullptr;
  std::chrono::milliseconds max_poll_wait_{30000};
  // Long polls waiting on a caller's thread (handle(): CoAP, MQTT), and their bound.
  static constexpr size_t kMaxBlockingPolls = 4;
  std::atomic<size_t> blocking_polls_{0};
};

}  // namespace citadel::engine
