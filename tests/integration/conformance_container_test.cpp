// Issue 24 #10: disableRetrieval (disr) of a <container>, through HTTP to the real binary.
// TS-0001 Table 9.6.6-2: "When the value is set to 'TRUE', RETRIEVE/DELETE/UPDATE operations for
// child <contentInstance> shall be rejected at all times. When the value is updated from 'TRUE'
// to 'FALSE', all existing <contentInstance> are deleted immediately." TS-0004 §7.4.7.2.2-.4 and
// §7.4.27.2.x / §7.4.28.2.x: the rejection is OPERATION_NOT_ALLOWED (4005), also through la/ol.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/cse_fixture.h"

namespace citadel::testing {
namespace {

class ConformanceContainerTest : public CseFixture {
 protected:
  // A container with disr=true holding one instance "secret"; returns {container, instance}.
  std::pair<std::string, std::string> disabledContainer(const Ae& ae) {
    std::string cnt = createContainer(ae.id, ae.path, {{"disr", true}});
    HttpResult cin = createCin(ae.id, cnt, "secret");
    EXPECT_EQ(cin.rsc, 2001) << cin;
    return {cnt, cnt + "/" + cin.resource().value("rn", "")};
  }
  int instancesOf(const Ae& ae, const std::string& cnt) {
    return http().retrieve(ae.id, cnt).resource().value("cni", -1);
  }
};

TEST_F(ConformanceContainerTest, DeleteOfLatestIsNotAllowed) {
  Ae ae = registerAe();
  auto [cnt, cin] = disabledContainer(ae);
  EXPECT_EQ(http().remove(ae.id, cnt + "/la").rsc, 4005);
  EXPECT_EQ(instancesOf(ae, cnt), 1);
}

TEST_F(ConformanceContainerTest, DeleteOfOldestIsNotAllowed) {
  Ae ae = registerAe();
  auto [cnt, cin] = disabledContainer(ae);
  EXPECT_EQ(http().remove(ae.id, cnt + "/ol").rsc, 4005);
  EXPECT_EQ(instancesOf(ae, cnt), 1);
}

TEST_F(ConformanceContainerTest, DeleteOfAnInstanceIsNotAllowed) {
  Ae ae = registerAe();
  auto [cnt, cin] = disabledContainer(ae);
  EXPECT_EQ(http().remove(ae.id, cin).rsc, 4005);
  EXPECT_EQ(instancesOf(ae, cnt), 1);
}

TEST_F(ConformanceContainerTest, UpdateOfAnInstanceIsNotAllowed) {
  Ae ae = registerAe();
  auto [cnt, cin] = disabledContainer(ae);
  // An instance cannot be updated at all; with disr the answer is still 4005.
  EXPECT_EQ(http().update(ae.id, cin, {{"m2m:cin", {{"lbl", {"x"}}}}}).rsc, 4005);
}

TEST_F(ConformanceContainerTest, SettingFalseDeletesEveryInstance) {
  Ae ae = registerAe();
  auto [cnt, cin] = disabledContainer(ae);
  ASSERT_EQ(createCin(ae.id, cnt, "second").rsc, 2001);
  ASSERT_EQ(instancesOf(ae, cnt), 2);
  HttpResult updated = http().update(ae.id, cnt, {{"m2m:cnt", {{"disr", false}}}});
  ASSERT_EQ(updated.rsc, 2004) << updated;
  EXPECT_EQ(updated.resource().value("cni", -1), 0) << updated;
  EXPECT_EQ(updated.resource().value("cbs", -1), 0) << updated;
  HttpResult stored = http().retrieve(ae.id, cnt);
  EXPECT_EQ(stored.resource().value("cni", -1), 0) << stored;
  EXPECT_EQ(stored.resource().value("cbs", -1), 0) << stored;
  EXPECT_EQ(http().retrieve(ae.id, cin).rsc, 4004);
  EXPECT_EQ(http().retrieve(ae.id, cnt + "/la").rsc, 4004);
  // Retrieval works again for what comes next.
  ASSERT_EQ(createCin(ae.id, cnt, "after").rsc, 2001);
  EXPECT_EQ(http().retrieve(ae.id, cnt + "/la").resource().value("con", ""), "after");
}

TEST_F(ConformanceContainerTest, RemovingDisrDeletesEveryInstance) {
  // disr removed (null) takes its default false (TS-0004 Table 7.4.6.1-3): true -> false.
  Ae ae = registerAe();
  auto [cnt, cin] = disabledContainer(ae);
  HttpResult updated = http().update(ae.id, cnt, {{"m2m:cnt", {{"disr", nullptr}}}});
  ASSERT_EQ(updated.rsc, 2004) << updated;
  EXPECT_EQ(instancesOf(ae, cnt), 0);
  EXPECT_EQ(http().retrieve(ae.id, cin).rsc, 4004);
}

TEST_F(ConformanceContainerTest, SettingFalseOnAnEnabledContainerKeepsInstances) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path, {{"disr", false}});
  ASSERT_EQ(createCin(ae.id, cnt, "kept").rsc, 2001);
  ASSERT_EQ(http().update(ae.id, cnt, {{"m2m:cnt", {{"disr", false}}}}).rsc, 2004);
  EXPECT_EQ(instancesOf(ae, cnt), 1);
  ASSERT_EQ(http().update(ae.id, cnt, {{"m2m:cnt", {{"disr", true}}}}).rsc, 2004);
  EXPECT_EQ(instancesOf(ae, cnt), 1);  // only true -> false deletes
}

// rcn 4 (attributes and children), 6 (child references) and 8 (children): no instance of a
// disr container is listed, in any form.
TEST_F(ConformanceContainerTest, ChildListsOmitInstances) {
  Ae ae = registerAe();
  auto [cnt, cin] = disabledContainer(ae);
  std::string rn = cin.substr(cin.rfind('/') + 1);
  for (int rcn : {4, 6, 8}) {
    HttpResult listed = http().retrieve(ae.id, cnt + "?rcn=" + std::to_string(rcn));
    ASSERT_EQ(listed.rsc, 2000) << "rcn=" << rcn << ": " << listed;
    EXPECT_EQ(listed.body.find("secret"), std::string::npos) << "rcn=" << rcn << ": " << listed;
    EXPECT_EQ(listed.body.find(rn), std::string::npos) << "rcn=" << rcn << ": " << listed;
  }
}

}  // namespace
}  // namespace citadel::testing
