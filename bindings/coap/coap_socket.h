#pragma once
// UDP addresses for the CoAP server and client: resolution and the textual forms used in
// TransportInfo and as duplicate-detection keys.

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <string>

#include "cse/model/status.h"

namespace citadel::coap {

struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;

  // IP literal without port; an IPv4-mapped IPv6 address is shown as IPv4 ("127.0.0.1").
  std::string ip() const;
  uint16_t port() const;
  bool isLoopback() const;
  // "127.0.0.1:5683" or "[::1]:5683".
  std::string toString() const;
  const sockaddr* data() const { return reinterpret_cast<const sockaddr*>(&storage); }
  sockaddr* data() { return reinterpret_cast<sockaddr*>(&storage); }
};

// The first address getaddrinfo gives for host:port (UDP). `passive` for binding. 5103 with
// reason "coap.resolve_failed" naming the host when it cannot be resolved.
model::Result<SocketAddress> resolveUdp(const std::string& host, uint16_t port, bool passive);

}  // namespace citadel::coap
