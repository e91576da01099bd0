#pragma once
// Checks the attributes of a CREATE or UPDATE request against the attribute-policy table:
// known names, optionality (M present, NP absent), value types. Type-specific rules (App-ID
// prefixes, ACP rule structure) live in the type handlers.

#include "cse/model/json.h"
#include "cse/model/status.h"
#include "cse/model/types.h"

namespace citadel::resources {

enum class RequestKind : uint8_t { kCreate, kUpdate };

// OK when `attributes` (the object under the root name, e.g. the value of "m2m:cnt") is valid
// for `kind` on `type`. Otherwise 4000 with a dbg naming the attribute and the rule it broke.
// On UPDATE a JSON null is allowed for optional attributes (it deletes them).
model::Status validateAttributes(model::ResourceType type, RequestKind kind,
                                 const model::Json& attributes);

// True when `name` matches m2m:resourceName.
bool isValidResourceName(std::string_view name);

}  // namespace citadel::resources
