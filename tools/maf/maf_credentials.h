#pragma once
// The MAF's pre-provisioned Master Credentials (TS-0003 §8.8.3.1): a bootstrap_psk_file.h file,
// one 'KmID hexKm MAF-Client-ID' a line, mode 0600. Checked at load:
//   - KmID = MAF_RELATIVE_KmID@MAF-FQDN (§10.6): the relative part of letters, digits, '.', '_'
//     and '-', the FQDN this MAF's; the relative part is not case sensitive, so no two KmIDs
//     may differ only in case, and a handshake's psk_identity matches in any case;
//   - the MAF Client ID is an Absolute AE-ID or CSE-ID (//SP-ID/...): the identity the MAF
//     compares with a key's targetIDs.
// Immutable once loaded: thread-safe.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "cse/model/status.h"
#include "security/mef_client/bootstrap_psk_file.h"

namespace citadel::tools::maf {

class MafCredentials {
 public:
  // 4000 "maf.km_file" naming the file and the KmID (never a key); the errors of
  // BootstrapPsks::load.
  static model::Result<MafCredentials> load(const std::string& path, std::string_view maf_fqdn);
  static model::Result<MafCredentials> fromPsks(security::mef::BootstrapPsks psks,
                                                std::string_view maf_fqdn);

  // The Km of `km_id` (any case), or nullopt: the TLS server's lookup.
  std::optional<std::string> key(std::string_view km_id) const;
  // The MAF Client ID bound to `km_id` (any case); "" when unknown.
  std::string clientId(std::string_view km_id) const;
  size_t size() const { return psks_.size(); }

 private:
  security::mef::BootstrapPsks psks_;
  std::map<std::string, std::string, std::less<>> by_lower_;  // lower-case KmID -> as written
};

// TS-0001 §7.2: "//SP-ID/..." with something after the SP-ID.
bool isAbsoluteEntityId(std::string_view id);

}  // namespace citadel::tools::maf
