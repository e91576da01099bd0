#pragma once
// The client side of the MAF (TS-0003 §8.8.2): one MAF procedure per call, each in a fresh MAF
// Handshake session (TLS-PSK with KmID/Km, or certificates; mef_client.h's exchange, whose
// bounds and errors apply: the whole call takes at most options.io_timeout). The CLI
// (citadel-maf-client), the CSE as a Target MAF Client and the tests share it. Options:
// mef_client.h's MefClientOptions, with mef_fqdn = the MAF-FQDN, psk = {KmID, Km} and
// peer_name "MAF".

#include <string>
#include <string_view>

#include "cse/model/status.h"
#include "security/mef_client/maf_messages.h"
#include "security/mef_client/mef_client.h"

namespace citadel::security::mef {

// POST /maf/<procedure> with `request`; the answer parsed as `answer_shape` ("mef.bad_answer"
// when it does not fit). The errors of requestInSession ("mef.refused" with the MAF's reason).
model::Result<MafMessage> callMaf(const MefClientOptions& options, std::string_view procedure,
                                  const MafMessage& request, const MafShape& answer_shape);

// A key registered by this end (§8.8.2.7). `key` is the 32-byte key (a secret); `key_id` the
// Key Identifier RelativeKeyID@MAF-FQDN (§10.3.5) the targets are given.
struct RegisteredKey {
  MafMessage answer;
  std::string key;
  std::string key_id;
  RegisteredKey() = default;
  RegisteredKey(RegisteredKey&&) = default;
  RegisteredKey& operator=(RegisteredKey&&) = default;
  ~RegisteredKey();  // wipes key
};

// The MAF Key Registration procedure. Without request.key_value both ends export the key from
// the session ("EXPORTER-oneM2M-Connection", §10.3.1) and the answer's relativeKeyID must be
// hex(KcID) of our export ("mef.bad_answer" otherwise: the two ends do not share the key).
model::Result<RegisteredKey> registerKey(const MefClientOptions& options,
                                         const MafMessage& request);

// The MAF Key Retrieval procedure for `relative_key_id`: the answer, keyValue included.
model::Result<MafMessage> retrieveKey(const MefClientOptions& options,
                                      const std::string& relative_key_id);

// TS-0003 §8.8.1: "if the security protocol requires a single symmetric key, then the first
// half of the distributed symmetric key shall be used" (TLS-PSK, ESPrim): bytes 0..15.
std::string singleKeyOf(std::string_view distributed_key);

}  // namespace citadel::security::mef
