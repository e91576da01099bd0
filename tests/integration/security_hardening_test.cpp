// Attacks on the running CSE (issue 15), each driven through a real binding against the real
// binary: what an originator with some privileges must not be able to turn into more.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/support/cse_fixture.h"

namespace citadel::testing {
namespace {

class SecurityHardeningTest : public CseFixture {
 protected:
  // An ACP under `owner` granting `other` RETRIEVE and UPDATE (pv) while only `owner` may change
  // the policy itself (pvs); a container of `owner` governed by it. Returns the container's path.
  std::string guardedContainer(const Ae& owner, const Ae& other) {
    std::string acp_name = uniqueName("acp"), cnt_name = uniqueName("cnt");
    Json pv = {{"acr", {{{"acor", {other.id}}, {"acop", 6}}}}};
    Json pvs = {{"acr", {{{"acor", {owner.id}}, {"acop", 63}}}}};
    HttpResult acp = http().create(owner.id, owner.path, 1,
                                   {{"m2m:acp", {{"rn", acp_name}, {"pv", pv}, {"pvs", pvs}}}});
    EXPECT_EQ(acp.rsc, 2001) << acp;
    std::string acp_id = acp.resource().value("ri", "");
    HttpResult cnt = http().create(owner.id, owner.path, 3,
                                   {{"m2m:cnt", {{"rn", cnt_name}, {"acpi", {acp_id}}}}});
    EXPECT_EQ(cnt.rsc, 2001) << cnt;
    return owner.path + "/" + cnt_name;
  }
};

TEST_F(SecurityHardeningTest, UpdateAloneCannotPointDaciAtTheOriginatorsOwnDas) {
  // Before: UPDATE on a resource let `other` set its daci to a <dynamicAuthorizationConsultation>
  // of its own, whose DAS then granted anything on the resource and its descendants. Now daci,
  // like acpi, needs the selfPrivileges of the governing ACPs (TS-0001 §9.6.1.3.2).
  Ae owner = registerAe("owner");
  Ae other = registerAe("other");
  std::string cnt = guardedContainer(owner, other);
  HttpResult dac = http().create(
      other.id, other.path, 34,
      {{"m2m:dac",
        {{"rn", uniqueName("dac")}, {"dae", true}, {"dap", {"http://127.0.0.1:9/das"}}}}});
  ASSERT_EQ(dac.rsc, 2001) << dac;
  std::string dac_id = dac.resource().value("ri", "");

  EXPECT_EQ(http().update(other.id, cnt, {{"m2m:cnt", {{"lbl", {"by-other"}}}}}).rsc, 2004);
  HttpResult hijack = http().update(other.id, cnt, {{"m2m:cnt", {{"daci", {dac_id}}}}});
  EXPECT_EQ(hijack.rsc, 4103) << hijack;
  EXPECT_FALSE(http().retrieve(owner.id, cnt).resource().contains("daci"));
  // The owner holds the selfPrivileges: it may set daci.
  EXPECT_EQ(http().update(owner.id, cnt, {{"m2m:cnt", {{"daci", {dac_id}}}}}).rsc, 2004);
}

TEST_F(SecurityHardeningTest, DisableRetrievalHoldsOnEveryPathToAnInstance) {
  // Issue 15 #9. Before: with disr=true a direct RETRIEVE of an instance was refused, but rcn=4
  // on the container listed the instances with their content, and DELETE of la or of the
  // instance itself succeeded (TS-0001 Table 9.6.6-3: "rejected at all times").
  Ae owner = registerAe("owner");
  std::string cnt = createContainer(owner.id, owner.path, {{"disr", true}});
  HttpResult cin = createCin(owner.id, cnt, "secret");
  ASSERT_EQ(cin.rsc, 2001) << cin;
  std::string cin_path = cnt + "/" + cin.resource().value("rn", "");
  EXPECT_EQ(http().retrieve(owner.id, cin_path).rsc, 4005);
  HttpResult listed = http().retrieve(owner.id, cnt + "?rcn=4");
  ASSERT_EQ(listed.rsc, 2000) << listed;
  EXPECT_EQ(listed.json.dump().find("secret"), std::string::npos) << listed;
  HttpResult children = http().retrieve(owner.id, cnt + "?rcn=8");
  EXPECT_EQ(children.json.dump().find("secret"), std::string::npos) << children;
  EXPECT_EQ(http().remove(owner.id, cnt + "/la").rsc, 4005);
  EXPECT_EQ(http().remove(owner.id, cnt + "/ol").rsc, 4005);
  EXPECT_EQ(http().remove(owner.id, cin_path).rsc, 4005);
  // The container itself may still be read and deleted.
  EXPECT_EQ(http().retrieve(owner.id, cnt).resource().value("cni", -1), 1);
  EXPECT_EQ(http().remove(owner.id, cnt).rsc, 2002);
}

TEST_F(SecurityHardeningTest, OnlyTheCsesUserMayEnterTheStorageDirectory) {
  // Issue 15 #18 (in part). Before: the RocksDB directory was created with the umask's 0755, so
  // any local user could read every resource, token and key in it.
  struct stat status {};
  ASSERT_EQ(::stat(cse().storagePath().c_str(), &status), 0) << cse().storagePath();
  EXPECT_EQ(status.st_mode & 0777, 0700u);
}

}  // namespace
}  // namespace citadel::testing
