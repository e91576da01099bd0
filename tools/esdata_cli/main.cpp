// citadel-esdata: protect a value end to end (ESData) or open one (esdataHelpText()). Wiring
// only: options in esdata_options.*, the envelopes in security/esdata.
#include <openssl/crypto.h>

#include <cctype>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "security/esdata/esdata_envelope.h"
#include "tools/esdata_cli/esdata_options.h"
#include "tools/esprim_cli/esprim_options.h"

namespace {

using namespace citadel;

constexpr int kRefused = 1;
constexpr int kUsageError = 2;
constexpr size_t kMaxInputBytes = security::esdata::kMaxEnvelopeBytes;

int usage(const std::string& why) {
  std::cerr << "citadel-esdata: " << why << "\n";
  return kUsageError;
}

// The key of KID:FILE, read as citadel-esprim reads its key files (owner-only, hex).
model::Result<security::esdata::SymmetricKey> loadKey(const tools::NamedKeyFile& named) {
  CITADEL_ASSIGN_OR_RETURN(std::string key, tools::readKeyFile(named.file));
  return security::esdata::SymmetricKey{named.kid, std::move(key)};
}

bool readInput(const std::string& path, std::string& out) {
  std::ostringstream text;
  if (path.empty()) {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    text << in.rdbuf();
  }
  out = text.str();
  return out.size() <= kMaxInputBytes;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto parsed = tools::parseEsdataCommandLine(args);
  if (!parsed.isOk()) return usage(parsed.status().dbg() + " (--help for usage)");
  const tools::EsdataOptions& options = parsed.value();
  if (options.help) {
    std::cout << tools::esdataHelpText();
    return 0;
  }
  std::string input;
  if (!readInput(options.input, input)) {
    return usage("--in: cannot read " + (options.input.empty() ? "standard input" : options.input) +
                 " (at most 1 MiB)");
  }
  std::vector<security::esdata::SymmetricKey> keys;
  for (const auto* list : {&options.encrypt, &options.sign, &options.keys}) {
    for (const tools::NamedKeyFile& named : *list) {
      auto key = loadKey(named);
      if (!key.isOk()) return usage(key.status().dbg());
      keys.push_back(std::move(key).value());
    }
  }
  struct WipeKeys {
    std::vector<security::esdata::SymmetricKey>& keys;
    ~WipeKeys() {
      for (auto& key : keys) OPENSSL_cleanse(key.key.data(), key.key.size());
    }
  } wipe{keys};

  if (!options.protect) {
    // An envelope has no whitespace; the line end a file or `echo` adds is not part of it.
    while (!input.empty() && std::isspace(static_cast<unsigned char>(input.back()))) {
      input.pop_back();
    }
    security::esdata::OpenOptions open{keys, options.ca_file, options.require_signature};
    auto opened = security::esdata::openValue(input, open);
    if (!opened.isOk()) {
      std::cerr << "citadel-esdata: refused: " << static_cast<int>(opened.status().rsc()) << " "
                << opened.status().dbg() << "\n";
      return kRefused;
    }
    std::cout << opened.value().payload;
    std::cerr << "# encrypted with: "
              << (opened.value().encrypted_with.empty() ? "-" : opened.value().encrypted_with)
              << "; signed by: "
              << (opened.value().signed_by.empty() ? "-" : opened.value().signed_by) << "\n";
    return 0;
  }
  size_t next = 0;
  std::optional<security::esdata::EncryptOptions> encrypt;
  if (!options.encrypt.empty()) {
    encrypt = security::esdata::EncryptOptions{keys[next++], options.alg, options.enc};
  }
  std::optional<security::esdata::SignOptions> sign;
  if (!options.sign.empty()) {
    sign = security::esdata::SignOptions{keys[next++], "", ""};
  } else if (!options.certificate.empty()) {
    sign = security::esdata::SignOptions{std::nullopt, options.certificate,
                                         options.certificate_key};
  }
  model::Result<std::string> envelope =
      encrypt && sign ? security::esdata::signThenEncrypt(input, *sign, *encrypt)
      : encrypt       ? security::esdata::encryptValue(input, *encrypt)
                      : security::esdata::signValue(input, *sign);
  if (!envelope.isOk()) return usage(envelope.status().dbg());
  std::cout << envelope.value() << "\n";
  return 0;
}
