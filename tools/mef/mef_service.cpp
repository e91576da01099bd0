#include "tools/mef/mef_service.h"

#include <openssl/crypto.h>

#include "cse/model/log.h"

namespace citadel::tools::mef {
namespace {

namespace enrolment = security::enrolment;

// An Enrolee sees at most this many of its enrolments in one answer.
constexpr size_t kMaxListed = 256;

HttpReply failure(int code, std::string_view reason, std::string_view error) {
  return {code, std::string(reason), formatFailure(error)};
}

HttpReply fromStatus(const model::Status& status) {
  switch (status.rsc()) {
    case model::Rsc::kBadRequest:
      return failure(400, "Bad Request", status.dbg());
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

HttpReply MefService::handle(const HttpMessage& request, const BootstrapSession& session) {
  std::string_view target = request.second;
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
  BootstrapAnswer answer{e, enrolment::toHex(enrolment::keyConfirmation(key.value(), e.key_id))};
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

}  // namespace citadel::tools::mef
