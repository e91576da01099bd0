#pragma once
// The issuer's signing key as citadel-token and citadel-das take it on the command line:
//   --alg=ES256 --key=<path of a PEM P-256 private key>
//   --alg=HS256 --key=hex:<secret> | base64:<secret> | <path of a file holding one of those>
// A secret on the command line is visible to other local users (ps); the file form is not.

#include <string_view>

#include "cse/model/status.h"
#include "security/token/jws_key.h"

namespace citadel::tools {

// The key, able to sign. 4000 "tool.bad_key" with a dbg starting "--key: " (or "--alg: " for an
// algorithm other than ES256 / HS256) when it cannot be read, is not a private key on P-256, or
// is an HS256 secret shorter than 32 bytes. The dbg never contains key material.
model::Result<security::token::JwsKey> loadSigningKey(std::string_view algorithm,
                                                      std::string_view key_source);

}  // namespace citadel::tools
