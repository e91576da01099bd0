// Response primitive -> HTTP, TS-0009 §6.3 / §6.4.2.
#include <algorithm>

#include "bindings/http/http_message.h"
#include "bindings/http/status_mapping.h"
#include "cse/model/control_characters.h"

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
  // TS-0009 §6.4.18: "lti1:tkid1+lti2:tkid2".
  if (auto ltia = response.assigned_token_identifiers.is_object()
                      ? response.assigned_token_identifiers.find("ltia")
                      : response.assigned_token_identifiers.end();
      ltia != response.assigned_token_identifiers.end() && ltia->is_array()) {
    std::string header;
    for (const auto& assignment : *ltia) {
      if (!assignment.is_object()) continue;
      if (!header.empty()) header += '+';
      header += assignment.value("lti", "") + ":" + assignment.value("tkid", "");
    }
    if (!header.empty()) h.emplace_back("X-M2M-ATI", header);
  }
  // TS-0009 §6.4.25.
  if (response.authorization_signature_request_information) {
    h.emplace_back("X-M2M-ASRI",
                   *response.authorization_signature_request_information ? "true" : "false");
  }
  // TS-0009 §6.5: Token Request Information is the body of the 4103 that carries it.
  const model::Json& content =
      response.content.is_null() ? response.token_request_information : response.content;
  if (!content.is_null()) {
    http.body = codec::serializeBody(content, format);
    h.emplace_back("Content-Type", std::string(codec::mediaTypeFor(format)));
  }
  // Issue 15 #14: a header value never carries a control character (a CR/LF would end the header
  // and let whoever chose the value add headers). Request values with one are refused before they
  // get here; this keeps it true for any value.
  std::erase_if(h, [](const auto& header) { return model::hasControlCharacter(header.second); });
  return http;
}

HttpResponseParts encodeNoResponse() {
  HttpResponseParts http;
  http.status = 204;
  return http;
}

}  // namespace citadel::http
