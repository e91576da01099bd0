#pragma once
// `citadel-token keygen`: a fresh issuer key pair (ES256) or secret (HS256) in a directory,
// written with O_EXCL so that an existing key is never overwritten, private files 0600.

#include <string>
#include <vector>

#include "cse/model/status.h"
#include "tools/token_cli/token_options.h"

namespace citadel::tools {

// ES256: <out>/issuer.key.pem (PKCS#8 private key, 0600) and <out>/issuer.pub.pem (0644).
// HS256: <out>/issuer.secret (0600), one line "hex:<64 hex digits>" (a 32-byte secret).
// Returns the paths written. 4000 "tool.keygen" naming the file when the directory is missing
// or a file already exists; 5000 when OpenSSL fails. Files half-written are removed.
model::Result<std::vector<std::string>> generateIssuerKey(const KeygenOptions& options);

}  // namespace citadel::tools
