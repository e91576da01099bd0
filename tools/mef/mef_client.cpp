#include "tools/mef/mef_client.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "security/enrolment/enrolment_keys.h"
#include "security/enrolment/tls_key_export.h"
#include "tools/mef/http_message.h"
#include "tools/mef/tls_psk.h"

namespace citadel::tools::mef {
namespace {

namespace enrolment = security::enrolment;

model::Status failure(std::string dbg, std::string_view reason) {
  return model::Status::internal(std::move(dbg), reason);
}

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

model::Result<std::unique_ptr<Socket>> connectTo(const MefClientOptions& options) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  std::string port = std::to_string(options.port);
  if (getaddrinfo(options.host.c_str(), port.c_str(), &hints, &found) != 0 || found == nullptr) {
    return failure("cannot resolve " + options.host, "mef.unreachable");
  }
  std::unique_ptr<Socket> connected;
  for (addrinfo* a = found; a != nullptr && !connected; a = a->ai_next) {
    auto candidate = std::make_unique<Socket>(socket(a->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (candidate->fd() < 0) continue;
    timeval tv{static_cast<time_t>(options.io_timeout.count()), 0};
    // On Linux SO_SNDTIMEO also bounds connect().
    setsockopt(candidate->fd(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    setsockopt(candidate->fd(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    if (connect(candidate->fd(), a->ai_addr, a->ai_addrlen) == 0) connected = std::move(candidate);
  }
  freeaddrinfo(found);
  if (!connected) {
    return failure("cannot connect to " + options.host + ":" + port, "mef.unreachable");
  }
  return connected;
}

// One request in one bootstrap session: the answer and the Ke this end exported.
struct Exchange {
  HttpMessage answer;
  enrolment::EnrolmentKey key;
  std::string key_id;
  std::string tls_version;
};

model::Result<Exchange> exchange(const MefClientOptions& options, std::string_view method,
                                 std::string_view target, std::string_view body) {
  CITADEL_ASSIGN_OR_RETURN(SslContext context,
                           makePskClientContext(options.psk, options.max_tls_version));
  CITADEL_ASSIGN_OR_RETURN(std::unique_ptr<Socket> socket, connectTo(options));
  Ssl ssl(SSL_new(context.get()));
  if (!ssl || SSL_set_fd(ssl.get(), socket->fd()) != 1 || SSL_connect(ssl.get()) != 1) {
    return failure("the MEF refused the bootstrap handshake (wrong key or unknown identity?)",
                   "mef.handshake_refused");
  }
  Exchange done;
  done.tls_version = SSL_get_version(ssl.get());
  CITADEL_ASSIGN_OR_RETURN(std::string exported, enrolment::exportKeyingMaterial(
                                                     ssl.get(), enrolment::kBootstrapExporterLabel));
  auto key = enrolment::splitExportedKey(exported);
  OPENSSL_cleanse(exported.data(), exported.size());
  if (!key.isOk()) return key.status();
  done.key = std::move(key).value();
  CITADEL_ASSIGN_OR_RETURN(done.key_id,
                           enrolment::makeKeyId(done.key.relative_key_id, options.mef_fqdn));
  if (!sslWriteAll(ssl.get(), formatHttpRequest(method, target, options.mef_fqdn, body))) {
    return failure("the MEF closed the session", "mef.unreachable");
  }
  auto answer = readHttpMessage(
      [&](char* buffer, size_t capacity) { return sslRead(ssl.get(), buffer, capacity); }, false);
  if (!answer.isOk()) return failure("malformed answer: " + answer.status().dbg(), "mef.bad_answer");
  SSL_shutdown(ssl.get());
  done.answer = std::move(answer).value();
  if (done.answer.first != "200") {
    std::string error = failureText(done.answer.body);
    return model::Status::badRequest(
        "the MEF answered " + done.answer.first + (error.empty() ? "" : ": " + error),
        "mef.refused");
  }
  return done;
}

model::Status mismatch(std::string_view what) {
  return failure(std::string("the MEF's ") + std::string(what) + " differs from ours",
                 "mef.bad_answer");
}

}  // namespace

model::Result<BootstrapOutcome> bootstrap(const MefClientOptions& options,
                                          const BootstrapRequest& request) {
  // Refuse what the KDF refuses before contacting the MEF (the errors are the Enrolee's).
  if (auto suid = enrolment::encodeSuid(request.suid); !suid.isOk()) return suid.status();
  if (auto id = enrolment::encodeIdentifier(request.target); !id.isOk()) return id.status();
  CITADEL_ASSIGN_OR_RETURN(Exchange done, exchange(options, "POST", "/bootstrap",
                                                   formatBootstrapRequest(request)));
  BootstrapOutcome outcome;
  outcome.tls_version = done.tls_version;
  outcome.ke = std::move(done.key.ke);
  auto answer = parseBootstrapAnswer(done.answer.body);
  if (!answer.isOk()) return failure(answer.status().dbg(), "mef.bad_answer");
  outcome.answer = std::move(answer).value();
  const Enrolment& e = outcome.answer.enrolment;
  if (e.key_id != done.key_id) return mismatch("KeID");
  if (e.target != request.target || e.suid != request.suid) return mismatch("target or SUID");
  if (e.ke_confirmation != enrolment::toHex(enrolment::keyConfirmation(outcome.ke, e.key_id))) {
    return mismatch("Ke confirmation");
  }
  CITADEL_ASSIGN_OR_RETURN(outcome.key, enrolment::deriveUsageConstrainedKey(
                                            outcome.ke, request.suid, request.target));
  if (outcome.answer.key_confirmation !=
      enrolment::toHex(enrolment::keyConfirmation(outcome.key, e.key_id))) {
    return mismatch("key confirmation");
  }
  return outcome;
}

model::Result<std::vector<Enrolment>> listEnrolments(const MefClientOptions& options) {
  CITADEL_ASSIGN_OR_RETURN(Exchange done, exchange(options, "GET", "/enrolments", ""));
  OPENSSL_cleanse(done.key.ke.data(), done.key.ke.size());
  auto listed = parseEnrolmentList(done.answer.body);
  if (!listed.isOk()) return failure(listed.status().dbg(), "mef.bad_answer");
  return listed;
}

}  // namespace citadel::tools::mef
