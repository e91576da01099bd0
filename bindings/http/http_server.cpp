// The one file that uses Boost.Beast/Asio (they are heavy to compile, and their exceptions stop
// here, STYLE.md §3). Why Beast: maintained with Boost, asynchronous, a deadline per stream
// (tcp_stream::expires_after) that gives the whole-request deadline directly, parser limits for
// the header and the body, and OpenSSL underneath for HTTPS (issue 15 #11, issue 25 §2).
#include "bindings/http/http_server.h"

#include <openssl/ssl.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "bindings/http/http_message.h"
#include "bindings/http/status_mapping.h"
#include "bindings/tls/peer_identity.h"
#include "bindings/tls/server_context.h"
#include "cse/codec/text.h"
#include "cse/model/address.h"
#include "cse/model/blocking_region.h"
#include "cse/model/log.h"

namespace citadel::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

constexpr size_t kReadChunk = 4096;

// A request body that keeps at most `limit` bytes and counts (and drops) the rest, so that a
// moderately oversized body is drained and answered 4000 on a connection that stays usable. The
// parser's body_limit stops one far beyond it.
struct LimitedBody {
  struct value_type {
    std::string data;
    size_t limit = 0;
    bool overflow = false;
  };

  class reader {
   public:
    template <bool isRequest, class Fields>
    reader(bhttp::header<isRequest, Fields>&, value_type& body) : body_(body) {}

    void init(const boost::optional<std::uint64_t>& length, error_code& ec) {
      ec = {};
      if (length && *length > body_.limit) {
        body_.overflow = true;
      } else if (length) {
        body_.data.reserve(static_cast<size_t>(*length));
      }
    }

    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers, error_code& ec) {
      ec = {};
      size_t size = asio::buffer_size(buffers);
      if (!body_.overflow && size > body_.limit - body_.data.size()) {
        body_.overflow = true;
        std::string().swap(body_.data);
      }
      if (!body_.overflow) {
        for (auto it = asio::buffer_sequence_begin(buffers);
             it != asio::buffer_sequence_end(buffers); ++it) {
          asio::const_buffer piece = *it;
          body_.data.append(static_cast<const char*>(piece.data()), piece.size());
        }
      }
      return size;
    }

    void finish(error_code& ec) { ec = {}; }

   private:
    value_type& body_;
  };
};

using Parser = bhttp::request_parser<LimitedBody>;
using Response = bhttp::response<bhttp::string_body>;

struct Peer {
  std::string address;
  uint16_t port = 0;
  bool loopback = false;
  bool secure = false;
  std::string identity;  // what TLS proved (PSK originator or certificate URI); "" for none
};

bool isLoopback(const asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).is_loopback();
  }
  return address.is_loopback();
}

// A connection waiting for its primitive's answer, as the oet timer thread sees it.
class Connection {
 public:
  virtual ~Connection() = default;
  // Queues the response on the connection's own I/O context (its one thread). Any thread.
  virtual void deliver(HttpResponseParts parts) = 0;
};

// The connections whose primitive answers later than handleAsync returns (an oet still ahead),
// by ticket. Shared with the completion callbacks, which may outlive the server (an oet due
// after stop()): once closed, a late answer finds nothing and is dropped. Thread-safe.
//
// The answer may come (on the timer thread) before its connection is parked, since the
// connection parks only once handleAsync has returned: it then waits in `early_` for park().
class Parking {
 public:
  void park(uint64_t ticket, std::shared_ptr<Connection> connection) {
    std::optional<HttpResponseParts> early;
    {
      std::lock_guard lock(mutex_);
      if (closed_) return;
      auto it = early_.find(ticket);
      if (it == early_.end()) {
        parked_.emplace(ticket, std::move(connection));
        return;
      }
      early = std::move(it->second);
      early_.erase(it);
    }
    connection->deliver(std::move(*early));
  }
  // Under the lock, so that close() cannot drop the connection between the look-up and the
  // post (the server's I/O contexts live until close() returns).
  void complete(uint64_t ticket, HttpResponseParts parts) {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    auto it = parked_.find(ticket);
    if (it == parked_.end()) {
      early_.emplace(ticket, std::move(parts));
      return;
    }
    it->second->deliver(std::move(parts));
    parked_.erase(it);
  }
  void close() {
    std::unordered_map<uint64_t, std::shared_ptr<Connection>> dropped;
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
      dropped.swap(parked_);
      early_.clear();
    }
  }

 private:
  std::mutex mutex_;
  std::unordered_map<uint64_t, std::shared_ptr<Connection>> parked_;  // guarded by mutex_
  std::unordered_map<uint64_t, HttpResponseParts> early_;             // guarded by mutex_
  bool closed_ = false;                                               // guarded by mutex_
};

// Where an answer given while handleAsync still runs on this thread goes (the usual case): the
// connection writes it itself, without a post or a lock.
struct InlineAnswer {
  uint64_t ticket = 0;
  std::optional<HttpResponseParts>* slot = nullptr;
};
thread_local InlineAnswer t_inline_answer;

HttpResponseParts errorParts(const model::Status& status, const std::string& request_id) {
  return encodeResponse(model::Response::fromStatus(status, request_id));
}

std::string headerValue(const HttpRequestParts& parts, std::string_view name) {
  for (const auto& [field, value] : parts.headers) {
    if (codec::equalsIgnoreCase(field, name)) return value;
  }
  return "";
}

// The upper-tester interface: POST /__ut__, command in X-M2M-UTCMD, result in X-M2M-UTRSP.
// 403 when switched off or when the peer is not on loopback.
HttpResponseParts serveUpperTester(const HttpRequestParts& in, const Peer& peer,
                                   model::UpperTesterHandler* upper_tester) {
  // Every answer carries X-M2M-RSC (issue 24 #24): 2000 with HTTP 200, 4000 with HTTP 400 for
  // a bad command, 4103 with 403 when the interface is off or the peer is not loopback.
  HttpResponseParts parts;
  std::string command = headerValue(in, "X-M2M-UTCMD");
  model::Rsc rsc = model::Rsc::kOk;
  std::string answer;
  if (upper_tester == nullptr || !peer.loopback) {
    rsc = model::Rsc::kOriginatorHasNoPrivilege;
  } else if (in.method != "POST" || command.empty()) {
    rsc = model::Rsc::kBadRequest;
    answer = "POST with an X-M2M-UTCMD header";
  } else {
    auto result = upper_tester->execute(command);
    rsc = result.isOk() ? model::Rsc::kOk : result.status().rsc();
    answer = result.isOk() ? result.value() : result.status().dbg();
  }
  parts.status = httpStatusFor(rsc);
  parts.headers.emplace_back("X-M2M-RSC", std::to_string(static_cast<int>(rsc)));
  if (!answer.empty()) parts.headers.emplace_back("X-M2M-UTRSP", answer);
  return parts;
}

// State every connection of one listener shares.
struct Server {
  Server(const HttpServerOptions& options, model::PrimitiveHandler& handler)
      : options(options), handler(handler), parking(std::make_shared<Parking>()) {
    limits.body.max_bytes = options.max_body_bytes;
    limits.max_headers = options.max_headers;
  }

  // How much of an oversized body is read and thrown away before answering; past it the
  // connection closes instead.
  size_t drainLimit() const { return std::max<size_t>(options.max_body_bytes * 4, 1 << 20); }

  // On the I/O thread whose read completed: the primitive (or the upper tester). Returns its
  // answer when it is ready before this returns; nullopt when it comes later (an oet still
  // ahead), through `parking` under `ticket`.
  std::optional<HttpResponseParts> serve(const HttpRequestParts& parts, const Peer& peer,
                                         uint64_t ticket) {
    const std::string request_id = headerValue(parts, "X-M2M-RI");
    std::optional<HttpResponseParts> answer;
    try {
      if (parts.path == "/__ut__") return serveUpperTester(parts, peer, options.upper_tester);
      codec::ContentFormat format = codec::ContentFormat::kJson;
      auto request = decodeRequest(parts, limits, &format);
      if (!request.isOk()) {
        return encodeResponse(model::Response::fromStatus(request.status(), request_id), format);
      }
      model::Request& primitive = request.value();
      primitive.transport.peer_address = peer.address;
      primitive.transport.peer_port = peer.port;
      primitive.transport.from_loopback = peer.loopback;
      if (peer.secure) {
        primitive.transport.secure = true;
        primitive.transport.peer_identity = peer.identity;
      }
      // rt=5 (noResponse): the operation still runs; its response primitive is not sent.
      bool no_response =
          primitive.response_type.value == model::ResponseTypeValue::kNoResponse;
      auto encode = [format, no_response](const model::Response& r) {
        return no_response ? encodeNoResponse() : encodeResponse(r, format);
      };
      t_inline_answer = {.ticket = ticket, .slot = &answer};
      handler.handleAsync(std::move(primitive), [parking = parking, ticket,
                                                 encode](model::Response r) {
        if (t_inline_answer.slot != nullptr && t_inline_answer.ticket == ticket) {
          *t_inline_answer.slot = encode(r);
          return;
        }
        parking->complete(ticket, encode(r));
      });
      t_inline_answer = {};
      return answer;
    } catch (const std::exception& e) {
      // Last resort (userver's unknown-exceptions middleware): never a crash or a hang. An
      // answer already given stands, so this cannot answer twice.
      t_inline_answer = {};
      LOG_ERROR("HTTP request failed: " << e.what());
    } catch (...) {
      t_inline_answer = {};
      LOG_ERROR("HTTP request failed with an unknown exception");
    }
    if (answer) return answer;
    return errorParts(model::Status::internal("internal error"), request_id);
  }

  const HttpServerOptions options;
  model::PrimitiveHandler& handler;
  DecodeLimits limits;
  std::shared_ptr<Parking> parking;
  std::atomic<uint64_t> next_ticket{0};
  std::atomic<size_t> connections{0};
  std::atomic<uint64_t> refused{0};
  // One I/O context per thread, each run by that thread alone (Asio's io_context-per-thread
  // design): a connection stays on the context it was accepted to, so its handlers never run
  // concurrently (no strand), and a completion never wakes another thread. With one context
  // run by every thread, Asio's scheduler hands completions between threads under one mutex:
  // ~1.0-1.8 context switches per request and a 0.7x `la` against Poco. `io` (context 0) also
  // holds the acceptor.
  std::unique_ptr<asio::io_context> io;
  std::vector<std::unique_ptr<asio::io_context>> ios;  // contexts 1..threads-1
  std::atomic<size_t> next_io{0};                      // new connections go round-robin
  asio::io_context& context(size_t i) { return i == 0 ? *io : *ios[i - 1]; }
  size_t contexts() const { return ios.size() + 1; }
  std::optional<asio::ssl::context> tls;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::unique_ptr<asio::steady_timer> accept_retry;
  std::vector<std::thread> threads;
  std::atomic<int> handoff_threads{0};  // LoopHandoff threads running now
};

class LoopHandoff;
// Runs `io` on the calling thread, with a LoopHandoff installed, until the server stops; or, on
// a handoff thread (`owner` set), until the owner's wait ends.
void runLoop(Server& server, asio::io_context& io, LoopHandoff* owner);

// The model::BlockingHandoff of one thread running one I/O context (issue 15 #11). When a
// primitive handled on it waits for a remote peer (model::BlockingRegion: a DAS consultation, a
// verification request), a new thread runs the context meanwhile, so the context's other
// connections are served instead of waiting behind the exchange; when the wait ends, that thread
// stops after its current handler and this one goes on. So at any moment one thread runs the
// context's handlers, as the one-thread-per-context design assumes (no strands needed): the
// waiting handler touches only its own connection, which has no operation pending.
//
// The waiting thread releases the handoff thread through an eventfd the handoff thread waits on
// in the context's reactor: a post from the waiting thread would land in that thread's private
// queue (concurrency hint 1), unseen until its handler returns. The handoff thread also polls
// its release every kReleasePoll (the fallback without an eventfd, and for defer()), so leave()
// waits a few microseconds for it, not up to a poll period (a remote PDP's decision cost ~1 ms
// more than its round trip before).
// At most options.max_handoff_threads handoffs at once per listener; past it a wait holds its
// context as before.
class LoopHandoff final : public model::BlockingHandoff {
 public:
  static constexpr std::chrono::milliseconds kReleasePoll{1};

  LoopHandoff(Server& server, asio::io_context& io)
      : server_(server), io_(io), wake_fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}
  ~LoopHandoff() override {
    if (wake_fd_ >= 0) ::close(wake_fd_);
  }
  LoopHandoff(const LoopHandoff&) = delete;
  LoopHandoff& operator=(const LoopHandoff&) = delete;

  bool enter() override {
    if (server_.handoff_threads.fetch_add(1) >= server_.options.max_handoff_threads) {
      server_.handoff_threads.fetch_sub(1);
      return false;
    }
    released_.store(false);
    try {
      thread_ = std::thread([this] { runLoop(server_, io_, this); });
    } catch (const std::system_error& e) {  // no thread to be had: hold the context instead
      server_.handoff_threads.fetch_sub(1);
      LOG_WARN("HTTP: no handoff thread: " << e.what());
      return false;
    }
    handed_off_.store(true);
    return true;
  }

  void leave() override {
    released_.store(true);
    if (wake_fd_ >= 0) {
      uint64_t one = 1;
      [[maybe_unused]] ssize_t written = ::write(wake_fd_, &one, sizeof one);
    }
    thread_.join();
    if (wake_fd_ >= 0) {  // drained here, after the join: the next wait starts from zero
      uint64_t count = 0;
      [[maybe_unused]] ssize_t drained = ::read(wake_fd_, &count, sizeof count);
    }
    server_.handoff_threads.fetch_sub(1);
    handed_off_.store(false);
    postDeferred();  // this thread runs the context again: they run once its handler returns
  }

  // True while the thread that installed this handoff waits in a region and another thread runs
  // `context` for it. A post to `context` from the waiting thread would then land in the waiting
  // thread's private queue (concurrency hint 1) and run only after the wait: when the wait is
  // for that very work (a request forwarded into a <pollingChannel>, whose long poll on the same
  // context must be answered first), it deadlocked until the wait timed out. Such work goes
  // through defer() instead.
  bool handedOff(const asio::execution_context& context) const {
    return handed_off_.load() && &context == &io_;
  }
  void defer(std::function<void()> work) {
    std::lock_guard lock(deferred_mutex_);
    deferred_.push_back(std::move(work));
  }
  // Posts what defer() collected: from the handoff thread between its turns (it is then outside
  // the context's call stack, so the post reaches the shared queue it runs), or after leave().
  void postDeferred() {
    std::vector<std::function<void()>> work;
    {
      std::lock_guard lock(deferred_mutex_);
      work.swap(deferred_);
    }
    for (auto& item : work) asio::post(io_, std::move(item));
  }
  bool released() const { return released_.load(); }
  // Readable once leave() released the handoff thread; -1 when no eventfd could be had.
  int wakeFd() const { return wake_fd_; }

 private:
  Server& server_;
  asio::io_context& io_;
  std::atomic<bool> released_{false};
  std::atomic<bool> handed_off_{false};
  const int wake_fd_;
  std::thread thread_;
  std::mutex deferred_mutex_;
  std::vector<std::function<void()>> deferred_;  // guarded by deferred_mutex_
};

// The LoopHandoff of the calling thread when it runs an I/O context of this server.
thread_local LoopHandoff* t_loop_handoff = nullptr;

// The handoff thread's turn: runs `io` until `owner` releases it, woken by its eventfd.
void runHandoff(asio::io_context& io, LoopHandoff& owner) {
  auto woken = std::make_shared<bool>(false);  // the handler may outlive this frame if io stops
  std::optional<asio::posix::stream_descriptor> wake;
  if (owner.wakeFd() >= 0) {
    wake.emplace(io, owner.wakeFd());
    wake->async_wait(asio::posix::stream_descriptor::wait_read,
                     [woken](const boost::system::error_code&) { *woken = true; });
  }
  while (!owner.released() && !io.stopped()) {
    io.run_one_for(LoopHandoff::kReleasePoll);
    owner.postDeferred();
  }
  if (wake) {
    boost::system::error_code ignored;
    wake->cancel(ignored);
    while (!*woken && !io.stopped()) io.run_one_for(LoopHandoff::kReleasePoll);
    wake->release();  // the eventfd stays the owner's
  }
}

void runLoop(Server& server, asio::io_context& io, LoopHandoff* owner) {
  LoopHandoff handoff(server, io);
  model::setThreadBlockingHandoff(&handoff);
  t_loop_handoff = &handoff;
  auto guard = asio::make_work_guard(io);
  while (!io.stopped()) {
    try {
      if (owner == nullptr) {
        io.run();
      } else {
        runHandoff(io, *owner);
        break;
      }
    } catch (const std::exception& e) {
      LOG_ERROR("HTTP thread: " << e.what());
    }
  }
  t_loop_handoff = nullptr;
  model::setThreadBlockingHandoff(nullptr);
}

// One connection: plain (beast::tcp_stream) or TLS (ssl_stream over it). Every step runs on the
// connection's I/O context, on its one thread; at most one read or write is pending, so its
// deadline is the stream's.
template <typename Stream>
class Session final : public Connection, public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kSecure = !std::is_same_v<Stream, beast::tcp_stream>;

  Session(Server& server, tcp::socket&& socket, Peer peer)
      : server_(server), stream_(makeStream(server, std::move(socket))), peer_(std::move(peer)) {
    ++server_.connections;
  }
  ~Session() override { --server_.connections; }

  void start() {
    if constexpr (kSecure) {
      lowest().expires_after(server_.options.request_timeout);
      stream_.async_handshake(
          asio::ssl::stream_base::server,
          [self = this->shared_from_this()](error_code ec) { self->onHandshake(ec); });
    } else {
      waitForRequest();
    }
  }

  void deliver(HttpResponseParts parts) override {
    auto work = [self = this->shared_from_this(), parts = std::move(parts)]() mutable {
      self->write(std::move(parts));
    };
    auto executor = stream_.get_executor();
    if (t_loop_handoff != nullptr &&
        t_loop_handoff->handedOff(asio::query(executor, asio::execution::context))) {
      t_loop_handoff->defer(std::move(work));  // see LoopHandoff::handedOff
      return;
    }
    asio::post(executor, std::move(work));
  }

 private:
  static Stream makeStream(Server& server, tcp::socket&& socket) {
    if constexpr (kSecure) {
      return Stream(std::move(socket), *server.tls);
    } else {
      return Stream(std::move(socket));
    }
  }

  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

  void onHandshake(error_code ec) {
    if (ec) return;  // a failed or late handshake: the connection closes
    peer_.secure = true;
    peer_.identity = tls::authenticatedIdentity(stream_.native_handle());
    waitForRequest();
  }

  // Between requests the idle deadline runs; the request deadline starts with its first byte.
  // A new connection gets no idle allowance: its first byte is due within the request deadline.
  void waitForRequest() {
    if (buffer_.size() > 0) {
      readHeader();
      return;
    }
    lowest().expires_after(answered_ ? server_.options.idle_timeout
                                     : server_.options.request_timeout);
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = this->shared_from_this()](error_code ec, size_t n) {
                              if (ec) return;  // closed, or idle too long
                              self->buffer_.commit(n);
                              self->readHeader();
                            });
  }

  void readHeader() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes));
    parser_->body_limit(server_.drainLimit());
    parser_->get().body().limit = server_.options.max_body_bytes;
    lowest().expires_after(server_.options.request_timeout);
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](error_code ec, size_t) { self->onHeader(ec); });
  }

  static bool isDisconnect(error_code ec) {
    return ec == beast::error::timeout || ec == bhttp::error::end_of_stream ||
           ec == asio::error::eof || ec == asio::error::connection_reset ||
           ec == asio::error::operation_aborted || ec == asio::ssl::error::stream_truncated;
  }

  void onHeader(error_code ec) {
    if (ec == bhttp::error::header_limit) {
      // RFC 6585 §5, with the 4000 a oneM2M client looks for.
      answerMalformed("request line and header fields exceed http.maxHeaderBytes (" +
                          std::to_string(server_.options.max_header_bytes) + " bytes)",
                      431);
      return;
    }
    if (ec) {
      // A control character in a header value (issue 15 #14) ends here too.
      if (!isDisconnect(ec)) answerMalformed("malformed HTTP request: " + ec.message(), 400);
      return;
    }
    auto& request = parser_->get();
    version_ = request.version();
    // TS-0009 binds oneM2M to HTTP/1.1 (1.0 clients are served too); anything else gets 505 in
    // our own version (RFC 9110 §15.6.6), and the connection is not reused.
    if (version_ != 11 && version_ != 10) {
      answerAndClose(505);
      return;
    }
    keep_alive_ = request.keep_alive();
    // A body far beyond the limit is not even read: the connection closes instead.
    if (auto length = parser_->content_length(); length && *length > server_.drainLimit()) {
      answerBodyTooLarge(false);
      return;
    }
    auto expect = request[bhttp::field::expect];
    if (codec::equalsIgnoreCase(std::string(expect), "100-continue")) {
      // RFC 9110 §10.1.1: the client waits for this before sending its body.
      continue_.emplace(bhttp::status::continue_, version_);
      bhttp::async_write(stream_, *continue_,
                         [self = this->shared_from_this()](error_code ec, size_t) {
                           if (!ec) self->readBody();
                         });
      return;
    }
    readBody();
  }

  void readBody() {
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](error_code ec, size_t) { self->onBody(ec); });
  }

  void onBody(error_code ec) {
    if (ec == bhttp::error::body_limit) {
      answerBodyTooLarge(false);
      return;
    }
    if (ec) {
      if (!isDisconnect(ec)) answerMalformed("malformed HTTP body: " + ec.message(), 400);
      return;
    }
    auto& request = parser_->get();
    if (request.body().overflow) {
      answerBodyTooLarge(keep_alive_);  // drained: the connection stays usable
      return;
    }
    lowest().expires_never();  // the handler's time (an oet, a DAS) is not the client's
    HttpRequestParts parts;
    parts.method = std::string(request.method_string());
    std::string_view target(request.target().data(), request.target().size());
    size_t question = target.find('?');
    parts.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos) parts.raw_query = target.substr(question + 1);
    for (const auto& field : request) {
      parts.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    parts.body = std::move(request.body().data);
    parser_.reset();
    uint64_t ticket = server_.next_ticket.fetch_add(1, std::memory_order_relaxed);
    if (auto answer = server_.serve(parts, peer_, ticket)) {
      write(std::move(*answer));
      return;
    }
    server_.parking->park(ticket, this->shared_from_this());
  }

  void answerBodyTooLarge(bool keep_alive) {
    keep_alive_ = keep_alive;
    std::string request_id(parser_->get()["X-M2M-RI"]);
    write(errorParts(
        model::Status::badRequest("request body exceeds limits.maxRequestBytes (" +
                                      std::to_string(server_.options.max_body_bytes) + " bytes)",
                                  "http.body_too_large"),
        request_id));
  }

  void answerAndClose(int status) {
    keep_alive_ = false;
    if (version_ != 10) version_ = 11;
    HttpResponseParts parts;
    parts.status = status;
    write(std::move(parts));
  }

  // The message cannot be read on: a 4000 with the reason (no rqi: nothing of it is trusted),
  // then the connection closes.
  void answerMalformed(const std::string& dbg, int status) {
    keep_alive_ = false;
    if (version_ != 10) version_ = 11;
    HttpResponseParts parts = errorParts(model::Status::badRequest(dbg, "http.malformed"), "");
    parts.status = status;
    write(std::move(parts));
  }

  void write(HttpResponseParts parts) {
    response_.emplace();
    response_->version(version_ == 10 ? 10 : 11);
    response_->result(static_cast<unsigned>(parts.status));
    response_->set(bhttp::field::server, "citadel");
    for (const auto& [name, value] : parts.headers) response_->insert(name, value);
    response_->body() = std::move(parts.body);
    response_->keep_alive(keep_alive_);
    response_->prepare_payload();
    // A client that does not read its answer is closed like one that does not send.
    lowest().expires_after(server_.options.request_timeout);
    bhttp::async_write(
        stream_, *response_,
        [self = this->shared_from_this()](error_code ec, size_t) { self->onWritten(ec); });
  }

  void onWritten(error_code ec) {
    response_.reset();
    if (ec) return;
    answered_ = true;
    if (keep_alive_) {
      waitForRequest();
      return;
    }
    close();
  }

  void close() {
    parser_.reset();
    if constexpr (kSecure) {
      lowest().expires_after(server_.options.request_timeout);
      stream_.async_shutdown([self = this->shared_from_this()](error_code) {});
    } else {
      error_code ignored;
      lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
  }

  Server& server_;
  Stream stream_;
  Peer peer_;
  beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  std::optional<Response> response_;
  std::optional<bhttp::response<bhttp::empty_body>> continue_;
  unsigned version_ = 11;
  bool keep_alive_ = true;
  bool answered_ = false;  // a response was written: between requests the idle deadline runs
};

void startSession(Server& server, tcp::socket socket) {
  error_code ec;
  tcp::endpoint remote = socket.remote_endpoint(ec);
  if (ec) return;  // already gone
  Peer peer;
  peer.address = remote.address().to_string();
  peer.port = remote.port();
  peer.loopback = isLoopback(remote.address());
  // A response leaves in one write; Nagle would only hold a pipelined one back.
  socket.set_option(tcp::no_delay(true), ec);
  if (server.tls) {
    std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(server, std::move(socket),
                                                                    std::move(peer))
        ->start();
  } else {
    std::make_shared<Session<beast::tcp_stream>>(server, std::move(socket), std::move(peer))
        ->start();
  }
}

// A new connection, on the I/O context it will live on, or closed at once past maxConnections.
void admit(Server& server, tcp::socket socket) {
  if (server.connections.load() >= server.options.max_connections) {
    if (server.refused.fetch_add(1) % 1000 == 0) {
      LOG_WARN("HTTP: " << server.options.max_connections
                        << " connections open (http.maxConnections): closing new ones");
    }
    error_code ignored;
    socket.close(ignored);
    return;
  }
  startSession(server, std::move(socket));
}

// Connections waiting in the listen backlog after one was accepted, taken at once (the acceptor
// is non-blocking): 1,000 devices that reconnect together after an outage would otherwise be
// accepted one per turn of the accepting thread's loop, between the requests of the
// connections it serves, and their first requests would wait seconds in the backlog.
constexpr int kAcceptBurst = 256;

void acceptWaiting(Server& server) {
  for (int i = 0; i < kAcceptBurst; ++i) {
    tcp::socket socket(server.context(server.next_io.fetch_add(1) % server.contexts()));
    error_code ec;
    server.acceptor->accept(socket, ec);
    if (ec) return;  // would_block: the backlog is empty; a real error shows at async_accept
    admit(server, std::move(socket));
  }
}

void acceptNext(Server& server) {
  server.acceptor->async_accept(
      server.context(server.next_io.fetch_add(1) % server.contexts()).get_executor(),
      [&server](error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted) return;
        if (ec) {
          // Out of descriptors, say: try again shortly rather than spin.
          LOG_WARN("HTTP accept: " << ec.message());
          server.accept_retry->expires_after(std::chrono::milliseconds(50));
          server.accept_retry->async_wait([&server](error_code wait) {
            if (!wait) acceptNext(server);
          });
          return;
        }
        admit(server, std::move(socket));
        acceptWaiting(server);
        acceptNext(server);
      });
}

// TLS 1.2 and 1.3 only (TS-0003 §10.2.1), forward-secret AEAD suites first, then the suites
// TS-0003 §10.2.1 makes mandatory for an IN-CSE: TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256
// (certificates) and TLS_PSK_WITH_AES_128_CBC_SHA256 (PSK, offered only with a key store).
// PSK-AES128-GCM-SHA256 (RFC 5487) too, the AEAD suite the MEF and the MAF also accept, so a
// client configured for one of them reaches the CSE with the same settings.
constexpr const char* kCertificateCiphers =
    "ECDHE-ECDSA-AES128-CCM8:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
    "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-SHA256";
constexpr const char* kPskCiphers =
    "ECDHE-PSK-AES128-CBC-SHA256:PSK-AES128-GCM-SHA256:PSK-AES128-CCM8:PSK-AES128-CBC-SHA256";

model::Status configureTls(SSL_CTX* context, const tls::ServerCredentials& tls) {
  SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
  SSL_CTX_set_options(context, SSL_OP_NO_RENEGOTIATION);
  if (std::string error =
          tls::configureServerContext(context, tls, kCertificateCiphers, kPskCiphers);
      !error.empty()) {
    return model::Status::internal("TLS: " + error, "http.tls_setup");
  }
  // Resumed sessions (and the PSK identity they remember) need a session id context.
  SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_SERVER);
  static constexpr unsigned char kSessionContext[] = "citadel";
  SSL_CTX_set_session_id_context(context, kSessionContext, sizeof kSessionContext - 1);
  return {};
}

model::Status listen(Server& server) {
  const HttpServerOptions& options = server.options;
  tcp::resolver resolver(*server.io);
  error_code ec;
  auto endpoints = resolver.resolve(options.address, std::to_string(options.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || endpoints.empty()) {
    return model::Status::internal("cannot resolve " + options.address + ": " + ec.message(),
                                   "http.start_failed");
  }
  tcp::endpoint endpoint = endpoints.begin()->endpoint();
  server.acceptor = std::make_unique<tcp::acceptor>(*server.io);
  tcp::acceptor& acceptor = *server.acceptor;
  if (!acceptor.open(endpoint.protocol(), ec) &&
      !acceptor.set_option(asio::socket_base::reuse_address(true), ec) &&
      !acceptor.bind(endpoint, ec) &&
      !acceptor.listen(asio::socket_base::max_listen_connections, ec) &&
      !acceptor.non_blocking(true, ec)) {  // for acceptWaiting()
    return {};
  }
  return model::Status::internal(std::string("cannot start ") + (options.tls ? "HTTPS" : "HTTP") +
                                     " on " + options.address + ":" + std::to_string(options.port) +
                                     ": " + ec.message(),
                                 "http.start_failed");
}

}  // namespace

struct HttpServer::Impl {
  std::unique_ptr<Server> server;
  uint16_t port = 0;
  bool running = false;
};

model::Result<std::unique_ptr<HttpServer>> HttpServer::start(const HttpServerOptions& options,
                                                             model::PrimitiveHandler& handler) {
  auto impl = std::make_unique<Impl>();
  impl->server = std::make_unique<Server>(options, handler);
  Server& server = *impl->server;
  try {
    server.io = std::make_unique<asio::io_context>(1);
    for (int i = 1; i < std::max(1, options.threads); ++i) {
      server.ios.push_back(std::make_unique<asio::io_context>(1));
    }
    if (options.tls != nullptr) {
      server.tls.emplace(asio::ssl::context::tls_server);
      if (model::Status tls = configureTls(server.tls->native_handle(), *options.tls);
          !tls.isOk()) {
        return model::Status::internal("cannot start HTTPS on " + options.address + ":" +
                                           std::to_string(options.port) + ": " + tls.dbg(),
                                       "http.start_failed");
      }
    }
    CITADEL_RETURN_IF_ERROR(listen(server));
    impl->port = server.acceptor->local_endpoint().port();
    server.accept_retry = std::make_unique<asio::steady_timer>(*server.io);
    acceptNext(server);
    for (int i = 0; i < std::max(1, options.threads); ++i) {
      asio::io_context* io = &server.context(i);
      server.threads.emplace_back([&server, io] { runLoop(server, *io, nullptr); });
    }
  } catch (const std::exception& e) {
    return model::Status::internal(std::string("cannot start ") + (options.tls ? "HTTPS" : "HTTP") +
                                       " on " + options.address + ":" +
                                       std::to_string(options.port) + ": " + e.what(),
                                   "http.start_failed");
  }
  impl->running = true;
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { stop(); }

uint16_t HttpServer::port() const { return impl_->port; }

std::string HttpServer::pointOfAccess() const {
  return model::networkUri(impl_->server->tls ? "https" : "http", impl_->server->options.address,
                           impl_->port);
}

void HttpServer::stop() {
  if (!impl_ || !impl_->running) return;
  impl_->running = false;
  Server& server = *impl_->server;
  server.io->stop();
  for (auto& io : server.ios) io->stop();
  // The primitives being handled finish; their answers go nowhere (the I/O has stopped).
  for (auto& thread : server.threads) thread.join();
  server.threads.clear();
  server.parking->close();
  server.accept_retry.reset();
  server.acceptor.reset();
  // Destroys the pending operations and with them every connection (closing its socket).
  server.ios.clear();
  server.io.reset();
}

}  // namespace citadel::http
