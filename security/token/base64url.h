#pragma once
// base64url without padding (RFC 7515 §2, RFC 4648 §5): the encoding of every part of a compact
// JWS. Decoding is strict so that one token has exactly one spelling; otherwise two texts of the
// same token would miss the verification cache and could slip past a string-based deny list.

#include <optional>
#include <string>
#include <string_view>

namespace citadel::security::token {

// Encodes `bytes` with the URL-safe alphabet and no '=' padding.
std::string encodeBase64Url(std::string_view bytes);

// Encodes `bytes` as xs:base64Binary: the standard alphabet with '=' padding (RFC 4648 §4).
std::string encodeBase64(std::string_view bytes);

// Decodes the URL-safe alphabet. nullopt on padding, whitespace, any character outside
// [A-Za-z0-9_-], an impossible length (4n+1) or non-zero unused bits in the last character
// (a non-canonical spelling).
std::optional<std::string> decodeBase64Url(std::string_view text);

// Decodes key material from configuration: the standard or the URL-safe alphabet, with or
// without trailing '=' padding. Still refuses whitespace and stray characters.
std::optional<std::string> decodeBase64Lenient(std::string_view text);

}  // namespace citadel::security::token
