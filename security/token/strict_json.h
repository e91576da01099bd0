#pragma once
// The JSON reader for JOSE headers and JWT claim sets. Stricter than the request codec: a
// duplicated member name is refused (RFC 7515 §4 and RFC 7519 §4 allow "reject" or "last wins";
// refusing leaves no room for two parsers to read one token differently), and nesting is capped
// while parsing, so a deeply nested text costs neither stack nor time.

#include <optional>
#include <string_view>

#include "cse/model/json.h"

namespace citadel::security::token {

// The JSON object in `text`, or a null Json when `text` is not exactly one JSON object, is not
// UTF-8, repeats a member name in any object, or nests objects/arrays deeper than `max_depth`
// (the top-level object is depth 1). Never throws.
// Most JOSE headers are one flat object of plain strings; those are read by a small scanner,
// everything else by the general parser with the checks above.
model::Json parseStrictJsonObject(std::string_view text, int max_depth);

namespace detail {  // the two readers, visible for the fuzz target's differential check

// `{"name":"value",…}` where every name and value is printable ASCII without escapes and no name
// repeats, JSON white space allowed between tokens; nullopt for any other text. nullopt means
// "not that simple shape", never "invalid": it accepts a strict subset of what the full reader
// accepts, with the same result.
std::optional<model::Json> parseFlatStringObject(std::string_view text);

// The general reader (nlohmann with a callback refusing duplicates and depth).
model::Json parseStrictJsonObjectFully(std::string_view text, int max_depth);

}  // namespace detail

}  // namespace citadel::security::token
