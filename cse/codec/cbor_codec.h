#pragma once
// CBOR (RFC 7049) <-> attribute trees: the JSON model re-encoded (TS-0004 §8.5). Limits are
// enforced while parsing, so hostile input (deep nesting, huge declared lengths, truncation)
// fails with 4000 in bounded time, stack and memory.

#include <string>
#include <string_view>

#include "cse/codec/json_codec.h"

namespace citadel::codec {

// Parses one CBOR data item. 4000 when malformed, truncated, followed by extra bytes, nested
// deeper than max_depth, larger than max_bytes, or holding a value with no JSON equivalent.
model::Result<model::Json> parseCbor(std::string_view body, const ParseLimits& limits);

std::string serializeCbor(const model::Json& value);

}  // namespace citadel::codec
