// Issue 18 item 6: non-blocking requests (TS-0001 §8.2.2, TS-0004 §7.3.2.2-7.3.2.5) and the
// <request> resource (ty 17, TS-0001 §9.6.12, TS-0004 §7.4.12), through the real bindings. The
// originator polls its <request> until the operation finished (no timed assertion: waitUntil
// bounds the wait, the result is what is asserted).
#include <gtest/gtest.h>

#include <string>

#include "bindings/coap/coap_options.h"
#include "bindings/coap/coap_wire.h"
#include "tests/support/coap_client.h"
#include "tests/support/cse_fixture.h"
#include "tests/support/mqtt_client.h"
#include "tests/support/notification_receiver.h"

namespace citadel::testing {
namespace {

namespace option = coap::option;

Json cin(const std::string& con) { return {{"m2m:cin", {{"con", con}}}}; }

class NonBlockingTest : public CseFixture {
 protected:
  static void SetUpTestSuite() { startCse({"--coap.enabled=true", "--coap.port=0"}); }

  // POST `body` (ty) to `path` with rt (and rtu) as the HTTP binding carries them.
  HttpResult postNonBlocking(const std::string& originator, const std::string& path, int ty,
                             const Json& body, const std::string& rt,
                             const std::string& rtu = "") {
    HeaderList headers = {{"X-M2M-Origin", originator},
                          {"X-M2M-RI", HttpClient::nextRequestId()},
                          {"X-M2M-RVI", "3"},
                          {"Content-Type", "application/json;ty=" + std::to_string(ty)}};
    if (!rtu.empty()) headers.push_back({"X-M2M-RTU", rtu});
    return http().raw("POST", path + "?rt=" + rt, headers, body.dump());
  }

  // The <request> at `reference` (an m2m:uri) once its requestStatus left PENDING (3).
  Json finishedRequest(const std::string& originator, const std::string& reference) {
    Json record;
    EXPECT_TRUE(waitUntil([&] {
      HttpResult r = http().retrieve(originator, "/" + reference);
      if (r.rsc != 2000) return false;
      record = r.resource();
      return record.value("rs", 0) != 3;
    })) << "the <request> " << reference << " stayed PENDING";
    return record;
  }

  static std::string referenceOf(const HttpResult& r) {
    return r.json.is_object() ? r.json.value("m2m:uri", "") : "";
  }
};

TEST_F(NonBlockingTest, SynchCreateAnswers1001WithTheRequestReferenceAndCompletes) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  HttpResult ack = postNonBlocking(ae.id, cnt, 4, cin("nb1"), "1");
  ASSERT_EQ(ack.rsc, 1001) << ack;
  EXPECT_EQ(ack.http_status, 202) << ack;
  std::string reference = referenceOf(ack);
  ASSERT_TRUE(reference.starts_with("cse-in/req")) << ack;

  Json record = finishedRequest(ae.id, reference);
  EXPECT_EQ(record.value("ty", 0), 17) << record;
  EXPECT_EQ(record.value("rs", 0), 1) << "COMPLETED: " << record;
  EXPECT_EQ(record.value("op", 0), 1) << record;
  EXPECT_EQ(record.value("org", ""), ae.id) << record;
  EXPECT_EQ(record.value("rid", ""), ack.request_id) << record;
  EXPECT_EQ(record["ors"].value("rsc", 0), 2001) << record;
  EXPECT_EQ(record["ors"].value("rqi", ""), ack.request_id) << record;
  EXPECT_EQ(record["ors"]["pc"]["m2m:cin"].value("con", ""), "nb1") << record;
  EXPECT_EQ(record["mi"]["rt"].value("rtv", 0), 1) << record;
  EXPECT_EQ(http().retrieve(ae.id, cnt + "/la").resource().value("con", ""), "nb1");
}

TEST_F(NonBlockingTest, AnotherOriginatorCannotRetrieveOrDeleteTheRequest) {
  Ae ae = registerAe();
  Ae other = registerAe("other");
  std::string cnt = createContainer(ae.id, ae.path);
  HttpResult ack = postNonBlocking(ae.id, cnt, 4, cin("mine"), "1");
  ASSERT_EQ(ack.rsc, 1001) << ack;
  finishedRequest(ae.id, referenceOf(ack));
  EXPECT_EQ(http().retrieve(other.id, "/" + referenceOf(ack)).rsc, 4103);
  EXPECT_EQ(http().remove(other.id, "/" + referenceOf(ack)).rsc, 4103);
  EXPECT_EQ(http().retrieve(kAdmin, "/" + referenceOf(ack)).rsc, 2000);
}

TEST_F(NonBlockingTest, ADeniedOperationEndsFailedWith4103AndCreatesNothing) {
  Ae owner = registerAe();
  Ae intruder = registerAe("intruder");
  std::string cnt = createContainer(owner.id, owner.path);
  HttpResult ack = postNonBlocking(intruder.id, cnt, 4, cin("sneaky"), "1");
  ASSERT_EQ(ack.rsc, 1001) << ack;
  Json record = finishedRequest(intruder.id, referenceOf(ack));
  EXPECT_EQ(record.value("rs", 0), 2) << "FAILED: " << record;
  EXPECT_EQ(record["ors"].value("rsc", 0), 4103) << record;
  EXPECT_EQ(http().retrieve(owner.id, cnt).resource().value("cni", -1), 0);
}

TEST_F(NonBlockingTest, AsynchCreateAnswers1002AndNotifiesTheResponseToRtu) {
  NotificationReceiver receiver;
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  HttpResult ack = postNonBlocking(ae.id, cnt, 4, cin("nb2"), "2", receiver.url("/nbr"));
  ASSERT_EQ(ack.rsc, 1002) << ack;
  ASSERT_TRUE(receiver.waitForRequests("/nbr", 1, std::chrono::seconds(10)));
  ReceivedRequest notify = receiver.requestsTo("/nbr").front();
  const Json& rsp = notify.json["m2m:rsp"];
  EXPECT_EQ(rsp.value("rsc", 0), 2001) << notify.json;
  EXPECT_EQ(rsp.value("rqi", ""), ack.request_id) << notify.json;
  EXPECT_EQ(rsp["pc"]["m2m:cin"].value("con", ""), "nb2") << notify.json;
  EXPECT_EQ(notify.header("X-M2M-Origin"), "/id-in");
  EXPECT_NE(notify.header("X-M2M-RI"), ack.request_id);
  EXPECT_EQ(finishedRequest(ae.id, referenceOf(ack)).value("rs", 0), 1);
}

TEST_F(NonBlockingTest, BadResponseTypesAre4000) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  for (const char* rt : {"0", "6", "x", "-1"}) {
    HttpResult r = postNonBlocking(ae.id, cnt, 4, cin("bad"), rt);
    EXPECT_EQ(r.rsc, 4000) << "rt=" << rt << ": " << r;
  }
  EXPECT_EQ(http().retrieve(ae.id, cnt).resource().value("cni", -1), 0);
}

TEST_F(NonBlockingTest, ANonBlockingRequestToARequestIs4000) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  HttpResult ack = postNonBlocking(ae.id, cnt, 4, cin("x"), "1");
  ASSERT_EQ(ack.rsc, 1001) << ack;
  finishedRequest(ae.id, referenceOf(ack));
  HttpResult r = http().raw("GET", "/" + referenceOf(ack) + "?rt=1",
                            {{"X-M2M-Origin", ae.id}, {"X-M2M-RI", HttpClient::nextRequestId()},
                             {"X-M2M-RVI", "3"}},
                            "");
  EXPECT_EQ(r.rsc, 4000) << r;
}

TEST_F(NonBlockingTest, ARequestIsNeitherCreatableNorUpdatableButItsOriginatorDeletesIt) {
  Ae ae = registerAe();
  EXPECT_EQ(http().create(kAdmin, kCseBase, 17, {{"m2m:req", Json::object()}}).rsc, 4005);
  std::string cnt = createContainer(ae.id, ae.path);
  HttpResult ack = postNonBlocking(ae.id, cnt, 4, cin("d"), "1");
  ASSERT_EQ(ack.rsc, 1001) << ack;
  std::string path = "/" + referenceOf(ack);
  finishedRequest(ae.id, referenceOf(ack));
  EXPECT_EQ(http().update(ae.id, path, {{"m2m:req", {{"lbl", {"x"}}}}}).rsc, 4005);
  EXPECT_EQ(http().remove(ae.id, path).rsc, 2002);
  EXPECT_EQ(http().retrieve(ae.id, path).rsc, 4004);
}

// Admission (identity, primitive shape) is decided before the acknowledgement: an originator
// that is not registered gets its error at once and leaves no <request>.
TEST_F(NonBlockingTest, AnUnregisteredOriginatorIsRefusedBeforeAnyRequestExists) {
  HttpResult denied = postNonBlocking("Cnobody", kCseBase, 3, {{"m2m:cnt", Json::object()}}, "1");
  EXPECT_EQ(denied.rsc, 4106) << denied;
}

TEST_F(NonBlockingTest, CoapSynchCreateAnswersWithTheRequestReference) {
  uint16_t port = pointOfAccessPort("coap");
  ASSERT_NE(port, 0);
  CoapClient coap(port);
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  coap::CoapMessage post;
  post.type = coap::MessageType::kConfirmable;
  post.code = coap::method::kPost;
  post.message_id = 0x4e42;
  post.token = "nb1";
  post.options = {{option::kUriPath, "cse-in"},
                  {option::kUriPath, ae.name},
                  {option::kUriPath, cnt.substr(cnt.rfind('/') + 1)},
                  {option::kContentFormat, coap::encodeUint(50)},
                  {option::kUriQuery, "rt=1"},
                  {option::kOneM2mTy, coap::encodeUint(4)},
                  {option::kOneM2mRvi, "3"},
                  {option::kOneM2mFr, ae.id},
                  {option::kOneM2mRqi, CoapClient::nextRequestId()}};
  post.payload = cin("coap").dump();
  auto reply = coap.rawDatagram(coap::serializeMessage(post), std::chrono::seconds(5));
  ASSERT_TRUE(reply.has_value());
  auto ack = coap::parseMessage(*reply);
  ASSERT_TRUE(ack.isOk()) << ack.status().dbg();
  const std::string* rsc = ack.value().option(option::kOneM2mRsc);
  ASSERT_NE(rsc, nullptr);
  EXPECT_EQ(coap::decodeUint(*rsc, 2).value_or(0), 1001u);
  Json body = Json::parse(ack.value().payload, nullptr, false);
  std::string reference = body.is_object() ? body.value("m2m:uri", "") : "";
  ASSERT_TRUE(reference.starts_with("cse-in/req")) << ack.value().payload;
  Json record = finishedRequest(ae.id, reference);
  EXPECT_EQ(record.value("rs", 0), 1) << record;
  EXPECT_EQ(record["ors"]["pc"]["m2m:cin"].value("con", ""), "coap") << record;
}

// Durability: the <request> is committed before the acknowledgement; one whose operation had
// not finished when the CSE was killed is FAILED after the restart (outcome unknown), never
// PENDING for ever. The operation waits for its oet (8 s), far beyond the kill that follows.
TEST_F(NonBlockingTest, APendingRequestIsFailedAfterACrash) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  HttpResult ack = http().raw("POST", cnt + "?rt=1",
                              {{"X-M2M-Origin", ae.id},
                               {"X-M2M-RI", HttpClient::nextRequestId()},
                               {"X-M2M-RVI", "3"},
                               {"X-M2M-OET", "8000"},
                               {"Content-Type", "application/json;ty=4"}},
                              cin("late").dump());
  ASSERT_EQ(ack.rsc, 1001) << ack;
  HttpResult pending = http().retrieve(ae.id, "/" + referenceOf(ack));
  EXPECT_EQ(pending.resource().value("rs", 0), 3) << pending;
  cse().kill9();
  cse().restart();
  http().setPort(cse().port());
  Json record = finishedRequest(ae.id, referenceOf(ack));
  EXPECT_EQ(record.value("rs", 0), 2) << record;
  EXPECT_EQ(record["ors"].value("rsc", 0), 5000) << record;
}

class NonBlockingQueueFullTest : public CseFixture {
 protected:
  static void SetUpTestSuite() { startCse({"--nonBlocking.queueSize=0"}); }
};

// TS-0004 §7.3.2.2: a CSE that cannot take a nonBlockingRequestSynch answers
// NON_BLOCKING_SYNCH_REQUEST_NOT_SUPPORTED; nothing is created, no <request> either.
TEST_F(NonBlockingQueueFullTest, AFullQueueAnswers5206AndRunsNothing) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  for (const char* rt : {"1", "2"}) {
    HttpResult r = http().raw("POST", cnt + "?rt=" + std::string(rt),
                              {{"X-M2M-Origin", ae.id},
                               {"X-M2M-RI", HttpClient::nextRequestId()},
                               {"X-M2M-RVI", "3"},
                               {"Content-Type", "application/json;ty=4"}},
                              cin("full").dump());
    EXPECT_EQ(r.rsc, 5206) << "rt=" << rt << ": " << r;
  }
  EXPECT_EQ(http().retrieve(ae.id, cnt).resource().value("cni", -1), 0);
  HttpResult found = http().raw("GET", std::string(kCseBase) + "?fu=1&ty=17",
                                {{"X-M2M-Origin", kAdmin},
                                 {"X-M2M-RI", HttpClient::nextRequestId()},
                                 {"X-M2M-RVI", "3"}},
                                "");
  EXPECT_EQ(found.rsc, 2000) << found;
  EXPECT_TRUE(found.json.value("m2m:uril", Json::array()).empty()) << found;
}

class NonBlockingOriginatorLimitTest : public NonBlockingTest {
 protected:
  static void SetUpTestSuite() { startCse({"--nonBlocking.maxPerOriginator=2"}); }
};

// An originator cannot fill the store with <request> resources: past its quota of unexpired
// ones it gets 5206 and nothing more is stored; other originators are not affected.
TEST_F(NonBlockingOriginatorLimitTest, AnOriginatorHoldsAtMostItsQuotaOfRequests) {
  Ae ae = registerAe();
  Ae other = registerAe("other");
  std::string cnt = createContainer(ae.id, ae.path);
  std::string other_cnt = createContainer(other.id, other.path);
  for (int i = 0; i < 2; ++i) {
    HttpResult ack = postNonBlocking(ae.id, cnt, 4, cin("q"), "1");
    ASSERT_EQ(ack.rsc, 1001) << ack;
    finishedRequest(ae.id, referenceOf(ack));
  }
  HttpResult refused = postNonBlocking(ae.id, cnt, 4, cin("q"), "1");
  EXPECT_EQ(refused.rsc, 5206) << refused;
  EXPECT_NE(refused.dbg().find("maxPerOriginator"), std::string::npos) << refused;
  EXPECT_EQ(postNonBlocking(other.id, other_cnt, 4, cin("o"), "1").rsc, 1001);
  EXPECT_EQ(http().retrieve(ae.id, cnt).resource().value("cni", -1), 2) << "the third never ran";
}

}  // namespace
}  // namespace citadel::testing
