// DatagramBatch (bindings/coap/datagram_batch.h): several datagrams per recvmmsg, each whole,
// with its own sender; nothing waiting is no datagram.
#include "bindings/coap/datagram_batch.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/unit/coap/loopback_udp_socket.h"

namespace citadel::coap {
namespace {

TEST(DatagramBatchTest, NothingWaitingIsNoDatagram) {
  LoopbackUdpSocket server;
  DatagramBatch batch;
  EXPECT_EQ(batch.receive(server.fd()), 0u);
}

TEST(DatagramBatchTest, ReadsAFullBatchThenTheRestInOrderWithEachSender) {
  LoopbackUdpSocket server, client_a, client_b;
  const size_t total = DatagramBatch::kSize + 4;
  for (size_t i = 0; i < total; ++i) {
    LoopbackUdpSocket& from = i % 2 == 0 ? client_a : client_b;
    ASSERT_TRUE(from.sendRaw("datagram " + std::to_string(i), server.port()));
  }
  DatagramBatch batch;
  size_t seen = 0;
  for (size_t expected : {DatagramBatch::kSize, size_t{4}}) {
    ASSERT_EQ(batch.receive(server.fd()), expected);
    for (size_t i = 0; i < expected; ++i, ++seen) {
      EXPECT_EQ(batch.bytes(i), "datagram " + std::to_string(seen));
      EXPECT_EQ(batch.peer(i).port(), (seen % 2 == 0 ? client_a : client_b).port());
      EXPECT_TRUE(batch.peer(i).isLoopback());
    }
  }
  EXPECT_EQ(batch.receive(server.fd()), 0u);
}

TEST(DatagramBatchTest, TheLargestDatagramArrivesWhole) {
  LoopbackUdpSocket server, client;
  std::string large(65507, 'x');  // the largest UDP payload over IPv4
  large.front() = 'a';
  large.back() = 'z';
  ASSERT_TRUE(client.sendRaw(large, server.port()));
  ASSERT_TRUE(client.sendRaw("small", server.port()));
  DatagramBatch batch;
  ASSERT_EQ(batch.receive(server.fd()), 2u);
  EXPECT_EQ(batch.bytes(0), large);
  EXPECT_EQ(batch.bytes(1), "small");
}

}  // namespace
}  // namespace citadel::coap
