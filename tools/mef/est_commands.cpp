#include "tools/mef/est_commands.h"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>

#include "security/mef_client/credential_files.h"
#include "security/mef_client/est_client.h"

namespace citadel::tools::mef {
namespace {

constexpr int kFailure = 1;
constexpr int kFileError = 2;

int fail(const std::string& what, int code) {
  std::cerr << "citadel-mef-client: " << what << "\n";
  return code;
}

std::optional<std::string> readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Seconds until the PEM certificate in `pem` expires (negative when it has), or nullopt.
std::optional<int64_t> secondsLeft(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* certificate = bio != nullptr ? PEM_read_bio_X509(bio, nullptr, nullptr, nullptr) : nullptr;
  BIO_free(bio);
  if (certificate == nullptr) return std::nullopt;
  int days = 0;
  int seconds = 0;
  bool ok = ASN1_TIME_diff(&days, &seconds, nullptr, X509_get0_notAfter(certificate)) == 1;
  X509_free(certificate);
  if (!ok) return std::nullopt;
  return static_cast<int64_t>(days) * 86400 + seconds;
}

int writeCa(const ClientCommand& command) {
  auto certificates = security::mef::fetchCaCertificates(command.client);
  if (!certificates.isOk()) return fail(certificates.status().dbg(), kFailure);
  std::string pem;
  for (const std::string& one : certificates.value()) pem += one;
  if (!security::mef::writeFileAtomically(command.ca_file, pem, 0644)) {
    return fail("cannot write " + command.ca_file, kFileError);
  }
  std::cout << "ca " << command.ca_file << " (" << certificates.value().size()
            << " certificate(s))\n";
  return 0;
}

}  // namespace

int runEstCommand(const ClientCommand& command) {
  if (command.verb == "cacerts") return writeCa(command);
  std::string existing_key;
  bool reenrol = command.verb == "reenrol";
  if (reenrol) {
    std::optional<std::string> certificate = readFile(command.certificate_file);
    std::optional<int64_t> left = certificate ? secondsLeft(*certificate) : std::nullopt;
    if (!left) return fail(command.certificate_file + " is not a PEM certificate", kFileError);
    if (*left > command.renew_before_seconds) {
      std::cout << "not due: " << command.certificate_file << " expires in " << *left
                << " s (renew within " << command.renew_before_seconds << " s)\n";
      return 0;
    }
    if (!command.rekey) {
      std::optional<std::string> key = readFile(command.key_file);
      if (!key) return fail("cannot read " + command.key_file, kFileError);
      existing_key = std::move(*key);
    }
  }
  // --server-keygen: the MEF makes the key pair (RFC 7030 §4.4), for enrol and for a rekey.
  auto enrolled =
      command.server_keygen
          ? security::mef::enrolWithServerKey(command.client, command.identity_uri)
          : security::mef::enrolCertificate(command.client, command.identity_uri, existing_key,
                                            reenrol);
  OPENSSL_cleanse(existing_key.data(), existing_key.size());
  if (!enrolled.isOk()) return fail(enrolled.status().dbg(), kFailure);
  security::mef::EstEnrolment& done = enrolled.value();
  using security::mef::writeFileAtomically;
  bool written = writeFileAtomically(command.key_file, done.private_key_pem, 0600) &&
                 writeFileAtomically(command.certificate_file, done.certificate_pem, 0644);
  OPENSSL_cleanse(done.private_key_pem.data(), done.private_key_pem.size());
  if (!written) return fail("cannot write the key or the certificate", kFileError);
  std::cout << (reenrol ? "reenrolled " : "enrolled ") << command.identity_uri << "\n"
            << "certificate " << command.certificate_file << "\n"
            << "key " << command.key_file << "\n"
            << "not-after " << done.not_after << "\n";
  if (!command.ca_file.empty()) return writeCa(command);
  return 0;
}

}  // namespace citadel::tools::mef
