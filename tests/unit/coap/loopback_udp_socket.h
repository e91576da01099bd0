#pragma once
// A UDP socket bound to a free loopback port, for the CoAP client tests: a silent peer, or a
// peer that reads the client's request and answers it (from itself or, as a forger, from
// another port).

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "bindings/coap/coap_wire.h"

namespace citadel::coap {

// Bound on construction; closes on destruction.
class LoopbackUdpSocket {
 public:
  LoopbackUdpSocket() {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    socklen_t length = sizeof(address);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~LoopbackUdpSocket() { ::close(fd_); }
  uint16_t port() const { return port_; }
  int fd() const { return fd_; }

  // Sends `bytes` as they are to 127.0.0.1:`port`; false when the kernel refused them.
  bool sendRaw(const std::string& bytes, uint16_t port) {
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    to.sin_port = htons(port);
    return ::sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<const sockaddr*>(&to),
                    sizeof to) == static_cast<ssize_t>(bytes.size());
  }

  // The next datagram within 5 s and who sent it; an empty message when none came.
  CoapMessage receive(sockaddr_storage* from) {
    pollfd pfd{fd_, POLLIN, 0};
    if (::poll(&pfd, 1, 5000) != 1) return {};
    std::string buffer(65536, '\0');
    socklen_t length = sizeof(*from);
    ssize_t n = ::recvfrom(fd_, buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(from),
                           &length);
    if (n <= 0) return {};
    auto parsed = parseMessage(std::string_view(buffer.data(), static_cast<size_t>(n)));
    return parsed.isOk() ? parsed.value() : CoapMessage{};
  }
  void sendTo(const CoapMessage& message, const sockaddr_storage& to) {
    std::string bytes = serializeMessage(message);
    ::sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<const sockaddr*>(&to),
             sizeof(sockaddr_in));
  }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

}  // namespace citadel::coap
