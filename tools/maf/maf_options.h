#pragma once
// The command line of citadel-maf (see mafHelpText()), checked before anything starts.

#include <cstdint>
#include <string>
#include <vector>

#include "cse/model/status.h"

namespace citadel::tools::maf {

struct MafOptions {
  std::string address = "127.0.0.1";  // --address: IPv4 to listen on
  uint16_t port = 8444;                // --port (0: any free port)
  std::string fqdn;                    // --fqdn: MAF-FQDN (required)
  std::vector<std::string> admin_fqdns;  // --admin-fqdn: comma-separated (required)
  std::string km_file;                 // --km-file: Master Credentials, 0600
  std::string data_dir;                // --data-dir: RocksDB of registrations and keys (required)
  int64_t registration_lifetime_seconds = 365 * 86400;  // --registration-lifetime (maximum)
  int64_t key_lifetime_seconds = 30 * 86400;            // --key-lifetime (maximum)
  std::string client_configs;          // --client-configs: JSON {client ID: mafClientCfg}
  // Remotely provisioned Master Credentials (§8.8.2.3): the MAF as the MEF's Enrolment Target.
  std::string mef;                     // --mef: host:port of citadel-mef ("": none)
  std::string mef_fqdn;                // --mef-fqdn: the MEF-FQDN, suffix of its KeIDs
  std::string mef_credential;          // --mef-credential: 'identity hexkey', 0600
  // Certificate-based MAF Handshakes (TS-0003 §8.8.2.2), on when all three are given.
  std::string tls_certificate;         // --tls.certificate: the MAF's (SAN DNS = --fqdn)
  std::string tls_private_key;         // --tls.privateKey: 0600
  std::string tls_ca_file;             // --tls.caFile: anchors for MAF Clients' certificates
  std::string log_level = "info";      // --log.level
  bool show_help = false;              // --help
};

// 4000 "maf.bad_option" (or "mef.bad_option" from the shared splitter) naming the option:
// unknown, repeated or value-less options, a bad port or lifetime, a missing --fqdn,
// --admin-fqdn or --data-dir, neither --km-file nor --tls.*, a bad --log.level, any positional
// argument.
model::Result<MafOptions> parseMafCommandLine(const std::vector<std::string>& args);

std::string mafHelpText();

}  // namespace citadel::tools::maf
