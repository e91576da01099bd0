// The CoAP wire layer and option mapping (bindings/coap/coap_wire.h, coap_message.h): one
// datagram through parseMessage, requestPartsFrom and decodeRequest, the way the server does.
// Invariants:
// - parseMessage: a rejection is a 4000 Status; an accepted message serializes to a datagram
//   that parses to the same message, and whose serialization is byte-identical (our encoding
//   is canonical: options sorted, shortest deltas);
// - decodeRequest: a rejection is a oneM2M error with an encodable error response; an accepted
//   request that passes the pipeline's character check, re-encoded by the client side (encodeRequest, uriPathFor) decodes to the same
//   primitive (compared as its short-name tree), in JSON and in CBOR.

#include "bindings/coap/coap_message.h"
#include "bindings/coap/coap_wire.h"
#include "cse/codec/primitive_codec.h"
#include "cse/codec/primitive_parameters.h"
#include "cse/model/address.h"
#include "tests/fuzz/fuzz_support.h"

using namespace citadel;

namespace {

bool sameMessage(const coap::CoapMessage& a, const coap::CoapMessage& b) {
  return a.type == b.type && a.code == b.code && a.message_id == b.message_id &&
         a.token == b.token && a.payload == b.payload;
}

void checkRequest(const coap::CoapMessage& message) {
  coap::DecodeLimits limits;
  limits.payload = {.max_bytes = 64 << 10, .max_depth = 16};
  coap::ResponseContext context;
  auto decoded = coap::decodeRequest(coap::requestPartsFrom(message), limits, &context);
  if (!decoded.isOk()) {
    fuzz::checkRejection(decoded.status());
    coap::CoapResponseParts error = coap::encodeError(decoded.status(), "rqi", context);
    FUZZ_CHECK(coap::codeClass(error.code) >= 4);
    return;
  }
  const model::Request& request = decoded.value();
  // Stage 1 of every pipeline refuses IDs with control characters or bytes that are not UTF-8;
  // only what passes is a primitive the CSE works with.
  model::Status characters = codec::checkParameterCharacters(request);
  if (!characters.isOk()) {
    fuzz::checkRejection(characters);
    return;
  }
  // An empty target ("PUT /") is decoded as such and refused by target resolution (parseAddress),
  // before which nothing reads it; a primitive without `to` cannot be carried.
  if (request.to.empty()) {
    fuzz::checkRejection(model::parseAddress(request.to).status());
    return;
  }
  model::Json tree = codec::requestToPrimitive(request);
  for (auto format : {codec::ContentFormat::kJson, codec::ContentFormat::kCbor}) {
    coap::CoapRequestParts parts =
        coap::encodeRequest(request, coap::uriPathFor(request.to), format);
    coap::DecodeLimits again;
    again.payload = {.max_bytes = size_t{1} << 30, .max_depth = 16};
    auto redecoded = coap::decodeRequest(parts, again);
    FUZZ_CHECK(redecoded.isOk());
    FUZZ_CHECK(codec::requestToPrimitive(redecoded.value()) == tree);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view datagram = fuzz::asText(data, size);
  auto header = coap::parseHeader(datagram);
  auto parsed = coap::parseMessage(datagram);
  if (!parsed.isOk()) {
    fuzz::checkRejection(parsed.status());
    FUZZ_CHECK(parsed.status().rsc() == model::Rsc::kBadRequest);
    return 0;
  }
  const coap::CoapMessage& message = parsed.value();
  FUZZ_CHECK(header.has_value());
  FUZZ_CHECK(header->code == message.code && header->message_id == message.message_id);
  FUZZ_CHECK(message.token.size() <= 8);

  std::string encoded = coap::serializeMessage(message);
  auto reparsed = coap::parseMessage(encoded);
  FUZZ_CHECK(reparsed.isOk());
  FUZZ_CHECK(sameMessage(reparsed.value(), message));
  FUZZ_CHECK(coap::serializeMessage(reparsed.value()) == encoded);

  if (coap::codeClass(message.code) == 0 && message.code != 0) {
    checkRequest(message);
  }
  return 0;
}
