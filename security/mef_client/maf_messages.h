#pragma once
// The messages of the MAF procedures (TS-0003 §8.8.2.3–§8.8.2.10), both ends. TS-0003 gives
// each request and answer as a table of parameters and leaves the encoding to TS-0032's Mmaf,
// which we do not have; as for the MEF (bootstrap_messages.h), each message is one flat JSON
// object whose members are the table's parameters (tools/maf/README.md lists them):
//
//   mafFQDN, adminFQDN, mafClientRegID, mafClientID, assignedSymmKeyID, relativeKeyID,
//   sourceMafClientID   strings: 1..255 printable ASCII bytes
//   expirationTime      m2m:timestamp "YYYYMMDDTHHMMSS" (UTC)
//   labels, targetIDs   arrays of such strings (labels 0..64, targetIDs 1..64)
//   suid                m2m:suid integer (a MAF key: 32..35)
//   keyValue            32 bytes as 64 hex digits (a secret: only in key registration requests
//                       and key retrieval answers)
//   mafClientCfg        a JSON object (the administrating stakeholder's configuration)
//
// A success answer adds "status": true; a failure is bootstrap_messages.h's formatFailure.
// One struct holds every parameter; a MafShape says which a message must and may carry, and the
// parser refuses any other member, a missing required one and a malformed value.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "cse/model/status.h"

namespace citadel::security::mef {

enum class MafMember : uint8_t {
  kMafFqdn,
  kAdminFqdn,
  kClientRegId,
  kClientId,
  kAssignedKmId,
  kRelativeKeyId,
  kSourceClientId,
  kExpirationTime,
  kLabels,
  kTargetIds,
  kSuid,
  kKeyValue,
  kClientConfig,
};

struct MafMessage {
  std::optional<std::string> maf_fqdn;
  std::optional<std::string> admin_fqdn;
  std::optional<std::string> client_reg_id;
  std::optional<std::string> client_id;
  std::optional<std::string> assigned_km_id;
  std::optional<std::string> relative_key_id;
  std::optional<std::string> source_client_id;
  std::optional<int64_t> expiration_time;  // seconds since the epoch
  std::optional<std::vector<std::string>> labels;
  std::optional<std::vector<std::string>> target_ids;
  std::optional<int> suid;
  std::optional<std::string> key_value;  // 32 raw bytes: a secret
  std::optional<nlohmann::json> client_config;

  MafMessage() = default;
  MafMessage(const MafMessage&) = default;
  MafMessage(MafMessage&&) = default;
  MafMessage& operator=(const MafMessage&) = default;
  MafMessage& operator=(MafMessage&&) = default;
  ~MafMessage();  // wipes key_value
};

struct MafShape {
  std::vector<MafMember> required;
  std::vector<MafMember> optional;
  // "at least one of" (Tables 8.8.2.5-1 and 8.8.2.9-1); empty: no such rule
  std::vector<MafMember> at_least_one;
};

// The requests (path: the procedure's name under /maf/, all POST) and answers of §8.8.2.
namespace maf_shapes {
using M = MafMember;
inline const MafShape kClientRegistration{{M::kMafFqdn, M::kExpirationTime, M::kAdminFqdn},
                                          {M::kLabels}, {}};
inline const MafShape kClientRegistrationAnswer{
    {M::kClientRegId, M::kExpirationTime, M::kClientId, M::kAdminFqdn},
    {M::kLabels, M::kAssignedKmId}, {}};
inline const MafShape kClientConfigurationRetrieval{{M::kMafFqdn, M::kClientRegId}, {}, {}};
inline const MafShape kClientConfigurationAnswer{{M::kClientConfig}, {}, {}};
inline const MafShape kClientRegistrationUpdate{
    {M::kMafFqdn, M::kClientRegId}, {M::kExpirationTime, M::kLabels},
    {M::kExpirationTime, M::kLabels}};
inline const MafShape kClientRegistrationUpdateAnswer{
    {}, {M::kExpirationTime, M::kLabels, M::kAssignedKmId}, {}};
inline const MafShape kClientDeregistration{{M::kMafFqdn, M::kClientRegId}, {}, {}};
inline const MafShape kKeyRegistration{
    {M::kMafFqdn, M::kExpirationTime, M::kAdminFqdn, M::kSuid},
    {M::kLabels, M::kTargetIds, M::kKeyValue}, {}};
inline const MafShape kKeyRegistrationAnswer{
    {M::kRelativeKeyId, M::kExpirationTime, M::kSourceClientId, M::kAdminFqdn, M::kSuid,
     M::kTargetIds},
    {M::kLabels}, {}};
inline const MafShape kKeyRetrieval{{M::kRelativeKeyId}, {}, {}};
inline const MafShape kKeyRetrievalAnswer{
    {M::kExpirationTime, M::kSourceClientId, M::kAdminFqdn, M::kSuid, M::kKeyValue},
    {M::kLabels}, {}};
inline const MafShape kKeyRegistrationUpdate{
    {M::kMafFqdn, M::kRelativeKeyId}, {M::kExpirationTime, M::kLabels, M::kTargetIds},
    {M::kExpirationTime, M::kLabels, M::kTargetIds}};
inline const MafShape kKeyRegistrationUpdateAnswer{
    {}, {M::kExpirationTime, M::kLabels, M::kTargetIds}, {}};
inline const MafShape kKeyDeregistration{{M::kMafFqdn, M::kRelativeKeyId}, {}, {}};
inline const MafShape kEmptyAnswer{{}, {}, {}};
}  // namespace maf_shapes

// The body as a message of `shape`. 4000 "maf.bad_message" naming the member (never a value):
// not a JSON object, an unknown or unexpected member, a missing required one, a malformed
// value, none of `at_least_one`. An answer's "status" member must be true (and is not a
// member otherwise).
model::Result<MafMessage> parseMafMessage(std::string_view body, const MafShape& shape,
                                          bool is_answer);
// The message's present members (plus "status": true for an answer). The caller puts only
// valid values in; the result holds the key value when there is one: wipe it after use.
std::string formatMafMessage(const MafMessage& message, bool is_answer);

// The relative part of a key identifier: 32 lower-case hex digits (hex of a 16-byte KcID,
// TS-0003 §10.3.5).
bool isRelativeKeyId(std::string_view text);
// "RelativeKeyID@MAF-FQDN" split into its parts, or nullopt when it is not of that form.
std::optional<std::pair<std::string, std::string>> splitMafKeyId(std::string_view key_id);

}  // namespace citadel::security::mef
