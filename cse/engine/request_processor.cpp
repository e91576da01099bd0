#include "cse/engine/request_processor.h"

#include "cse/model/log.h"

namespace citadel::engine {

using model::Operation;
using model::Status;

Status checkPrimitiveShape(const model::Request& request) {
  if (request.request_id.empty()) {
    return Status::badRequest("Request Identifier (rqi, X-M2M-RI) is mandatory",
                              "primitive.missing_rqi");
  }
  bool create = request.operation == Operation::kCreate;
  if (create && !request.resource_type) {
    return Status::badRequest("CREATE needs a resource type (ty; HTTP: Content-Type ...;ty=N)",
                              "primitive.missing_ty");
  }
  if (!create && request.resource_type) {
    return Status::badRequest("resource type (ty) is only permitted in CREATE",
                              "primitive.unexpected_ty");
  }
  bool needs_content = create || request.operation == Operation::kUpdate ||
                       request.operation == Operation::kNotify;
  if (needs_content && request.content.is_null()) {
    return Status::badRequest(std::string(model::operationName(request.operation)) +
                              " needs a content (pc): send a body", "primitive.missing_pc");
  }
  if (request.operation == Operation::kDelete && !request.content.is_null()) {
    return Status::badRequest("DELETE carries no content (pc)", "primitive.unexpected_pc");
  }
  return {};
}

model::Response RequestProcessor::handle(model::Request request) {
  security::RequestContext context;
  context.request = std::move(request);
  model::Response response;
  Status shape = checkPrimitiveShape(context.request);
  if (!shape.isOk()) {
    response = model::Response::fromStatus(shape, context.request.request_id);
  } else {
    auto authorized = pipeline_.authorize(context);
    if (authorized.isOk()) {
      response = dispatcher_.dispatch(authorized.value());
    } else {
      const Status& status = authorized.status();
      if (status.rsc() == model::Rsc::kOriginatorHasNoPrivilege) {
        // The reason names the stage and rule; it stays in the log, never in the response.
        LOG_INFO("denied rqi=" << context.request.request_id << " fr=" << context.originator
                               << " op=" << model::operationName(context.request.operation)
                               << " reason=" << status.reason());
      }
      response = model::Response::fromStatus(status, context.request.request_id);
    }
    pipeline_.finish(context, response);
  }
  response.request_id = context.request.request_id;
  response.release_version_indicator = context.request.release_version_indicator;
  response.vendor_information = context.request.vendor_information;
  return response;
}

}  // namespace citadel::engine
