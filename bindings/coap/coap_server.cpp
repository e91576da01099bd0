// The CoAP server: RFC 7252 messaging (CON/NON, piggybacked ACK, RST, §4.5 duplicates) and
// RFC 7959 block-wise transfer around the TS-0008 mapping of coap_message.h.
#include "bindings/coap/coap_server.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "bindings/coap/coap_socket.h"
#include "bindings/coap/coap_transfer_state.h"
#include "bindings/coap/coap_wire.h"
#include "bindings/coap/datagram_batch.h"
#include "cse/model/address.h"
#include "cse/model/log.h"
#include "cse/model/work_queue.h"

namespace citadel::coap {
namespace {

// RFC 7252 §4.8.2: EXCHANGE_LIFETIME (247 s) bounds how long a CON may be retransmitted.
constexpr auto kExchangeLifetime = std::chrono::seconds(247);
// How long an unfinished Block1 body or a served Block2 body is kept between blocks.
constexpr auto kTransferLifetime = std::chrono::seconds(60);
constexpr size_t kMaxExchanges = 8192;
// Full receive batches read in a row before the I/O thread polls again (stop(), DTLS tick).
constexpr int kReceiveRounds = 8;
constexpr size_t kMaxTransfers = 64;
// RFC 7252 §4.6: keep datagrams near 1152 bytes; 1024-byte blocks leave room for options.
constexpr BlockValue kDefaultBlock{0, false, 6};

struct Job {
  SocketAddress peer;
  CoapMessage request;
  std::optional<BlockValue> block1;  // the final Block1 of a reassembled body, echoed back
  std::optional<BlockValue> block2;  // the block (and size) the client asked for
  std::optional<std::string> secure_identity;  // CoAPS: what the DTLS session proved ("" none)
  std::string owner;  // transferOwner(peer, secure_identity): whose exchange and transfers
};

// Whose block-wise transfer a message continues (issue 15 #19): the peer endpoint and, over
// DTLS, the identity its session proved. A stored Block2 body went through the access decision
// for that identity only, so another session from the same address and port (a new handshake
// with another PSK identity or certificate) neither reads it nor adds Block1 blocks to its
// upload; it is decided afresh. The identity is length-prefixed: no identity text can make two
// owners' keys equal.
std::string transferOwner(const SocketAddress& peer,
                          const std::optional<std::string>& secure_identity) {
  std::string owner = peer.toString();
  if (secure_identity) {
    owner += " dtls " + std::to_string(secure_identity->size()) + ":" + *secure_identity;
  }
  return owner;
}

model::WorkQueueOptions queueOptions(const CoapServerOptions& options) {
  model::WorkQueueOptions queue;
  queue.name = "CoAP server";
  queue.workers = static_cast<size_t>(std::max(1, options.threads));
  queue.max_items = options.max_queued;
  return queue;
}

// Closed by stop(): an answer that comes after it (an oet due later) is dropped, not sent
// through a closed socket.
struct LateAnswerGate {
  std::mutex mutex;
  bool open = true;  // guarded by mutex
};

CoapMessage messageOf(const CoapResponseParts& parts) {
  CoapMessage message;
  applyResponseParts(parts, message);
  return message;
}

}  // namespace

struct CoapServer::Impl {
  Impl(const CoapServerOptions& opts, model::PrimitiveHandler& h)
      : options(opts),
        handler(h),
        exchanges(kMaxExchanges, kExchangeLifetime),
        block1(opts.max_body_bytes, kMaxTransfers, kTransferLifetime),
        block2(kMaxTransfers, kTransferLifetime, {opts.block2_bytes, opts.block2_peer_bytes}),
        jobs(queueOptions(opts), [this](Job& job) { process(job); }) {
    limits.payload.max_bytes = opts.max_body_bytes;
    limits.max_options = opts.max_options;
    limits.max_query_parameters = opts.max_query_parameters;
  }

  model::Status bind();
  void ioLoop();
  void onReceived(const SocketAddress& peer, std::string_view bytes);
  void onDatagram(const SocketAddress& peer, std::string_view bytes,
                  const std::string* secure_identity);
  bool answerBlockSteps(const SocketAddress& peer, CoapMessage& request, Job& job);
  void process(Job& job);
  // The answer to `job`; nullopt when there is none to send here (rt=5: acknowledged already) or
  // when it comes later (an oet still ahead: handleAsync answers
  // on the engine's timer thread, through `late`, so no worker waits for it).
  std::optional<CoapMessage> respond(const Job& job);
  // Block-wise slicing and the reply, for an answer now or later.
  void finish(const Job& job, CoapMessage response);
  // Ends the exchange of a noResponse request (rt=5): an Empty ACK for a CON, nothing for a NON.
  void acknowledgeOnly(const Job& job);
  // `owner` (Job::owner) keys the exchange cache: a retransmission is answered from it only
  // when it comes from the same endpoint and, over DTLS, the same proven identity.
  void reply(const SocketAddress& peer, const std::string& owner, const CoapMessage& request,
             CoapMessage response);
  void replyError(const SocketAddress& peer, const std::string& owner, const CoapMessage& request,
                  uint8_t code_value, const std::string& dbg);
  void sendReset(const SocketAddress& peer, uint16_t message_id);
  void send(const SocketAddress& peer, const std::string& bytes);
  void sendRaw(const SocketAddress& peer, std::string_view bytes);

  CoapServerOptions options;
  model::PrimitiveHandler& handler;
  DecodeLimits limits;
  ExchangeCache exchanges;
  Block1Assembler block1;
  Block2Store block2;
  std::unique_ptr<DtlsSessions> dtls;  // CoAPS only
  int fd = -1;
  int wake_fd = -1;
  uint16_t bound_port = 0;
  std::atomic<uint16_t> next_message_id{static_cast<uint16_t>(::getpid() * 7919)};
  std::thread io_thread;
  // Complete requests from the I/O thread to the workers that call the handler.
  model::WorkQueue<Job> jobs;
  std::atomic<bool> running{false};
  std::shared_ptr<LateAnswerGate> late = std::make_shared<LateAnswerGate>();
};

model::Status CoapServer::Impl::bind() {
  auto address = resolveUdp(options.address, options.port, true);
  if (!address.isOk()) {
    return model::Status::internal(address.status().dbg(), "coap.start_failed");
  }
  const SocketAddress& local = address.value();
  fd = ::socket(local.storage.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || ::bind(fd, local.data(), local.length) != 0) {
    return model::Status::internal("cannot bind CoAP on " + options.address + ":" +
                                       std::to_string(options.port) + ": " + strerror(errno),
                                   "coap.start_failed");
  }
  SocketAddress bound;
  bound.length = sizeof(bound.storage);
  ::getsockname(fd, bound.data(), &bound.length);
  bound_port = bound.port();
  wake_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd < 0) return model::Status::internal("eventfd failed", "coap.start_failed");
  return {};
}

void CoapServer::Impl::ioLoop() {
  DatagramBatch batch;
  pollfd fds[2] = {{fd, POLLIN, 0}, {wake_fd, POLLIN, 0}};
  // CoAPS: DTLS retransmissions and stalled or idle sessions are looked at about once a second.
  auto next_tick = Clock::now() + std::chrono::seconds(1);
  while (running.load()) {
    int ready = ::poll(fds, 2, dtls ? 1000 : -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      LOG_ERROR("CoAP poll failed: " << strerror(errno));
      return;
    }
    if (dtls && Clock::now() >= next_tick) {
      dtls->tick();
      next_tick = Clock::now() + std::chrono::seconds(1);
    }
    if (ready == 0) continue;
    if (fds[1].revents != 0) return;  // stop()
    if ((fds[0].revents & POLLIN) == 0) continue;
    // Under load many datagrams wait: take up to a batch per system call, and go on reading
    // without another poll() while batches come back full (a bounded number of times, so that
    // stop() and the DTLS tick are still looked at).
    for (int round = 0; round < kReceiveRounds && running.load(); ++round) {
      size_t received = batch.receive(fd);
      for (size_t i = 0; i < received; ++i) onReceived(batch.peer(i), batch.bytes(i));
      if (received < DatagramBatch::kSize) break;
    }
  }
}

void CoapServer::Impl::onReceived(const SocketAddress& peer, std::string_view bytes) {
  try {
    if (dtls) {
      dtls->receive(peer, bytes, [&](std::string_view plaintext, const std::string& identity) {
        onDatagram(peer, plaintext, &identity);
      });
    } else {
      onDatagram(peer, bytes, nullptr);
    }
  } catch (...) {
    // Last resort: a datagram must never stop the I/O thread (allocation failure and such).
    LOG_ERROR("CoAP datagram from " << peer.toString() << " failed with an exception");
  }
}

void CoapServer::Impl::onDatagram(const SocketAddress& peer, std::string_view bytes,
                                  const std::string* secure_identity) {
  auto header = parseHeader(bytes);
  if (!header) return;  // RFC 7252 §3: unknown versions are silently ignored
  bool confirmable = header->type == MessageType::kConfirmable;
  auto parsed = parseMessage(bytes);
  // RFC 7252 §4.2/§4.3: a malformed CON is rejected with RST, a malformed NON ignored; an Empty
  // CON is a ping (§4.3, answered with RST); we send no CON, so ACK/RST are not for us.
  if (!parsed.isOk() || header->code == 0 || codeClass(header->code) != 0) {
    if (confirmable) sendReset(peer, header->message_id);
    return;
  }
  if (header->type == MessageType::kAcknowledgement || header->type == MessageType::kReset) {
    return;
  }
  CoapMessage& request = parsed.value();
  Job job{peer, {}, std::nullopt, std::nullopt, std::nullopt, {}};
  if (secure_identity != nullptr) job.secure_identity = *secure_identity;
  job.owner = transferOwner(peer, job.secure_identity);
  // A message ID is the client's, per session: a new DTLS session from the same endpoint (another
  // identity) reusing an ID is a new exchange, never answered from the previous one's cache.
  std::string cached;
  switch (exchanges.begin(job.owner, request.message_id, Clock::now(), &cached)) {
    case ExchangeCache::Seen::kAnswered:
      if (!cached.empty()) send(peer, cached);  // empty: a NON noResponse request, unanswered
      return;
    case ExchangeCache::Seen::kInProgress:
      return;  // the response follows when ready
    case ExchangeCache::Seen::kNew:
      break;
  }
  if (answerBlockSteps(peer, request, job)) return;
  job.request = std::move(request);
  // On kFull the job stays here: its request is needed for the 5.03 below.
  if (jobs.push(std::move(job)) == model::PushResult::kAccepted) return;
  // RFC 7252 §5.9.3.4: 5.03 with Max-Age tells the client when to try again.
  CoapMessage busy;
  busy.code = code(5, 3);
  busy.setOption(option::kMaxAge, encodeUint(1));
  reply(peer, job.owner, job.request, std::move(busy));
}

// Block-wise steps the I/O thread answers itself: a stored Block2 block, a Block1 "continue"
// or a block-wise error. Returns false when the request must go to a worker (with `job`'s
// block fields set and, after the last Block1, the whole payload in `request`).
bool CoapServer::Impl::answerBlockSteps(const SocketAddress& peer, CoapMessage& request, Job& job) {
  Clock::time_point now = Clock::now();
  if (const std::string* raw = request.option(option::kBlock2)) {
    job.block2 = parseBlock(*raw);
    if (!job.block2) {
      replyError(peer, job.owner, request, code(4, 0), "Block2 (23): malformed or SZX 7");
      return true;
    }
    if (job.block2->num > 0) {
      if (auto stored = block2.get(transferKey(job.owner, request, false), now)) {
        reply(peer, job.owner, request, sliceBlock2(*stored, *job.block2));
        return true;
      }
      // A GET is safe to run again; anything else needs its first block re-requested.
      if (request.code != method::kGet) {
        replyError(peer, job.owner, request, code(4, 8),
                   "no stored response for this Block2 request: ask for block 0 again");
        return true;
      }
    }
  }
  if (const std::string* raw = request.option(option::kBlock1)) {
    auto block = parseBlock(*raw);
    if (!block) {
      replyError(peer, job.owner, request, code(4, 0), "Block1 (27): malformed or SZX 7");
      return true;
    }
    std::optional<uint32_t> size1;
    if (const std::string* s = request.option(option::kSize1)) size1 = decodeUint(*s, 4);
    auto outcome =
        block1.add(transferKey(job.owner, request, true), *block, request.payload, size1, now);
    using Kind = Block1Assembler::Outcome::Kind;
    if (outcome.kind == Kind::kError) {
      replyError(peer, job.owner, request, outcome.error_code, outcome.dbg);
      return true;
    }
    if (outcome.kind == Kind::kContinue) {
      // RFC 7959 §2.3: 2.31 Continue acknowledges the block; the final response comes later.
      CoapMessage next;
      next.code = code(2, 31);
      next.setOption(option::kBlock1, encodeBlock(*block));
      reply(peer, job.owner, request, std::move(next));
      return true;
    }
    request.payload = std::move(outcome.body);
    job.block1 = block;
  } else if (request.payload.size() > options.max_body_bytes) {
    replyError(peer, job.owner, request, code(4, 13),
               "request payload exceeds " + std::to_string(options.max_body_bytes) + " bytes");
    return true;
  }
  return false;
}

void CoapServer::Impl::process(Job& job) {
  std::optional<CoapMessage> response;
  try {
    response = respond(job);
    if (!response) return;  // answered later, through `late`
  } catch (const std::exception& e) {
    // Last resort (STYLE.md §3): an exception becomes 5000, never a crash or a silent drop.
    LOG_ERROR("CoAP request failed: " << e.what());
    response = messageOf(encodeError(model::Status::internal("internal error"), "", {}));
  } catch (...) {
    LOG_ERROR("CoAP request failed with an unknown exception");
    response = messageOf(encodeError(model::Status::internal("internal error"), "", {}));
  }
  finish(job, std::move(*response));
}

void CoapServer::Impl::finish(const Job& job, CoapMessage response) {
  BlockValue block = job.block2.value_or(kDefaultBlock);
  if (response.payload.size() > block.size() || block.num > 0) {
    // RFC 7959 §2.4: the whole body is kept so that the next blocks need no new processing.
    std::string peer = job.peer.toString();
    if (block2.put(transferKey(job.owner, job.request, false), response, Clock::now(), peer)) {
      response = sliceBlock2(response, block);
    } else {
      // Larger than the peer's whole Block2 share (limits.coapBlock2PeerBytes): its blocks
      // could not be served, so none is. RFC 7252 §5.9.3.4: 5.03 for a server that cannot
      // handle the request now; TS-0008 carries no oneM2M rsc for it.
      LOG_WARN("CoAP response of " << response.payload.size() << " bytes to " << peer
                                   << " not sent: larger than limits.coapBlock2PeerBytes");
      replyError(job.peer, job.owner, job.request, code(5, 3),
                 "response larger than this CSE serves block-wise (limits.coapBlock2PeerBytes); "
                 "ask for less (rcn, fc lim)");
      return;
    }
  }
  if (job.block1) {
    BlockValue last = *job.block1;
    last.more = false;
    response.setOption(option::kBlock1, encodeBlock(last));
  }
  reply(job.peer, job.owner, job.request, std::move(response));
}

std::optional<CoapMessage> CoapServer::Impl::respond(const Job& job) {
  CoapRequestParts parts = requestPartsFrom(job.request);
  ResponseContext context;
  auto request = decodeRequest(parts, limits, &context);
  if (!request.isOk()) {
    const std::string* rqi = job.request.option(option::kOneM2mRqi);
    return messageOf(encodeError(request.status(), rqi != nullptr ? *rqi : "", context));
  }
  model::Request& primitive = request.value();
  primitive.transport.peer_address = job.peer.ip();
  primitive.transport.peer_port = job.peer.port();
  primitive.transport.from_loopback = job.peer.isLoopback();
  if (job.secure_identity) {
    primitive.transport.secure = true;
    primitive.transport.peer_identity = *job.secure_identity;
  }
  const bool no_response = primitive.response_type.value == model::ResponseTypeValue::kNoResponse;
  if (primitive.operation_execution_time.empty()) {
    CoapMessage response = messageOf(encodeResponse(handler.handle(std::move(primitive)), context));
    if (!no_response) return response;
    acknowledgeOnly(job);
    return std::nullopt;
  }
  // An oet (issue 15 #11): the worker does not wait for it. A CON is then answered in its ACK
  // once due, as before; the client's retransmissions meanwhile find the exchange in
  // progress (ExchangeCache) and are not handled twice.
  auto held = std::make_shared<Job>(job);
  handler.handleAsync(std::move(primitive),
                      [this, gate = late, held, context, no_response](model::Response answer) {
                        CoapMessage message = messageOf(encodeResponse(answer, context));
                        std::lock_guard lock(gate->mutex);
                        if (!gate->open) return;
                        if (no_response) {
                          acknowledgeOnly(*held);
                        } else {
                          finish(*held, std::move(message));
                        }
                      });
  return std::nullopt;
}

void CoapServer::Impl::acknowledgeOnly(const Job& job) {
  // rt=5 (noResponse, TS-0004 §6.3.4.2.6): the operation ran and no response primitive goes
  // back. RFC 7252 §4.2 still requires a CON to be acknowledged: an Empty ACK (§1.2, no separate
  // response follows); a NON is left unanswered (§4.3), as with RFC 7967 No-Response.
  std::string bytes;
  if (job.request.type == MessageType::kConfirmable) {
    CoapMessage ack;
    ack.type = MessageType::kAcknowledgement;
    ack.message_id = job.request.message_id;
    bytes = serializeMessage(ack);
  }
  exchanges.complete(job.owner, job.request.message_id, bytes);
  if (!bytes.empty()) send(job.peer, bytes);
}

void CoapServer::Impl::reply(const SocketAddress& peer, const std::string& owner,
                             const CoapMessage& request, CoapMessage response) {
  // RFC 7252 §5.2.1: a CON is answered in its ACK (piggybacked); §5.2.3: a NON with a NON.
  if (request.type == MessageType::kConfirmable) {
    response.type = MessageType::kAcknowledgement;
    response.message_id = request.message_id;
  } else {
    response.type = MessageType::kNonConfirmable;
    response.message_id = next_message_id.fetch_add(1);
  }
  response.token = request.token;
  std::string bytes = serializeMessage(response);
  // Recorded before it is sent: a retransmission that arrives the moment the client has our
  // answer (and retries anyway) must find it, not an exchange still "in progress".
  exchanges.complete(owner, request.message_id, bytes);
  send(peer, bytes);
}

void CoapServer::Impl::replyError(const SocketAddress& peer, const std::string& owner,
                                  const CoapMessage& request, uint8_t code_value,
                                  const std::string& dbg) {
  const std::string* rqi = request.option(option::kOneM2mRqi);
  CoapMessage response;
  applyResponseParts(encodeError(model::Status::badRequest(dbg, "coap.block_transfer"),
                                 rqi != nullptr ? *rqi : "", {}),
                     response);
  response.code = code_value;
  if (code_value == code(4, 13)) {
    // RFC 7959 §2.9.3: Size1 tells the client the largest body we accept.
    response.setOption(option::kSize1, encodeUint(static_cast<uint32_t>(options.max_body_bytes)));
  }
  reply(peer, owner, request, std::move(response));
}

void CoapServer::Impl::sendReset(const SocketAddress& peer, uint16_t message_id) {
  CoapMessage reset;
  reset.type = MessageType::kReset;
  reset.message_id = message_id;
  send(peer, serializeMessage(reset));
}

void CoapServer::Impl::send(const SocketAddress& peer, const std::string& bytes) {
  if (dtls) {
    if (!dtls->send(peer, bytes)) {
      LOG_DEBUG("CoAPS: no DTLS session with " << peer.toString() << " for the response");
    }
    return;
  }
  sendRaw(peer, bytes);
}

void CoapServer::Impl::sendRaw(const SocketAddress& peer, std::string_view bytes) {
  if (::sendto(fd, bytes.data(), bytes.size(), 0, peer.data(), peer.length) < 0) {
    LOG_DEBUG("CoAP send to " << peer.toString() << " failed: " << strerror(errno));
  }
}

model::Result<std::unique_ptr<CoapServer>> CoapServer::start(const CoapServerOptions& options,
                                                             model::PrimitiveHandler& handler) {
  auto impl = std::make_unique<Impl>(options, handler);
  if (options.dtls != nullptr) {
    auto sessions = DtlsSessions::create(
        *options.dtls, [p = impl.get()](const SocketAddress& peer, std::string_view bytes) {
          p->sendRaw(peer, bytes);
        });
    if (!sessions.isOk()) return sessions.takeStatus();
    impl->dtls = std::move(sessions).value();
  }
  model::Status bound = impl->bind();
  if (!bound.isOk()) {
    if (impl->fd >= 0) ::close(impl->fd);
    if (impl->wake_fd >= 0) ::close(impl->wake_fd);
    return bound;
  }
  impl->running = true;
  impl->jobs.start();
  impl->io_thread = std::thread([p = impl.get()] { p->ioLoop(); });
  return std::unique_ptr<CoapServer>(new CoapServer(std::move(impl)));
}

CoapServer::CoapServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

CoapServer::~CoapServer() { stop(); }

uint16_t CoapServer::port() const { return impl_->bound_port; }

std::string CoapServer::pointOfAccess() const {
  return model::networkUri(impl_->options.dtls != nullptr ? "coaps" : "coap",
                           impl_->options.address, impl_->bound_port);
}

void CoapServer::stop() {
  if (!impl_ || !impl_->running.exchange(false)) return;
  uint64_t one = 1;
  if (::write(impl_->wake_fd, &one, sizeof(one)) < 0) {
    LOG_WARN("CoAP stop: cannot wake the I/O thread");
  }
  impl_->io_thread.join();
  // Queued requests are dropped: their clients retransmit or time out (coap_server.h).
  impl_->jobs.stop(model::StopMode::kDropQueued);
  {
    std::lock_guard lock(impl_->late->mutex);  // answers due later are dropped from here on
    impl_->late->open = false;
  }
  ::close(impl_->fd);
  ::close(impl_->wake_fd);
}

}  // namespace citadel::coap
