// Binding parity (issue 4): the same CRUD lifecycle, ACP 4103 matrix and notification checks
// over HTTP, CoAP and MQTT against one real `citadel` with all three bindings on (CoAP on a free
// UDP port, MQTT through a Mosquitto started by the test on a free port). Every result is
// also checked in the resource tree over HTTP, so a binding cannot pass by answering alone.
#include <gtest/gtest.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>

#include "bindings/coap/coap_server.h"
#include "bindings/mqtt/mqtt_binding.h"
#include "tests/support/binding_client.h"
#include "tests/support/cse_fixture.h"
#include "tests/support/mosquitto_broker.h"
#include "tests/support/mqtt_client.h"
#include "tests/support/notification_receiver.h"

namespace citadel::testing {
namespace {

enum class Op { kCreate, kRetrieve, kUpdate, kDelete };

int acopBit(Op op) { return op == Op::kCreate ? 1 : op == Op::kRetrieve ? 2 : op == Op::kUpdate ? 4 : 8; }
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
    startCse({"--coap.enabled=true", "--coap.port=0", "--mqtt.enabled=true",
              "--mqtt.broker=" + broker_->uri(),
              "--mqtt.clientId=citadel-parity-" + std::to_string(::getpid())});
  }

  void SetUp() override {
    CseFixture::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(broker_->running()) << broker_->log();
    std::string binding = GetParam();
    if (binding == "http") {
      client_ = makeHttpBindingClient(cse().port());
    } else if (binding == "coap") {
      uint16_t port = pointOfAccessPort("coap");
      ASSERT_NE(port, 0);
      client_ = makeCoapBindingClient(port);
    } else {
      client_ = makeMqttBindingClient(broker_->uri());
      // The CSE connects to the broker in the background: wait until it answers.
      ASSERT_TRUE(waitUntil([&] { return client_->retrieve(kAdmin, kCseBase).rsc == 2000; },
                            std::chrono::seconds(20)))
          << "the CSE never answered over MQTT";
    }
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
  std::unique_ptr<BindingClient> client_;

  // An ACP under the owner's AE granting `other` RETRIEVE under `context` (acco), linked from a
  // new container; returns the container's path.
  std::string guardedByContext(const Ae& owner, const Ae& other, const Json& context,
                               const std::string& rn) {
    Json pv = {{"acr", {{{"acor", {other.id}}, {"acop", 2}, {"acco", Json::array({context})}},
                        {{"acor", {owner.id}}, {"acop", 63}}}}};
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
  EXPECT_EQ(r.rsc, 4103) << r;
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
