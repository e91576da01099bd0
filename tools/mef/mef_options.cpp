#include "tools/mef/mef_options.h"

#include "cse/model/log.h"
#include "security/enrolment/enrolment_keys.h"
#include "tools/mef/command_line.h"

namespace citadel::tools::mef {
namespace {

model::Status badOption(std::string dbg) {
  return model::Status::badRequest(std::move(dbg), "mef.bad_option");
}

}  // namespace

model::Result<MefOptions> parseMefCommandLine(const std::vector<std::string>& args) {
  CITADEL_ASSIGN_OR_RETURN(
      ParsedArgs parsed,
      splitArgs(args,
                {"address", "port", "fqdn", "psk-file", "target-psk-file", "admin-psk-file",
                 "data-dir", "lifetime",
                 "log.level", "est.caCertificate", "est.caKey", "est.lifetime", "sp-id",
                 "tls.certificate", "tls.privateKey", "tls.caFile"},
                {"help", "certificate-targets"}));
  MefOptions options;
  if (parsed.flags.contains("help")) {
    options.show_help = true;
    return options;
  }
  if (!parsed.positional.empty()) return badOption("unexpected argument " + parsed.positional[0]);
  auto value = [&](const char* name) { return parsed.value(name); };
  if (auto* v = value("address")) options.address = *v;
  if (auto* v = value("target-psk-file")) options.target_psk_file = *v;
  if (auto* v = value("admin-psk-file")) options.admin_psk_file = *v;
  if (auto* v = value("est.caCertificate")) options.ca_certificate = *v;
  if (auto* v = value("est.caKey")) options.ca_key = *v;
  if (auto* v = value("sp-id")) options.sp_id = *v;
  CITADEL_RETURN_IF_ERROR(readTlsServerFiles(parsed, &options.tls_certificate,
                                             &options.tls_private_key, &options.tls_ca_file));
  options.certificate_targets = parsed.flags.contains("certificate-targets");
  if (options.certificate_targets && options.tls_certificate.empty()) {
    return badOption("--certificate-targets needs --tls.certificate, --tls.privateKey and "
                     "--tls.caFile");
  }
  if (options.ca_certificate.empty() != options.ca_key.empty()) {
    return badOption("--est.caCertificate and --est.caKey go together");
  }
  if (auto* v = value("est.lifetime")) {
    CITADEL_ASSIGN_OR_RETURN(options.certificate_lifetime_seconds,
                             parseSeconds("est.lifetime", *v));
  }
  if (auto* v = value("port")) {
    CITADEL_ASSIGN_OR_RETURN(options.port, parsePort("port", *v));
  }
  if (auto* v = value("lifetime")) {
    CITADEL_ASSIGN_OR_RETURN(options.lifetime_seconds, parseSeconds("lifetime", *v));
  }
  CITADEL_RETURN_IF_ERROR(readLogLevel(parsed, &options.log_level));
  for (auto [name, field] : {std::pair{"fqdn", &options.fqdn},
                             std::pair{"psk-file", &options.psk_file},
                             std::pair{"data-dir", &options.data_dir}}) {
    auto* v = value(name);
    if (v == nullptr) return badOption(std::string("--") + name + ": required (see --help)");
    *field = *v;
  }
  if (!security::enrolment::encodeIdentifier(options.fqdn).isOk()) {
    return badOption("--fqdn: expected an FQDN in printable ASCII");
  }
  return options;
}

std::string mefHelpText() {
  return "citadel-mef: a oneM2M M2M Enrolment Function (TS-0003 §8.3), pre-provisioned PSK "
         "bootstrap.\n"
         "\n"
         "Usage: citadel-mef --fqdn=mef.example.com --psk-file=FILE --data-dir=DIR [options]\n"
         "\n"
         "  --fqdn=NAME        the MEF-FQDN; KeIDs are <hex>@NAME (required)\n"
         "  --psk-file=FILE    Enrolees' bootstrap credentials, one 'identity hexkey [Enrolee-ID]'\n"
         "                     a line, mode 0600 (required); the identity is the Enrolee's TLS-PSK\n"
         "                     identity, the Enrolee-ID the AE-ID/CSE-ID its keys are bound to\n"
         "  --target-psk-file=FILE  Enrolment Targets' credentials, one 'identity hexkey\n"
         "                     target-FQDN' a line, mode 0600: who may fetch keys issued for\n"
         "                     that target (optional; identities distinct from --psk-file's)\n"
         "  --admin-psk-file=FILE  administrators' credentials ('identity hexkey', 0600): their\n"
         "                     sessions POST /admin/revoke {\"keId\": K} or {\"serial\": S}\n"
         "  --data-dir=DIR     RocksDB of issued Enrolment Keys, created 0700 (required)\n"
         "  --address=IPV4     listen address (default 127.0.0.1)\n"
         "  --port=N           listen port (default 8443; 0: any free port)\n"
         "  --lifetime=SECONDS Enrolment Expiry of issued keys (default 2592000, 30 days)\n"
         "  --est.caCertificate=FILE --est.caKey=FILE  the CA (PEM; key 0600) that signs EST\n"
         "                     enrolments: serves /.well-known/est/{cacerts,csrattrs,\n"
         "                     simpleenroll,simplereenroll} to Enrolees (optional)\n"
         "  --est.lifetime=SECONDS  lifetime of enrolled certificates (default 31536000)\n"
         "  --sp-id=SPID       makes a relative Enrolee-ID absolute (//SPID/ID) for the\n"
         "                     certificate's subjectAltName URI\n"
         "  --tls.certificate=FILE --tls.privateKey=FILE --tls.caFile=FILE  also accept\n"
         "                     certificate-based MEF Handshakes (TS-0003 8.3.2.2): the MEF's\n"
         "                     certificate (naming --fqdn), and the anchors for Enrolees'\n"
         "                     certificates, whose one URI is the Enrolee's identity\n"
         "  --certificate-targets  with --tls.*: an Enrolment Target may also authenticate by\n"
         "                     its certificate, whose one DNS name (a CSE-ID certificate's\n"
         "                     public domain name) is its Enrolment-Target-ID\n"
         "  --log.level=LEVEL  debug, info, warning, error (default info)\n"
         "  --help             this text\n"
         "\n"
         "Enrolees connect with TLS 1.2/1.3 PSK, both ends export Ke with the label\n"
         "EXPORTER-oneM2M-Bootstrap, and the Enrolee sends one request per session:\n"
         "  POST /bootstrap {\"target\": FQDN, \"suid\": N}  -> KeID, lifetime, key confirmation\n"
         "  GET  /enrolments                               -> the Enrolee's issued KeIDs\n"
         "With --est.*, an Enrolee enrols a certificate for its Enrolee-ID (SAN URI), the CSR's\n"
         "challengePassword = base64 of the session's RFC 9266 channel binding.\n"
         "Enrolment Targets connect with their own credential and fetch a key:\n"
         "  GET /fetchCredentials/<KeID>/<suid>, X-M2M-Origin: target-FQDN -> key, Enrolee-ID\n"
         "Ready line on stdout: 'MEF listening on <address>:<port>'. Keys are never logged.\n"
         "See tools/mef/README.md.\n";
}

}  // namespace citadel::tools::mef
