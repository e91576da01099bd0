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

namespace citadel::security::mef {

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
  // The Enrolee-ID the MEF will give the Enrolment Target with the key (the originator the key
  // is bound to); "" when the MEF has none configured for this Enrolee ("enroleeId" absent).
  std::string enrolee_id;
};

// The answer to GET /fetchCredentials/<KeID>/<suid> (TS-0003 §8.3.2.1 step f, Table
// 8.3.2.1-5): the usage-constrained key for the Enrolment Target. `key` is a secret.
struct FetchAnswer {
  std::string key_id;
  int suid = 0;
  std::string key;          // Credential: 32 bytes (hex on the wire)
  std::string enrolee_id;   // EnroleeID: the originator the key is bound to
  int64_t lifetime = 0;     // Lifetime: seconds from the answer until the key expires (> 0)
  int64_t expires = 0;      // the same as seconds since the epoch, by the MEF's clock
};

// Errors of every parse: 4000 "mef.bad_message" naming the member (never its value) for a body
// that is not a JSON object, lacks a member, has one of the wrong type, or has a member this
// version does not know.
model::Result<BootstrapRequest> parseBootstrapRequest(std::string_view body);
std::string formatBootstrapRequest(const BootstrapRequest& request);

model::Result<BootstrapAnswer> parseBootstrapAnswer(std::string_view body);
std::string formatBootstrapAnswer(const BootstrapAnswer& answer);

// Besides the common errors: "mef.bad_message" for a key that is not 32 bytes of hex, a
// lifetime that is not positive, or an enroleeId that is empty or not printable ASCII.
model::Result<FetchAnswer> parseFetchAnswer(std::string_view body);
std::string formatFetchAnswer(const FetchAnswer& answer);

// GET /enrolments: the Enrolee's own enrolments, oldest first.
model::Result<std::vector<Enrolment>> parseEnrolmentList(std::string_view body);
std::string formatEnrolmentList(const std::vector<Enrolment>& enrolments);

// Table 8.3.2.1-6: {"status": false, "error": "<reason>"}.
std::string formatFailure(std::string_view error);
// The "error" member of a failure body, or "" when there is none.
std::string failureText(std::string_view body);

}  // namespace citadel::security::mef
