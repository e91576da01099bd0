#pragma once
// UTF-8 well-formedness (RFC 3629), shared by the CBOR reader (text strings must be UTF-8, RFC 8949
// §3.1) and the primitive parameter check (IDs that JSON could not carry unchanged).

#include <string_view>

namespace citadel::codec {

// True when `text` is well-formed UTF-8: no overlong forms, no surrogates, nothing above
// U+10FFFF, no truncated sequence. Pure; thread-safe.
bool isValidUtf8(std::string_view text);

}  // namespace citadel::codec
