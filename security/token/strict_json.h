#pragma once
// The JSON reader for JOSE headers and JWT claim sets. Stricter than the request codec: a
// duplicated member name is refused (RFC 7515 §4 and RFC 7519 §4 allow "reject" or "last wins";
// refusing leaves no room for two parsers to read one token differently), and nesting is capped
// while parsing, so a deeply nested text costs neither stack nor time.

#include <string_view>

#include "cse/model/json.h"

namespace citadel::security::token {

// The JSON object in `text`, or a null Json when `text` is not exactly one JSON object, is not
// UTF-8, repeats a member name in any object, or nests objects/arrays deeper than `max_depth`
// (the top-level object is depth 1). Never throws.
model::Json parseStrictJsonObject(std::string_view text, int max_depth);

}  // namespace citadel::security::token
