// Request primitive -> CoAP request (the originator side of TS-0008 §6.2), for the
// CoapPrimitiveSender and the test clients.
#include <algorithm>

#include "bindings/coap/coap_message.h"
#include "bindings/coap/coap_query.h"

namespace citadel::coap {
namespace {

std::string join(const std::vector<std::string>& values, char separator) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out.push_back(separator);
    out += v;
  }
  return out;
}

void addString(OptionList& options, uint16_t number, const std::string& value) {
  if (!value.empty()) options.emplace_back(number, value);
}

uint8_t methodFor(model::Operation operation) {
  switch (operation) {
    case model::Operation::kRetrieve: return method::kGet;
    case model::Operation::kUpdate: return method::kPut;
    case model::Operation::kDelete: return method::kDelete;
    case model::Operation::kCreate:
    case model::Operation::kNotify: return method::kPost;
  }
  return method::kPost;
}

}  // namespace

CoapRequestParts encodeRequest(const model::Request& r, std::vector<std::string> uri_path,
                               codec::ContentFormat format) {
  CoapRequestParts coap;
  // TS-0008 §6.2.1: non-blocking and flex-blocking requests are POSTs naming `op` in the query.
  bool blocking = r.response_type.value == model::ResponseTypeValue::kBlockingRequest ||
                  r.response_type.value == model::ResponseTypeValue::kNoResponse;
  coap.method = blocking ? methodFor(r.operation) : method::kPost;
  coap.uri_path = std::move(uri_path);
  coap.uri_query = uriQueryFor(r, !blocking);
  auto& o = coap.options;  // ascending by number, as they go on the wire
  addString(o, option::kOneM2mOt, r.originating_timestamp);
  addString(o, option::kOneM2mRturi, join(r.response_type.notification_uris, '&'));
  if (r.operation == model::Operation::kCreate && r.resource_type) {
    o.emplace_back(option::kOneM2mTy, encodeUint(*r.resource_type));
  }
  addString(o, option::kOneM2mRvi, r.release_version_indicator);
  addString(o, option::kOneM2mFr, r.originator);
  addString(o, option::kOneM2mRqi, r.request_id);
  addString(o, option::kOneM2mRqet, r.request_expiration_timestamp);
  addString(o, option::kOneM2mRset, r.result_expiration_timestamp);
  addString(o, option::kOneM2mOet, r.operation_execution_time);
  const std::string& ec = r.event_category;
  if (!ec.empty() && ec.size() <= 5 && std::all_of(ec.begin(), ec.end(), ::isdigit)) {
    o.emplace_back(option::kOneM2mEc, encodeUint(static_cast<uint32_t>(std::stoul(ec))));
  }
  addString(o, option::kOneM2mGid, r.group_request_identifier);
  addString(o, option::kOneM2mVsi, r.vendor_information);
  addString(o, option::kOneM2mGtm, join(r.group_request_target_members, '+'));
  addString(o, option::kOneM2mAus, join(r.authorization_signatures, '+'));
  if (!r.content.is_null()) {
    coap.payload = codec::serializeBody(r.content, format);
    coap.content_format = contentFormatFor(format);
  }
  return coap;
}

}  // namespace citadel::coap
