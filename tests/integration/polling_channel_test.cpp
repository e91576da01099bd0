// <pollingChannel> and long polling through a real binding (TS-0001 §9.6.21-22, §10.2.5.13-19;
// TS-0004 §7.4.21-22): a request-unreachable AE (rr = false) creates a channel under its <AE>,
// long-polls its pcu, receives the notifications addressed to it as request primitives
// (m2m:rqp) and answers each with a NOTIFY carrying m2m:rsp. Only that AE creates and uses the
// channel; one per AE; pcu takes RETRIEVE and NOTIFY only; a poll with nothing for it ends 4008
// at its rqet.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <string>

#include "bindings/coap/coap_options.h"
#include "tests/support/coap_client.h"
#include "tests/support/http_client.h"
#include "tests/support/test_cse.h"

namespace citadel::testing {
namespace {

class PollingChannelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(cse_.running());
    http_ = std::make_unique<HttpClient>(cse_.port());
    for (const char* name : {"poll", "other"}) {
      HttpResult ae = http_->create(
          std::string("C") + name, "/cse-in", 2,
          {{"m2m:ae", {{"rn", name}, {"api", std::string("N") + name}, {"rr", false},
                       {"srv", {"3"}}}}});
      ASSERT_EQ(ae.rsc, 2001) << ae;
    }
    HttpResult channel = http_->create("Cpoll", "/cse-in/poll", 15, {{"m2m:pch", {{"rn", "ch"}}}});
    ASSERT_EQ(channel.rsc, 2001) << channel;
    EXPECT_EQ(channel.resource().value("ty", 0), 15);
    // A container of the AE with a subscription that notifies the AE itself.
    ASSERT_EQ(http_->create("Cpoll", "/cse-in/poll", 3, {{"m2m:cnt", {{"rn", "data"}}}}).rsc,
              2001);
    HttpResult sub = http_->create("Cpoll", "/cse-in/poll/data", 23,
                                   {{"m2m:sub", {{"rn", "s"}, {"nu", {"Cpoll"}},
                                                 {"enc", {{"net", {3}}}}}}});
    ASSERT_EQ(sub.rsc, 2001) << sub;
  }

  // A long poll on its own connection (the test's client stays free for other requests).
  std::future<HttpResult> longPoll(const std::string& originator = "Cpoll",
                                   const std::string& rqet = "") {
    return std::async(std::launch::async, [this, originator, rqet] {
      HttpClient poller(cse_.port());
      HeaderList headers = {{"X-M2M-Origin", originator}, {"X-M2M-RI", "poll-1"},
                            {"X-M2M-RVI", "3"}};
      if (!rqet.empty()) headers.emplace_back("X-M2M-RET", rqet);
      return poller.raw("GET", "/cse-in/poll/ch/pcu", headers);
    });
  }

  HttpResult answer(const Json& response) {
    return http_->raw("POST", "/cse-in/poll/ch/pcu",
                      {{"X-M2M-Origin", "Cpoll"}, {"X-M2M-RI", "answer-1"}, {"X-M2M-RVI", "3"},
                       {"Content-Type", "application/json"}},
                      Json{{"m2m:rsp", response}}.dump());
  }

  // The port of the CoAP point of access the CSE lists in its <CSEBase> poa.
  uint16_t coapPort() {
    for (const Json& poa : http_->retrieve("CAdmin", "/cse-in").resource().value("poa", Json())) {
      std::string uri = poa.get<std::string>();
      if (uri.starts_with("coap://")) {
        return static_cast<uint16_t>(std::stoi(uri.substr(uri.rfind(':') + 1)));
      }
    }
    return 0;
  }

  TestCse cse_{{"--coap.enabled=true", "--coap.port=0"}};
  std::unique_ptr<HttpClient> http_;
};

TEST_F(PollingChannelTest, ANotificationReachesTheWaitingPollAndItsAnswerIsMatched) {
  std::future<HttpResult> poll = longPoll();
  // Give the poll time to arrive before the event (a poll that comes later finds it queued).
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_EQ(http_->create("Cpoll", "/cse-in/poll/data", 4, {{"m2m:cin", {{"con", "7"}}}}).rsc,
            2001);
  ASSERT_EQ(poll.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  HttpResult polled = poll.get();
  ASSERT_EQ(polled.rsc, 2000) << polled;
  const Json& rqp = polled.json.value("m2m:rqp", Json());
  ASSERT_TRUE(rqp.is_object()) << polled;
  EXPECT_EQ(rqp.value("op", 0), 5);
  EXPECT_EQ(rqp.value("to", ""), "Cpoll");
  EXPECT_EQ(rqp.value("fr", ""), "/id-in");
  EXPECT_EQ(rqp["pc"]["m2m:sgn"]["nev"]["rep"]["m2m:cin"].value("con", ""), "7") << rqp;
  // The AE answers it; an answer to nothing delivered is 4004.
  HttpResult answered = answer({{"rsc", 2000}, {"rqi", rqp.value("rqi", "")}});
  EXPECT_EQ(answered.rsc, 2000) << answered;
  EXPECT_EQ(answer({{"rsc", 2000}, {"rqi", rqp.value("rqi", "")}}).rsc, 4004);
  EXPECT_EQ(answer({{"rsc", 2000}, {"rqi", "never-sent"}}).rsc, 4004);
  EXPECT_EQ(answer({{"rqi", "no-rsc"}}).rsc, 4000);
}

TEST_F(PollingChannelTest, APollOverCoapWaitsOnItsWorkerAndIsAnsweredLikeOverHttp) {
  uint16_t port = coapPort();
  ASSERT_NE(port, 0);
  std::future<CoapResult> poll = std::async(std::launch::async, [port] {
    CoapClient coap(port);
    coap.setTimeout(std::chrono::seconds(20));
    return coap.retrieve("Cpoll", "/cse-in/poll/ch/pcu");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(http_->create("Cpoll", "/cse-in/poll/data", 4, {{"m2m:cin", {{"con", "c"}}}}).rsc,
            2001);
  ASSERT_EQ(poll.wait_for(std::chrono::seconds(15)), std::future_status::ready);
  CoapResult polled = poll.get();
  ASSERT_EQ(polled.rsc, 2000) << polled;
  std::string rqi = polled.json["m2m:rqp"].value("rqi", "");
  ASSERT_FALSE(rqi.empty()) << polled;
  CoapClient coap(port);
  CoapResult answered =
      coap.notify("Cpoll", "/cse-in/poll/ch/pcu", {{"m2m:rsp", {{"rsc", 2000}, {"rqi", rqi}}}});
  EXPECT_EQ(answered.rsc, 2000) << answered;
}

TEST_F(PollingChannelTest, LongPollsCannotTakeEveryCoapWorker) {
  uint16_t port = coapPort();
  ASSERT_NE(port, 0);
  // Two more request-unreachable AEs with channels: 3 channels x 2 waiting polls each.
  for (const char* name : {"p2", "p3"}) {
    ASSERT_EQ(http_->create(std::string("C") + name, "/cse-in", 2,
                            {{"m2m:ae", {{"rn", name}, {"api", std::string("N") + name},
                                         {"rr", false}, {"srv", {"3"}}}}})
                  .rsc,
              2001);
    ASSERT_EQ(http_->create(std::string("C") + name, std::string("/cse-in/") + name, 15,
                            {{"m2m:pch", {{"rn", "ch"}}}})
                  .rsc,
              2001);
  }
  auto coapPoll = [port](const std::string& ae) {
    return std::async(std::launch::async, [port, ae] {
      CoapClient coap(port);
      coap.setTimeout(std::chrono::seconds(10));
      coap::CoapRequestParts parts;
      parts.method = coap::method::kGet;
      parts.uri_path = splitPath("/cse-in/" + ae + "/ch/pcu");
      parts.options = {{coap::option::kOneM2mFr, "C" + ae},
                       {coap::option::kOneM2mRqi, CoapClient::nextRequestId()},
                       {coap::option::kOneM2mRvi, "3"},
                       {291, "2500"}};  // oneM2M-RQET (TS-0008 Table 6.2.2.4-1): 2.5 s
      std::sort(parts.options.begin(), parts.options.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      return coap.send(parts);
    });
  };
  // Five polls at once (two per channel at most wait there): whatever order they arrive in, at
  // most four wait on workers, so one is refused at once; the others end at their rqet. The
  // binding still serves everything else meanwhile.
  std::vector<std::future<CoapResult>> polls;
  for (const char* ae : {"poll", "poll", "p2", "p2", "p3"}) polls.push_back(coapPoll(ae));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(CoapClient(port).retrieve("Cpoll", "/cse-in/poll").rsc, 2000);
  size_t refused_at_once = 0;
  for (auto& poll : polls) {
    CoapResult result = poll.get();
    EXPECT_EQ(result.rsc, 4008) << result;
    if (result.dbg().find("too many long polls") != std::string::npos) ++refused_at_once;
  }
  EXPECT_EQ(refused_at_once, 1u);
}

TEST_F(PollingChannelTest, ARequestQueuedBeforeThePollIsHandedToIt) {
  // No poll waits: the notification waits in the channel (up to notification.timeout).
  std::future<HttpResult> created = std::async(std::launch::async, [this] {
    HttpClient writer(cse_.port());
    return writer.create("Cpoll", "/cse-in/poll/data", 4, {{"m2m:cin", {{"con", "queued"}}}});
  });
  ASSERT_EQ(created.get().rsc, 2001);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  HttpResult polled = longPoll().get();
  ASSERT_EQ(polled.rsc, 2000) << polled;
  EXPECT_EQ(polled.json["m2m:rqp"]["pc"]["m2m:sgn"]["nev"]["rep"]["m2m:cin"].value("con", ""),
            "queued")
      << polled;
}

TEST_F(PollingChannelTest, AStoredRequestWaitsUntilItsRqetForThePoll) {
  // TS-0001 §10.2.5.17: a NOTIFY re-targeted to the AE with an rqet 6 s ahead is still handed to
  // a poll that comes after notification.timeout (3 s) — it expires at its rqet, not before.
  std::future<HttpResult> notified = std::async(std::launch::async, [this] {
    HttpClient notifier(cse_.port());
    return notifier.raw("POST", "/cse-in/poll",
                        {{"X-M2M-Origin", "CAdmin"}, {"X-M2M-RI", "late-1"}, {"X-M2M-RVI", "3"},
                         {"X-M2M-RET", "6000"}, {"Content-Type", "application/json"}},
                        R"({"m2m:sgn": {"nev": {"rep": {"m2m:cin": {"con": "late"}}}}})");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(4000));
  HttpResult polled = longPoll().get();
  ASSERT_EQ(polled.rsc, 2000) << polled;
  EXPECT_EQ(polled.json["m2m:rqp"]["pc"]["m2m:sgn"]["nev"]["rep"]["m2m:cin"].value("con", ""),
            "late")
      << polled;
  std::string rqi = polled.json["m2m:rqp"].value("rqi", "");
  ASSERT_EQ(answer({{"rsc", 2000}, {"rqi", rqi}}).rsc, 2000);
  EXPECT_EQ(notified.get().rsc, 2000);
}

TEST_F(PollingChannelTest, APollWithNothingForItEndsWithRequestTimeoutAtItsRqet) {
  auto started = std::chrono::steady_clock::now();
  HttpResult polled = longPoll("Cpoll", "1000").get();  // rqet: 1 s from now
  EXPECT_EQ(polled.rsc, 4008) << polled;
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(900));
}

TEST_F(PollingChannelTest, OnlyTheAeOfTheParentCreatesAndUsesTheChannel) {
  // Another AE can neither create a channel under this AE, nor poll, read or delete it.
  EXPECT_EQ(http_->create("Cother", "/cse-in/poll", 15, {{"m2m:pch", {{"rn", "x"}}}}).rsc, 4103);
  EXPECT_EQ(longPoll("Cother").get().rsc, 4103);
  EXPECT_EQ(http_->retrieve("Cother", "/cse-in/poll/ch").rsc, 4103);
  EXPECT_EQ(http_->remove("Cother", "/cse-in/poll/ch").rsc, 4103);
  // One channel per AE; pcu is neither deleted nor updated; the channel itself is the AE's.
  EXPECT_EQ(http_->create("Cpoll", "/cse-in/poll", 15, {{"m2m:pch", {{"rn", "second"}}}}).rsc,
            4105);
  EXPECT_EQ(http_->remove("Cpoll", "/cse-in/poll/ch/pcu").rsc, 4005);
  HttpResult read = http_->retrieve("Cpoll", "/cse-in/poll/ch");
  ASSERT_EQ(read.rsc, 2000) << read;
  EXPECT_FALSE(http_->retrieve("Cpoll", "/cse-in/poll").resource().contains("_pch"));
  // Deleted, it can be made again.
  ASSERT_EQ(http_->remove("Cpoll", "/cse-in/poll/ch").rsc, 2002);
  EXPECT_EQ(http_->create("Cpoll", "/cse-in/poll", 15, {{"m2m:pch", {{"rn", "again"}}}}).rsc,
            2001);
}

TEST_F(PollingChannelTest, ANotificationUriNamingAChannelDirectlyIsNeverDelivered) {
  // A subscriber writing the channel's internal URL into nu (or an AE into its poa) must not
  // reach another entity's channel: the request is not addressed to the channel's owner.
  HttpResult channel = http_->retrieve("Cpoll", "/cse-in/poll/ch");
  std::string forged = "pch://" + channel.resource().value("ri", "");
  ASSERT_EQ(http_->create("Cother", "/cse-in/other", 3, {{"m2m:cnt", {{"rn", "c"}}}}).rsc, 2001);
  HttpResult sub = http_->create("Cother", "/cse-in/other/c", 23,
                                 {{"m2m:sub", {{"rn", "s"}, {"nu", {forged}}}}});
  // Verification goes to that URL and is refused there (5204), or the target is refused later:
  // either way nothing is queued for Cpoll.
  if (sub.rsc == 2001) {
    ASSERT_EQ(http_->create("Cother", "/cse-in/other/c", 4, {{"m2m:cin", {{"con", "x"}}}}).rsc,
              2001);
  } else {
    EXPECT_EQ(sub.rsc, 5204) << sub;
  }
  HttpResult polled = longPoll("Cpoll", "800").get();
  EXPECT_EQ(polled.rsc, 4008) << polled;
}

}  // namespace
}  // namespace citadel::testing
