#pragma once
// The Receiver's checks on the rand objects an ESPrim Object names, before it derives the
// sessionESPrimKey (TS-0003 §8.4.2 C.6b.2 and C.6c.1; errors from TS-0004 Table 7.6.2-1):
//
// - parseOriginatorRandObject: the `oro` JWE header member (m2m:originatorESPrimRandObject,
//   TS-0004 §6.3.5.50) with exactly esri, esrv, esrx, esk, espa; esri/esrv xs:NCName of at most
//   128 characters, esrx an absolute timestamp, esk and espa positive integers (espa 1..8).
//   Anything else: 4000 "esprim.bad_oro" (the Target "was unable to parse").
// - checkSessionParameters:
//   * the originator object has expired at `now`, or expires after the receiver object
//     (C.6b.2.i (b)): 4113 ESPRIM_UNKNOWN_ORIG_RAND_ID, the Target "decides that the
//     originatorESPrimRandObject is expired";
//   * esk is not one of the receiver's esks (C.6b.2.ii), or not 1 (the only algorithm this CSE
//     has), the originator's espa is not a subset of the receiver's (C.6c.1), or the object's
//     `enc` is not in the originator's espa: 4111 ESPRIM_UNSUPPORTED_OPTION.
// Pure; thread-safe.

#include <string_view>

#include "cse/model/clock.h"
#include "cse/model/json.h"
#include "cse/model/status.h"
#include "security/esprim/rand_object.h"

namespace citadel::security::esprim {

model::Result<OriginatorRandObject> parseOriginatorRandObject(const model::Json& oro);

model::Status checkSessionParameters(const ReceiverRandObject& receiver,
                                     const OriginatorRandObject& originator,
                                     std::string_view enc, model::TimePoint now);

}  // namespace citadel::security::esprim
