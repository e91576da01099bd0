// exchange() as a client (issue 15 #2): a response counts only when it comes from the peer the
// request went to and carries the request's token, which is 8 random bytes.
#include "bindings/coap/coap_transaction.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "tests/support/status_macros.h"
#include "tests/unit/coap/loopback_udp_socket.h"

namespace citadel::coap {
namespace {

CoapMessage getRequest() {
  CoapMessage request;
  request.type = MessageType::kConfirmable;
  request.code = 1;  // 0.01 GET
  return request;
}

CoapMessage answer(const CoapMessage& request, uint8_t code, std::string payload) {
  CoapMessage response;
  response.type = MessageType::kAcknowledgement;
  response.code = code;
  response.message_id = request.message_id;
  response.token = request.token;
  response.payload = std::move(payload);
  return response;
}

TEST(CoapTransactionTest, IgnoresAResponseFromAnotherPortEvenWithTheRightToken) {
  LoopbackUdpSocket target, forger;
  std::thread peer([&] {
    sockaddr_storage client{};
    CoapMessage request = target.receive(&client);
    EXPECT_EQ(request.token.size(), 8u);
    forger.sendTo(answer(request, 0x41, "forged"), client);  // 2.01 from the wrong port
    target.sendTo(answer(request, 0x84, "real"), client);    // 4.04 from the target
  });
  TransactionOptions options;
  options.timeout = std::chrono::milliseconds(5000);
  auto response = exchange("127.0.0.1", target.port(), getRequest(), options);
  peer.join();
  ASSERT_OK(response);
  EXPECT_EQ(response.value().code, 0x84);
  EXPECT_EQ(response.value().payload, "real");
}

TEST(CoapTransactionTest, IgnoresAResponseWithAnotherToken) {
  LoopbackUdpSocket target;
  std::thread peer([&] {
    sockaddr_storage client{};
    CoapMessage request = target.receive(&client);
    CoapMessage guessed = answer(request, 0x41, "forged");
    guessed.type = MessageType::kNonConfirmable;  // a separate response with a guessed token
    guessed.token = std::string(8, '\0');
    target.sendTo(guessed, client);
    target.sendTo(answer(request, 0x84, "real"), client);
  });
  TransactionOptions options;
  options.timeout = std::chrono::milliseconds(5000);
  auto response = exchange("127.0.0.1", target.port(), getRequest(), options);
  peer.join();
  ASSERT_OK(response);
  EXPECT_EQ(response.value().payload, "real");
}

TEST(CoapTransactionTest, DrawsAFreshTokenForEveryRequest) {
  LoopbackUdpSocket target;
  std::set<std::string> tokens;
  std::thread peer([&] {
    for (int i = 0; i < 20; ++i) {
      sockaddr_storage client{};
      CoapMessage request = target.receive(&client);
      tokens.insert(request.token);
      target.sendTo(answer(request, 0x45, ""), client);
    }
  });
  TransactionOptions options;
  options.timeout = std::chrono::milliseconds(5000);
  for (int i = 0; i < 20; ++i) {
    EXPECT_OK(exchange("127.0.0.1", target.port(), getRequest(), options));
  }
  peer.join();
  EXPECT_EQ(tokens.size(), 20u);
}

}  // namespace
}  // namespace citadel::coap
