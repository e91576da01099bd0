#include "bindings/coap/coap_socket.h"

#include <arpa/inet.h>
#include <netdb.h>

#include <cstring>

namespace citadel::coap {
namespace {

bool isMappedV4(const sockaddr_in6& a) { return IN6_IS_ADDR_V4MAPPED(&a.sin6_addr); }

}  // namespace

std::string SocketAddress::ip() const {
  char text[INET6_ADDRSTRLEN] = {};
  if (storage.ss_family == AF_INET) {
    const auto& a = reinterpret_cast<const sockaddr_in&>(storage);
    inet_ntop(AF_INET, &a.sin_addr, text, sizeof(text));
  } else if (storage.ss_family == AF_INET6) {
    const auto& a = reinterpret_cast<const sockaddr_in6&>(storage);
    if (isMappedV4(a)) {
      inet_ntop(AF_INET, &a.sin6_addr.s6_addr[12], text, sizeof(text));
    } else {
      inet_ntop(AF_INET6, &a.sin6_addr, text, sizeof(text));
    }
  }
  return text;
}

uint16_t SocketAddress::port() const {
  if (storage.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in&>(storage).sin_port);
  }
  if (storage.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6&>(storage).sin6_port);
  }
  return 0;
}

bool SocketAddress::isLoopback() const {
  if (storage.ss_family == AF_INET) {
    const auto& a = reinterpret_cast<const sockaddr_in&>(storage);
    return (ntohl(a.sin_addr.s_addr) >> 24) == 127;
  }
  if (storage.ss_family == AF_INET6) {
    const auto& a = reinterpret_cast<const sockaddr_in6&>(storage);
    if (isMappedV4(a)) return a.sin6_addr.s6_addr[12] == 127;
    return IN6_IS_ADDR_LOOPBACK(&a.sin6_addr);
  }
  return false;
}

std::string SocketAddress::toString() const {
  std::string host = ip();
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port());
}

model::Result<SocketAddress> resolveUdp(const std::string& host, uint16_t port, bool passive) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0);
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  int rc = getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found);
  if (rc != 0 || found == nullptr) {
    return model::Status(model::Rsc::kTargetNotReachable,
                         "cannot resolve '" + host + "': " + gai_strerror(rc),
                         "coap.resolve_failed");
  }
  SocketAddress address;
  std::memcpy(&address.storage, found->ai_addr, found->ai_addrlen);
  address.length = found->ai_addrlen;
  freeaddrinfo(found);
  return address;
}

}  // namespace citadel::coap
