// Response primitive -> CoAP response, TS-0008 §6.2.2.4 (oneM2M options), §6.2.3 (payload,
// Location-Path), §6.2.4 (code) and §6.4 (Max-Age 0: no CoAP caching, exact oneM2M semantics).
#include <algorithm>

#include "bindings/coap/coap_message.h"
#include "bindings/coap/coap_status_mapping.h"

namespace citadel::coap {
namespace {

// RFC 7252 §5.6.1 lists 2.05 and 2.03 as cacheable; §5.9.2/§5.9.3 make 4.xx and 5.xx
// cacheable too. TS-0008 §6.4: Max-Age 0 keeps every oneM2M RETRIEVE and error exact.
bool isCacheable(uint8_t response_code) {
  return response_code == code(2, 5) || response_code == code(2, 3) || codeClass(response_code) >= 4;
}

// TS-0008 §6.2.2.4.15: "lti1:tkid1+lti2:tkid2" from {"ltia":[{"lti":..,"tkid":..}]}.
std::string assignedTokenIds(const model::Json& ati) {
  std::string out;
  const model::Json* list = &ati;
  if (ati.is_object() && ati.contains("ltia")) list = &ati["ltia"];
  if (!list->is_array()) return out;
  for (const auto& pair : *list) {
    if (!pair.is_object() || !pair.contains("lti") || !pair.contains("tkid") ||
        !pair["lti"].is_string() || !pair["tkid"].is_string()) {
      continue;
    }
    if (!out.empty()) out.push_back('+');
    out += pair["lti"].get<std::string>() + ":" + pair["tkid"].get<std::string>();
  }
  return out;
}

void addString(OptionList& options, uint16_t number, const std::string& value) {
  if (!value.empty()) options.emplace_back(number, value);
}

void addOneM2mOptions(const model::Response& r, OptionList& options) {
  addString(options, option::kOneM2mOt, r.originating_timestamp);
  addString(options, option::kOneM2mRvi, r.release_version_indicator);
  if (r.authorization_signature_request_information) {
    options.emplace_back(option::kOneM2mAsri,
                         *r.authorization_signature_request_information ? "true" : "false");
  }
  addString(options, option::kOneM2mFr, r.from);
  addString(options, option::kOneM2mRqi, r.request_id);
  addString(options, option::kOneM2mRset, r.result_expiration_timestamp);
  if (!r.event_category.empty() &&
      std::all_of(r.event_category.begin(), r.event_category.end(), ::isdigit) &&
      r.event_category.size() <= 5) {
    options.emplace_back(option::kOneM2mEc,
                         encodeUint(static_cast<uint32_t>(std::stoul(r.event_category))));
  }
  options.emplace_back(option::kOneM2mRsc, encodeUint(static_cast<uint16_t>(r.status_code)));
  if (r.content_offset) {
    options.emplace_back(option::kOneM2mCto, encodeUint(static_cast<uint32_t>(*r.content_offset)));
  }
  if (r.content_status) {
    options.emplace_back(option::kOneM2mCts, encodeUint(static_cast<uint32_t>(*r.content_status)));
  }
  addString(options, option::kOneM2mAti, assignedTokenIds(r.assigned_token_identifiers));
  addString(options, option::kOneM2mVsi, r.vendor_information);
}

}  // namespace

std::vector<std::string> uriPathFor(std::string_view to) {
  std::vector<std::string> out;
  if (to.starts_with("//")) {
    out.emplace_back("_");
    to.remove_prefix(2);
  } else if (to.starts_with("/")) {
    out.emplace_back("~");
    to.remove_prefix(1);
  }
  size_t start = 0;
  while (start <= to.size()) {
    size_t slash = to.find('/', start);
    if (slash == std::string_view::npos) slash = to.size();
    if (slash > start) out.emplace_back(to.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

CoapResponseParts encodeResponse(const model::Response& response, const ResponseContext& context) {
  CoapResponseParts coap;
  bool has_location = !response.content_location.empty();
  coap.code = coapCodeFor(response.status_code, context.operation,
                          has_location && response.status_code == model::Rsc::kAcceptedNonBlockingAsynch);
  if (has_location && codeClass(coap.code) == 2) {
    // TS-0008 §6.2.3: the URI of a created resource (or <request>) goes in Location-Path.
    for (auto& segment : uriPathFor(response.content_location)) {
      coap.options.emplace_back(option::kLocationPath, std::move(segment));
    }
  }
  if (isCacheable(coap.code)) {
    coap.options.emplace_back(option::kMaxAge, "");  // 0
  }
  addOneM2mOptions(response, coap.options);
  // TS-0008 Table 6.2.4-1: the 2.04 answering a NOTIFY with 2000 has an empty payload, except
  // the answer to a NOTIFY carrying m2m:securityInfo: a DAS answers a dynamic authorization
  // request with its m2m:seci response (TS-0004 §6.3.5.48), which must reach the CSE.
  bool security_info = response.content.is_object() && response.content.contains("m2m:seci");
  bool empty_payload = response.status_code == model::Rsc::kOk &&
                       context.operation == model::Operation::kNotify && !security_info;
  // TS-0008 §6.2.3: Token Request Information goes in the payload (4103 responses carry no
  // other content, TS-0009 §6.4.x says the same for HTTP).
  const model::Json& content =
      response.content.is_null() ? response.token_request_information : response.content;
  if (!empty_payload && !content.is_null()) {
    auto format = formatForContentFormat(context.content_format).value_or(codec::ContentFormat::kJson);
    coap.payload = codec::serializeBody(content, format);
    coap.content_format = formatForContentFormat(context.content_format)
                              ? context.content_format
                              : contentFormatFor(format);
  }
  return coap;
}

CoapResponseParts encodeError(const model::Status& status, std::string request_id,
                              const ResponseContext& context) {
  CoapResponseParts coap =
      encodeResponse(model::Response::fromStatus(status, std::move(request_id)), context);
  if (status.reason() == kBadOptionReason) {
    coap.code = code(4, 2);  // RFC 7252 §5.4.1
  } else if (status.reason() == kProxyingReason) {
    coap.code = code(5, 5);  // RFC 7252 §5.7.2
  }
  return coap;
}

}  // namespace citadel::coap
