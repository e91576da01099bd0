// The token.issuers provisioning file (security/token_issuers_file.h):
// "<issuer-id> ES256 <PEM path> | <issuer-id> HS256 hex:<secret> | base64:<secret>" lines.
// The file is written (mode 0600) into a scratch folder that holds one valid P-256 public key,
// issuer.pem, so that relative ES256 paths reach the key reader; inputs naming other paths are
// skipped ('/' and '.' excluded from ES256 sources), so a run never reads outside the folder.
// Invariants: a rejection is 4000 "config.token_issuers"; an accepted file trusts every issuer of
// its lines, and nothing else; and the verdict and its dbg do not depend on what an HS256 secret
// holds: the same file with every secret character changed (keeping the encoding's validity)
// gets the same answer, so no secret reaches a dbg (a log line) by any route. An earlier version
// searched the dbg for each secret, which mistook the scratch folder's name and the reader's own
// fixed texts ("'<issuer-id>", ...) copied into a secret for a leak.

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

// A character of an HS256 secret written as `scheme` changed into another one that keeps the
// secret's validity: a hex digit d into d^8, a base64 letter or digit into one whose low four
// bits (those a strict decoder checks at the end) are the same; other schemes are invalid
// anyway, so letters and digits simply rotate. '+' '/' '-' '_' '=' stay: they decide the
// alphabet and the padding.
char changed(std::string_view scheme, char c) {
  if (scheme == "hex") {
    int digit = c >= '0' && c <= '9' ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
    if (digit < 0) return c;
    digit ^= 8;
    bool upper = c >= 'A' && c <= 'F';
    return digit < 10 ? static_cast<char>('0' + digit)
                      : static_cast<char>((upper ? 'A' : 'a') + digit - 10);
  }
  if (scheme == "base64") {
    static constexpr std::string_view kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    size_t value = kAlphabet.find(c);
    if (value == std::string_view::npos) return c;
    size_t other = value ^ 0x20;
    return kAlphabet[other < kAlphabet.size() ? other : value ^ 0x10];
  }
  if (c >= 'a' && c <= 'z') return static_cast<char>('a' + (c - 'a' + 13) % 26);
  if (c >= 'A' && c <= 'Z') return static_cast<char>('A' + (c - 'A' + 13) % 26);
  if (c >= '0' && c <= '9') return static_cast<char>('0' + (c - '0' + 5) % 10);
  return c;
}

model::Result<security::token::TrustedIssuers> load(const std::string& path,
                                                    std::string_view bytes) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  FUZZ_CHECK(fd >= 0);
  FUZZ_CHECK(write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
  close(fd);
  return security::loadTrustedIssuers(path);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = fuzz::asText(data, size);
  std::vector<std::vector<std::string>> lines;
  std::string other_secrets(text);
  bool outside = false;
  security::forEachConfigLine(text, [&](size_t, const std::vector<std::string_view>& fields) {
    lines.emplace_back(fields.begin(), fields.end());
    if (fields.size() >= 3 && fields[1] != "HS256" &&
        fields[2].find_first_of("/.") != std::string_view::npos && fields[2] != "issuer.pem") {
      outside = true;
    }
    if (fields.size() >= 3 && fields[1] == "HS256") {
      size_t colon = fields[2].find(':');
      std::string_view scheme = fields[2].substr(0, colon == std::string_view::npos ? 0 : colon);
      size_t from = static_cast<size_t>(fields[2].data() - text.data()) +
                    (colon == std::string_view::npos ? 0 : colon + 1);
      for (size_t at = from; at < static_cast<size_t>(fields[2].data() - text.data()) +
                                      fields[2].size();
           ++at) {
        other_secrets[at] = changed(scheme, other_secrets[at]);
      }
    }
    return model::Status::ok();
  }).ignore("every line is collected; the reader's own verdict is checked below");
  if (outside) {
    return 0;
  }
  std::string path = scratchFolder() + "/issuers";
  auto changed_issuers = load(path, other_secrets);
  auto issuers = load(path, text);
  FUZZ_CHECK(issuers.isOk() == changed_issuers.isOk());
  if (!issuers.isOk()) {
    fuzz::checkRejection(issuers.status());
    FUZZ_CHECK(issuers.status().reason() == "config.token_issuers");
    FUZZ_CHECK(issuers.status().dbg() == changed_issuers.status().dbg());
    return 0;
  }
  FUZZ_CHECK(issuers.value().size() <= lines.size());
  for (const auto& fields : lines) {
    FUZZ_CHECK(issuers.value().find(fields[0]) != nullptr);
  }
  return 0;
}
