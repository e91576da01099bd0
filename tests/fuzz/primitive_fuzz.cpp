// Whole request and response primitives (cse/codec/primitive_codec.h): the MQTT payloads and,
// later, ESPrim inner primitives. The first byte picks JSON or CBOR and request or response.
// Invariants: a rejection is a 4000 Status; an accepted request, re-encoded in JSON and in CBOR,
// decodes to the same primitive (compared as the short-name tree requestToPrimitive gives); an
// accepted response re-serialized in its format decodes to the same response tree.

#include "cse/codec/primitive_codec.h"
#include "tests/fuzz/fuzz_support.h"

using namespace citadel;

namespace {

const codec::ParseLimits kLimits{.max_bytes = 64 << 10, .max_depth = 16};
const codec::ParseLimits kAgain{.max_bytes = size_t{1} << 30, .max_depth = 16};

void checkRequest(std::string_view payload, codec::ContentFormat format) {
  std::string request_id;
  auto parsed = codec::parseRequestPrimitive(payload, format, kLimits, &request_id);
  if (!parsed.isOk()) {
    fuzz::checkRejection(parsed.status());
    return;
  }
  FUZZ_CHECK(request_id == parsed.value().request_id);
  model::Json tree = codec::requestToPrimitive(parsed.value());
  for (auto other : {codec::ContentFormat::kJson, codec::ContentFormat::kCbor}) {
    auto again = codec::parseRequestPrimitive(codec::serializeBody(tree, other), other, kAgain);
    FUZZ_CHECK(again.isOk());
    FUZZ_CHECK(codec::requestToPrimitive(again.value()) == tree);
  }
}

void checkResponse(std::string_view payload, codec::ContentFormat format) {
  auto parsed = codec::parseResponsePrimitive(payload, format, kLimits);
  if (!parsed.isOk()) {
    fuzz::checkRejection(parsed.status());
    return;
  }
  model::Json tree = codec::responseToPrimitive(parsed.value());
  for (auto other : {codec::ContentFormat::kJson, codec::ContentFormat::kCbor}) {
    auto again = codec::parseResponsePrimitive(
        codec::serializeResponsePrimitive(parsed.value(), other), other, kAgain);
    FUZZ_CHECK(again.isOk());
    FUZZ_CHECK(codec::responseToPrimitive(again.value()) == tree);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) {
    return 0;
  }
  auto format = (data[0] & 1) != 0 ? codec::ContentFormat::kCbor : codec::ContentFormat::kJson;
  std::string_view payload = fuzz::asText(data + 1, size - 1);
  if ((data[0] & 2) != 0) {
    checkResponse(payload, format);
  } else {
    checkRequest(payload, format);
  }
  return 0;
}
