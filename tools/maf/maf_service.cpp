#include "tools/maf/maf_service.h"

#include <openssl/crypto.h>

#include <algorithm>

#include "cse/model/log.h"
#include "cse/random/random_id.h"
#include "security/enrolment/enrolment_keys.h"
#include "security/enrolment/tls_key_export.h"
#include "security/mef_client/bootstrap_messages.h"

namespace citadel::tools::maf {
namespace {

using security::mef::MafMessage;
using security::mef::parseMafMessage;
using security::mef::formatMafMessage;
namespace shapes = security::mef::maf_shapes;

constexpr std::string_view kPrefix = "/maf/";
constexpr size_t kExportedBytes = 48;  // §10.3.1: KcID (16) then Kc (32)
constexpr size_t kKcIdBytes = 16;
// One answer for every registration that is unknown, expired or another client's.
constexpr std::string_view kNoRegistration = "no MAF Client Registration of this ID for you";
// The same for keys: unknown, expired, or not one this client may use.
constexpr std::string_view kNoKey = "no key of this RelativeKeyID for you";

model::Status forbidden(std::string dbg) {
  return {model::Rsc::kOriginatorHasNoPrivilege, std::move(dbg), "maf.forbidden"};
}

HttpReply reply(int code, std::string_view reason, std::string_view error) {
  return {code, std::string(reason), security::mef::formatFailure(error)};
}

HttpReply fromStatus(const model::Status& status) {
  switch (status.rsc()) {
    case model::Rsc::kBadRequest:
      return reply(400, "Bad Request", status.dbg());
    case model::Rsc::kOriginatorHasNoPrivilege:
      return reply(403, "Forbidden", status.dbg());
    case model::Rsc::kNotFound:
      return reply(404, "Not Found", status.dbg());
    case model::Rsc::kConflict:
      return reply(409, "Conflict", status.dbg());
    default:
      return reply(500, "Internal Server Error", "the MAF could not complete the request");
  }
}

// A storage condition that failed because another request changed the record in between.
model::Status raced(const model::Status& written) {
  if (written.rsc() == model::Rsc::kConflict) {
    return model::Status::conflict("the record changed meanwhile; send the request again",
                                   "maf.raced");
  }
  return written;
}

std::string randomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  random::fillUnguessable(raw.data(), raw.size());
  return security::enrolment::toHex(raw);
}

model::Status checkTargets(int suid, const std::vector<std::string>& targets) {
  // §8.8.2.7 step 3: SAEF (32) and ESPrim (33) name exactly one target; ESData any number.
  if ((suid == 32 || suid == 33) && targets.size() != 1) {
    return model::Status::badRequest(
        "targetIDs: a SAEF or ESPrim key (SUID 32, 33) names exactly one Target MAF Client",
        "maf.targets");
  }
  for (const std::string& target : targets) {
    if (!isAbsoluteEntityId(target)) {
      return model::Status::badRequest(
          "targetIDs: every entry must be an Absolute AE-ID or CSE-ID (//SP-ID/...)",
          "maf.targets");
    }
  }
  return {};
}

}  // namespace

HttpReply MafService::handleSession(const HttpMessage& request, SSL* ssl,
                                    const mef::AuthenticatedPeer& peer) {
  MafSession session;
  if (!peer.certificate_uri.empty()) {
    session.client_id = peer.certificate_uri;
  } else if (std::optional<PskIdentity> psk = resolvePsk(peer.psk_identity)) {
    session.client_id = psk->client_id;
    if (psk->provisioned) session.provisioned_km = psk->key;
  }
  if (!isAbsoluteEntityId(session.client_id)) {
    // MafCredentials::load checked every KmID's; a certificate, or the Enrolee-ID the MEF
    // recorded for a KeID, may name anything.
    LOG_WARN("MAF: " << peer.address << " refused: its identity is no Absolute AE-ID or CSE-ID");
    return reply(403, "Forbidden",
                 "the MAF Client ID (the certificate's URI, or the Enrolee-ID of a KeID) must "
                 "be an Absolute AE-ID or CSE-ID (//SP-ID/...)");
  }
  session.export_connection_key = [ssl] {
    return security::enrolment::exportKeyingMaterial(
        ssl, security::enrolment::kConnectionExporterLabel);
  };
  return handle(request, session);
}

HttpReply MafService::handle(const HttpMessage& request, const MafSession& session) {
  std::string_view target = request.second;
  using Procedure = Answer (MafService::*)(const std::string&, const MafSession&);
  static const std::pair<std::string_view, Procedure> kProcedures[] = {
      {"clientRegistration", &MafService::clientRegistration},
      {"clientConfigurationRetrieval", &MafService::clientConfiguration},
      {"clientRegistrationUpdate", &MafService::clientUpdate},
      {"clientDeregistration", &MafService::clientDeregistration},
      {"keyRegistration", &MafService::keyRegistration},
      {"keyRetrieval", &MafService::keyRetrieval},
      {"keyRegistrationUpdate", &MafService::keyUpdate},
      {"keyDeregistration", &MafService::keyDeregistration},
  };
  if (target.starts_with(kPrefix)) {
    std::string_view name = target.substr(kPrefix.size());
    for (const auto& [procedure, method] : kProcedures) {
      if (name != procedure) continue;
      if (request.first != "POST") return reply(405, "Method Not Allowed", "use POST");
      if (!session.provisioned_km.empty() && name != "clientRegistration" &&
          name != "clientRegistrationUpdate") {
        return reply(403, "Forbidden",
                     "a key provisioned by the MEF registers (or updates a registration) only; "
                     "authenticate with the assigned KmID (assignedSymmKeyID) for the rest");
      }
      Answer answer = (this->*method)(request.body, session);
      if (!answer.isOk()) return fromStatus(answer.status());
      return {200, "OK", std::move(answer).value()};
    }
  }
  return reply(404, "Not Found", "unknown path; the MAF's procedures are POST /maf/<procedure>");
}

MafService::PskIdentity::~PskIdentity() { OPENSSL_cleanse(key.data(), key.size()); }

std::optional<MafService::PskIdentity> MafService::resolvePsk(std::string_view identity) {
  if (auto key = credentials_.key(identity)) {
    return PskIdentity{std::move(*key), credentials_.clientId(identity), false};
  }
  if (auto km = records_.findKm(identity); km.isOk() && km.value()) {
    // An expired assigned KmID authenticates nothing (and is not looked up further).
    if (km.value()->expires <= now()) return std::nullopt;
    return PskIdentity{km.value()->key, km.value()->client_id, false};
  }
  if (provisioned_ != nullptr) {
    if (auto credential = provisioned_->find(identity)) {
      return PskIdentity{std::move(credential->key), std::move(credential->originator), true};
    }
  }
  return std::nullopt;
}

std::optional<std::string> MafService::pskKey(std::string_view identity) {
  std::optional<PskIdentity> psk = resolvePsk(identity);
  if (!psk) return std::nullopt;
  return psk->key;
}

KmRecord MafService::assignKm(const MafSession& session, int64_t expires) const {
  KmRecord km;
  km.km_id = "km-" + randomHex(16) + "@" + settings_.fqdn;
  km.key = session.provisioned_km;
  km.client_id = session.client_id;
  km.expires = expires;
  return km;
}

int64_t MafService::now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch())
      .count();
}

model::Status MafService::checkAddressed(const MafMessage& message) const {
  if (message.maf_fqdn && *message.maf_fqdn != settings_.fqdn) {
    return model::Status::badRequest("mafFQDN: this MAF is " + settings_.fqdn, "maf.wrong_maf");
  }
  if (message.admin_fqdn && !settings_.admin_fqdns.contains(*message.admin_fqdn)) {
    return forbidden("adminFQDN: this MAF serves no such administrating stakeholder");
  }
  return {};
}

model::Result<int64_t> MafService::expiration(int64_t asked, std::chrono::seconds max) const {
  const int64_t current = now();
  if (asked <= current) {
    return model::Status::badRequest("expirationTime: must lie in the future", "maf.expired");
  }
  return std::min(asked, current + static_cast<int64_t>(max.count()));
}

model::Result<ClientRecord> MafService::ownClient(const std::string& reg_id,
                                                  const MafSession& session) {
  CITADEL_ASSIGN_OR_RETURN(std::optional<ClientRecord> record, records_.findClient(reg_id));
  const char* refusal = nullptr;
  if (!record) {
    refusal = "unknown";
  } else if (record->client_id != session.client_id) {
    refusal = "another client's";
  } else if (record->expires <= now()) {
    refusal = "expired";
  }
  if (refusal != nullptr) {
    LOG_WARN("MAF: registration " << reg_id << " refused to " << session.client_id << ": "
                                  << refusal);
    return model::Status::notFound(std::string(kNoRegistration), "maf.no_registration");
  }
  return std::move(*record);
}

model::Result<KeyRecord> MafService::ownKey(const std::string& id, const MafSession& session) {
  CITADEL_ASSIGN_OR_RETURN(std::optional<KeyRecord> record, records_.findKey(id));
  const char* refusal = nullptr;
  if (!record) {
    refusal = "unknown";
  } else if (record->source_client_id != session.client_id) {
    refusal = "not its source";
  } else if (record->expires <= now()) {
    refusal = "expired";
  }
  if (refusal != nullptr) {
    LOG_WARN("MAF: key " << id << " refused to " << session.client_id << ": " << refusal);
    return model::Status::notFound(std::string(kNoKey), "maf.no_key");
  }
  return std::move(*record);
}

MafService::Answer MafService::clientRegistration(const std::string& body,
                                                  const MafSession& session) {
  CITADEL_ASSIGN_OR_RETURN(MafMessage asked,
                           parseMafMessage(body, shapes::kClientRegistration, false));
  CITADEL_RETURN_IF_ERROR(checkAddressed(asked));
  ClientRecord record;
  record.reg_id = randomHex(16);
  record.client_id = session.client_id;
  record.admin_fqdn = *asked.admin_fqdn;
  record.labels = asked.labels;
  CITADEL_ASSIGN_OR_RETURN(record.expires,
                           expiration(*asked.expiration_time,
                                      settings_.max_registration_lifetime));
  CITADEL_ASSIGN_OR_RETURN(std::optional<ClientRecord> previous,
                           records_.clientOf(record.client_id, record.admin_fqdn));
  if (previous && previous->expires > now()) {
    return model::Status::conflict("already registered with this administrating stakeholder as " +
                                       previous->reg_id + "; update or de-register it",
                                   "maf.registered");
  }
  std::optional<KmRecord> km;
  if (!session.provisioned_km.empty()) {
    // §8.8.2.3: a Km from the MEF gets a KmID (§10.6) the client uses from now on.
    km = assignKm(session, record.expires);
    record.km_id = km->km_id;
  }
  CITADEL_RETURN_IF_ERROR(raced(
      records_.addClient(record, previous ? &*previous : nullptr, km ? &*km : nullptr)));
  LOG_INFO("MAF: registered " << record.client_id << " with " << record.admin_fqdn << " as "
                              << record.reg_id);
  MafMessage answer;
  answer.client_reg_id = record.reg_id;
  answer.labels = record.labels;
  answer.expiration_time = record.expires;
  answer.client_id = record.client_id;
  answer.admin_fqdn = record.admin_fqdn;
  if (!record.km_id.empty()) answer.assigned_km_id = record.km_id;
  return formatMafMessage(answer, true);
}

MafService::Answer MafService::clientConfiguration(const std::string& body,
                                                   const MafSession& session) {
  CITADEL_ASSIGN_OR_RETURN(MafMessage asked,
                           parseMafMessage(body, shapes::kClientConfigurationRetrieval, false));
  CITADEL_RETURN_IF_ERROR(checkAddressed(asked));
  CITADEL_ASSIGN_OR_RETURN(ClientRecord record, ownClient(*asked.client_reg_id, session));
  auto config = settings_.client_configs.find(record.client_id);
  if (config == settings_.client_configs.end()) {
    return model::Status::notFound("no MAF Client Configuration is associated with this "
                                   "registration", "maf.no_configuration");
  }
  MafMessage answer;
  answer.client_config = config->second;
  return formatMafMessage(answer, true);
}

MafService::Answer MafService::clientUpdate(const std::string& body, const MafSession& session) {
  CITADEL_ASSIGN_OR_RETURN(MafMessage asked,
                           parseMafMessage(body, shapes::kClientRegistrationUpdate, false));
  CITADEL_RETURN_IF_ERROR(checkAddressed(asked));
  CITADEL_ASSIGN_OR_RETURN(ClientRecord before, ownClient(*asked.client_reg_id, session));
  ClientRecord after = before;
  MafMessage answer;  // Table 8.8.2.5-2: only what the request named
  if (asked.expiration_time) {
    CITADEL_ASSIGN_OR_RETURN(after.expires, expiration(*asked.expiration_time,
                                                       settings_.max_registration_lifetime));
    answer.expiration_time = after.expires;
  }
  if (asked.labels) {
    after.labels = asked.labels;
    answer.labels = asked.labels;
  }
  std::optional<KmRecord> km;
  if (!session.provisioned_km.empty()) {
    // §8.8.2.5: a new Km from the MEF, a new KmID; the old one stops working.
    km = assignKm(session, after.expires);
    after.km_id = km->km_id;
    answer.assigned_km_id = km->km_id;
  } else if (!before.km_id.empty() && after.expires != before.expires) {
    // The assigned Km lives as long as the registration.
    CITADEL_ASSIGN_OR_RETURN(km, records_.findKm(before.km_id));
    if (km) km->expires = after.expires;
  }
  CITADEL_RETURN_IF_ERROR(raced(records_.updateClient(before, after, km ? &*km : nullptr)));
  LOG_INFO("MAF: updated registration " << after.reg_id << " of " << after.client_id);
  return formatMafMessage(answer, true);
}

MafService::Answer MafService::clientDeregistration(const std::string& body,
                                                    const MafSession& session) {
  CITADEL_ASSIGN_OR_RETURN(MafMessage asked,
                           parseMafMessage(body, shapes::kClientDeregistration, false));
  CITADEL_RETURN_IF_ERROR(checkAddressed(asked));
  CITADEL_ASSIGN_OR_RETURN(ClientRecord record, ownClient(*asked.client_reg_id, session));
  CITADEL_RETURN_IF_ERROR(raced(records_.removeClient(record)));
  LOG_INFO("MAF: de-registered " << record.reg_id << " of " << record.client_id);
  return formatMafMessage(MafMessage{}, true);
}

MafService::Answer MafService::keyRegistration(const std::string& body,
                                               const MafSession& session) {
  CITADEL_ASSIGN_OR_RETURN(MafMessage asked,
                           parseMafMessage(body, shapes::kKeyRegistration, false));
  CITADEL_RETURN_IF_ERROR(checkAddressed(asked));
  if (*asked.suid < 32 || *asked.suid > 35) {
    return model::Status::badRequest("suid: a MAF distributes keys of SUID 32 to 35 only",
                                     "maf.suid");
  }
  if (!asked.target_ids) {
    return model::Status::badRequest(
        "targetIDs: required (this MAF has no stakeholder policy to choose Target MAF Clients)",
        "maf.targets");
  }
  CITADEL_RETURN_IF_ERROR(checkTargets(*asked.suid, *asked.target_ids));
  // §8.8.2.7 pre-condition: the source registered with this stakeholder.
  CITADEL_ASSIGN_OR_RETURN(std::optional<ClientRecord> registration,
                           records_.clientOf(session.client_id, *asked.admin_fqdn));
  if (!registration || registration->expires <= now()) {
    return forbidden("register with this administrating stakeholder first (MAF Client "
                     "Registration, TS-0003 §8.8.2.3)");
  }
  KeyRecord record;
  if (asked.key_value) {
    record.key = *asked.key_value;
    record.relative_key_id = randomHex(kKcIdBytes);
  } else {
    if (!session.export_connection_key) {
      return model::Status::internal("no session to export the key from", "maf.export");
    }
    CITADEL_ASSIGN_OR_RETURN(std::string exported, session.export_connection_key());
    if (exported.size() != kExportedBytes) {
      OPENSSL_cleanse(exported.data(), exported.size());
      return model::Status::internal("the key export failed", "maf.export");
    }
    record.relative_key_id = security::enrolment::toHex(exported.substr(0, kKcIdBytes));
    record.key = exported.substr(kKcIdBytes);
    OPENSSL_cleanse(exported.data(), exported.size());
  }
  record.source_client_id = session.client_id;
  record.admin_fqdn = *asked.admin_fqdn;
  record.suid = *asked.suid;
  record.target_ids = *asked.target_ids;
  record.labels = asked.labels;
  CITADEL_ASSIGN_OR_RETURN(record.expires,
                           expiration(*asked.expiration_time, settings_.max_key_lifetime));
  model::Status added = records_.addKey(record);
  if (added.rsc() == model::Rsc::kConflict) {
    return model::Status::conflict("this RelativeKeyID was used before; register again",
                                   "maf.key_id_used");
  }
  CITADEL_RETURN_IF_ERROR(added);
  LOG_INFO("MAF: " << record.source_client_id << " registered key " << record.relative_key_id
                   << "@" << settings_.fqdn << " suid " << record.suid << " for "
                   << record.target_ids.size() << " target(s)");
  MafMessage answer;
  answer.relative_key_id = record.relative_key_id;
  answer.expiration_time = record.expires;
  answer.source_client_id = record.source_client_id;
  answer.labels = record.labels;
  answer.admin_fqdn = record.admin_fqdn;
  answer.suid = record.suid;
  answer.target_ids = record.target_ids;
  return formatMafMessage(answer, true);
}

MafService::Answer MafService::keyRetrieval(const std::string& body, const MafSession& session) {
  CITADEL_ASSIGN_OR_RETURN(MafMessage asked, parseMafMessage(body, shapes::kKeyRetrieval, false));
  const std::string& id = *asked.relative_key_id;
  CITADEL_ASSIGN_OR_RETURN(std::optional<KeyRecord> record, records_.findKey(id));
  const char* refusal = nullptr;
  if (!record) {
    refusal = "unknown";
  } else if (std::find(record->target_ids.begin(), record->target_ids.end(),
                       session.client_id) == record->target_ids.end()) {
    // §8.8.2.8: only the authorized Target MAF Clients, by their authenticated identity.
    refusal = "not a target";
  } else if (record->expires <= now()) {
    refusal = "expired";
  }
  if (refusal != nullptr) {
    LOG_WARN("MAF: retrieval of " << id << " by " << session.client_id << " refused: "
                                  << refusal);
    return model::Status::notFound(std::string(kNoKey), "maf.no_key");
  }
  MafMessage answer;
  answer.expiration_time = record->expires;
  answer.source_client_id = record->source_client_id;
  answer.labels = record->labels;
  answer.admin_fqdn = record->admin_fqdn;
  answer.suid = record->suid;
  answer.key_value = record->key;
  LOG_INFO("MAF: " << session.client_id << " retrieved key " << id << " of "
                   << record->source_client_id);
  return formatMafMessage(answer, true);
}

MafService::Answer MafService::keyUpdate(const std::string& body, const MafSession& session) {
  CITADEL_ASSIGN_OR_RETURN(MafMessage asked,
                           parseMafMessage(body, shapes::kKeyRegistrationUpdate, false));
  CITADEL_RETURN_IF_ERROR(checkAddressed(asked));
  CITADEL_ASSIGN_OR_RETURN(KeyRecord before, ownKey(*asked.relative_key_id, session));
  KeyRecord after = before;
  MafMessage answer;  // Table 8.8.2.9-2: only what the request named
  if (asked.expiration_time) {
    CITADEL_ASSIGN_OR_RETURN(after.expires,
                             expiration(*asked.expiration_time, settings_.max_key_lifetime));
    answer.expiration_time = after.expires;
  }
  if (asked.labels) {
    after.labels = asked.labels;
    answer.labels = asked.labels;
  }
  if (asked.target_ids) {
    CITADEL_RETURN_IF_ERROR(checkTargets(after.suid, *asked.target_ids));
    after.target_ids = *asked.target_ids;
    answer.target_ids = asked.target_ids;
  }
  CITADEL_RETURN_IF_ERROR(raced(records_.updateKey(before, after)));
  LOG_INFO("MAF: " << session.client_id << " updated key " << after.relative_key_id);
  return formatMafMessage(answer, true);
}

MafService::Answer MafService::keyDeregistration(const std::string& body,
                                                 const MafSession& session) {
  CITADEL_ASSIGN_OR_RETURN(MafMessage asked,
                           parseMafMessage(body, shapes::kKeyDeregistration, false));
  CITADEL_RETURN_IF_ERROR(checkAddressed(asked));
  CITADEL_ASSIGN_OR_RETURN(KeyRecord record, ownKey(*asked.relative_key_id, session));
  CITADEL_RETURN_IF_ERROR(raced(records_.removeKey(record)));
  LOG_INFO("MAF: " << session.client_id << " de-registered key " << record.relative_key_id);
  return formatMafMessage(MafMessage{}, true);
}

}  // namespace citadel::tools::maf
