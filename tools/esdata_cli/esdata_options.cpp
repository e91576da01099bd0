#include "tools/esdata_cli/esdata_options.h"

#include <algorithm>
#include <set>

namespace citadel::tools {
namespace {

using model::Result;
using model::Status;

Status badOption(const std::string& why) { return Status::badRequest(why, "tool.bad_option"); }

Result<NamedKeyFile> namedKey(const std::string& option, const std::string& value) {
  size_t colon = value.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == value.size()) {
    return badOption("--" + option + ": expected KID:FILE");
  }
  return NamedKeyFile{value.substr(0, colon), value.substr(colon + 1)};
}

}  // namespace

Result<EsdataOptions> parseEsdataCommandLine(const std::vector<std::string>& args) {
  EsdataOptions options;
  std::vector<std::string> positional;
  std::set<std::string> seen;
  static const std::set<std::string> kProtectOnly = {"encrypt", "sign", "cert", "cert-key", "alg",
                                                     "enc"};
  static const std::set<std::string> kOpenOnly = {"key", "ca", "require-signature"};
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") {
      options.help = true;
      return options;
    }
    if (!arg.starts_with("--")) {
      positional.push_back(arg);
      continue;
    }
    if (arg == "--require-signature") {
      options.require_signature = true;
      seen.insert("require-signature");
      continue;
    }
    size_t eq = arg.find('=');
    std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    bool known = kProtectOnly.contains(name) || kOpenOnly.contains(name) || name == "in";
    if (!known) return badOption("unknown option --" + name.substr(0, 64));
    if (name == "require-signature") return badOption("--require-signature: takes no value");
    if (eq == std::string::npos || eq + 1 == arg.size()) {
      return badOption("--" + name + ": expected --" + name + "=<value>");
    }
    std::string value = arg.substr(eq + 1);
    bool repeatable = name == "key";
    if (!seen.insert(name).second && !repeatable) return badOption("--" + name + ": given twice");
    if (name == "encrypt" || name == "sign" || name == "key") {
      CITADEL_ASSIGN_OR_RETURN(NamedKeyFile key, namedKey(name, value));
      (name == "encrypt" ? options.encrypt : name == "sign" ? options.sign : options.keys)
          .push_back(std::move(key));
    } else if (name == "cert") {
      options.certificate = value;
    } else if (name == "cert-key") {
      options.certificate_key = value;
    } else if (name == "alg") {
      options.alg = value;
    } else if (name == "enc") {
      options.enc = value;
    } else if (name == "ca") {
      options.ca_file = value;
    } else {
      options.input = value;
    }
  }
  if (positional.size() != 1 || (positional[0] != "protect" && positional[0] != "open")) {
    return badOption("expected one command: protect or open");
  }
  options.protect = positional[0] == "protect";
  const std::set<std::string>& wrong = options.protect ? kOpenOnly : kProtectOnly;
  for (const std::string& name : seen) {
    if (wrong.contains(name)) {
      return badOption("--" + name + ": not with " + positional[0]);
    }
  }
  if (!options.protect) return options;
  if (options.alg != "dir" && options.alg != "A128KW" && options.alg != "A256KW") {
    return badOption("--alg: expected dir, A128KW or A256KW");
  }
  if (options.enc != "A128GCM" && options.enc != "A256GCM") {
    return badOption("--enc: expected A128GCM or A256GCM");
  }
  if (!options.sign.empty() && !options.certificate.empty()) {
    return badOption("--sign: either --sign (HS256) or --cert (ES256), not both");
  }
  if (options.certificate.empty() != options.certificate_key.empty()) {
    return badOption(options.certificate.empty() ? "--cert: required with --cert-key"
                                                 : "--cert-key: required with --cert");
  }
  if (options.encrypt.empty() && options.sign.empty() && options.certificate.empty()) {
    return badOption("--encrypt: protect needs --encrypt, --sign or --cert (or both kinds)");
  }
  return options;
}

std::string esdataHelpText() {
  return R"(citadel-esdata: protect a value end to end (ESData, TS-0003 §8.5) before an AE stores it
in a CSE (as the con of a <contentInstance>, with cnf "<media type>:0:1"), or open a value read
from a CSE. The CSE stores the envelope unchanged; only holders of the keys can read or check
it. JWE/JWS compact serialization.

usage: citadel-esdata protect [--encrypt=KID:FILE [--alg=ALG] [--enc=ENC]]
                              [--sign=KID:FILE | --cert=PEM --cert-key=PEM] [--in=FILE]
       citadel-esdata open [--key=KID:FILE ...] [--ca=PEM] [--require-signature] [--in=FILE]

  --encrypt=KID:FILE    encrypt with this symmetric key (hex in FILE, chmod 600; SUID 14)
  --alg=ALG             A256KW (a random content key wrapped; 32-byte key), A128KW (16 bytes)
                        or dir (the key itself is the content key) [A256KW]
  --enc=ENC             A256GCM or A128GCM [A256GCM]
  --sign=KID:FILE       sign with HS256 and this symmetric key of 32 bytes (SUID 15)
  --cert=PEM            sign with ES256 and this certificate's key (SUID 45): the
  --cert-key=PEM        certificate chain travels in x5c, the reader checks it
  --key=KID:FILE        (open) a key the envelope may name; repeat for several
  --ca=PEM              (open) the anchors an ES256 signer's certificate must chain to
  --require-signature   (open) refuse an envelope without a verified signature
  --in=FILE             read the value or envelope from FILE [standard input]

With both --encrypt and a signer the value is signed, then encrypted (nested, cty JOSE).
protect prints the envelope; open prints the value, and on standard error who signed it and
which key decrypted it. Exit status 0, 1 when an envelope is refused (wrong key, changed bytes,
untrusted signer), 2 for a bad option or key file.
)";
}

}  // namespace citadel::tools
