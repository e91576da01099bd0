#pragma once
// The Enrolment Keys this MEF has issued, durable in a storage::Store (RocksDB in citadel-mef,
// MemoryStore in unit tests), so that a restarted MEF still serves every key it issued. Layout:
//
//     mef/ke/<KeID>                   -> JSON {ke (hex), kpm, enrolee, target, suid, issued,
//                                              expires}
//     mef/by-kpm/<hex(KpmID)>/<KeID>  -> ""   (an Enrolee's own enrolments, in KeID order)
//     mef/cert/<serial hex>           -> JSON {kpm, subject (SAN URI), notAfter, der (base64)}
//                                        (every certificate EST issued, recorded before it is
//                                        answered)
//     mef/revoked/key/<KeID>          -> seconds since the epoch of the revocation
//     mef/revoked/cert/<serial hex>   -> the same (the CRL lists these)
//
// The record holds Ke itself: the MEF must re-derive the usage-constrained key when the
// Enrolment Target fetches it (TS-0003 §8.3.2.1 step f). The database directory is 0700 and its
// files 0600 (citadel-mef sets its umask). Thread-safe as the Store is.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cse/model/status.h"
#include "storage/store.h"
#include "security/mef_client/bootstrap_messages.h"

namespace citadel::tools::mef {

// The Enrolment Exchange's messages, framing and TLS-PSK profile are the library's, shared with
// every Enrolee and Enrolment Target (security/mef_client/).
using namespace security::mef;

struct IssuedKey {
  std::string ke;      // 32 bytes: a secret
  std::string kpm_id;  // the bootstrap identity that authenticated the Enrolee
  // The Enrolee-ID configured for that identity when the key was issued ("" for none, and in
  // records of the first slice): the originator the Enrolment Target binds the key to.
  std::string enrolee_id;
  Enrolment enrolment;
};

class IssuedKeys {
 public:
  explicit IssuedKeys(storage::Store& store) : store_(store) {}

  // Records `key` in one batch, durable when it returns OK. 4105 "store.condition_failed" when
  // the KeID was issued before (TS-0003 §8.3.5.2.7: a previously unused ID); 5000 on storage
  // failure.
  model::Status record(const IssuedKey& key);
  // The key issued under `key_id`; nullopt when none; 5000 on storage failure or a corrupt
  // record.
  model::Result<std::optional<IssuedKey>> find(const std::string& key_id);
  // Records a certificate issued by EST under `kpm_id` for `subject`, durable when it returns
  // OK. 4105 when the serial was used before; 5000 on storage failure.
  model::Status recordCertificate(const std::string& serial_hex, const std::string& kpm_id,
                                  const std::string& subject, int64_t not_after,
                                  const std::string& der);
  // The DER of the certificate with `serial_hex`; nullopt when none was issued.
  model::Result<std::optional<std::string>> findCertificate(const std::string& serial_hex);
  // Revokes the issued key `key_id` or the issued certificate `serial_hex` at `when` (seconds
  // since the epoch), durably; revoking again keeps the first time. 4004 "mef.not_issued" when
  // this MEF issued no such key or certificate; 5000 on storage failure.
  model::Status revokeKey(const std::string& key_id, int64_t when);
  model::Status revokeCertificate(const std::string& serial_hex, int64_t when);
  // Whether it was revoked. A storage failure counts as revoked (fail closed), logged.
  bool isKeyRevoked(const std::string& key_id);
  bool isCertificateRevoked(const std::string& serial_hex);
  struct Revoked {
    std::string serial_hex;
    int64_t when = 0;
  };
  // Every revoked certificate, in serial order (the CRL's entries).
  model::Result<std::vector<Revoked>> revokedCertificates();
  // At most `limit` enrolments authenticated by `kpm_id`, in KeID order.
  model::Result<std::vector<Enrolment>> listFor(const std::string& kpm_id, size_t limit);

 private:
  storage::Store& store_;
};

}  // namespace citadel::tools::mef
