#include "tools/esprim_cli/esprim_options.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "security/config_lines.h"

namespace citadel::tools {
namespace {

using model::Json;
using model::Result;
using model::Status;

Status badOption(const std::string& dbg) { return Status::badRequest(dbg, "tool.bad_option"); }

bool wholeNumber(const std::string& text, int64_t low, int64_t high, int64_t* out) {
  if (text.empty() || text.size() > 12) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  int64_t value = std::stoll(text);
  if (value < low || value > high) return false;
  *out = value;
  return true;
}

Result<Json> jsonObject(const std::string& option, const std::string& text) {
  Json parsed = Json::parse(text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return badOption(option + ": expected a JSON object");
  }
  return parsed;
}

bool knownOperation(const std::string& name, EsprimOptions& options) {
  static const std::map<std::string, model::Operation> kOperations = {
      {"create", model::Operation::kCreate},   {"retrieve", model::Operation::kRetrieve},
      {"update", model::Operation::kUpdate},   {"delete", model::Operation::kDelete},
      {"discover", model::Operation::kRetrieve}};
  auto found = kOperations.find(name);
  if (found == kOperations.end()) return false;
  options.operation = found->second;
  options.discovery = name == "discover";
  return true;
}

}  // namespace

Result<EsprimOptions> parseEsprimCommandLine(const std::vector<std::string>& args) {
  EsprimOptions options;
  std::map<std::string, std::string> values;
  std::vector<std::string> positional;
  static const std::vector<std::string> kKnown = {"cse", "cse-base", "cse-id", "from", "key-id",
                                                  "key-file", "enc", "timeout", "ty", "content",
                                                  "rcn", "fc", "cert", "cert-key", "ca",
                                                  "cse-identity"};
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") {
      options.help = true;
      return options;
    }
    if (!arg.starts_with("--")) {
      positional.push_back(arg);
      continue;
    }
    if (arg == "--shared-rand") {
      if (options.shared_rand) return badOption("--shared-rand: given twice");
      options.shared_rand = true;
      continue;
    }
    if (arg.starts_with("--shared-rand=")) {
      return badOption("--shared-rand: takes no value");
    }
    size_t eq = arg.find('=');
    std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    if (std::find(kKnown.begin(), kKnown.end(), name) == kKnown.end()) {
      return badOption("unknown option --" + name.substr(0, 64));
    }
    if (eq == std::string::npos) {
      return badOption("--" + name + ": expected --" + name + "=<value>");
    }
    std::string value = arg.substr(eq + 1);
    if (value.empty() || value.size() > kMaxEsprimOptionBytes) {
      return badOption("--" + name + ": the value is empty or longer than " +
                       std::to_string(kMaxEsprimOptionBytes) + " bytes");
    }
    if (!values.emplace(name, value).second) {
      return badOption("--" + name + ": given twice");
    }
  }
  auto take = [&](const std::string& name, std::string& into) {
    if (auto it = values.find(name); it != values.end()) into = it->second;
  };
  take("cse", options.cse);
  take("cse-base", options.cse_base);
  take("cse-id", options.cse_id);
  take("from", options.from);
  take("key-id", options.key_id);
  take("key-file", options.key_file);
  take("enc", options.enc);
  take("cert", options.certificate);
  take("cert-key", options.certificate_key);
  take("ca", options.ca_file);
  take("cse-identity", options.cse_identity);
  options.escertke = !positional.empty() && positional[0] == "escertke";
  std::vector<const char*> required = {"cse", "from", "key-file"};
  if (options.escertke) {
    required.insert(required.end(), {"cert", "cert-key", "ca", "cse-identity"});
  } else {
    required.push_back("key-id");
  }
  for (const char* name : required) {
    if (!values.contains(name)) {
      return badOption(std::string("--") + name + ": required" +
                       (options.escertke ? " with escertke" : ""));
    }
  }
  if (!options.cse.starts_with("http://") && !options.cse.starts_with("coap://") &&
      !options.cse.starts_with("mqtt://")) {
    return badOption("--cse: expected http://host:port, coap://host:port or mqtt://host:port");
  }
  while (options.cse.ends_with("/")) options.cse.pop_back();
  if (options.enc != "A128GCM" && options.enc != "A192GCM" && options.enc != "A256GCM") {
    return badOption("--enc: expected A128GCM, A192GCM or A256GCM");
  }
  int64_t number = 0;
  if (auto it = values.find("timeout"); it != values.end()) {
    if (!wholeNumber(it->second, 1, 300, &number)) {
      return badOption("--timeout: expected a whole number of seconds 1..300");
    }
    options.timeout = std::chrono::seconds(number);
  }
  if (options.escertke) {
    for (const char* request_only : {"key-id", "ty", "content", "rcn", "fc"}) {
      if (values.contains(request_only)) {
        return badOption(std::string("--") + request_only + ": not with escertke");
      }
    }
    if (options.shared_rand) return badOption("--shared-rand: not with escertke");
    if (positional.size() != 1) {
      return badOption("unexpected argument '" + positional[1].substr(0, 64) + "'");
    }
    return options;
  }
  for (const char* escertke_only : {"cert", "cert-key", "ca", "cse-identity"}) {
    if (values.contains(escertke_only)) {
      return badOption(std::string("--") + escertke_only + ": only with escertke");
    }
  }
  if (positional.empty()) {
    return badOption(
        "expected an operation: create, retrieve, update, delete, discover or escertke");
  }
  if (!knownOperation(positional[0], options)) {
    return badOption("unknown operation '" + positional[0].substr(0, 64) +
                     "' (create, retrieve, update, delete, discover)");
  }
  if (positional.size() != 2) {
    return badOption(positional.size() < 2 ? "expected the TARGET of the " + positional[0]
                                           : "unexpected argument '" +
                                                 positional[2].substr(0, 64) + "'");
  }
  options.target = positional[1];
  bool creates = options.operation == model::Operation::kCreate;
  bool updates = options.operation == model::Operation::kUpdate;
  if (auto it = values.find("ty"); it != values.end()) {
    if (!creates) return badOption("--ty: only with create");
    if (!wholeNumber(it->second, 1, 65535, &number)) {
      return badOption("--ty: expected a resource type number 1..65535");
    }
    options.resource_type = static_cast<uint16_t>(number);
  } else if (creates) {
    return badOption("--ty: required with create");
  }
  if (auto it = values.find("content"); it != values.end()) {
    if (!creates && !updates) return badOption("--content: only with create or update");
    auto content = jsonObject("--content", it->second);
    if (!content.isOk()) return content.takeStatus();
    options.content = std::move(content).value();
  } else if (creates || updates) {
    return badOption("--content: required with " + positional[0]);
  }
  if (auto it = values.find("rcn"); it != values.end()) {
    if (!wholeNumber(it->second, 0, 12, &number)) {
      return badOption("--rcn: expected a resultContent number 0..12");
    }
    options.result_content = static_cast<int>(number);
  }
  if (auto it = values.find("fc"); it != values.end()) {
    if (!options.discovery) return badOption("--fc: only with discover");
    auto fc = jsonObject("--fc", it->second);
    if (!fc.isOk()) return fc.takeStatus();
    options.filter_criteria = std::move(fc).value();
  }
  if (options.discovery && !options.filter_criteria.contains("fu")) {
    if (options.filter_criteria.is_null()) options.filter_criteria = Json::object();
    options.filter_criteria["fu"] = 1;
  }
  return options;
}

Result<std::string> readKeyFile(const std::string& path) {
  // The project's reader of key files: bounded, refused unless owner-only, wiped after use.
  return security::loadKeyFile<std::string>(
      path, "--key-file:", "tool.bad_option", 4096,
      [](std::string_view text, const std::string& file) -> Result<std::string> {
        while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
          text.remove_suffix(1);
        }
        auto key = security::decodeHexKey(text);
        if (!key || (key->size() != 16 && key->size() != 24 && key->size() != 32)) {
          return badOption("--key-file: " + file +
                           " must hold one key of 16, 24 or 32 bytes in hex");
        }
        return std::move(*key);
      });
}

model::Request innerRequest(const EsprimOptions& options, std::string request_id) {
  model::Request request;
  request.operation = options.operation;
  request.to = options.target;
  request.originator = options.from;
  request.request_id = std::move(request_id);
  request.release_version_indicator = "4";
  request.resource_type = options.resource_type;
  request.content = options.content;
  if (options.result_content) {
    request.result_content = static_cast<model::ResultContent>(*options.result_content);
  }
  request.filter_criteria = options.filter_criteria;
  return request;
}

std::string esprimHelpText() {
  return R"(citadel-esprim: send one request to a oneM2M CSE protected end to end by ESPrim
(TS-0003 §8.4; TS-0004 §7.6.2): it asks the CSE for a rand object (NOTIFY sit 3, or reads the
shared one with --shared-rand), derives the
session key from the pairwise key, sends the request as an ESPrim object in a NOTIFY to the
<CSEBase> (sit 5), and prints the CSE's protected answer, decrypted, as JSON.

usage: citadel-esprim --cse=URL --from=ID --key-id=KID --key-file=FILE [options] OP TARGET
       citadel-esprim --cse=URL --from=ID --key-file=NEWFILE --cert=PEM --cert-key=PEM
                      --ca=PEM --cse-identity=URI escertke

  OP TARGET             create | retrieve | update | delete | discover, and the inner `to`
                        (cse-in/myAE/data, or a resource ID)
  --cse=URL             the CSE: http://host:port, coap://host:port or mqtt://host:port (the
                        broker)
  --cse-base=NAME       the <CSEBase> the NOTIFY goes to [cse-in]
  --cse-id=ID           the CSE-ID, for MQTT topics [id-in]
  --from=ID             the originator the key is bound to on the CSE (esprim.keyFile there)
  --key-id=KID          the pairwiseESPrimKeyID
  --key-file=FILE       the key in hex, alone in a file that only you may read (chmod 600)
  --enc=ENC             A128GCM | A192GCM | A256GCM [A256GCM]
  --timeout=SECONDS     for each exchange [5]
  --shared-rand         use the CSE's shared rand object (esi.esro of the <CSEBase>, read with
                        a RETRIEVE) instead of asking for one of our own (NOTIFY sit 3)
  --ty=N                resource type (create)
  --content=JSON        the resource, e.g. '{"m2m:cin":{"con":"21.5"}}' (create, update)
  --rcn=N               resultContent
  --fc=JSON             filter criteria (discover) [{"fu":1}]

escertke establishes the pairwise key from certificates instead (ESCertKE, TS-0003 §8.7: a
TLS 1.2 handshake in two NOTIFYs with m2m:seci sit 6; the CSE needs esprim.certKe). The key is
written to --key-file, which must not exist (created mode 0600), and its ID is printed as
{"kid": ...}: use both with --key-id and --key-file for requests, as long as the CSE keeps the
key (esprim.certKeLifetime; not across a restart of the CSE).
  --cert=PEM            our certificate (its subjectAltName URI names --from)
  --cert-key=PEM        its private key
  --ca=PEM              the anchors the CSE's certificate must chain to
  --cse-identity=URI    the subjectAltName URI the CSE's certificate must have, e.g.
                        //citadel.example.com/id-in

Output: {"rsc": ..., "rqi": ..., "pc": ...} of the inner response. Exit status 0 for a 2xxx
answer, 1 for any other answer or a failed exchange, 2 for a bad option.
)";
}

}  // namespace citadel::tools
