// Test vectors for security/enrolment (README.md there). Each expected value was computed
// outside Citadel, with openssl or python, from Ke = bytes 0x10..0x2f (the 32 least significant
// bytes of the exported string 0x00..0x2f), e.g.
//   KE=101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f
//   L="oneM2M Enrolment Key to Usage-Constrained Symmetric Key derivation"
//   printf '%s' "${L}22cse1.citadel.example.com" | openssl dgst -sha256 -mac HMAC -macopt hexkey:$KE
#include "security/enrolment/enrolment_keys.h"

#include <gtest/gtest.h>

#include <string>

namespace citadel::security::enrolment {
namespace {

std::string bytesFrom(int first, int count) {
  std::string bytes;
  for (int i = 0; i < count; ++i) bytes.push_back(static_cast<char>(first + i));
  return bytes;
}

std::string ke() { return bytesFrom(0x10, 32); }

TEST(EnrolmentKeysTest, SplitsExportIntoLeastSignificantKeAndMostSignificantRelativeId) {
  auto split = splitExportedKey(bytesFrom(0, 48));
  ASSERT_TRUE(split.isOk());
  EXPECT_EQ(toHex(split.value().relative_key_id), "000102030405060708090a0b0c0d0e0f");
  EXPECT_EQ(toHex(split.value().ke),
            "101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f");
}

TEST(EnrolmentKeysTest, RefusesExportOfWrongLength) {
  EXPECT_EQ(splitExportedKey(bytesFrom(0, 47)).status().reason(), "enrolment.export_length");
  EXPECT_EQ(splitExportedKey(bytesFrom(0, 49)).status().reason(), "enrolment.export_length");
}

TEST(EnrolmentKeysTest, FormsKeyIdFromHexRelativeIdAndMefFqdn) {
  auto key_id = makeKeyId(bytesFrom(0, 16), "mef.example.com");
  ASSERT_TRUE(key_id.isOk());
  EXPECT_EQ(key_id.value(), "000102030405060708090a0b0c0d0e0f@mef.example.com");
}

TEST(EnrolmentKeysTest, DerivesMasterCredentialVector) {
  auto km = deriveMasterCredential(ke(), "maf.example.com");
  ASSERT_TRUE(km.isOk());
  EXPECT_EQ(toHex(km.value()), "28a823bfe683d7acfed2e53dea75e63f39c5fc4bc3d6ffc2b2aa469237dcf4d8");
}

// python3 -c "import hmac,hashlib; print(hmac.new(bytes(range(0x10,0x30)),
//   b'oneM2M MAF Kc to pairwiseESPrimKey derivation', hashlib.sha256).hexdigest())"
TEST(EnrolmentKeysTest, DerivesMafEsprimKeyVector) {
  auto key = deriveMafEsprimKey(ke());
  ASSERT_TRUE(key.isOk());
  EXPECT_EQ(toHex(key.value()), "9628b54c98f21557c651325f12e1ce00462612a9289b787945c1b7620ac1e6fe");
  EXPECT_FALSE(deriveMafEsprimKey(std::string(16, 'k')).isOk());
}

TEST(EnrolmentKeysTest, DerivesProvisionedKeyVector) {
  auto kpsa = deriveProvisionedKey(ke(), "Cae-sensor1");
  ASSERT_TRUE(kpsa.isOk());
  EXPECT_EQ(toHex(kpsa.value()),
            "467525134fbe7aea12652d35bb949b773270f3a0eb408f9ab9eddcb251843f76");
}

TEST(EnrolmentKeysTest, DerivesUsageConstrainedKeyWithDecimalSuid) {
  auto saef = deriveUsageConstrainedKey(ke(), 22, "cse1.citadel.example.com");
  ASSERT_TRUE(saef.isOk());
  EXPECT_EQ(toHex(saef.value()),
            "dffd17097acfcec266c7153b92e17f2b397eac25a7c134cc6ecf713c845bd2ae");
  auto esprim = deriveUsageConstrainedKey(ke(), 23, "cse1.citadel.example.com");
  ASSERT_TRUE(esprim.isOk());
  EXPECT_EQ(toHex(esprim.value()),
            "a0cd460a89f85048fe1a69a6c7701e0e00fcd8797ab4da211779fd60b285b85b");
}

// The vector the ESPrim side computed on its own (an ESPrim pairwise key, SUID 23, comes from
// this derivation):
// printf '%s' "oneM2M Enrolment Key to Usage-Constrained Symmetric Key derivation23ae1.citadel.example.com" |
//   openssl dgst -sha256 -mac HMAC -macopt hexkey:000102…1e1f
TEST(EnrolmentKeysTest, DerivesTheUsageConstrainedKeyOfAnEsprimPairwiseKey) {
  auto key = deriveUsageConstrainedKey(
      fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f").value(), 23,
      "ae1.citadel.example.com");
  ASSERT_TRUE(key.isOk());
  EXPECT_EQ(toHex(key.value()), "fc650f36c06cf18d2d9bdbc0498555d6296b534804cf5beefcf576864b96e19d");
}

TEST(EnrolmentKeysTest, DerivesEndToEndKeysWithZeroSaltByDefault) {
  auto kpsa = deriveProvisionedKey(ke(), "Cae-sensor1");
  ASSERT_TRUE(kpsa.isOk());
  // python3: m = hmac.new(bytes(32), kpsa, sha256); T(n) = hmac(m, T(n-1) + label + bytes([n]))
  auto keys = deriveEndToEndKeys(kpsa.value(), "");
  ASSERT_TRUE(keys.isOk());
  EXPECT_EQ(toHex(keys.value().master),
            "a0d768a1edacc0d27398e49d69095aa5a6dd9ff48c62590b8a089342befb7f2c");
  EXPECT_EQ(toHex(keys.value().message_authentication),
            "b0b997c0ca6432df4c7c03661f02547b1d3df658915e7c6956a0a6708aeb2470");
  EXPECT_EQ(toHex(keys.value().message_confidentiality),
            "f4da153d39cc440e4bd059e0a8f564b3eebd66efe4f52a607ec4a008a34134e9");
  EXPECT_EQ(toHex(keys.value().attribute_authenticity),
            "03d2ffc0035b038983bec1de73e82b87a2237cd79e6e935d56adb8093ea1ae00");
  EXPECT_EQ(toHex(keys.value().attribute_confidentiality),
            "f93a1b984f67bb5b0b3ca78c1247f44a305a245e0a9719e85b7b9fac6a89394a");
  auto salted = deriveEndToEndKeys(kpsa.value(), "citadel-salt");
  ASSERT_TRUE(salted.isOk());
  EXPECT_EQ(toHex(salted.value().master),
            "4c7466de58d04310eea8adc3d115de65a42fb6e53e6fe5eb61e36a203fdcbafa");
  EXPECT_EQ(toHex(salted.value().attribute_confidentiality),
            "dc163be116fc20db4619609413d4413a8acb24d17e11ed5ab20f1e51b82abd31");
}

TEST(EnrolmentKeysTest, ComputesKeyConfirmationVector) {
  EXPECT_EQ(toHex(keyConfirmation(ke(), "000102030405060708090a0b0c0d0e0f@mef.example.com")),
            "ae526a3f3b13e9a039eeba1ae6c28f57592ae6f1e67b49814256a3af7129d28e");
}

TEST(EnrolmentKeysTest, RefusesNonAsciiAndControlCharactersInIdentifiers) {
  // "ﬁ" (U+FB01) would become "fi" under NFKC; without a normalizer Citadel refuses it.
  EXPECT_EQ(deriveProvisionedKey(ke(), "Cae-\xef\xac\x81").status().reason(),
            "enrolment.bad_identifier");
  EXPECT_EQ(deriveProvisionedKey(ke(), "Cae\n1").status().reason(), "enrolment.bad_identifier");
  EXPECT_EQ(deriveProvisionedKey(ke(), "Cae 1").status().reason(), "enrolment.bad_identifier");
  EXPECT_EQ(deriveMasterCredential(ke(), "").status().reason(), "enrolment.bad_identifier");
  EXPECT_EQ(deriveMasterCredential(ke(), std::string(256, 'a')).status().reason(),
            "enrolment.bad_identifier");
  EXPECT_EQ(makeKeyId(bytesFrom(0, 16), "mef\x7f").status().reason(),
            "enrolment.bad_identifier");
}

TEST(EnrolmentKeysTest, RefusesSuidOutsideTheEnumeration) {
  for (int suid : {0, 9, 16, 20, 26, 31, 36, 46, -23, 230}) {
    EXPECT_EQ(deriveUsageConstrainedKey(ke(), suid, "cse1").status().reason(),
              "enrolment.bad_suid")
        << suid;
  }
  for (int suid : {10, 15, 21, 25, 32, 35, 40, 45}) {
    EXPECT_TRUE(encodeSuid(suid).isOk()) << suid;
  }
}

TEST(EnrolmentKeysTest, RefusesKeOfWrongLength) {
  EXPECT_EQ(deriveProvisionedKey(bytesFrom(0, 31), "C1").status().reason(), "enrolment.bad_key");
  EXPECT_EQ(deriveEndToEndKeys(bytesFrom(0, 33), "").status().reason(), "enrolment.bad_key");
}

TEST(EnrolmentKeysTest, RoundTripsHexAndRefusesBadHex) {
  auto bytes = fromHex("00ff10Ab");
  ASSERT_TRUE(bytes.isOk());
  EXPECT_EQ(toHex(bytes.value()), "00ff10ab");
  EXPECT_EQ(fromHex("abc").status().reason(), "enrolment.bad_hex");
  EXPECT_EQ(fromHex("zz").status().reason(), "enrolment.bad_hex");
}

}  // namespace
}  // namespace citadel::security::enrolment
