#include "cse/engine/request_processor.h"

#include <future>
#include <optional>
#include <thread>

#include "cse/codec/json_codec.h"
#include "cse/codec/primitive_codec.h"
#include "cse/codec/release1_filter.h"
#include "cse/model/control_characters.h"
#include "cse/model/log.h"
#include "cse/random/random_id.h"
#include "resources/virtual_resources.h"

namespace citadel::engine {

using model::Operation;
using model::Status;

// The request's state from authorization to response; on the heap when a timed request waits.
struct RequestProcessor::Pending {
  security::RequestContext context;
  std::optional<security::AuthorizedRequest> authorized;  // points into `context`
  bool long_poll = false;  // a pcu RETRIEVE left for handleAsync to register
};

namespace {

// The target as a Group Request Identifier check names it: by resource ID, whatever form `to`
// took, with the virtual child and the path after fopt.
std::string addressedTarget(const resources::ResolvedTarget& target) {
  std::string addressed = target.resource().ri();
  switch (target.virtual_resource) {
    case resources::VirtualResource::kFanOutPoint:
      return addressed + std::string(resources::kFanOutSuffix) + "/" + target.fan_out_path;
    case resources::VirtualResource::kLatest: return addressed + "/la";
    case resources::VirtualResource::kOldest: return addressed + "/ol";
    case resources::VirtualResource::kPollingChannelUri: return addressed + "/pcu";
    case resources::VirtualResource::kNone: return addressed;
  }
  return addressed;
}

}  // namespace

model::Response RequestProcessor::dispatchAuthorized(Pending& pending) {
  const model::Request& request = pending.context.request;
  if (const resources::CseRoute* route = pending.authorized->route()) {
    // For another CSE: no local target, no gid record (the Hosting CSE keeps those).
    if (forwarder_ == nullptr) {
      return finish(pending, model::Response::fromStatus(
                                 Status(model::Rsc::kTargetNotReachable,
                                        "this CSE does not forward requests", "forward.off"),
                                 request.request_id));
    }
    return finish(pending, forwarder_->forward(request, pending.context.originator, *route));
  }
  const resources::ResolvedTarget& target = pending.authorized->target();
  bool fan_out = target.virtual_resource == resources::VirtualResource::kFanOutPoint;
  std::string gid = request.group_request_identifier;
  if (gid.empty() && fan_out) {
    // §7.4.14.2.4: the fan-out gives its member requests a new gid, recorded for this
    // fanOutPoint too, so that a member leading back here (a loop) stops at once.
    gid = random::unguessableId("grq-");
  }
  if (!gid.empty()) {
    // TS-0004 §7.3.3.2 (Recv-6.2.1), checked once authorized so that an originator without
    // privilege records nothing.
    model::TimePoint now = clock_.now();
    std::optional<model::TimePoint> expires;
    if (!request.request_expiration_timestamp.empty()) {
      expires = model::parseAbsRelTimestamp(request.request_expiration_timestamp, now);
    }
    if (!group_requests_.record(gid, addressedTarget(target), now, expires)) {
      return finish(pending, model::Response::fromStatus(
                                 Status(model::Rsc::kGroupRequestIdentifierExists,
                                        "this group request (gid) has already reached the "
                                        "target; it runs once per resource",
                                        "group.request_exists"),
                                 request.request_id));
    }
  }
  if (fan_out) {
    return finish(pending, fan_out_.run(request, target, gid, *this));
  }
  return finish(pending, dispatcher_.dispatch(*pending.authorized));
}

// Authorizes and dispatches; nullopt for a timed request left for the caller to schedule
// (`wait_for_execution_time` false and its oet still ahead).
std::optional<model::Response> RequestProcessor::authorizeAndDispatch(
    Pending& pending, bool wait_for_execution_time) {
  security::RequestContext& context = pending.context;
  auto authorized = pipeline_.authorize(context);
  if (authorized.isOk()) {
    pending.authorized.emplace(std::move(authorized.value()));
    if (pending.authorized->target().virtual_resource ==
        resources::VirtualResource::kPollingChannelUri) {
      if (!wait_for_execution_time && context.request.operation == Operation::kRetrieve &&
          polling_ != nullptr) {
        pending.long_poll = true;
        return std::nullopt;  // handleAsync registers the poll
      }
      // handle(): a long poll waits on the caller's thread (a CoAP or MQTT worker). At most
      // kMaxBlockingPolls do at once, so that long polls cannot take every worker of a binding
      // (issue 15's starvation rule); beyond, the poll ends at once with 4008.
      if (context.request.operation == Operation::kRetrieve &&
          blocking_polls_.fetch_add(1) >= kMaxBlockingPolls) {
        blocking_polls_.fetch_sub(1);
        return finish(pending,
                      model::Response::fromStatus(
                          Status(model::Rsc::kRequestTimeout,
                                 "too many long polls wait on this binding's workers; poll "
                                 "again later, or over HTTP (which holds no worker)",
                                 "pch.polls_busy"),
                          context.request.request_id));
      }
      struct PollSlot {
        std::atomic<size_t>* count;
        bool held;
        ~PollSlot() { if (held) count->fetch_sub(1); }
      } slot{&blocking_polls_, context.request.operation == Operation::kRetrieve};
      std::promise<model::Response> answer;
      std::future<model::Response> arrived = answer.get_future();
      std::optional<model::Response> now = servePollingChannel(
          pending, [&answer](model::Response response) { answer.set_value(std::move(response)); });
      return finish(pending, now ? std::move(*now) : arrived.get());
    }
    if (context.route) {
      // A transit forwards at once (TS-0004 §7.3.2.6: "before the earliest of these times");
      // the Hosting CSE waits for the oet.
      return dispatchAuthorized(pending);
    }
    if (context.execute_at && !wait_for_execution_time && *context.execute_at > clock_.now()) {
      return std::nullopt;  // the caller schedules dispatchAuthorized
    }
    if (context.execute_at) {
      // oet: the operation runs at the requested time (the PrimitiveCheckStage bounds it).
      std::this_thread::sleep_for(*context.execute_at - clock_.now());
    }
    return dispatchAuthorized(pending);
  }
  const Status& status = authorized.status();
  if (status.rsc() == model::Rsc::kOriginatorHasNoPrivilege) {
    // The reason names the stage and rule; it stays in the log, never in the response.
    LOG_INFO("denied rqi=" << model::logSafe(context.request.request_id)
                           << " fr=" << model::logSafe(context.originator)
                           << " op=" << model::operationName(context.request.operation)
                           << " reason=" << status.reason());
  }
  return finish(pending, model::Response::fromStatus(status, context.request.request_id));
}

std::optional<model::Response> RequestProcessor::servePollingChannel(
    Pending& pending, std::function<void(model::Response)> complete) {
  const model::Request& request = pending.context.request;
  const std::string channel = pending.authorized->target().resource().ri();
  auto refuse = [&](Status status) {
    return std::optional<model::Response>(model::Response::fromStatus(status, request.request_id));
  };
  if (polling_ == nullptr) {
    return refuse(Status(model::Rsc::kNotImplemented, "this CSE serves no polling channels",
                         "pch.off"));
  }
  switch (request.operation) {
    case Operation::kRetrieve:
      // TS-0004 §7.4.22.2.2: the oldest waiting request, or the wait until rqet (4008).
      polling_->poll(channel, waitDeadline(request, max_poll_wait_, clock_.now()),
                     std::move(complete));
      return std::nullopt;
    case Operation::kNotify: {
      // §7.4.22.2.5: the content is the entity's response (m2m:rsp) to a delivered request.
      const model::Json& content = request.content;
      if (!content.is_object() || !content.contains("m2m:rsp") ||
          !content["m2m:rsp"].is_object()) {
        return refuse(Status::badRequest("a NOTIFY to pcu carries the response to a polled "
                                         "request as m2m:rsp (TS-0004 §7.5.1.2.7)",
                                         "pch.no_response"));
      }
      auto response = codec::parseResponsePrimitive(
          codec::serializeJson(content["m2m:rsp"]), codec::ContentFormat::kJson,
          codec::ParseLimits{});
      if (!response.isOk()) return refuse(response.status());
      if (Status answered = polling_->answer(channel, std::move(response).value());
          !answered.isOk()) {
        return refuse(answered);
      }
      model::Response ok;
      ok.status_code = model::Rsc::kOk;
      return ok;
    }
    default:
      // §7.4.22.2.1/.3/.4: pcu is not created, updated or deleted through the API.
      return refuse(Status::operationNotAllowed(
          "the <pollingChannelURI> (pcu) takes RETRIEVE (long poll) and NOTIFY only",
          "pch.operation"));
  }
}

model::Response RequestProcessor::finish(Pending& pending, model::Response response) {
  security::RequestContext& context = pending.context;
  // Echo the request's rqi, rvi, vsi and ec before the stages see the response, so that a
  // stage wrapping it (ESPrim) wraps the complete answer. A value with a control character was
  // refused (4000) and is not echoed: it would reach a response header raw (issue 15 #14).
  auto echo = [](const std::string& value) {
    return model::hasControlCharacter(value) ? std::string() : value;
  };
  response.request_id = echo(context.request.request_id);
  response.release_version_indicator = echo(context.request.release_version_indicator);
  response.vendor_information = echo(context.request.vendor_information);
  response.event_category = echo(context.request.event_category);
  if (context.request.release_version_indicator.empty()) {
    // A Release 1 originator (no rvi, TS-0004 §7.3.2.1) gets only what Release 1 defines.
    codec::restrictToRelease1(response.content);
  }
  pipeline_.finish(context, response);
  return response;
}

bool RequestProcessor::isNonBlocking(const model::Request& request) const {
  auto rt = request.response_type.value;
  return non_blocking_ != nullptr && !request.nonblocking_accepted &&
         (rt == model::ResponseTypeValue::kNonBlockingRequestSynch ||
          rt == model::ResponseTypeValue::kNonBlockingRequestAsynch);
}

model::Response RequestProcessor::acceptNonBlocking(Pending& pending) {
  security::RequestContext& context = pending.context;
  // TS-0004 §7.2.2.2 Recv-1.0 before Recv-3.0: an unauthenticated originator or a malformed
  // primitive is answered now and leaves no <request>; what it may do is decided when it runs
  // (through handle(), the whole pipeline), and a denial lands in the <request>'s ors.
  if (Status admitted = pipeline_.admit(context); !admitted.isOk()) {
    return finish(pending, model::Response::fromStatus(admitted, context.request.request_id));
  }
  return finish(pending, non_blocking_->accept(context.request, context.originator));
}

template <typename Work>
auto RequestProcessor::guarded(const std::string& request_id, Work&& work)
    -> decltype(work()) {
  // The port's promise: never throws. A library exception that slipped through a handler
  // answers 5000 (and is logged), whoever called: a binding, the reaper or the notifier.
  try {
    return work();
  } catch (const std::exception& e) {
    LOG_ERROR("request " << model::logSafe(request_id) << " failed: " << e.what());
  } catch (...) {
    // Any other type thrown (not derived from std::exception) fails closed the same way.
    LOG_ERROR("request " << model::logSafe(request_id)
                         << " failed with an exception of unknown type");
  }
  return model::Response::fromStatus(Status::internal("internal error", "engine.exception"),
                                     request_id);
}

model::Response RequestProcessor::handle(model::Request request) {
  std::string request_id = request.request_id;
  return guarded(request_id, [&] {
    Pending pending;
    pending.context.request = std::move(request);
    if (isNonBlocking(pending.context.request)) {
      return acceptNonBlocking(pending);
    }
    return *authorizeAndDispatch(pending, true);
  });
}

void RequestProcessor::handleAsync(model::Request request, ResponseCallback done) {
  std::string request_id = request.request_id;
  auto pending = std::make_shared<Pending>();
  std::optional<model::Response> response = guarded(request_id, [&] {
    pending->context.request = std::move(request);
    if (isNonBlocking(pending->context.request)) {
      return std::optional<model::Response>(acceptNonBlocking(*pending));
    }
    return authorizeAndDispatch(*pending, false);
  });
  if (response) {
    done(std::move(*response));
    return;
  }
  if (pending->long_poll) {
    // The poll holds no thread: whoever delivers (or the timer at its deadline) answers it.
    std::optional<model::Response> now = guarded(request_id, [&] {
      return servePollingChannel(
          *pending, [this, pending, request_id, done](model::Response answer) {
            done(guarded(request_id, [&] { return finish(*pending, std::move(answer)); }));
          });
    });
    if (now) done(guarded(request_id, [&] { return finish(*pending, std::move(*now)); }));
    return;
  }
  auto when = TimerQueue::Clock::now() + (*pending->context.execute_at - clock_.now());
  timers_.runAt(when, [this, pending, request_id, done = std::move(done)] {
    done(guarded(request_id, [&] { return dispatchAuthorized(*pending); }));
  });
}

}  // namespace citadel::engine
