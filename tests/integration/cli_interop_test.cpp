// Interoperability with real third-party clients against the running `citadel` (issue 4 §5):
// libcoap's coap-client (libcoap3-bin) over CoAP, and mosquitto_pub / mosquitto_sub
// (mosquitto-clients) over MQTT through a Mosquitto the test starts on a free port. Every
// request's effect is checked in the resource tree over HTTP.
//
// coap-client 4.3.1 drops responses that carry more than two oneM2M options it cannot register
// (see bindings/coap/coap_wire.h), so its -v 7 dump of the received datagram is what is checked.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "tests/support/cse_fixture.h"
#include "tests/support/mosquitto_broker.h"
#include "tests/support/mqtt_client.h"
#include "tests/support/shell.h"
#include "tests/support/temp_dir.h"

namespace citadel::testing {
namespace {

class CliInteropTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    broker_ = &MosquittoBroker::shared();
    startCse({"--coap.enabled=true", "--coap.port=0", "--mqtt.enabled=true",
              "--mqtt.broker=" + broker_->uri(),
              "--mqtt.clientId=citadel-cli-" + std::to_string(::getpid())});
  }

  // Publishes `request` on the request topic of `originator` and returns the response the
  // subscriber printed (null when none came).
  Json mqttExchange(const std::string& originator, const Json& request) {
    std::string port = std::to_string(broker_->port());
    CommandOutput out = runWithSubscriber(
        {"/usr/bin/mosquitto_sub", "-d", "-h", "127.0.0.1", "-p", port, "-q", "1", "-C", "1",
         "-W", "10", "-t", "/oneM2M/resp/" + originator + "/id-in/json"},
        {"/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p", port, "-q", "1", "-t",
         "/oneM2M/req/" + originator + "/id-in/json", "-m", request.dump()});
    EXPECT_TRUE(out.ok) << out.output;
    return firstJsonLine(out.output);
  }

  static MosquittoBroker* broker_;
};

MosquittoBroker* CliInteropTest::broker_ = nullptr;

TEST_F(CliInteropTest, CoapClientRegistersAnAeAndReadsItBack) {
  std::string tool = coapClientTool();
  if (tool.empty()) GTEST_SKIP() << "coap-client (libcoap3-bin) is not installed";
  uint16_t port = pointOfAccessPort("coap");
  ASSERT_NE(port, 0);
  std::string name = uniqueName("cli");
  TempDir dir;
  std::string file = dir.path() + "/ae.json";
  std::ofstream(file) << Json{{"m2m:ae", {{"rn", name}, {"api", "Ncli"}, {"rr", false},
                                          {"srv", {"3"}}}}}
                             .dump();
  std::string base = "'coap://127.0.0.1:" + std::to_string(port);
  // Options by number (TS-0008 Table 6.2.2.4-1): 267 ty, 271 rvi, 279 fr, 283 rqi; 12 is
  // Content-Format 50 (application/json).
  std::string created = runShell(tool + " -B 2 -v 7 -m post -f " + file + " -O 12,0x32 -O 267,0x02" +
                              " -O 271,3 -O 279,C" + name + " -O 283,cli-1 " + base + "/cse-in'");
  EXPECT_NE(created.find("c:2.01"), std::string::npos) << created;
  HttpResult ae = http().retrieve(kAdmin, std::string(kCseBase) + "/" + name);
  ASSERT_EQ(ae.rsc, 2000) << ae << "\n" << created;
  EXPECT_EQ(ae.resource().value("aei", ""), "C" + name);

  std::string read = runShell(tool + " -B 2 -v 7 -m get -O 271,3 -O 279,C" + name +
                           " -O 283,cli-2 " + base + "/cse-in/" + name + "'");
  EXPECT_NE(read.find("c:2.05"), std::string::npos) << read;
  EXPECT_NE(read.find("307:\\x07\\xD0"), std::string::npos) << "oneM2M-RSC 2000\n" << read;
  EXPECT_NE(read.find("\"aei\":\"C" + name + "\""), std::string::npos) << read;

  std::string denied = runShell(tool + " -B 2 -v 7 -m delete -O 271,3 -O 279,Cstranger -O 283,cli-3 " +
                             base + "/cse-in/" + name + "'");
  EXPECT_NE(denied.find("c:4.03"), std::string::npos) << denied;
  EXPECT_EQ(http().retrieve(kAdmin, std::string(kCseBase) + "/" + name).rsc, 2000)
      << "the refused DELETE removed nothing";
}

TEST_F(CliInteropTest, MosquittoClientsRegisterCreateAndRetrieve) {
  if (!mosquittoAvailable()) GTEST_SKIP() << "/usr/sbin/mosquitto is not installed";
  ASSERT_TRUE(broker_->running()) << broker_->log();
  std::string name = uniqueName("mq");
  std::string ae_id = "C" + name;
  // The CSE connects to the broker in the background: retry the registration until answered.
  Json registered;
  for (int attempt = 0; attempt < 5 && !registered.is_object(); ++attempt) {
    registered = mqttExchange(
        ae_id, {{"op", 1}, {"to", "cse-in"}, {"fr", ae_id}, {"rqi", "m1"}, {"rvi", "3"}, {"ty", 2},
                {"pc", {{"m2m:ae", {{"rn", name}, {"api", "Nmq"}, {"rr", false}, {"srv", {"3"}}}}}}});
  }
  ASSERT_TRUE(registered.is_object());
  EXPECT_EQ(registered["rsc"], 2001) << registered;
  EXPECT_EQ(registered["rqi"], "m1");
  EXPECT_EQ(registered["pc"]["m2m:ae"]["aei"], ae_id);
  EXPECT_EQ(http().retrieve(kAdmin, std::string(kCseBase) + "/" + name).rsc, 2000);

  Json cnt = mqttExchange(ae_id, {{"op", 1}, {"to", "cse-in/" + name}, {"fr", ae_id},
                                  {"rqi", "m2"}, {"rvi", "3"}, {"ty", 3},
                                  {"pc", {{"m2m:cnt", {{"rn", "data"}}}}}});
  EXPECT_EQ(cnt["rsc"], 2001) << cnt;
  Json cin = mqttExchange(ae_id, {{"op", 1}, {"to", "cse-in/" + name + "/data"}, {"fr", ae_id},
                                  {"rqi", "m3"}, {"rvi", "3"}, {"ty", 4},
                                  {"pc", {{"m2m:cin", {{"con", "42"}}}}}});
  EXPECT_EQ(cin["rsc"], 2001) << cin;
  Json latest = mqttExchange(ae_id, {{"op", 2}, {"to", "cse-in/" + name + "/data/la"},
                                     {"fr", ae_id}, {"rqi", "m4"}, {"rvi", "3"}});
  EXPECT_EQ(latest["rsc"], 2000) << latest;
  EXPECT_EQ(latest["pc"]["m2m:cin"]["con"], "42") << latest;
  EXPECT_EQ(http().retrieve(ae_id, std::string(kCseBase) + "/" + name + "/data")
                .resource()
                .value("cni", 0),
            1);

  Json malformed;
  {
    std::string port = std::to_string(broker_->port());
    CommandOutput out = runWithSubscriber(
        {"/usr/bin/mosquitto_sub", "-d", "-h", "127.0.0.1", "-p", port, "-q", "1", "-C", "1",
         "-W", "10", "-t", "/oneM2M/resp/" + ae_id + "/id-in/json"},
        {"/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p", port, "-q", "1", "-t",
         "/oneM2M/req/" + ae_id + "/id-in/json", "-m", "{\"op\":2,\"to\":"});
    malformed = firstJsonLine(out.output);
  }
  EXPECT_EQ(malformed["rsc"], 4000) << malformed;
  EXPECT_TRUE(malformed["pc"].contains("m2m:dbg")) << malformed;
}

// A burst far beyond Paho's default queue of 100: every CREATE is answered, none is lost
// (publish waits for room instead of dropping the response).
TEST_F(CliInteropTest, MosquittoPipelinedBurstIsAnsweredWhole) {
  if (!mosquittoAvailable()) GTEST_SKIP() << "/usr/sbin/mosquitto is not installed";
  ASSERT_TRUE(broker_->running()) << broker_->log();
  std::string cnt = createContainer(kAdmin, kCseBase, {{"rn", uniqueName("burst")}});
  ASSERT_FALSE(cnt.empty());
  ASSERT_TRUE(waitUntil([&] {
    return mqttExchange(kAdmin, {{"op", 2}, {"to", "cse-in"}, {"fr", kAdmin}, {"rqi", "w"},
                                 {"rvi", "3"}})
               .is_object();
  }));
  constexpr int kBurst = 5000;
  TempDir dir;
  {
    std::ofstream lines(dir.file("requests"));
    for (int i = 0; i < kBurst; ++i) {
      lines << Json{{"op", 1}, {"to", cnt.substr(1)}, {"fr", kAdmin}, {"rqi", "b" + std::to_string(i)},
                    {"rvi", "3"}, {"ty", 4}, {"pc", {{"m2m:cin", {{"con", std::to_string(i)}}}}}}
                   .dump()
            << "\n";
    }
  }
  std::string port = std::to_string(broker_->port());
  std::string answers = dir.file("answers");
  int code = 0;
  std::string out = runShell("sh -c 'mosquitto_sub -h 127.0.0.1 -p " + port +
                                 " -q 1 -W 60 -C " + std::to_string(kBurst) +
                                 " -t /oneM2M/resp/CAdmin/id-in/json > " + answers +
                                 " & sleep 0.5; mosquitto_pub -h 127.0.0.1 -p " + port +
                                 " -q 1 -t /oneM2M/req/CAdmin/id-in/json -l < " +
                                 dir.file("requests") + "; wait'",
                             &code, 70);
  EXPECT_EQ(code, 0) << out;
  std::ifstream in(answers);
  int created = 0;
  for (std::string line; std::getline(in, line);) {
    created += Json::parse(line, nullptr, false).value("rsc", 0) == 2001;
  }
  EXPECT_EQ(created, kBurst);
  EXPECT_EQ(http().retrieve(kAdmin, cnt).resource().value("cni", 0), kBurst);
}

}  // namespace
}  // namespace citadel::testing
