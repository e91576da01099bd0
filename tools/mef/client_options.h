#pragma once
// The command line of citadel-mef-client (see clientHelpText()), checked before it connects.

#include <string>
#include <vector>

#include "cse/model/status.h"
#include "security/mef_client/bootstrap_messages.h"
#include "security/mef_client/mef_client.h"

namespace citadel::tools::mef {

// The Enrolment Exchange's messages, framing and TLS-PSK profile are the library's, shared with
// every Enrolee and Enrolment Target (security/mef_client/).
using namespace security::mef;

struct ClientCommand {
  std::string verb;            // "bootstrap", "list", "cacerts", "enrol" or "reenrol"
  MefClientOptions client;     // psk filled from --psk-file
  BootstrapRequest request;    // bootstrap only
  bool show_key = false;       // --show-key: print the derived key (a secret)
  // EST (cacerts, enrol, reenrol).
  std::string identity_uri;    // --id: the certificate's subjectAltName URI
  std::string key_file;        // --key: the private key (written by enrol, read by reenrol)
  std::string certificate_file;  // --cert: the certificate (written; read by reenrol)
  std::string ca_file;         // --ca: the MEF CA's certificates (written)
  int64_t renew_before_seconds = 30 * 86400;  // --renew-before: reenrol only when due
  bool rekey = false;          // --rekey: reenrol with a new key
  bool server_keygen = false;  // --server-keygen: the MEF makes the key pair (enrol, rekey)
  std::string crl_file;        // crl: --crl, where the MEF's CRL goes
  std::string revoke_what;     // revoke: "keId" or "serial"
  std::string revoke_id;       // revoke: --key-id or --serial
  bool show_help = false;
};

// Parses `args` and loads --psk-file (one 'identity hexkey' line, mode 0600). 4000
// "mef.bad_option" naming the option (unknown verb or option, --mef not host:port, a missing
// --psk-file, --target or --suid for bootstrap, --tls not 1.2 or 1.3), or the errors of
// BootstrapPsks::load, or "mef.bad_option" when the file holds more than one credential.
model::Result<ClientCommand> parseClientCommandLine(const std::vector<std::string>& args);

std::string clientHelpText();

}  // namespace citadel::tools::mef
