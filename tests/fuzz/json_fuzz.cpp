// JSON bodies (cse/codec/json_codec.h) with the size and depth limits.
// Invariants: a rejection is a 4000 Status; an accepted document serializes byte for byte as
// the library's own dump does, and re-serializes to JSON that
// parses to the same document (JSON -> JSON), and to CBOR that parses to the same document
// (JSON -> CBOR -> JSON), under the same depth limit.

#include "cse/codec/cbor_codec.h"
#include "cse/codec/json_codec.h"
#include "tests/fuzz/fuzz_support.h"

using namespace citadel;

namespace {

// Within the limits, the library's parser is the reference: same verdict, same tree and types.
void checkAgainstLibrary(std::string_view text, const model::Result<model::Json>& parsed) {
  if (!parsed.isOk() && (parsed.status().dbg().find("nested deeper") != std::string::npos ||
                         parsed.status().dbg().find("exceeds the limit") != std::string::npos)) {
    return;  // the depth and size limits are ours; the library has none
  }
  if (text.find('\0') != std::string_view::npos) {
    // The library stops reading at a NUL after the value; the reader refuses every raw NUL.
    FUZZ_CHECK(!parsed.isOk());
    return;
  }
  model::Json expected;
  bool accepted = true;
  try {
    expected = model::Json::parse(text.begin(), text.end());
  } catch (const model::Json::exception&) {
    accepted = false;
  }
  FUZZ_CHECK(parsed.isOk() == accepted);
  if (accepted) {
    FUZZ_CHECK(parsed.value() == expected);
    FUZZ_CHECK(parsed.value().dump() == expected.dump());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  codec::ParseLimits limits{.max_bytes = 64 << 10, .max_depth = 16};
  std::string_view text = fuzz::asText(data, size);
  auto parsed = codec::parseJson(text, limits);
  checkAgainstLibrary(text, parsed);
  if (!parsed.isOk()) {
    fuzz::checkRejection(parsed.status());
    FUZZ_CHECK(parsed.status().rsc() == model::Rsc::kBadRequest);
    return 0;
  }
  const model::Json& value = parsed.value();
  // The re-serialized forms may be longer than the input (escapes, CBOR headers): lift the size
  // bound, keep the depth bound.
  codec::ParseLimits again{.max_bytes = size_t{1} << 30, .max_depth = limits.max_depth};

  // The hand-written serializer writes what the library's compact dump writes.
  std::string serialized = codec::serializeJson(value);
  FUZZ_CHECK(serialized == value.dump(-1, ' ', false, model::Json::error_handler_t::replace));
  auto json_again = codec::parseJson(serialized, again);
  FUZZ_CHECK(json_again.isOk());
  FUZZ_CHECK(json_again.value() == value);

  auto cbor_again = codec::parseCbor(codec::serializeCbor(value), again);
  FUZZ_CHECK(cbor_again.isOk());
  FUZZ_CHECK(cbor_again.value() == value);
  return 0;
}
