#include "tools/mef/client_options.h"

#include <openssl/ssl.h>

#include <charconv>

#include "tools/mef/command_line.h"

namespace citadel::tools::mef {
namespace {

model::Status badOption(std::string dbg) {
  return model::Status::badRequest(std::move(dbg), "mef.bad_option");
}

// "host:port" (the host may be a name or IPv4 address; "[v6]:port" for IPv6).
model::Status parseMef(std::string_view text, MefClientOptions& client) {
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return badOption("--mef: expected host:port");
  }
  std::string_view host = text.substr(0, colon);
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  CITADEL_ASSIGN_OR_RETURN(client.port, parsePort("mef", text.substr(colon + 1)));
  client.host = std::string(host);
  return {};
}

}  // namespace

model::Result<ClientCommand> parseClientCommandLine(const std::vector<std::string>& args) {
  CITADEL_ASSIGN_OR_RETURN(
      ParsedArgs parsed,
      splitArgs(args, {"mef", "mef-fqdn", "psk-file", "target", "suid", "tls"},
                {"help", "show-key"}));
  ClientCommand command;
  if (parsed.flags.contains("help")) {
    command.show_help = true;
    return command;
  }
  if (parsed.positional.size() != 1 ||
      (parsed.positional[0] != "bootstrap" && parsed.positional[0] != "list")) {
    return badOption("expected one command, bootstrap or list (see --help)");
  }
  command.verb = parsed.positional[0];
  command.show_key = parsed.flags.contains("show-key");
  auto value = [&](const char* name) -> const std::string* {
    auto it = parsed.values.find(name);
    return it == parsed.values.end() ? nullptr : &it->second;
  };
  const std::string* mef = value("mef");
  if (mef == nullptr) return badOption("--mef: required (host:port)");
  CITADEL_RETURN_IF_ERROR(parseMef(*mef, command.client));
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
    return badOption("list: takes no --target, --suid or --show-key");
  }
  const std::string* psk_file = value("psk-file");
  if (psk_file == nullptr) return badOption("--psk-file: required");
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
         "\n"
         "  --mef=HOST:PORT   the MEF's address\n"
         "  --mef-fqdn=NAME   the MEF-FQDN in KeIDs (default: HOST)\n"
         "  --psk-file=FILE   one line 'identity hexkey', mode 0600: the bootstrap credential\n"
         "  --target=FQDN     the Enrolment Target (FQDN form of its CSE-ID/AE-ID)\n"
         "  --suid=N          the usage the key is constrained to (m2m:suid, e.g. 22 = TLS-PSK,\n"
         "                    23 = ESPrim)\n"
         "  --tls=1.2|1.3     highest TLS version to offer (default 1.3)\n"
         "  --show-key        also print the derived usage-constrained key (a secret)\n"
         "\n"
         "bootstrap prints the KeID, lifetime and key confirmation once both ends derived the\n"
         "same keys; the key itself only with --show-key. list prints the KeIDs issued to this\n"
         "credential. Exit status: 0 done, 1 the MEF or handshake failed, 2 a bad option.\n";
}

}  // namespace citadel::tools::mef
