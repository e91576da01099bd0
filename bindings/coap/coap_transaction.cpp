// The client side of RFC 7252 §4/§5.2 messaging and RFC 7959 block-wise transfer.
#include "bindings/coap/coap_transaction.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "bindings/coap/coap_socket.h"
#include "cse/random/random_id.h"

namespace citadel::coap {
namespace {

using model::Result;
using model::Rsc;
using model::Status;
using SteadyClock = std::chrono::steady_clock;

Status unreachable(const std::string& what) {
  return Status(Rsc::kTargetNotReachable, what, "coap.unreachable");
}

// RFC 7252 §5.3.1 / RFC 9175 §4.2: the token is what ties a response to its request, so it is
// 8 bytes from the CSPRNG (issue 15 #2): an off-path entity cannot guess it, and the token of one
// request says nothing about the next (a seeded PRNG's outputs would).
constexpr size_t kTokenBytes = 8;

// One socket "connected" to the peer, so that only its datagrams (and ICMP errors) arrive: the
// kernel drops datagrams from any other address or port (POSIX connect() on a datagram socket),
// and roundTrip() checks the source again before it looks at a datagram.
class Endpoint {
 public:
  ~Endpoint() {
    if (fd_ >= 0) ::close(fd_);
  }
  Status open(const SocketAddress& peer) {
    fd_ = ::socket(peer.storage.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0 || ::connect(fd_, peer.data(), peer.length) != 0) {
      return unreachable("cannot open a UDP socket to " + peer.toString() + ": " +
                         strerror(errno));
    }
    peer_ = peer.toString();
    peer_address_ = peer;
    // RFC 7252 §4.4: a random initial Message ID, here from the CSPRNG too.
    next_message_id_ = static_cast<uint16_t>(random::randomUint64());
    return {};
  }

  // Sends `message` and waits for its response until `deadline`.
  Result<CoapMessage> roundTrip(CoapMessage message, SteadyClock::time_point deadline,
                                const TransactionOptions& options) {
    message.message_id = next_message_id_++;
    message.token.resize(kTokenBytes);
    random::fillRandom(message.token.data(), message.token.size());
    std::string bytes = serializeMessage(message);
    bool confirmable = message.type == MessageType::kConfirmable;
    bool acknowledged = false;  // an empty ACK came: the response is separate (§5.2.2)
    auto wait = options.ack_timeout;
    int retransmissions = 0;
    SteadyClock::time_point retransmit_at = SteadyClock::now() + wait;
    if (::send(fd_, bytes.data(), bytes.size(), 0) < 0) return sendFailed();
    while (true) {
      SteadyClock::time_point now = SteadyClock::now();
      if (now >= deadline) {
        return Status(Rsc::kRequestTimeout, "no CoAP response from " + peer_ + " in time",
                      "coap.timeout");
      }
      bool can_retransmit = confirmable && !acknowledged && retransmissions < options.max_retransmit;
      if (can_retransmit && now >= retransmit_at) {
        // RFC 7252 §4.2: retransmit with the same Message ID, doubling the timeout.
        if (::send(fd_, bytes.data(), bytes.size(), 0) < 0) return sendFailed();
        ++retransmissions;
        wait *= 2;
        retransmit_at = now + wait;
      }
      SteadyClock::time_point until =
          can_retransmit ? std::min(deadline, retransmit_at) : deadline;
      auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(until - now);
      pollfd pfd{fd_, POLLIN, 0};
      int ready = ::poll(&pfd, 1, static_cast<int>(std::max<int64_t>(1, remaining.count())));
      if (ready <= 0) continue;
      std::string buffer(65536, '\0');
      SocketAddress source;
      source.length = sizeof(source.storage);
      ssize_t n = ::recvfrom(fd_, buffer.data(), buffer.size(), 0, source.data(), &source.length);
      if (n < 0) {
        if (errno == ECONNREFUSED) return unreachable("nothing listens on " + peer_ + " (ICMP)");
        continue;
      }
      if (!samePeer(source)) continue;  // only the target may answer (issue 15 #2)
      auto received = parseMessage(std::string_view(buffer.data(), static_cast<size_t>(n)));
      if (!received.isOk()) continue;
      CoapMessage& in = received.value();
      bool ours = in.message_id == message.message_id;
      if (in.type == MessageType::kReset && ours) {
        return unreachable(peer_ + " rejected the request with RST");
      }
      if (in.type == MessageType::kAcknowledgement && ours && in.code == 0) {
        acknowledged = true;
        continue;
      }
      bool response = codeClass(in.code) >= 2 && in.token == message.token;
      if (response && (in.type == MessageType::kAcknowledgement ? ours : true)) {
        if (in.type == MessageType::kConfirmable) sendEmpty(MessageType::kAcknowledgement, in);
        return std::move(in);
      }
      if (in.type == MessageType::kConfirmable) sendEmpty(MessageType::kReset, in);
    }
  }

 private:
  Status sendFailed() { return unreachable("cannot send to " + peer_ + ": " + strerror(errno)); }

  void sendEmpty(MessageType type, const CoapMessage& to) {
    CoapMessage empty;
    empty.type = type;
    empty.message_id = to.message_id;
    std::string bytes = serializeMessage(empty);
    if (::send(fd_, bytes.data(), bytes.size(), 0) < 0) {
      // Best effort: the peer retransmits its CON and we answer again.
    }
  }

  // True when `source` is the address and port the request went to.
  bool samePeer(const SocketAddress& source) const {
    return source.ip() == peer_address_.ip() && source.port() == peer_address_.port();
  }

  int fd_ = -1;
  SocketAddress peer_address_;
  std::string peer_;
  uint16_t next_message_id_ = 0;
};

// RFC 7959 §2.5: the payload in blocks; each block but the last is answered 2.31 Continue.
Result<CoapMessage> sendBlock1(Endpoint& endpoint, const CoapMessage& request,
                               SteadyClock::time_point deadline,
                               const TransactionOptions& options) {
  const std::string& body = request.payload;
  uint8_t szx = options.block_szx;
  size_t offset = 0;
  while (true) {
    size_t size = size_t{16} << szx;
    CoapMessage part = request;
    part.payload = body.substr(offset, size);
    bool more = offset + part.payload.size() < body.size();
    part.setOption(option::kBlock1,
                   encodeBlock({static_cast<uint32_t>(offset / size), more, szx}));
    if (offset == 0) {
      part.setOption(option::kSize1, encodeUint(static_cast<uint32_t>(body.size())));
    }
    CITADEL_ASSIGN_OR_RETURN(CoapMessage response, endpoint.roundTrip(part, deadline, options));
    if (!more || response.code != code(2, 31)) return response;  // final, or an early error
    // The server may ask for smaller blocks (RFC 7959 §2.5); offsets stay valid.
    if (const std::string* raw = response.option(option::kBlock1)) {
      auto block = parseBlock(*raw);
      if (block && block->szx < szx) szx = block->szx;
    }
    offset += part.payload.size();
  }
}

// RFC 7959 §2.4: asks for the following blocks until M=0 and joins their payloads.
Result<CoapMessage> collectBlock2(Endpoint& endpoint, const CoapMessage& request,
                                  CoapMessage response, SteadyClock::time_point deadline,
                                  const TransactionOptions& options) {
  auto bad = [](const std::string& what) {
    return Status(Rsc::kInternalServerError, "Block2 transfer failed: " + what, "coap.bad_block");
  };
  const std::string* raw = response.option(option::kBlock2);
  if (raw == nullptr) return response;
  auto block = parseBlock(*raw);
  if (!block || block->num != 0) return bad("the first response is not block 0");
  std::string body = response.payload;
  while (block->more) {
    if (body.size() > options.max_response_bytes) return bad("response body too large");
    CoapMessage next = request;
    next.payload.clear();
    next.removeOption(option::kBlock1);
    next.removeOption(option::kSize1);
    next.setOption(option::kBlock2, encodeBlock({static_cast<uint32_t>(body.size() / block->size()),
                                                 false, block->szx}));
    CITADEL_ASSIGN_OR_RETURN(CoapMessage part, endpoint.roundTrip(next, deadline, options));
    const std::string* part_raw = part.option(option::kBlock2);
    auto part_block = part_raw != nullptr ? parseBlock(*part_raw) : std::nullopt;
    if (codeClass(part.code) != 2 || !part_block || part_block->offset() != body.size()) {
      return bad("block at offset " + std::to_string(body.size()) + " answered " +
                 codeString(part.code));
    }
    body += part.payload;
    block = part_block;
  }
  response.payload = std::move(body);
  response.removeOption(option::kBlock2);
  return response;
}

}  // namespace

Result<CoapMessage> exchange(const std::string& host, uint16_t port, CoapMessage request,
                             const TransactionOptions& options) {
  SteadyClock::time_point deadline = SteadyClock::now() + options.timeout;
  CITADEL_ASSIGN_OR_RETURN(SocketAddress peer, resolveUdp(host, port, false));
  Endpoint endpoint;
  CITADEL_RETURN_IF_ERROR(endpoint.open(peer));
  CoapMessage response;
  if (request.payload.size() > (size_t{16} << options.block_szx)) {
    CITADEL_ASSIGN_OR_RETURN(response, sendBlock1(endpoint, request, deadline, options));
  } else {
    CITADEL_ASSIGN_OR_RETURN(response, endpoint.roundTrip(request, deadline, options));
  }
  return collectBlock2(endpoint, request, std::move(response), deadline, options);
}

}  // namespace citadel::coap
