// CSE registration between two real citadel processes on loopback (TS-0001 §10.2.2.7, TS-0004
// §7.4.4): an MN-CSE (id-mn, cse-mn) configured with its Registrar IN-CSE (id-in, cse-in)
// creates its <remoteCSE> there and the Registrar's <remoteCSE> under its own <CSEBase>;
// restarts re-register without duplicates; the Registrar applies the <remoteCSE> rules to
// requests from any CSE (From = CSE-ID, one registration per CSE-ID, malformed bodies).
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/cse_tree.h"
#include "tests/support/http_client.h"
#include "tests/support/mqtt_client.h"
#include "tests/support/test_cse.h"

namespace citadel::testing {
namespace {


Json registreeBody(const std::string& cse_id) {
  return {{"m2m:csr",
           {{"cst", 2}, {"cb", cse_id + "/cse"}, {"rr", true}, {"srv", {"3"}},
            {"poa", {"http://127.0.0.1:1"}}}}};
}

bool contains(const Json& list, const std::string& value) {
  if (!list.is_array()) return false;
  for (const Json& item : list) {
    if (item == value) return true;
  }
  return false;
}

// The resource IDs of the <remoteCSE>s under a <CSEBase> (discovery by ty).
Json remoteCses(HttpClient& client, const std::string& cse_base) {
  HttpResult found = client.retrieve("CAdmin", cse_base, "fu=1&ty=16&drt=2");
  return found.json.value("m2m:uril", Json::array());
}

class CseRegistrationTest : public CseTreeTest {
 protected:
  // Both sides hold their <remoteCSE>, and the Registrar's names the MN's current port.
  bool waitForRegistration() {
    std::string poa = "http://127.0.0.1:" + std::to_string(mn_->port());
    return waitUntil(
        [&] {
          HttpResult at_in = in_http_->retrieve("CAdmin", "/cse-in/id-mn");
          return at_in.rsc == 2000 && contains(at_in.resource().value("poa", Json()), poa) &&
                 mn_http_->retrieve("CAdmin", "/cse-mn/id-in").rsc == 2000;
        },
        kRegistrationWait);
  }
};

TEST_F(CseRegistrationTest, MnRegistersAndBothSidesHoldTheRemoteCse) {
  ASSERT_TRUE(waitForRegistration());
  // At the Registrar: the MN as it described itself (TS-0004 Table 7.4.4.1-3).
  const Json mn = in_http_->retrieve("CAdmin", "/cse-in/id-mn").resource();
  EXPECT_EQ(mn.value("ty", 0), 16);
  EXPECT_EQ(mn.value("csi", ""), "/id-mn");
  EXPECT_EQ(mn.value("cb", ""), "/id-mn/cse-mn");
  EXPECT_EQ(mn.value("cst", 0), 2);
  EXPECT_EQ(mn.value("rr", false), true);
  EXPECT_TRUE(contains(mn.value("srv", Json()), "3")) << mn.dump();
  EXPECT_TRUE(mn.value("csz", Json()).is_array()) << mn.dump();
  // At the MN: the Registrar, filled from its <CSEBase> (TS-0001 §10.2.2.7 steps 004-008).
  const Json in = mn_http_->retrieve("CAdmin", "/cse-mn/id-in").resource();
  EXPECT_EQ(in.value("ty", 0), 16);
  EXPECT_EQ(in.value("csi", ""), "/id-in");
  EXPECT_EQ(in.value("cb", ""), "/id-in/cse-in");
  EXPECT_EQ(in.value("cst", 0), 1);
  EXPECT_TRUE(contains(in.value("poa", Json()), "http://127.0.0.1:" + std::to_string(in_.port())))
      << in.dump();
  // The registered MN is an originator at the Registrar now; its record is its own.
  EXPECT_EQ(in_http_->retrieve("/id-mn", "/cse-in/id-mn").rsc, 2000);
}

TEST_F(CseRegistrationTest, RestartOfMnReRegistersWithoutDuplicates) {
  ASSERT_TRUE(waitForRegistration());
  mn_->restart();  // a new port: the Registrar's poa must follow
  mn_http_->setPort(mn_->port());
  ASSERT_TRUE(waitForRegistration());
  EXPECT_EQ(remoteCses(*in_http_, "/cse-in"), Json({"id-mn"}));
  EXPECT_EQ(remoteCses(*mn_http_, "/cse-mn"), Json({"id-in"}));
}

TEST_F(CseRegistrationTest, SecondRegistrationOfTheSameCseIdIs4117) {
  ASSERT_TRUE(waitForRegistration());
  HttpResult again = in_http_->create("/id-mn", "/cse-in", 16, registreeBody("/id-mn"));
  EXPECT_EQ(again.rsc, 4117) << again;  // TS-0004 §7.4.4.2.1 Recv-6.4
  EXPECT_EQ(remoteCses(*in_http_, "/cse-in"), Json({"id-mn"}));
}

TEST_F(CseRegistrationTest, RemoteCseWhoseCsiIsNotFromIsRefused) {
  Json body = registreeBody("/id-other");
  body["m2m:csr"]["csi"] = "/id-other";
  HttpResult r = in_http_->create("/id-mn3", "/cse-in", 16, body);
  EXPECT_EQ(r.rsc, 4000) << r;
  EXPECT_EQ(in_http_->retrieve("CAdmin", "/cse-in/id-other").rsc, 4004);
  EXPECT_EQ(in_http_->retrieve("CAdmin", "/cse-in/id-mn3").rsc, 4004);
}

TEST_F(CseRegistrationTest, MalformedBodiesAre4000AndStoreNothing) {
  Json missing_cb = registreeBody("/id-mn4");
  missing_cb["m2m:csr"].erase("cb");
  Json bad_cst = registreeBody("/id-mn4");
  bad_cst["m2m:csr"]["cst"] = 7;
  Json bad_rr = registreeBody("/id-mn4");
  bad_rr["m2m:csr"]["rr"] = "yes";
  Json wrong_root = {{"m2m:ae", registreeBody("/id-mn4")["m2m:csr"]}};
  for (const Json& body : {missing_cb, bad_cst, bad_rr, wrong_root}) {
    HttpResult r = in_http_->create("/id-mn4", "/cse-in", 16, body);
    EXPECT_EQ(r.rsc, 4000) << body.dump() << " " << r;
  }
  HttpResult raw = in_http_->raw("POST", "/cse-in",
                                 {{"X-M2M-Origin", "/id-mn4"}, {"X-M2M-RI", "r1"},
                                  {"X-M2M-RVI", "3"},
                                  {"Content-Type", "application/json;ty=16"}},
                                 "{\"m2m:csr\": {\"cb\": ");
  EXPECT_EQ(raw.rsc, 4000) << raw;
  EXPECT_EQ(in_http_->retrieve("CAdmin", "/cse-in/id-mn4").rsc, 4004);
}

TEST(CseRegistrationStartTest, MnStartsWhileRegistrarIsDownAndRegistersWhenItComesUp) {
  uint16_t port = 0;
  {
    TestCse probe(inCseArgs());  // a port that was free a moment ago, for the Registrar
    port = probe.port();
  }
  ASSERT_NE(port, 0);
  TestCse mn(mnCseArgs(port));
  ASSERT_TRUE(mn.running());  // start-up did not wait for the Registrar
  HttpClient mn_http(mn.port());
  EXPECT_EQ(mn_http.retrieve("CAdmin", "/cse-mn").rsc, 2000);
  EXPECT_EQ(mn_http.retrieve("CAdmin", "/cse-mn/id-in").rsc, 4004);
  TestCse in(inCseArgs(std::to_string(port)));
  ASSERT_TRUE(in.running());
  HttpClient in_http(in.port());
  EXPECT_TRUE(waitUntil(
      [&] {
        return in_http.retrieve("CAdmin", "/cse-in/id-mn").rsc == 2000 &&
               mn_http.retrieve("CAdmin", "/cse-mn/id-in").rsc == 2000;
      },
      kRegistrationWait));
}

}  // namespace
}  // namespace citadel::testing

namespace citadel::testing {
namespace {

// Deregistration initiated by the Registree (TS-0001 §10.2.2.10): the admin deletes the MN's
// <remoteCSE> of its Registrar; at its next refresh the MN deletes its record at the IN, and
// makes no new attempt (the refresh runs every 200 ms here).
class CseDeregistrationTest : public CseTreeTest {
 protected:
  std::vector<std::string> mnExtraArgs() const override {
    return {"--registrar.refreshInterval=200"};
  }
};

TEST_F(CseDeregistrationTest, DeletingTheRegistrarsRecordDeregistersBothSides) {
  ASSERT_TRUE(waitForRegistration(kRegistrationWait));
  ASSERT_EQ(mn_http_->remove("CAdmin", "/cse-mn/id-in").rsc, 2002);
  EXPECT_TRUE(waitUntil([&] { return in_http_->retrieve("CAdmin", "/cse-in/id-mn").rsc == 4004; },
                        std::chrono::seconds(10)));
  // And it stays so: no re-registration by the refresh, no record on either side.
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  EXPECT_EQ(in_http_->retrieve("CAdmin", "/cse-in/id-mn").rsc, 4004);
  EXPECT_EQ(mn_http_->retrieve("CAdmin", "/cse-mn/id-in").rsc, 4004);
}

TEST_F(CseDeregistrationTest, TheRegistrarDeregistersARegistreeAndItStaysSo) {
  ASSERT_TRUE(waitForRegistration(kRegistrationWait));
  // Only the represented CSE (or the admin) deletes a <remoteCSE>: an AE of the IN cannot.
  ASSERT_EQ(in_http_->create("Cx", "/cse-in", 2,
                             {{"m2m:ae", {{"rn", "x"}, {"api", "Nx"}, {"rr", false},
                                          {"srv", {"3"}}}}})
                .rsc,
            2001);
  EXPECT_EQ(in_http_->remove("Cx", "/cse-in/id-mn").rsc, 4103);
  // The IN's admin removes the MN: the IN tells the MN, which drops its record of the IN...
  ASSERT_EQ(in_http_->remove("CAdmin", "/cse-in/id-mn").rsc, 2002);
  EXPECT_TRUE(waitUntil([&] { return mn_http_->retrieve("CAdmin", "/cse-mn/id-in").rsc == 4004; },
                        std::chrono::seconds(10)));
  // ...and does not register again at its next refreshes.
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  EXPECT_EQ(in_http_->retrieve("CAdmin", "/cse-in/id-mn").rsc, 4004);
}

}  // namespace
}  // namespace citadel::testing
