// verifyRemoteRoles (security/remote_information.h): which roles a PIP returned count for the
// originator at the Hosting CSE. The PIP is another party: every returned role is checked for
// the Role-ID asked, the holder, a trusted issuer and its validity window.
#include "security/remote_information.h"

#include <gtest/gtest.h>

namespace citadel::security {
namespace {

using model::Json;

const resources::CseIdentity kIdentity{"/id-mn", "cse-mn", "citadel.example.com", "CAdmin"};
const std::vector<RoleAuthority> kTrusted = {{"roles.example.com", ""}};
const std::vector<std::string> kAsked = {"driver@roles.example.com"};
const model::TimePoint kNow = *model::parseTimestamp("20261208T120000");

Json role(std::string rlid = "driver@roles.example.com", std::string holder = "/id-mn/Cae",
          std::string issuer = "roles.example.com", std::string until = "20991231T000000") {
  return {{"rlid", rlid}, {"tkhd", holder}, {"tkis", issuer}, {"tknb", "20200101T000000"},
          {"tkna", until}};
}

std::vector<std::string> verify(std::vector<Json> roles) {
  return verifyRemoteRoles(roles, kAsked, "//citadel.example.com/id-mn/Cae", kTrusted,
                           kIdentity, kNow);
}

TEST(RemoteInformationTest, ARoleOfTheHolderFromATrustedIssuerInItsWindowCounts) {
  EXPECT_EQ(verify({role()}), kAsked);
  // The holder in another form of the same ID; the same role twice counts once.
  EXPECT_EQ(verify({role("driver@roles.example.com", "//citadel.example.com/id-mn/Cae"),
                    role()}),
            kAsked);
}

TEST(RemoteInformationTest, EveryOtherRoleIsLeftOut) {
  EXPECT_TRUE(verify({role("admin@roles.example.com")}).empty());          // not asked for
  EXPECT_TRUE(verify({role("driver@roles.example.com", "/id-mn/Cother")}).empty());  // holder
  EXPECT_TRUE(verify({role("driver@roles.example.com", "/id-mn/Cae",
                           "evil.example.com")}).empty());                  // issuer
  EXPECT_TRUE(verify({role("driver@roles.example.com", "/id-mn/Cae", "roles.example.com",
                           "20251231T000000")}).empty());                   // expired
  Json windowless = role();
  windowless.erase("tkna");
  EXPECT_TRUE(verify({windowless}).empty());
  EXPECT_TRUE(verify({Json{{"rlid", 7}}}).empty());
}

}  // namespace
}  // namespace citadel::security
