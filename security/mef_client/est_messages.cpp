#include "security/mef_client/est_messages.h"

#include "security/mef_client/openssl_handles.h"
#include "security/token/base64url.h"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>

namespace citadel::security::mef {
namespace {

using ObjectPtr = std::unique_ptr<ASN1_OBJECT, OpensslFree<ASN1_OBJECT_free>>;

X509Ptr certificateFromDer(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  X509* certificate = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  // Trailing bytes after the certificate are refused too.
  if (certificate != nullptr && p != reinterpret_cast<const unsigned char*>(der.data()) +
                                         der.size()) {
    X509_free(certificate);
    return nullptr;
  }
  return X509Ptr(certificate);
}

}  // namespace

model::Result<std::string> sessionChallengePassword(SSL* ssl) {
  std::array<unsigned char, kChannelBindingBytes> binding{};
  if (ssl == nullptr ||
      SSL_export_keying_material(ssl, binding.data(), binding.size(), kChannelBindingLabel.data(),
                                 kChannelBindingLabel.size(), nullptr, 0, 0) != 1) {
    return model::Status::internal("the TLS session's channel binding could not be exported",
                                   "est.channel_binding");
  }
  return token::encodeBase64(std::string_view(reinterpret_cast<const char*>(binding.data()),
                                       binding.size()));
}

std::optional<std::string> decodeBase64(std::string_view text) {
  std::string symbols;
  symbols.reserve(text.size());
  for (char c : text) {
    if (c == '\r' || c == '\n' || c == ' ' || c == '\t') continue;
    symbols.push_back(c);
  }
  // The standard alphabet only, padded to a multiple of 4, '=' only at the end (at most two);
  // the decoding itself (and its refusal of non-canonical trailing bits) is token's.
  size_t padding = symbols.size() - std::min(symbols.size(), symbols.find_last_not_of('=') + 1);
  if (symbols.empty() || symbols.size() % 4 != 0 || padding > 2 ||
      symbols.find_first_of("-_") != std::string::npos ||
      symbols.find('=') < symbols.size() - padding) {
    return std::nullopt;
  }
  return token::decodeBase64Lenient(symbols);
}

model::Result<std::string> certsOnlyPkcs7(const std::vector<std::string>& der_certificates) {
  auto failed = [] { return model::Status::internal("could not build the PKCS#7", "est.encode"); };
  Pkcs7Ptr pkcs7(PKCS7_new());
  if (!pkcs7 || PKCS7_set_type(pkcs7.get(), NID_pkcs7_signed) != 1 ||
      PKCS7_content_new(pkcs7.get(), NID_pkcs7_data) != 1) {
    return failed();
  }
  for (const std::string& der : der_certificates) {
    X509Ptr certificate = certificateFromDer(der);
    // PKCS7_add_certificate takes its own reference.
    if (!certificate || PKCS7_add_certificate(pkcs7.get(), certificate.get()) != 1) {
      return failed();
    }
  }
  int length = i2d_PKCS7(pkcs7.get(), nullptr);
  if (length <= 0) return failed();
  std::string out(static_cast<size_t>(length), '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  i2d_PKCS7(pkcs7.get(), &p);
  return out;
}

model::Result<std::vector<std::string>> certificatesOfPkcs7(std::string_view der) {
  auto bad = [] {
    return model::Status::badRequest("not a certs-only PKCS#7 (RFC 7030 §4.1.3)",
                                     "est.bad_pkcs7");
  };
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  Pkcs7Ptr pkcs7(d2i_PKCS7(nullptr, &p, static_cast<long>(der.size())));
  if (!pkcs7 || !PKCS7_type_is_signed(pkcs7.get()) || pkcs7->d.sign == nullptr ||
      pkcs7->d.sign->cert == nullptr) {
    return bad();
  }
  std::vector<std::string> certificates;
  for (int i = 0; i < sk_X509_num(pkcs7->d.sign->cert); ++i) {
    std::string one = certificateDer(sk_X509_value(pkcs7->d.sign->cert, i));
    if (one.empty()) return bad();
    certificates.push_back(std::move(one));
  }
  if (certificates.empty()) return bad();
  return certificates;
}

std::string csrAttributesDer() {
  std::string body;
  for (int nid : {NID_pkcs9_challengePassword, NID_ext_req, NID_ecdsa_with_SHA256}) {
    ObjectPtr object(OBJ_nid2obj(nid) != nullptr ? OBJ_dup(OBJ_nid2obj(nid)) : nullptr);
    int length = object ? i2d_ASN1_OBJECT(object.get(), nullptr) : 0;
    if (length <= 0) continue;
    std::string der(static_cast<size_t>(length), '\0');
    auto* p = reinterpret_cast<unsigned char*>(der.data());
    i2d_ASN1_OBJECT(object.get(), &p);
    body += der;
  }
  // SEQUENCE of short OIDs: well under 128 bytes, so the one-byte length form.
  return std::string("\x30", 1) + static_cast<char>(body.size()) + body;
}

std::string certificatePem(std::string_view der) {
  X509Ptr certificate = certificateFromDer(der);
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!certificate || !bio || PEM_write_bio_X509(bio.get(), certificate.get()) != 1) return "";
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

ServerKeyGenParts::~ServerKeyGenParts() {
  OPENSSL_cleanse(private_key_pkcs8.data(), private_key_pkcs8.size());
}

model::Result<ServerKeyGenParts> serverKeyGenParts(std::string_view content_type,
                                                   std::string_view body) {
  auto bad = [](const std::string& what) {
    return model::Status::badRequest("the serverkeygen answer " + what, "est.bad_multipart");
  };
  auto lower = [](std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  std::string type = lower(content_type);
  size_t at = type.find("boundary=");
  if (!type.starts_with("multipart/mixed") || at == std::string::npos) {
    return bad("is not multipart/mixed with a boundary");
  }
  // The boundary as sent (its case matters), without quotes; RFC 2046 §5.1.1: 1..70 characters.
  std::string_view boundary = content_type.substr(at + 9);
  boundary = boundary.substr(0, boundary.find(';'));
  if (boundary.size() >= 2 && boundary.front() == '"' && boundary.back() == '"') {
    boundary = boundary.substr(1, boundary.size() - 2);
  }
  if (boundary.empty() || boundary.size() > 70) return bad("has no usable boundary");
  const std::string delimiter = "--" + std::string(boundary);
  size_t start = body.find(delimiter);
  if (start == std::string_view::npos) return bad("has no part");
  ServerKeyGenParts parts;
  bool have_key = false;
  bool have_certificates = false;
  while (true) {
    start += delimiter.size();
    if (body.substr(start).starts_with("--")) break;  // the close delimiter
    size_t end = body.find("\r\n" + delimiter, start);
    if (end == std::string_view::npos) return bad("has a part without an end");
    std::string_view part = body.substr(start, end - start);
    size_t blank = part.find("\r\n\r\n");
    if (blank == std::string_view::npos) return bad("has a part without headers");
    std::string headers = lower(part.substr(0, blank));
    std::optional<std::string> content = decodeBase64(part.substr(blank + 4));
    if (!content) return bad("has a part that is not base64");
    if (headers.find("content-type: application/pkcs8") != std::string::npos && !have_key) {
      parts.private_key_pkcs8 = std::move(*content);
      have_key = true;
    } else if (headers.find("content-type: application/pkcs7-mime") != std::string::npos &&
               !have_certificates) {
      parts.pkcs7 = std::move(*content);
      have_certificates = true;
    } else {
      OPENSSL_cleanse(content->data(), content->size());
      return bad("has a part other than one private key and one certificate");
    }
    start = end + 2;
  }
  if (!have_key || !have_certificates) return bad("lacks the private key or the certificate");
  return parts;
}

}  // namespace citadel::security::mef
