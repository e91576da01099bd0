#pragma once
// The JSON bodies of the MEF's Enrolment Exchange (TS-0003 §8.3.2.1 says the parameters "could
// be serialized using, for example, XML or JSON" and leaves the rest to TS-0032's Mmef, which we
// do not have; README.md in this folder documents the format). Both ends use these functions.
// Keys never appear in a message: only key IDs and key-confirmation values.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/status.h"

namespace citadel::tools::mef {

// POST /bootstrap: the Enrolee asks for a usage-constrained key for one Enrolment Target.
struct BootstrapRequest {
  std::string target;  // Enrolment-Target-ID, FQDN form (security/enrolment/README.md)
  int suid = 0;        // m2m:suid, the usage the key is constrained to
};

// One issued Enrolment Key as the Enrolee may see it (no key).
struct Enrolment {
  std::string key_id;            // KeID
  std::string target;            // Enrolment-Target-ID
  int suid = 0;
  int64_t issued = 0;            // seconds since the epoch
  int64_t expires = 0;           // seconds since the epoch (Enrolment Expiry)
  std::string ke_confirmation;   // hex keyConfirmation(Ke, KeID)
};

// The answer to POST /bootstrap: the enrolment plus the confirmation of the derived key.
struct BootstrapAnswer {
  Enrolment enrolment;
  std::string key_confirmation;  // hex keyConfirmation(usage-constrained key, KeID)
};

// Errors of every parse: 4000 "mef.bad_message" naming the member (never its value) for a body
// that is not a JSON object, lacks a member, has one of the wrong type, or has a member this
// version does not know.
model::Result<BootstrapRequest> parseBootstrapRequest(std::string_view body);
std::string formatBootstrapRequest(const BootstrapRequest& request);

model::Result<BootstrapAnswer> parseBootstrapAnswer(std::string_view body);
std::string formatBootstrapAnswer(const BootstrapAnswer& answer);

// GET /enrolments: the Enrolee's own enrolments, oldest first.
model::Result<std::vector<Enrolment>> parseEnrolmentList(std::string_view body);
std::string formatEnrolmentList(const std::vector<Enrolment>& enrolments);

// Table 8.3.2.1-6: {"status": false, "error": "<reason>"}.
std::string formatFailure(std::string_view error);
// The "error" member of a failure body, or "" when there is none.
std::string failureText(std::string_view body);

}  // namespace citadel::tools::mef
