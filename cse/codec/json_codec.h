#pragma once
// JSON <-> attribute trees (TS-0004 §8.4), with the size and depth limits enforced before the
// parser runs, so hostile bodies are rejected in linear time and bounded memory.

#include <string>
#include <string_view>

#include "cse/model/json.h"
#include "cse/model/status.h"

namespace citadel::codec {

struct ParseLimits {
  size_t max_bytes = 1 << 20;  // limits.maxRequestBytes
  int max_depth = 32;          // nesting of objects and arrays
};

// Parses a request body. 4000 with the parser's position and message when malformed, nested
// deeper than the limit, or not a single JSON value; 4000 too when larger than max_bytes
// (bindings check the size earlier and answer the same).
model::Result<model::Json> parseJson(std::string_view body, const ParseLimits& limits);

// Serializes for the wire. Invalid UTF-8 in strings is replaced, never thrown.
std::string serializeJson(const model::Json& value);

// Appends `text` as a JSON string, exactly as serializeJson writes a string value (escapes as
// the library writes them, invalid UTF-8 replaced): for callers that write a small fixed-shape
// object without building a tree.
void appendJsonString(std::string& out, std::string_view text);

}  // namespace citadel::codec
