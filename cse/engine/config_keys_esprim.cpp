// End-to-end security of primitives, the Receiver side (TS-0003 §8.4, TS-0004 §7.6.2): the
// pre-provisioned pairwise keys and the receiverESPrimRandObjects this CSE hands out.
#include "cse/engine/config_keys.h"

namespace citadel::engine {

std::vector<ConfigSection> esprimConfigSections() {
  return {{"End-to-end security of primitives (ESPrim, TS-0003 8.4)",
           "With esprim.enabled the CSEBase shows e2eSecInfo (esi) and answers a NOTIFY with "
           "m2m:seci sit 3 with a receiverESPrimRandObject; the originator needs NOTIFY "
           "privilege on the CSEBase.",
           {
               boolKey("esprim.enabled", &Config::esprim_enabled, "false",
                       "act as an ESPrim Receiver with the keys of esprim.keyFile"),
               stringKey("esprim.keyFile", &Config::esprim_key_file, "",
                         "pairwise ESPrim keys (SUID 13), mode 0600: lines 'keyID originator "
                         "hexkey [expiry]'; empty: <storage.path>/esprim.keys"),
               intKey("esprim.randLifetime", &Config::esprim_rand_lifetime_s,
                      {.min = 60, .max = 604800, .unit = "s"}, "3600",
                      "lifetime (esrx) of a unique receiverESPrimRandObject"),
               intKey("esprim.randObjects", &Config::esprim_rand_objects,
                      {.min = 1, .max = 10000000}, "4096",
                      "unique rand objects remembered in all; when full, the originator holding "
                      "most gives one up"),
               intKey("esprim.randObjectsPerOriginator",
                      &Config::esprim_rand_objects_per_originator, {.min = 1, .max = 1000000},
                      "8",
                      "unique rand objects remembered per originator; its soonest-ending one "
                      "makes room, never another originator's"),
               intKey("esprim.sharedRandLifetime", &Config::esprim_shared_rand_lifetime_s,
                      {.min = 0, .max = 31536000, .unit = "s"}, "0",
                      "lifetime of a shared rand object made at start and shown as esi esro; "
                      "0: none (originators ask for unique ones)"),
               boolKey("esprim.certKe", &Config::esprim_cert_ke, "false",
                       "also establish pairwise keys by ESCertKE (NOTIFY m2m:seci sit 6, TS-0003 "
                       "8.7) with tls.certificate and tls.privateKey; the initiator's "
                       "certificate must chain to tls.caFile and name its AE-ID or CSE-ID"),
               intKey("esprim.certKeLifetime", &Config::esprim_cert_ke_lifetime_s,
                      {.min = 60, .max = 31536000, .unit = "s"}, "86400",
                      "lifetime of a key established by ESCertKE (kept in memory only)"),
           }}};
}

}  // namespace citadel::engine
