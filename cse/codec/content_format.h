#pragma once
// The serializations this CSE speaks (TS-0004 §6.7): JSON and CBOR, chosen per message.

#include <optional>
#include <string>
#include <string_view>

#include "cse/codec/cbor_codec.h"
#include "cse/codec/json_codec.h"

namespace citadel::codec {

enum class ContentFormat : uint8_t { kJson, kCbor };

// application/json and the oneM2M +json types -> kJson; application/cbor and +cbor -> kCbor;
// nullopt for anything else. `media_type` is lower-case without parameters.
std::optional<ContentFormat> formatForMediaType(std::string_view media_type);
// "application/json" / "application/cbor".
std::string_view mediaTypeFor(ContentFormat format);

inline model::Result<model::Json> parseBody(std::string_view body, ContentFormat format,
                                            const ParseLimits& limits) {
  return format == ContentFormat::kCbor ? parseCbor(body, limits) : parseJson(body, limits);
}

// The content (pc) of a request primitive carried as a binding's body or payload: a resource
// representation or a notification, so an object. 4000 for any other value, the same rule as
// the primitive codec's "pc" (primitive_fields), so that every binding refuses it alike.
inline model::Result<model::Json> parseRequestContent(std::string_view body, ContentFormat format,
                                                      const ParseLimits& limits) {
  auto content = parseBody(body, format, limits);
  if (content.isOk() && !content.value().is_object()) {
    return model::Status::badRequest("pc: expected an object (the request's content is one "
                                     "resource representation or notification)",
                                     "primitive.bad_parameter");
  }
  return content;
}

inline std::string serializeBody(const model::Json& value, ContentFormat format) {
  return format == ContentFormat::kCbor ? serializeCbor(value) : serializeJson(value);
}

}  // namespace citadel::codec
