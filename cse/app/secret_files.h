#pragma once
// The files that hold this CSE's secrets, checked before anything starts (issue 15 #18): a
// private key, a password file or a config file holding mqtt.password that group or others
// may read is a refusal to start naming the file and the fix (chmod 600), or, with
// security.allowInsecureKeyFiles=true, a warning in the log. The PSK key store and a token
// issuers file with HS256 secrets are checked where they are read (security/config_lines.h),
// with the same rule.

#include "cse/engine/config.h"
#include "cse/model/status.h"

namespace citadel::app {

// `config` with its secrets read from files: mqtt.password from mqtt.passwordFile (its first
// line). 4000 "config.insecure_key_file" naming the first file others may read (unless
// security.allowInsecureKeyFiles), "config.unreadable" naming a mqtt.passwordFile that cannot
// be read. A key file that does not exist is left to the binding that loads it.
// Messages never hold a secret.
model::Result<engine::Config> withSecretFiles(const engine::Config& config);

}  // namespace citadel::app
