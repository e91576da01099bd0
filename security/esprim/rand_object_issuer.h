#pragma once
// The receiver side of ESPrim phase B (TS-0003 §8.4.2 B.1/B.2e, TS-0001 §11.4.2): this CSE's
// receiverESPrimRandObjects and the e2eSecInfo (`esi`) its <CSEBase> shows.
//
// - Unique objects (B.2e): issue() makes one per request: esri "u" + 128 random bits in hex (an
//   xs:NCName that says "not shared", as B.2e (a) asks), esrv "v" + 128 bits from the CSPRNG
//   (cse/random; an xs:NCName as TS-0004 §6.3.5.51 types it), esrx now + lifetime, esks [1],
//   espa [10, 11, 12]. It is remembered for the originator that asked, until esrx, in a
//   PerOriginatorCache (bounded per originator and in total: an originator asking again and
//   again only displaces its own objects). A restart forgets them; an originator then gets
//   4114 and asks again.
// - The shared object (B.1, optional): made once at start with its own lifetime and shown as
//   `esro`; esri "s" + 128 bits. It is not rotated while the CSE runs: after its esrx the
//   originator asks for a unique one (TS-0001 §11.4.2 B.2c.2).
//
// Thread-safe.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "cse/model/clock.h"
#include "cse/model/json.h"
#include "security/esprim/rand_object.h"
#include "security/per_originator_cache.h"

namespace citadel::security::esprim {

struct RandObjectSettings {
  std::chrono::seconds lifetime{3600};      // esprim.randLifetime
  size_t capacity = 4096;                    // esprim.randObjects
  size_t per_originator = 8;                 // esprim.randObjectsPerOriginator
  std::optional<std::chrono::seconds> shared_lifetime;  // esprim.sharedRandLifetime; none: no esro
  bool certificate_keys = false;  // esprim.certKe: ESCertKE keys too (esf lists 43)
  bool enrolled_keys = false;     // enrolment.mef: keys the MEF provisioned too (esf lists 23)
  bool maf_keys = false;          // maf.address: keys the MAF distributes too (esf lists 33)
};

// m2m:suid 13: ESPrim with a pre-provisioned symmetric pairwise key; 43: with a key from a
// certificate (ESCertKE) (TS-0004 §6.3.4.2.39).
inline constexpr int kSuidPreProvisionedEsprim = 13;
inline constexpr int kSuidEnrolledEsprim = 23;
inline constexpr int kSuidMafEsprim = 33;
inline constexpr int kSuidCertificateEsprim = 43;

// The m2m:suid values `esf` lists: 13, since the EsprimUnwrapStage accepts ESPrim objects
// (sit 5) under the keys of esprim.keyFile (TS-0003 §8.4.2 B.2c: an originator reads `esf`),
// 23 when it also takes keys its MEF provisioned (TS-0003 §8.3, usage-constrained for ESPrim),
// 33 when it also takes keys its MAF distributes (TS-0003 §8.4.2 C.6a),
// and 43 when it also accepts keys established by ESCertKE (TS-0001 §11.4.3: "an indication
// shall be present in the e2eSecInfo attribute").
std::vector<int> supportedE2eSecFeatures(const RandObjectSettings& settings);

class RandObjectIssuer {
 public:
  RandObjectIssuer(const model::Clock& clock, RandObjectSettings settings);

  // A fresh unique receiverESPrimRandObject for `originator`, remembered until its esrx.
  ReceiverRandObject issue(const std::string& originator);
  // The unique object `id` issued to `originator`, while it has not expired; else the shared
  // object when `id` names it and it has not expired; else nullopt (4114 for the caller).
  std::optional<ReceiverRandObject> find(std::string_view originator, std::string_view id);
  // m2m:e2eSecInfo for the <CSEBase>: {"esf": [...], "esro": {...} when shared}.
  model::Json e2eSecInfo() const;
  size_t size() const { return unique_.size(); }

 private:
  ReceiverRandObject make(char kind, model::TimePoint expires) const;

  const model::Clock& clock_;
  const RandObjectSettings settings_;
  std::optional<ReceiverRandObject> shared_;
  model::TimePoint shared_expires_{};
  PerOriginatorCache<ReceiverRandObject> unique_;
};

}  // namespace citadel::security::esprim
