// Attacks through notifications (issue 15 #6, #7), each over HTTP against the real binary with
// a real notification receiver: what a subscriber must not learn, and where the CSE must not
// send on an originator's word.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>

#include "tests/support/cse_fixture.h"
#include "tests/support/notification_receiver.h"

namespace citadel::testing {
namespace {

using namespace std::chrono_literals;

constexpr auto kSecurityNotifyWait = 5s;

class SecurityNotificationTest : public CseFixture {
 protected:
  void SetUp() override {
    CseFixture::SetUp();
    if (HasFatalFailure()) return;
    receiver_ = std::make_unique<NotificationReceiver>();
    ASSERT_NE(receiver_->port(), 0);
  }
  void TearDown() override { receiver_.reset(); }

  NotificationReceiver& receiver() { return *receiver_; }

  struct Acp {
    std::string ri;
    std::string path;
  };
  // An ACP of `owner` whose pv grants `reader` `acop` (3: CREATE a subscription and RETRIEVE)
  // and the owner everything; pvs only the owner.
  Acp acpGranting(const Ae& owner, const std::string& reader, int acop) {
    Json pv = {
        {"acr", {{{"acor", {reader}}, {"acop", acop}}, {{"acor", {owner.id}}, {"acop", 63}}}}};
    Json pvs = {{"acr", {{{"acor", {owner.id}}, {"acop", 63}}}}};
    std::string rn = uniqueName("acp");
    HttpResult acp = http().create(owner.id, owner.path, 1,
                                   {{"m2m:acp", {{"rn", rn}, {"pv", pv}, {"pvs", pvs}}}});
    EXPECT_EQ(acp.rsc, 2001) << acp;
    return {acp.resource().value("ri", ""), owner.path + "/" + rn};
  }

  // `subscriber` subscribes to `parent` for child creation, notified at `path` of the receiver
  // (its AE-ID when `path` is empty).
  HttpResult subscribe(const Ae& subscriber, const std::string& parent, Json extra = {}) {
    Json attributes = {{"rn", uniqueName("sub")}, {"enc", {{"net", {3}}}}};
    for (auto it = extra.begin(); it != extra.end(); ++it) attributes[it.key()] = *it;
    return http().create(subscriber.id, parent, 23, {{"m2m:sub", attributes}});
  }

 private:
  std::unique_ptr<NotificationReceiver> receiver_;
};

TEST_F(SecurityNotificationTest, ANewChildIsNotifiedOnlyToWhoMayRetrieveIt) {
  // Before: a subscriber allowed to RETRIEVE the parent received the representation of every
  // new child, whatever the child's own ACPs said.
  Ae owner = registerAe("owner");
  Ae spy = registerAe("spy");
  Acp open_acp = acpGranting(owner, spy.id, 3);
  std::string parent = createContainer(owner.id, owner.path, {{"acpi", {open_acp.ri}}});
  ASSERT_EQ(subscribe(spy, parent, {{"nu", {receiver().url("/spy")}}}).rsc, 2001);
  ASSERT_EQ(receiver().requestsTo("/spy").size(), 1u);  // the verification
  // A private child (default policy: its creator only) and a readable one.
  ASSERT_FALSE(createContainer(owner.id, parent, {{"rn", "private"}, {"lbl", {"secret"}}}).empty());
  ASSERT_EQ(createCin(owner.id, parent, "public").rsc, 2001);
  ASSERT_TRUE(receiver().waitForEvents("/spy", 1, kSecurityNotifyWait));
  std::this_thread::sleep_for(300ms);  // room for a wrongly sent second event to arrive
  auto events = receiver().eventsTo("/spy");
  ASSERT_EQ(events.size(), 1u) << "only the readable child is notified";
  EXPECT_TRUE(events[0].sgn()["nev"]["rep"].contains("m2m:cin")) << events[0].body;
}

TEST_F(SecurityNotificationTest, ARevokedPrivilegeStopsDelivery) {
  Ae owner = registerAe("owner");
  Ae reader = registerAe("reader");
  Acp acp = acpGranting(owner, reader.id, 3);
  std::string cnt = createContainer(owner.id, owner.path, {{"acpi", {acp.ri}}});
  ASSERT_EQ(subscribe(reader, cnt, {{"nu", {receiver().url("/r")}}}).rsc, 2001);
  ASSERT_EQ(createCin(owner.id, cnt, "before").rsc, 2001);
  ASSERT_TRUE(receiver().waitForEvents("/r", 1, kSecurityNotifyWait));
  // The owner takes RETRIEVE away: nothing more reaches the former reader.
  Json nobody = {{"acr", {{{"acor", {owner.id}}, {"acop", 63}}}}};
  ASSERT_EQ(http().update(owner.id, acp.path, {{"m2m:acp", {{"pv", nobody}}}}).rsc, 2004);
  ASSERT_EQ(createCin(owner.id, cnt, "after").rsc, 2001);
  // A second subscriber of the owner's proves the event was processed.
  ASSERT_EQ(subscribe(owner, cnt, {{"nu", {receiver().url("/o")}}}).rsc, 2001);
  ASSERT_EQ(createCin(owner.id, cnt, "sentinel").rsc, 2001);
  ASSERT_TRUE(receiver().waitForEvents("/o", 1, kSecurityNotifyWait));
  for (const auto& event : receiver().eventsTo("/r")) {
    EXPECT_EQ(event.sgn()["nev"]["rep"]["m2m:cin"].value("con", ""), "before") << event.body;
  }
}

TEST_F(SecurityNotificationTest, TheOwnerOfTheWatchedResourceSeesAndRemovesSubscriptions) {
  // Before: a <subscription> without acpi was the subscriber's alone; the owner of the
  // subscribed-to resource could neither see who watched it nor stop it.
  Ae owner = registerAe("owner");
  Ae watcher = registerAe("watcher");
  Acp acp = acpGranting(owner, watcher.id, 3);
  std::string cnt = createContainer(owner.id, owner.path, {{"acpi", {acp.ri}}});
  HttpResult sub = subscribe(watcher, cnt, {{"nu", {watcher.id}}});
  ASSERT_EQ(sub.rsc, 2001) << sub;
  std::string path = cnt + "/" + sub.resource().value("rn", "");
  EXPECT_EQ(http().retrieve(owner.id, path).rsc, 2000);
  EXPECT_EQ(http().update(owner.id, path, {{"m2m:sub", {{"nu", {owner.id}}}}}).rsc, 4103)
      << "seeing and removing, not redirecting";
  EXPECT_EQ(http().remove(owner.id, path).rsc, 2002);
}

TEST_F(SecurityNotificationTest, ASelfDeclaredPoaDoesNotSkipVerification) {
  // Before: an AE that listed a victim's URL in its own poa could subscribe that URL without the
  // victim ever being asked (the CSE then sends it notifications on the AE's word).
  receiver().setRsc("/victim", 4101);  // the victim refuses verification requests
  std::string victim = receiver().url("/victim");
  HttpResult ae = http().create("Cattacker", kCseBase, 2,
                                {{"m2m:ae",
                                  {{"rn", uniqueName("attacker")},
                                   {"api", "Natt"},
                                   {"rr", true},
                                   {"poa", {victim}},
                                   {"srv", {"3"}}}}});
  ASSERT_EQ(ae.rsc, 2001) << ae;
  Ae attacker{"Cattacker", ae.resource().value("rn", ""),
              std::string(kCseBase) + "/" + ae.resource().value("rn", "")};
  std::string cnt = createContainer(attacker.id, attacker.path);
  HttpResult sub = subscribe(attacker, cnt, {{"nu", {victim}}});
  EXPECT_EQ(sub.rsc, 5204) << sub;
  EXPECT_EQ(receiver().requestsTo("/victim").size(), 1u) << "the victim was asked";
}

TEST_F(SecurityNotificationTest, NewTargetsOfAnUpdateAndTheSubscriberUriAreVerified) {
  // Before: an UPDATE of nu, and su at CREATE, were never verified.
  receiver().setRsc("/victim", 4101);
  std::string victim = receiver().url("/victim");
  Ae attacker = registerAe("attacker");
  std::string cnt = createContainer(attacker.id, attacker.path);
  HttpResult sub = subscribe(attacker, cnt, {{"nu", {attacker.id}}});
  ASSERT_EQ(sub.rsc, 2001) << sub;
  std::string path = cnt + "/" + sub.resource().value("rn", "");
  HttpResult redirected = http().update(attacker.id, path, {{"m2m:sub", {{"nu", {victim}}}}});
  EXPECT_EQ(redirected.rsc, 5204) << redirected;
  EXPECT_EQ(http().retrieve(attacker.id, path).resource().value("nu", Json::array()),
            Json::array({attacker.id}));
  HttpResult with_su = subscribe(attacker, cnt, {{"nu", {attacker.id}}, {"su", victim}});
  EXPECT_EQ(with_su.rsc, 5204) << with_su;
  EXPECT_EQ(receiver().requestsTo("/victim").size(), 2u);
}

}  // namespace
}  // namespace citadel::testing
