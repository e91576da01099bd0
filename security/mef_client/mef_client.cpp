#include "security/mef_client/mef_client.h"

#include <charconv>

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include <openssl/crypto.h>

#include "security/enrolment/enrolment_keys.h"
#include "security/enrolment/tls_key_export.h"
#include "security/mef_client/http_message.h"
#include "security/mef_client/tls_psk.h"

namespace citadel::security::mef {
namespace {

namespace enrolment = security::enrolment;

model::Status failure(std::string dbg, std::string_view reason) {
  return model::Status::internal(std::move(dbg), reason);
}

using Deadline = std::chrono::steady_clock::time_point;

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

// Waits until `fd` is ready for `events` or the deadline passes. The socket is non-blocking, so
// every wait of the exchange goes through here and the deadline bounds the whole exchange: a
// MEF that trickles bytes cannot stretch it.
bool waitFor(int fd, short events, Deadline deadline) {
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, events, 0};
    int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) return false;
  }
}

model::Result<std::unique_ptr<Socket>> connectTo(const MefClientOptions& options,
                                                 Deadline deadline) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  std::string port = std::to_string(options.port);
  if (getaddrinfo(options.host.c_str(), port.c_str(), &hints, &found) != 0 || found == nullptr) {
    return failure("cannot resolve " + options.host, "mef.unreachable");
  }
  std::unique_ptr<Socket> connected;
  for (addrinfo* a = found; a != nullptr && !connected; a = a->ai_next) {
    auto candidate = std::make_unique<Socket>(
        socket(a->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (candidate->fd() < 0) continue;
    int done = connect(candidate->fd(), a->ai_addr, a->ai_addrlen);
    if (done != 0 && errno == EINPROGRESS && waitFor(candidate->fd(), POLLOUT, deadline)) {
      int error = 0;
      socklen_t length = sizeof(error);
      getsockopt(candidate->fd(), SOL_SOCKET, SO_ERROR, &error, &length);
      done = error == 0 ? 0 : -1;
    }
    if (done == 0) connected = std::move(candidate);
  }
  freeaddrinfo(found);
  if (!connected) {
    return failure("cannot connect to " + options.host + ":" + port, "mef.unreachable");
  }
  return connected;
}

// Runs `step` (an SSL call returning 1 on success) until it succeeds, fails or the deadline
// passes, waiting for the socket as OpenSSL asks.
template <typename Step>
int untilDone(SSL* ssl, int fd, Deadline deadline, Step step) {
  while (true) {
    int result = step();
    if (result > 0) return result;
    int error = SSL_get_error(ssl, result);
    if (error == SSL_ERROR_WANT_READ) {
      if (!waitFor(fd, POLLIN, deadline)) return -1;
    } else if (error == SSL_ERROR_WANT_WRITE) {
      if (!waitFor(fd, POLLOUT, deadline)) return -1;
    } else {
      return error == SSL_ERROR_ZERO_RETURN ? 0 : -1;
    }
  }
}

// One request in one MEF session: the answer and the Ke this end exported.
struct Exchange {
  HttpMessage answer;
  enrolment::EnrolmentKey key;
  std::string key_id;
  std::string tls_version;
};

model::Result<Exchange> exchange(const MefClientOptions& options, std::string_view method,
                                 std::string_view target, const SessionBody& make_body,
                                 std::string_view originator = "",
                                 std::string_view content_type = "application/json") {
  Deadline deadline = std::chrono::steady_clock::now() + options.io_timeout;
  bool by_certificate = !options.certificate.certificate_file.empty();
  CITADEL_ASSIGN_OR_RETURN(
      SslContext context,
      by_certificate ? makeCertificateClientContext(options.certificate, options.max_tls_version)
                     : makePskClientContext(options.psk, options.max_tls_version));
  CITADEL_ASSIGN_OR_RETURN(std::unique_ptr<Socket> socket, connectTo(options, deadline));
  int fd = socket->fd();
  Ssl ssl(SSL_new(context.get()));
  if (!ssl || SSL_set_fd(ssl.get(), fd) != 1 ||
      (by_certificate && !expectHost(ssl.get(), options.mef_fqdn)) ||
      untilDone(ssl.get(), fd, deadline, [&] { return SSL_connect(ssl.get()); }) != 1) {
    return failure("the " + options.peer_name +
                       " refused the handshake or did not finish it in time (wrong key or "
                       "unknown identity?)",
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
  CITADEL_ASSIGN_OR_RETURN(std::string body, make_body(ssl.get()));
  std::string request =
      formatHttpRequest(method, target, options.mef_fqdn, body, originator, content_type);
  std::string_view left = request;
  while (!left.empty()) {
    size_t written = 0;
    if (untilDone(ssl.get(), fd, deadline, [&] {
          return SSL_write_ex(ssl.get(), left.data(), left.size(), &written);
        }) != 1) {
      return failure("the " + options.peer_name + " closed the session or stalled",
                     "mef.unreachable");
    }
    left.remove_prefix(written);
  }
  auto answer = readHttpMessage(
      [&](char* buffer, size_t capacity) -> long {
        size_t got = 0;
        int read = untilDone(ssl.get(), fd, deadline,
                             [&] { return SSL_read_ex(ssl.get(), buffer, capacity, &got); });
        return read == 1 ? static_cast<long>(got) : read;
      },
      false);
  if (!answer.isOk()) return failure("malformed answer: " + answer.status().dbg(), "mef.bad_answer");
  SSL_shutdown(ssl.get());
  done.answer = std::move(answer).value();
  if (done.answer.first != "200") {
    std::string error = failureText(done.answer.body);
    return model::Status::badRequest(
        "the " + options.peer_name + " answered " + done.answer.first +
            (error.empty() ? "" : ": " + error),
        "mef.refused");
  }
  return done;
}

// Hex confirmation values compared in constant time: they are MACs over secrets.
bool sameConfirmation(const std::string& ours, const std::string& theirs) {
  return ours.size() == theirs.size() &&
         CRYPTO_memcmp(ours.data(), theirs.data(), ours.size()) == 0;
}

SessionBody fixed(std::string body) {
  return [body = std::move(body)](SSL*) -> model::Result<std::string> { return body; };
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
                                                   fixed(formatBootstrapRequest(request))));
  BootstrapOutcome outcome;
  outcome.tls_version = done.tls_version;
  outcome.ke = std::move(done.key.ke);
  auto answer = parseBootstrapAnswer(done.answer.body);
  if (!answer.isOk()) return failure(answer.status().dbg(), "mef.bad_answer");
  outcome.answer = std::move(answer).value();
  const Enrolment& e = outcome.answer.enrolment;
  if (e.key_id != done.key_id) return mismatch("KeID");
  if (e.target != request.target || e.suid != request.suid) return mismatch("target or SUID");
  if (!sameConfirmation(enrolment::toHex(enrolment::keyConfirmation(outcome.ke, e.key_id)),
                        e.ke_confirmation)) {
    return mismatch("Ke confirmation");
  }
  CITADEL_ASSIGN_OR_RETURN(outcome.key, enrolment::deriveUsageConstrainedKey(
                                            outcome.ke, request.suid, request.target));
  if (!sameConfirmation(enrolment::toHex(enrolment::keyConfirmation(outcome.key, e.key_id)),
                        outcome.answer.key_confirmation)) {
    return mismatch("key confirmation");
  }
  return outcome;
}

model::Result<std::vector<Enrolment>> listEnrolments(const MefClientOptions& options) {
  CITADEL_ASSIGN_OR_RETURN(Exchange done, exchange(options, "GET", "/enrolments", fixed("")));
  OPENSSL_cleanse(done.key.ke.data(), done.key.ke.size());
  auto listed = parseEnrolmentList(done.answer.body);
  if (!listed.isOk()) return failure(listed.status().dbg(), "mef.bad_answer");
  return listed;
}

model::Result<FetchAnswer> fetchCredentials(const MefClientOptions& options,
                                            const std::string& key_id, int suid,
                                            const std::string& target_id) {
  CITADEL_ASSIGN_OR_RETURN(std::string suid_text, enrolment::encodeSuid(suid));
  // A KeID is "hex@fqdn": nothing in it needs escaping in a path, and anything else is refused
  // before a byte goes out.
  if (auto id = enrolment::encodeIdentifier(key_id); !id.isOk()) return id.status();
  if (key_id.find('/') != std::string::npos) {
    return model::Status::badRequest("a KeID holds no '/'", "enrolment.bad_identifier");
  }
  CITADEL_ASSIGN_OR_RETURN(Exchange done,
                           exchange(options, "GET", "/fetchCredentials/" + key_id + "/" + suid_text,
                                    fixed(""), target_id));
  // This session's own Ke is of no use to a target: it retrieves, it does not enrol.
  OPENSSL_cleanse(done.key.ke.data(), done.key.ke.size());
  auto answer = parseFetchAnswer(done.answer.body);
  if (!answer.isOk()) return failure(answer.status().dbg(), "mef.bad_answer");
  if (answer.value().key_id != key_id || answer.value().suid != suid) {
    OPENSSL_cleanse(answer.value().key.data(), answer.value().key.size());
    return mismatch("KeID or SUID");
  }
  return answer;
}

model::Result<SessionAnswer> requestInSession(const MefClientOptions& options,
                                              std::string_view method, std::string_view target,
                                              std::string_view content_type,
                                              const SessionBody& make_body) {
  CITADEL_ASSIGN_OR_RETURN(Exchange done,
                           exchange(options, method, target, make_body, "", content_type));
  OPENSSL_cleanse(done.key.ke.data(), done.key.ke.size());
  return SessionAnswer{std::move(done.answer), std::move(done.tls_version)};
}

model::Result<MefClientOptions> keyServiceClient(
    const std::string& address, const std::string& fqdn, const std::string& credential_file,
    int64_t timeout_ms, std::string_view address_key) {
  MefClientOptions client;
  size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return model::Status::badRequest(std::string(address_key) + ": expected host:port",
                                     "config.bad_value");
  }
  client.host = address.substr(0, colon);
  std::string_view port = std::string_view(address).substr(colon + 1);
  auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), client.port);
  if (error != std::errc() || end != port.data() + port.size() || client.port == 0) {
    return model::Status::badRequest(std::string(address_key) + ": '" + std::string(port) +
                                         "' is not a port",
                                     "config.bad_value");
  }
  client.mef_fqdn = fqdn;
  client.io_timeout = std::chrono::milliseconds(timeout_ms);
  if (credential_file.empty()) return client;  // the caller sets a certificate instead
  CITADEL_ASSIGN_OR_RETURN(BootstrapPsks credential, BootstrapPsks::load(credential_file));
  if (credential.size() != 1) {
    return model::Status::badRequest(credential_file + ": expected exactly one credential",
                                     "mef.psk_file");
  }
  client.psk = *credential.first();
  return client;
}

}  // namespace citadel::security::mef
