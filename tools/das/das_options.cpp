#include "tools/das/das_options.h"

#include <charconv>
#include <functional>
#include <map>
#include <set>

#include "cse/model/log.h"

namespace citadel::tools::das {
namespace {

using model::Result;
using model::Status;

Status badOption(std::string dbg) { return Status::badRequest(std::move(dbg), "das.bad_option"); }

bool hasControlCharacter(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  }
  return false;
}

Result<uint16_t> parsePort(std::string_view option, std::string_view text) {
  unsigned value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value > 65535) {
    return badOption("--" + std::string(option) + ": expected a port 0..65535 (0: any free port)");
  }
  return static_cast<uint16_t>(value);
}

using Setter = std::function<Status(DasOptions&, std::string_view)>;

struct OptionSpec {
  bool repeatable;
  Setter set;
};

Setter text(std::string DasOptions::*field) {
  return [field](DasOptions& o, std::string_view v) {
    o.*field = std::string(v);
    return Status();
  };
}

Setter append(std::vector<std::string> DasOptions::*field) {
  return [field](DasOptions& o, std::string_view v) {
    (o.*field).emplace_back(v);
    return Status();
  };
}

const std::map<std::string, OptionSpec, std::less<>>& optionTable() {
  static const auto* table = new std::map<std::string, OptionSpec, std::less<>>{
      {"http.address", {false, text(&DasOptions::http_address)}},
      {"http.port",
       {false,
        [](DasOptions& o, std::string_view v) {
          CITADEL_ASSIGN_OR_RETURN(o.http_port, parsePort("http.port", v));
          return Status();
        }}},
      {"coap.address", {false, text(&DasOptions::coap_address)}},
      {"coap.port",
       {false,
        [](DasOptions& o, std::string_view v) {
          CITADEL_ASSIGN_OR_RETURN(uint16_t port, parsePort("coap.port", v));
          o.coap_port = port;
          return Status();
        }}},
      {"mqtt.broker", {false, text(&DasOptions::mqtt_broker)}},
      {"mqtt.id",
       {false,
        [](DasOptions& o, std::string_view v) {
          if (v.find_first_of("/+#") != std::string_view::npos) {
            return badOption("--mqtt.id: an ID for MQTT topics, without '/', '+', '#'");
          }
          o.mqtt_id = std::string(v);
          return Status();
        }}},
      {"issuer", {false, text(&DasOptions::issuer)}},
      {"alg",
       {false,
        [](DasOptions& o, std::string_view v) {
          if (v != "ES256" && v != "HS256") {
            return badOption("--alg: expected ES256 or HS256");
          }
          o.algorithm = std::string(v);
          return Status();
        }}},
      {"key", {false, text(&DasOptions::key_source)}},
      {"audience", {true, append(&DasOptions::audience)}},
      {"sp-id",
       {false,
        [](DasOptions& o, std::string_view v) {
          if (v.find('/') != std::string_view::npos) {
            return badOption("--sp-id: the SP-ID without slashes, e.g. citadel.example.com");
          }
          o.sp_id = std::string(v);
          return Status();
        }}},
      {"allow", {true, append(&DasOptions::allow)}},
      {"policy", {false, text(&DasOptions::policy_path)}},
      {"log.level",
       {false,
        [](DasOptions& o, std::string_view v) {
          model::LogLevel level;
          if (!model::parseLogLevel(v, &level)) {
            return badOption("--log.level: expected debug, info, warning, error or off");
          }
          o.log_level = std::string(v);
          return Status();
        }}},
  };
  return *table;
}

Status checkOptions(const DasOptions& o, const std::set<std::string>& seen) {
  if (o.policy_path.empty()) {
    return badOption("--policy: required (the path of the policy file)");
  }
  if (o.allow.empty()) {
    return badOption("--allow: required (the CSE-ID of each CSE this DAS answers; repeatable)");
  }
  if (!o.issuer.empty() && o.key_source.empty()) {
    return badOption("--key: required with --issuer (the key that signs issued tokens)");
  }
  if (o.issuer.empty() && !o.key_source.empty()) {
    return badOption("--issuer: required with --key (the iss of issued tokens)");
  }
  if (seen.count("mqtt.id") != 0 && o.mqtt_broker.empty()) {
    return badOption("--mqtt.id: needs --mqtt.broker");
  }
  return {};
}

}  // namespace

Result<DasOptions> parseDasCommandLine(const std::vector<std::string>& args) {
  DasOptions options;
  std::set<std::string> seen;
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") {
      options.show_help = true;
      return options;
    }
    size_t eq = arg.find('=');
    if (!arg.starts_with("--") || eq == std::string::npos) {
      return badOption("unexpected argument '" + arg.substr(0, 64) + "': use --<option>=<value>");
    }
    std::string name = arg.substr(2, eq - 2);
    std::string_view value = std::string_view(arg).substr(eq + 1);
    const auto& table = optionTable();
    auto spec = table.find(name);
    if (spec == table.end()) {
      return badOption("unknown option --" + name.substr(0, 64) + " (see --help)");
    }
    if (value.empty()) {
      return badOption("--" + name + ": needs a value");
    }
    if (hasControlCharacter(value)) {
      return badOption("--" + name + ": control characters are not allowed");
    }
    if (!spec->second.repeatable && !seen.insert(name).second) {
      return badOption("--" + name + ": given more than once");
    }
    CITADEL_RETURN_IF_ERROR(spec->second.set(options, value));
  }
  CITADEL_RETURN_IF_ERROR(checkOptions(options, seen));
  return options;
}

std::string dasHelpText() {
  return "usage: citadel-das --policy=FILE --allow=CSE-ID [options]\n\n"
         "The reference Dynamic Authorization Server (TS-0003 §7.3.2.2): answers the NOTIFY\n"
         "{\"m2m:seci\":{\"sit\":1,\"dreq\":{...}}} of the allowed CSEs from a policy file.\n"
         "With dreq.asi it asks for the AE's AuthorSign (dres.asri), and it keeps the\n"
         "authorization relationship mapping records of the tokens it issued: a sit 7 NOTIFY\n"
         "with darq {or, tids, aus} records them, one with darq {tids, asri:true} gets them back\n"
         "(sit 8, dars.signature).\n\n"
         "options:\n"
         "  --policy=FILE        the rules, one per line, first match wins:\n"
         "                         <originator> <target> <ops> <decision> [key=value...]\n"
         "                       patterns with '*'; ops CRUDN letters or '*'; decisions\n"
         "                       grant-once, grant pl=SECONDS, token ttl=SECONDS, deny;\n"
         "                       delay=MS (0..30000) on any rule\n"
         "  --allow=CSE-ID       a CSE whose requests are answered (fr); repeatable; others 4103\n"
         "  --http.port=N        HTTP port (default 8090; 0: any free port)\n"
         "  --http.address=IP    HTTP address (default 127.0.0.1)\n"
         "  --coap.port=N        also serve CoAP on this UDP port (0: any free port); the CoAP\n"
         "                       binding sends 2000 NOTIFY answers without payload for now, so\n"
         "                       only refusals and errors reach a CoAP client intact\n"
         "  --coap.address=IP    CoAP address (default 127.0.0.1)\n"
         "  --mqtt.broker=URI    also serve MQTT: requests on /oneM2M/req/<or>/<mqtt.id>/<fmt>\n"
         "  --mqtt.id=ID         the receiver ID in those topics (default das)\n"
         "  --issuer=ID          iss of the tokens issued by 'token' rules\n"
         "  --alg=ES256|HS256    their signature algorithm (default ES256)\n"
         "  --key=KEY            ES256: PEM private key path; HS256: hex:…, base64:… or a file\n"
         "  --audience=CSE-ID    aud of issued tokens; repeatable\n"
         "  --sp-id=SP           the SP-ID for absolute holder IDs (default citadel.example.com)\n"
         "  --log.level=LEVEL    debug, info (default: one line per decision), warning, error\n\n"
         "The last line printed on stdout, once every listener is up, is\n"
         "  DAS HTTP listening on <address>:<port>\n"
         "Option errors: one line on stderr naming the option, exit status 2.\n";
}

}  // namespace citadel::tools::das
