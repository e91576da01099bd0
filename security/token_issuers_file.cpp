#include "security/token_issuers_file.h"

#include <openssl/crypto.h>

#include "security/config_lines.h"

namespace citadel::security {
namespace {

constexpr size_t kMaxFileBytes = 1 << 20;

model::Status bad(const std::string& path, const std::string& what) {
  return model::Status::badRequest("token issuers " + path + ": " + what, "config.token_issuers");
}

}  // namespace

model::Result<token::TrustedIssuers> loadTrustedIssuers(const std::string& path) {
  CITADEL_ASSIGN_OR_RETURN(ProvisioningFile file,
                           readProvisioningFile(path, "token issuers", "config.token_issuers",
                                                kMaxFileBytes));
  std::string folder = path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/'));
  token::TrustedIssuers issuers;
  bool holds_secret = false;
  model::Status status = forEachConfigLine(
      file.text, [&](size_t line, const std::vector<std::string_view>& fields) -> model::Status {
        std::string where = "line " + std::to_string(line) + ": ";
        if (fields.size() != 3) {
          return bad(path, where + "expected '<issuer-id> ES256|HS256 <key>'");
        }
        std::string source(fields[2]);
        if (fields[1] == "HS256") {
          holds_secret = true;
        } else if (fields[1] == "ES256" && !source.starts_with("/")) {
          source = folder + "/" + source;
        }
        model::Status added = issuers.addConfigured(std::string(fields[0]), fields[1], source);
        OPENSSL_cleanse(source.data(), source.size());
        if (!added.isOk()) {
          return bad(path, where + added.dbg());
        }
        return {};
      });
  if (status.isOk() && holds_secret) {
    status = requireOwnerOnly(file, path, "token issuers", "config.token_issuers");
  }
  // The HS256 secrets were copied into `issuers`; the text they came from does not linger.
  OPENSSL_cleanse(file.text.data(), file.text.size());
  if (!status.isOk()) {
    return status;
  }
  return issuers;
}

}  // namespace citadel::security
