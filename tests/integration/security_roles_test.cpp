// Roles minted by anyone (issue 15 #13), over HTTP against the real binary: a <role> counts
// only when its authority (role.issuers issuer=originator) or the admin created it, and only
// its creator may change it, whatever an ACP grants (TS-0003 §7.4.3).
#include <gtest/gtest.h>

#include <chrono>

#include "cse/model/clock.h"
#include "tests/support/cse_fixture.h"
#include "tests/support/security_ids.h"

namespace citadel::testing {
namespace {


class SecurityRolesTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    // The authority's roles count when the admin or Cauthority created them.
    startCse({"--role.issuers=" + std::string(kAuthority) + "," + kAuthority + "=Cauthority"});
  }

  void SetUp() override {
    CseFixture::SetUp();
    if (HasFatalFailure()) return;
    // The operator lets AEs create <role> resources under the CSEBase (e.g. to delegate role
    // management): the default ACP gains a rule for every originator, CREATE of ty 31 only.
    HttpResult found = http().retrieve(kAdmin, std::string(kCseBase) + "?fu=1&ty=1");
    ASSERT_EQ(found.rsc, 2000) << found;
    std::string default_acp;
    for (const auto& uri : found.json.value("m2m:uril", Json::array())) {
      if (uri.get<std::string>().find("acpCSEBase") != std::string::npos) default_acp = uri;
    }
    ASSERT_FALSE(default_acp.empty()) << found;
    default_acp_ = "/" + default_acp;
    HttpResult acp = http().retrieve(kAdmin, default_acp_);
    ASSERT_EQ(acp.rsc, 2000) << acp;
    Json pv = acp.resource()["pv"];
    pv["acr"].push_back({{"acor", {"all"}}, {"acop", 1}, {"acod", {{{"chty", {31}}}}}});
    ASSERT_EQ(http().update(kAdmin, default_acp_, {{"m2m:acp", {{"pv", pv}}}}).rsc, 2004);
  }

  // A <role> `rlid` for `holder`, created by `creator`; returns the response.
  HttpResult mintRole(const std::string& creator, const std::string& rlid,
                      const std::string& holder) {
    auto now = std::chrono::system_clock::now();
    return http().create(creator, kCseBase, 31,
                         {{"m2m:rol",
                           {{"rlid", rlid},
                            {"tkis", kAuthority},
                            {"tkhd", holder},
                            {"tknb", model::formatTimestamp(now - std::chrono::minutes(1))},
                            {"tkna", model::formatTimestamp(now + std::chrono::hours(1))}}}});
  }

  std::string default_acp_;
};

TEST_F(SecurityRolesTest, ARoleCountsOnlyWhenItsAuthorityCreatedIt) {
  // Before: any originator that could create a <role> wrote the authority's name into tkis and
  // held the role.
  HttpResult authority = http().create(
      "Cauthority", kCseBase, 2,
      {{"m2m:ae",
        {{"rn", uniqueName("authority")}, {"api", "Nauth"}, {"rr", false}, {"srv", {"3"}}}}});
  ASSERT_TRUE(authority.rsc == 2001 || authority.rsc == 4117) << authority;
  Ae owner = registerAe("owner");
  Ae mallory = registerAe("mallory");
  Ae reader = registerAe("reader");
  std::string rlid = uniqueName("reader") + "@" + kAuthority;
  Json pv = {{"acr", {{{"acor", {rlid}}, {"acop", 2}}, {{"acor", {owner.id}}, {"acop", 63}}}}};
  HttpResult acp = http().create(
      owner.id, owner.path, 1, {{"m2m:acp", {{"rn", uniqueName("acp")}, {"pv", pv}, {"pvs", pv}}}});
  ASSERT_EQ(acp.rsc, 2001) << acp;
  std::string cnt =
      createContainer(owner.id, owner.path, {{"acpi", {acp.resource().value("ri", "")}}});
  ASSERT_FALSE(cnt.empty());

  ASSERT_EQ(mintRole(mallory.id, rlid, mallory.id).rsc, 2001);
  EXPECT_EQ(http().retrieve(mallory.id, cnt + "?rids=" + rlid).rsc, 4103)
      << "a role mallory minted for itself";
  HttpResult issued = mintRole("Cauthority", rlid, reader.id);
  ASSERT_EQ(issued.rsc, 2001) << issued;
  EXPECT_EQ(http().retrieve(reader.id, cnt + "?rids=" + rlid).rsc, 2000)
      << "a role the authority issued";
  // Nobody but the authority changes the authority's role, even with an ACP that allows it.
  std::string role_path = std::string(kCseBase) + "/" + issued.resource().value("rn", "");
  Json open = {{"acr", {{{"acor", {mallory.id}}, {"acop", 63}}}}};
  HttpResult mallory_acp =
      http().create(mallory.id, mallory.path, 1,
                    {{"m2m:acp", {{"rn", uniqueName("acp")}, {"pv", open}, {"pvs", open}}}});
  ASSERT_EQ(mallory_acp.rsc, 2001);
  HttpResult grant = http().update(
      "Cauthority", role_path, {{"m2m:rol", {{"acpi", {mallory_acp.resource().value("ri", "")}}}}});
  EXPECT_TRUE(grant.rsc == 2004 || grant.rsc == 4000) << grant;  // rol may have no acpi
  EXPECT_EQ(http().update(mallory.id, role_path, {{"m2m:rol", {{"lbl", {"mallory"}}}}}).rsc, 4103);
  EXPECT_EQ(http().retrieve(reader.id, cnt + "?rids=" + rlid).rsc, 2000) << "still the reader's";
}

}  // namespace
}  // namespace citadel::testing
