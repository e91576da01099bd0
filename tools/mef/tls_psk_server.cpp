#include "tools/mef/tls_psk_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "cse/model/log.h"
#include "security/enrolment/tls_key_export.h"
#include "security/mef_client/est_messages.h"

namespace citadel::tools::mef {
namespace {

namespace enrolment = security::enrolment;

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
    const TlsPskServerOptions& options, const PskLookup& lookup, MefService& service) {
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
      new TlsPskServer(std::move(context), fd, ntohs(address.sin_port), options, service));
  if (pipe2(server->wake_, O_CLOEXEC) != 0) {
    return model::Status::internal("pipe2 failed", "mef.listen");
  }
  server->acceptor_ = std::thread([raw = server.get()] { raw->acceptLoop(); });
  return server;
}

TlsPskServer::TlsPskServer(SslContext context, int listener, uint16_t port,
                           const TlsPskServerOptions& options, MefService& service)
    : context_(std::move(context)),
      listener_(listener),
      port_(port),
      options_(options),
      service_(service) {}

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
        LOG_WARN("MEF: " << text << " refused: " << active_ << " connections in progress");
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
  BootstrapSession session;
  watchAcceptedIdentity(ssl.get(), &session.kpm_id);
  if (SSL_accept(ssl.get()) != 1) {
    // A wrong key, an unknown identity or a non-TLS peer: nothing was learnt, nothing is kept.
    LOG_WARN("MEF: bootstrap handshake from " << peer << " refused");
    return;
  }
  if (session.kpm_id.empty()) {
    // No PSK: a certificate handshake (§8.3.2.2). Its one URI is the Enrolee's identity.
    session.certificate_uri = verifiedPeerUri(ssl.get());
    if (session.certificate_uri.empty()) {
      LOG_WARN("MEF: certificate handshake from " << peer << " without one verified URI");
      return;
    }
    session.kpm_id = std::string(kCertificateSessionPrefix) + session.certificate_uri;
  }
  auto exported = enrolment::exportKeyingMaterial(ssl.get(), enrolment::kBootstrapExporterLabel);
  if (!exported.isOk()) return;
  auto key = enrolment::splitExportedKey(exported.value());
  OPENSSL_cleanse(exported.value().data(), exported.value().size());
  if (!key.isOk()) return;
  session.key = std::move(key).value();
  if (auto challenge = sessionChallengePassword(ssl.get()); challenge.isOk()) {
    session.challenge_password = std::move(challenge).value();
  }

  auto request = readHttpMessage(
      [&](char* buffer, size_t capacity) { return sslRead(ssl.get(), buffer, capacity); }, true);
  HttpReply reply;
  if (!request.isOk()) {
    reply = {400, "Bad Request", formatFailure(request.status().dbg())};
    LOG_WARN("MEF: bad request from " << peer << " as " << loggable(session.kpm_id) << ": "
                                      << request.status().dbg());
  } else {
    reply = service_.handle(request.value(), session);
  }
  OPENSSL_cleanse(session.key.ke.data(), session.key.ke.size());
  if (sslWriteAll(ssl.get(),
                  formatHttpResponse(reply.code, reply.reason, reply.body, reply.content_type))) {
    SSL_shutdown(ssl.get());
  }
}

}  // namespace citadel::tools::mef
