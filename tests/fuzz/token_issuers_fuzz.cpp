// The token.issuers provisioning file (security/token_issuers_file.h):
// "<issuer-id> ES256 <PEM path> | <issuer-id> HS256 hex:<secret> | base64:<secret>" lines.
// The file is written (mode 0600) into a scratch folder that holds one valid P-256 public key,
// issuer.pem, so that relative ES256 paths reach the key reader; inputs naming other paths are
// skipped ('/' and '.' excluded from ES256 sources), so a run never reads outside the folder.
// Invariants: a rejection is 4000 "config.token_issuers" whose dbg never contains an HS256
// secret of the input; an accepted file trusts every issuer of its lines, and nothing else.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "security/config_lines.h"
#include "security/token_issuers_file.h"
#include "tests/fuzz/fuzz_support.h"

using namespace citadel;

namespace {

constexpr char kIssuerPem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEKlihScR+tCFzyRFzkh2qpX1e00ib\n"
    "sxT383GSROeggeN5x4j9ZXaIOiN9wWRKsgTG7TuQHKCAhMjusTjOivAH0Q==\n"
    "-----END PUBLIC KEY-----\n";

const std::string& scratchFolder() {
  static const std::string folder = [] {
    char path[] = "/tmp/citadel-fuzz-issuers-XXXXXX";
    FUZZ_CHECK(mkdtemp(path) != nullptr);
    std::ofstream(std::string(path) + "/issuer.pem") << kIssuerPem;
    return std::string(path);
  }();
  return folder;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = fuzz::asText(data, size);
  std::vector<std::vector<std::string>> lines;
  bool outside = false;
  security::forEachConfigLine(text, [&](size_t, const std::vector<std::string_view>& fields) {
    lines.emplace_back(fields.begin(), fields.end());
    if (fields.size() >= 3 && fields[1] != "HS256" &&
        fields[2].find_first_of("/.") != std::string_view::npos && fields[2] != "issuer.pem") {
      outside = true;
    }
    return model::Status::ok();
  }).ignore("every line is collected; the reader's own verdict is checked below");
  if (outside) {
    return 0;
  }
  std::string path = scratchFolder() + "/issuers";
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  FUZZ_CHECK(fd >= 0);
  FUZZ_CHECK(write(fd, data, size) == static_cast<ssize_t>(size));
  close(fd);

  auto issuers = security::loadTrustedIssuers(path);
  if (!issuers.isOk()) {
    fuzz::checkRejection(issuers.status());
    FUZZ_CHECK(issuers.status().reason() == "config.token_issuers");
    for (const auto& fields : lines) {
      if (fields.size() >= 3 && fields[1] == "HS256" && fields[2].size() >= 16) {
        std::string_view secret = std::string_view(fields[2]).substr(fields[2].find(':') + 1);
        // A secret that is also part of an issuer ID or of an ES256 key path (neither is secret)
        // may appear through that field.
        bool in_public_field = false;
        for (const auto& other : lines) {
          in_public_field |= other[0].find(secret) != std::string::npos;
          in_public_field |= other.size() >= 3 && other[1] != "HS256" &&
                             other[2].find(secret) != std::string::npos;
        }
        // The dbg starts with the file's own path, which a run can learn and copy into a line.
        std::string_view said = issuers.status().dbg();
        said.remove_prefix(std::min(said.size(), ("token issuers " + path).size()));
        FUZZ_CHECK(secret.size() < 12 || in_public_field || said.find(secret) == std::string::npos);
      }
    }
    return 0;
  }
  FUZZ_CHECK(issuers.value().size() <= lines.size());
  for (const auto& fields : lines) {
    FUZZ_CHECK(issuers.value().find(fields[0]) != nullptr);
  }
  return 0;
}
