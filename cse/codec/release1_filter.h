#pragma once
// What a Release 1 peer may be sent. A request without rvi comes from a Release 1 originator
// (TS-0004 §7.3.2.1: the Receiver treats it as rvi 1), and an AE whose srv lists only "1" is a
// Release 1 notification target (TS-0001 §9.6.5). Their decoders know only the attributes
// Release 1 defines, so what goes to them is filtered once, here, just before it is serialized:
// the response primitive carries no rvi (it echoes the absent one, TS-0004 §7.3.2.6: "remove the
// Release Version Indicator ... before retargeting a primitive to a Release 1 entity") and
// every resource representation keeps only its Release 1 attributes (no srv, csz, rr's R2+
// siblings, nse/nsi, cstn, dcnt, loc...).
//
// Thread-safety: stateless; safe from any thread.

#include "cse/model/json.h"

namespace citadel::codec {

// Removes, in place, from every resource representation in `content` the attributes Release 1
// does not define: the root of `content` ({"m2m:cnt": {...}}), child resources embedded by
// rcn 4/8 (keys "m2m:<type>" inside a representation, object or array), and the representation
// in a notification (m2m:sgn.nev.rep). Representations of types Release 1 lacks (role, token,
// dynamicAuthorizationConsultation...) and non-resource content (m2m:uril, m2m:dbg, m2m:rrl)
// are left as they are. Never fails.
void restrictToRelease1(model::Json& content);

}  // namespace citadel::codec
