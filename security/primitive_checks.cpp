#include "security/primitive_checks.h"

#include <charconv>
#include <string>

namespace citadel::security {

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
  // Releases this CSE speaks; an empty rvi is a Release 1 request (TS-0004 §6.4.1).
  const std::string& rvi = request.release_version_indicator;
  if (!rvi.empty() && rvi != "2" && rvi != "2a" && rvi != "3" && rvi != "4" && rvi != "5") {
    return {model::Rsc::kReleaseVersionNotSupported,
            "release version (rvi) '" + rvi + "' is not supported (supported: 2a, 3, 4, 5)",
            "primitive.rvi_unsupported"};
  }
  // eventCategory: 2 immediate, 3 bestEffort, 4 latest, 100-999 user-defined (§6.3.4.2.4).
  if (!request.event_category.empty()) {
    // The whole text must be the number: std::stoi would take "2x" or " 3" as valid.
    const std::string& text = request.event_category;
    int ec = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), ec);
    if (error != std::errc() || end != text.data() + text.size()) {
      ec = 0;
    }
    if (!(ec >= 2 && ec <= 4) && !(ec >= 100 && ec <= 999)) {
      return Status::badRequest("event category (ec) '" + request.event_category +
                                "' is not one of 2, 3, 4 or 100..999", "primitive.bad_ec");
    }
  }
  return {};
}

Status checkRequestTiming(const model::Request& request, model::TimePoint now,
                          std::optional<model::TimePoint>* oet) {
  auto parse = [&](const std::string& text, const char* name,
                   std::optional<model::TimePoint>* out) -> Status {
    if (text.empty()) {
      return {};
    }
    *out = model::parseAbsRelTimestamp(text, now);
    if (!*out) {
      return Status::badRequest(std::string(name) + " '" + text + "' is neither a timestamp "
                                "(YYYYMMDDThhmmss) nor milliseconds", "primitive.bad_timestamp");
    }
    return {};
  };
  std::optional<model::TimePoint> rqet, rset;
  CITADEL_RETURN_IF_ERROR(parse(request.request_expiration_timestamp, "rqet", &rqet));
  CITADEL_RETURN_IF_ERROR(parse(request.result_expiration_timestamp, "rset", &rset));
  CITADEL_RETURN_IF_ERROR(parse(request.operation_execution_time, "oet", oet));
  if (rqet && rset && *rqet > *rset) {
    return Status::badRequest("request expiration (rqet) must not be later than result "
                              "expiration (rset)", "primitive.rqet_after_rset");
  }
  if (rqet && *rqet <= now) {
    return {model::Rsc::kRequestTimeout, "the request expired (rqet) before it was processed",
            "primitive.expired"};
  }
  // A result due before now can no longer be delivered in time: like an expired rqet, the
  // request has timed out (TS-0004 §7.3.2.1 for rqet, §7.3.2.6 for the three timestamps).
  if (rset && *rset <= now) {
    return {model::Rsc::kRequestTimeout,
            "the result expiration (rset) has passed before the request was processed",
            "primitive.result_expired"};
  }
  if (*oet && rqet && **oet > *rqet) {
    return Status::badRequest("operation execution time (oet) lies after the request "
                              "expiration (rqet)", "primitive.oet_after_rqet");
  }
  if (*oet && **oet <= now) {
    oet->reset();
  }
  return {};
}

}  // namespace citadel::security
