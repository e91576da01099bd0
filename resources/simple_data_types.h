#pragma once
// Lexical checks of the oneM2M simple data types that the attribute-policy table names
// (TS-0004 Table 6.3.2-1 for the XML Schema types, Table 6.3.3-1 for the m2m: ones). Pure
// functions of their argument; thread-safe.

#include <string_view>

namespace citadel::resources {

// xs:token: no CR, LF or tab, no leading or trailing space, no run of two spaces. Empty is
// refused too: a member of a list of xs:token (m2m:labels) cannot be empty.
bool isToken(std::string_view s);

// The serializations this CSE reads and writes, as the CSEBase advertises them in its csz.
inline constexpr std::string_view kCseSerializations[] = {"application/json", "application/cbor"};

// One member of m2m:serializations. TS-0004 Table 6.3.3-1 permits "xml", "json" and "cbor";
// the media types of kCseSerializations, the form the CSEBase itself advertises (and other
// CSEs use), are accepted as well. Anything else ("wrong", "application/xml") is refused.
bool isSerialization(std::string_view s);

// m2m:contentInfo: "type/subtype:encoding[:contentSecurity]", the media type's names as
// RFC 6838 §4.2 restricts them, m2m:encodingType 0..2 (Table 6.3.4.2.28-1) and
// m2m:contentSecurity 0..5 (Table 6.3.4.2.38-1).
bool isContentInfo(std::string_view s);

}  // namespace citadel::resources
