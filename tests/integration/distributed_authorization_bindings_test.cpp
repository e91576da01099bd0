// Distributed authorization between CSEs over every binding (issue 22 item 5): the MN-CSE (PEP)
// puts a decision to the PDP on the IN-CSE (TS-0003 §7.5.2 mode a) over CoAP, over MQTT and over
// HTTPS with CSE-ID certificates, and the PDP answers only the CSE it serves, as that CSE proves
// itself on the transport. Over MQTT, where a third party on the broker can publish on response
// topics, answers that do not come from the PDP (a guessed rqi, another receiver's topic, another
// fr) are dropped and the request stays denied; the broker's topic ACL is what keeps a reader of
// request topics out (TS-0010 §7.2).
#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "bindings/mqtt/mqtt_binding.h"
#include "tests/support/cse_tree.h"
#include "tests/support/http_client.h"
#include "tests/support/mosquitto_broker.h"
#include "tests/support/mqtt_client.h"
#include "tests/support/notification_receiver.h"
#include "tests/support/shell.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_cse.h"

namespace citadel::testing {
namespace {

// The PDP's side: fleetAcp decides for /id-mn/cse-mn/fleet (Cgood may RETRIEVE), and the MN may
// UPDATE <authorizationDecision> "pdp".
void makePdp(HttpClient& in) {
  ASSERT_EQ(in.create("CAdmin", "/cse-in", 1,
                      acpBody("fleetAcp", {{{"acor", {"/id-mn/Cgood"}}, {"acop", 2}}}))
                .rsc,
            2001);
  Json askers = acpBody("askers", {{{"acor", {"/id-mn"}}, {"acop", 4}}});
  ASSERT_EQ(in.create("CAdmin", "/cse-in", 1, askers).rsc, 2001);
  HttpResult pdp = in.create("CAdmin", "/cse-in", 35,
                             {{"m2m:auds", {{"rn", "pdp"}, {"acpi", {"cse-in/askers"}}}}});
  ASSERT_EQ(pdp.rsc, 2001) << pdp;
}

// The PEP's side: "fleet", whose ACP grants nothing and names `pdp` in adri, and the AEs.
void makePep(HttpClient& mn, const std::string& pdp, const std::string& name = "fleet") {
  ASSERT_EQ(mn.create("CAdmin", "/cse-mn", 1,
                      acpBody(name + "Pep", Json::array(), {{"adri", {pdp}}}))
                .rsc,
            2001);
  Json container = {{"m2m:cnt", {{"rn", name}, {"acpi", {"cse-mn/" + name + "Pep"}}}}};
  ASSERT_EQ(mn.create("CAdmin", "/cse-mn", 3, container).rsc, 2001);
  for (const char* ae : {"good", "bad"}) {
    HttpResult made = mn.create(std::string("C") + ae, "/cse-mn", 2, treeAeBody(ae));
    ASSERT_TRUE(made.rsc == 2001 || made.rsc == 4105) << made;
  }
}

std::vector<std::string> pdpFlags() {
  return {"--authorization.pdp=true", "--authorization.requesters=/id-mn",
          "--authorization.policies=/id-mn/cse-mn/fleet=cse-in/fleetAcp"};
}

// The MN reaches the IN only at `poa` (its <remoteCSE> of the IN, changed by the admin).
void routeMnToIn(HttpClient& mn, const std::string& poa) {
  HttpResult updated = mn.update("CAdmin", "/cse-mn/id-in", {{"m2m:csr", {{"poa", {poa}}}}});
  ASSERT_EQ(updated.rsc, 2004) << updated;
}

TEST(DistributedAuthorizationCoapTest, TheDecisionRequestTravelsOverCoap) {
  std::vector<std::string> in_args = inCseArgs();
  for (std::string& flag : pdpFlags()) in_args.push_back(std::move(flag));
  in_args.insert(in_args.end(), {"--coap.enabled=true", "--coap.port=0"});
  TestCse in(in_args);
  ASSERT_TRUE(in.running());
  TestCse mn(mnCseArgs(in.port(), {"--das.timeout=3000"}));
  ASSERT_TRUE(mn.running());
  HttpClient in_http(in.port());
  HttpClient mn_http(mn.port());
  ASSERT_TRUE(waitUntil([&] { return mn_http.retrieve("CAdmin", "/cse-mn/id-in").rsc == 2000; },
                        kRegistrationWait));
  makePdp(in_http);
  makePep(mn_http, "/id-in/cse-in/pdp");
  uint16_t coap_port = pointOfAccessPort(in_http, "/cse-in", "coap");
  ASSERT_NE(coap_port, 0);
  routeMnToIn(mn_http, "coap://127.0.0.1:" + std::to_string(coap_port));
  HttpResult granted = mn_http.retrieve("Cgood", "/cse-mn/fleet");
  EXPECT_EQ(granted.rsc, 2000) << granted;
  EXPECT_EQ(mn_http.retrieve("Cbad", "/cse-mn/fleet").rsc, 4103);
  // And it was CoAP: with the IN's CoAP endpoint closed, nothing decides any more.
  routeMnToIn(mn_http, "coap://127.0.0.1:" + std::to_string(closedPort()));
  EXPECT_EQ(mn_http.retrieve("Cgood", "/cse-mn/fleet").rsc, 4103);
}

class DistributedAuthorizationMqttTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!mosquittoAvailable()) GTEST_SKIP() << "/usr/sbin/mosquitto is not installed";
    broker_ = &MosquittoBroker::shared();
    ASSERT_TRUE(broker_->running()) << broker_->log();
    // The IN takes CSE-IDs over MQTT (plainCse=any, a test bench's setting).
    std::vector<std::string> in_args = inCseArgs();
    for (std::string& flag : pdpFlags()) in_args.push_back(std::move(flag));
    for (const auto& arg : broker_->cseArgs("dab-in")) in_args.push_back(arg);
    in_args.push_back("--security.plainCse=any");
    in_ = std::make_unique<TestCse>(in_args);
    ASSERT_TRUE(in_->running());
    std::vector<std::string> mn_extra = broker_->cseArgs("dab-mn");
    mn_extra.push_back("--das.timeout=1500");
    mn_ = std::make_unique<TestCse>(mnCseArgs(in_->port(), mn_extra));
    ASSERT_TRUE(mn_->running());
    in_http_ = std::make_unique<HttpClient>(in_->port());
    mn_http_ = std::make_unique<HttpClient>(mn_->port());
    ASSERT_TRUE(
        waitUntil([&] { return mn_http_->retrieve("CAdmin", "/cse-mn/id-in").rsc == 2000; },
                  kRegistrationWait));
    makePdp(*in_http_);
  }

  MosquittoBroker* broker_ = nullptr;
  std::unique_ptr<TestCse> in_;
  std::unique_ptr<TestCse> mn_;
  std::unique_ptr<HttpClient> in_http_;
  std::unique_ptr<HttpClient> mn_http_;
};

TEST_F(DistributedAuthorizationMqttTest, TheDecisionRequestTravelsOverMqtt) {
  makePep(*mn_http_, "/id-in/cse-in/pdp");
  routeMnToIn(*mn_http_, broker_->mqttUri());
  HttpResult granted;
  ASSERT_TRUE(waitUntil(  // until the IN's MQTT binding has subscribed
      [&] {
        granted = mn_http_->retrieve("Cgood", "/cse-mn/fleet");
        return granted.rsc == 2000;
      },
      std::chrono::seconds(15)))
      << granted;
  EXPECT_EQ(mn_http_->retrieve("Cbad", "/cse-mn/fleet").rsc, 4103);
  // And it was MQTT: routed to a broker that is not there, nothing decides any more.
  routeMnToIn(*mn_http_, "mqtt://127.0.0.1:" + std::to_string(closedPort()));
  EXPECT_EQ(mn_http_->retrieve("Cgood", "/cse-mn/fleet").rsc, 4103);
}

TEST_F(DistributedAuthorizationMqttTest, AnswersThatDoNotComeFromThePdpAreDropped) {
  // A PDP "id-ghost" on the broker that records the decision request and does not answer.
  RecordingHandler ghost;
  ghost.blockRequestsTo("/id-ghost/cse-ghost/pdp");
  mqtt::MqttBindingOptions options;
  options.broker = broker_->uri();
  options.cse_id = "id-ghost";
  options.client_id = "dab-ghost-" + std::to_string(::getpid());
  auto binding = mqtt::MqttBinding::start(options, ghost);
  ASSERT_TRUE(binding.isOk());
  ASSERT_TRUE(waitUntil([&] { return binding.value()->connected(); }));
  Json ghost_csr = {{"m2m:csr",
                     {{"cst", 2}, {"cb", "/id-ghost/cse-ghost"}, {"rr", true}, {"srv", {"3"}},
                      {"poa", {broker_->mqttUri()}}}}};
  ASSERT_EQ(mn_http_->create("/id-ghost", "/cse-mn", 16, ghost_csr).rsc, 2001);
  makePep(*mn_http_, "/id-ghost/cse-ghost/pdp", "ghosted");
  MqttClient forger(broker_->uri(), "id-forger");
  ASSERT_TRUE(forger.connected()) << forger.error();

  // Waits for the next decision request at the ghost and returns its rqi.
  auto nextRqi = [&](size_t count) {
    std::string rqi;
    EXPECT_TRUE(waitUntil([&] { return ghost.requests().size() >= count; },
                          std::chrono::seconds(10)));
    if (ghost.requests().size() >= count) rqi = ghost.requests()[count - 1].request_id;
    return rqi;
  };
  auto answer = [](const std::string& rqi, const std::string& from) {
    Json primitive = {{"rsc", 2004}, {"rqi", rqi}, {"rvi", "3"},
                      {"pc", {{"m2m:auds", {{"dec", 1}, {"sus", 1}}}}}};
    if (!from.empty()) primitive["fr"] = from;
    return primitive.dump();
  };
  const std::string kResponseTopic = "/oneM2M/resp/id-mn/id-ghost/json";
  constexpr auto kNoWait = std::chrono::milliseconds(50);

  auto denied = std::async(std::launch::async,
                           [&] { return mn_http_->retrieve("Cgood", "/cse-mn/ghosted"); });
  std::string rqi = nextRqi(1);
  ASSERT_FALSE(rqi.empty());
  EXPECT_GE(rqi.size(), 20u) << "an unguessable rqi: " << rqi;
  EXPECT_EQ(ghost.requests()[0].operation, model::Operation::kUpdate);
  forger.publishRaw(kResponseTopic, answer("guessed-rqi-1", "/id-ghost"), kNoWait);
  forger.publishRaw("/oneM2M/resp/id-mn/id-other/json", answer(rqi, "/id-other"), kNoWait);
  forger.publishRaw(kResponseTopic, answer(rqi, "/id-other"), kNoWait);
  HttpResult result = denied.get();
  EXPECT_EQ(result.rsc, 4103) << "a forged PERMIT was taken: " << result;

  // The same answer from the PDP's topic and fr is taken: the checks above are what refused.
  auto granted = std::async(std::launch::async,
                            [&] { return mn_http_->retrieve("Cgood", "/cse-mn/ghosted"); });
  rqi = nextRqi(2);
  ASSERT_FALSE(rqi.empty());
  forger.publishRaw(kResponseTopic, answer(rqi, "/id-ghost"), kNoWait);
  EXPECT_EQ(granted.get().rsc, 2000);
  ghost.release();
}

// HTTPS between the CSEs, each proving its CSE-ID by certificate: the decision request is
// admitted from the MN's certificate, and a plain request claiming /id-mn is not.
TEST(DistributedAuthorizationTlsTest, TheDecisionRequestTravelsOverTlsFromTheCertifiedCse) {
  TempDir pki;
  ASSERT_EQ(makeTestPki(pki.path(), "--other-cse=id-mn"), "");
  auto tls = [&](const std::string& certificate) {
    return std::vector<std::string>{"--https.enabled=true", "--https.port=0",
                                    "--tls.certificate=" + pki.file(certificate + ".pem"),
                                    "--tls.privateKey=" + pki.file(certificate + ".key"),
                                    "--tls.caFile=" + pki.file("ca.pem"),
                                    "--tls.clientAuth=required"};
  };
  std::vector<std::string> in_args = tls("cse");
  for (std::string& flag : pdpFlags()) in_args.push_back(std::move(flag));
  TestCse in(in_args);
  ASSERT_TRUE(in.running());
  HttpClient in_http(in.port());
  uint16_t in_https = pointOfAccessPort(in_http, "/cse-in", "https");
  ASSERT_NE(in_https, 0);
  std::vector<std::string> mn_args = {"--cse.type=MN", "--cse.id=id-mn", "--cse.name=cse-mn",
                                      "--registrar.url=https://127.0.0.1:" +
                                          std::to_string(in_https),
                                      "--registrar.cseId=id-in", "--registrar.cseBaseName=cse-in",
                                      "--registrar.retryMax=1000", "--das.timeout=3000"};
  for (std::string& arg : tls("id-mn")) mn_args.push_back(std::move(arg));
  TestCse mn(mn_args);
  ASSERT_TRUE(mn.running());
  HttpClient mn_http(mn.port());
  ASSERT_TRUE(waitUntil(
      [&] {
        return in_http.retrieve("CAdmin", "/cse-in/id-mn").rsc == 2000 &&
               mn_http.retrieve("CAdmin", "/cse-mn/id-in").rsc == 2000;
      },
      kRegistrationWait));
  makePdp(in_http);
  makePep(mn_http, "/id-in/cse-in/pdp");
  HttpResult granted = mn_http.retrieve("Cgood", "/cse-mn/fleet");
  EXPECT_EQ(granted.rsc, 2000) << granted;
  EXPECT_EQ(mn_http.retrieve("Cbad", "/cse-mn/fleet").rsc, 4103);
  // Over plain HTTP nobody is /id-mn at this IN (security.plainCse=off): no decision is given.
  HttpResult claimed = in_http.update(
      "/id-mn", "/cse-in/pdp",
      {{"m2m:auds", {{"to", "/id-mn/cse-mn/fleet"}, {"fr", "/id-mn/Cgood"}, {"op", 2}}}});
  EXPECT_NE(claimed.rsc, 2004) << claimed;
  EXPECT_FALSE(claimed.resource().contains("dec")) << claimed;
}

}  // namespace
}  // namespace citadel::testing
