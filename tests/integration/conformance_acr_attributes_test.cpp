// Issue 24 #17: attribute-level access control, acr.aca (accessControlAttributes), through the
// real bindings. Release 4 TS-0001 Table 9.6.2.1-x: the attributes an accessControlRule's
// privileges apply to for RETRIEVE and UPDATE; without aca the rule applies to every attribute.
// (m2m:accessControlRule aca: list of NCName, 0..1.) Citadel always returns the identifying
// attributes ty, ri, rn and pi, so that a trimmed representation stays addressable.
#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>
#include <set>
#include <string>

#include "tests/support/cse_fixture.h"
#include "tests/support/notification_receiver.h"

namespace citadel::testing {
namespace {

Json rule(const std::string& originator, int acop, Json aca = nullptr) {
  Json r = {{"acor", {originator}}, {"acop", acop}};
  if (!aca.is_null()) r["aca"] = std::move(aca);
  return r;
}

constexpr int kRetrieve = 2, kUpdate = 4;

// The attribute names of a representation.
std::set<std::string> namesOf(const Json& attributes) {
  std::set<std::string> out;
  for (auto it = attributes.begin(); attributes.is_object() && it != attributes.end(); ++it) {
    out.insert(it.key());
  }
  return out;
}

// Only covered attributes (lbl) and the identifying ones.
void expectOnlyLabelsAndIdentifiers(const Json& attributes) {
  for (const auto& name : namesOf(attributes)) {
    EXPECT_TRUE(name == "lbl" || name == "ty" || name == "ri" || name == "rn" || name == "pi")
        << "uncovered attribute '" << name << "' returned in " << attributes.dump();
  }
  EXPECT_TRUE(attributes.contains("ri")) << attributes.dump();
}

class AcrAttributesBase : public CseFixture {
 protected:
  void SetUp() override {
    CseFixture::SetUp();
    if (HasFatalFailure()) return;
    owner_ = registerAe("owner");
    reader_ = registerAe("reader");
    cnt_ = createContainer(owner_.id, owner_.path, {{"lbl", {"before"}}});
    ASSERT_FALSE(cnt_.empty());
  }

  // An ACP under the owner's AE with `rules` plus the owner's full rule; its ri.
  std::string createAcp(Json rules) {
    rules.push_back(rule(owner_.id, 63));
    std::string rn = uniqueName("acp");
    HttpResult r = http().create(
        owner_.id, owner_.path, 1,
        {{"m2m:acp",
          {{"rn", rn}, {"pv", {{"acr", rules}}}, {"pvs", {{"acr", {rule(owner_.id, 63)}}}}}}});
    EXPECT_EQ(r.rsc, 2001) << r;
    return r.resource().value("ri", "");
  }
  void protect(const std::string& path, const std::string& acp_ri) {
    HttpResult r = http().update(owner_.id, path, {{"m2m:cnt", {{"acpi", {acp_ri}}}}});
    ASSERT_EQ(r.rsc, 2004) << r;
  }
  // The reader may RETRIEVE and UPDATE lbl only.
  void protectWithLabelRule(const std::string& path) {
    protect(path, createAcp(Json::array({rule(reader_.id, kRetrieve | kUpdate, {"lbl"})})));
  }
  Json stored(const std::string& path) {
    HttpResult r = http().retrieve(kAdmin, path);
    EXPECT_EQ(r.rsc, 2000) << r;
    return r.resource();
  }

  Ae owner_;
  Ae reader_;
  std::string cnt_;
};

class ConformanceAcrAttributesTest : public AcrAttributesBase {};

TEST_F(ConformanceAcrAttributesTest, AcaIsStoredAndReturned) {
  std::string acp = createAcp(Json::array({rule(reader_.id, kRetrieve, {"lbl", "et"})}));
  HttpResult r = http().retrieve(owner_.id, "/" + acp);
  ASSERT_EQ(r.rsc, 2000) << r;
  EXPECT_EQ(r.resource()["pv"]["acr"][0]["aca"], Json({"lbl", "et"})) << r;
}

TEST_F(ConformanceAcrAttributesTest, UpdateOfACoveredAttributeSucceeds) {
  protectWithLabelRule(cnt_);
  HttpResult r = http().update(reader_.id, cnt_, {{"m2m:cnt", {{"lbl", {"after"}}}}});
  ASSERT_EQ(r.rsc, 2004) << r;
  // The answer (rcn 1) carries no attribute the reader's privilege does not cover.
  expectOnlyLabelsAndIdentifiers(r.resource());
  EXPECT_EQ(stored(cnt_)["lbl"], Json({"after"}));
}

TEST_F(ConformanceAcrAttributesTest, UpdateWithAnUncoveredAttributeChangesNothing) {
  protectWithLabelRule(cnt_);
  Json before = stored(cnt_);
  HttpResult r = http().update(reader_.id, cnt_, {{"m2m:cnt", {{"lbl", {"after"}}, {"mni", 5}}}});
  EXPECT_EQ(r.rsc, 4103) << r;
  EXPECT_NE(r.dbg().find("'mni'"), std::string::npos) << r;
  EXPECT_EQ(r.dbg().find("'lbl'"), std::string::npos) << r;
  Json after = stored(cnt_);
  EXPECT_EQ(after["lbl"], Json({"before"}));
  EXPECT_FALSE(after.contains("mni")) << after.dump();
  EXPECT_EQ(after["lt"], before["lt"]);
}

TEST_F(ConformanceAcrAttributesTest, RetrieveReturnsOnlyCoveredAttributes) {
  protectWithLabelRule(cnt_);
  HttpResult r = http().retrieve(reader_.id, cnt_);
  ASSERT_EQ(r.rsc, 2000) << r;
  expectOnlyLabelsAndIdentifiers(r.resource());
  EXPECT_EQ(r.resource()["lbl"], Json({"before"}));
  EXPECT_EQ(r.resource()["ty"], 3);
  // The owner still sees everything.
  EXPECT_TRUE(http().retrieve(owner_.id, cnt_).resource().contains("et"));
}

TEST_F(ConformanceAcrAttributesTest, PartialRetrieveOfAnUncoveredAttributeIsRefused) {
  protectWithLabelRule(cnt_);
  HttpResult refused = http().retrieve(reader_.id, cnt_, "atrl=et");
  EXPECT_EQ(refused.rsc, 4103) << refused;
  EXPECT_NE(refused.dbg().find("'et'"), std::string::npos) << refused;
  EXPECT_EQ(refused.body.find("\"et\":"), std::string::npos) << refused;
  HttpResult mixed = http().retrieve(reader_.id, cnt_, "atrl=lbl+et");
  EXPECT_EQ(mixed.rsc, 4103) << mixed;
  HttpResult covered = http().retrieve(reader_.id, cnt_, "atrl=lbl");
  ASSERT_EQ(covered.rsc, 2000) << covered;
  EXPECT_EQ(covered.resource()["lbl"], Json({"before"}));
}

// A conditional RETRIEVE (fu=2) answers whether the target matches: testing an attribute the
// originator may not read would read it bit by bit. Refused like an atrl naming it; children
// (rcn 4/6) whose uncovered attributes the conditions test are left out.
TEST_F(ConformanceAcrAttributesTest, FilterOnAnUncoveredAttributeIsRefused) {
  std::string child = createContainer(owner_.id, cnt_, {{"lbl", {"kid"}}});
  protectWithLabelRule(cnt_);
  protectWithLabelRule(child);
  HttpResult on_target = http().retrieve(reader_.id, cnt_, "fu=2&exa=20000101T000000");
  EXPECT_EQ(on_target.rsc, 4103) << on_target;
  EXPECT_NE(on_target.dbg().find("'et'"), std::string::npos) << on_target;
  EXPECT_EQ(http().retrieve(reader_.id, cnt_, "fu=2&cni=0").rsc, 4103);
  EXPECT_EQ(http().retrieve(reader_.id, cnt_, "fu=2&lbl=before").rsc, 2000);
  for (int rcn : {4, 6}) {
    HttpResult kids =
        http().retrieve(reader_.id, cnt_, "fu=2&exa=20000101T000000&rcn=" + std::to_string(rcn));
    ASSERT_EQ(kids.rsc, 2000) << kids;
    EXPECT_EQ(kids.body.find(child.substr(child.rfind('/') + 1)), std::string::npos) << kids;
  }
  HttpResult by_label = http().retrieve(reader_.id, cnt_, "fu=2&lbl=kid&rcn=6");
  ASSERT_EQ(by_label.rsc, 2000) << by_label;
  EXPECT_NE(by_label.body.find(child.substr(child.rfind('/') + 1)), std::string::npos)
      << by_label;
}

TEST_F(ConformanceAcrAttributesTest, RuleWithoutAcaGrantsTheWholeRepresentation) {
  protect(cnt_, createAcp(Json::array({rule(reader_.id, kRetrieve | kUpdate, {"lbl"}),
                                       rule(reader_.id, kRetrieve)})));
  HttpResult r = http().retrieve(reader_.id, cnt_);
  ASSERT_EQ(r.rsc, 2000) << r;
  EXPECT_TRUE(r.resource().contains("et")) << r;
  EXPECT_TRUE(r.resource().contains("ct")) << r;
  // UPDATE is still granted for lbl only.
  EXPECT_EQ(http().update(reader_.id, cnt_, {{"m2m:cnt", {{"mni", 5}}}}).rsc, 4103);
  EXPECT_FALSE(stored(cnt_).contains("mni"));
}

TEST_F(ConformanceAcrAttributesTest, RulesListsUnite) {
  protect(cnt_, createAcp(Json::array(
                    {rule(reader_.id, kUpdate, {"lbl"}), rule(reader_.id, kUpdate, {"mni"})})));
  HttpResult r = http().update(reader_.id, cnt_, {{"m2m:cnt", {{"lbl", {"u"}}, {"mni", 7}}}});
  ASSERT_EQ(r.rsc, 2004) << r;
  Json after = stored(cnt_);
  EXPECT_EQ(after["lbl"], Json({"u"}));
  EXPECT_EQ(after["mni"], 7);
}

TEST_F(ConformanceAcrAttributesTest, InvalidAcaIsRefusedAndNothingStored) {
  for (const Json& aca : {Json::array({""}), Json::array({3}), Json("lbl"), Json::array(),
                          Json::array({"a:b"}), Json::array({"1st"})}) {
    std::string rn = uniqueName("badacp");
    HttpResult r = http().create(owner_.id, owner_.path, 1,
                                 {{"m2m:acp",
                                   {{"rn", rn},
                                    {"pv", {{"acr", {rule(reader_.id, kRetrieve, aca)}}}},
                                    {"pvs", {{"acr", {rule(owner_.id, 63)}}}}}}});
    EXPECT_EQ(r.rsc, 4000) << aca.dump() << ": " << r;
    EXPECT_NE(r.dbg().find("acr.aca"), std::string::npos) << r;
    EXPECT_EQ(http().retrieve(owner_.id, owner_.path + "/" + rn).rsc, 4004) << aca.dump();
  }
  // The same on UPDATE (pv and pvs): the stored rules stay as they were.
  std::string acp = createAcp(Json::array());
  for (const char* attribute : {"pv", "pvs"}) {
    HttpResult r = http().update(
        owner_.id, "/" + acp,
        {{"m2m:acp", {{attribute, {{"acr", {rule(owner_.id, 63, Json::array({""}))}}}}}}});
    EXPECT_EQ(r.rsc, 4000) << r;
    HttpResult after = http().retrieve(owner_.id, "/" + acp);
    EXPECT_FALSE(after.resource()[attribute]["acr"][0].contains("aca")) << after;
  }
}

TEST_F(ConformanceAcrAttributesTest, ChildrenInRcn4AreTrimmedEach) {
  std::string child = createContainer(owner_.id, cnt_, {{"lbl", {"kid"}}});
  protectWithLabelRule(cnt_);
  protectWithLabelRule(child);
  for (int rcn : {4, 8}) {
    HttpResult r = http().retrieve(reader_.id, cnt_, "rcn=" + std::to_string(rcn));
    ASSERT_EQ(r.rsc, 2000) << r;
    const Json& body = r.resource();
    ASSERT_TRUE(body.contains("m2m:cnt")) << r;
    expectOnlyLabelsAndIdentifiers(body["m2m:cnt"][0]);
    EXPECT_EQ(body["m2m:cnt"][0]["lbl"], Json({"kid"}));
    if (rcn == 4) {  // the container's own attributes too
      Json own = body;
      own.erase("m2m:cnt");
      expectOnlyLabelsAndIdentifiers(own);
    }
  }
}

TEST_F(ConformanceAcrAttributesTest, LatestInstanceIsTrimmed) {
  ASSERT_EQ(createCin(owner_.id, cnt_, "secret", {{"lbl", {"tag"}}}).rsc, 2001);
  protectWithLabelRule(cnt_);
  HttpResult r = http().retrieve(reader_.id, cnt_ + "/la");
  ASSERT_EQ(r.rsc, 2000) << r;
  expectOnlyLabelsAndIdentifiers(r.resource());
  EXPECT_EQ(r.body.find("secret"), std::string::npos) << r;
  EXPECT_EQ(http().retrieve(reader_.id, cnt_ + "/la", "atrl=con").rsc, 4103);
}

TEST_F(ConformanceAcrAttributesTest, DeleteAndCreateIgnoreAca) {
  protect(cnt_, createAcp(Json::array({rule(reader_.id, 1 | 8, {"lbl"})})));
  HttpResult created = createCin(reader_.id, cnt_, "x");
  EXPECT_EQ(created.rsc, 2001) << created;
  EXPECT_EQ(http().remove(reader_.id, cnt_).rsc, 2002);
}

// A notification carries what the subscriber could RETRIEVE: its representation (nev.rep) is
// trimmed like a RETRIEVE answer, for the subscribed-to resource (net 1) and for a new child
// governed by the same rules (net 3).
TEST_F(ConformanceAcrAttributesTest, NotificationsCarryOnlyCoveredAttributes) {
  NotificationReceiver receiver;
  ASSERT_NE(receiver.port(), 0);
  protect(cnt_,
          createAcp(Json::array({rule(reader_.id, 1), rule(reader_.id, kRetrieve, {"lbl"})})));
  HttpResult sub = http().create(
      reader_.id, cnt_, 23,
      {{"m2m:sub",
        {{"rn", uniqueName("sub")}, {"enc", {{"net", {1, 3}}}}, {"nu", {receiver.url("/r")}}}}});
  ASSERT_EQ(sub.rsc, 2001) << sub;
  ASSERT_EQ(http().update(owner_.id, cnt_, {{"m2m:cnt", {{"lbl", {"n"}}, {"mni", 9}}}}).rsc, 2004);
  ASSERT_EQ(createCin(owner_.id, cnt_, "secret", {{"lbl", {"tag"}}}).rsc, 2001);
  ASSERT_TRUE(receiver.waitForEvents("/r", 2, std::chrono::seconds(5)));
  auto events = receiver.eventsTo("/r");
  ASSERT_EQ(events.size(), 2u);
  Json updated = events[0].sgn()["nev"]["rep"]["m2m:cnt"];
  expectOnlyLabelsAndIdentifiers(updated);
  EXPECT_EQ(updated["lbl"], Json({"n"}));
  Json created = events[1].sgn()["nev"]["rep"]["m2m:cin"];
  expectOnlyLabelsAndIdentifiers(created);
  EXPECT_EQ(created["lbl"], Json({"tag"}));
  EXPECT_EQ(events[1].body.find("secret"), std::string::npos) << events[1].body;
}

// The same decision over CoAP (and MQTT): the binding carries the trimmed representation and
// the refusal.
class ConformanceAcrAttributesBindingTest : public AcrAttributesBase,
                                            public ::testing::WithParamInterface<std::string> {
 protected:
  static void SetUpTestSuite() {
    broker_ = &MosquittoBroker::shared();
    startCse({"--coap.enabled=true", "--coap.port=0", "--mqtt.enabled=true",
              "--mqtt.broker=" + broker_->uri(),
              "--mqtt.clientId=citadel-aca-" + std::to_string(::getpid())});
  }
  void SetUp() override {
    AcrAttributesBase::SetUp();
    if (HasFatalFailure()) return;
    connectBindingClient(GetParam(), *broker_, client_);
  }
  static inline MosquittoBroker* broker_ = nullptr;
  std::unique_ptr<BindingClient> client_;
};

TEST_P(ConformanceAcrAttributesBindingTest, RetrieveIsTrimmedAndUncoveredUpdateRefused) {
  protectWithLabelRule(cnt_);
  BindingReply got = client_->retrieve(reader_.id, cnt_);
  ASSERT_EQ(got.rsc, 2000) << got;
  expectOnlyLabelsAndIdentifiers(got.resource());
  BindingReply refused =
      client_->update(reader_.id, cnt_, {{"m2m:cnt", {{"lbl", {"x"}}, {"mni", 5}}}});
  EXPECT_EQ(refused.rsc, 4103) << refused;
  EXPECT_NE(refused.dbg().find("'mni'"), std::string::npos) << refused;
  EXPECT_FALSE(stored(cnt_).contains("mni"));
  BindingReply updated = client_->update(reader_.id, cnt_, {{"m2m:cnt", {{"lbl", {"x"}}}}});
  EXPECT_EQ(updated.rsc, 2004) << updated;
  EXPECT_EQ(stored(cnt_)["lbl"], Json({"x"}));
}

INSTANTIATE_TEST_SUITE_P(Bindings, ConformanceAcrAttributesBindingTest,
                         ::testing::Values("coap", "mqtt"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace citadel::testing
