#include "cse/codec/content_format.h"

namespace citadel::codec {

std::optional<ContentFormat> formatForMediaType(std::string_view media_type) {
  if (media_type == "application/json" || media_type == "application/vnd.onem2m-res+json" ||
      media_type == "application/vnd.onem2m-ntfy+json" ||
      media_type == "application/vnd.onem2m-preq+json" ||
      media_type == "application/vnd.onem2m-prsp+json") {
    return ContentFormat::kJson;
  }
  if (media_type == "application/cbor" || media_type == "application/vnd.onem2m-res+cbor" ||
      media_type == "application/vnd.onem2m-ntfy+cbor" ||
      media_type == "application/vnd.onem2m-preq+cbor" ||
      media_type == "application/vnd.onem2m-prsp+cbor") {
    return ContentFormat::kCbor;
  }
  return std::nullopt;
}

std::string_view mediaTypeFor(ContentFormat format) {
  return format == ContentFormat::kCbor ? "application/cbor" : "application/json";
}

}  // namespace citadel::codec
