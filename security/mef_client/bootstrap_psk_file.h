#pragma once
// The MEF's bootstrap credentials (TS-0003 §8.3.2.1, Pre-Provisioned Symmetric Enrolee Keys):
// a text file, one credential a line,
//
//     <identity> <key as hex> [<bound ID>]   # e.g. sensor-17 6f1e…(16..64 bytes) Csensor17
//
// '#' starts a comment, blank lines are skipped. The identity (KpmID for an Enrolee) is the
// TLS-PSK identity the peer presents. The optional bound ID is what the credential entitles:
// in the MEF's Enrolee file the Enrolee-ID (the AE-ID or CSE-ID the MEF gives the Enrolment
// Target with the key, TS-0003 §8.3.2.1 "Bootstrap Instruction Configuration"); in its target
// file the Enrolment-Target-ID the credential authenticates. The file holds keys: it must be
// readable by its owner only (0600 or stricter), and no message ever shows a key. The Enrolee's
// CLI and the CSE (enrolment.credentialFile) read one line of the same format.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/status.h"

namespace citadel::security::mef {

struct BootstrapPsk {
  std::string identity;  // KpmID
  std::string key;       // Kpm, bytes
  std::string bound_id;  // the optional third field; "" when absent
};

class BootstrapPsks {
 public:
  BootstrapPsks() = default;
  BootstrapPsks(BootstrapPsks&&) = default;
  BootstrapPsks& operator=(BootstrapPsks&&) = default;
  ~BootstrapPsks();  // wipes the keys

  // 4000 "mef.psk_file" naming the file and line (never a key) when the file is missing,
  // larger than 1 MiB, readable by group or others, empty or malformed: identity 1..128 printable
  // ASCII bytes, key 16..64 bytes written as hex, bound ID 1..255 printable ASCII bytes, no
  // identity twice.
  static model::Result<BootstrapPsks> load(const std::string& path);
  // The same parser on text; `origin` names it in messages.
  static model::Result<BootstrapPsks> parse(std::string_view text, std::string_view origin);

  // The key of `identity`, or nullopt.
  std::optional<std::string> find(std::string_view identity) const;
  // The bound ID of `identity`; "" when it has none or is not known.
  std::string boundId(std::string_view identity) const;
  bool contains(std::string_view identity) const { return keys_.contains(identity); }
  size_t size() const { return keys_.size(); }
  // Every identity, in order.
  std::vector<std::string> identities() const;
  // The first entry (the Enrolee's own file has exactly one); nullopt when empty.
  std::optional<BootstrapPsk> first() const;

 private:
  struct Entry {
    std::string key;
    std::string bound_id;
  };
  std::map<std::string, Entry, std::less<>> keys_;
};

}  // namespace citadel::security::mef
