#pragma once
// What the MAF does with one request inside an authenticated MAF Handshake session: the MAF
// procedures of TS-0003 §8.8.2.3–§8.8.2.10, each a POST of its message (maf_messages.h) to
//
//   /maf/clientRegistration            §8.8.2.3   /maf/keyRegistration        §8.8.2.7
//   /maf/clientConfigurationRetrieval  §8.8.2.4   /maf/keyRetrieval           §8.8.2.8
//   /maf/clientRegistrationUpdate      §8.8.2.5   /maf/keyRegistrationUpdate  §8.8.2.9
//   /maf/clientDeregistration          §8.8.2.6   /maf/keyDeregistration      §8.8.2.10
//
// Authorization (the parts the text leaves to the MAF are marked "ours"):
//   - mafFQDN must be this MAF's; adminFQDN one of the stakeholders it serves (ours: a list in
//     the settings, 403 otherwise);
//   - a client registers once per stakeholder (ours: a second, unexpired one is 409; an expired
//     one is replaced); only the registering client reads, updates or ends its registration;
//   - a key registration needs the source's unexpired registration with that stakeholder (the
//     §8.8.2.7 pre-condition, 403); SUID 32..35 only (MAF-distributed keys); targetIDs are
//     Absolute AE-IDs or CSE-IDs, exactly one for SUID 32/33 (SAEF, ESPrim), one or more for
//     34/35 (ESData), and required (ours: this MAF has no stakeholder policy to choose them);
//   - the key is the request's keyValue, or else both ends export it from this session
//     (§10.3.1, "EXPORTER-oneM2M-Connection", 48 bytes: KcID the 16 most significant, Kc the 32
//     least significant; RelativeKeyID = hex(KcID), §10.3.5); a self-generated key gets a random
//     RelativeKeyID; either is never given out twice;
//   - only the Target MAF Clients listed (by their authenticated identity) retrieve a key; only
//     its source updates or de-registers it. Every "not yours", unknown and expired case is the
//     same 404 (a client learns nothing about registrations that are not its own); the MAF's log
//     says which (identities and IDs only, never a key);
//   - an expirationTime in the past is 400; a later one than the settings allow is shortened
//     (the MAF "may assign different values", and answers the value it keeps).
// Answers: 200 with the answer message, or {"status": false, "error"} with 400, 403, 404, 405,
// 409 or 500 (storage). Thread-safe: every request may run on its own thread.

#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "cse/model/clock.h"
#include "cse/model/psk_directory.h"
#include "security/mef_client/http_message.h"
#include "security/mef_client/maf_messages.h"
#include "tools/maf/maf_credentials.h"
#include "tools/maf/maf_records.h"
#include "tools/mef/tls_psk_server.h"

namespace citadel::tools::maf {

using security::mef::HttpMessage;
using mef::HttpReply;

struct MafSettings {
  std::string fqdn;                 // MAF-FQDN: key identifiers end in "@" + fqdn
  std::set<std::string> admin_fqdns;  // the administrating stakeholders served
  std::chrono::seconds max_registration_lifetime = std::chrono::hours(24 * 365);
  std::chrono::seconds max_key_lifetime = std::chrono::hours(24 * 30);
  // MAF Client Configurations (§8.8.2.4) by MAF Client ID, as the stakeholders provide them.
  std::map<std::string, nlohmann::json> client_configs;
};

// The session the MAF Handshake established.
struct MafSession {
  std::string client_id;  // the authenticated MAF Client ID (Absolute AE-ID or CSE-ID)
  // The 48 bytes of this session's "EXPORTER-oneM2M-Connection" export (a secret).
  std::function<model::Result<std::string>()> export_connection_key;
  // A session authenticated by a key the MEF provisioned for this MAF (a KeID, SUID 21,
  // §8.8.2.3): that key, which becomes the client's Km under the KmID the MAF assigns at
  // registration. Such a session may only register or update its registration. "" otherwise.
  std::string provisioned_km;
};

class MafService : public mef::SessionHandler {
 public:
  // `records` and `credentials` must outlive the service.
  // `provisioned` (may be nullptr): the keys of the MEF's KeIDs for this MAF (SUID 21), as a
  // TargetKeyDirectory fetches them. Everything must outlive the service.
  MafService(MafRecords& records, const model::Clock& clock, MafSettings settings,
             const MafCredentials& credentials, const model::PskDirectory* provisioned = nullptr)
      : records_(records), clock_(clock), settings_(std::move(settings)),
        credentials_(credentials), provisioned_(provisioned) {}

  // The TLS server's PSK lookup: resolvePsk's key.
  std::optional<std::string> pskKey(std::string_view identity);

  // The TLS server's entry: the MAF Client ID of the session (the KmID's, or the certificate's
  // URI, which must be an Absolute AE-ID or CSE-ID: 403 otherwise), then handle().
  HttpReply handleSession(const HttpMessage& request, SSL* ssl,
                          const mef::AuthenticatedPeer& peer) override;
  HttpReply handle(const HttpMessage& request, const MafSession& session);

  const MafSettings& settings() const { return settings_; }

 private:
  // Each procedure: the answer body, or the failure handle() maps to its HTTP status.
  using Answer = model::Result<std::string>;
  Answer clientRegistration(const std::string& body, const MafSession& session);
  Answer clientConfiguration(const std::string& body, const MafSession& session);
  Answer clientUpdate(const std::string& body, const MafSession& session);
  Answer clientDeregistration(const std::string& body, const MafSession& session);
  Answer keyRegistration(const std::string& body, const MafSession& session);
  Answer keyRetrieval(const std::string& body, const MafSession& session);
  Answer keyUpdate(const std::string& body, const MafSession& session);
  Answer keyDeregistration(const std::string& body, const MafSession& session);

  // What a PSK identity stands for, in this order: a pre-provisioned Km (--km-file), a Km the
  // MAF assigned a KmID to (unexpired), or a key the MEF provisioned for this MAF. One function
  // for the handshake's lookup and the session's identity, so the two never disagree.
  struct PskIdentity {
    std::string key;        // a secret
    std::string client_id;  // the MAF Client ID it authenticates
    bool provisioned = false;  // the MEF's key (MafSession::provisioned_km)
    ~PskIdentity();
  };
  std::optional<PskIdentity> resolvePsk(std::string_view identity);
  // The caller's own unexpired registration `reg_id`; 4004 otherwise.
  model::Result<ClientRecord> ownClient(const std::string& reg_id, const MafSession& session);
  // The key `id` if the caller is its source and it has not expired; 4004 otherwise.
  model::Result<KeyRecord> ownKey(const std::string& id, const MafSession& session);
  // mafFQDN is ours (400 otherwise) and, when given, adminFQDN a stakeholder we serve (403).
  model::Status checkAddressed(const security::mef::MafMessage& message) const;
  // `asked` (seconds since the epoch) if in the future, shortened to now + `max`; 400 if past.
  model::Result<int64_t> expiration(int64_t asked, std::chrono::seconds max) const;
  int64_t now() const;
  // A new KmID for the session's provisioned key, valid until `expires`.
  KmRecord assignKm(const MafSession& session, int64_t expires) const;

  MafRecords& records_;
  const model::Clock& clock_;
  const MafSettings settings_;
  const MafCredentials& credentials_;
  const model::PskDirectory* provisioned_;
};

}  // namespace citadel::tools::maf
