// CBOR bodies (cse/codec/cbor_codec.h) with the size and depth limits.
// Invariants: a rejection is a 4000 Status; an accepted item re-serializes to CBOR that parses
// again, and whose serialization is byte-identical (our encoding is canonical, so one round trip
// reaches a fixed point; bytes, not documents, are compared because NaN != NaN).

#include "cse/codec/cbor_codec.h"
#include "tests/fuzz/fuzz_support.h"

using namespace citadel;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  codec::ParseLimits limits{.max_bytes = 64 << 10, .max_depth = 16};
  auto parsed = codec::parseCbor(fuzz::asText(data, size), limits);
  if (!parsed.isOk()) {
    fuzz::checkRejection(parsed.status());
    FUZZ_CHECK(parsed.status().rsc() == model::Rsc::kBadRequest);
    return 0;
  }
  codec::ParseLimits again{.max_bytes = size_t{1} << 30, .max_depth = limits.max_depth};
  std::string encoded = codec::serializeCbor(parsed.value());
  auto reparsed = codec::parseCbor(encoded, again);
  FUZZ_CHECK(reparsed.isOk());
  FUZZ_CHECK(codec::serializeCbor(reparsed.value()) == encoded);
  return 0;
}
