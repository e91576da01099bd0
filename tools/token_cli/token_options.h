#pragma once
// The command line of citadel-token (see tokenHelpText()) and the claim set it describes. Kept
// apart from main.cpp so that every option error is unit-tested without running the tool.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/clock.h"
#include "cse/model/status.h"
#include "security/token/token_claims.h"

namespace citadel::tools {

// `citadel-token [options]`: mint one token.
struct MintOptions {
  std::string issuer;                     // --issuer (iss), required
  std::string algorithm = "ES256";        // --alg
  std::string key_source;                 // --key; not needed with --claims-only
  std::string holder;                     // --holder (azp), an absolute ID, required
  std::vector<std::string> audience;      // --audience, repeatable (aud)
  std::optional<std::string> token_id;    // --id (jti); default <random>@<issuer>
  std::vector<std::string> resource_ids;  // --ris, repeatable
  uint8_t operations = 2;                 // --op (acop), default R
  std::vector<std::string> role_ids;      // --role, repeatable (permission rids)
  int64_t not_before_offset_s = 0;        // --not-before=<seconds from now> (may be negative)
  std::optional<model::TimePoint> not_before_at;  // --not-before=<YYYYMMDDThhmmss>
  int64_t ttl_s = 3600;                           // --ttl: exp = nbf + ttl
  std::optional<std::string> token_name;          // --name (tknm)
  bool claims_only = false;                       // --claims-only: print the claim set, do not sign
};

// `citadel-token keygen --alg=ES256|HS256 --out=DIR`.
struct KeygenOptions {
  std::string algorithm = "ES256";
  std::string out_dir;
};

struct TokenCommand {
  enum class Kind { kMint, kKeygen, kHelp };
  Kind kind = Kind::kMint;
  MintOptions mint;
  KeygenOptions keygen;
};

// Longest value accepted for an ID option; the claim limits of token_claims.h apply too.
inline constexpr size_t kMaxOptionValueBytes = 512;
// Longest --ttl: ten years.
inline constexpr int64_t kMaxTtlSeconds = int64_t{10} * 366 * 24 * 3600;

// Parses `args` (argv without the program name). 4000 "tool.bad_option" with a one-line dbg
// that starts with the offending option ("--ttl: expected a whole number of seconds 1..",
// "unknown option --foo") for: an unknown option, a value-less option, a repeated single-valued
// option, an empty or oversized value, a bad --alg / --op / --not-before / --ttl, a --holder
// that is not absolute ("//sp/…"), or a missing --issuer / --holder / --key (--key may be
// omitted with --claims-only).
model::Result<TokenCommand> parseTokenCommandLine(const std::vector<std::string>& args);

// The claim set of `options` at time `now`; `random_name` names the token when --id is absent
// (jti = <random_name>@<issuer>). nbf is now + offset (or the given timestamp), exp = nbf + ttl,
// tkps = {"pm":[{"ris"?, "pv":{"acr":[{"acor":[holder],"acop":ops}]}, "rids"?}]}.
security::token::TokenClaims buildClaims(const MintOptions& options, model::TimePoint now,
                                         std::string_view random_name);

// 16 random lower-case hex characters (OpenSSL's CSPRNG), for token IDs.
std::string randomTokenName();

// The --help text.
std::string tokenHelpText();

}  // namespace citadel::tools
