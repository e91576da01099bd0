// Response primitive -> HTTP, TS-0009 §6.3 / §6.4.2.
#include "bindings/http/http_message.h"
#include "bindings/http/status_mapping.h"

namespace citadel::http {

HttpResponseParts encodeResponse(const model::Response& response, codec::ContentFormat format) {
  HttpResponseParts http;
  http.status = httpStatusFor(response.status_code);
  auto& h = http.headers;
  h.emplace_back("X-M2M-RSC", std::to_string(static_cast<int>(response.status_code)));
  if (!response.request_id.empty()) h.emplace_back("X-M2M-RI", response.request_id);
  if (!response.release_version_indicator.empty()) {
    h.emplace_back("X-M2M-RVI", response.release_version_indicator);
  }
  if (!response.vendor_information.empty()) h.emplace_back("X-M2M-VSI", response.vendor_information);
  if (!response.originating_timestamp.empty()) h.emplace_back("X-M2M-OT", response.originating_timestamp);
  if (!response.event_category.empty()) h.emplace_back("X-M2M-EC", response.event_category);
  if (response.content_status) h.emplace_back("X-M2M-CTS", std::to_string(*response.content_status));
  if (response.content_offset) h.emplace_back("X-M2M-CTO", std::to_string(*response.content_offset));
  if (!response.content_location.empty()) {
    // The created resource's structured CSE-relative ID as a path of this server.
    h.emplace_back("Content-Location", "/" + response.content_location);
  }
  if (!response.content.is_null()) {
    http.body = codec::serializeBody(response.content, format);
    h.emplace_back("Content-Type", std::string(codec::mediaTypeFor(format)));
  }
  return http;
}

}  // namespace citadel::http
