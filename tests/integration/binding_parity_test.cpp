// Binding parity (issue 4): the same CRUD lifecycle, ACP 4103 matrix and notification checks
// over HTTP, CoAP and MQTT against one real `citadel` with all three bindings on (CoAP on a free
// UDP port, MQTT through a Mosquitto started by the test on a free port). Every result is
// also checked in the resource tree over HTTP, so a binding cannot pass by answering alone.
// Issue 5 adds the <group> lifecycle and its refusals (6010, 4110, 4108), the fan-out through fopt, group
// originators in acor, acod child types, the creator rules and aclr location contexts.
#include <gtest/gtest.h>
#include <unistd.h>

#include <condition_variable>
#include <fstream>
#include <mutex>

#include "bindings/coap/coap_server.h"
#include "bindings/mqtt/mqtt_binding.h"
#include "tests/support/crud_op.h"
#include "tests/support/binding_client.h"
#include "tests/support/cse_fixture.h"
#include "tests/support/mosquitto_broker.h"
#include "tests/support/mqtt_client.h"
#include "tests/support/notification_receiver.h"
#include "tests/support/temp_dir.h"

namespace citadel::testing {
namespace {

int successRsc(Op op) {
  return op == Op::kCreate ? 2001 : op == Op::kRetrieve ? 2000 : op == Op::kUpdate ? 2004 : 2002;
}
std::string opName(Op op) {
  return op == Op::kCreate ? "Create" : op == Op::kRetrieve ? "Retrieve" : op == Op::kUpdate ? "Update" : "Delete";
}

// Requests the CSE sends to a notification target, whatever the binding.
class RecordedNotifications : public model::PrimitiveHandler {
 public:
  model::Response handle(model::Request request) override {
    model::Response response;
    response.request_id = request.request_id;
    response.status_code = model::Rsc::kOk;
    {
      std::lock_guard lock(mu_);
      sgn_.push_back(request.content.value("m2m:sgn", Json()));
    }
    cv_.notify_all();
    return response;
  }
  bool waitFor(size_t n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(10), [&] { return sgn_.size() >= n; });
  }
  std::vector<Json> sgn() {
    std::lock_guard lock(mu_);
    return sgn_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Json> sgn_;
};

class BindingParityTest : public CseFixture, public ::testing::WithParamInterface<std::string> {
 protected:
  static void SetUpTestSuite() {
    broker_ = &MosquittoBroker::shared();
    // Retained locations for the aclr cases (TS-0003 Annex F), one pair of AEs per binding.
    locations_ = std::make_unique<TempDir>();
    {
      std::ofstream out(locations_->file("locations"));
      for (const char* binding : {"http", "coap", "mqtt"}) {
        out << "Clocberlin" << binding << " 52.52 13.405 DE\n"
            << "Clocparis" << binding << " 48.8566 2.3522 FR\n";
      }
    }
    startCse({"--acp.locations=" + locations_->file("locations"), "--coap.enabled=true",
              "--coap.port=0", "--mqtt.enabled=true",
              "--mqtt.broker=" + broker_->uri(),
              "--mqtt.clientId=citadel-parity-" + std::to_string(::getpid())});
  }

  void SetUp() override {
    CseFixture::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(broker_->running()) << broker_->log();
    connectBindingClient(GetParam(), *broker_, client_);
  }

  BindingClient& client() { return *client_; }

  // Registers an AE over the binding under test.
  Ae registerAeOverBinding(Json extra = Json::object()) {
    Ae ae;
    ae.name = uniqueName("pae");
    ae.id = "C" + ae.name;
    ae.path = std::string(kCseBase) + "/" + ae.name;
    Json attributes = {{"rn", ae.name}, {"api", "N" + ae.name}, {"rr", false}, {"srv", {"3"}}};
    attributes.update(extra);
    BindingReply r = client().create(ae.id, kCseBase, 2, {{"m2m:ae", attributes}});
    EXPECT_EQ(r.rsc, 2001) << r;
    EXPECT_EQ(r.resource().value("aei", ""), ae.id) << r;
    return ae;
  }

  BindingReply perform(Op op, const std::string& originator, const std::string& target) {
    switch (op) {
      case Op::kCreate:
        return client().create(originator, target, 4, {{"m2m:cin", {{"con", "x"}}}});
      case Op::kRetrieve:
        return client().retrieve(originator, target);
      case Op::kUpdate:
        return client().update(originator, target, {{"m2m:cnt", {{"lbl", {"changed"}}}}});
      case Op::kDelete:
        return client().remove(originator, target);
    }
    return {};
  }

  static MosquittoBroker* broker_;
  static std::unique_ptr<TempDir> locations_;
  std::unique_ptr<BindingClient> client_;

  // An ACP under the owner's AE granting `other` RETRIEVE under `context` (acco), linked from a
  // new container; returns the container's path.
  std::string guardedByContext(const Ae& owner, const Ae& other, const Json& context,
                               const std::string& rn) {
    return guardedBy(owner, {{"acor", {other.id}}, {"acop", 2}, {"acco", Json::array({context})}},
                     rn);
  }

  // An ACP under `owner` whose pv grants `acor` the operations `acop` (the owner keeps 63), linked
  // from a new container `rn` under the owner; returns the container's path.
  std::string guardedBy(const Ae& owner, const Json& grant, const std::string& rn) {
    Json pv = {{"acr", {grant, {{"acor", {owner.id}}, {"acop", 63}}}}};
    Json pvs = {{"acr", {{{"acor", {owner.id}}, {"acop", 63}}}}};
    HttpResult acp = http().create(owner.id, owner.path, 1,
                                   {{"m2m:acp", {{"rn", "acp" + rn}, {"pv", pv}, {"pvs", pvs}}}});
    EXPECT_EQ(acp.rsc, 2001) << acp;
    HttpResult cnt = http().create(owner.id, owner.path, 3,
                                   {{"m2m:cnt", {{"rn", rn}, {"acpi", {acp.resource()["ri"]}}}}});
    EXPECT_EQ(cnt.rsc, 2001) << cnt;
    return owner.path + "/" + rn;
  }
};

MosquittoBroker* BindingParityTest::broker_ = nullptr;
std::unique_ptr<TempDir> BindingParityTest::locations_;

TEST_P(BindingParityTest, RunsTheResourceLifecycle) {
  Ae ae = registerAeOverBinding();
  ASSERT_FALSE(HasFailure());
  EXPECT_EQ(http().retrieve(kAdmin, ae.path).resource().value("aei", ""), ae.id)
      << "the AE is in the tree";

  std::string cnt = ae.path + "/cnt";
  BindingReply created = client().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", "cnt"}}}});
  ASSERT_EQ(created.rsc, 2001) << created;
  EXPECT_EQ(created.resource().value("rn", ""), "cnt");
  EXPECT_EQ(created.resource().value("ty", 0), 3);
  EXPECT_EQ(client().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", "cnt"}}}}).rsc, 4105)
      << "a sibling with the same name";

  for (const char* con : {"v1", "v2"}) {
    BindingReply cin = client().create(ae.id, cnt, 4, {{"m2m:cin", {{"con", con}}}});
    ASSERT_EQ(cin.rsc, 2001) << cin;
  }
  BindingReply latest = client().retrieve(ae.id, cnt + "/la");
  ASSERT_EQ(latest.rsc, 2000) << latest;
  EXPECT_EQ(latest.resource().value("con", ""), "v2");
  BindingReply oldest = client().retrieve(ae.id, cnt + "/ol");
  EXPECT_EQ(oldest.resource().value("con", ""), "v1") << oldest;
  EXPECT_EQ(http().retrieve(ae.id, cnt).resource().value("cni", 0), 2);

  BindingReply updated = client().update(ae.id, cnt, {{"m2m:cnt", {{"lbl", {"hot"}}}}});
  ASSERT_EQ(updated.rsc, 2004) << updated;
  EXPECT_EQ(updated.resource()["lbl"], Json::array({"hot"}));
  EXPECT_EQ(http().retrieve(ae.id, cnt).resource()["lbl"], Json::array({"hot"}));
  BindingReply read_only = client().update(ae.id, cnt, {{"m2m:cnt", {{"cni", 7}}}});
  EXPECT_EQ(read_only.rsc, 4000) << read_only;
  EXPECT_FALSE(read_only.dbg().empty()) << read_only;

  BindingReply missing = client().retrieve(ae.id, ae.path + "/nothing");
  EXPECT_EQ(missing.rsc, 4004) << missing;
  EXPECT_FALSE(missing.dbg().empty()) << missing;

  BindingReply deleted = client().remove(ae.id, cnt);
  ASSERT_EQ(deleted.rsc, 2002) << deleted;
  EXPECT_EQ(http().retrieve(ae.id, cnt).rsc, 4004);
  EXPECT_EQ(client().remove(ae.id, ae.path).rsc, 2002);
  EXPECT_EQ(http().retrieve(kAdmin, ae.path).rsc, 4004) << "deregistered";
}

TEST_P(BindingParityTest, RefusesAnUnregisteredOriginator) {
  BindingReply r = client().create("Cnobody" + std::to_string(::getpid()), kCseBase, 3,
                                   {{"m2m:cnt", {{"rn", uniqueName("c")}}}});
  EXPECT_EQ(r.rsc, 4106) << r;  // TS-0004 §7.3.2: ORIGINATOR_NOT_AUTHENTICATED
}

TEST_P(BindingParityTest, DeniesEveryOperationWithoutPrivilegeAndGrantsWithIt) {
  Ae owner = registerAe("own");
  Ae other = registerAe("oth");
  std::string cnt = createContainer(owner.id, owner.path, {{"rn", "guarded"}});
  ASSERT_FALSE(cnt.empty());
  for (Op op : {Op::kCreate, Op::kRetrieve, Op::kUpdate, Op::kDelete}) {
    SCOPED_TRACE(opName(op));
    BindingReply denied = perform(op, other.id, cnt);
    EXPECT_EQ(denied.rsc, 4103) << denied;
    EXPECT_FALSE(denied.dbg().empty()) << denied;
  }
  // Nothing the denied requests asked for happened.
  HttpResult after = http().retrieve(owner.id, cnt);
  ASSERT_EQ(after.rsc, 2000) << after;
  EXPECT_EQ(after.resource().value("cni", -1), 0);
  EXPECT_FALSE(after.resource().contains("lbl"));

  // Grant each operation alone, in turn; only it is served (DELETE last: it removes the target).
  for (Op op : {Op::kCreate, Op::kRetrieve, Op::kUpdate, Op::kDelete}) {
    SCOPED_TRACE(opName(op));
    std::string rn = uniqueName("acp");
    Json pv = {{"acr", {{{"acor", {other.id}}, {"acop", acopBit(op)}},
                        {{"acor", {owner.id}}, {"acop", 63}}}}};
    Json pvs = {{"acr", {{{"acor", {owner.id}}, {"acop", 63}}}}};
    HttpResult acp =
        http().create(owner.id, owner.path, 1, {{"m2m:acp", {{"rn", rn}, {"pv", pv}, {"pvs", pvs}}}});
    ASSERT_EQ(acp.rsc, 2001) << acp;
    HttpResult linked = http().update(owner.id, cnt, {{"m2m:cnt", {{"acpi", {acp.resource()["ri"]}}}}});
    ASSERT_EQ(linked.rsc, 2004) << linked;
    Op not_granted = op == Op::kRetrieve ? Op::kUpdate : Op::kRetrieve;
    EXPECT_EQ(perform(not_granted, other.id, cnt).rsc, 4103);
    BindingReply granted = perform(op, other.id, cnt);
    EXPECT_EQ(granted.rsc, successRsc(op)) << granted;
  }
  EXPECT_EQ(http().retrieve(owner.id, cnt).rsc, 4004) << "the granted DELETE removed it";
}

TEST_P(BindingParityTest, AppliesTimeWindowContextsOnEveryBinding) {
  Ae owner = registerAe("own");
  Ae other = registerAe("oth");
  // actw: "sec min hour day month weekday year" (TS-0004 Table 7.4.9.1-4).
  std::string always = guardedByContext(owner, other, {{"actw", {"* * * * * * *"}}}, "always");
  std::string never = guardedByContext(owner, other, {{"actw", {"* * * * * * 1999"}}}, "never");
  BindingReply inside = client().retrieve(other.id, always);
  EXPECT_EQ(inside.rsc, 2000) << inside;
  BindingReply outside = client().retrieve(other.id, never);
  EXPECT_EQ(outside.rsc, 4103) << outside;
}

TEST_P(BindingParityTest, AppliesIpContextsWhereTheBindingSeesThePeer) {
  Ae owner = registerAe("own");
  Ae other = registerAe("oth");
  std::string loopback =
      guardedByContext(owner, other, {{"acip", {{"ipv4", {"127.0.0.0/8"}}}}}, "lo");
  std::string elsewhere =
      guardedByContext(owner, other, {{"acip", {{"ipv4", {"10.0.0.0/8"}}}}}, "far");
  BindingReply near = client().retrieve(other.id, loopback);
  // Over MQTT the CSE sees only the broker, never the originator's address: an acip condition
  // cannot hold there, and the rule does not grant (deny by default).
  EXPECT_EQ(near.rsc, GetParam() == "mqtt" ? 4103 : 2000) << near;
  BindingReply far = client().retrieve(other.id, elsewhere);
  EXPECT_EQ(far.rsc, 4103) << far;
}

// ---- ACP semantics of issue 5: groups, acod, creator, aclr (TS-0001 §9.6.2, TS-0003 §7.1) ----

TEST_P(BindingParityTest, RunsTheGroupLifecycle) {
  Ae owner = registerAe("gown");
  Ae member = registerAe("gmem");
  std::string data = createContainer(owner.id, owner.path, {{"rn", "data"}});
  ASSERT_FALSE(data.empty());
  // <group> under an <AE> (TS-0001 Table 9.6.5-1); members of mixed types, one duplicate.
  BindingReply created = client().create(
      owner.id, owner.path, 9,
      {{"m2m:grp", {{"rn", "team"}, {"mnm", 3},
                    {"mid", {member.id, owner.id, member.id, data.substr(1)}}}}});
  ASSERT_EQ(created.rsc, 2001) << created;
  std::string group = owner.path + "/team";
  HttpResult stored = http().retrieve(owner.id, group);
  ASSERT_EQ(stored.rsc, 2000) << stored;
  EXPECT_EQ(stored.resource()["mid"], Json::array({member.id, owner.id, data.substr(1)}));
  EXPECT_EQ(stored.resource().value("cnm", -1), 3);
  EXPECT_EQ(stored.resource().value("mt", -1), 0) << "mixed by default";
  EXPECT_EQ(stored.resource().value("csy", -1), 1) << "ABANDON_MEMBER by default";
  EXPECT_EQ(stored.resource().value("ty", 0), 9);

  BindingReply read = client().retrieve(owner.id, group);
  ASSERT_EQ(read.rsc, 2000) << read;
  EXPECT_EQ(read.resource()["mid"], stored.resource()["mid"]);
  BindingReply too_many =
      client().update(owner.id, group, {{"m2m:grp", {{"mid", {"Ca", "Cb", "Cc", "Cd"}}}}});
  EXPECT_EQ(too_many.rsc, 6010) << too_many;
  BindingReply below_cnm = client().update(owner.id, group, {{"m2m:grp", {{"mnm", 2}}}});
  EXPECT_EQ(below_cnm.rsc, 6010) << below_cnm;
  EXPECT_EQ(http().retrieve(owner.id, group).resource()["mid"], stored.resource()["mid"])
      << "a refused UPDATE changed nothing";
  BindingReply fewer = client().update(owner.id, group, {{"m2m:grp", {{"mid", {member.id}}}}});
  ASSERT_EQ(fewer.rsc, 2004) << fewer;
  EXPECT_EQ(http().retrieve(owner.id, group).resource().value("cnm", -1), 1);
  BindingReply write_once = client().update(owner.id, group, {{"m2m:grp", {{"mt", 2}}}});
  EXPECT_EQ(write_once.rsc, 4000) << write_once;

  // The fanOutPoint (TS-0004 §7.4.14): one m2m:rsp per member, the member's own ACP deciding.
  // The owner may use the group, not read the other AE: that member answers 4103 inside a 2000.
  BindingReply fopt = client().retrieve(owner.id, group + "/fopt");
  ASSERT_EQ(fopt.rsc, 2000) << fopt;
  const Json& answers = fopt.content["m2m:agr"]["m2m:rsp"];
  ASSERT_EQ(answers.size(), 1u) << fopt;
  EXPECT_EQ(answers[0].value("rsc", 0), 4103) << fopt;
  EXPECT_EQ(answers[0].value("fr", ""), member.id) << fopt;
  EXPECT_FALSE(answers[0].contains("pc") && answers[0]["pc"].contains("m2m:ae")) << fopt;

  BindingReply deleted = client().remove(owner.id, group);
  ASSERT_EQ(deleted.rsc, 2002) << deleted;
  EXPECT_EQ(http().retrieve(owner.id, group).rsc, 4004);
}

TEST_P(BindingParityTest, ValidatesGroupMembersAndRefusesBadGroups) {
  Ae owner = registerAe("gval");
  Ae peer = registerAe("gpeer");
  std::string data = createContainer(owner.id, owner.path, {{"rn", "data"}});
  ASSERT_FALSE(data.empty());
  auto create = [&](const Json& grp) {
    return client().create(owner.id, owner.path, 9, {{"m2m:grp", grp}});
  };
  // memberType AE: the container is inconsistent.
  BindingReply abandon_group = create({{"rn", "g1"}, {"mt", 2}, {"csy", 2}, {"mnm", 5},
                                       {"mid", {peer.id, data.substr(1)}}});
  EXPECT_EQ(abandon_group.rsc, 4110) << abandon_group;
  EXPECT_EQ(http().retrieve(owner.id, owner.path + "/g1").rsc, 4004) << "nothing was created";
  BindingReply abandon_member = create({{"rn", "g2"}, {"mt", 2}, {"mnm", 5},
                                        {"mid", {peer.id, data.substr(1)}}});
  ASSERT_EQ(abandon_member.rsc, 2001) << abandon_member;
  HttpResult g2 = http().retrieve(owner.id, owner.path + "/g2");
  EXPECT_EQ(g2.resource()["mid"], Json::array({peer.id}));
  EXPECT_EQ(g2.resource().value("mtv", false), true);
  BindingReply set_mixed = create({{"rn", "g3"}, {"mt", 2}, {"csy", 3}, {"mnm", 5},
                                   {"mid", {peer.id, data.substr(1)}}});
  ASSERT_EQ(set_mixed.rsc, 2001) << set_mixed;
  EXPECT_EQ(http().retrieve(owner.id, owner.path + "/g3").resource().value("mt", -1), 0);

  BindingReply too_many = create({{"rn", "g4"}, {"mnm", 1}, {"mid", {peer.id, owner.id}}});
  EXPECT_EQ(too_many.rsc, 6010) << too_many;
  for (const Json& bad : {Json{{"rn", "g5"}, {"mid", {peer.id}}},
                          Json{{"rn", "g5"}, {"mnm", 2}, {"mid", peer.id}},
                          Json{{"rn", "g5"}, {"mnm", 2}, {"mid", {1}}},
                          Json{{"rn", "g5"}, {"mnm", 2}, {"mid", {"a b"}}},
                          Json{{"rn", "g5"}, {"mnm", 2}, {"mid", {peer.id}}, {"csy", 9}},
                          Json{{"rn", "g5"}, {"mnm", 2}, {"mid", {peer.id}}, {"cnm", 1}}}) {
    BindingReply r = create(bad);
    EXPECT_EQ(r.rsc, 4000) << bad.dump() << " -> " << r;
    EXPECT_FALSE(r.dbg().empty()) << r;
  }
  Json huge = Json::array();
  for (int i = 0; i < 1001; ++i) huge.push_back("Cm" + std::to_string(i));
  BindingReply huge_list = create({{"rn", "g6"}, {"mnm", 5000}, {"mid", huge}});
  EXPECT_EQ(huge_list.rsc, 4000) << huge_list.rsc << " " << huge_list.dbg();
  EXPECT_NE(huge_list.dbg().find("at most"), std::string::npos) << huge_list.dbg();
  EXPECT_EQ(http().retrieve(owner.id, owner.path + "/g5").rsc, 4004);
  EXPECT_EQ(http().retrieve(owner.id, owner.path + "/g6").rsc, 4004);
  // Parent rules: not under a <container> (TS-0001 Table 9.6.6-1).
  BindingReply under_container = client().create(
      owner.id, data, 9, {{"m2m:grp", {{"rn", "g7"}, {"mnm", 1}, {"mid", Json::array()}}}});
  EXPECT_EQ(under_container.rsc, 4108) << under_container;
  // Under the <CSEBase> (Table 9.6.3-1), by an originator the CSEBase's policy allows.
  std::string rn = uniqueName("gcse");
  BindingReply under_cse = client().create(
      kAdmin, kCseBase, 9, {{"m2m:grp", {{"rn", rn}, {"mnm", 1}, {"mid", {owner.id}}}}});
  ASSERT_EQ(under_cse.rsc, 2001) << under_cse;
  EXPECT_EQ(http().retrieve(kAdmin, std::string(kCseBase) + "/" + rn).resource().value("cnm", 0), 1);
  EXPECT_EQ(client().remove(kAdmin, std::string(kCseBase) + "/" + rn).rsc, 2002);
}

TEST_P(BindingParityTest, GrantsGroupMembersThroughAcor) {
  Ae owner = registerAe("aown");
  Ae member = registerAe("amem");
  Ae stranger = registerAe("astr");
  HttpResult grp = http().create(
      owner.id, owner.path, 9, {{"m2m:grp", {{"rn", "readers"}, {"mnm", 5}, {"mid", {member.id}}}}});
  ASSERT_EQ(grp.rsc, 2001) << grp;
  std::string group_ri = grp.resource().value("ri", "");
  std::string cnt = guardedBy(owner, {{"acor", {group_ri}}, {"acop", 2}}, "bygroup");
  BindingReply granted = client().retrieve(member.id, cnt);
  EXPECT_EQ(granted.rsc, 2000) << granted;
  BindingReply denied = client().retrieve(stranger.id, cnt);
  EXPECT_EQ(denied.rsc, 4103) << denied;
  EXPECT_EQ(client().update(member.id, cnt, {{"m2m:cnt", {{"lbl", {"x"}}}}}).rsc, 4103)
      << "the group gets only the operations of its rule";
  // Membership is read at decision time: swap the members.
  ASSERT_EQ(http().update(owner.id, owner.path + "/readers",
                          {{"m2m:grp", {{"mid", {stranger.path.substr(1)}}}}}).rsc, 2004);
  EXPECT_EQ(client().retrieve(stranger.id, cnt).rsc, 2000) << "a member given by structured path";
  EXPECT_EQ(client().retrieve(member.id, cnt).rsc, 4103);
  // A group that no longer exists grants nothing (TS-0001 §9.6.2.1).
  ASSERT_EQ(http().remove(owner.id, owner.path + "/readers").rsc, 2002);
  EXPECT_EQ(client().retrieve(stranger.id, cnt).rsc, 4103);
  EXPECT_EQ(client().retrieve(owner.id, cnt).rsc, 2000);
}

TEST_P(BindingParityTest, RestrictsCreateToTheChildTypesOfAcod) {
  Ae owner = registerAe("cown");
  Ae other = registerAe("coth");
  std::string cnt =
      guardedBy(owner, {{"acor", {other.id}}, {"acop", 1}, {"acod", {{{"chty", {4}}}}}},
                "onlycin");
  BindingReply cin = client().create(other.id, cnt, 4, {{"m2m:cin", {{"con", "ok"}}}});
  EXPECT_EQ(cin.rsc, 2001) << cin;
  BindingReply sub_cnt = client().create(other.id, cnt, 3, {{"m2m:cnt", {{"rn", "nested"}}}});
  EXPECT_EQ(sub_cnt.rsc, 4103) << sub_cnt;
  EXPECT_EQ(http().retrieve(owner.id, cnt).resource().value("cni", -1), 1);
  EXPECT_EQ(http().retrieve(owner.id, cnt + "/nested").rsc, 4004);
  // acod.ty: the rule applies only when the addressed parent has that type (here an AE, but the
  // target is a container).
  std::string typed = guardedBy(
      owner,
      {{"acor", {other.id}}, {"acop", 1}, {"acod", {{{"ty", 2}, {"chty", {3, 4}}}}}}, "typed");
  BindingReply typed_cin = client().create(other.id, typed, 4, {{"m2m:cin", {{"con", "no"}}}});
  EXPECT_EQ(typed_cin.rsc, 4103) << typed_cin;
  EXPECT_EQ(http().retrieve(owner.id, typed).resource().value("cni", -1), 0);
}

TEST_P(BindingParityTest, GivesTheCreatorOfAnAcpLessResourceFullAccessOnly) {
  Ae owner = registerAe("crown");
  Ae other = registerAe("croth");
  // TS-0001 §10.1.2: creator given as null is filled in with the originator.
  BindingReply created =
      client().create(owner.id, owner.path, 3, {{"m2m:cnt", {{"rn", "mine"}, {"cr", nullptr}}}});
  ASSERT_EQ(created.rsc, 2001) << created;
  std::string cnt = owner.path + "/mine";
  EXPECT_EQ(http().retrieve(owner.id, cnt).resource().value("cr", ""), owner.id);
  // ... and a value for it makes the request invalid.
  BindingReply forged =
      client().create(owner.id, owner.path, 3, {{"m2m:cnt", {{"rn", "forged"}, {"cr", other.id}}}});
  EXPECT_EQ(forged.rsc, 4000) << forged;
  EXPECT_NE(forged.dbg().find("creator"), std::string::npos) << forged;
  EXPECT_EQ(http().retrieve(owner.id, owner.path + "/forged").rsc, 4004);
  // TS-0001 §9.6.1.3.2: without acpi, only the creator has access, to every operation.
  for (Op op : {Op::kCreate, Op::kRetrieve, Op::kUpdate}) {
    SCOPED_TRACE(opName(op));
    EXPECT_EQ(perform(op, other.id, cnt).rsc, 4103);
    BindingReply mine = perform(op, owner.id, cnt);
    EXPECT_EQ(mine.rsc, successRsc(op)) << mine;
  }
  EXPECT_EQ(perform(Op::kDelete, other.id, cnt).rsc, 4103);
  EXPECT_EQ(http().retrieve(owner.id, cnt).rsc, 2000);
  EXPECT_EQ(perform(Op::kDelete, owner.id, cnt).rsc, 2002);
}

TEST_P(BindingParityTest, GivesTheCustodianOfAnAcpLessResourceTheCreatorsPlace) {
  Ae owner = registerAe("cuown");
  Ae keeper = registerAe("cukeep");
  Ae other = registerAe("cuoth");
  // Release 4 custodian (cstn): set at CREATE, it replaces the creator in the default policy.
  BindingReply created = client().create(
      owner.id, owner.path, 3, {{"m2m:cnt", {{"rn", "kept"}, {"cstn", keeper.id}}}});
  ASSERT_EQ(created.rsc, 2001) << created;
  EXPECT_EQ(created.resource().value("cstn", ""), keeper.id) << created;
  std::string cnt = owner.path + "/kept";
  for (Op op : {Op::kCreate, Op::kRetrieve, Op::kUpdate}) {
    SCOPED_TRACE(opName(op));
    EXPECT_EQ(perform(op, owner.id, cnt).rsc, 4103);  // the creator handed it over
    EXPECT_EQ(perform(op, other.id, cnt).rsc, 4103);
    BindingReply kept = perform(op, keeper.id, cnt);
    EXPECT_EQ(kept.rsc, successRsc(op)) << kept;
  }
  // The custodian may hand it on; a malformed custodian is refused.
  BindingReply handed = client().update(keeper.id, cnt, {{"m2m:cnt", {{"cstn", other.id}}}});
  EXPECT_EQ(handed.rsc, 2004) << handed;
  EXPECT_EQ(client().retrieve(keeper.id, cnt).rsc, 4103);
  EXPECT_EQ(client().retrieve(other.id, cnt).rsc, 2000);
  BindingReply bad =
      client().create(owner.id, owner.path, 3, {{"m2m:cnt", {{"rn", "badc"}, {"cstn", 42}}}});
  EXPECT_EQ(bad.rsc, 4000) << bad;
  EXPECT_EQ(perform(Op::kDelete, owner.id, cnt).rsc, 4103);
  EXPECT_EQ(perform(Op::kDelete, other.id, cnt).rsc, 2002);
}

TEST_P(BindingParityTest, GrantsLocationContextsByTheOriginatorsRetainedLocation) {
  Ae owner = registerAe("lown");
  // Located by the CSE's acp.locations file (SetUpTestSuite): Berlin (DE) and Paris (FR).
  Ae berlin{"Clocberlin" + GetParam(), "locberlin" + GetParam(), ""};
  Ae paris{"Clocparis" + GetParam(), "locparis" + GetParam(), ""};
  Ae nowhere = registerAe("lnowhere");  // not in the file: no location, so never in a region
  ASSERT_EQ(http().registerAe(berlin.name), berlin.id);
  ASSERT_EQ(http().registerAe(paris.name), paris.id);
  auto guarded = [&](const Json& region, const std::string& rn) {
    Json grant = {{"acor", {berlin.id, paris.id, nowhere.id}}, {"acop", 2},
                  {"acco", {{{"aclr", region}}}}};
    return guardedBy(owner, grant, rn);
  };
  std::string country = guarded({{"accc", {"DE"}}}, "cc");
  std::string circle = guarded({{"accr", {52.5, 13.4, 50000}}}, "circ");  // 50 km of Berlin
  std::string wide = guarded({{"accr", {52.5, 13.4, 900000}}}, "wide");   // Paris is ~880 km
  for (const std::string& target : {country, circle}) {
    EXPECT_EQ(client().retrieve(berlin.id, target).rsc, 2000) << target;
    EXPECT_EQ(client().retrieve(paris.id, target).rsc, 4103) << target;
    EXPECT_EQ(client().retrieve(nowhere.id, target).rsc, 4103) << target;
  }
  EXPECT_EQ(client().retrieve(paris.id, wide).rsc, 2000);
  EXPECT_EQ(client().retrieve(nowhere.id, wide).rsc, 4103);
  // The location condition binds RETRIEVE only: the granted originator still cannot delete.
  EXPECT_EQ(client().remove(berlin.id, country).rsc, 4103);
  // One acco entry that holds is enough: the unlocated AE is let in by a time window.
  Ae other = nowhere;
  Json pvs = {{"acr", {{{"acor", {owner.id}}, {"acop", 63}}}}};
  Json either = {{"acr", {{{"acor", {other.id}}, {"acop", 2},
                           {"acco", {{{"aclr", {{"accc", {"DE"}}}}},
                                     {{"actw", {"* * * * * * *"}}}}}},
                          {{"acor", {owner.id}}, {"acop", 63}}}}};
  HttpResult acp = http().create(owner.id, owner.path, 1,
                                 {{"m2m:acp", {{"rn", "acpor"}, {"pv", either}, {"pvs", pvs}}}});
  ASSERT_EQ(acp.rsc, 2001) << acp;
  std::string cnt = createContainer(owner.id, owner.path,
                                    {{"rn", "orctx"}, {"acpi", {acp.resource()["ri"]}}});
  EXPECT_EQ(client().retrieve(other.id, cnt).rsc, 2000);
  // A malformed region is refused when the policy is written, over the binding too.
  Json bad = {{"acr", {{{"acor", {other.id}}, {"acop", 2},
                        {"acco", {{{"aclr", {{"accc", {"DE"}}, {"accr", {0, 0, 1}}}}}}}}}}};
  BindingReply refused = client().create(
      owner.id, owner.path, 1, {{"m2m:acp", {{"rn", "acpbad"}, {"pv", bad}, {"pvs", pvs}}}});
  EXPECT_EQ(refused.rsc, 4000) << refused;
  EXPECT_NE(refused.dbg().find("aclr"), std::string::npos) << refused;
}

// A notification target reached over `binding`: its nu, and what it received.
struct Target {
  std::string nu;
  std::function<bool(size_t)> wait_for;
  std::function<std::vector<Json>()> sgn;
};

TEST_P(BindingParityTest, NotifiesOverEveryBinding) {
  // The subscriber registers over the binding under test; the target is reached over each of
  // the three bindings in turn, so that every (request binding, notification binding) pair runs.
  NotificationReceiver http_target;
  RecordedNotifications coap_handler;
  coap::CoapServerOptions coap_options;
  coap_options.port = 0;
  auto coap_target = coap::CoapServer::start(coap_options, coap_handler);
  ASSERT_TRUE(coap_target.isOk()) << coap_target.status().dbg();

  // An AE reachable over MQTT: its poa is the broker, its requests arrive on
  // /oneM2M/req/id-in/<AE-ID>/json (TS-0010 §6.4.2).
  Ae mqtt_ae;
  mqtt_ae.name = uniqueName("mqn");
  mqtt_ae.id = "C" + mqtt_ae.name;
  HttpResult mqtt_reg = http().create(
      mqtt_ae.id, kCseBase, 2,
      {{"m2m:ae", {{"rn", mqtt_ae.name}, {"api", "Nmq"}, {"rr", true}, {"srv", {"3"}},
                   {"poa", {broker_->mqttUri()}}}}});
  ASSERT_EQ(mqtt_reg.rsc, 2001) << mqtt_reg;
  RecordedNotifications mqtt_handler;
  mqtt::MqttBindingOptions mqtt_options;
  mqtt_options.broker = broker_->uri();
  mqtt_options.cse_id = mqtt_ae.id;  // subscribes to /oneM2M/req/+/<AE-ID>/+
  mqtt_options.client_id = "target-" + mqtt_ae.id;
  mqtt_options.connect_timeout = std::chrono::seconds(5);
  auto mqtt_target = mqtt::MqttBinding::start(mqtt_options, mqtt_handler);
  ASSERT_TRUE(mqtt_target.isOk());
  ASSERT_TRUE(waitUntil([&] { return mqtt_target.value()->connected(); }));

  std::vector<std::pair<std::string, Target>> targets = {
      {"http",
       {http_target.url("/n"),
        [&](size_t n) { return http_target.waitForEvents("/n", n, std::chrono::seconds(10)); },
        [&] {
          std::vector<Json> out;
          for (const auto& r : http_target.eventsTo("/n")) out.push_back(r.sgn());
          return out;
        }}},
      {"coap",
       {"coap://127.0.0.1:" + std::to_string(coap_target.value()->port()) + "/n",
        [&](size_t n) { return coap_handler.waitFor(n + 1); },  // + the verification
        [&] {
          std::vector<Json> out;
          for (const auto& s : coap_handler.sgn()) {
            if (!s.value("vrq", false)) out.push_back(s);
          }
          return out;
        }}},
      {"mqtt",
       {mqtt_ae.id, [&](size_t n) { return mqtt_handler.waitFor(n + 1); },
        [&] {
          std::vector<Json> out;
          for (const auto& s : mqtt_handler.sgn()) {
            if (!s.value("vrq", false)) out.push_back(s);
          }
          return out;
        }}},
  };

  Ae ae = registerAeOverBinding();
  ASSERT_FALSE(HasFailure());
  for (auto& [via, target] : targets) {
    SCOPED_TRACE("notification over " + via);
    std::string rn = "w" + via;
    ASSERT_EQ(client().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", rn}}}}).rsc, 2001);
    std::string cnt = ae.path + "/" + rn;
    BindingReply sub = client().create(
        ae.id, cnt, 23,
        {{"m2m:sub", {{"rn", "sub"}, {"nu", {target.nu}}, {"enc", {{"net", {1, 3}}}}}}});
    ASSERT_EQ(sub.rsc, 2001) << sub;
    ASSERT_EQ(client().create(ae.id, cnt, 4, {{"m2m:cin", {{"con", "event-" + via}}}}).rsc, 2001);
    ASSERT_TRUE(target.wait_for(1)) << "no notification arrived";
    std::vector<Json> events = target.sgn();
    ASSERT_GE(events.size(), 1u);
    EXPECT_EQ(events[0]["nev"]["net"], 3);
    EXPECT_EQ(events[0]["nev"]["rep"]["m2m:cin"].value("con", ""), "event-" + via) << events[0];
    EXPECT_NE(events[0].value("sur", "").find("sub"), std::string::npos) << events[0];

    ASSERT_EQ(client().update(ae.id, cnt, {{"m2m:cnt", {{"lbl", {"u"}}}}}).rsc, 2004);
    ASSERT_TRUE(target.wait_for(2)) << "no update notification";
    EXPECT_EQ(target.sgn()[1]["nev"]["net"], 1) << target.sgn()[1];
  }
}

INSTANTIATE_TEST_SUITE_P(Bindings, BindingParityTest, ::testing::Values("http", "coap", "mqtt"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace citadel::testing
