#include "security/escertke/escertke_tls.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "bindings/tls/peer_identity.h"
#include "security/enrolment/enrolment_keys.h"
#include "security/enrolment/tls_key_export.h"

namespace citadel::security::escertke {
namespace {

using model::Result;
using model::Rsc;
using model::Status;

std::string openSslReason() {
  unsigned long code = ERR_get_error();
  std::string reason = code == 0 ? "no reason given" : ERR_reason_error_string(code)
                                                           ? ERR_reason_error_string(code)
                                                           : "code " + std::to_string(code);
  ERR_clear_error();
  return reason;
}

Status credentialsError(const std::string& what, const std::string& file) {
  ERR_clear_error();
  return Status::badRequest("ESCertKE: cannot load the " + what + " " + file,
                            "escertke.credentials");
}

}  // namespace

Result<std::shared_ptr<EscertkeContext>> EscertkeContext::make(bool terminating,
                                                               const EscertkeCredentials& creds) {
  SSL_CTX* raw = SSL_CTX_new(terminating ? TLS_server_method() : TLS_client_method());
  if (raw == nullptr) return Status::internal("SSL_CTX_new failed", "escertke.context");
  std::shared_ptr<EscertkeContext> context(new EscertkeContext(raw, terminating));
  SSL_CTX_set_min_proto_version(raw, TLS1_2_VERSION);
  SSL_CTX_set_max_proto_version(raw, TLS1_2_VERSION);
  SSL_CTX_set_cipher_list(raw, kEscertkeCipherSuites);
  SSL_CTX_set_session_cache_mode(raw, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_options(raw, SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION);
  if (SSL_CTX_use_certificate_chain_file(raw, creds.certificate.c_str()) != 1) {
    return credentialsError("certificate", creds.certificate);
  }
  if (SSL_CTX_use_PrivateKey_file(raw, creds.private_key.c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key(raw) != 1) {
    return credentialsError("private key (or it does not match the certificate)",
                            creds.private_key);
  }
  if (SSL_CTX_load_verify_locations(raw, creds.ca_file.c_str(), nullptr) != 1) {
    return credentialsError("trust anchors", creds.ca_file);
  }
  // Both end-points authenticate (TS-0003 Table 8.7.2.2-1: CertificateRequest, Certificate,
  // CertificateVerify): the Terminating End-Point requires the Initiating one's certificate.
  SSL_CTX_set_verify(raw, SSL_VERIFY_PEER | (terminating ? SSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0),
                     nullptr);
  return context;
}

EscertkeContext::~EscertkeContext() { SSL_CTX_free(context_); }

TunnelledHandshake::TunnelledHandshake(std::shared_ptr<EscertkeContext> context)
    : context_(std::move(context)) {
  ssl_ = SSL_new(context_->get());
  in_ = BIO_new(BIO_s_mem());
  out_ = BIO_new(BIO_s_mem());
  if (ssl_ == nullptr || in_ == nullptr || out_ == nullptr) return;
  BIO_set_mem_eof_return(in_, -1);  // an empty input is "more to come", not end of stream
  SSL_set_bio(ssl_, in_, out_);
  if (context_->terminating()) {
    SSL_set_accept_state(ssl_);
  } else {
    SSL_set_connect_state(ssl_);
  }
}

TunnelledHandshake::~TunnelledHandshake() {
  if (ssl_ != nullptr) {
    SSL_free(ssl_);  // frees both BIOs
  } else {
    BIO_free(in_);
    BIO_free(out_);
  }
}

Result<std::string> TunnelledHandshake::advance(std::string_view incoming) {
  if (ssl_ == nullptr || in_ == nullptr || out_ == nullptr) {
    return Status::internal("no TLS state for ESCertKE", "escertke.context");
  }
  if (incoming.size() > kMaxMessageBytes) {
    return Status::badRequest("an ESCertKE Message is at most 64 KiB", "escertke.too_large");
  }
  if (finished_) {
    return Status::badRequest("the ESCertKE handshake has already finished",
                              "escertke.finished");
  }
  if (!incoming.empty() &&
      BIO_write(in_, incoming.data(), static_cast<int>(incoming.size())) !=
          static_cast<int>(incoming.size())) {
    return Status::internal("cannot buffer the ESCertKE Message", "escertke.buffer");
  }
  ERR_clear_error();
  int result = SSL_do_handshake(ssl_);
  if (result == 1) {
    finished_ = true;
  } else if (SSL_get_error(ssl_, result) != SSL_ERROR_WANT_READ) {
    long verify = SSL_get_verify_result(ssl_);
    std::string reason = verify != X509_V_OK
                             ? std::string("certificate: ") +
                                   X509_verify_cert_error_string(verify)
                             : openSslReason();
    return Status(Rsc::kOriginatorNotAuthenticated, "the ESCertKE handshake failed: " + reason,
                  "escertke.handshake_failed");
  } else if (BIO_ctrl_pending(in_) > 0) {
    // Input left over while waiting for more: not the flight the handshake expected.
    return Status(Rsc::kOriginatorNotAuthenticated,
                  "the ESCertKE Message is not the TLS flight expected at this step",
                  "escertke.handshake_failed");
  }
  std::string outgoing(BIO_ctrl_pending(out_), '\0');
  if (!outgoing.empty() &&
      BIO_read(out_, outgoing.data(), static_cast<int>(outgoing.size())) !=
          static_cast<int>(outgoing.size())) {
    return Status::internal("cannot read the ESCertKE Message to send", "escertke.buffer");
  }
  return outgoing;
}

std::string TunnelledHandshake::peerIdentity() const {
  if (!finished_) return "";
  std::vector<std::string> uris = tls::subjectAltNameUris(SSL_get0_peer_certificate(ssl_));
  return uris.empty() ? "" : uris.front();
}

Result<E2EKey> TunnelledHandshake::exportKey() const {
  if (!finished_) {
    return Status::internal("the ESCertKE handshake has not finished", "escertke.not_finished");
  }
  CITADEL_ASSIGN_OR_RETURN(
      std::string exported,
      enrolment::exportKeyingMaterial(ssl_, enrolment::kEscertkeExporterLabel));
  auto split = enrolment::splitExportedKey(exported);
  OPENSSL_cleanse(exported.data(), exported.size());
  if (!split.isOk()) return split.status();
  E2EKey key;
  key.key_id = enrolment::toHex(split.value().relative_key_id);
  key.key = std::move(split.value().ke);
  return key;
}

bool isClientHello(std::string_view message) {
  // TLS record: type 22 (handshake), version 3.x, length; then handshake type 1 (ClientHello).
  return message.size() > 5 && static_cast<unsigned char>(message[0]) == 22 &&
         static_cast<unsigned char>(message[1]) == 3 && static_cast<unsigned char>(message[5]) == 1;
}

}  // namespace citadel::security::escertke
