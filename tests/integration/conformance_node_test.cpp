// <node> (ty 14, m2m:nod), from TS-0004 §7.4.18 and TS-0001 §9.6.18, against the real binary over
// HTTP and CoAP: CREATE with every attribute of Table 7.4.18.1-3 (and nodeType, Release 4),
// the mandatory nodeID, values of the wrong type or form (4000), the NP attributes roamingStatus
// and networkID (4000 on CREATE and UPDATE), a parent other than the <CSEBase> (4108), RETRIEVE,
// UPDATE, DELETE with a <subscription> child, discovery by type and label, and a subscriber
// notified of an UPDATE.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/binding_client.h"
#include "tests/support/cse_fixture.h"
#include "tests/support/notification_receiver.h"

namespace citadel::testing {
namespace {

class ConformanceNodeTest : public CseFixture, public ::testing::WithParamInterface<std::string> {
 protected:
  static void SetUpTestSuite() { startCse({"--coap.enabled=true", "--coap.port=0"}); }
  void SetUp() override {
    CseFixture::SetUp();
    if (HasFatalFailure()) return;
    connectBindingClient(GetParam(), client_);
  }

  // Every attribute of TS-0004 Table 7.4.18.1-3 a CREATE may carry, and the common ones.
  Json fullNode(const std::string& rn) {
    return {{"rn", rn},
            {"ni", "urn:dev:ops:32473-Sensor-" + rn},
            {"hcl", "/id-mn"},
            {"hael", {"/id-in/Cae1", "/id-in/Cae2"}},
            {"hsl", {"/id-in/fcnt1"}},
            {"mgca", "10.0.0.7:5683"},
            {"nty", 2},
            {"lbl", {"site/1", "type/gateway"}}};
  }

  BindingReply createNode(const Json& attributes, const std::string& parent = kCseBase) {
    return client_->create(kAdmin, parent, 14, {{"m2m:nod", attributes}});
  }

  std::unique_ptr<BindingClient> client_;
};

TEST_P(ConformanceNodeTest, ACreatedNodeKeepsEveryAttributeItWasGiven) {
  std::string rn = uniqueName("nod");
  Json attributes = fullNode(rn);
  BindingReply created = createNode(attributes);
  ASSERT_EQ(created.rsc, 2001) << created;
  const Json& node = created.resource();
  EXPECT_EQ(node.value("ty", 0), 14);
  EXPECT_TRUE(node.value("ri", "").starts_with("nod")) << node;
  for (auto it = attributes.begin(); it != attributes.end(); ++it) {
    EXPECT_EQ(node[it.key()], *it) << it.key();
  }
  BindingReply read = client_->retrieve(kAdmin, std::string(kCseBase) + "/" + rn);
  ASSERT_EQ(read.rsc, 2000) << read;
  for (auto it = attributes.begin(); it != attributes.end(); ++it) {
    EXPECT_EQ(read.resource()[it.key()], *it) << it.key();
  }
  for (const char* common : {"ct", "lt", "et", "pi"}) {
    EXPECT_TRUE(read.resource().contains(common)) << common;
  }
  EXPECT_FALSE(read.resource().contains("rms"));  // no information from the network
  EXPECT_FALSE(read.resource().contains("nid"));
}

TEST_P(ConformanceNodeTest, InvalidNodesAreRefusedAndNothingIsStored) {
  auto refused = [&](Json attributes, const std::string& named) {
    std::string rn = uniqueName("bad");
    attributes["rn"] = rn;
    BindingReply r = createNode(attributes);
    EXPECT_EQ(r.rsc, 4000) << attributes.dump() << ": " << r;
    EXPECT_NE(r.dbg().find(named), std::string::npos) << r.dbg();
    EXPECT_EQ(http().retrieve(kAdmin, std::string(kCseBase) + "/" + rn).rsc, 4004);
  };
  refused(Json::object(), "ni");                            // nodeID is mandatory
  refused({{"ni", 7}}, "ni");                               // not a string
  refused({{"ni", ""}}, "ni");                              // empty
  refused({{"ni", std::string(1100, 'n')}}, "ni");          // over the bound
  refused({{"ni", "n1"}, {"hael", "/id-in/Cae1"}}, "hael");  // not a list
  refused({{"ni", "n1"}, {"hael", {""}}}, "hael");
  refused({{"ni", "n1"}, {"hsl", {1}}}, "hsl");
  refused({{"ni", "n1"}, {"hcl", ""}}, "hcl");
  refused({{"ni", "n1"}, {"nty", -1}}, "nty");
  refused({{"ni", "n1"}, {"mgca", true}}, "mgca");
  refused({{"ni", "n1"}, {"rms", true}}, "rms");           // NP: from the network only
  refused({{"ni", "n1"}, {"nid", "net-1"}}, "nid");
  refused({{"ni", "n1"}, {"unknownAttribute", 1}}, "unknownAttribute");
}

TEST_P(ConformanceNodeTest, OnlyTheCseBaseHoldsNodes) {
  Ae ae = registerAe("nodeParent");
  BindingReply under_ae = createNode({{"ni", "n1"}}, ae.path);
  EXPECT_EQ(under_ae.rsc, 4108) << under_ae;
  std::string cnt = createContainer(kAdmin, kCseBase);
  EXPECT_EQ(createNode({{"ni", "n1"}}, cnt).rsc, 4108);
}

TEST_P(ConformanceNodeTest, UpdateChangesWhatItMayAndRefusesTheRest) {
  std::string rn = uniqueName("nod");
  ASSERT_EQ(createNode(fullNode(rn)).rsc, 2001);
  std::string path = std::string(kCseBase) + "/" + rn;
  BindingReply updated = client_->update(
      kAdmin, path, {{"m2m:nod", {{"ni", "urn:dev:new"}, {"hael", {"/id-in/Cae3"}}, {"nty", 1}}}});
  ASSERT_EQ(updated.rsc, 2004) << updated;
  Json stored = http().retrieve(kAdmin, path).resource();
  EXPECT_EQ(stored["ni"], "urn:dev:new");
  EXPECT_EQ(stored["hael"], Json({"/id-in/Cae3"}));
  EXPECT_EQ(stored["hsl"], Json({"/id-in/fcnt1"}));  // untouched
  for (const Json& changes : {Json{{"rms", false}}, Json{{"nid", "x"}}, Json{{"ri", "nodX"}},
                              Json{{"ct", "20200101T000000"}}, Json{{"ni", ""}},
                              Json{{"hael", {""}}}}) {
    BindingReply refused = client_->update(kAdmin, path, {{"m2m:nod", changes}});
    EXPECT_EQ(refused.rsc, 4000) << changes.dump() << ": " << refused;
  }
  EXPECT_EQ(http().retrieve(kAdmin, path).resource()["ni"], "urn:dev:new");
}

TEST_P(ConformanceNodeTest, DeletingANodeDeletesItsSubscriptions) {
  std::string rn = uniqueName("nod");
  ASSERT_EQ(createNode(fullNode(rn)).rsc, 2001);
  std::string path = std::string(kCseBase) + "/" + rn;
  NotificationReceiver receiver;
  ASSERT_NE(receiver.port(), 0);
  BindingReply sub = client_->create(
      kAdmin, path, 23,
      {{"m2m:sub", {{"rn", "watch"}, {"nu", {receiver.url("/n")}}, {"enc", {{"net", {1}}}}}}});
  ASSERT_EQ(sub.rsc, 2001) << sub;
  ASSERT_EQ(client_->update(kAdmin, path, {{"m2m:nod", {{"mgca", "10.0.0.8"}}}}).rsc, 2004);
  ASSERT_TRUE(receiver.waitForEvents("/n", 1, std::chrono::seconds(5)));
  EXPECT_EQ(receiver.eventsTo("/n")[0].sgn()["nev"]["rep"]["m2m:nod"]["mgca"], "10.0.0.8");
  BindingReply removed = client_->remove(kAdmin, path);
  EXPECT_EQ(removed.rsc, 2002) << removed;
  EXPECT_EQ(http().retrieve(kAdmin, path).rsc, 4004);
  EXPECT_EQ(http().retrieve(kAdmin, path + "/watch").rsc, 4004);
}

TEST_P(ConformanceNodeTest, NodesAreFoundByTypeAndLabel) {
  std::string label = "site/" + uniqueName("l");
  std::string rn = uniqueName("nod");
  Json attributes = fullNode(rn);
  attributes["lbl"] = {label};
  ASSERT_EQ(createNode(attributes).rsc, 2001);
  ASSERT_EQ(createContainer(kAdmin, kCseBase, {{"lbl", {label}}}).empty(), false);
  HttpResult found = http().retrieve(kAdmin, kCseBase, "fu=1&ty=14&lbl=" + label);
  ASSERT_EQ(found.rsc, 2000) << found;
  Json uril = found.json.value("m2m:uril", Json::array());
  ASSERT_EQ(uril.size(), 1u) << found;
  EXPECT_NE(uril[0].get<std::string>().find(rn), std::string::npos) << found;
}

INSTANTIATE_TEST_SUITE_P(Bindings, ConformanceNodeTest, ::testing::Values("http", "coap"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace citadel::testing
