#pragma once
// Parsing of the `to` parameter into its addressing form (TS-0001 §7.2, Table 7.2-1). Pure
// string work; resolving the path against the resource tree happens in resources/.

#include <string>
#include <string_view>

#include "cse/model/status.h"

namespace citadel::model {

enum class AddressScope : uint8_t { kCseRelative, kSpRelative, kAbsolute };

struct Address {
  AddressScope scope = AddressScope::kCseRelative;
  std::string sp_id;     // "sp.example" for absolute addresses, without the leading "//"
  std::string cse_id;    // "/id-in" for SP-relative and absolute addresses
  std::string relative;  // CSE-relative part without a leading '/': "cse-in/ae/cnt", "cnt123", ""
  std::string attribute; // the `#attr` suffix (partial retrieve), without '#'
};

// Limits that keep hostile paths cheap to reject.
inline constexpr size_t kMaxAddressLength = 1024;
inline constexpr size_t kMaxPathSegments = 32;

// Splits `to` into its form. 4000 when empty, too long, with empty or too many segments,
// or with characters outside the URI path set.
Result<Address> parseAddress(std::string_view to);

// The CSE-ID ("/id-mn") of an AE-ID of another CSE in SP-relative form ("/id-mn/Cae": one
// C-type AE-ID-Stem under a CSE-ID), the form in which a CSE relays an AE's request (TS-0004
// §7.3.2.6); "" for any other ID.
std::string relayedAeCse(std::string_view from);

// "scheme://host:port" for a point of access; an IPv6 literal goes in brackets (RFC 3986
// §3.2.2: "http://[::1]:8080", not "http://::1:8080").
std::string networkUri(std::string_view scheme, std::string_view host, uint16_t port);

}  // namespace citadel::model
