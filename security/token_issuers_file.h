#pragma once
// The `token.issuers` provisioning file: one trusted token issuer per line,
//   <issuer-id> ES256 <path of its PEM public key or certificate>
//   <issuer-id> HS256 hex:<secret> | base64:<secret>
// ('#' comments; relative paths are taken from the file's folder). A file that holds an HS256
// secret must be readable by its owner only, like the PSK key store.

#include <string>

#include "cse/model/status.h"
#include "security/token/trusted_issuers.h"

namespace citadel::security {

// 4000 naming the file and line on any problem; never echoes a secret.
model::Result<token::TrustedIssuers> loadTrustedIssuers(const std::string& path);

}  // namespace citadel::security
