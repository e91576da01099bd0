#pragma once
// The Originator side of ESPrim (TS-0003 §8.4.2 C.1–C.4 and C.10–C.12; TS-0004 §7.6.2 steps
// A–F and O–P), for AE and CSE developers: with a pairwiseESPrimKey and a receiver rand object
// (the `ero` of a sit 4 answer, or the `esro` of the Receiver's `esi`), open a session, wrap
// any request primitive as an ESPrim object inside the outer NOTIFY's content, and unwrap the
// protected response. The CSE's tests use it, and so will the `citadel-esprim` command.
//
// The inner primitive is the JSON request primitive with short names (cse/codec
// primitive_codec.h); delivery parameters (rt, ec, da) belong on the outer NOTIFY and are not
// put in the inner one (TS-0004 §7.6.2 step A). Every ESPrim object carries the full `oro`
// unless told otherwise (C.3: always safe). Pure functions over a session value; thread-safe
// as long as a session is not shared mutably. Nothing here logs.

#include <string>
#include <string_view>

#include "cse/model/json.h"
#include "cse/model/request.h"
#include "cse/model/response.h"
#include "cse/model/status.h"
#include "security/esprim/rand_object.h"

namespace citadel::security::esprim {

struct OriginatorSession {
  std::string key_id;                // kid: the pairwiseESPrimKeyID
  ReceiverRandObject receiver;       // names the session as rri
  OriginatorRandObject originator;   // ori, carried as oro
  std::string enc = "A256GCM";       // the JWE enc for requests
  std::string content_key;           // the AES-GCM key cut from the sessionESPrimKey (secret)
};

// m2m:receiverESPrimRandObject from its short-name JSON (an `ero` or `esro`): exactly esri,
// esrv, esrx (absolute timestamp), esks and espa. 4000 "esprim.bad_rro" otherwise.
model::Result<ReceiverRandObject> parseReceiverRandObject(const model::Json& json);

// A fresh originator object for `receiver`: esri "o" and esrv "v" + 128 CSPRNG bits in hex,
// esrx equal to the receiver's (C.6b.2.i allows no later), esk 1, espa {the id of `enc`}.
OriginatorRandObject makeOriginatorRandObject(const ReceiverRandObject& receiver,
                                              std::string_view enc = "A256GCM");

// Derives the session key (session_key.h). 4111 for an `enc` other than A128/A192/A256GCM.
model::Result<OriginatorSession> openSession(std::string key_id, std::string_view pairwise_key,
                                             ReceiverRandObject receiver,
                                             OriginatorRandObject originator,
                                             std::string enc = "A256GCM");

// The ESPrim object (JWE compact) protecting `inner` (its transport is not serialized), with
// header alg, enc, kid, ori, rri, and oro when `with_oro`. 5211 on encryption failure.
model::Result<std::string> wrapRequest(const OriginatorSession& session,
                                       const model::Request& inner, bool with_oro = true);

// {"m2m:seci": {"sit": 5, "epo": <epo>}}: the content of the outer NOTIFY and of its answer.
model::Json esprimContent(std::string epo);

// The outer NOTIFY request carrying `epo` to `to` (the Receiver's <CSEBase>) from `from`.
model::Request outerNotify(std::string to, std::string from, std::string request_id,
                           std::string epo);

// The inner response from the content of the outer answer (which must be rsc 2000): the
// ESPrim object must name this session (kid, ori, rri: C.11a) and decrypt under its key (4115
// on a bad tag), and its plaintext must be a response primitive (4000 otherwise).
model::Result<model::Response> unwrapResponse(const OriginatorSession& session,
                                              const model::Json& outer_content);

}  // namespace citadel::security::esprim
