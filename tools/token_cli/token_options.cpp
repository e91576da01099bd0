#include "tools/token_cli/token_options.h"

#include <openssl/rand.h>

#include <charconv>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "tools/token_cli/access_operations.h"

namespace citadel::tools {
namespace {

using model::Result;
using model::Status;

Status badOption(std::string dbg) { return Status::badRequest(std::move(dbg), "tool.bad_option"); }

std::optional<int64_t> parseInteger(std::string_view text) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

bool hasControlCharacter(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return true;
    }
  }
  return false;
}

// IDs end up in the claim set verbatim: bounded, printable.
Status checkIdValue(std::string_view option, std::string_view value) {
  if (value.size() > kMaxOptionValueBytes) {
    return badOption("--" + std::string(option) + ": longer than " +
                     std::to_string(kMaxOptionValueBytes) + " bytes");
  }
  if (hasControlCharacter(value)) {
    return badOption("--" + std::string(option) + ": control characters are not allowed");
  }
  return {};
}

using Setter = std::function<Status(MintOptions&, std::string_view)>;

struct OptionSpec {
  bool repeatable;
  Setter set;
};

Status setNotBefore(MintOptions& o, std::string_view value) {
  if (auto offset = parseInteger(value)) {
    if (*offset < -kMaxTtlSeconds || *offset > kMaxTtlSeconds) {
      return badOption("--not-before: more than ten years away");
    }
    o.not_before_offset_s = *offset;
    return {};
  }
  if (auto at = model::parseTimestamp(value)) {
    o.not_before_at = *at;
    return {};
  }
  return badOption(
      "--not-before: expected seconds from now (e.g. 0, -60, 300) or a timestamp "
      "YYYYMMDDThhmmss (UTC)");
}

Status setTtl(MintOptions& o, std::string_view value) {
  auto ttl = parseInteger(value);
  if (!ttl || *ttl < 1 || *ttl > kMaxTtlSeconds) {
    return badOption("--ttl: expected a whole number of seconds 1.." +
                     std::to_string(kMaxTtlSeconds));
  }
  o.ttl_s = *ttl;
  return {};
}

Status setOperations(MintOptions& o, std::string_view value) {
  auto bits = parseAccessOperations(value);
  if (!bits) {
    return badOption("--op: expected letters of CRUDNX (e.g. R, CRUD) or an acop number 1..63");
  }
  o.operations = *bits;
  return {};
}

Status setAlgorithm(std::string& algorithm, std::string_view value) {
  if (value != "ES256" && value != "HS256") {
    return badOption("--alg: expected ES256 or HS256");
  }
  algorithm = std::string(value);
  return {};
}

// A setter that stores an ID option after checkIdValue().
Setter idInto(std::string MintOptions::*field, std::string_view option) {
  return [field, option](MintOptions& o, std::string_view value) {
    CITADEL_RETURN_IF_ERROR(checkIdValue(option, value));
    o.*field = std::string(value);
    return Status();
  };
}

Setter idAppend(std::vector<std::string> MintOptions::*field, std::string_view option) {
  return [field, option](MintOptions& o, std::string_view value) {
    CITADEL_RETURN_IF_ERROR(checkIdValue(option, value));
    (o.*field).emplace_back(value);
    return Status();
  };
}

const std::map<std::string, OptionSpec, std::less<>>& mintOptionTable() {
  static const auto* table = new std::map<std::string, OptionSpec, std::less<>>{
      {"issuer", {false, idInto(&MintOptions::issuer, "issuer")}},
      {"alg",
       {false, [](MintOptions& o, std::string_view v) { return setAlgorithm(o.algorithm, v); }}},
      {"key",
       {false,
        [](MintOptions& o, std::string_view v) {
          o.key_source = std::string(v);
          return Status();
        }}},
      {"holder", {false, idInto(&MintOptions::holder, "holder")}},
      {"audience", {true, idAppend(&MintOptions::audience, "audience")}},
      {"id",
       {false,
        [](MintOptions& o, std::string_view v) {
          CITADEL_RETURN_IF_ERROR(checkIdValue("id", v));
          o.token_id = std::string(v);
          return Status();
        }}},
      {"ris", {true, idAppend(&MintOptions::resource_ids, "ris")}},
      {"op", {false, setOperations}},
      {"role", {true, idAppend(&MintOptions::role_ids, "role")}},
      {"not-before", {false, setNotBefore}},
      {"ttl", {false, setTtl}},
      {"name",
       {false,
        [](MintOptions& o, std::string_view v) {
          CITADEL_RETURN_IF_ERROR(checkIdValue("name", v));
          o.token_name = std::string(v);
          return Status();
        }}},
  };
  return *table;
}

// "--name=value" -> (name, value); flags have no '='.
struct Argument {
  std::string name;
  std::optional<std::string> value;
};

Result<Argument> splitArgument(const std::string& arg) {
  if (!arg.starts_with("--") || arg.size() == 2) {
    return badOption("unexpected argument '" + arg.substr(0, 64) + "': options are --name=value");
  }
  size_t eq = arg.find('=');
  if (eq == std::string::npos) {
    return Argument{arg.substr(2), std::nullopt};
  }
  return Argument{arg.substr(2, eq - 2), arg.substr(eq + 1)};
}

Status checkMint(const MintOptions& o) {
  if (o.issuer.empty()) {
    return badOption("--issuer: required (the token issuer's ID, the iss claim)");
  }
  if (o.holder.empty()) {
    return badOption(
        "--holder: required (the holder's absolute ID, e.g. "
        "//citadel.example.com/id-in/Cmyapp)");
  }
  if (!o.holder.starts_with("//") || o.holder.size() < 4) {
    return badOption(
        "--holder: expected an absolute ID such as //citadel.example.com/id-in/Cmyapp");
  }
  if (o.key_source.empty() && !o.claims_only) {
    return badOption(o.algorithm == "ES256"
                         ? "--key: required: the path of the issuer's PEM private key"
                         : "--key: required: hex:<secret>, base64:<secret> or a secret file");
  }
  return {};
}

Result<TokenCommand> parseMint(const std::vector<std::string>& args) {
  TokenCommand command;
  std::set<std::string> seen;
  for (const std::string& arg : args) {
    CITADEL_ASSIGN_OR_RETURN(Argument a, splitArgument(arg));
    if (a.name == "help" && !a.value) {
      command.kind = TokenCommand::Kind::kHelp;
      return command;
    }
    if (a.name == "claims-only" && !a.value) {
      command.mint.claims_only = true;
      continue;
    }
    const auto& table = mintOptionTable();
    auto spec = table.find(a.name);
    if (spec == table.end()) {
      return badOption("unknown option --" + a.name.substr(0, 64) + " (see --help)");
    }
    if (!a.value || a.value->empty()) {
      return badOption("--" + a.name + ": needs a value (--" + a.name + "=…)");
    }
    if (!spec->second.repeatable && !seen.insert(a.name).second) {
      return badOption("--" + a.name + ": given more than once");
    }
    CITADEL_RETURN_IF_ERROR(spec->second.set(command.mint, *a.value));
  }
  CITADEL_RETURN_IF_ERROR(checkMint(command.mint));
  return command;
}

Result<TokenCommand> parseKeygen(const std::vector<std::string>& args) {
  TokenCommand command;
  command.kind = TokenCommand::Kind::kKeygen;
  for (size_t i = 1; i < args.size(); ++i) {
    CITADEL_ASSIGN_OR_RETURN(Argument a, splitArgument(args[i]));
    if (a.name == "help" && !a.value) {
      command.kind = TokenCommand::Kind::kHelp;
      return command;
    }
    if (a.name != "alg" && a.name != "out") {
      return badOption("unknown option --" + a.name.substr(0, 64) +
                       " for keygen (use --alg= and --out=)");
    }
    if (!a.value || a.value->empty()) {
      return badOption("--" + a.name + ": needs a value (--" + a.name + "=…)");
    }
    if (a.name == "alg") {
      CITADEL_RETURN_IF_ERROR(setAlgorithm(command.keygen.algorithm, *a.value));
    } else {
      command.keygen.out_dir = *a.value;
    }
  }
  if (command.keygen.out_dir.empty()) {
    return badOption("--out: required (the directory for the new key files)");
  }
  return command;
}

}  // namespace

Result<TokenCommand> parseTokenCommandLine(const std::vector<std::string>& args) {
  if (!args.empty() && args[0] == "keygen") {
    return parseKeygen(args);
  }
  return parseMint(args);
}

security::token::TokenClaims buildClaims(const MintOptions& options, model::TimePoint now,
                                         std::string_view random_name) {
  security::token::TokenClaims claims;
  claims.version = "1";
  claims.token_id = options.token_id.value_or(std::string(random_name) + "@" + options.issuer);
  claims.holder = options.holder;
  claims.issuer = options.issuer;
  claims.not_before =
      options.not_before_at.value_or(std::chrono::time_point_cast<std::chrono::seconds>(now) +
                                     std::chrono::seconds(options.not_before_offset_s));
  claims.not_after = claims.not_before + std::chrono::seconds(options.ttl_s);
  claims.token_name = options.token_name;
  if (!options.audience.empty()) {
    claims.audience = options.audience;
  }
  security::token::TokenPermission permission;
  if (!options.resource_ids.empty()) {
    permission.resource_ids = options.resource_ids;
  }
  // TS-0004 §6.3.5.41: pv is an m2m:setOfAcrs; the holder is the one accessControlOriginator.
  permission.privileges = model::Json{
      {"acr", model::Json::array({{{"acor", {options.holder}}, {"acop", options.operations}}})}};
  if (!options.role_ids.empty()) {
    permission.role_ids = options.role_ids;
  }
  claims.permissions = std::vector<security::token::TokenPermission>{permission};
  return claims;
}

std::string randomTokenName() {
  unsigned char bytes[8];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    // No CSPRNG: better a visibly non-random name than a predictable-looking random one.
    return "token";
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string name;
  for (unsigned char b : bytes) {
    name += kHex[b >> 4];
    name += kHex[b & 0xf];
  }
  return name;
}

std::string tokenHelpText() {
  std::ostringstream out;
  out << "usage: citadel-token --issuer=ID --holder=ABSOLUTE-ID --key=KEY [options]\n"
         "       citadel-token keygen --alg=ES256|HS256 --out=DIR\n\n"
         "Mints a oneM2M JWT (TS-0003 §7.3.2.6) and prints the compact JWS on stdout.\n\n"
         "options:\n"
         "  --issuer=ID          iss: the token issuer (must be a trusted issuer of the CSE)\n"
         "  --alg=ES256|HS256    signature algorithm (default ES256)\n"
         "  --key=KEY            ES256: path of the issuer's PEM P-256 private key;\n"
         "                       HS256: hex:<secret>, base64:<secret> (>= 32 bytes) or the path\n"
         "                       of a file holding one of those (keeps the secret out of ps)\n"
         "  --holder=ID          azp: the holder's absolute ID, "
         "//citadel.example.com/id-in/Cmyapp\n"
         "  --audience=CSE-ID    aud entry; repeatable (no aud when absent)\n"
         "  --id=TOKEN-ID        jti (default <random>@<issuer>)\n"
         "  --ris=RESOURCE-ID    permission resource ID; repeatable (absent: any resource)\n"
         "  --op=OPS             permission operations: letters of CRUDNX or an acop number\n"
         "                       (default R)\n"
         "  --role=ROLE-ID       permission role ID (rids); repeatable\n"
         "  --not-before=WHEN    nbf: seconds from now (may be negative) or YYYYMMDDThhmmss UTC\n"
         "                       (default now)\n"
         "  --ttl=SECONDS        exp = nbf + ttl (default 3600)\n"
         "  --name=TEXT          tknm: the token name\n"
         "  --claims-only        print the JSON claim set instead of a signed token (no --key)\n"
         "  --help               this text\n\n"
         "keygen writes DIR/issuer.key.pem (0600) and DIR/issuer.pub.pem for ES256, or\n"
         "DIR/issuer.secret (0600, one line hex:<64 hex digits>) for HS256; it never overwrites.\n"
         "The same with openssl: openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256\n"
         "  -out issuer.key.pem && openssl pkey -in issuer.key.pem -pubout -out issuer.pub.pem\n\n"
         "Errors name the option on one line of stderr; the exit status is then 2.\n";
  return out.str();
}

}  // namespace citadel::tools
