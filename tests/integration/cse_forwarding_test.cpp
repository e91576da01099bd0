// Request forwarding between two real citadel processes on loopback (TS-0004 §7.3.2.6): an
// MN-CSE (id-mn, cse-mn) registered with its Registrar IN-CSE (id-in, cse-in). A request whose
// `to` names the other CSE is retargeted to that CSE's <remoteCSE> poa (down) or, when no
// <remoteCSE> matches, to the Registrar (up); `fr` is made SP-relative on the way, the answer
// comes back with the originator's rqi, and the Hosting CSE's ACP decides what the relayed
// originator may do. Without a route (an unknown CSE-ID at the IN, or a request that came from
// the Registrar) the answer is 4004; an unregistered originator is refused before anything is
// sent; a route whose poa does not answer is 5103.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "tests/support/coap_client.h"
#include "tests/support/cse_tree.h"
#include "tests/support/http_client.h"
#include "tests/support/mosquitto_broker.h"
#include "tests/support/mqtt_client.h"
#include "tests/support/notification_receiver.h"
#include "tests/support/test_cse.h"

namespace citadel::testing {
namespace {

constexpr std::chrono::seconds kRegistrationWait{30};

class CseForwardingTest : public CseTreeTest {
 protected:
  std::vector<std::string> mnExtraArgs() const override {
    return {"--coap.enabled=true", "--coap.port=0"};
  }
  void SetUp() override {
    CseTreeTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(waitForRegistration(kRegistrationWait));
    // Cfwd: an AE of the MN; Cup: an AE of the IN.
    ASSERT_EQ(mn_http_->create("Cfwd", "/cse-mn", 2, treeAeBody("fwd")).rsc, 2001);
    ASSERT_EQ(in_http_->create("Cup", "/cse-in", 2, treeAeBody("up")).rsc, 2001);
  }
};

TEST_F(CseForwardingTest, AnAeOfTheMnWritesAndReadsOnTheInThroughTheMn) {
  // The IN grants the MN's AE by its SP-relative AE-ID, the form the MN forwards it in.
  std::string cnt = grantedContainer(*in_http_, "/cse-in", "fwdCnt", "/id-mn/Cfwd");
  // Up: no <remoteCSE> at the MN is id-in's... except the Registrar's own; either way it goes
  // to the IN's poa. The rqi the originator chose comes back.
  HttpResult created = mn_http_->raw(
      "POST", "/~/id-in" + cnt,
      {{"X-M2M-Origin", "Cfwd"}, {"X-M2M-RI", "my-request-1"}, {"X-M2M-RVI", "3"},
       {"Content-Type", "application/json;ty=4"}},
      R"({"m2m:cin": {"con": "hello", "cr": null}})");
  ASSERT_EQ(created.rsc, 2001) << created;
  EXPECT_EQ(created.header("X-M2M-RI"), "my-request-1");
  // At the Hosting CSE: stored, created by the relayed originator in SP-relative form.
  HttpResult at_in = in_http_->retrieve("CAdmin", cnt + "/la");
  ASSERT_EQ(at_in.rsc, 2000) << at_in;
  EXPECT_EQ(at_in.resource().value("con", ""), "hello");
  EXPECT_EQ(at_in.resource().value("cr", ""), "/id-mn/Cfwd");
  // The MN stores nothing of it.
  EXPECT_EQ(mn_http_->retrieve("CAdmin", "/cse-mn/fwdCnt").rsc, 4004);
  // And back through the MN.
  HttpResult read = mn_http_->retrieve("Cfwd", "/~/id-in" + cnt + "/la");
  ASSERT_EQ(read.rsc, 2000) << read;
  EXPECT_EQ(read.resource().value("con", ""), "hello");
  // Query parameters travel too: a discovery through the MN is a discovery at the IN.
  HttpResult found = mn_http_->retrieve("Cfwd", "/~/id-in" + cnt, "fu=1&ty=4&drt=2");
  ASSERT_EQ(found.rsc, 2000) << found;
  EXPECT_EQ(found.json.value("m2m:uril", Json()).size(), 1u) << found;
  HttpResult none = mn_http_->retrieve("Cfwd", "/~/id-in" + cnt, "fu=1&ty=4&lbl=absent");
  ASSERT_EQ(none.rsc, 2000) << none;
  EXPECT_EQ(none.json.value("m2m:uril", Json::array()).size(), 0u) << none;
  // The IN's ACP decides: another AE of the MN is not granted there.
  ASSERT_EQ(mn_http_->create("Cother", "/cse-mn", 2, treeAeBody("other")).rsc, 2001);
  EXPECT_EQ(mn_http_->retrieve("Cother", "/~/id-in" + cnt + "/la").rsc, 4103);
}

TEST_F(CseForwardingTest, ARequestArrivingOverCoapIsForwardedAndAnsweredOverCoap) {
  std::string cnt = grantedContainer(*in_http_, "/cse-in", "coapCnt", "/id-mn/Cfwd");
  uint16_t coap_port = pointOfAccessPort(*mn_http_, "/cse-mn", "coap");
  ASSERT_NE(coap_port, 0);
  CoapClient coap(coap_port);
  CoapResult created = coap.create("Cfwd", "/~/id-in" + cnt, 4, {{"m2m:cin", {{"con", "c"}}}});
  ASSERT_EQ(created.rsc, 2001) << created.error << " " << created.payload;
  CoapResult read = coap.retrieve("Cfwd", "/~/id-in" + cnt + "/la");
  ASSERT_EQ(read.rsc, 2000) << read.error << " " << read.payload;
  EXPECT_EQ(read.request_id, read.option(coap::option::kOneM2mRqi));
  EXPECT_EQ(in_http_->retrieve("CAdmin", cnt + "/la").resource().value("con", ""), "c");
}

TEST_F(CseForwardingTest, ARouteWhosePointOfAccessIsCoapIsSentOverCoap) {
  // A <remoteCSE> at the IN whose only poa is the MN's CoAP endpoint: what the IN forwards to
  // "/id-coap" arrives at the MN over CoAP. The MN is not id-coap and got it from its
  // Registrar, so it answers 4004 — with its own dbg, which comes back to the originator.
  uint16_t coap_port = pointOfAccessPort(*mn_http_, "/cse-mn", "coap");
  ASSERT_NE(coap_port, 0);
  Json csr = {{"m2m:csr",
               {{"cst", 2}, {"cb", "/id-coap/cse"}, {"rr", true}, {"srv", {"3"}},
                {"poa", {"coap://127.0.0.1:" + std::to_string(coap_port)}}}}};
  ASSERT_EQ(in_http_->create("/id-coap", "/cse-in", 16, csr).rsc, 2001);
  HttpResult r = in_http_->retrieve("Cup", "/~/id-coap/cse");
  EXPECT_EQ(r.rsc, 4004) << r;
  EXPECT_NE(r.dbg().find("came from the Registrar"), std::string::npos) << r;
}

TEST_F(CseForwardingTest, AnAeOfTheInReachesTheMnThroughItsRemoteCse) {
  std::string cnt = grantedContainer(*mn_http_, "/cse-mn", "downCnt", "/id-in/Cup");
  HttpResult read = in_http_->retrieve("Cup", "/~/id-mn" + cnt);
  ASSERT_EQ(read.rsc, 2000) << read;
  EXPECT_EQ(read.resource().value("rn", ""), "downCnt");
  // The IN's admin is an ordinary AE-ID at the MN ("/id-in/CAdmin"): no privilege there.
  EXPECT_EQ(in_http_->retrieve("CAdmin", "/~/id-mn" + cnt).rsc, 4103);
  // The absolute form with this SP's SP-ID goes the same way.
  HttpResult absolute = in_http_->retrieve("Cup", "/_/citadel.example.com/id-mn" + cnt);
  EXPECT_EQ(absolute.rsc, 2000) << absolute;
}

// Cup's rt=1 CREATE of a contentInstance `con` in `cnt` on the MN, through the IN, to run at
// the MN `oet_ms` after it arrives.
HttpResult nonBlockingThroughTheIn(HttpClient& in, const std::string& cnt, const std::string& con,
                                   const std::string& oet_ms) {
  return in.raw("POST", "/~/id-mn" + cnt + "?rt=1",
                {{"X-M2M-Origin", "Cup"}, {"X-M2M-RI", "nb-" + con}, {"X-M2M-RVI", "3"},
                 {"X-M2M-OET", oet_ms}, {"Content-Type", "application/json;ty=4"}},
                Json{{"m2m:cin", {{"con", con}}}}.dump());
}

TEST_F(CseForwardingTest, ANonBlockingRequestForTheMnIsForwardedThenCompleted) {
  // TS-0004 Table 7.3.2.2-2, Annex E.2.2: the IN (Transit) keeps a <request> that is FORWARDED
  // once the MN (Hosting) accepted the request as non-blocking, and COMPLETED with the MN's
  // result. The operation waits 1.5 s at the MN (oet), so FORWARDED can be seen.
  std::string cnt = grantedContainer(*mn_http_, "/cse-mn", "nbCnt", "/id-in/Cup");
  HttpResult ack = nonBlockingThroughTheIn(*in_http_, cnt, "later", "1500");
  ASSERT_EQ(ack.rsc, 1001) << ack;
  std::string reference = ack.json.value("m2m:uri", "");
  ASSERT_TRUE(reference.starts_with("cse-in/")) << ack;  // the IN's own <request>
  Json record;
  auto status = [&] {
    HttpResult r = in_http_->retrieve("Cup", "/" + reference);
    record = r.resource();
    return record.value("rs", 0);
  };
  EXPECT_TRUE(waitUntil([&] { return status() == 4; }, std::chrono::seconds(10)))
      << "never FORWARDED: " << record;
  // Forwarded and running elsewhere: the Transit's <request> cannot be recalled (TS-0004
  // §7.4.12.2.4).
  EXPECT_EQ(in_http_->remove("Cup", "/" + reference).rsc, 5220);
  // The MN holds the Hosting CSE's <request>, its originator the relayed AE-ID.
  HttpResult at_mn = mn_http_->retrieve("CAdmin", "/cse-mn", "fu=1&ty=17");
  ASSERT_EQ(at_mn.json.value("m2m:uril", Json::array()).size(), 1u) << at_mn;
  std::string mn_request = at_mn.json["m2m:uril"][0].get<std::string>();
  EXPECT_EQ(mn_http_->retrieve("CAdmin", "/" + mn_request).resource().value("org", ""),
            "/id-in/Cup");
  ASSERT_TRUE(waitUntil([&] { return status() == 1; }, std::chrono::seconds(15)))
      << "never COMPLETED: " << record;
  EXPECT_EQ(record["ors"].value("rsc", 0), 2001) << record;
  EXPECT_EQ(record["ors"]["pc"]["m2m:cin"].value("con", ""), "later") << record;
  EXPECT_EQ(mn_http_->retrieve("CAdmin", cnt + "/la").resource().value("con", ""), "later");
  // Completed, it can be deleted.
  EXPECT_EQ(in_http_->remove("Cup", "/" + reference).rsc, 2002);
}

TEST_F(CseForwardingTest, AForwardedRequestLeftByACrashIsFailedAtTheNextStart) {
  std::string cnt = grantedContainer(*mn_http_, "/cse-mn", "nbCrash", "/id-in/Cup");
  HttpResult ack = nonBlockingThroughTheIn(*in_http_, cnt, "lost", "5000");
  ASSERT_EQ(ack.rsc, 1001) << ack;
  std::string reference = "/" + ack.json.value("m2m:uri", "");
  ASSERT_TRUE(waitUntil(
      [&] { return in_http_->retrieve("Cup", reference).resource().value("rs", 0) == 4; },
      std::chrono::seconds(10)));
  in_.kill9();
  ASSERT_TRUE(in_.start());
  in_http_ = std::make_unique<HttpClient>(in_.port());
  // Nobody reads the MN's <request> for it any more: FAILED, outcome unknown (5000).
  HttpResult record = in_http_->retrieve("Cup", reference);
  ASSERT_EQ(record.rsc, 2000) << record;
  EXPECT_EQ(record.resource().value("rs", 0), 2) << record;
  EXPECT_EQ(record.resource()["ors"].value("rsc", 0), 5000) << record;
}

TEST_F(CseForwardingTest, AHostileNextCseCannotBreakAForwardedNonBlockingRequest) {
  // A "CSE" registered at the IN that is a fake answering with malformed <request>s: the Transit
  // reads what it gets without trusting its shape and ends its own <request> FAILED.
  NotificationReceiver fake;
  ASSERT_NE(fake.port(), 0);
  Json csr = {{"m2m:csr",
               {{"cst", 2}, {"cb", "/id-fake/cse-fake"}, {"csi", "/id-fake"}, {"rr", true},
                {"srv", {"3"}}, {"poa", {fake.url("")}}}}};
  ASSERT_EQ(in_http_->create("/id-fake", "/cse-in", 16, csr).rsc, 2001);
  fake.setRsc("/~/id-fake/cse-fake/a", 1001);
  fake.setBody("/~/id-fake/cse-fake/a", {{"m2m:uri", "req-a"}});
  fake.setBody("/~/id-fake/req-a", {{"m2m:req", {{"rs", 1}, {"ors", {{"rsc", "2001"}}}}}});
  fake.setRsc("/~/id-fake/cse-fake/b", 1001);
  fake.setBody("/~/id-fake/cse-fake/b", {{"m2m:uri", "req-b"}});
  fake.setBody("/~/id-fake/req-b", {{"m2m:req", "not a request"}});
  auto post = [&](const std::string& target, const std::string& rqet) {
    HttpResult ack = in_http_->raw(
        "POST", "/~/id-fake/cse-fake/" + target + "?rt=1",
        {{"X-M2M-Origin", "Cup"}, {"X-M2M-RI", "nb-" + target}, {"X-M2M-RVI", "3"},
         {"X-M2M-RET", rqet}, {"Content-Type", "application/json;ty=4"}},
        R"({"m2m:cin": {"con": "x"}})");
    EXPECT_EQ(ack.rsc, 1001) << ack;
    return "/" + ack.json.value("m2m:uri", "");
  };
  std::string a = post("a", "20000");
  std::string b = post("b", "2000");
  auto finished = [&](const std::string& reference, Json& record) {
    return waitUntil(
        [&] {
          record = in_http_->retrieve("Cup", reference).resource();
          return record.value("rs", 0) == 1 || record.value("rs", 0) == 2;
        },
        std::chrono::seconds(15));
  };
  Json record;
  ASSERT_TRUE(finished(a, record)) << record;
  EXPECT_EQ(record.value("rs", 0), 2) << record;  // an rsc that is no integer: 5000, FAILED
  EXPECT_EQ(record["ors"].value("rsc", 0), 5000) << record;
  ASSERT_TRUE(finished(b, record)) << record;
  EXPECT_EQ(record.value("rs", 0), 2) << record;  // never a readable result: its rqet ends it
  EXPECT_EQ(record["ors"].value("rsc", 0), 4008) << record;
  EXPECT_EQ(in_http_->retrieve("CAdmin", "/cse-in").rsc, 2000);  // and the IN still serves
}

TEST_F(CseForwardingTest, AGroupFansOutToAMemberOnTheOtherCse) {
  std::string remote = grantedContainer(*mn_http_, "/cse-mn", "memberCnt", "/id-in/Cup");
  std::string local = grantedContainer(*in_http_, "/cse-in", "localCnt", "Cup");
  Json group = {{"m2m:grp",
                 {{"rn", "g"}, {"mt", 3}, {"mnm", 10},
                  {"mid", {"/id-mn" + remote, local.substr(1)}}}}};
  HttpResult made = in_http_->create("Cup", "/cse-in/up", 9, group);
  ASSERT_EQ(made.rsc, 2001) << made;
  // The local member is checked against mt; the remote one is kept unchecked (mtv false).
  EXPECT_EQ(made.resource().value("mid", Json()).size(), 2u) << made;
  EXPECT_EQ(made.resource().value("mtv", true), false) << made;
  // Each member request runs the pipeline as Cup; the remote one is forwarded to the MN.
  HttpResult fanned = in_http_->retrieve("Cup", "/cse-in/up/g/fopt");
  ASSERT_EQ(fanned.rsc, 2000) << fanned;
  const Json& answers = fanned.json["m2m:agr"]["m2m:rsp"];
  ASSERT_EQ(answers.size(), 2u) << fanned;
  std::vector<std::string> names;
  for (const Json& answer : answers) {
    EXPECT_EQ(answer.value("rsc", 0), 2000) << answer.dump();
    names.push_back(answer["pc"]["m2m:cnt"].value("rn", ""));
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"localCnt", "memberCnt"}));
}

TEST_F(CseForwardingTest, ANotificationReachesAnAeBehindTheOtherCse) {
  NotificationReceiver receiver;
  ASSERT_NE(receiver.port(), 0);
  // The verification request (nu is not the subscriber) and then the event go IN -> MN -> AE.
  notifyAnAeOfTheMn(*in_http_, *mn_http_, receiver.url("/recv"), "Cup");
  if (HasFatalFailure()) return;
  ASSERT_TRUE(receiver.waitForEvents("/recv", 1, std::chrono::seconds(10)));
  const ReceivedRequest event = receiver.eventsTo("/recv").front();
  EXPECT_EQ(event.sgn()["nev"]["rep"]["m2m:cin"]["con"], "event") << event.body;
}

TEST_F(CseForwardingTest, WithoutARouteTheAnswerIs4004AndNothingIsSentBack) {
  // The IN has no Registrar: an unknown CSE-ID ends there.
  HttpResult at_in = in_http_->retrieve("Cup", "/~/id-zzz/cse-z");
  EXPECT_EQ(at_in.rsc, 4004) << at_in;
  EXPECT_NE(at_in.dbg().find("no Registrar"), std::string::npos) << at_in;
  // The MN sends it up; the IN's 4004 comes back.
  HttpResult via_mn = mn_http_->retrieve("Cfwd", "/~/id-zzz/cse-z");
  EXPECT_EQ(via_mn.rsc, 4004) << via_mn;
  EXPECT_NE(via_mn.dbg().find("no Registrar"), std::string::npos) << via_mn;
  // What came from the Registrar is not sent back to it.
  HttpResult from_registrar = mn_http_->retrieve("/id-in", "/~/id-zzz/cse-z");
  EXPECT_EQ(from_registrar.rsc, 4004) << from_registrar;
  EXPECT_NE(from_registrar.dbg().find("came from the Registrar"), std::string::npos)
      << from_registrar;
  // Another SP: no inter-SP routing.
  EXPECT_EQ(in_http_->retrieve("Cup", "/_/other.example.com/id-x/cse").rsc, 4004);
}

TEST_F(CseForwardingTest, AnUnregisteredOriginatorIsNotForwarded) {
  HttpResult r = mn_http_->retrieve("Cnobody", "/~/id-in/cse-in");
  EXPECT_EQ(r.rsc, 4106) << r;
  // Nor one that claims to be an AE of the MN at the IN without the MN relaying it: the IN
  // admits "/id-mn/C…" only as the MN's (here plainCse=loopback trusts the loopback claim, so
  // the check that remains is that id-mn is registered), and an unknown CSE's AE not at all.
  EXPECT_EQ(in_http_->retrieve("/id-nowhere/Cx", "/cse-in").rsc, 4106);
}

TEST_F(CseForwardingTest, APointOfAccessLeadingBackHereEndsAtOnce) {
  // A registered CSE whose poa is the IN itself: the IN's forward comes back to it.
  Json loop = {{"m2m:csr",
                {{"cst", 2}, {"cb", "/id-loop/cse"}, {"rr", true}, {"srv", {"3"}},
                 {"poa", {"http://127.0.0.1:" + std::to_string(in_.port())}}}}};
  ASSERT_EQ(in_http_->create("/id-loop", "/cse-in", 16, loop).rsc, 2001);
  auto start = std::chrono::steady_clock::now();
  HttpResult r = in_http_->retrieve("Cup", "/~/id-loop/cse");
  EXPECT_EQ(r.rsc, 5103) << r;
  EXPECT_NE(r.dbg().find("loops"), std::string::npos) << r;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  // The IN still serves.
  EXPECT_EQ(in_http_->retrieve("Cup", "/cse-in/up").rsc, 2000);
}

TEST_F(CseForwardingTest, ARouteWhosePointOfAccessDoesNotAnswerIs5103) {
  // A registered CSE whose poa nothing listens on.
  Json dead = {{"m2m:csr",
                {{"cst", 2}, {"cb", "/id-dead/cse"}, {"rr", true}, {"srv", {"3"}},
                 {"poa", {"http://127.0.0.1:1"}}}}};
  ASSERT_EQ(in_http_->create("/id-dead", "/cse-in", 16, dead).rsc, 2001);
  HttpResult r = in_http_->retrieve("Cup", "/~/id-dead/cse");
  EXPECT_EQ(r.rsc, 5103) << r;
}

}  // namespace
}  // namespace citadel::testing

namespace citadel::testing {
namespace {

// IN ← MN ← ASN: the MN reports the ASN in its dcse at the IN (registrar.refreshInterval), so
// requests cross both hops in either direction, and each CSE admits a relayed AE-ID only from
// the neighbour behind which its CSE lies.
class ThreeCseForwardingTest : public CseTreeTest {
 protected:
  std::vector<std::string> mnExtraArgs() const override {
    return {"--registrar.refreshInterval=200"};
  }
  void SetUp() override {
    CseTreeTest::SetUp();
    if (HasFatalFailure()) return;
    asn_ = std::make_unique<TestCse>(std::vector<std::string>{
        "--cse.type=ASN", "--cse.id=id-asn", "--cse.name=cse-asn",
        "--registrar.url=http://127.0.0.1:" + std::to_string(mn_->port()),
        "--registrar.cseId=id-mn", "--registrar.cseBaseName=cse-mn",
        "--registrar.retryMax=1000", "--registrar.refreshInterval=200",
        "--security.plainCse=loopback"});
    ASSERT_TRUE(asn_->running());
    asn_http_ = std::make_unique<HttpClient>(asn_->port());
    // The IN learns the ASN from the MN's refreshed <remoteCSE>.
    ASSERT_TRUE(waitUntil(
        [&] {
          HttpResult mn = in_http_->retrieve("CAdmin", "/cse-in/id-mn");
          return mn.rsc == 2000 && mn.resource().value("dcse", Json()) == Json({"/id-asn"}) &&
                 asn_http_->retrieve("CAdmin", "/cse-asn/id-mn").rsc == 2000;
        },
        kRegistrationWait));
    ASSERT_EQ(asn_http_->create("Cdev", "/cse-asn", 2, treeAeBody("dev")).rsc, 2001);
    ASSERT_EQ(in_http_->create("Cup", "/cse-in", 2, treeAeBody("up")).rsc, 2001);
  }

  std::unique_ptr<TestCse> asn_;
  std::unique_ptr<HttpClient> asn_http_;
};

TEST_F(ThreeCseForwardingTest, AnAeOfTheAsnWritesOnTheInAcrossTwoHops) {
  std::string cnt = grantedContainer(*in_http_, "/cse-in", "asnCnt", "/id-asn/Cdev");
  HttpResult created =
      asn_http_->create("Cdev", "/~/id-in" + cnt, 4, {{"m2m:cin", {{"con", "up"}, {"cr", nullptr}}}});
  ASSERT_EQ(created.rsc, 2001) << created;
  HttpResult at_in = in_http_->retrieve("CAdmin", cnt + "/la");
  ASSERT_EQ(at_in.rsc, 2000) << at_in;
  EXPECT_EQ(at_in.resource().value("cr", ""), "/id-asn/Cdev");
}

TEST_F(ThreeCseForwardingTest, AnAeOfTheInReadsOnTheAsnAcrossTwoHops) {
  std::string cnt = grantedContainer(*asn_http_, "/cse-asn", "devCnt", "/id-in/Cup");
  HttpResult read = in_http_->retrieve("Cup", "/~/id-asn" + cnt);
  ASSERT_EQ(read.rsc, 2000) << read;
  EXPECT_EQ(read.resource().value("rn", ""), "devCnt");
}

TEST_F(ThreeCseForwardingTest, ARelayedAeIdIsAdmittedOnlyWhereItsCseLies) {
  // At the IN, an AE-ID of the ASN is admitted (it lies behind the MN, a registree); one of a
  // CSE nobody reported is not.
  EXPECT_EQ(in_http_->retrieve("/id-asn/Cdev", "/cse-in").rsc != 4106, true);
  EXPECT_EQ(in_http_->retrieve("/id-elsewhere/Cx", "/cse-in").rsc, 4106);
  // At the ASN, an AE-ID of the IN lies behind its Registrar: admitted; the ASN's own CSE-ID
  // relayed as if from elsewhere is not.
  EXPECT_NE(asn_http_->retrieve("/id-in/Cup", "/cse-asn").rsc, 4106);
  EXPECT_EQ(asn_http_->retrieve("/id-asn/Cself", "/cse-asn").rsc, 4106);
}

}  // namespace
}  // namespace citadel::testing

namespace citadel::testing {
namespace {

// A route whose point of access is MQTT (TS-0010): the IN publishes the forwarded request on
// the MN's request topic at the broker both CSEs use, and relays the MN's answer.
TEST(CseForwardingMqttTest, ARouteWhosePointOfAccessIsMqttIsSentOverMqtt) {
  if (!mosquittoAvailable()) GTEST_SKIP() << "/usr/sbin/mosquitto is not installed";
  MosquittoBroker& broker = MosquittoBroker::shared();
  ASSERT_TRUE(broker.running()) << broker.log();
  std::vector<std::string> in_args = inCseArgs();
  for (const auto& arg : broker.cseArgs("fwd-in")) in_args.push_back(arg);
  TestCse in(in_args);
  ASSERT_TRUE(in.running());
  // The MN takes CSE-IDs over MQTT (plainCse=any, a test bench's setting: MQTT is no loopback
  // transport it could tell apart).
  std::vector<std::string> mn_extra = broker.cseArgs("fwd-mn");
  mn_extra.push_back("--security.plainCse=any");
  TestCse mn(mnCseArgs(in.port(), mn_extra));
  ASSERT_TRUE(mn.running());
  HttpClient in_http(in.port());
  HttpClient mn_http(mn.port());
  ASSERT_TRUE(waitUntil([&] { return in_http.retrieve("CAdmin", "/cse-in/id-mn").rsc == 2000; },
                        kRegistrationWait));
  ASSERT_EQ(in_http.create("Cup", "/cse-in", 2, treeAeBody("up")).rsc, 2001);
  std::string cnt = grantedContainer(mn_http, "/cse-mn", "mqttCnt", "/id-in/Cup");
  // Only the broker is left in the MN's <remoteCSE> at the IN (the admin may change it; the
  // MN's next refresh, a minute away, would restore its own list).
  HttpResult updated =
      in_http.update("CAdmin", "/cse-in/id-mn", {{"m2m:csr", {{"poa", {broker.mqttUri()}}}}});
  ASSERT_EQ(updated.rsc, 2004) << updated;
  ASSERT_TRUE(waitUntil([&] { return mn_http.retrieve("CAdmin", "/cse-mn").rsc == 2000; },
                        std::chrono::seconds(5)));
  HttpResult read;
  ASSERT_TRUE(waitUntil(  // until the MN's MQTT binding has subscribed
      [&] {
        read = in_http.retrieve("Cup", "/~/id-mn" + cnt);
        return read.rsc == 2000;
      },
      std::chrono::seconds(10)))
      << read;
  EXPECT_EQ(read.resource().value("rn", ""), "mqttCnt");
}

}  // namespace
}  // namespace citadel::testing
