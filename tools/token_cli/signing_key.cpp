#include "tools/token_cli/signing_key.h"

#include <openssl/crypto.h>

#include <fstream>
#include <string>

namespace citadel::tools {
namespace {

using model::Result;
using model::Status;
using security::token::JwsKey;

constexpr size_t kMaxSecretFileBytes = 4096;

Status badKey(std::string dbg) {
  return Status::badRequest("--key: " + std::move(dbg), "tool.bad_key");
}

// Key material must not outlive its use in a std::string buffer.
struct WipedString {
  std::string text;
  ~WipedString() { OPENSSL_cleanse(text.data(), text.size()); }
};

Result<JwsKey> secretFromText(std::string_view text) {
  auto key = text.starts_with("hex:") ? JwsKey::hs256FromHex(text.substr(4))
                                      : JwsKey::hs256FromBase64(text.substr(7));
  if (!key.isOk()) {
    return badKey(key.status().dbg());  // names the defect (length, alphabet), never the secret
  }
  return key;
}

// An HS256 secret file holds one line "hex:…" or "base64:…" (what `citadel-token keygen
// --alg=HS256` writes).
Result<JwsKey> secretFromFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return badKey("cannot read the HS256 secret file " + path +
                  " (expected hex:<secret>, base64:<secret> or a file holding one of those)");
  }
  WipedString content;
  content.text.assign(kMaxSecretFileBytes + 1, '\0');
  in.read(content.text.data(), static_cast<std::streamsize>(content.text.size()));
  content.text.resize(static_cast<size_t>(in.gcount()));
  if (content.text.size() > kMaxSecretFileBytes) {
    return badKey("the HS256 secret file " + path + " is larger than 4 KiB");
  }
  std::string_view text = content.text;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  if (!text.starts_with("hex:") && !text.starts_with("base64:")) {
    return badKey("the HS256 secret file " + path + " must hold one line hex:… or base64:…");
  }
  return secretFromText(text);
}

}  // namespace

Result<JwsKey> loadSigningKey(std::string_view algorithm, std::string_view key_source) {
  if (algorithm != "ES256" && algorithm != "HS256") {
    return Status::badRequest(
        "--alg: expected ES256 or HS256, got '" + std::string(algorithm) + "'", "tool.bad_key");
  }
  if (key_source.empty()) {
    return badKey(algorithm == "ES256" ? "required: the path of the issuer's PEM private key"
                                       : "required: hex:<secret>, base64:<secret> or a file");
  }
  if (algorithm == "HS256") {
    if (key_source.starts_with("hex:") || key_source.starts_with("base64:")) {
      return secretFromText(key_source);
    }
    return secretFromFile(std::string(key_source));
  }
  auto key = JwsKey::es256FromPemFile(std::string(key_source));
  if (!key.isOk()) {
    return badKey(key.status().dbg());
  }
  if (!key.value().canSign()) {
    return badKey(std::string(key_source) + " is a public key; signing needs the private key");
  }
  return key;
}

}  // namespace citadel::tools
