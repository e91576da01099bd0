#include "tools/mef/tls_psk_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/x509.h>

#include "cse/model/log.h"
#include "security/mef_client/bootstrap_messages.h"

namespace citadel::tools::mef {
namespace {

void setTimeouts(int fd, std::chrono::seconds timeout) {
  timeval tv{static_cast<time_t>(timeout.count()), 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

model::Status listenFailure(const std::string& address, uint16_t port) {
  return model::Status::internal("cannot listen on " + address + ":" + std::to_string(port) +
                                     ": " + std::strerror(errno),
                                 "mef.listen");
}

// Printable for a log line: control characters of a hostile identity become '?'.
std::string loggable(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return text;
}

}  // namespace

model::Result<std::unique_ptr<TlsPskServer>> TlsPskServer::start(
    const TlsPskServerOptions& options, const PskLookup& lookup, SessionHandler& handler) {
  CITADEL_ASSIGN_OR_RETURN(SslContext context, makePskServerContext(lookup));
  if (!options.certificate.certificate_file.empty()) {
    CITADEL_RETURN_IF_ERROR(addServerCertificate(context.get(), options.certificate));
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(options.port);
  if (inet_pton(AF_INET, options.address.c_str(), &address.sin_addr) != 1) {
    return model::Status::badRequest(options.address + " is not an IPv4 address", "mef.listen");
  }
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return listenFailure(options.address, options.port);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  socklen_t length = sizeof(address);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      listen(fd, 64) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    model::Status failed = listenFailure(options.address, options.port);
    close(fd);
    return failed;
  }
  std::unique_ptr<TlsPskServer> server(
      new TlsPskServer(std::move(context), fd, ntohs(address.sin_port), options, handler));
  if (pipe2(server->wake_, O_CLOEXEC) != 0) {
    return model::Status::internal("pipe2 failed", "mef.listen");
  }
  server->acceptor_ = std::thread([raw = server.get()] { raw->acceptLoop(); });
  return server;
}

TlsPskServer::TlsPskServer(SslContext context, int listener, uint16_t port,
                           const TlsPskServerOptions& options, SessionHandler& handler)
    : context_(std::move(context)),
      listener_(listener),
      port_(port),
      options_(options),
      handler_(handler) {}

TlsPskServer::~TlsPskServer() {
  stop();
  close(listener_);
  for (int fd : wake_) {
    if (fd >= 0) close(fd);
  }
}

void TlsPskServer::stop() {
  if (stopped_.exchange(true)) return;
  if (wake_[1] >= 0) {
    char byte = 0;
    [[maybe_unused]] ssize_t ignored = write(wake_[1], &byte, 1);
  }
  if (acceptor_.joinable()) acceptor_.join();
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return active_ == 0; });
}

void TlsPskServer::acceptLoop() {
  while (!stopped_) {
    pollfd fds[2] = {{listener_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    if (poll(fds, 2, -1) < 0 && errno != EINTR) break;
    if (fds[1].revents != 0) break;
    if ((fds[0].revents & POLLIN) == 0) continue;
    sockaddr_in peer{};
    socklen_t length = sizeof(peer);
    int fd = accept4(listener_, reinterpret_cast<sockaddr*>(&peer), &length, SOCK_CLOEXEC);
    if (fd < 0) continue;
    char text[INET_ADDRSTRLEN] = "?";
    inet_ntop(AF_INET, &peer.sin_addr, text, sizeof(text));
    {
      std::lock_guard lock(mutex_);
      if (active_ >= options_.max_connections) {
        close(fd);
        LOG_WARN(options_.log_name << ": " << text << " refused: " << active_
                                   << " connections in progress");
        continue;
      }
      ++active_;
    }
    std::thread([this, fd, peer_text = std::string(text)] {
      serve(fd, peer_text);
      close(fd);
      std::lock_guard lock(mutex_);
      if (--active_ == 0) idle_.notify_all();
    }).detach();
  }
}

void TlsPskServer::serve(int fd, std::string peer) {
  setTimeouts(fd, options_.io_timeout);
  Ssl ssl(SSL_new(context_.get()));
  if (!ssl || SSL_set_fd(ssl.get(), fd) != 1) return;
  AuthenticatedPeer authenticated{peer, "", ""};
  watchAcceptedIdentity(ssl.get(), &authenticated.psk_identity);
  if (SSL_accept(ssl.get()) != 1) {
    // A wrong key, an unknown identity or a non-TLS peer: nothing was learnt, nothing is kept.
    LOG_WARN(options_.log_name << ": handshake from " << peer << " refused");
    return;
  }
  if (authenticated.psk_identity.empty()) {
    // No PSK: a certificate handshake. Its one URI is the peer's identity.
    authenticated.certificate_uri = verifiedPeerUri(ssl.get());
    if (authenticated.certificate_uri.empty()) {
      LOG_WARN(options_.log_name << ": certificate handshake from " << peer
                                 << " without one verified URI");
      return;
    }
    authenticated.certificate_dns = verifiedPeerDnsName(ssl.get());
    // The serial, for revocation checks (the MEF's record of the certificates it issued).
    if (X509* certificate = SSL_get0_peer_certificate(ssl.get())) {
      BIGNUM* serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(certificate), nullptr);
      char* hex = serial != nullptr ? BN_bn2hex(serial) : nullptr;
      if (hex != nullptr) authenticated.certificate_serial = hex;
      OPENSSL_free(hex);
      BN_free(serial);
    }
  }
  auto request = readHttpMessage(
      [&](char* buffer, size_t capacity) { return sslRead(ssl.get(), buffer, capacity); }, true);
  HttpReply reply;
  if (!request.isOk()) {
    reply = {400, "Bad Request", formatFailure(request.status().dbg())};
    LOG_WARN(options_.log_name << ": bad request from " << peer << " as "
                               << loggable(authenticated.psk_identity +
                                           authenticated.certificate_uri)
                               << ": " << request.status().dbg());
  } else {
    reply = handler_.handleSession(request.value(), ssl.get(), authenticated);
  }
  std::string response =
      formatHttpResponse(reply.code, reply.reason, reply.body, reply.content_type);
  // An answer may carry a key (the MEF's and the MAF's key retrieval).
  OPENSSL_cleanse(reply.body.data(), reply.body.size());
  bool sent = sslWriteAll(ssl.get(), response);
  OPENSSL_cleanse(response.data(), response.size());
  if (sent) SSL_shutdown(ssl.get());
}

}  // namespace citadel::tools::mef
