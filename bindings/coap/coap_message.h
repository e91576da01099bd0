#pragma once
// The CoAP binding's mapping between CoAP messages and primitives (TS-0008 §6.2), kept free of
// sockets so that it can be unit-tested with hostile input directly. The wire format itself
// (RFC 7252 §3 bytes) is coap_wire.h; block-wise transfer and duplicates are the server's.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bindings/coap/coap_options.h"
#include "cse/codec/content_format.h"
#include "cse/model/request.h"
#include "cse/model/response.h"

namespace citadel::coap {

using OptionList = std::vector<std::pair<uint16_t, std::string>>;

// A complete request (Block1 already reassembled), split the way TS-0008 maps it.
struct CoapRequestParts {
  uint8_t method = method::kGet;       // request code 0.0x: 1 GET, 2 POST, 3 PUT, 4 DELETE
  bool confirmable = true;             // CON (else NON)
  std::vector<std::string> uri_path;   // Uri-Path options in order, as sent (not percent-encoded)
  std::vector<std::string> uri_query;  // Uri-Query options in order ("rcn=1")
  OptionList options;                  // every other option, raw bytes, in message order
  std::optional<uint16_t> content_format;
  std::optional<uint16_t> accept;
  std::string payload;
};

// A complete response (before Block2 slicing).
struct CoapResponseParts {
  uint8_t code = coap::code(2, 5);
  OptionList options;  // oneM2M options, Location-Path, Max-Age; ascending by number
  std::optional<uint16_t> content_format;
  std::string payload;
};

struct DecodeLimits {
  codec::ParseLimits payload;
  size_t max_options = 64;           // options other than Uri-Path / Uri-Query
  size_t max_query_parameters = 64;  // Uri-Query options
  size_t max_path_segments = 64;     // Uri-Path options
};

// What the encoder needs to know about the request it answers. decodeRequest fills it as far
// as it got, so that even a decode error is answered in the requested Content-Format.
struct ResponseContext {
  model::Operation operation = model::Operation::kRetrieve;  // 2000 is 2.05 only for RETRIEVE
  uint16_t content_format = content_format::kJson;           // of the response payload
};

// The Status::reason of a decode error that RFC 7252 answers with a code the rsc table does not
// give: an unrecognized or repeated critical option (4.02 Bad Option, RFC 7252 §5.4.1/§5.4.5)
// and Proxy-Uri/Proxy-Scheme (5.05 Proxying Not Supported, RFC 7252 §5.7.2).
inline constexpr std::string_view kBadOptionReason = "coap.bad_option";
inline constexpr std::string_view kProxyingReason = "coap.proxying_not_supported";

// Builds the request primitive (TS-0008 §6.2.1-§6.2.3). Errors, each with a dbg naming the
// offending option or parameter:
// - 4000 for a malformed oneM2M option value, Uri-Path or Uri-Query, or an unparseable payload;
// - 4000 with reason kBadOptionReason for an unrecognized or repeated critical option;
// - 4005 for a method other than GET, POST, PUT and DELETE;
// - 4015 for a payload in a Content-Format other than JSON or CBOR, or without Content-Format;
// - 5207 (4.06) for an Accept this CSE cannot produce.
model::Result<model::Request> decodeRequest(const CoapRequestParts& coap,
                                            const DecodeLimits& limits,
                                            ResponseContext* context = nullptr);

// Response code (TS-0008 Table 6.2.4-1), oneM2M options, Location-Path for a created resource,
// Max-Age 0 on cacheable codes (TS-0008 §6.4) and the payload in context.content_format.
CoapResponseParts encodeResponse(const model::Response& response, const ResponseContext& context);

// The response to a request that could not be decoded: rsc and m2m:dbg from `status`; the code
// from the table, or 4.02 / 5.05 for kBadOptionReason / kProxyingReason.
CoapResponseParts encodeError(const model::Status& status, std::string request_id,
                              const ResponseContext& context);

// Client side (CoapPrimitiveSender, test clients).

// Uri-Path options for a `to` (TS-0008 Table 6.2.2.3-1): "cse-in/ae" -> {cse-in, ae};
// "/id-in/x" -> {~, id-in, x}; "//sp/id-in/x" -> {_, sp, id-in, x}.
std::vector<std::string> uriPathFor(std::string_view to);

// The CoAP request for `request`, addressed to `uri_path`. Blocking requests use the method of
// TS-0008 Table 6.2.1-1; other response types use POST with `op` in Uri-Query (§6.2.1). The
// payload is request.content in `format`.
CoapRequestParts encodeRequest(const model::Request& request, std::vector<std::string> uri_path,
                               codec::ContentFormat format = codec::ContentFormat::kJson);

// The response primitive in a CoAP response: rsc from oneM2M-RSC, else from the code (2.xx ->
// 2000, 4.04 -> 4004, 4.00 -> 4000, 4.03 -> 4103, 5.04 -> 4008, else 5000); the other oneM2M
// options; the payload parsed per Content-Format (left null, with reason
// "coap.bad_response_payload", when it cannot be parsed).
model::Response decodeResponse(const CoapResponseParts& coap, const codec::ParseLimits& limits);

}  // namespace citadel::coap
