#include "tools/das/das_handler.h"

#include <algorithm>
#include <exception>

#include "cse/model/log.h"
#include "tools/token_cli/access_operations.h"
#include "tools/token_cli/token_options.h"

namespace citadel::tools::das {
namespace {

using model::Request;
using model::Response;
using model::Rsc;
using model::Status;

// An ID fit for a log line: bounded, control characters replaced (the allow-list check runs
// before the content is validated, so fr may hold anything a binding lets through).
std::string printable(std::string_view text) {
  std::string out(text.substr(0, 160));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return text.size() > out.size() ? out + "..." : out;
}

// The absolute form of a CSE-ID ("/id-in", "id-in" or "//sp/id-in").
std::string absoluteCseId(std::string_view id, std::string_view sp_id) {
  if (id.starts_with("//")) return std::string(id);
  std::string out = "//";
  out.append(sp_id);
  if (!id.starts_with("/")) out.append("/");
  return out.append(id);
}

Response errorResponse(const Status& status, const Request& request) {
  Response response = Response::fromStatus(status, request.request_id);
  response.release_version_indicator = request.release_version_indicator;
  return response;
}

}  // namespace

DasHandler::DasHandler(Policy policy, DasSettings settings, const model::Clock& clock,
                       std::function<std::string()> new_token_name)
    : policy_(std::move(policy)),
      settings_(std::move(settings)),
      clock_(clock),
      new_token_name_(new_token_name ? std::move(new_token_name) : randomTokenName),
      issued_(settings_.issued_token_capacity) {
  for (const std::string& cse : settings_.allowed_cses) {
    allowed_absolute_.push_back(absoluteCseId(cse, settings_.sp_id));
  }
}

bool DasHandler::isAllowed(std::string_view from) const {
  if (from.empty()) {
    return false;
  }
  std::string absolute = absoluteCseId(from, settings_.sp_id);
  return std::find(allowed_absolute_.begin(), allowed_absolute_.end(), absolute) !=
         allowed_absolute_.end();
}

Response DasHandler::handle(Request request) {
  try {
    return answer(request);
  } catch (const std::exception& e) {
    // Last resort (STYLE.md §3): nothing here throws on purpose.
    LOG_ERROR("DAS: request rqi=" << printable(request.request_id) << " failed: " << e.what());
  } catch (...) {
    LOG_ERROR("DAS: request rqi=" << printable(request.request_id) << " failed");
  }
  return errorResponse(Status::internal("internal error", "das.internal"), request);
}

Response DasHandler::answer(const Request& request) {
  if (!isAllowed(request.originator)) {
    LOG_INFO("DAS refused fr=" << printable(request.originator) << ": not an allowed CSE");
    return errorResponse(Status::noPrivilege("das.cse_not_allowed"), request);
  }
  if (request.operation != model::Operation::kNotify) {
    return errorResponse(
        Status::operationNotAllowed("the DAS answers only NOTIFY requests carrying "
                                    "{\"m2m:seci\":{\"sit\":1,\"dreq\":{...}}}",
                                    "das.not_notify"),
        request);
  }
  if (securityInfoTypeOf(request.content) == kSitRelationshipMappingRequest) {
    return answerRelationshipRequest(request);
  }
  auto parsed = parseDasRequest(request.content);
  if (!parsed.isOk()) {
    LOG_INFO("DAS refused a request from fr=" << printable(request.originator) << ": "
                                              << parsed.status().dbg());
    return errorResponse(parsed.status(), request);
  }
  const DasRequest& dreq = parsed.value();
  model::TimePoint now = clock_.now();
  AnswerContext context{policy_,
                        settings_.issuer,
                        issued_,
                        now,
                        Requester{request.originator, settings_.sp_id},
                        new_token_name_};
  auto answered = answerRequest(dreq, context);
  if (!answered.isOk()) {
    return errorResponse(answered.status(), request);
  }
  const DasAnswer& result = answered.value();
  std::string tokens;
  for (const std::string& id : result.token_ids) tokens += (tokens.empty() ? "" : ",") + id;
  size_t found = result.dres.contains("tkns") ? result.dres.at("tkns").size() : 0;
  std::string rule =
      result.decision.rule != nullptr ? std::to_string(result.decision.rule->line) : "-";
  // or and trid were checked for control characters by parseDasRequest().
  LOG_INFO("DAS decision: fr=" << printable(request.originator) << " or=" << dreq.originator
                               << " trid=" << dreq.target_resource_id
                               << " op=" << operationLetter(dreq.operation)
                               << " decision=" << result.outcome << " rule-line=" << rule
                               << (tokens.empty() ? "" : " token-ids=" + tokens)
                               << (result.by_token_ids ? " found=" + std::to_string(found) : ""));
  waitFor(result.delay);
  Response response;
  response.status_code = Rsc::kOk;
  response.request_id = request.request_id;
  response.release_version_indicator = request.release_version_indicator;
  response.content = dasResponseContent(result.dres);
  return response;
}

Response DasHandler::answerRelationshipRequest(const Request& request) {
  auto parsed = parseRelationshipRequest(request.content);
  if (!parsed.isOk()) {
    LOG_INFO("DAS refused a relationship request from fr=" << printable(request.originator)
                                                           << ": " << parsed.status().dbg());
    return errorResponse(parsed.status(), request);
  }
  model::Json dars = answerRelationship(parsed.value(), Requester{request.originator,
                                                                  settings_.sp_id},
                                        issued_, clock_.now());
  // Token IDs only: AuthorSigns are proofs of possession and never logged.
  LOG_INFO("DAS relationship: fr=" << printable(request.originator)
                                   << (parsed.value().signature_requested ? " signature-request"
                                                                          : " record")
                                   << " tids=" << parsed.value().token_ids.size()
                                   << " answered=" << (dars.empty() ? "none" : "yes"));
  Response response;
  response.status_code = Rsc::kOk;
  response.request_id = request.request_id;
  response.release_version_indicator = request.release_version_indicator;
  response.content = relationshipResponseContent(std::move(dars));
  return response;
}

void DasHandler::waitFor(std::chrono::milliseconds delay) {
  if (delay.count() <= 0) {
    return;
  }
  std::unique_lock<std::mutex> lock(stop_mutex_);
  stop_cv_.wait_for(lock, delay, [this] { return stopping_; });
}

void DasHandler::shutdown() {
  std::lock_guard<std::mutex> lock(stop_mutex_);
  stopping_ = true;
  stop_cv_.notify_all();
}

}  // namespace citadel::tools::das
