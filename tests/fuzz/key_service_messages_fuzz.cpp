// The messages of the MEF and the MAF (security/mef_client/): every MAF procedure's request and
// answer (maf_messages.h), the MEF's Enrolment Exchange and Key Retrieval bodies
// (bootstrap_messages.h) and the /serverkeygen multipart answer (est_messages.h). The first
// byte picks the parser; for the multipart, the input up to the first newline is the
// Content-Type. Invariants: a rejection is a 4000 naming the parser's reason token; an accepted
// MAF message formats to a body that parses again to the same message (nothing is lost or
// invented on the way).

#include <array>

#include "security/mef_client/bootstrap_messages.h"
#include "security/mef_client/est_messages.h"
#include "security/mef_client/maf_messages.h"
#include "tests/fuzz/fuzz_support.h"

using namespace citadel;
using namespace citadel::security::mef;

namespace {

struct Shape {
  const MafShape* shape;
  bool answer;
};

const std::array<Shape, 17> kShapes = {{
    {&maf_shapes::kClientRegistration, false},
    {&maf_shapes::kClientRegistrationAnswer, true},
    {&maf_shapes::kClientConfigurationRetrieval, false},
    {&maf_shapes::kClientConfigurationAnswer, true},
    {&maf_shapes::kClientRegistrationUpdate, false},
    {&maf_shapes::kClientRegistrationUpdateAnswer, true},
    {&maf_shapes::kClientDeregistration, false},
    {&maf_shapes::kKeyRegistration, false},
    {&maf_shapes::kKeyRegistrationAnswer, true},
    {&maf_shapes::kKeyRetrieval, false},
    {&maf_shapes::kKeyRetrievalAnswer, true},
    {&maf_shapes::kKeyRegistrationUpdate, false},
    {&maf_shapes::kKeyRegistrationUpdateAnswer, true},
    {&maf_shapes::kKeyDeregistration, false},
    {&maf_shapes::kEmptyAnswer, true},
    {&maf_shapes::kEmptyAnswer, false},
    {&maf_shapes::kKeyRegistration, true},
}};

bool sameMessage(const MafMessage& a, const MafMessage& b) {
  return a.maf_fqdn == b.maf_fqdn && a.admin_fqdn == b.admin_fqdn &&
         a.client_reg_id == b.client_reg_id && a.client_id == b.client_id &&
         a.assigned_km_id == b.assigned_km_id && a.relative_key_id == b.relative_key_id &&
         a.source_client_id == b.source_client_id && a.expiration_time == b.expiration_time &&
         a.labels == b.labels && a.target_ids == b.target_ids && a.suid == b.suid &&
         a.key_value == b.key_value && a.client_config == b.client_config;
}

void fuzzMaf(const Shape& shape, std::string_view body) {
  auto parsed = parseMafMessage(body, *shape.shape, shape.answer);
  if (!parsed.isOk()) {
    fuzz::checkRejection(parsed.status());
    FUZZ_CHECK(parsed.status().reason() == "maf.bad_message");
    return;
  }
  std::string again = formatMafMessage(parsed.value(), shape.answer);
  auto reparsed = parseMafMessage(again, *shape.shape, shape.answer);
  FUZZ_CHECK(reparsed.isOk());
  FUZZ_CHECK(sameMessage(parsed.value(), reparsed.value()));
}

template <typename Parse>
void fuzzMef(Parse parse, std::string_view body) {
  auto parsed = parse(body);
  if (!parsed.isOk()) fuzz::checkRejection(parsed.status());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t selector = data[0];
  std::string_view body = fuzz::asText(data + 1, size - 1);
  const size_t parsers = kShapes.size() + 5;
  const size_t which = selector % parsers;
  if (which < kShapes.size()) {
    fuzzMaf(kShapes[which], body);
  } else if (which == kShapes.size()) {
    fuzzMef(parseBootstrapRequest, body);
  } else if (which == kShapes.size() + 1) {
    fuzzMef(parseBootstrapAnswer, body);
  } else if (which == kShapes.size() + 2) {
    fuzzMef(parseFetchAnswer, body);
  } else if (which == kShapes.size() + 3) {
    fuzzMef(parseEnrolmentList, body);
  } else {
    size_t newline = body.find('\n');
    std::string_view type = body.substr(0, newline);
    std::string_view rest = newline == std::string_view::npos ? "" : body.substr(newline + 1);
    auto parts = serverKeyGenParts(type, rest);
    if (!parts.isOk()) {
      fuzz::checkRejection(parts.status());
      FUZZ_CHECK(parts.status().reason() == "est.bad_multipart");
    }
  }
  return 0;
}
