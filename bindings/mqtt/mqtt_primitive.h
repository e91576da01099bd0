#pragma once
// Whole request and response primitives as MQTT payloads (TS-0010 §6.5.1, §6.5.2): the
// primitive serialized with the short names of TS-0004 §8.2 ({"op":1,"to":…,"fr":…,"rqi":…}),
// JSON without an m2m:rqp/m2m:rsp wrapper (TS-0004 §8.4.2), or the same model in CBOR. Free of
// Paho, so that hostile payloads can be unit-tested directly.

#include <string>
#include <string_view>

#include "cse/codec/content_format.h"
#include "cse/model/request.h"
#include "cse/model/response.h"

namespace citadel::mqtt {

// Parses a request primitive. The payload is size-checked against limits.max_bytes before any
// parsing. 4000 with a dbg naming the offending parameter ("rcn: expected an integer in 0..10")
// when the payload is malformed, not an object, lacks op or to, or has a parameter of the wrong
// type or out of range; reason "mqtt.bad_payload" or "mqtt.bad_parameter". Unknown parameters
// are ignored. `request_id`, when given, receives the rqi as soon as it is readable, so that an
// error response can still echo it. The Request's transport is left for the caller.
model::Result<model::Request> parseRequestPrimitive(std::string_view payload,
                                                    codec::ContentFormat format,
                                                    const codec::ParseLimits& limits,
                                                    std::string* request_id = nullptr);

// The request primitive as an object tree (short names; absent parameters omitted).
model::Json requestToPrimitive(const model::Request& request);

// Serializes a response primitive: rsc, rqi, pc, to, fr, rvi, vsi, ot, rset, ec, cnst, cnot,
// ati, tqf, asri; empty parameters are omitted. Never throws.
std::string serializeResponsePrimitive(const model::Response& response,
                                       codec::ContentFormat format);

// The response primitive as an object tree.
model::Json responseToPrimitive(const model::Response& response);

// Parses a response primitive (what a peer answered to a request this CSE sent). 4000 naming the
// parameter when malformed or when rsc is missing or not an integer in 1000..6999.
model::Result<model::Response> parseResponsePrimitive(std::string_view payload,
                                                      codec::ContentFormat format,
                                                      const codec::ParseLimits& limits);

}  // namespace citadel::mqtt
