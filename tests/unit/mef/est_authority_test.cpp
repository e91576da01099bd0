// The MEF's EST policy (tools/mef/est_authority.h) on CSRs made by the openssl CLI: what it
// signs, and every reason it refuses one (issue 17 item 2, "refusing a CSR for an identity the
// bootstrap credential does not entitle"). The session-bound challengePassword is given here;
// over a real session it is the channel binding (tests/integration/mef_est_test.cpp).
#include "tools/mef/est_authority.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "tests/support/shell.h"
#include "tests/support/temp_dir.h"

namespace citadel::tools::mef {
namespace {

using citadel::testing::runShell;
using citadel::testing::TempDir;

const std::string kId = "//citadel.example.com/id-in/Cunit";
const std::string kChallenge = "c2Vzc2lvbi1ib3VuZA==";

class EstAuthorityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    int status = 0;
    std::string out = runShell(
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " +
            dir_.file("ca.key") + " -out " + dir_.file("ca.pem") +
            " -subj /CN=unit-ca -days 2 -addext basicConstraints=critical,CA:TRUE "
            "-addext keyUsage=critical,keyCertSign",
        &status);
    ASSERT_EQ(status, 0) << out;
    chmod(dir_.file("ca.key").c_str(), 0600);
    auto loaded = EstAuthority::load(dir_.file("ca.pem"), dir_.file("ca.key"),
                                     std::chrono::hours(24));
    ASSERT_TRUE(loaded.isOk()) << loaded.status().dbg();
    authority_ = std::move(loaded).value();
  }

  // DER of a CSR with this key algorithm option, challengePassword and subjectAltName.
  std::string csr(const std::string& challenge, const std::string& names,
                  const std::string& key = "-newkey ec -pkeyopt ec_paramgen_curve:P-256") {
    std::ofstream(dir_.file("csr.cnf"))
        << "[req]\nprompt = no\ndistinguished_name = dn\nattributes = attrs\n"
        << "req_extensions = ext\n[dn]\nCN = x\n[attrs]\nchallengePassword = " << challenge
        << "\n[ext]\nsubjectAltName = " << names << "\n";
    int status = 0;
    std::string out = runShell("openssl req -new " + key + " -nodes -keyout /dev/null "
                               "-outform DER -out " + dir_.file("csr.der") + " -config " +
                                   dir_.file("csr.cnf"),
                               &status);
    EXPECT_EQ(status, 0) << out;
    std::stringstream text;
    text << std::ifstream(dir_.file("csr.der")).rdbuf();
    return text.str();
  }

  model::Rsc enrolRsc(const std::string& der, const std::string& id = kId) {
    auto issued = authority_->enrol(der, id, kChallenge, std::chrono::system_clock::now());
    return issued.isOk() ? model::Rsc::kOk : issued.status().rsc();
  }

  TempDir dir_;
  std::unique_ptr<EstAuthority> authority_;
};

TEST_F(EstAuthorityTest, SignsTheEntitledIdentityWithTheTlsProfile) {
  auto issued = authority_->enrol(csr(kChallenge, "URI:" + kId), kId, kChallenge,
                                  std::chrono::system_clock::now());
  ASSERT_TRUE(issued.isOk()) << issued.status().dbg();
  EXPECT_EQ(issued.value().serial_hex.size(), 32u);
  std::ofstream(dir_.file("issued.der"), std::ios::binary) << issued.value().der;
  std::string text = runShell("openssl x509 -inform DER -noout -text -in " +
                              dir_.file("issued.der"));
  EXPECT_NE(text.find("URI:" + kId), std::string::npos) << text;
  EXPECT_NE(text.find("CA:FALSE"), std::string::npos) << text;
  EXPECT_NE(text.find("Digital Signature, Key Agreement"), std::string::npos) << text;
  EXPECT_NE(text.find("TLS Web Client Authentication, TLS Web Server Authentication"),
            std::string::npos) << text;
  EXPECT_EQ(text.find("DNS:"), std::string::npos) << text;
}

TEST_F(EstAuthorityTest, RefusesEveryCsrItShouldNotSign) {
  using model::Rsc;
  // Another identity, a second name beside the right one, a DNS name only.
  EXPECT_EQ(enrolRsc(csr(kChallenge, "URI://citadel.example.com/id-in/Cother")),
            Rsc::kOriginatorHasNoPrivilege);
  EXPECT_EQ(enrolRsc(csr(kChallenge, "URI:" + kId + ", DNS:cse.example.com")),
            Rsc::kOriginatorHasNoPrivilege);
  EXPECT_EQ(enrolRsc(csr(kChallenge, "DNS:cse.example.com")), Rsc::kOriginatorHasNoPrivilege);
  // Not this session's challenge.
  EXPECT_EQ(enrolRsc(csr("c2Vzc2lvbi1ib3VuZB==", "URI:" + kId)), Rsc::kBadRequest);
  // Keys other than P-256 (TS-0003 §10.1.1.1).
  EXPECT_EQ(enrolRsc(csr(kChallenge, "URI:" + kId, "-newkey rsa:2048")), Rsc::kBadRequest);
  EXPECT_EQ(enrolRsc(csr(kChallenge, "URI:" + kId,
                         "-newkey ec -pkeyopt ec_paramgen_curve:P-384")),
            Rsc::kBadRequest);
  // A signature that does not verify (one byte of the signature flipped), a truncated CSR,
  // trailing bytes, nothing at all.
  std::string good = csr(kChallenge, "URI:" + kId);
  std::string tampered = good;
  tampered[tampered.size() - 3] ^= 0x01;
  EXPECT_EQ(enrolRsc(tampered), Rsc::kBadRequest);
  EXPECT_EQ(enrolRsc(good.substr(0, good.size() / 2)), Rsc::kBadRequest);
  EXPECT_EQ(enrolRsc(good + "x"), Rsc::kBadRequest);
  EXPECT_EQ(enrolRsc(""), Rsc::kBadRequest);
  // ... and the good one is still signed.
  EXPECT_EQ(enrolRsc(good), Rsc::kOk);
}

TEST_F(EstAuthorityTest, ACseIdCertificateAlsoNamesTheCsesPublicDomainNameAndNoOther) {
  using model::Rsc;
  const std::string in = "//citadel.example.com/id-in";
  const std::string mn = "//citadel.example.com/id-mn";
  // TS-0001 §6.5.1.1: <IN-CSE-ID>.<SP domain>; <MN-CSE-ID>.<IN public domain name>.
  auto issued = authority_->enrol(csr(kChallenge, "URI:" + in + ", DNS:id-in.citadel.example.com"),
                                  in, kChallenge, std::chrono::system_clock::now());
  ASSERT_TRUE(issued.isOk()) << issued.status().dbg();
  std::ofstream(dir_.file("cse.der"), std::ios::binary) << issued.value().der;
  std::string text = runShell("openssl x509 -inform DER -noout -ext subjectAltName -in " +
                              dir_.file("cse.der"));
  EXPECT_NE(text.find("URI:" + in), std::string::npos) << text;
  EXPECT_NE(text.find("DNS:id-in.citadel.example.com"), std::string::npos) << text;
  EXPECT_EQ(enrolRsc(csr(kChallenge, "URI:" + mn + ", DNS:id-mn.id-in.citadel.example.com"), mn),
            Rsc::kOk);
  // Without the DNS name, another one, a wildcard, two of them, another CSE's.
  EXPECT_EQ(enrolRsc(csr(kChallenge, "URI:" + in), in), Rsc::kOriginatorHasNoPrivilege);
  EXPECT_EQ(enrolRsc(csr(kChallenge, "URI:" + in + ", DNS:evil.example.com"), in),
            Rsc::kOriginatorHasNoPrivilege);
  EXPECT_EQ(enrolRsc(csr(kChallenge, "URI:" + in + ", DNS:*.citadel.example.com"), in),
            Rsc::kOriginatorHasNoPrivilege);
  EXPECT_EQ(enrolRsc(csr(kChallenge, "URI:" + in + ", DNS:id-in.citadel.example.com, "
                                     "DNS:id-in.x.citadel.example.com"), in),
            Rsc::kOriginatorHasNoPrivilege);
  EXPECT_EQ(enrolRsc(csr(kChallenge, "URI:" + in + ", DNS:id-mn.citadel.example.com"), in),
            Rsc::kOriginatorHasNoPrivilege);
  // An AE-ID gets no DNS name.
  EXPECT_EQ(enrolRsc(csr(kChallenge, "URI:" + kId + ", DNS:Cunit.citadel.example.com")),
            Rsc::kOriginatorHasNoPrivilege);
}

TEST_F(EstAuthorityTest, RefusesACaKeyOpenToOthersOrNotTheCertificates) {
  chmod(dir_.file("ca.key").c_str(), 0644);
  EXPECT_FALSE(EstAuthority::load(dir_.file("ca.pem"), dir_.file("ca.key"),
                                  std::chrono::hours(1)).isOk());
  chmod(dir_.file("ca.key").c_str(), 0600);
  runShell("openssl genpkey -algorithm ec -pkeyopt ec_paramgen_curve:P-256 -out " +
           dir_.file("other.key"));
  chmod(dir_.file("other.key").c_str(), 0600);
  auto mismatched = EstAuthority::load(dir_.file("ca.pem"), dir_.file("other.key"),
                                       std::chrono::hours(1));
  ASSERT_FALSE(mismatched.isOk());
  EXPECT_EQ(mismatched.status().dbg().find("BEGIN"), std::string::npos) << "no key material";
  // An RSA CA: TS-0003 §10.1.1.3 wants ECDSA on P-256 signatures.
  int status = 0;
  runShell("openssl req -x509 -newkey rsa:2048 -nodes -keyout " + dir_.file("rsa.key") +
               " -out " + dir_.file("rsa.pem") + " -subj /CN=rsa-ca -days 1 "
               "-addext basicConstraints=critical,CA:TRUE",
           &status);
  ASSERT_EQ(status, 0);
  chmod(dir_.file("rsa.key").c_str(), 0600);
  EXPECT_FALSE(EstAuthority::load(dir_.file("rsa.pem"), dir_.file("rsa.key"),
                                  std::chrono::hours(1)).isOk());
}

}  // namespace
}  // namespace citadel::tools::mef
