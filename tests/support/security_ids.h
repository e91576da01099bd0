#pragma once
// Identities the security integration tests share: the token authority the CSE trusts in their
// token.issuers files, and this CSE's absolute CSE-ID (the default SP-ID and CSE-ID).

#include <string>

namespace citadel::testing {

constexpr const char* kAuthority = "authority.example.com";
constexpr const char* kThisCse = "//citadel.example.com/id-in";

// The absolute form of an SP-relative ID of this CSE ("CAe" → "//citadel.example.com/id-in/CAe").
inline std::string absolute(const std::string& stem) {
  return std::string(kThisCse) + "/" + stem;
}

}  // namespace citadel::testing
