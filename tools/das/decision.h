#pragma once
// Which policy rule decides a dynamic authorization request: a pure function of the request and
// the policy, so that patterns, operations and the first-match order are unit-tested directly.

#include <cstdint>
#include <string>
#include <string_view>

#include "tools/das/das_request.h"
#include "tools/das/policy.h"

namespace citadel::tools::das {

struct Decision {
  Verdict verdict = Verdict::kDeny;
  const PolicyRule* rule = nullptr;  // the first matching rule; nullptr: none matched (deny)
  uint8_t operation_bit = 0;         // the acop bit of dreq.op (C=1 R=2 U=4 D=8 N=16)
};

// Who sent the DAS request: the CSE whose ID forms relative IDs are resolved against.
struct Requester {
  std::string cse_id = "/id-in";              // the request's fr ("/id-in" or "//sp/id-in")
  std::string sp_id = "citadel.example.com";  // --sp-id
};

// The first rule whose ops include dreq.op, whose target pattern matches dreq.trid as sent, and
// whose originator pattern matches dreq.or. Originators are compared as sent, and also both in
// absolute form (the pattern made absolute like an acor entry, security/originator_id.h), so
// "Cae*" covers "Cae1", "/id-in/Cae1" and "//citadel.example.com/id-in/Cae1" sent by /id-in.
// No match: deny. `policy` must outlive the returned rule pointer.
Decision decide(const DasRequest& request, const Requester& requester, const Policy& policy);

// The absolute form ("//sp/cse/stem", TS-0001 §7.2 Table 7.2-1) of dreq.or, sent by the CSE
// `requester` (the request's fr: "/id-in", or "//sp/id-in" whose SP then replaces `sp_id`): an
// absolute ID stays as it is, an SP-relative one ("/id-in/Cae", "/Sae") gets "//<sp>", and a
// CSE-relative one ("Cae") is an entity of the requesting CSE. An S-stem ("Sae") is
// SP-relative, as security/originator_id.h treats it.
std::string absoluteOriginator(std::string_view originator, std::string_view requester,
                               std::string_view sp_id);

}  // namespace citadel::tools::das
