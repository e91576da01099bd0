// CoapPrimitiveSender: a NOTIFY over real UDP to a CoapServer with a fake handler, plus URL
// parsing, unreachable and silent targets (bounded waits, no sleeps).
#include "bindings/coap/coap_sender.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bindings/coap/coap_server.h"
#include "bindings/coap/coap_socket.h"
#include "tests/support/status_macros.h"
#include "tests/unit/coap/fake_primitive_handler.h"
#include "tests/unit/coap/loopback_udp_socket.h"

namespace citadel::coap {
namespace {

using model::Rsc;

model::Request notification(model::Json content) {
  model::Request request;
  request.operation = model::Operation::kNotify;
  request.originator = "/id-in";
  request.request_id = "ntf-1";
  request.release_version_indicator = "3";
  request.content = std::move(content);
  return request;
}

// A bound UDP socket that never answers.
using SilentPeer = LoopbackUdpSocket;

class CoapSenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CoapServerOptions options;
    options.port = 0;
    auto started = CoapServer::start(options, handler_);
    ASSERT_OK(started);
    server_ = std::move(started).value();
  }
  // The handler answers every request 2000, echoing its rqi.
  void answerOk() {
    handler_.respondWith([](const model::Request& request) {
      model::Response response;
      response.request_id = request.request_id;
      response.status_code = Rsc::kOk;
      return response;
    });
  }
  std::string base() { return "coap://127.0.0.1:" + std::to_string(server_->port()); }

  FakePrimitiveHandler handler_;
  std::unique_ptr<CoapServer> server_;
  CoapPrimitiveSender sender_{CoapSenderOptions{std::chrono::milliseconds(2000)}};
};

TEST_F(CoapSenderTest, DeliversANotifyAndMapsTheResponseBack) {
  answerOk();
  model::Json sgn = {{"m2m:sgn", {{"vrq", true}, {"sur", "/id-in/sub"}}}};
  model::Response response = sender_.send(base() + "/ae/notify%20me?x=1", notification(sgn));
  EXPECT_EQ(response.status_code, Rsc::kOk);
  EXPECT_EQ(response.request_id, "ntf-1");
  ASSERT_EQ(handler_.count(), 1u);
  model::Request seen = handler_.requests()[0];
  EXPECT_EQ(seen.operation, model::Operation::kNotify);
  EXPECT_EQ(seen.to, "ae/notify me");
  EXPECT_EQ(seen.originator, "/id-in");
  EXPECT_EQ(seen.request_id, "ntf-1");
  EXPECT_EQ(seen.release_version_indicator, "3");
  EXPECT_EQ(seen.content, sgn);
  EXPECT_EQ(seen.filter_criteria["atr"][0]["nm"], "x") << "URL query forwarded as Uri-Query";
}

// TS-0004 §7.3.2.6: towards a Release 1 entity the request carries no rvi; the sender sends the
// rvi the request has, and none when it has none (no default added on the way).
TEST_F(CoapSenderTest, SendsNoRviWhenTheRequestHasNone) {
  answerOk();
  model::Request request = notification({{"m2m:sgn", {{"vrq", true}, {"sur", "/id-in/sub"}}}});
  request.release_version_indicator.clear();
  EXPECT_EQ(sender_.send(base() + "/ae", request).status_code, Rsc::kOk);
  ASSERT_EQ(handler_.count(), 1u);
  EXPECT_EQ(handler_.requests()[0].release_version_indicator, "");
}

TEST_F(CoapSenderTest, SendsCborWhenTheUrlAsksForIt) {
  model::Json sgn = {{"m2m:sgn", {{"nev", {{"net", 1}}}}}};
  model::Response response = sender_.send(base() + "/n?ct=cbor", notification(sgn));
  EXPECT_EQ(response.status_code, Rsc::kOk);
  ASSERT_EQ(handler_.count(), 1u);
  EXPECT_EQ(handler_.requests()[0].content, sgn);
  EXPECT_TRUE(handler_.requests()[0].filter_criteria.is_null()) << "ct is not forwarded";
}

TEST_F(CoapSenderTest, SendsALargeNotificationInBlocks) {
  model::Json sgn = {{"m2m:sgn", {{"nev", {{"rep", std::string(6000, 'r')}}}}}};
  EXPECT_EQ(sender_.send(base() + "/n", notification(sgn)).status_code, Rsc::kOk);
  ASSERT_EQ(handler_.count(), 1u);
  EXPECT_EQ(handler_.requests()[0].content, sgn);
}

TEST_F(CoapSenderTest, ReportsTheRscOfAnError) {
  handler_.respondWith([](const model::Request& request) {
    return model::Response::fromStatus(model::Status::notFound("no such AE"), request.request_id);
  });
  model::Response response = sender_.send(base() + "/n", notification({{"m2m:sgn", {}}}));
  EXPECT_EQ(response.status_code, Rsc::kNotFound);
  EXPECT_EQ(response.content["m2m:dbg"], "no such AE");
}

TEST(CoapSenderFailureTest, AnswersTargetNotReachableWhenNothingListens) {
  uint16_t closed_port = 0;
  {
    SilentPeer peer;  // bound, then closed: nothing listens there any more
    closed_port = peer.port();
  }
  CoapPrimitiveSender sender(CoapSenderOptions{std::chrono::milliseconds(3000)});
  auto started = std::chrono::steady_clock::now();
  model::Response response = sender.send("coap://127.0.0.1:" + std::to_string(closed_port) + "/n",
                                         notification({{"m2m:sgn", {}}}));
  EXPECT_EQ(response.status_code, Rsc::kTargetNotReachable);
  EXPECT_EQ(response.request_id, "ntf-1");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3))
      << "ICMP port unreachable ends the wait early";
}

TEST(CoapSenderFailureTest, AnswersRequestTimeoutWhenTheTargetStaysSilent) {
  SilentPeer peer;
  CoapPrimitiveSender sender(CoapSenderOptions{std::chrono::milliseconds(300)});
  model::Response response = sender.send("coap://127.0.0.1:" + std::to_string(peer.port()) + "/n",
                                         notification({{"m2m:sgn", {}}}));
  EXPECT_EQ(response.status_code, Rsc::kRequestTimeout);
  EXPECT_NE(response.content["m2m:dbg"].get<std::string>().find("in time"), std::string::npos);
}

TEST(CoapSenderFailureTest, RejectsUnsupportedUrls) {
  CoapPrimitiveSender sender(CoapSenderOptions{});
  for (const char* url : {"coaps://127.0.0.1/n", "http://127.0.0.1/n", "coap://", "coap://h:0/",
                          "coap://h:99999/", "coap://[::1/n", "coap://h/%zz"}) {
    model::Response response = sender.send(url, notification({{"m2m:sgn", {}}}));
    EXPECT_EQ(response.status_code, Rsc::kTargetNotReachable) << url;
  }
}

TEST(CoapUrlTest, ParsesHostPortPathAndQuery) {
  auto url = parseCoapUrl("coap://[::1]:5700/a/b%2Fc?x=1&y=%41");
  ASSERT_OK(url);
  EXPECT_EQ(url.value().host, "::1");
  EXPECT_EQ(url.value().port, 5700);
  EXPECT_EQ(url.value().path, (std::vector<std::string>{"a", "b/c"}));
  EXPECT_EQ(url.value().query, (std::vector<std::string>{"x=1", "y=A"}));
  auto plain = parseCoapUrl("COAP://example.com");
  ASSERT_OK(plain);
  EXPECT_EQ(plain.value().host, "example.com");
  EXPECT_EQ(plain.value().port, 5683);
  EXPECT_TRUE(plain.value().path.empty());
}

}  // namespace
}  // namespace citadel::coap
