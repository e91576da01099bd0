// CoapServer on port 0 with a fake PrimitiveHandler, driven over real UDP by the test client
// and by raw datagrams: CON/NON, duplicates, pings, malformed messages, Block1 and Block2,
// decode errors and the last-resort 5000.
#include "bindings/coap/coap_server.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <thread>

#include "bindings/coap/coap_socket.h"
#include "bindings/coap/coap_wire.h"
#include "tests/support/coap_client.h"
#include "tests/support/status_macros.h"
#include "tests/unit/coap/fake_primitive_handler.h"

namespace citadel::coap {
namespace {

using citadel::testing::CoapClient;
using citadel::testing::CoapResult;
using model::Json;

class CoapServerTest : public ::testing::Test {
 protected:
  void SetUp() override { startServer(CoapServerOptions{}); }

  void startServer(CoapServerOptions options) {
    server_.reset();
    options.port = 0;
    auto started = CoapServer::start(options, handler_);
    ASSERT_OK(started);
    server_ = std::move(started).value();
    ASSERT_NE(server_->port(), 0);
    client_ = std::make_unique<CoapClient>(server_->port());
  }

  // A CON GET of /cse-in with the three mandatory oneM2M options, as raw bytes.
  std::string rawGet(uint16_t message_id, MessageType type = MessageType::kConfirmable) {
    CoapMessage m;
    m.type = type;
    m.code = method::kGet;
    m.message_id = message_id;
    m.token = "tk";
    m.options = {{option::kUriPath, "cse-in"},
                 {option::kOneM2mFr, "Craw"},
                 {option::kOneM2mRqi, "raw-" + std::to_string(message_id)},
                 {option::kOneM2mRvi, "3"}};
    return serializeMessage(m);
  }

  FakePrimitiveHandler handler_;
  std::unique_ptr<CoapServer> server_;
  std::unique_ptr<CoapClient> client_;
};

TEST_F(CoapServerTest, DecodesARetrieveAndAnswersInTheAck) {
  CoapResult r = client_->retrieve("Cae1", "/cse-in", "rcn=1");
  ASSERT_EQ(r.code, 205) << r;
  EXPECT_EQ(r.rsc, 2000);
  EXPECT_EQ(r.option(option::kOneM2mRqi), r.request_id);
  EXPECT_EQ(r.option(option::kOneM2mRvi), "3");
  EXPECT_EQ(r.json, Json::parse(R"({"m2m:cb":{"rn":"cse-in"}})"));
  ASSERT_EQ(handler_.count(), 1u);
  model::Request seen = handler_.requests()[0];
  EXPECT_EQ(seen.operation, model::Operation::kRetrieve);
  EXPECT_EQ(seen.to, "cse-in");
  EXPECT_EQ(seen.originator, "Cae1");
  EXPECT_EQ(seen.request_id, r.request_id);
  EXPECT_EQ(seen.result_content, model::ResultContent::kAttributes);
  EXPECT_EQ(seen.transport.binding, model::Binding::kCoap);
  EXPECT_EQ(seen.transport.peer_address, "127.0.0.1");
  EXPECT_NE(seen.transport.peer_port, 0);
  EXPECT_TRUE(seen.transport.from_loopback);
}

TEST_F(CoapServerTest, AnswersANonRequestWithANonResponse) {
  auto reply = client_->rawDatagram(rawGet(0x1111, MessageType::kNonConfirmable));
  ASSERT_TRUE(reply.has_value());
  auto parsed = parseMessage(*reply);
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed.value().type, MessageType::kNonConfirmable);
  EXPECT_EQ(parsed.value().token, "tk");
  EXPECT_EQ(parsed.value().code, code(2, 5));
  client_->setConfirmable(false);
  EXPECT_EQ(client_->retrieve("Cae", "/cse-in").rsc, 2000);
}

TEST_F(CoapServerTest, MapsCreateToCreatedWithLocationPath) {
  handler_.respondWith([](const model::Request& request) {
    model::Response response;
    response.status_code = model::Rsc::kCreated;
    response.request_id = request.request_id;
    response.content_location = "cse-in/ae1";
    response.content = {{"m2m:ae", {{"rn", "ae1"}}}};
    return response;
  });
  CoapResult r = client_->create("", "/cse-in", 2, {{"m2m:ae", {{"rn", "ae1"}}}});
  ASSERT_EQ(r.code, 201) << r;
  EXPECT_EQ(r.rsc, 2001);
  std::vector<std::string> location;
  for (const auto& [n, v] : r.options) {
    if (n == option::kLocationPath) location.push_back(v);
  }
  EXPECT_EQ(location, (std::vector<std::string>{"cse-in", "ae1"}));
  model::Request seen = handler_.requests().at(0);
  EXPECT_EQ(seen.operation, model::Operation::kCreate);
  EXPECT_EQ(seen.resource_type, 2);
  EXPECT_TRUE(seen.originator.empty());
}

TEST_F(CoapServerTest, ProcessesARetransmittedConOnceAndRepeatsTheResponse) {
  std::string request = rawGet(0x2222);
  // Generous bounds: under a loaded CI machine a worker may wait seconds for a core.
  auto first = client_->rawDatagram(request, std::chrono::seconds(10));
  auto second = client_->rawDatagram(request, std::chrono::seconds(10));  // a new peer port
  ASSERT_TRUE(first && second);
  EXPECT_EQ(handler_.count(), 2u) << "another source port is another endpoint";

  // The same endpoint retransmitting: one socket, the same datagram twice.
  CoapMessage m = parseMessage(rawGet(0x3333)).value();
  auto peer = resolveUdp("127.0.0.1", server_->port(), false);
  ASSERT_OK(peer);
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  ASSERT_EQ(::connect(fd, peer.value().data(), peer.value().length), 0);
  std::string bytes = serializeMessage(m);
  std::string answers[2];
  for (auto& answer : answers) {
    ASSERT_EQ(::send(fd, bytes.data(), bytes.size(), 0), static_cast<ssize_t>(bytes.size()));
    pollfd pfd{fd, POLLIN, 0};
    ASSERT_EQ(::poll(&pfd, 1, 10000), 1);
    answer.resize(2048);
    answer.resize(static_cast<size_t>(::recv(fd, answer.data(), answer.size(), 0)));
  }
  ::close(fd);
  EXPECT_EQ(answers[0], answers[1]);
  EXPECT_EQ(handler_.count(), 3u);
}

TEST_F(CoapServerTest, ResetsPingsMalformedConsAndStrayResponses) {
  auto expectReset = [&](const std::string& datagram, uint16_t message_id) {
    auto reply = client_->rawDatagram(datagram);
    ASSERT_TRUE(reply.has_value());
    auto parsed = parseMessage(*reply);
    ASSERT_OK(parsed);
    EXPECT_EQ(parsed.value().type, MessageType::kReset);
    EXPECT_EQ(parsed.value().message_id, message_id);
    EXPECT_EQ(parsed.value().code, 0);
  };
  expectReset(std::string("\x40\x00\x12\x34", 4), 0x1234);                   // CoAP ping
  expectReset(std::string("\x40\x01\x12\x35\xf1x", 6), 0x1235);              // delta nibble 15
  expectReset(std::string("\x40\x01\x12\x36\xff", 5), 0x1236);               // empty payload
  expectReset(std::string("\x40\x45\x12\x37", 4), 0x1237);                   // a 2.05 as CON
  EXPECT_FALSE(client_->rawDatagram(std::string("\x50\x01\x12\x38\xf1x", 6),
                                    std::chrono::milliseconds(300)));  // malformed NON
  EXPECT_FALSE(client_->rawDatagram(std::string("\x80\x01\x12\x39", 4),
                                    std::chrono::milliseconds(300)));  // version 2
  EXPECT_FALSE(client_->rawDatagram(std::string("\x60\x00\x12\x3a", 4),
                                    std::chrono::milliseconds(300)));  // stray ACK
  EXPECT_EQ(handler_.count(), 0u);
  EXPECT_EQ(client_->retrieve("Cae", "/cse-in").rsc, 2000) << "still serving";
}

TEST_F(CoapServerTest, AnswersUnknownCriticalOptionsWithBadOption) {
  coap::CoapRequestParts parts;
  parts.method = method::kGet;
  parts.uri_path = {"cse-in"};
  parts.options = {{option::kOneM2mRqi, "rq-bad"}, {1001, "x"}};
  CoapResult r = client_->send(parts);
  EXPECT_EQ(r.code, 402) << r;
  EXPECT_EQ(r.rsc, 4000);
  EXPECT_EQ(r.option(option::kOneM2mRqi), "rq-bad");
  EXPECT_NE(r.dbg().find("option 1001"), std::string::npos) << r;
  EXPECT_EQ(handler_.count(), 0u);
}

TEST_F(CoapServerTest, AnswersDecodeErrorsWithTheirRscAndDbg) {
  CoapResult query = client_->retrieve("Cae", "/cse-in", "rcn=99");
  EXPECT_EQ(query.code, 400) << query;
  EXPECT_EQ(query.rsc, 4000);
  EXPECT_NE(query.dbg().find("rcn"), std::string::npos);
  coap::CoapRequestParts xml;
  xml.method = method::kPut;
  xml.uri_path = {"cse-in"};
  xml.content_format = content_format::kXml;
  xml.payload = "<x/>";
  CoapResult unsupported = client_->send(xml);
  EXPECT_EQ(unsupported.code, 415) << unsupported;
  EXPECT_EQ(unsupported.rsc, 4015);
  EXPECT_EQ(handler_.count(), 0u);
}

TEST_F(CoapServerTest, ReassemblesABlock1RequestPayload) {
  std::string con(5000, 'v');
  CoapResult r = client_->update("Cae", "/cse-in/cnt", {{"m2m:cnt", {{"lbl", {con}}}}});
  ASSERT_EQ(r.rsc, 2000) << r;
  ASSERT_EQ(handler_.count(), 1u) << "the handler sees one request, not five blocks";
  EXPECT_EQ(handler_.requests()[0].content["m2m:cnt"]["lbl"][0], con);
  EXPECT_EQ(r.option(option::kBlock1), encodeBlock({4, false, 6}));
}

TEST_F(CoapServerTest, ServesALargeResponseInBlock2Blocks) {
  std::string big(10000, 'b');
  handler_.respondWith([&](const model::Request& request) {
    model::Response response;
    response.request_id = request.request_id;
    response.content = {{"m2m:dbg", big}};
    return response;
  });
  CoapResult r = client_->retrieve("Cae", "/cse-in");
  ASSERT_EQ(r.code, 205) << r;
  EXPECT_EQ(r.json["m2m:dbg"], big);
  EXPECT_EQ(handler_.count(), 1u) << "later blocks come from the stored body";
}

TEST_F(CoapServerTest, RefusesPayloadsOverTheLimit) {
  CoapServerOptions options;
  options.max_body_bytes = 2000;
  startServer(options);
  CoapResult blocks = client_->update("Cae", "/cse-in", {{"m2m:dbg", std::string(5000, 'x')}});
  EXPECT_EQ(blocks.code, 413) << blocks;
  EXPECT_EQ(blocks.option(option::kSize1), encodeUint(2000));
  EXPECT_EQ(handler_.count(), 0u);
}

TEST_F(CoapServerTest, AnswersAnExceptionWith5000) {
  handler_.respondWith([](const model::Request&) -> model::Response {
    throw std::runtime_error("boom");
  });
  CoapResult r = client_->retrieve("Cae", "/cse-in");
  EXPECT_EQ(r.code, 500) << r;
  EXPECT_EQ(r.rsc, 5000);
  EXPECT_EQ(client_->retrieve("Cae", "/cse-in").code, 500) << "the worker survived";
}

TEST_F(CoapServerTest, HandlesRequestsConcurrently) {
  // Each handler call waits until four calls are inside at once: only concurrent workers pass.
  std::mutex mu;
  std::condition_variable cv;
  int inside = 0;
  handler_.respondWith([&](const model::Request& request) {
    std::unique_lock lock(mu);
    ++inside;
    cv.notify_all();
    bool together = cv.wait_for(lock, std::chrono::seconds(5), [&] { return inside >= 4; });
    model::Response response;
    response.request_id = request.request_id;
    response.status_code = together ? model::Rsc::kOk : model::Rsc::kRequestTimeout;
    return response;
  });
  std::vector<std::future<CoapResult>> results;
  for (int i = 0; i < 4; ++i) {
    results.push_back(std::async(std::launch::async, [port = server_->port()] {
      return CoapClient(port).retrieve("Cae", "/cse-in");
    }));
  }
  for (auto& result : results) EXPECT_EQ(result.get().rsc, 2000);
}

TEST_F(CoapServerTest, StopsCleanly) {
  EXPECT_EQ(client_->retrieve("Cae", "/cse-in").rsc, 2000);
  server_->stop();
  server_->stop();  // idempotent
  client_->setTimeout(std::chrono::milliseconds(500));
  CoapResult after = client_->retrieve("Cae", "/cse-in");
  EXPECT_EQ(after.code, 0);
  EXPECT_FALSE(after.error.empty());
}

TEST(CoapServerStartTest, ReportsAnAddressThatCannotBeBound) {
  FakePrimitiveHandler handler;
  CoapServerOptions options;
  options.address = "192.0.2.1";  // TEST-NET-1: not an address of this host
  options.port = 0;
  auto started = CoapServer::start(options, handler);
  ASSERT_FALSE(started.isOk());
  EXPECT_EQ(started.status().rsc(), model::Rsc::kInternalServerError);
  EXPECT_EQ(started.status().reason(), "coap.start_failed");
}

TEST(CoapServerStartTest, ServesIpv6Loopback) {
  FakePrimitiveHandler handler;
  CoapServerOptions options;
  options.address = "::1";
  options.port = 0;
  auto started = CoapServer::start(options, handler);
  if (!started.isOk()) GTEST_SKIP() << "no IPv6 loopback: " << started.status().dbg();
  CoapClient client(started.value()->port(), "::1");
  EXPECT_EQ(client.retrieve("Cae", "/cse-in").rsc, 2000);
  EXPECT_EQ(handler.requests().at(0).transport.peer_address, "::1");
}

}  // namespace
}  // namespace citadel::coap
