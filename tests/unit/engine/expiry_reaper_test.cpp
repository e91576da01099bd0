// ExpiryReaper (TS-0001 §9.6.1.3.1 expirationTime; TS-0004 §7.4.7.2.1 maxInstanceAge) on the
// in-process engine with a FakeClock: resources are removed by runOnce() once the clock has
// passed their et, with their subtree, through a DELETE that updates the parent's counters and
// notifies subscribers (net 2 / net 4, sud). No sleeping: time moves only when a test says so.
#include "cse/engine/expiry_reaper.h"

#include <gtest/gtest.h>

#include "tests/support/in_process_cse.h"

namespace citadel::testing {
namespace {

using model::Json;
using model::Rsc;
using namespace std::chrono_literals;

constexpr auto kDeliveryWait = 2s;

class ExpiryReaperTest : public ::testing::Test {
 protected:
  void SetUp() override { owner_ = cse_.registerAe("owner"); }

  // Creates a container `rn` under `parent` with optional extra attributes; returns its path.
  std::string container(const std::string& parent, const std::string& rn, Json extra = {}) {
    if (extra.is_null()) {
      extra = Json::object();
    }
    extra["rn"] = rn;
    model::Response r = cse_.create(owner_, parent, 3, {{"m2m:cnt", extra}});
    EXPECT_EQ(r.status_code, Rsc::kCreated) << r.content.dump();
    return parent + "/" + rn;
  }
  model::Response instance(const std::string& parent, const std::string& rn, const std::string& con,
                           Json extra = {}) {
    if (extra.is_null()) {
      extra = Json::object();
    }
    extra["rn"] = rn;
    extra["con"] = con;
    return cse_.create(owner_, parent, 4, {{"m2m:cin", extra}});
  }
  std::string etIn(std::chrono::seconds s) { return cse_.clock().timestamp(s); }

  InProcessCse cse_;
  std::string owner_;
  const std::string ae_ = "cse-in/owner";
};

TEST_F(ExpiryReaperTest, KeepsResourcesUntilTheirExpirationTime) {
  std::string cnt = container(ae_, "cnt", {{"et", etIn(60s)}});
  cse_.clock().advance(59s);
  EXPECT_EQ(cse_.reaper().runOnce(), 0u);
  EXPECT_TRUE(cse_.exists(cnt));
}

TEST_F(ExpiryReaperTest, RemovesExpiredResourceWithItsSubtree) {
  std::string cnt = container(ae_, "cnt", {{"et", etIn(60s)}});
  std::string inner = container(cnt, "inner");
  ASSERT_EQ(instance(cnt, "i1", "one").status_code, Rsc::kCreated);
  ASSERT_EQ(instance(inner, "i2", "two").status_code, Rsc::kCreated);

  cse_.clock().advance(61s);
  EXPECT_EQ(cse_.reaper().runOnce(), 1u) << "one DELETE takes the whole subtree";
  for (const auto& gone : {cnt, cnt + "/i1", inner, inner + "/i2"}) {
    EXPECT_FALSE(cse_.exists(gone)) << gone;
  }
  EXPECT_TRUE(cse_.exists(ae_)) << "the parent does not expire with its child";
}

TEST_F(ExpiryReaperTest, RemovesAtMostBatchPerRun) {
  for (const char* rn : {"x1", "x2", "x3"}) {
    container(ae_, rn, {{"et", etIn(10s)}});
  }
  cse_.clock().advance(11s);
  EXPECT_EQ(cse_.reaper().runOnce(2), 2u);
  EXPECT_EQ(cse_.reaper().runOnce(2), 1u);
  EXPECT_EQ(cse_.reaper().runOnce(2), 0u);
  for (const char* rn : {"x1", "x2", "x3"}) {
    EXPECT_FALSE(cse_.exists(ae_ + "/" + rn)) << rn;
  }
}

TEST_F(ExpiryReaperTest, RefusesExpirationTimeInThePastAtCreation) {
  model::Response r =
      cse_.create(owner_, ae_, 3, {{"m2m:cnt", {{"rn", "late"}, {"et", etIn(-1s)}}}});
  EXPECT_EQ(r.status_code, Rsc::kBadRequest) << r.content.dump();
  EXPECT_FALSE(cse_.exists(ae_ + "/late"));
}

TEST_F(ExpiryReaperTest, UpdatesContainerCountersWhenInstanceExpires) {
  std::string cnt = container(ae_, "cnt");
  ASSERT_EQ(instance(cnt, "old", "abc", {{"et", etIn(10s)}}).status_code, Rsc::kCreated);
  ASSERT_EQ(instance(cnt, "new", "defgh").status_code, Rsc::kCreated);
  Json before = cse_.attributesOf(cnt);
  ASSERT_EQ(before.value("cni", -1), 2);
  ASSERT_EQ(before.value("cbs", -1), 8);

  cse_.clock().advance(11s);
  EXPECT_EQ(cse_.reaper().runOnce(), 1u);
  Json after = cse_.attributesOf(cnt);
  EXPECT_EQ(after.value("cni", -1), 1);
  EXPECT_EQ(after.value("cbs", -1), 5);
  EXPECT_FALSE(cse_.exists(cnt + "/old"));
  EXPECT_EQ(cse_.attributesOf(cnt + "/ol").value("rn", ""), "new");
  EXPECT_EQ(cse_.attributesOf(cnt + "/la").value("rn", ""), "new");
}

TEST_F(ExpiryReaperTest, CapsInstanceExpirationAtMaxInstanceAge) {
  std::string cnt = container(ae_, "cnt", {{"mia", 100}});
  std::string limit = etIn(100s);
  model::Response plain = instance(cnt, "plain", "a");
  ASSERT_EQ(plain.status_code, Rsc::kCreated);
  EXPECT_EQ(plain.content["m2m:cin"].value("et", "").substr(0, 15), limit);
  model::Response later = instance(cnt, "later", "b", {{"et", etIn(1000s)}});
  ASSERT_EQ(later.status_code, Rsc::kCreated);
  EXPECT_EQ(later.content["m2m:cin"].value("et", "").substr(0, 15), limit) << "et <= ct + mia";
  model::Response sooner = instance(cnt, "sooner", "c", {{"et", etIn(50s)}});
  ASSERT_EQ(sooner.status_code, Rsc::kCreated);
  EXPECT_EQ(sooner.content["m2m:cin"].value("et", "").substr(0, 15), etIn(50s))
      << "an earlier et is kept";
  // ct + mia bounds every instance: compare with the stored ct too.
  for (const char* rn : {"plain", "later", "sooner"}) {
    Json a = cse_.attributesOf(cnt + "/" + rn);
    auto ct = model::parseTimestamp(a.value("ct", ""));
    auto et = model::parseTimestamp(a.value("et", ""));
    ASSERT_TRUE(ct && et) << a.dump();
    EXPECT_LE(*et, *ct + 100s) << rn;
  }

  cse_.clock().advance(51s);
  EXPECT_EQ(cse_.reaper().runOnce(), 1u);
  EXPECT_FALSE(cse_.exists(cnt + "/sooner"));
  EXPECT_EQ(cse_.attributesOf(cnt).value("cni", -1), 2);
  cse_.clock().advance(50s);
  EXPECT_EQ(cse_.reaper().runOnce(), 2u);
  EXPECT_EQ(cse_.attributesOf(cnt).value("cni", -1), 0);
  EXPECT_EQ(cse_.attributesOf(cnt).value("cbs", -1), 0);
}

TEST_F(ExpiryReaperTest, NotifiesDeletionWhenSubscribedResourceExpires) {
  std::string cnt = container(ae_, "cnt", {{"et", etIn(60s)}});
  std::string cnt_ri = cse_.attributesOf(cnt).value("ri", "");
  model::Response sub = cse_.create(owner_, cnt, 23,
                                    {{"m2m:sub",
                                      {{"rn", "watch"},
                                       {"nu", {"http://target.test/n"}},
                                       {"su", "http://target.test/su"},
                                       {"enc", {{"net", {2}}}}}}});
  ASSERT_EQ(sub.status_code, Rsc::kCreated) << sub.content.dump();
  std::string sub_ri = sub.content["m2m:sub"].value("ri", "");

  cse_.clock().advance(61s);
  EXPECT_EQ(cse_.reaper().runOnce(), 1u);
  ASSERT_TRUE(cse_.sender().waitForEvents("http://target.test/n", 1, kDeliveryWait));
  auto events = cse_.sender().eventsTo("http://target.test/n");
  ASSERT_EQ(events.size(), 1u);
  Json sgn = events[0].sgn();
  EXPECT_EQ(sgn["nev"].value("net", 0), 2);
  EXPECT_EQ(sgn["nev"]["rep"]["m2m:cnt"].value("ri", ""), cnt_ri);
  EXPECT_EQ(sgn.value("sur", ""), "/id-in/" + sub_ri);
  EXPECT_EQ(events[0].request.operation, model::Operation::kNotify);
  EXPECT_EQ(events[0].request.originator, "/id-in");

  // su was verified at CREATE (issue 15 #7); the deletion notice comes second.
  ASSERT_TRUE(cse_.sender().waitForCount("http://target.test/su", 2, kDeliveryWait));
  auto sud = cse_.sender().sentTo("http://target.test/su");
  EXPECT_TRUE(sud[0].isVerification());
  EXPECT_TRUE(sud[1].isDeletion());
  EXPECT_EQ(sud[1].sgn().value("sur", ""), "/id-in/" + sub_ri);
  EXPECT_FALSE(cse_.exists(cnt + "/watch"));
}

TEST_F(ExpiryReaperTest, NotifiesChildDeletionWhenInstanceExpires) {
  std::string cnt = container(ae_, "cnt");
  model::Response sub = cse_.create(
      owner_, cnt, 23,
      {{"m2m:sub", {{"rn", "watch"}, {"nu", {"http://target.test/n"}}, {"enc", {{"net", {4}}}}}}});
  ASSERT_EQ(sub.status_code, Rsc::kCreated) << sub.content.dump();
  model::Response cin = instance(cnt, "brief", "x", {{"et", etIn(5s)}});
  ASSERT_EQ(cin.status_code, Rsc::kCreated);

  cse_.clock().advance(6s);
  EXPECT_EQ(cse_.reaper().runOnce(), 1u);
  ASSERT_TRUE(cse_.sender().waitForEvents("http://target.test/n", 1, kDeliveryWait));
  Json sgn = cse_.sender().eventsTo("http://target.test/n")[0].sgn();
  EXPECT_EQ(sgn["nev"].value("net", 0), 4);
  EXPECT_EQ(sgn["nev"]["rep"]["m2m:cin"].value("ri", ""), cin.content["m2m:cin"].value("ri", ""));
}

TEST_F(ExpiryReaperTest, SendsSubscriptionDeletionWhenSubscriptionExpires) {
  std::string cnt = container(ae_, "cnt");
  model::Response sub = cse_.create(owner_, cnt, 23,
                                    {{"m2m:sub",
                                      {{"rn", "brief"},
                                       {"nu", {"http://target.test/n"}},
                                       {"su", "http://target.test/su"},
                                       {"et", etIn(30s)}}}});
  ASSERT_EQ(sub.status_code, Rsc::kCreated) << sub.content.dump();
  cse_.clock().advance(31s);
  EXPECT_EQ(cse_.reaper().runOnce(), 1u);
  EXPECT_FALSE(cse_.exists(cnt + "/brief"));
  EXPECT_TRUE(cse_.exists(cnt));
  ASSERT_TRUE(cse_.sender().waitForCount("http://target.test/su", 2, kDeliveryWait));
  EXPECT_TRUE(cse_.sender().sentTo("http://target.test/su")[0].isVerification());
  EXPECT_TRUE(cse_.sender().sentTo("http://target.test/su")[1].isDeletion());
  // Only the verification went to nu: an expiring subscription is not an event of its parent
  // that this subscription (default enc: updates) selects.
  ASSERT_TRUE(cse_.notifications().waitIdle(kDeliveryWait));
  for (const auto& s : cse_.sender().sentTo("http://target.test/n")) {
    EXPECT_TRUE(s.isVerification()) << s.request.content.dump();
  }
}

}  // namespace
}  // namespace citadel::testing
