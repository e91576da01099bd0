#pragma once
// The command line of citadel-mef (see mefHelpText()), checked before anything starts.

#include <cstdint>
#include <string>
#include <vector>

#include "cse/model/status.h"

namespace citadel::tools::mef {

struct MefOptions {
  std::string address = "127.0.0.1";  // --address: IPv4 to listen on
  uint16_t port = 8443;                // --port (0: any free port)
  std::string fqdn;                    // --fqdn: MEF-FQDN (required)
  std::string psk_file;                // --psk-file: bootstrap credentials, 0600 (required)
  std::string target_psk_file;         // --target-psk-file: Enrolment Targets' credentials
  std::string admin_psk_file;          // --admin-psk-file: administrators (revocation)
  std::string data_dir;                // --data-dir: RocksDB of issued keys (required)
  int64_t lifetime_seconds = 30 * 86400;  // --lifetime: Enrolment Expiry
  // EST certificate enrolment (TS-0003 §8.3.6.2), on when both CA files are given.
  std::string ca_certificate;          // --est.caCertificate: PEM
  std::string ca_key;                  // --est.caKey: PEM, 0600
  int64_t certificate_lifetime_seconds = 365 * 86400;  // --est.lifetime
  std::string sp_id;                   // --sp-id: makes relative Enrolee-IDs absolute
  // The certificate-based MEF Handshake (TS-0003 §8.3.2.2), on when all three are given.
  std::string tls_certificate;         // --tls.certificate: the MEF's (SAN DNS = --fqdn)
  std::string tls_private_key;         // --tls.privateKey: 0600
  std::string tls_ca_file;             // --tls.caFile: anchors for Enrolees' certificates
  bool certificate_targets = false;    // --certificate-targets: targets by certificate too
  std::string log_level = "info";      // --log.level
  bool show_help = false;              // --help
};

// 4000 "mef.bad_option" naming the option: unknown, repeated or value-less options, a bad port
// or lifetime, a missing --fqdn/--psk-file/--data-dir, an --fqdn that is not printable ASCII, a
// bad --log.level, any positional argument.
model::Result<MefOptions> parseMefCommandLine(const std::vector<std::string>& args);

std::string mefHelpText();

}  // namespace citadel::tools::mef
