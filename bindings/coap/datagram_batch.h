#pragma once
// Datagrams read several per system call (recvmmsg(2), non-blocking): the CoAP server's receive
// path. Under load many requests wait in the socket; one call per datagram (plus a poll before
// each) was a third of the server's system calls per request.

#include <sys/socket.h>
#include <sys/uio.h>

#include <array>
#include <cstddef>
#include <memory>
#include <string_view>

#include "bindings/coap/coap_socket.h"

namespace citadel::coap {

class DatagramBatch {
 public:
  static constexpr size_t kSize = 16;
  static constexpr size_t kDatagramBytes = 65536;  // any UDP payload fits whole

  DatagramBatch();
  DatagramBatch(const DatagramBatch&) = delete;
  DatagramBatch& operator=(const DatagramBatch&) = delete;

  // Reads what waits, at most kSize datagrams, without blocking. Returns how many: 0 when none
  // waits, and on an error (an ICMP error reported for an earlier send, EINTR): the caller polls
  // again. Each datagram's bytes and sender are valid until the next receive().
  size_t receive(int fd);
  const SocketAddress& peer(size_t i) const { return peers_[i]; }
  std::string_view bytes(size_t i) const {
    return {buffers_.get() + i * kDatagramBytes, headers_[i].msg_len};
  }

 private:
  // Not zero-filled: a page is made resident only by a datagram written into it.
  std::unique_ptr<char[]> buffers_;
  std::array<mmsghdr, kSize> headers_{};
  std::array<iovec, kSize> vectors_{};
  std::array<SocketAddress, kSize> peers_{};
};

}  // namespace citadel::coap
