// The one file that talks to Poco's HTTP server; Poco exceptions stop here (STYLE.md §3).
#include "bindings/http/http_server.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerConnectionFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/TCPServerDispatcher.h>
#include <Poco/ThreadPool.h>

#include <algorithm>

#include "bindings/http/connection_gate.h"
#include "bindings/http/http_message.h"
#include "bindings/tls/peer_identity.h"
#include "cse/model/address.h"
#include "cse/model/log.h"

namespace citadel::http {
namespace {

using Poco::Net::HTTPRequestHandler;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

void send(HTTPServerResponse& out, const HttpResponseParts& parts) {
  out.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(parts.status));
  for (const auto& [name, value] : parts.headers) {
    if (name == "Content-Type") {
      out.setContentType(value);
    } else {
      out.set(name, value);
    }
  }
  out.setContentLength(static_cast<std::streamsize>(parts.body.size()));
  out.sendBuffer(parts.body.data(), parts.body.size());
}

void sendError(HTTPServerResponse& out, const model::Status& status, std::string request_id) {
  send(out, encodeResponse(model::Response::fromStatus(status, std::move(request_id))));
}

// The upper-tester interface: POST /__ut__, command in X-M2M-UTCMD, result in X-M2M-UTRSP.
// 403 when switched off or when the peer is not on loopback.
void serveUpperTester(HTTPServerRequest& in, HTTPServerResponse& out,
                      model::UpperTesterHandler* upper_tester) {
  in.stream().ignore(1 << 16);
  HttpResponseParts parts;
  if (upper_tester == nullptr || !in.clientAddress().host().isLoopback()) {
    parts.status = 403;
  } else if (in.getMethod() != "POST" || !in.has("X-M2M-UTCMD")) {
    parts.status = 400;
    parts.headers.emplace_back("X-M2M-UTRSP", "POST with an X-M2M-UTCMD header");
  } else {
    auto result = upper_tester->execute(in.get("X-M2M-UTCMD"));
    parts.status = result.isOk() ? 200 : 400;
    parts.headers.emplace_back("X-M2M-UTRSP",
                               result.isOk() ? result.value() : result.status().dbg());
  }
  send(out, parts);
}

class PrimitiveRequestHandler final : public HTTPRequestHandler {
 public:
  PrimitiveRequestHandler(model::PrimitiveHandler& handler, const DecodeLimits& limits,
                          model::UpperTesterHandler* upper_tester)
      : handler_(handler), limits_(limits), upper_tester_(upper_tester) {}

  void handleRequest(HTTPServerRequest& in, HTTPServerResponse& out) override {
    try {
      handle(in, out);
    } catch (const std::exception& e) {
      // Last resort (userver's unknown-exceptions middleware): never a crash or a hang.
      LOG_ERROR("HTTP request failed: " << e.what());
      if (!out.sent()) {
        sendError(out, model::Status::internal("internal error"), in.get("X-M2M-RI", ""));
      }
    } catch (...) {
      LOG_ERROR("HTTP request failed with an unknown exception");
      if (!out.sent()) {
        sendError(out, model::Status::internal("internal error"), in.get("X-M2M-RI", ""));
      }
    }
  }

 private:
  void handle(HTTPServerRequest& in, HTTPServerResponse& out) {
    // TS-0009 binds oneM2M to HTTP/1.1 (1.0 clients are served too); anything else gets 505 in
    // our own version (RFC 9110 §15.6.6), and the connection is not reused.
    if (in.getVersion() != Poco::Net::HTTPMessage::HTTP_1_1 &&
        in.getVersion() != Poco::Net::HTTPMessage::HTTP_1_0) {
      out.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
      out.setKeepAlive(false);
      HttpResponseParts parts;
      parts.status = 505;
      send(out, parts);
      return;
    }
    HttpRequestParts parts;
    parts.method = in.getMethod();
    const std::string& uri = in.getURI();
    size_t question = uri.find('?');
    parts.path = uri.substr(0, question);
    if (parts.path == "/__ut__") {
      serveUpperTester(in, out, upper_tester_);
      return;
    }
    if (question != std::string::npos) {
      parts.raw_query = uri.substr(question + 1);
    }
    for (const auto& [name, value] : in) {
      parts.headers.emplace_back(name, value);
    }
    std::string request_id = in.get("X-M2M-RI", "");
    // An oversized body is refused without being kept. A body far beyond the limit is not even
    // read: the connection closes instead. A moderately oversized one is drained first, so that
    // the client reads our 4000 instead of a reset, and the connection stays usable.
    bool huge = in.hasContentLength() &&
                static_cast<uint64_t>(in.getContentLength64()) > drainLimit();
    if (huge || !readBody(in, &parts.body)) {
      if (huge || !in.stream().eof()) {
        out.setKeepAlive(false);
      }
      sendError(out, model::Status::badRequest("request body exceeds limits.maxRequestBytes (" +
                                               std::to_string(limits_.body.max_bytes) + " bytes)",
                                               "http.body_too_large"), request_id);
      return;
    }
    codec::ContentFormat format = codec::ContentFormat::kJson;
    auto request = decodeRequest(parts, limits_, &format);
    if (!request.isOk()) {
      send(out, encodeResponse(model::Response::fromStatus(request.status(), request_id), format));
      return;
    }
    model::Request& primitive = request.value();
    const auto& peer = in.clientAddress();
    primitive.transport.peer_address = peer.host().toString();
    primitive.transport.peer_port = peer.port();
    primitive.transport.from_loopback = peer.host().isLoopback();
    if (in.secure()) {
      readPeerIdentity(in, primitive.transport);
    }
    send(out, encodeResponse(handler_.handle(std::move(primitive)), format));
  }

  // The handshake verified the chain (and refused a bad one); what is left is to read who it is.
  static void readPeerIdentity(HTTPServerRequest& in, model::TransportInfo& transport) {
    transport.secure = true;
    auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&in);
    if (impl == nullptr) return;
    try {
      Poco::Net::SecureStreamSocket socket(impl->socket());
      Poco::Net::Session::Ptr session = socket.currentSession();
      if (!session.isNull()) {
        std::string psk_identity = tls::sessionPskIdentity(session->sslSession());
        if (!psk_identity.empty()) {
          transport.peer_identity = std::move(psk_identity);
          return;
        }
      }
      if (socket.havePeerCertificate()) {
        std::vector<std::string> uris =
            tls::subjectAltNameUris(socket.peerCertificate().certificate());
        if (!uris.empty()) transport.peer_identity = uris.front();
      }
    } catch (const Poco::Exception& e) {
      LOG_WARN("HTTPS: cannot read the peer certificate: " << e.displayText());
    }
  }

  // How much of an oversized body is read and thrown away before answering.
  size_t drainLimit() const { return std::max<size_t>(limits_.body.max_bytes * 4, 1 << 20); }

  // Keeps at most max_bytes; false when the body is longer (chunked bodies have no declared
  // length). The rest is discarded up to drainLimit(); past that the stream is left unread.
  bool readBody(HTTPServerRequest& in, std::string* body) {
    std::istream& stream = in.stream();
    char buffer[8192];
    size_t total = 0;
    while (stream && total <= drainLimit()) {
      stream.read(buffer, sizeof(buffer));
      std::streamsize n = stream.gcount();
      if (n <= 0) {
        break;
      }
      total += static_cast<size_t>(n);
      if (total <= limits_.body.max_bytes) {
        body->append(buffer, static_cast<size_t>(n));
      }
    }
    if (total > limits_.body.max_bytes) {
      body->clear();
      return false;
    }
    return true;
  }

  model::PrimitiveHandler& handler_;
  const DecodeLimits& limits_;
  model::UpperTesterHandler* upper_tester_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Factory(model::PrimitiveHandler& handler, DecodeLimits limits,
          model::UpperTesterHandler* upper_tester)
      : handler_(handler), limits_(std::move(limits)), upper_tester_(upper_tester) {}
  HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
    return new PrimitiveRequestHandler(handler_, limits_, upper_tester_);
  }
  // Shuts the open connections down (what Poco's HTTPServer::stopAll(true) does).
  void abortConnections() {
    const bool abort = true;
    serverStopped(this, abort);
  }

 private:
  model::PrimitiveHandler& handler_;
  DecodeLimits limits_;
  model::UpperTesterHandler* upper_tester_;
};

}  // namespace

// TLS 1.2 and 1.3 only (TS-0003 §10.2.1), forward-secret AEAD suites first, then the suites
// TS-0003 §10.2.1 makes mandatory for an IN-CSE: TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256
// (certificates) and TLS_PSK_WITH_AES_128_CBC_SHA256 (PSK, offered only with a key store).
constexpr const char* kCertificateCiphers =
    "ECDHE-ECDSA-AES128-CCM8:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
    "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-SHA256";
constexpr const char* kPskCiphers = "ECDHE-PSK-AES128-CBC-SHA256:PSK-AES128-CCM8:PSK-AES128-CBC-SHA256";

Poco::Net::ServerSocket secureSocket(const Poco::Net::SocketAddress& address,
                                     const tls::ServerCredentials& tls) {
  static const bool initialized = [] {
    Poco::Net::initializeSSL();
    return true;
  }();
  (void)initialized;
  using Poco::Net::Context;
  Context::VerificationMode mode =
      tls.client_auth == tls::ClientAuth::kRequired   ? Context::VERIFY_STRICT
      : tls.client_auth == tls::ClientAuth::kOptional ? Context::VERIFY_RELAXED
                                                                   : Context::VERIFY_NONE;
  std::string ciphers = tls.certificate.empty() ? "" : kCertificateCiphers;
  if (tls.psk != nullptr) ciphers += (ciphers.empty() ? "" : ":") + std::string(kPskCiphers);
  Context::Ptr context = new Context(Context::TLS_SERVER_USE, tls.private_key, tls.certificate,
                                     tls.ca_file, mode, 9, false, ciphers);
  if (tls.psk != nullptr) tls::enablePskServer(context->sslContext(), tls.psk);
  context->disableProtocols(Context::PROTO_SSLV2 | Context::PROTO_SSLV3 | Context::PROTO_TLSV1 |
                            Context::PROTO_TLSV1_1);
  context->enableSessionCache(true, "citadel");
  // Poco's "extended" check matches the peer certificate's names against the peer's host name,
  // which suits servers, not clients: a client certificate names an AE-ID (checked against the
  // originator by the security pipeline), never the client's address.
  context->enableExtendedCertificateVerification(false);
  return Poco::Net::SecureServerSocket(address, 256, context);
}

// Poco's HTTP connection handling (one worker per connection, keep-alive loop) behind our own
// acceptor, the ConnectionGate, which hands a connection to the workers only once it speaks.
struct HttpServer::Impl {
  std::unique_ptr<Poco::ThreadPool> pool;
  Poco::Net::HTTPRequestHandlerFactory::Ptr handlers;
  Factory* factory = nullptr;  // the object `handlers` holds
  Poco::Net::TCPServerDispatcher* dispatcher = nullptr;  // reference-counted by Poco
  std::unique_ptr<ConnectionGate> gate;
  uint16_t port = 0;
  bool running = false;
  std::string address;
  bool secure = false;
};

model::Result<std::unique_ptr<HttpServer>> HttpServer::start(const HttpServerOptions& options,
                                                             model::PrimitiveHandler& handler) {
  auto impl = std::make_unique<Impl>();
  impl->address = options.address;
  impl->secure = options.tls != nullptr;
  try {
    Poco::Net::SocketAddress address(options.address, options.port);
    Poco::Net::ServerSocket socket = options.tls ? secureSocket(address, *options.tls)
                                                 : Poco::Net::ServerSocket(address, 256);
    impl->port = socket.address().port();
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;  // shared, counted
    params->setMaxThreads(options.threads);
    params->setMaxQueued(1024);
    // A dispatcher thread that misses the stop wake-up (it races with a connection finishing)
    // notices the stop only after this idle time: it bounds how long stop() can take.
    params->setThreadIdleTime(Poco::Timespan(1, 0));
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(0);  // unlimited requests per connection
    // An idle keep-alive connection holds its worker this long; a started request may stall
    // at most the socket timeout between reads.
    params->setKeepAliveTimeout(Poco::Timespan(5, 0));
    params->setTimeout(Poco::Timespan(10, 0));
    params->setServerName("citadel");
    impl->pool = std::make_unique<Poco::ThreadPool>(2, options.threads, 60);
    DecodeLimits limits;
    limits.body.max_bytes = options.max_body_bytes;
    limits.max_headers = options.max_headers;
    impl->factory = new Factory(handler, limits, options.upper_tester);
    impl->handlers = impl->factory;
    impl->dispatcher = new Poco::Net::TCPServerDispatcher(
        new Poco::Net::HTTPServerConnectionFactory(params, impl->handlers), *impl->pool, params);
    impl->gate = std::make_unique<ConnectionGate>(socket, *impl->dispatcher, GateOptions{});
    impl->running = true;
  } catch (const Poco::Exception& e) {
    return model::Status::internal(std::string("cannot start ") +
                                   (options.tls ? "HTTPS" : "HTTP") + " on " + options.address + ":" +
                                   std::to_string(options.port) + ": " + e.displayText(),
                                   "http.start_failed");
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { stop(); }

uint16_t HttpServer::port() const { return impl_->port; }

std::string HttpServer::pointOfAccess() const {
  return model::networkUri(impl_->secure ? "https" : "http", impl_->address, impl_->port);
}

void HttpServer::stop() {
  if (impl_ && impl_->running) {
    impl_->running = false;
    impl_->gate->stop();
    try {
      impl_->dispatcher->stop();
      impl_->factory->abortConnections();
    } catch (const Poco::Exception& e) {
      LOG_WARN("HTTP stop: " << e.displayText());
    }
    impl_->pool->joinAll();
    impl_->dispatcher->release();
    impl_->dispatcher = nullptr;
  }
}

}  // namespace citadel::http
