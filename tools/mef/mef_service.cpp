#include "tools/mef/mef_service.h"

#include <openssl/crypto.h>

#include <nlohmann/json.hpp>

#include "cse/model/log.h"
#include "security/enrolment/tls_key_export.h"
#include "security/mef_client/est_messages.h"
#include "security/token/base64url.h"

namespace citadel::tools::mef {
namespace {

namespace enrolment = security::enrolment;

// An Enrolee sees at most this many of its enrolments in one answer.
constexpr size_t kMaxListed = 256;
// TS-0003 §8.3.2.1 step f: /fetchCredentials/<KeID>/<security-usage-identifier>.
constexpr std::string_view kFetchPrefix = "/fetchCredentials/";
// RFC 7030 §3.2.2: the EST operations under /.well-known/est/ (no CA label).
constexpr std::string_view kEstPrefix = "/.well-known/est/";
constexpr std::string_view kPkcs7CertsOnly = "application/pkcs7-mime; smime-type=certs-only";
// One answer for every fetch that finds no valid key for this target (see mef_service.h).
constexpr std::string_view kNoKey = "no valid key of this KeID and SUID for this Enrolment Target";

HttpReply failure(int code, std::string_view reason, std::string_view error) {
  return {code, std::string(reason), formatFailure(error)};
}

HttpReply fromStatus(const model::Status& status) {
  switch (status.rsc()) {
    case model::Rsc::kBadRequest:
      return failure(400, "Bad Request", status.dbg());
    case model::Rsc::kOriginatorHasNoPrivilege:
      return failure(403, "Forbidden", status.dbg());
    case model::Rsc::kConflict:
      return failure(409, "Conflict", "the key ID was issued before; bootstrap again");
    default:
      return failure(500, "Internal Server Error", "the MEF could not complete the request");
  }
}

int64_t epochSeconds(model::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

model::Status MefCredentials::check() const {
  for (const BootstrapPsks* psks : {&enrolees, &targets, &admins}) {
    for (const std::string& identity : psks->identities()) {
      if (identity.starts_with(kCertificateSessionPrefix)) {
        return model::Status::badRequest("the PSK identity " + identity + " begins with '" +
                                             std::string(kCertificateSessionPrefix) +
                                             "', which names certificate sessions",
                                         "mef.psk_file");
      }
    }
  }
  for (const std::string& identity : admins.identities()) {
    if (enrolees.contains(identity) || targets.contains(identity)) {
      return model::Status::badRequest(
          "the identity " + identity + " is an administrator's and an Enrolee's or target's",
          "mef.psk_file");
    }
  }
  for (const std::string& identity : targets.identities()) {
    if (enrolees.contains(identity)) {
      return model::Status::badRequest(
          "the identity " + identity + " is both an Enrolee's and a target's",
          "mef.psk_file");
    }
    if (!enrolment::encodeIdentifier(targets.boundId(identity)).isOk()) {
      return model::Status::badRequest("the target credential " + identity +
                                           " names no target FQDN (third field)",
                                       "mef.psk_file");
    }
  }
  return {};
}

std::optional<std::string> MefCredentials::key(std::string_view identity) const {
  if (auto key = enrolees.find(identity)) return key;
  if (auto key = admins.find(identity)) return key;
  return targets.find(identity);
}

HttpReply MefService::handleSession(const HttpMessage& request, SSL* ssl,
                                    const AuthenticatedPeer& peer) {
  BootstrapSession session;
  session.certificate_uri = peer.certificate_uri;
  session.certificate_serial = peer.certificate_serial;
  session.certificate_dns = peer.certificate_dns;
  if (!peer.certificate_uri.empty() && issued_.isCertificateRevoked(peer.certificate_serial)) {
    LOG_WARN("MEF: " << peer.address << " refused: its certificate " << peer.certificate_serial
                     << " is revoked");
    return failure(403, "Forbidden", "this certificate is revoked");
  }
  session.kpm_id = peer.certificate_uri.empty()
                       ? peer.psk_identity
                       : std::string(kCertificateSessionPrefix) + peer.certificate_uri;
  auto exported = enrolment::exportKeyingMaterial(ssl, enrolment::kBootstrapExporterLabel);
  if (!exported.isOk()) return fromStatus(exported.status());
  auto key = enrolment::splitExportedKey(exported.value());
  OPENSSL_cleanse(exported.value().data(), exported.value().size());
  if (!key.isOk()) return fromStatus(key.status());
  session.key = std::move(key).value();
  if (auto challenge = sessionChallengePassword(ssl); challenge.isOk()) {
    session.challenge_password = std::move(challenge).value();
  }
  HttpReply reply = handle(request, session);
  OPENSSL_cleanse(session.key.ke.data(), session.key.ke.size());
  return reply;
}

HttpReply MefService::handle(const HttpMessage& request, const BootstrapSession& session) {
  std::string_view target = request.second;
  // Public to every authenticated session: the CRL of the certificates EST issued.
  if (target == "/crl") {
    if (request.first != "GET") return failure(405, "Method Not Allowed", "use GET");
    return crl();
  }
  if (credentials_.admins.contains(session.kpm_id)) {
    if (target != "/admin/revoke") {
      return failure(404, "Not Found", "unknown path; an administrator's session serves "
                                       "/admin/revoke and /crl");
    }
    if (request.first != "POST") return failure(405, "Method Not Allowed", "use POST");
    return revoke(request, session);
  }
  // The role is the credential's: a target's session may only fetch, an Enrolee's only enrol;
  // each sees the other's paths as unknown.
  if (credentials_.targets.contains(session.kpm_id)) {
    if (!target.starts_with(kFetchPrefix)) {
      return failure(404, "Not Found", "unknown path; a target's session serves /fetchCredentials");
    }
    if (request.first != "GET") return failure(405, "Method Not Allowed", "use GET");
    return fetchCredentials(request, session, credentials_.targets.boundId(session.kpm_id));
  }
  // An Enrolment Target authenticated by its certificate (TS-0003 §8.3.2.1 step f: "the PSK
  // credentials or certificate ... pre-configured between the Enrolment Target and the MEF"):
  // its one DNS name, a CSE-ID certificate's public domain name, is its Enrolment-Target-ID.
  if (target.starts_with(kFetchPrefix) && settings_.certificate_targets &&
      !session.certificate_dns.empty()) {
    if (request.first != "GET") return failure(405, "Method Not Allowed", "use GET");
    return fetchCredentials(request, session, session.certificate_dns);
  }
  if (target.starts_with(kEstPrefix)) return est(request, session);
  if (target == "/bootstrap") {
    if (request.first != "POST") return failure(405, "Method Not Allowed", "use POST");
    return bootstrap(request, session);
  }
  if (target == "/enrolments") {
    if (request.first != "GET") return failure(405, "Method Not Allowed", "use GET");
    return listEnrolments(session);
  }
  return failure(404, "Not Found", "unknown path; the MEF serves /bootstrap and /enrolments");
}

HttpReply MefService::bootstrap(const HttpMessage& request, const BootstrapSession& session) {
  auto parsed = parseBootstrapRequest(request.body);
  if (!parsed.isOk()) return fromStatus(parsed.status());
  const BootstrapRequest& asked = parsed.value();
  auto key_id = enrolment::makeKeyId(session.key.relative_key_id, settings_.fqdn);
  if (!key_id.isOk()) return fromStatus(key_id.status());
  // Derive now, before anything is stored: a target or SUID the KDF refuses is the Enrolee's
  // error (400), and the MEF keeps no record of a key it could never hand out.
  auto key = enrolment::deriveUsageConstrainedKey(session.key.ke, asked.suid, asked.target);
  if (!key.isOk()) return fromStatus(key.status());

  IssuedKey issued;
  issued.ke = session.key.ke;
  issued.kpm_id = session.kpm_id;
  issued.enrolee_id = enroleeIdOf(session);
  Enrolment& e = issued.enrolment;
  e.key_id = key_id.value();
  e.target = asked.target;
  e.suid = asked.suid;
  model::TimePoint now = clock_.now();
  e.issued = epochSeconds(now);
  e.expires = epochSeconds(now + settings_.lifetime);
  e.ke_confirmation = enrolment::toHex(enrolment::keyConfirmation(issued.ke, e.key_id));
  model::Status recorded = issued_.record(issued);
  OPENSSL_cleanse(issued.ke.data(), issued.ke.size());
  if (!recorded.isOk()) {
    LOG_ERROR("MEF: recording " << e.key_id << " failed: " << recorded.dbg());
    return fromStatus(recorded);
  }
  BootstrapAnswer answer{e, enrolment::toHex(enrolment::keyConfirmation(key.value(), e.key_id)),
                         issued.enrolee_id};
  OPENSSL_cleanse(key.value().data(), key.value().size());
  // Identifiers only: the KpmID and target passed the printable-ASCII checks above.
  LOG_INFO("MEF: issued " << e.key_id << " to " << session.kpm_id << " for " << e.target
                          << " suid " << e.suid);
  return {200, "OK", formatBootstrapAnswer(answer)};
}

HttpReply MefService::listEnrolments(const BootstrapSession& session) {
  auto listed = issued_.listFor(session.kpm_id, kMaxListed);
  if (!listed.isOk()) {
    LOG_ERROR("MEF: listing enrolments failed: " << listed.status().dbg());
    return fromStatus(listed.status());
  }
  return {200, "OK", formatEnrolmentList(listed.value())};
}

HttpReply MefService::fetchCredentials(const HttpMessage& request,
                                       const BootstrapSession& session,
                                       const std::string& target_id) {
  // Step f: the originator names the Enrolment Target; it must be the one the credential
  // proves, or a target could ask in another's name.
  auto origin = request.headers.find("x-m2m-origin");
  if (origin == request.headers.end() || origin->second != target_id) {
    LOG_WARN("MEF: fetch by " << session.kpm_id << " refused: X-M2M-Origin is not its target "
                              << target_id);
    return failure(403, "Forbidden", "X-M2M-Origin must be the credential's Enrolment Target");
  }
  std::string_view rest = std::string_view(request.second).substr(kFetchPrefix.size());
  size_t slash = rest.rfind('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == rest.size() ||
      rest.size() - slash > 3) {
    return failure(400, "Bad Request", "expected /fetchCredentials/<KeID>/<suid>");
  }
  std::string key_id(rest.substr(0, slash));
  int suid = 0;
  for (char c : rest.substr(slash + 1)) {
    if (c < '0' || c > '9') return failure(400, "Bad Request", "the SUID must be decimal");
    suid = suid * 10 + (c - '0');
  }
  // Only KeIDs of this MEF are looked up; the rest cannot be ours (and need no storage read).
  std::string suffix = "@" + settings_.fqdn;
  if (!enrolment::encodeIdentifier(key_id).isOk() || !key_id.ends_with(suffix)) {
    return failure(404, "Not Found", kNoKey);
  }
  auto found = issued_.find(key_id);
  if (!found.isOk()) {
    LOG_ERROR("MEF: reading " << key_id << " failed: " << found.status().dbg());
    return fromStatus(found.status());
  }
  std::optional<IssuedKey>& issued = found.value();
  const int64_t now = epochSeconds(clock_.now());
  const char* refusal = nullptr;
  if (!issued) {
    refusal = "unknown KeID";
  } else if (issued->enrolment.target != target_id) {
    // A target must never obtain a key issued for another target (§8.3.2.1 step f ii).
    refusal = "issued for another target";
  } else if (issued->enrolment.suid != suid) {
    refusal = "issued for another SUID";
  } else if (issued->enrolment.expires <= now) {
    refusal = "expired";
  } else if (issued->enrolee_id.empty()) {
    refusal = "no Enrolee-ID configured for its Enrolee";
  } else if (issued_.isKeyRevoked(key_id)) {
    refusal = "revoked";
  }
  if (refusal != nullptr) {
    if (issued) OPENSSL_cleanse(issued->ke.data(), issued->ke.size());
    LOG_WARN("MEF: fetch of " << key_id << " suid " << suid << " by " << target_id
                              << " refused: " << refusal);
    return failure(404, "Not Found", kNoKey);
  }
  auto key = enrolment::deriveUsageConstrainedKey(issued->ke, suid, target_id);
  OPENSSL_cleanse(issued->ke.data(), issued->ke.size());
  if (!key.isOk()) return fromStatus(key.status());
  FetchAnswer answer;
  answer.key_id = key_id;
  answer.suid = suid;
  answer.key = std::move(key).value();
  answer.enrolee_id = issued->enrolee_id;
  answer.expires = issued->enrolment.expires;
  answer.lifetime = issued->enrolment.expires - now;  // > 0: checked above
  std::string body = formatFetchAnswer(answer);
  OPENSSL_cleanse(answer.key.data(), answer.key.size());
  LOG_INFO("MEF: " << target_id << " fetched " << key_id << " suid " << suid << " for "
                   << answer.enrolee_id);
  return {200, "OK", std::move(body)};
}

std::string MefService::enroleeIdOf(const BootstrapSession& session) const {
  if (!session.certificate_uri.empty()) return session.certificate_uri;
  return credentials_.enrolees.boundId(session.kpm_id);
}

std::string MefService::entitledUri(const BootstrapSession& session) const {
  std::string id = enroleeIdOf(session);
  if (id.empty()) return "";
  if (id.starts_with("//")) return id;  // already absolute
  if (settings_.sp_id.empty()) return "";
  // TS-0001 §7.2: an SP-relative ID ("/cse-id", "Sae") under "//SP-ID".
  return "//" + settings_.sp_id + (id.starts_with("/") ? "" : "/") + id;
}

HttpReply MefService::est(const HttpMessage& request, const BootstrapSession& session) {
  if (est_ == nullptr) {
    return failure(404, "Not Found", "this MEF does not enrol certificates (no --est.* CA)");
  }
  std::string_view operation = std::string_view(request.second).substr(kEstPrefix.size());
  auto base64Reply = [](std::string_view der, std::string content_type) {
    HttpReply reply{200, "OK", security::token::encodeBase64(der), std::move(content_type)};
    return reply;
  };
  if (operation == "cacerts" || operation == "csrattrs") {
    if (request.first != "GET") return failure(405, "Method Not Allowed", "use GET");
    if (operation == "csrattrs") return base64Reply(csrAttributesDer(), "application/csrattrs");
    auto pkcs7 = certsOnlyPkcs7({est_->caCertificateDer()});
    if (!pkcs7.isOk()) return fromStatus(pkcs7.status());
    return base64Reply(pkcs7.value(), std::string(kPkcs7CertsOnly));
  }
  if (operation != "simpleenroll" && operation != "simplereenroll" &&
      operation != "serverkeygen") {
    return failure(404, "Not Found",
                   "unknown EST operation; this MEF serves cacerts, csrattrs, simpleenroll, "
                   "simplereenroll and serverkeygen");
  }
  if (request.first != "POST") return failure(405, "Method Not Allowed", "use POST");
  std::string uri = entitledUri(session);
  if (uri.empty()) {
    LOG_WARN("MEF: EST refused for " << session.kpm_id << ": no absolute Enrolee-ID");
    return failure(403, "Forbidden",
                   "this bootstrap credential is bound to no absolute Enrolee-ID (give it one in "
                   "the PSK file, or start the MEF with --sp-id)");
  }
  std::optional<std::string> csr = decodeBase64(request.body);
  if (!csr) {
    return failure(400, "Bad Request", "the body must be a base64 PKCS#10 (RFC 7030 §4.2.1)");
  }
  ServerKeyEnrolment generated;
  model::Status refused;
  if (operation == "serverkeygen") {
    auto made = est_->enrolWithServerKey(*csr, uri, session.challenge_password, clock_.now());
    if (made.isOk()) {
      generated = std::move(made).value();
    } else {
      refused = made.status();
    }
  } else {
    auto issued = est_->enrol(*csr, uri, session.challenge_password, clock_.now());
    if (issued.isOk()) {
      generated.certificate = std::move(issued).value();
    } else {
      refused = issued.status();
    }
  }
  if (!refused.isOk()) {
    LOG_WARN("MEF: EST " << operation << " by " << session.kpm_id << " refused: "
                         << refused.dbg());
    return fromStatus(refused);
  }
  const IssuedCertificate& certificate = generated.certificate;
  // Recorded before it is answered: a certificate the Enrolee holds is one the MEF knows.
  if (model::Status recorded = issued_.recordCertificate(
          certificate.serial_hex, session.kpm_id, uri, certificate.not_after, certificate.der);
      !recorded.isOk()) {
    return fromStatus(recorded.rsc() == model::Rsc::kConflict
                          ? model::Status::internal("serial collision", "est.sign")
                          : recorded);
  }
  LOG_INFO("MEF: EST " << operation << " issued serial " << certificate.serial_hex << " to "
                       << session.kpm_id << " for " << uri);
  auto pkcs7 = certsOnlyPkcs7({certificate.der});
  if (!pkcs7.isOk()) return fromStatus(pkcs7.status());
  if (operation != "serverkeygen") return base64Reply(pkcs7.value(), std::string(kPkcs7CertsOnly));
  // RFC 7030 §4.4.2: the private key (PKCS#8, protected by this TLS session alone, since the
  // CSR asked for no further encryption) and the certificate, as multipart/mixed. The boundary
  // cannot occur in base64.
  std::string key_base64 = security::token::encodeBase64(generated.private_key_pkcs8);
  std::string body = "--est\r\nContent-Type: application/pkcs8\r\n"
                     "Content-Transfer-Encoding: base64\r\n\r\n" + key_base64 +
                     "\r\n--est\r\nContent-Type: " + std::string(kPkcs7CertsOnly) +
                     "\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
                     security::token::encodeBase64(pkcs7.value()) + "\r\n--est--\r\n";
  OPENSSL_cleanse(key_base64.data(), key_base64.size());
  return {200, "OK", std::move(body), "multipart/mixed; boundary=est"};
}

HttpReply MefService::revoke(const HttpMessage& request, const BootstrapSession& session) {
  // {"keId": "<KeID>"} or {"serial": "<hex>"}: exactly one.
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || body.size() != 1 ||
      !(body.contains("keId") || body.contains("serial")) || !body.begin()->is_string()) {
    return failure(400, "Bad Request", "expected {\"keId\": KeID} or {\"serial\": hex}");
  }
  const std::string what = body.begin().key();
  const std::string id = body.begin()->get<std::string>();
  if (!enrolment::encodeIdentifier(id).isOk()) {
    return failure(400, "Bad Request", what + ": expected printable ASCII");
  }
  int64_t now = epochSeconds(clock_.now());
  model::Status revoked = what == "keId" ? issued_.revokeKey(id, now)
                                         : issued_.revokeCertificate(id, now);
  if (revoked.rsc() == model::Rsc::kNotFound) {
    return failure(404, "Not Found", "this MEF issued no such " +
                                         std::string(what == "keId" ? "key" : "certificate"));
  }
  if (!revoked.isOk()) return fromStatus(revoked);
  LOG_WARN("MEF: " << session.kpm_id << " revoked " << what << " " << id);
  return {200, "OK", nlohmann::json{{"status", true}, {what, id}}.dump()};
}

HttpReply MefService::crl() {
  if (est_ == nullptr) {
    return failure(404, "Not Found", "this MEF issues no certificates (no --est.* CA)");
  }
  auto revoked = issued_.revokedCertificates();
  if (!revoked.isOk()) return fromStatus(revoked.status());
  std::vector<std::pair<std::string, int64_t>> entries;
  for (const auto& entry : revoked.value()) entries.emplace_back(entry.serial_hex, entry.when);
  // A week: operators fetch it again well before (citadel-mef-client crl).
  auto pem = est_->crlPem(entries, clock_.now(), std::chrono::hours(24 * 7));
  if (!pem.isOk()) return fromStatus(pem.status());
  return {200, "OK", std::move(pem).value(), "application/pkix-crl"};
}

}  // namespace citadel::tools::mef
