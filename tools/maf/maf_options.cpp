#include "tools/maf/maf_options.h"

#include "cse/model/log.h"
#include "security/enrolment/enrolment_keys.h"
#include "tools/mef/command_line.h"

namespace citadel::tools::maf {
namespace {

model::Status badOption(std::string dbg) {
  return model::Status::badRequest(std::move(dbg), "maf.bad_option");
}

bool isIdentifier(std::string_view text) {
  return security::enrolment::encodeIdentifier(text).isOk();
}

}  // namespace

model::Result<MafOptions> parseMafCommandLine(const std::vector<std::string>& args) {
  CITADEL_ASSIGN_OR_RETURN(
      mef::ParsedArgs parsed,
      mef::splitArgs(args,
                     {"address", "port", "fqdn", "admin-fqdn", "km-file", "data-dir",
                      "registration-lifetime", "key-lifetime", "client-configs", "log.level",
                      "mef", "mef-fqdn", "mef-credential",
                      "tls.certificate", "tls.privateKey", "tls.caFile"},
                     {"help"}));
  MafOptions options;
  if (parsed.flags.contains("help")) {
    options.show_help = true;
    return options;
  }
  if (!parsed.positional.empty()) return badOption("unexpected argument " + parsed.positional[0]);
  auto value = [&](const char* name) { return parsed.value(name); };
  if (auto* v = value("address")) options.address = *v;
  if (auto* v = value("km-file")) options.km_file = *v;
  if (auto* v = value("client-configs")) options.client_configs = *v;
  if (auto* v = value("mef")) options.mef = *v;
  if (auto* v = value("mef-fqdn")) options.mef_fqdn = *v;
  if (auto* v = value("mef-credential")) options.mef_credential = *v;
  if (!options.mef.empty() && (options.mef_fqdn.empty() || options.mef_credential.empty())) {
    return badOption("--mef needs --mef-fqdn and --mef-credential");
  }
  if (options.mef.empty() && (!options.mef_fqdn.empty() || !options.mef_credential.empty())) {
    return badOption("--mef-fqdn and --mef-credential need --mef");
  }
  CITADEL_RETURN_IF_ERROR(mef::readTlsServerFiles(parsed, &options.tls_certificate,
                                             &options.tls_private_key, &options.tls_ca_file));
  if (options.km_file.empty() && options.tls_certificate.empty() && options.mef.empty()) {
    return badOption("--km-file, --mef or --tls.*: a MAF Handshake needs Master Credentials "
                     "or certificates (see --help)");
  }
  if (auto* v = value("port")) {
    CITADEL_ASSIGN_OR_RETURN(options.port, mef::parsePort("port", *v));
  }
  if (auto* v = value("registration-lifetime")) {
    CITADEL_ASSIGN_OR_RETURN(options.registration_lifetime_seconds,
                             mef::parseSeconds("registration-lifetime", *v));
  }
  if (auto* v = value("key-lifetime")) {
    CITADEL_ASSIGN_OR_RETURN(options.key_lifetime_seconds,
                             mef::parseSeconds("key-lifetime", *v));
  }
  CITADEL_RETURN_IF_ERROR(mef::readLogLevel(parsed, &options.log_level));
  for (auto name : {"fqdn", "admin-fqdn", "data-dir"}) {
    if (value(name) == nullptr) {
      return badOption(std::string("--") + name + ": required (see --help)");
    }
  }
  options.fqdn = *value("fqdn");
  options.data_dir = *value("data-dir");
  if (!isIdentifier(options.fqdn) || options.fqdn.find('@') != std::string::npos) {
    return badOption("--fqdn: expected an FQDN in printable ASCII");
  }
  std::string_view list = *value("admin-fqdn");
  while (true) {
    size_t comma = list.find(',');
    std::string_view one = list.substr(0, comma);
    if (!isIdentifier(one)) return badOption("--admin-fqdn: expected FQDNs separated by commas");
    options.admin_fqdns.emplace_back(one);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return options;
}

std::string mafHelpText() {
  return "citadel-maf: a oneM2M M2M Authentication Function (TS-0003 8.8): MAF Client\n"
         "registration and the distribution of symmetric keys (SAEF, ESPrim, ESData).\n"
         "\n"
         "Usage: citadel-maf --fqdn=maf.example.com --admin-fqdn=sp.example.com\n"
         "                   --km-file=FILE --data-dir=DIR [options]\n"
         "\n"
         "  --fqdn=NAME        the MAF-FQDN; key identifiers are <RelativeKeyID>@NAME (required)\n"
         "  --admin-fqdn=A[,B] the administrating stakeholders this MAF serves (required)\n"
         "  --km-file=FILE     pre-provisioned Master Credentials, one 'KmID hexKm MAF-Client-ID'\n"
         "                     a line, mode 0600: KmID = relative@NAME (10.6), the client ID an\n"
         "                     Absolute AE-ID or CSE-ID (//SP-ID/...)\n"
         "  --data-dir=DIR     RocksDB of registrations and keys, created 0700 (required)\n"
         "  --address=IPV4     listen address (default 127.0.0.1)\n"
         "  --port=N           listen port (default 8444; 0: any free port)\n"
         "  --registration-lifetime=SECONDS  longest MAF Client Registration (default 31536000)\n"
         "  --key-lifetime=SECONDS  longest Key Registration (default 2592000, 30 days)\n"
         "  --client-configs=FILE  JSON object: MAF Client ID -> its MAF Client Configuration\n"
         "                     (8.8.2.4)\n"
         "  --mef=HOST:PORT --mef-fqdn=NAME --mef-credential=FILE  remotely provisioned Master\n"
         "                     Credentials (8.8.2.3): a client that connects with a KeID of\n"
         "                     that MEF and its key (SUID 21, Enrolment Target = --fqdn) gets\n"
         "                     the key from the MEF with this MAF's credential ('identity\n"
         "                     hexkey', 0600) and, at registration, a KmID for it\n"
         "  --tls.certificate=FILE --tls.privateKey=FILE --tls.caFile=FILE  also accept\n"
         "                     certificate-based MAF Handshakes (8.8.2.2): the MAF's certificate\n"
         "                     (naming --fqdn) and the anchors for clients' certificates, whose\n"
         "                     one URI is the MAF Client ID\n"
         "  --log.level=LEVEL  debug, info, warning, error (default info)\n"
         "  --help             this text\n"
         "\n"
         "A MAF Client connects with TLS-PSK (psk_identity KmID, psk Km) or its certificate and\n"
         "sends one POST per session to /maf/<procedure>: clientRegistration,\n"
         "clientConfigurationRetrieval, clientRegistrationUpdate, clientDeregistration,\n"
         "keyRegistration, keyRetrieval, keyRegistrationUpdate, keyDeregistration.\n"
         "Ready line on stdout: 'MAF listening on <address>:<port>'. Keys are never logged.\n"
         "See tools/maf/README.md.\n";
}

}  // namespace citadel::tools::maf
