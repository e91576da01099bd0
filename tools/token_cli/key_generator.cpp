#include "tools/token_cli/key_generator.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace citadel::tools {
namespace {

using model::Result;
using model::Status;

// Writes `text` to a new file `path` with `mode`; refuses to replace an existing file.
Status writeNewFile(const std::string& path, const std::string& text, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    return Status::badRequest("--out: cannot create " + path + ": " + std::strerror(errno) +
                                  (errno == EEXIST ? " (keygen never overwrites a key)" : ""),
                              "tool.keygen");
  }
  // Exactly `mode`, whatever the umask (it can only have narrowed it).
  if (::fchmod(fd, mode) != 0) {
    ::close(fd);
    ::unlink(path.c_str());
    return Status::internal("--out: cannot set the mode of " + path, "tool.keygen");
  }
  size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      int error = errno;
      ::close(fd);
      ::unlink(path.c_str());
      return Status::internal("--out: cannot write " + path + ": " + std::strerror(error),
                              "tool.keygen");
    }
    written += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) {
    ::unlink(path.c_str());
    return Status::internal("--out: cannot write " + path, "tool.keygen");
  }
  return {};
}

std::string drainBio(BIO* bio) {
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  std::string text(data, static_cast<size_t>(length));
  BIO_free(bio);
  return text;
}

Result<std::vector<std::string>> generateEs256(const std::string& dir) {
  EVP_PKEY* pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  if (pkey == nullptr) {
    return Status::internal("keygen: OpenSSL could not generate a P-256 key", "tool.keygen");
  }
  BIO* private_bio = BIO_new(BIO_s_mem());
  BIO* public_bio = BIO_new(BIO_s_mem());
  bool ok =
      private_bio != nullptr && public_bio != nullptr &&
      PEM_write_bio_PrivateKey(private_bio, pkey, nullptr, nullptr, 0, nullptr, nullptr) == 1 &&
      PEM_write_bio_PUBKEY(public_bio, pkey) == 1;
  EVP_PKEY_free(pkey);
  std::string private_pem = private_bio != nullptr ? drainBio(private_bio) : "";
  std::string public_pem = public_bio != nullptr ? drainBio(public_bio) : "";
  if (!ok) {
    OPENSSL_cleanse(private_pem.data(), private_pem.size());
    return Status::internal("keygen: OpenSSL could not encode the key", "tool.keygen");
  }
  std::string private_path = dir + "/issuer.key.pem";
  std::string public_path = dir + "/issuer.pub.pem";
  Status wrote = writeNewFile(private_path, private_pem, 0600);
  OPENSSL_cleanse(private_pem.data(), private_pem.size());
  CITADEL_RETURN_IF_ERROR(wrote);
  Status wrote_public = writeNewFile(public_path, public_pem, 0644);
  if (!wrote_public.isOk()) {
    ::unlink(private_path.c_str());  // a private key without its public half helps nobody
    return wrote_public;
  }
  return std::vector<std::string>{private_path, public_path};
}

Result<std::vector<std::string>> generateHs256(const std::string& dir) {
  unsigned char secret[32];
  if (RAND_bytes(secret, sizeof(secret)) != 1) {
    return Status::internal("keygen: OpenSSL's random generator failed", "tool.keygen");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text = "hex:";
  for (unsigned char b : secret) {
    text += kHex[b >> 4];
    text += kHex[b & 0xf];
  }
  text += "\n";
  OPENSSL_cleanse(secret, sizeof(secret));
  std::string path = dir + "/issuer.secret";
  Status wrote = writeNewFile(path, text, 0600);
  OPENSSL_cleanse(text.data(), text.size());
  CITADEL_RETURN_IF_ERROR(wrote);
  return std::vector<std::string>{path};
}

}  // namespace

Result<std::vector<std::string>> generateIssuerKey(const KeygenOptions& options) {
  if (::access(options.out_dir.c_str(), W_OK | X_OK) != 0) {
    return Status::badRequest("--out: " + options.out_dir + " is not a writable directory",
                              "tool.keygen");
  }
  return options.algorithm == "HS256" ? generateHs256(options.out_dir)
                                      : generateEs256(options.out_dir);
}

}  // namespace citadel::tools
