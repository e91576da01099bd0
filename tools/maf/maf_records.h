#pragma once
// The MAF's durable state (TS-0003 §8.8.2): MAF Client Registration records and Key
// Registrations, in a storage::Store (RocksDB in citadel-maf, synced; MemoryStore in unit tests).
// Layout:
//
//     maf/client/<mafClientRegID>                      -> JSON {client, admin, expires,
//                                                               labels?, kmId?}
//     maf/client-of/<hex(client)>/<hex(adminFQDN)>     -> <mafClientRegID>   (one registration
//                                                         per client and stakeholder)
//     maf/key/<RelativeKeyID>                          -> JSON {key (hex), source, admin, suid,
//                                                               targets, expires, labels?}
//     maf/km/<lower-case KmID>                         -> JSON {key (hex), client, expires}
//                                                         (a Km the MAF assigned a KmID to: a
//                                                         key remotely provisioned by the MEF,
//                                                         §8.8.2.3, written with its registration)
//
// A key record holds the key itself: the MAF hands it to the Target MAF Clients (§8.8.2.8).
// The database directory is 0700 and its files 0600 (citadel-maf sets its umask). Every change
// is one conditional batch: a record changed by another request in between makes the write fail
// with 4105 instead of losing that change. Thread-safe as the Store is.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cse/model/status.h"
#include "storage/store.h"

namespace citadel::tools::maf {

struct ClientRecord {
  std::string reg_id;     // mafClientRegID
  std::string client_id;  // the authenticated MAF Client ID
  std::string admin_fqdn;
  int64_t expires = 0;    // seconds since the epoch
  std::optional<std::vector<std::string>> labels;
  std::string km_id;      // assignedSymmKeyID, "" when the Km was not remotely provisioned
};

// A Master Credential the MAF assigned a KmID to (assignedSymmKeyID).
struct KmRecord {
  std::string km_id;
  std::string key;  // a secret
  std::string client_id;
  int64_t expires = 0;

  KmRecord() = default;
  KmRecord(const KmRecord&) = default;
  KmRecord(KmRecord&&) = default;
  KmRecord& operator=(const KmRecord&) = default;
  KmRecord& operator=(KmRecord&&) = default;
  ~KmRecord();  // wipes key
};

struct KeyRecord {
  std::string relative_key_id;
  std::string key;  // 32 bytes: a secret
  std::string source_client_id;
  std::string admin_fqdn;
  int suid = 0;
  std::vector<std::string> target_ids;
  int64_t expires = 0;
  std::optional<std::vector<std::string>> labels;

  KeyRecord() = default;
  KeyRecord(const KeyRecord&) = default;
  KeyRecord(KeyRecord&&) = default;
  KeyRecord& operator=(const KeyRecord&) = default;
  KeyRecord& operator=(KeyRecord&&) = default;
  ~KeyRecord();  // wipes key
};

class MafRecords {
 public:
  explicit MafRecords(storage::Store& store) : store_(store) {}

  // Adds `record` (and `km`, its assigned Master Credential, when given); when `replaced` is
  // given (an expired registration of the same client and stakeholder), removes it and its Km in
  // the same batch. 4105 "store.condition_failed" when the client already has a registration
  // with that stakeholder or the ID is taken; 5000 on storage failure.
  model::Status addClient(const ClientRecord& record, const ClientRecord* replaced = nullptr,
                          const KmRecord* km = nullptr);
  model::Result<std::optional<ClientRecord>> findClient(const std::string& reg_id);
  // The registration of `client_id` with `admin_fqdn`, if any (expired or not).
  model::Result<std::optional<ClientRecord>> clientOf(const std::string& client_id,
                                                      const std::string& admin_fqdn);
  // Replaces `before` (as read) with `after`; 4105 when the stored record is no longer `before`.
  // With `km` (after.km_id's Master Credential: a new one, and the old one goes; or the same one
  // with a new expiry), written in the same batch.
  model::Status updateClient(const ClientRecord& before, const ClientRecord& after,
                             const KmRecord* km = nullptr);
  // Removes the registration and its assigned Km.
  model::Status removeClient(const ClientRecord& record);
  // The assigned Master Credential of `km_id` (any case), nullopt when none.
  model::Result<std::optional<KmRecord>> findKm(std::string_view km_id);

  // 4105 when the RelativeKeyID was used before (TS-0003 §8.8.2.7: a previously-unused value).
  model::Status addKey(const KeyRecord& record);
  model::Result<std::optional<KeyRecord>> findKey(const std::string& relative_key_id);
  model::Status updateKey(const KeyRecord& before, const KeyRecord& after);
  model::Status removeKey(const KeyRecord& record);

 private:
  storage::Store& store_;
};

}  // namespace citadel::tools::maf
