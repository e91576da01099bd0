#include "cse/engine/request_processor.h"

#include <thread>

#include "cse/model/control_characters.h"
#include "cse/model/log.h"

namespace citadel::engine {

using model::Operation;
using model::Status;

model::Response RequestProcessor::process(model::Request request) {
  security::RequestContext context;
  context.request = std::move(request);
  model::Response response;
  auto authorized = pipeline_.authorize(context);
  if (authorized.isOk()) {
    if (context.execute_at) {
      // oet: the operation runs at the requested time (the PrimitiveCheckStage bounds it).
      std::this_thread::sleep_for(*context.execute_at - clock_.now());
    }
    response = dispatcher_.dispatch(authorized.value());
  } else {
    const Status& status = authorized.status();
    if (status.rsc() == model::Rsc::kOriginatorHasNoPrivilege) {
      // The reason names the stage and rule; it stays in the log, never in the response.
      LOG_INFO("denied rqi=" << model::logSafe(context.request.request_id)
                             << " fr=" << model::logSafe(context.originator)
                             << " op=" << model::operationName(context.request.operation)
                             << " reason=" << status.reason());
    }
    response = model::Response::fromStatus(status, context.request.request_id);
  }
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
  pipeline_.finish(context, response);
  return response;
}

model::Response RequestProcessor::handle(model::Request request) {
  std::string request_id = request.request_id;
  // The port's promise: never throws. A library exception that slipped through a handler
  // answers 5000 (and is logged), whoever called: a binding, the reaper or the notifier.
  try {
    return process(std::move(request));
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

}  // namespace citadel::engine
