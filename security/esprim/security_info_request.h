#pragma once
// A NOTIFY to the <CSEBase> whose content is m2m:seci (TS-0004 §6.3.5.48, §7.5.1.2.11): the
// requests this CSE answers as a Receiver. So far: `sit` 3, receiverESPrimRandObject Request,
// answered 2000 with {"m2m:seci": {"sit": 4, "ero": <unique receiverESPrimRandObject>}}.
//
// Refused with 4000 and nothing remembered: `sit` missing, not an integer or not 1..8; `sit`
// 2, 4 or 8 (those are responses); members the `sit` does not carry (TS-0004 Table 6.3.5.48-1
// note: a sit 3 request has no other element); members of the wrong type. `sit` 1, 5, 6 and 7
// are valid requests this CSE does not serve here: 5001. (A sit 5 NOTIFY to the <CSEBase>
// reaches this only when ESPrim is off or it was itself inside an ESPrim object: the
// EsprimUnwrapStage opens it otherwise.)
//
// Who may ask: the NOTIFY has passed the whole pipeline like any other (TS-0004 §7.6.2 step G,
// "all Receiver steps in clause 7.2.2.2 up to Recv-6.4", which include Recv-6.3, the
// authorization of the originator): NOTIFY privilege on the <CSEBase> is needed. The default
// ACP gives it to the admin only; the operator grants it to the AEs and CSEs that hold a
// pairwise key.

#include <string>

#include "cse/model/json.h"
#include "cse/model/response.h"
#include "cse/model/status.h"
#include "security/esprim/rand_object_issuer.h"

namespace citadel::security::esprim {

// `seci` is the value of "m2m:seci". `issuer` may be nullptr (ESPrim not configured): a
// well-formed sit 3 then answers 5001.
model::Result<model::Response> answerSecurityInfo(const model::Json& seci,
                                                  const std::string& originator,
                                                  RandObjectIssuer* issuer);

}  // namespace citadel::security::esprim
