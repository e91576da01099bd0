// CoAP response -> response primitive (the originator side of TS-0008 §6.2.2.4 / §6.2.4).
#include "bindings/coap/coap_message.h"

namespace citadel::coap {
namespace {

using model::Rsc;

// When a peer sends no oneM2M-RSC, the class of its code is the best we know.
Rsc rscFromCode(uint8_t response_code) {
  if (codeClass(response_code) == 2) return Rsc::kOk;
  if (response_code == code(4, 0)) return Rsc::kBadRequest;
  if (response_code == code(4, 3)) return Rsc::kOriginatorHasNoPrivilege;
  if (response_code == code(4, 4)) return Rsc::kNotFound;
  if (response_code == code(4, 5)) return Rsc::kOperationNotAllowed;
  if (response_code == code(4, 15)) return Rsc::kUnsupportedMediaType;
  if (response_code == code(5, 4)) return Rsc::kRequestTimeout;
  return Rsc::kInternalServerError;
}

// "lti1:tkid1+lti2:tkid2" -> {"ltia":[{"lti":"lti1","tkid":"tkid1"},...]}.
model::Json assignedTokenIds(const std::string& raw) {
  model::Json list = model::Json::array();
  size_t start = 0;
  while (start < raw.size()) {
    size_t plus = raw.find('+', start);
    if (plus == std::string::npos) plus = raw.size();
    std::string pair = raw.substr(start, plus - start);
    size_t colon = pair.find(':');
    if (colon != std::string::npos) {
      list.push_back({{"lti", pair.substr(0, colon)}, {"tkid", pair.substr(colon + 1)}});
    }
    start = plus + 1;
  }
  return {{"ltia", list}};
}

// Location-Path segments back to an ID, the inverse of uriPathFor().
std::string targetFromLocation(const std::vector<std::string>& segments) {
  std::string out;
  size_t first = 0;
  if (!segments.empty() && (segments[0] == "~" || segments[0] == "_")) {
    out.append(segments[0] == "~" ? 1 : 2, '/');
    first = 1;
  }
  for (size_t i = first; i < segments.size(); ++i) {
    if (i > first) out.append(1, '/');
    out.append(segments[i]);
  }
  return out;
}

}  // namespace

model::Response decodeResponse(const CoapResponseParts& coap, const codec::ParseLimits& limits) {
  model::Response r;
  r.status_code = rscFromCode(coap.code);
  std::vector<std::string> location;
  for (const auto& [number, raw] : coap.options) {
    switch (number) {
      case option::kOneM2mRsc:
        if (auto v = decodeUint(raw, 2)) r.status_code = static_cast<Rsc>(*v);
        break;
      case option::kOneM2mRqi: r.request_id = raw; break;
      case option::kOneM2mRvi: r.release_version_indicator = raw; break;
      case option::kOneM2mVsi: r.vendor_information = raw; break;
      case option::kOneM2mOt: r.originating_timestamp = raw; break;
      case option::kOneM2mRset: r.result_expiration_timestamp = raw; break;
      case option::kOneM2mFr: r.from = raw; break;
      case option::kOneM2mEc:
        if (auto v = decodeUint(raw, 2)) r.event_category = std::to_string(*v);
        break;
      case option::kOneM2mCts:
        if (auto v = decodeUint(raw, 2)) r.content_status = static_cast<int>(*v);
        break;
      case option::kOneM2mCto:
        if (auto v = decodeUint(raw, 4)) r.content_offset = static_cast<int>(*v);
        break;
      case option::kOneM2mAti: r.assigned_token_identifiers = assignedTokenIds(raw); break;
      case option::kOneM2mAsri:
        r.authorization_signature_request_information = raw == "true" || raw == "1";
        break;
      case option::kLocationPath: location.push_back(raw); break;
      default: break;
    }
  }
  r.content_location = targetFromLocation(location);
  if (!coap.payload.empty()) {
    auto format = coap.content_format ? formatForContentFormat(*coap.content_format)
                                      : std::optional<codec::ContentFormat>(codec::ContentFormat::kJson);
    auto parsed = format ? codec::parseBody(coap.payload, *format, limits)
                         : model::Result<model::Json>(model::Status::badRequest("format"));
    if (parsed.isOk()) {
      r.content = std::move(parsed).value();
    } else {
      r.reason = "coap.bad_response_payload";
    }
  }
  return r;
}

}  // namespace citadel::coap
