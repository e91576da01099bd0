#pragma once
// The MEF's bootstrap credentials (TS-0003 §8.3.2.1, Pre-Provisioned Symmetric Enrolee Keys):
// a text file, one Enrolee a line,
//
//     <KpmID> <Kpm as hex>      # e.g. sensor-17 6f1e…(16..64 bytes)
//
// '#' starts a comment, blank lines are skipped. The KpmID is the TLS-PSK identity the Enrolee
// presents. The file holds keys: it must be readable by its owner only (0600 or stricter), and
// no message ever shows a key. The Enrolee's CLI reads one line of the same format.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "cse/model/status.h"

namespace citadel::tools::mef {

struct BootstrapPsk {
  std::string identity;  // KpmID
  std::string key;       // Kpm, bytes
};

class BootstrapPsks {
 public:
  BootstrapPsks() = default;
  BootstrapPsks(BootstrapPsks&&) = default;
  BootstrapPsks& operator=(BootstrapPsks&&) = default;
  ~BootstrapPsks();  // wipes the keys

  // 4000 "mef.psk_file" naming the file and line (never a key) when the file is missing,
  // larger than 1 MiB, readable by group or others, empty or malformed: identity 1..128 printable
  // ASCII bytes, key 16..64 bytes written as hex, no identity twice.
  static model::Result<BootstrapPsks> load(const std::string& path);
  // The same parser on text; `origin` names it in messages.
  static model::Result<BootstrapPsks> parse(std::string_view text, std::string_view origin);

  // The key of `identity`, or nullopt.
  std::optional<std::string> find(std::string_view identity) const;
  size_t size() const { return keys_.size(); }
  // The first entry (the Enrolee's own file has exactly one); nullopt when empty.
  std::optional<BootstrapPsk> first() const;

 private:
  std::map<std::string, std::string, std::less<>> keys_;
};

}  // namespace citadel::tools::mef
