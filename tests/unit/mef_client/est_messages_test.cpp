// EST's shared objects (security/mef_client/est_messages.h): base64 bodies and certs-only
// PKCS#7, against hostile input too.
#include "security/mef_client/est_messages.h"
#include "security/token/base64url.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/support/shell.h"
#include "tests/support/temp_dir.h"

namespace citadel::security::mef {
namespace {

TEST(EstMessages, Base64RoundTripsEveryLengthAndToleratesLineBreaks) {
  std::string bytes;
  for (int i = 0; i < 64; ++i) {
    std::string encoded = token::encodeBase64(bytes);
    EXPECT_EQ(encoded.size() % 4, 0u);
    auto decoded = decodeBase64(encoded);
    if (bytes.empty()) {
      EXPECT_FALSE(decoded.has_value()) << "an empty body is no object";
    } else {
      ASSERT_TRUE(decoded.has_value()) << encoded;
      EXPECT_EQ(*decoded, bytes);
    }
    bytes.push_back(static_cast<char>(i * 37));
  }
  EXPECT_EQ(token::encodeBase64("any carnal pleas"), "YW55IGNhcm5hbCBwbGVhcw==");
  EXPECT_EQ(decodeBase64("YW55IGNh\r\ncm5hbCBw\nbGVhcw=="), "any carnal pleas");
}

TEST(EstMessages, Base64RefusesWhatIsNotBase64) {
  for (const char* text : {"YW5", "YW5=x", "Y===", "YW55*GNh", "=YW5", "YW55IGNh=m5h", "-_-_"}) {
    EXPECT_FALSE(decodeBase64(text).has_value()) << text;
  }
}

TEST(EstMessages, Pkcs7CarriesTheCertificatesAndRefusesAnythingElse) {
  testing::TempDir dir;
  int status = 0;
  testing::runShell("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
                    "-keyout " +
               dir.file("k.pem") + " -outform DER -out " + dir.file("c.der") +
               " -subj /CN=one -days 1",
           &status);
  ASSERT_EQ(status, 0);
  std::stringstream der;
  der << std::ifstream(dir.file("c.der")).rdbuf();
  auto pkcs7 = certsOnlyPkcs7({der.str(), der.str()});
  ASSERT_TRUE(pkcs7.isOk());
  auto back = certificatesOfPkcs7(pkcs7.value());
  ASSERT_TRUE(back.isOk());
  ASSERT_EQ(back.value().size(), 2u);
  EXPECT_EQ(back.value()[0], der.str());
  EXPECT_NE(certificatePem(der.str()).find("BEGIN CERTIFICATE"), std::string::npos);
  EXPECT_FALSE(certificatesOfPkcs7("").isOk());
  EXPECT_FALSE(certificatesOfPkcs7(der.str()).isOk()) << "a certificate is no PKCS#7";
  EXPECT_FALSE(certificatesOfPkcs7(pkcs7.value().substr(0, 40)).isOk());
  EXPECT_FALSE(certsOnlyPkcs7({"not DER"}).isOk());
  EXPECT_EQ(certificatePem("not DER"), "");
  EXPECT_EQ(csrAttributesDer()[0], '\x30');
}

}  // namespace
}  // namespace citadel::security::mef

namespace citadel::security::mef {
namespace {

std::string multipart(const std::string& key_b64, const std::string& pkcs7_b64,
                      const std::string& extra = "") {
  return "--est\r\nContent-Type: application/pkcs8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
         key_b64 + "\r\n" + extra +
         "--est\r\nContent-Type: application/pkcs7-mime; smime-type=certs-only\r\n"
         "Content-Transfer-Encoding: base64\r\n\r\n" +
         pkcs7_b64 + "\r\n--est--\r\n";
}

TEST(ServerKeyGenPartsTest, ReadsTheKeyAndTheCertificatesPart) {
  auto parts = serverKeyGenParts("multipart/mixed; boundary=est",
                                 multipart(token::encodeBase64("KEY"), token::encodeBase64("P7")));
  ASSERT_TRUE(parts.isOk()) << parts.status().dbg();
  EXPECT_EQ(parts.value().private_key_pkcs8, "KEY");
  EXPECT_EQ(parts.value().pkcs7, "P7");
  // A quoted boundary, another case for the media type.
  auto quoted = serverKeyGenParts("Multipart/Mixed; boundary=\"est\"",
                                  multipart(token::encodeBase64("K"), token::encodeBase64("P")));
  EXPECT_TRUE(quoted.isOk()) << quoted.status().dbg();
}

TEST(ServerKeyGenPartsTest, RefusesEveryOtherShape) {
  const std::string key = token::encodeBase64("KEY");
  const std::string p7 = token::encodeBase64("P7");
  const std::pair<std::string, std::string> cases[] = {
      {"application/pkcs7-mime", multipart(key, p7)},             // not multipart
      {"multipart/mixed", multipart(key, p7)},                    // no boundary
      {"multipart/mixed; boundary=" + std::string(71, 'b'), multipart(key, p7)},
      {"multipart/mixed; boundary=other", multipart(key, p7)},    // not found
      {"multipart/mixed; boundary=est", multipart("%%%", p7)},   // not base64
      {"multipart/mixed; boundary=est",
       multipart(key, p7, "--est\r\nContent-Type: text/plain\r\n\r\naGk=\r\n")},  // extra part
      {"multipart/mixed; boundary=est",
       multipart(key, p7, "--est\r\nContent-Type: application/pkcs8\r\n\r\naGk=\r\n")},  // two keys
      {"multipart/mixed; boundary=est",
       "--est\r\nContent-Type: application/pkcs8\r\n\r\n" + key + "\r\n--est--\r\n"},  // no cert
      {"multipart/mixed; boundary=est", "--est\r\nno blank line" + key},
      {"multipart/mixed; boundary=est", ""},
  };
  for (const auto& [type, body] : cases) {
    auto parts = serverKeyGenParts(type, body);
    ASSERT_FALSE(parts.isOk()) << type << " / " << body;
    EXPECT_EQ(parts.status().reason(), "est.bad_multipart");
  }
}

}  // namespace
}  // namespace citadel::security::mef
