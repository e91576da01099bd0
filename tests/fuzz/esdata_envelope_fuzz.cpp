// ESData envelopes (security/esdata/esdata_envelope.h, issue 16): the compact JWE/JWS a reader
// AE opens after taking it from a CSE, where anyone with write access may have put anything.
// Invariants: a rejection is a 4000 or 4103 with a reason; whatever opens was made with one of
// the reader's keys (so a mutated envelope opens only if it still verifies: its payload is then
// non-empty or the input was a valid empty one); and the input itself, sealed under each
// supported protection, opens back to the same bytes.

#include <string>

#include "security/esdata/esdata_envelope.h"
#include "tests/fuzz/fuzz_support.h"

using namespace citadel;
using security::esdata::OpenOptions;
using security::esdata::SymmetricKey;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = fuzz::asText(data, size);
  static const SymmetricKey kKey32{"k32", std::string(32, '\x11')};
  static const SymmetricKey kKey16{"k16", std::string(16, '\x22')};
  static const SymmetricKey kHmac{"h1", std::string(32, '\x33')};
  OpenOptions reader{{kKey32, kKey16, kHmac}, "", false};
  auto opened = security::esdata::openValue(text, reader);
  if (!opened.isOk()) {
    fuzz::checkRejection(opened.status());
    FUZZ_CHECK(opened.status().rsc() == model::Rsc::kBadRequest ||
               opened.status().rsc() == model::Rsc::kOriginatorHasNoPrivilege ||
               opened.status().rsc() == model::Rsc::kInternalServerError);
  } else {
    FUZZ_CHECK(!opened.value().encrypted_with.empty() || !opened.value().signed_by.empty());
  }
  // Round trips with the input as the value.
  for (const char* alg : {"A256KW", "dir"}) {
    auto sealed = security::esdata::encryptValue(text, {kKey32, alg, "A256GCM"});
    FUZZ_CHECK(sealed.isOk());
    auto back = security::esdata::openValue(sealed.value(), reader);
    if (sealed.value().size() > security::esdata::kMaxEnvelopeBytes) continue;
    FUZZ_CHECK(back.isOk() && back.value().payload == text);
  }
  auto nested = security::esdata::signThenEncrypt(text, {kHmac, "", ""}, {kKey16, "A128KW"});
  FUZZ_CHECK(nested.isOk());
  if (nested.value().size() <= security::esdata::kMaxEnvelopeBytes) {
    OpenOptions strict = reader;
    strict.require_signature = true;
    auto back = security::esdata::openValue(nested.value(), strict);
    FUZZ_CHECK(back.isOk() && back.value().payload == text && back.value().signed_by == "kid:h1");
  }
  return 0;
}
