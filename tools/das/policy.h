#pragma once
// The DAS policy file: one rule per line, the first rule that matches decides.
//
//   <originator-pattern> <target-pattern> <ops> <decision> [key=value ...]
//
//   originator-pattern  matched against dreq.or, as sent and in its absolute form
//   target-pattern      matched against dreq.trid as sent
//                       ('*' stands for any run of characters, '/' included)
//   ops                 letters of CRUDN (the requested operation must be one of them), or '*'
//   decision            grant-once       dai with gp and no pl: valid for this one request
//                       grant pl=S       dai with gp and pl = S seconds from now (sent as the
//                                        relative m2m:absRelTimestamp "S*1000", in ms); the
//                                        CSE may cache the grant that long
//                       token ttl=S      dres.tkns = one token for the originator, valid S seconds
//                       deny             an empty dres
//   delay=MS            on any rule: wait MS milliseconds (0..30000) before answering, for the
//                       CSE's timeout tests
//
// '#' starts a comment; blank lines are skipped. A request that no rule matches is denied.
// Parsing is strict: any defect stops the start-up with "line N: …".

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/status.h"

namespace citadel::tools::das {

enum class Verdict : uint8_t { kGrantOnce, kGrant, kToken, kDeny };

// "grant-once", "grant", "token", "deny".
std::string_view verdictName(Verdict verdict);

struct PolicyRule {
  size_t line = 0;                 // 1-based line in the file, for logs
  std::string originator_pattern;  // against dreq.or
  std::string target_pattern;      // against dreq.trid
  uint8_t operations = 0;          // acop bits of the covered operations (C=1 R=2 U=4 D=8 N=16)
  Verdict verdict = Verdict::kDeny;
  std::chrono::seconds privileges_lifetime{0};  // grant: pl=
  std::chrono::seconds token_ttl{0};            // token: ttl=
  std::chrono::milliseconds delay{0};           // delay=, any verdict
};

struct Policy {
  std::vector<PolicyRule> rules;  // in file order: the first match wins

  // True when some rule issues tokens, so the DAS needs an issuer and a signing key.
  bool issuesTokens() const;
};

// Limits that keep a hostile file cheap to refuse.
inline constexpr size_t kMaxPolicyBytes = 1 << 20;
inline constexpr size_t kMaxPolicyLineBytes = 4096;
inline constexpr size_t kMaxPolicyRules = 10000;
inline constexpr size_t kMaxPatternBytes = 512;
inline constexpr int64_t kMaxDelayMs = 30000;
inline constexpr int64_t kMaxLifetimeSeconds = int64_t{366} * 24 * 3600;  // pl= and ttl=

// Parses the policy text. 4000 "das.bad_policy" with "line N: …" naming the defect: a line over
// kMaxPolicyLineBytes, a control character, fewer than four fields, an empty or oversized
// pattern, ops other than CRUDN letters or '*', an unknown decision, a field that is not
// key=value after the decision, an unknown or repeated key, a key the decision does not take
// (pl= on anything but grant, ttl= on anything but token), grant without pl= or token without
// ttl=, or a value out of range. Also 4000 for a text over kMaxPolicyBytes or with more than
// kMaxPolicyRules rules. An empty policy (no rules) is valid and denies everything.
model::Result<Policy> parsePolicy(std::string_view text);

// parsePolicy() on the file at `path`; 4000 naming the path when it cannot be read.
model::Result<Policy> loadPolicyFile(const std::string& path);

}  // namespace citadel::tools::das
