#include "tools/mef/client_options.h"

#include <openssl/ssl.h>

#include <charconv>
#include <set>

#include "tools/mef/command_line.h"

namespace citadel::tools::mef {
namespace {

model::Status badOption(std::string dbg) {
  return model::Status::badRequest(std::move(dbg), "mef.bad_option");
}

}  // namespace

model::Result<ClientCommand> parseClientCommandLine(const std::vector<std::string>& args) {
  CITADEL_ASSIGN_OR_RETURN(
      ParsedArgs parsed,
      splitArgs(args,
                {"mef", "mef-fqdn", "psk-file", "target", "suid", "tls", "id", "key", "cert",
                 "ca", "renew-before", "auth-cert", "auth-key", "mef-ca", "crl", "key-id",
                 "serial"},
                {"help", "show-key", "rekey", "server-keygen"}));
  ClientCommand command;
  if (parsed.flags.contains("help")) {
    command.show_help = true;
    return command;
  }
  static const std::set<std::string> kVerbs = {"bootstrap", "list", "cacerts", "enrol",
                                                "reenrol",   "crl",  "revoke"};
  if (parsed.positional.size() != 1 || !kVerbs.contains(parsed.positional[0])) {
    return badOption("expected one command: bootstrap, list, cacerts, enrol or reenrol (see "
                     "--help)");
  }
  command.verb = parsed.positional[0];
  command.show_key = parsed.flags.contains("show-key");
  auto value = [&](const char* name) -> const std::string* {
    auto it = parsed.values.find(name);
    return it == parsed.values.end() ? nullptr : &it->second;
  };
  const std::string* mef = value("mef");
  if (mef == nullptr) return badOption("--mef: required (host:port)");
  CITADEL_RETURN_IF_ERROR(parseHostPort("mef", *mef, &command.client.host, &command.client.port));
  command.client.mef_fqdn = value("mef-fqdn") ? *value("mef-fqdn") : command.client.host;
  if (const std::string* tls = value("tls")) {
    if (*tls != "1.2" && *tls != "1.3") return badOption("--tls: expected 1.2 or 1.3");
    command.client.max_tls_version = *tls == "1.2" ? TLS1_2_VERSION : 0;
  }
  if (command.verb == "bootstrap") {
    const std::string* target = value("target");
    const std::string* suid = value("suid");
    if (target == nullptr || suid == nullptr) {
      return badOption("bootstrap: --target and --suid are required");
    }
    command.request.target = *target;
    auto [end, error] = std::from_chars(suid->data(), suid->data() + suid->size(),
                                        command.request.suid);
    if (error != std::errc() || end != suid->data() + suid->size()) {
      return badOption("--suid: expected an m2m:suid number, e.g. 22");
    }
  } else if (value("target") || value("suid") || command.show_key) {
    return badOption(command.verb + ": takes no --target, --suid or --show-key");
  }
  bool est = command.verb == "cacerts" || command.verb == "enrol" || command.verb == "reenrol";
  for (auto [name, field] : {std::pair{"id", &command.identity_uri},
                             std::pair{"key", &command.key_file},
                             std::pair{"cert", &command.certificate_file},
                             std::pair{"ca", &command.ca_file}}) {
    if (const std::string* v = value(name)) {
      if (!est) return badOption(command.verb + ": takes no --" + name);
      *field = *v;
    }
  }
  if (command.verb == "crl") {
    if (!value("crl")) return badOption("crl: --crl=FILE is required");
    command.crl_file = *value("crl");
  } else if (value("crl")) {
    return badOption(command.verb + ": takes no --crl");
  }
  if (command.verb == "revoke") {
    if ((value("key-id") == nullptr) == (value("serial") == nullptr)) {
      return badOption("revoke: exactly one of --key-id and --serial");
    }
    command.revoke_what = value("key-id") ? "keId" : "serial";
    command.revoke_id = value("key-id") ? *value("key-id") : *value("serial");
  } else if (value("key-id") || value("serial")) {
    return badOption(command.verb + ": takes no --key-id or --serial");
  }
  command.rekey = parsed.flags.contains("rekey");
  command.server_keygen = parsed.flags.contains("server-keygen");
  if (command.server_keygen && command.verb != "enrol" &&
      !(command.verb == "reenrol" && command.rekey)) {
    return badOption("--server-keygen: for enrol, or reenrol --rekey (a new key pair)");
  }
  if (const std::string* v = value("renew-before")) {
    CITADEL_ASSIGN_OR_RETURN(command.renew_before_seconds, parseSeconds("renew-before", *v));
  }
  if (command.verb == "cacerts" && command.ca_file.empty()) {
    return badOption("cacerts: --ca=FILE is required");
  }
  if ((command.verb == "enrol" || command.verb == "reenrol") &&
      (command.identity_uri.empty() || command.key_file.empty() ||
       command.certificate_file.empty())) {
    return badOption(command.verb + ": --id, --key and --cert are required");
  }
  // The certificate-based MEF Handshake (TS-0003 §8.3.2.2) instead of the PSK one.
  if (value("auth-cert") || value("auth-key") || value("mef-ca")) {
    if (!value("auth-cert") || !value("auth-key") || !value("mef-ca") || value("psk-file")) {
      return badOption("--auth-cert, --auth-key and --mef-ca go together, instead of --psk-file");
    }
    command.client.certificate = {*value("auth-cert"), *value("auth-key"), *value("mef-ca")};
    return command;
  }
  const std::string* psk_file = value("psk-file");
  if (psk_file == nullptr) return badOption("--psk-file (or --auth-cert): required");
  CITADEL_ASSIGN_OR_RETURN(BootstrapPsks psks, BootstrapPsks::load(*psk_file));
  if (psks.size() != 1) return badOption("--psk-file: expected exactly one credential");
  command.client.psk = *psks.first();
  return command;
}

std::string clientHelpText() {
  return "citadel-mef-client: the Enrolee side of a oneM2M MEF bootstrap (TS-0003 §8.3.2.1).\n"
         "\n"
         "Usage:\n"
         "  citadel-mef-client bootstrap --mef=HOST:PORT --psk-file=FILE --target=FQDN --suid=N\n"
         "                     [--mef-fqdn=NAME] [--tls=1.2|1.3] [--show-key]\n"
         "  citadel-mef-client list --mef=HOST:PORT --psk-file=FILE [--mef-fqdn=NAME]\n"
         "  citadel-mef-client cacerts --mef=HOST:PORT --psk-file=FILE --ca=FILE\n"
         "  citadel-mef-client enrol --mef=HOST:PORT --psk-file=FILE --id=URI --key=FILE\n"
         "                     --cert=FILE [--ca=FILE]\n"
         "  citadel-mef-client reenrol --mef=HOST:PORT --psk-file=FILE --id=URI --key=FILE\n"
         "                     --cert=FILE [--renew-before=SECONDS] [--rekey]\n"
         "  citadel-mef-client crl --mef=HOST:PORT --psk-file=FILE --crl=FILE\n"
         "                     (the MEF's CRL of revoked certificates, for tls.crlFile)\n"
         "  citadel-mef-client revoke --mef=HOST:PORT --psk-file=ADMIN --key-id=KEID|--serial=HEX\n"
         "                     (an administrator's credential, --admin-psk-file of the MEF)\n"
         "  (enrol and reenrol --rekey take --server-keygen: the MEF makes the key pair,\n"
         "   RFC 7030 4.4, and sends it inside the session with the certificate)\n"
         "\n"
         "  --mef=HOST:PORT   the MEF's address\n"
         "  --mef-fqdn=NAME   the MEF-FQDN in KeIDs (default: HOST)\n"
         "  --psk-file=FILE   one line 'identity hexkey', mode 0600: the bootstrap credential\n"
         "  --auth-cert=FILE --auth-key=FILE --mef-ca=FILE  a certificate instead (TS-0003\n"
         "                    8.3.2.2): ours and its key, and the anchors for the MEF's, whose\n"
         "                    certificate must name --mef-fqdn\n"
         "  --target=FQDN     the Enrolment Target (FQDN form of its CSE-ID/AE-ID)\n"
         "  --suid=N          the usage the key is constrained to (m2m:suid, e.g. 22 = TLS-PSK,\n"
         "                    23 = ESPrim)\n"
         "  --tls=1.2|1.3     highest TLS version to offer (default 1.3)\n"
         "  --show-key        also print the derived usage-constrained key (a secret)\n"
         "  --id=URI          the certificate's identity: the Absolute AE-ID or CSE-ID the\n"
         "                    bootstrap credential is entitled to (//SP-ID/...)\n"
         "  --key=FILE        the private key: written by enrol (new EC P-256, mode 0600), used\n"
         "                    by reenrol (replaced with --rekey)\n"
         "  --cert=FILE       the enrolled certificate (PEM), written; reenrol reads its expiry\n"
         "  --ca=FILE         where to write the MEF CA's certificates (PEM)\n"
         "  --renew-before=SECONDS  reenrol only when the certificate expires within this\n"
         "                    (default 2592000, 30 days); otherwise it says so and exits 0\n"
         "\n"
         "bootstrap prints the KeID, lifetime and key confirmation once both ends derived the\n"
         "same keys; the key itself only with --show-key. list prints the KeIDs issued to this\n"
         "credential. enrol/reenrol run EST (RFC 7030) inside the bootstrap session: the CSR's\n"
         "challengePassword binds it to the session. Exit status: 0 done, 1 the MEF or\n"
         "handshake failed, 2 a bad option or file.\n";
}

}  // namespace citadel::tools::mef
