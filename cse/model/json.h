#pragma once
// The attribute tree of a resource or primitive content. nlohmann::json is the one document
// model shared by the JSON and CBOR codecs, the store and the resource handlers; writing our own
// variant type would duplicate it. (A deliberate exception to "model depends on std only".)

#include <nlohmann/json.hpp>

namespace citadel::model {
using Json = nlohmann::json;
}  // namespace citadel::model
