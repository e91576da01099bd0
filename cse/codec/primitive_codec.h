#pragma once
// Whole request and response primitives <-> JSON or CBOR: the primitive serialized with the short
// names of TS-0004 §8.2 ({"op":1,"to":…,"fr":…,"rqi":…}), in JSON (TS-0004 §8.4.2; an optional
// m2m:rqp / m2m:rsp wrapper is accepted) or the same model in CBOR (TS-0004 §8.5). The MQTT
// binding's payloads (TS-0010 §6.5), an ESPrim inner primitive (TS-0003 §8.4) and a WebSocket
// message (TS-0020) all have this form. Parameter names, types and ranges come from the parameter
// table (primitive_parameters.h). Pure functions: safe from any thread; nothing throws.
//
// Errors are 4000 (Rsc::kBadRequest) with a dbg that tells the sender what to fix
// ("rcn: expected an integer in 0..10") and one of these reasons:
//   primitive.payload_too_large  the payload is larger than limits.max_bytes (checked before
//                                any parsing);
//   primitive.bad_payload        not valid JSON/CBOR, nested deeper than limits.max_depth, or
//                                not an object;
//   primitive.bad_parameter      a parameter of the wrong type or out of range, or a mandatory
//                                one missing.

#include <string>
#include <string_view>

#include "cse/codec/content_format.h"
#include "cse/model/request.h"
#include "cse/model/response.h"

namespace citadel::codec {

// Parses a request primitive. Fails (see above) when the payload is malformed, lacks op or to,
// or has a parameter of the wrong type or out of range. Unknown parameters are ignored.
// `request_id`, when given, receives the rqi as soon as it is readable, so that an error response
// can still echo it. The Request's transport is left for the caller.
model::Result<model::Request> parseRequestPrimitive(std::string_view payload,
                                                    ContentFormat format,
                                                    const ParseLimits& limits,
                                                    std::string* request_id = nullptr);

// The request primitive as an object tree (short names; absent parameters omitted).
model::Json requestToPrimitive(const model::Request& request);

// Serializes a response primitive: rsc, rqi, pc, to, fr, rvi, vsi, ot, rset, ec, cnst, cnot,
// ati, tqf, asri; empty parameters are omitted.
std::string serializeResponsePrimitive(const model::Response& response, ContentFormat format);
// The same, moving the content into the primitive instead of copying it.
std::string serializeResponsePrimitive(model::Response&& response, ContentFormat format);

// The response primitive as an object tree (the rvalue form moves the content).
model::Json responseToPrimitive(const model::Response& response);
model::Json responseToPrimitive(model::Response&& response);

// Parses a response primitive (what a peer answered to a request this CSE sent). Fails (see
// above) when malformed, or when rsc is missing or not an integer in 1000..6999.
model::Result<model::Response> parseResponsePrimitive(std::string_view payload,
                                                      ContentFormat format,
                                                      const ParseLimits& limits);

}  // namespace citadel::codec
