// citadel-maf-client: a MAF Client's side of every MAF procedure (TS-0003 §8.8.2), one per run.
// Parses the command line, runs the procedure (security/mef_client/maf_client.h), prints the
// answer as 'name value' lines. Exit status: 0 done, 1 the MAF refused or could not be reached,
// 2 a bad command line.
#include <openssl/crypto.h>
#include <openssl/ssl.h>

#include <chrono>
#include <iostream>
#include <map>
#include <set>

#include "cse/model/clock.h"
#include "security/enrolment/enrolment_keys.h"
#include "security/mef_client/credential_files.h"
#include "security/mef_client/maf_client.h"
#include "tools/mef/command_line.h"

namespace {

using namespace citadel;
using security::mef::MafMessage;
using security::mef::MefClientOptions;
namespace shapes = security::mef::maf_shapes;

constexpr int kRefused = 1;
constexpr int kUsageError = 2;

const char* kHelp =
    "citadel-maf-client: a MAF Client (TS-0003 8.8.2), one procedure per run.\n"
    "\n"
    "Usage: citadel-maf-client COMMAND --maf=HOST:PORT [--maf-fqdn=NAME] --km-file=FILE\n"
    "                          [options]\n"
    "  register        --admin-fqdn=A --lifetime=SECONDS [--labels=a,b] [--save-km=FILE]\n"
    "  config          --reg-id=ID\n"
    "  update          --reg-id=ID [--lifetime=SECONDS] [--labels=a,b]\n"
    "  deregister      --reg-id=ID\n"
    "  register-key    --admin-fqdn=A --suid=N --targets=ID[,ID] --lifetime=SECONDS\n"
    "                  [--labels=a,b] [--key=HEX] [--show-key]\n"
    "  retrieve-key    --key-id=RELATIVE[@MAF-FQDN] [--show-key]\n"
    "  update-key      --key-id=... [--lifetime=SECONDS] [--labels=a,b] [--targets=ID[,ID]]\n"
    "  deregister-key  --key-id=...\n"
    "\n"
    "  --maf=HOST:PORT   the MAF's address; --maf-fqdn its FQDN (default HOST)\n"
    "  --km-file=FILE    one line 'KmID hexKm', mode 0600: the Master Credential\n"
    "  --auth-cert=FILE --auth-key=FILE --maf-ca=FILE  a certificate instead (8.8.2.2); the\n"
    "                    MAF's certificate must name --maf-fqdn\n"
    "  --tls=1.2|1.3     highest TLS version to offer (default 1.3)\n"
    "  --lifetime=S      the proposed expirationTime, S seconds from now\n"
    "  --key=HEX         register this 32-byte key (64 hex digits) instead of exporting one\n"
    "                    from the session (EXPORTER-oneM2M-Connection)\n"
    "  --show-key        also print the key (a secret)\n"
    "  --save-km=FILE    register/update: when the MAF assigns a KmID (a key the MEF\n"
    "                    provisioned, 8.8.2.3), write 'KmID hexKm' there (0600) for later runs\n"
    "Prints the answer's parameters, one 'name value' a line; register-key also prints\n"
    "'keyId RELATIVE@MAF-FQDN', the Key Identifier the targets are given.\n";

model::Status badOption(std::string dbg) {
  return model::Status::badRequest(std::move(dbg), "maf.bad_option");
}

std::vector<std::string> splitList(std::string_view text) {
  std::vector<std::string> list;
  while (!text.empty()) {
    size_t comma = text.find(',');
    list.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return list;
}

struct Command {
  std::string verb;
  MefClientOptions client;
  MafMessage request;
  bool show_key = false;
  std::string save_km;  // --save-km: where the assigned KmID and our Km go
};

model::Result<Command> parse(const std::vector<std::string>& args) {
  CITADEL_ASSIGN_OR_RETURN(
      tools::mef::ParsedArgs parsed,
      tools::mef::splitArgs(args,
                            {"maf", "maf-fqdn", "km-file", "auth-cert", "auth-key", "maf-ca",
                             "tls", "admin-fqdn", "lifetime", "labels", "reg-id", "suid",
                             "targets", "key", "key-id", "save-km"},
                            {"show-key"}));
  static const std::set<std::string> kVerbs = {"register",       "config",       "update",
                                               "deregister",     "register-key", "retrieve-key",
                                               "update-key",     "deregister-key"};
  if (parsed.positional.size() != 1 || !kVerbs.contains(parsed.positional[0])) {
    return badOption("expected one command (see --help)");
  }
  Command command;
  command.verb = parsed.positional[0];
  command.client.peer_name = "MAF";
  command.show_key = parsed.flags.contains("show-key");
  auto value = [&](const char* name) -> const std::string* {
    auto it = parsed.values.find(name);
    return it == parsed.values.end() ? nullptr : &it->second;
  };
  if (value("maf") == nullptr) return badOption("--maf: required (host:port)");
  CITADEL_RETURN_IF_ERROR(tools::mef::parseHostPort("maf", *value("maf"), &command.client.host,
                                                    &command.client.port));
  command.client.mef_fqdn = value("maf-fqdn") ? *value("maf-fqdn") : command.client.host;
  if (const std::string* tls = value("tls")) {
    if (*tls != "1.2" && *tls != "1.3") return badOption("--tls: expected 1.2 or 1.3");
    command.client.max_tls_version = *tls == "1.2" ? TLS1_2_VERSION : 0;
  }
  if (value("auth-cert") || value("auth-key") || value("maf-ca")) {
    if (!value("auth-cert") || !value("auth-key") || !value("maf-ca") || value("km-file")) {
      return badOption("--auth-cert, --auth-key and --maf-ca go together, instead of --km-file");
    }
    command.client.certificate = {*value("auth-cert"), *value("auth-key"), *value("maf-ca")};
  } else {
    if (value("km-file") == nullptr) return badOption("--km-file (or --auth-cert): required");
    CITADEL_ASSIGN_OR_RETURN(security::mef::BootstrapPsks psks,
                             security::mef::BootstrapPsks::load(*value("km-file")));
    if (psks.size() != 1) return badOption("--km-file: expected exactly one credential");
    command.client.psk = *psks.first();
  }

  // The request: every option the command takes, the rest refused.
  MafMessage& r = command.request;
  const std::string& verb = command.verb;
  if (verb != "retrieve-key") r.maf_fqdn = command.client.mef_fqdn;
  // Which command takes which request option.
  static const std::map<std::string, std::set<std::string>> kTakenBy = {
      {"admin-fqdn", {"register", "register-key"}},
      {"lifetime", {"register", "update", "register-key", "update-key"}},
      {"labels", {"register", "update", "register-key", "update-key"}},
      {"reg-id", {"config", "update", "deregister"}},
      {"suid", {"register-key"}},
      {"targets", {"register-key", "update-key"}},
      {"key", {"register-key"}},
      {"key-id", {"retrieve-key", "update-key", "deregister-key"}},
      {"save-km", {"register", "update"}}};
  for (const auto& [name, verbs] : kTakenBy) {
    if (value(name.c_str()) != nullptr && !verbs.contains(verb)) {
      return badOption(verb + ": takes no --" + name);
    }
  }
  if (command.show_key && verb != "register-key" && verb != "retrieve-key") {
    return badOption(verb + ": takes no --show-key");
  }
  if (auto* v = value("save-km")) command.save_km = *v;
  if (auto* v = value("admin-fqdn")) r.admin_fqdn = *v;
  if (auto* v = value("reg-id")) r.client_reg_id = *v;
  if (auto* v = value("labels")) r.labels = splitList(*v);
  if (auto* v = value("targets")) r.target_ids = splitList(*v);
  if (auto* v = value("lifetime")) {
    CITADEL_ASSIGN_OR_RETURN(int64_t seconds, tools::mef::parseSeconds("lifetime", *v));
    r.expiration_time = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count() +
                        seconds;
  }
  if (auto* v = value("suid")) {
    try {
      r.suid = std::stoi(*v);
    } catch (const std::exception&) {
      return badOption("--suid: expected a number (32..35)");
    }
  }
  if (auto* v = value("key")) {
    auto key = security::enrolment::fromHex(*v);
    if (!key.isOk() || key.value().size() != 32) {
      return badOption("--key: expected 32 bytes as 64 hex digits");
    }
    r.key_value = std::move(key).value();
  }
  if (auto* v = value("key-id")) {
    // RELATIVE or the whole Key Identifier RELATIVE@MAF-FQDN (§10.3.5).
    r.relative_key_id = v->substr(0, v->find('@'));
  }
  return command;
}

void print(const MafMessage& m, bool show_key) {
  auto line = [](const char* name, const std::string& value) {
    std::cout << name << " " << value << "\n";
  };
  auto list = [](const std::vector<std::string>& items) {
    std::string text;
    for (const std::string& item : items) text += (text.empty() ? "" : ",") + item;
    return text;
  };
  if (m.client_reg_id) line("mafClientRegID", *m.client_reg_id);
  if (m.client_id) line("mafClientID", *m.client_id);
  if (m.assigned_km_id) line("assignedSymmKeyID", *m.assigned_km_id);
  if (m.relative_key_id) line("relativeKeyID", *m.relative_key_id);
  if (m.source_client_id) line("sourceMafClientID", *m.source_client_id);
  if (m.admin_fqdn) line("adminFQDN", *m.admin_fqdn);
  if (m.suid) line("suid", std::to_string(*m.suid));
  if (m.target_ids) line("targetIDs", list(*m.target_ids));
  if (m.labels) line("labels", list(*m.labels));
  if (m.expiration_time) {
    line("expirationTime", model::formatTimestamp(model::TimePoint(
                               std::chrono::seconds(*m.expiration_time))));
  }
  if (m.client_config) line("mafClientCfg", m.client_config->dump());
  if (m.key_value && show_key) {
    std::string hex = security::enrolment::toHex(*m.key_value);
    line("key", hex);
    OPENSSL_cleanse(hex.data(), hex.size());
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  for (const std::string& arg : args) {
    if (arg == "--help") {
      std::cout << kHelp;
      return 0;
    }
  }
  auto parsed = parse(args);
  if (!parsed.isOk()) {
    std::cerr << "citadel-maf-client: " << parsed.status().dbg() << "\n";
    return kUsageError;
  }
  const Command& c = parsed.value();
  model::Result<MafMessage> answer = model::Status::internal("no procedure", "maf.internal");
  if (c.verb == "register-key") {
    auto registered = security::mef::registerKey(c.client, c.request);
    if (registered.isOk()) {
      std::cout << "keyId " << registered.value().key_id << "\n";
      if (c.show_key) {
        std::string hex = security::enrolment::toHex(registered.value().key);
        std::cout << "key " << hex << "\n";
        OPENSSL_cleanse(hex.data(), hex.size());
      }
      answer = std::move(registered.value().answer);
    } else {
      answer = registered.status();
    }
  } else {
    static const std::map<std::string, std::pair<const char*, const security::mef::MafShape*>>
        kProcedures = {
            {"register", {"clientRegistration", &shapes::kClientRegistrationAnswer}},
            {"config", {"clientConfigurationRetrieval", &shapes::kClientConfigurationAnswer}},
            {"update", {"clientRegistrationUpdate", &shapes::kClientRegistrationUpdateAnswer}},
            {"deregister", {"clientDeregistration", &shapes::kEmptyAnswer}},
            {"retrieve-key", {"keyRetrieval", &shapes::kKeyRetrievalAnswer}},
            {"update-key", {"keyRegistrationUpdate", &shapes::kKeyRegistrationUpdateAnswer}},
            {"deregister-key", {"keyDeregistration", &shapes::kEmptyAnswer}},
        };
    const auto& [procedure, shape] = kProcedures.at(c.verb);
    answer = security::mef::callMaf(c.client, procedure, c.request, *shape);
  }
  if (!answer.isOk()) {
    std::cerr << "citadel-maf-client: " << answer.status().dbg() << "\n";
    return kRefused;
  }
  print(answer.value(), c.show_key);
  if (answer.value().assigned_km_id && !c.save_km.empty()) {
    // §8.8.2.3: the assigned KmID replaces the KeID for every later MAF Handshake; the Km is
    // the key this session used.
    std::string hex = security::enrolment::toHex(c.client.psk.key);
    std::string line = *answer.value().assigned_km_id + " " + hex + "\n";
    bool written = security::mef::writeFileAtomically(c.save_km, line, 0600);
    OPENSSL_cleanse(hex.data(), hex.size());
    OPENSSL_cleanse(line.data(), line.size());
    if (!written) {
      std::cerr << "citadel-maf-client: cannot write " << c.save_km << "\n";
      return kRefused;
    }
    std::cout << "saved " << c.save_km << "\n";
  }
  std::cout << "done " << c.verb << "\n";
  return 0;
}
