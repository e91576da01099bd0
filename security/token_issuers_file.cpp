#include "security/token_issuers_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "security/config_lines.h"

namespace citadel::security {
namespace {

constexpr size_t kMaxFileBytes = 1 << 20;

model::Status bad(const std::string& path, const std::string& what) {
  return model::Status::badRequest("token issuers " + path + ": " + what, "config.token_issuers");
}

}  // namespace

model::Result<token::TrustedIssuers> loadTrustedIssuers(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return bad(path, std::string("cannot be read: ") + std::strerror(errno));
  }
  if (static_cast<size_t>(info.st_size) > kMaxFileBytes) {
    return bad(path, "is larger than 1 MiB");
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    return bad(path, "cannot be read");
  }
  std::string folder = path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/'));
  token::TrustedIssuers issuers;
  bool holds_secret = false;
  model::Status status = forEachConfigLine(
      text.str(), [&](size_t line, const std::vector<std::string_view>& fields) -> model::Status {
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
        if (!added.isOk()) {
          return bad(path, where + added.dbg());
        }
        return {};
      });
  if (!status.isOk()) {
    return status;
  }
  if (holds_secret && (info.st_mode & 077) != 0) {
    return bad(path, "holds HS256 secrets: make it readable by its owner only (chmod 600 " +
                         path + ")");
  }
  return issuers;
}

}  // namespace citadel::security
