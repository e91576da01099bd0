#include "cse/engine/request_record.h"

#include "resources/type_handler.h"

namespace citadel::engine {

using model::Json;

namespace {

// metaInformation: the optional parameters of the request (TS-0004 Table 7.3.2.2-2, TS-0001
// §8.1.2). Security parameters (tkns, tids, rids) stay out: the record outlives the request
// and must not become a place to read tokens from.
Json metaInformation(const model::Request& request) {
  Json mi = Json::object();
  auto put = [&](const char* name, const std::string& value) {
    if (!value.empty()) mi[name] = value;
  };
  if (request.resource_type) mi["ty"] = *request.resource_type;
  put("ot", request.originating_timestamp);
  put("rqet", request.request_expiration_timestamp);
  put("rset", request.result_expiration_timestamp);
  put("oet", request.operation_execution_time);
  put("rp", request.result_persistence);
  put("ec", request.event_category);
  put("rvi", request.release_version_indicator);
  put("vsi", request.vendor_information);
  Json rt = {{"rtv", static_cast<int>(request.response_type.value)}};
  if (!request.response_type.notification_uris.empty()) {
    rt["nu"] = request.response_type.notification_uris;
  }
  mi["rt"] = std::move(rt);
  if (request.result_content) mi["rcn"] = static_cast<int>(*request.result_content);
  if (request.desired_identifier_result_type) {
    mi["drt"] = static_cast<int>(*request.desired_identifier_result_type);
  }
  if (!request.filter_criteria.is_null()) mi["fc"] = request.filter_criteria;
  return mi;
}

}  // namespace

resources::Resource newRequestRecord(const model::Request& request, const std::string& originator,
                                     const std::string& cse_base_ri,
                                     const std::string& cse_base_path,
                                     const std::string& expiration, model::TimePoint now) {
  std::string ri = resources::randomResourceId("req");
  std::string timestamp = model::formatPreciseTimestamp(now);
  bool synch = request.response_type.value == model::ResponseTypeValue::kNonBlockingRequestSynch;
  resources::Resource record;
  Json& a = record.attributes;
  a["ty"] = static_cast<int>(model::ResourceType::kRequest);
  a["ri"] = ri;
  a["rn"] = ri;
  a["pi"] = cse_base_ri;
  a["ct"] = timestamp;
  a["lt"] = timestamp;
  a["et"] = expiration;
  a["lbl"] = Json::array({originator});  // TS-0004 Table 7.3.2.2-1: labels = Originator ID
  a["op"] = static_cast<int>(request.operation);
  a["tg"] = request.to;
  a["org"] = originator;
  a["rid"] = request.request_id;
  a["mi"] = metaInformation(request);
  if (!request.content.is_null()) a["pc"] = request.content;
  a["rs"] = static_cast<int>(resources::RequestStatus::kPending);
  a["ors"] = {{"rsc", static_cast<int>(synch ? model::Rsc::kAcceptedNonBlockingSynch
                                             : model::Rsc::kAcceptedNonBlockingAsynch)},
              {"rqi", request.request_id}};
  a[std::string(resources::kCreatorField)] = originator;
  a[std::string(resources::kPathField)] = cse_base_path + "/" + ri;
  return record;
}

Json operationResult(const model::Response& response, const std::string& request_id,
                     model::TimePoint now) {
  Json result = {{"rsc", static_cast<int>(response.status_code)}, {"rqi", request_id}};
  if (!response.content.is_null()) result["pc"] = response.content;
  result["ot"] = model::formatTimestamp(now);
  return result;
}

void recordOutcome(resources::Resource& record, resources::RequestStatus status,
                   Json operation_result, model::TimePoint now) {
  record.attributes["rs"] = static_cast<int>(status);
  record.attributes["ors"] = std::move(operation_result);
  record.attributes["lt"] = model::formatPreciseTimestamp(now);
}

}  // namespace citadel::engine
