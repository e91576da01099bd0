#include "cse/app/secret_files.h"

#include <sys/stat.h>

#include <string_view>

#include "cse/model/log.h"
#include "security/config_lines.h"

namespace citadel::app {
namespace {

using model::Status;

constexpr size_t kMaxPasswordFileBytes = 4096;

// `file` (the one of `key`) is readable by its owner only; otherwise a refusal (or, when
// allowed, a warning) naming the key, the file and the chmod that fixes it.
Status requireOwnerOnly(const engine::Config& config, std::string_view key,
                        const std::string& path, const security::ProvisioningFile& file) {
  Status owner_only = security::requireOwnerOnly(file, path, key, "config.insecure_key_file");
  if (owner_only.isOk() || !config.allow_insecure_key_files) {
    return owner_only;
  }
  LOG_WARN(owner_only.dbg() << "; starting anyway (security.allowInsecureKeyFiles=true)");
  return {};
}

// The same for a file not read here (a PEM key its binding loads); "" is no file. A file that
// cannot be looked at is left to the binding that loads it, which names it in its own terms
// ("HTTPS: cannot load ...").
Status checkOwnerOnly(const engine::Config& config, std::string_view key,
                      const std::string& path) {
  struct stat info {};
  if (path.empty() || ::stat(path.c_str(), &info) != 0) {
    return {};
  }
  return requireOwnerOnly(config, key, path, {"", static_cast<unsigned>(info.st_mode & 07777)});
}

}  // namespace

model::Result<engine::Config> withSecretFiles(const engine::Config& config) {
  CITADEL_RETURN_IF_ERROR(checkOwnerOnly(config, "tls.privateKey", config.tls_private_key));
  CITADEL_RETURN_IF_ERROR(checkOwnerOnly(config, "mqtt.privateKey", config.mqtt_private_key));
  // A config file is a secret only when it sets the password (the command line then did not:
  // later keys win, and a value given on both would be in both places).
  if (!config.config_file.empty() && !config.mqtt_password.empty()) {
    CITADEL_RETURN_IF_ERROR(checkOwnerOnly(config, "config file (it holds mqtt.password)",
                                           config.config_file));
  }
  engine::Config effective = config;
  if (!config.mqtt_password_file.empty()) {
    CITADEL_ASSIGN_OR_RETURN(
        security::ProvisioningFile file,
        security::readProvisioningFile(config.mqtt_password_file, "mqtt.passwordFile",
                                       "config.unreadable", kMaxPasswordFileBytes));
    CITADEL_RETURN_IF_ERROR(
        requireOwnerOnly(config, "mqtt.passwordFile", config.mqtt_password_file, file));
    std::string_view text = file.text;
    text = text.substr(0, text.find_first_of("\r\n"));  // the first line, without its end
    effective.mqtt_password = std::string(text);
  }
  return effective;
}

}  // namespace citadel::app
