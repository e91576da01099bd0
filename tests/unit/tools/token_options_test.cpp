// citadel-token's command line: each option error names the option; the claims built from good
// options; key loading (ES256 files from keygen, HS256 hex/base64/file); keygen itself.
#include "tools/token_cli/token_options.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "security/token/token_minter.h"
#include "security/token/token_verifier.h"
#include "tests/support/status_macros.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/tools/tool_test_support.h"
#include "tools/token_cli/access_operations.h"
#include "tools/token_cli/key_generator.h"
#include "tools/token_cli/signing_key.h"

namespace citadel::tools {
namespace {

using model::Json;
using std::chrono::seconds;
using tools::testing::kStart;

const std::vector<std::string> kRequired = {"--issuer=das.example.com",
                                            "--holder=//citadel.example.com/id-in/Cmyapp",
                                            "--key=/some/key.pem"};

std::vector<std::string> withRequired(std::vector<std::string> more) {
  std::vector<std::string> args = kRequired;
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// The dbg of a refused command line; "" (and a failure) when it was accepted.
std::string tokenRefusal(const std::vector<std::string>& args) {
  auto parsed = parseTokenCommandLine(args);
  if (parsed.isOk()) {
    ADD_FAILURE() << "accepted";
    return "";
  }
  EXPECT_EQ(parsed.status().reason(), "tool.bad_option");
  EXPECT_EQ(parsed.status().dbg().find('\n'), std::string::npos) << "one line";
  return parsed.status().dbg();
}

MintOptions mintOptions(const std::vector<std::string>& args) {
  auto parsed = parseTokenCommandLine(args);
  EXPECT_TRUE(parsed.isOk()) << parsed.status().dbg();
  return parsed.isOk() ? parsed.value().mint : MintOptions{};
}

TEST(TokenOptionsTest, RefusesUnknownAndMalformedOptions) {
  EXPECT_EQ(tokenRefusal(withRequired({"--colour=red"})), "unknown option --colour (see --help)");
  EXPECT_NE(tokenRefusal(withRequired({"issuer=x"})).find("unexpected argument 'issuer=x'"),
            std::string::npos);
  EXPECT_NE(tokenRefusal(withRequired({"--"})).find("unexpected argument"), std::string::npos);
  EXPECT_NE(tokenRefusal(withRequired({"--ttl"})).find("--ttl: needs a value"), std::string::npos);
  EXPECT_NE(tokenRefusal(withRequired({"--ris="})).find("--ris: needs a value"), std::string::npos);
  EXPECT_NE(tokenRefusal(withRequired({"--issuer=again"})).find("--issuer: given more than once"),
            std::string::npos);
}

TEST(TokenOptionsTest, RefusesMissingRequiredOptions) {
  EXPECT_NE(tokenRefusal({"--holder=//sp/id-in/C", "--key=k"}).find("--issuer: required"),
            std::string::npos);
  EXPECT_NE(tokenRefusal({"--issuer=i", "--key=k"}).find("--holder: required"), std::string::npos);
  EXPECT_NE(tokenRefusal({"--issuer=i", "--holder=//sp/id-in/C"}).find("--key: required"),
            std::string::npos);
  EXPECT_TRUE(
      parseTokenCommandLine({"--issuer=i", "--holder=//sp/id-in/C", "--claims-only"}).isOk())
      << "--claims-only needs no key";
}

TEST(TokenOptionsTest, RefusesBadValuesNamingTheOption) {
  struct Case {
    const char* arg;
    const char* option;
  };
  for (Case c :
       {Case{"--alg=RS256", "--alg:"}, Case{"--alg=none", "--alg:"}, Case{"--op=Q", "--op:"},
        Case{"--op=0", "--op:"}, Case{"--op=64", "--op:"}, Case{"--op=r", "--op:"},
        Case{"--ttl=0", "--ttl:"}, Case{"--ttl=-5", "--ttl:"}, Case{"--ttl=1h", "--ttl:"},
        Case{"--ttl=999999999999", "--ttl:"}, Case{"--not-before=tomorrow", "--not-before:"},
        Case{"--not-before=20271301T000000", "--not-before:"},
        Case{"--not-before=999999999999", "--not-before:"}, Case{"--audience=a\x01", "--audience:"},
        Case{"--id=x\ny", "--id:"}}) {
    std::vector<std::string> args = kRequired;
    args.push_back(c.arg);
    std::string dbg = tokenRefusal(args);
    EXPECT_TRUE(dbg.starts_with(c.option)) << c.arg << " -> " << dbg;
  }
  std::vector<std::string> relative = {"--issuer=i", "--holder=/id-in/Cmyapp", "--key=k"};
  EXPECT_NE(tokenRefusal(relative).find("--holder: expected an absolute ID"), std::string::npos);
  EXPECT_NE(tokenRefusal(withRequired({"--ris=" + std::string(kMaxOptionValueBytes + 1, 'r')}))
                .find("--ris: longer than 512 bytes"),
            std::string::npos);
}

TEST(TokenOptionsTest, ParsesHelpAndKeygen) {
  EXPECT_EQ(parseTokenCommandLine({"--help"}).value().kind, TokenCommand::Kind::kHelp);
  auto keygen = parseTokenCommandLine({"keygen", "--alg=HS256", "--out=/tmp/x"});
  ASSERT_OK(keygen);
  EXPECT_EQ(keygen.value().kind, TokenCommand::Kind::kKeygen);
  EXPECT_EQ(keygen.value().keygen.algorithm, "HS256");
  EXPECT_EQ(keygen.value().keygen.out_dir, "/tmp/x");
  EXPECT_NE(tokenRefusal({"keygen"}).find("--out: required"), std::string::npos);
  EXPECT_NE(tokenRefusal({"keygen", "--out=/tmp", "--issuer=x"}).find("unknown option --issuer"),
            std::string::npos);
  EXPECT_NE(tokenRefusal({"keygen", "--alg=RS256", "--out=/tmp"}).find("--alg:"), std::string::npos);
}

TEST(TokenOptionsTest, BuildsTheClaimsAsked) {
  MintOptions o = mintOptions(withRequired(
      {"--audience=/id-in", "--audience=//citadel.example.com/id-mn", "--id=tok1@das.example.com",
       "--ris=cnt1", "--ris=cnt2", "--op=CRUD", "--role=r1@das.example.com", "--not-before=-60",
       "--ttl=120", "--name=my token"}));
  security::token::TokenClaims claims =
      buildClaims(o, kStart + std::chrono::milliseconds(700), "rnd");
  EXPECT_EQ(claims.version, "1");
  EXPECT_EQ(claims.token_id, "tok1@das.example.com");
  EXPECT_EQ(claims.holder, "//citadel.example.com/id-in/Cmyapp");
  EXPECT_EQ(claims.issuer, "das.example.com");
  EXPECT_EQ(claims.not_before, kStart - seconds(60));
  EXPECT_EQ(claims.not_after, kStart + seconds(60));
  EXPECT_EQ(claims.token_name, "my token");
  EXPECT_EQ(claims.audience, (std::vector<std::string>{"/id-in", "//citadel.example.com/id-mn"}));
  ASSERT_TRUE(claims.permissions.has_value());
  ASSERT_EQ(claims.permissions->size(), 1u);
  const auto& pm = claims.permissions->front();
  EXPECT_EQ(pm.resource_ids, (std::vector<std::string>{"cnt1", "cnt2"}));
  EXPECT_EQ(pm.role_ids, std::vector<std::string>{"r1@das.example.com"});
  EXPECT_EQ(pm.privileges,
            Json::parse(R"({"acr":[{"acor":["//citadel.example.com/id-in/Cmyapp"],"acop":15}]})"));
}

TEST(TokenOptionsTest, DefaultsToRetrieveOneHourFromNowAndARandomId) {
  MintOptions o = mintOptions(kRequired);
  security::token::TokenClaims claims = buildClaims(o, kStart, "abc");
  EXPECT_EQ(claims.token_id, "abc@das.example.com");
  EXPECT_EQ(claims.not_before, kStart);
  EXPECT_EQ(claims.not_after, kStart + seconds(3600));
  EXPECT_FALSE(claims.audience.has_value());
  EXPECT_FALSE(claims.token_name.has_value());
  const auto& pm = claims.permissions->front();
  EXPECT_FALSE(pm.resource_ids.has_value());
  EXPECT_FALSE(pm.role_ids.has_value());
  EXPECT_EQ((*pm.privileges)["acr"][0]["acop"], 2);
  EXPECT_EQ(randomTokenName().size(), 16u);
  EXPECT_NE(randomTokenName(), randomTokenName());
}

TEST(TokenOptionsTest, TakesAnAbsoluteNotBefore) {
  MintOptions o = mintOptions(withRequired({"--not-before=20270102T030405", "--ttl=5"}));
  security::token::TokenClaims claims = buildClaims(o, kStart, "x");
  EXPECT_EQ(model::formatTimestamp(claims.not_before), "20270102T030405");
  EXPECT_EQ(claims.not_after, claims.not_before + seconds(5));
}

TEST(AccessOperationsTest, ParsesLettersAndNumbers) {
  EXPECT_EQ(parseAccessOperations("R"), 2);
  EXPECT_EQ(parseAccessOperations("CRUDNX"), 63);
  EXPECT_EQ(parseAccessOperations("RR"), 2);
  EXPECT_EQ(parseAccessOperations("34"), 34);
  EXPECT_EQ(parseAccessOperations(""), std::nullopt);
  EXPECT_EQ(parseAccessOperations("6x"), std::nullopt);
  EXPECT_EQ(parseOperationLetters("X", "CRUDN"), std::nullopt);
  EXPECT_EQ(acopBitForOperation(5), 16);
  EXPECT_EQ(acopBitForOperation(6), 0);
  EXPECT_EQ(operationLetter(4), "D");
}

TEST(SigningKeyTest, LoadsHs256SecretsInEveryForm) {
  citadel::testing::TempDir dir("citadel-token-key");
  EXPECT_OK(loadSigningKey("HS256", tools::testing::kHexSecret));
  EXPECT_OK(loadSigningKey("HS256", "base64:ABEiM0RVZneImaq7zN3u/wARIjNEVWZ3iJmqu8zd7v8="));
  std::ofstream(dir.file("secret")) << tools::testing::kHexSecret << "\n";
  EXPECT_OK(loadSigningKey("HS256", dir.file("secret")));
}

TEST(SigningKeyTest, RefusesBadKeysNamingTheOptionNeverTheSecret) {
  citadel::testing::TempDir dir("citadel-token-key");
  auto short_secret = loadSigningKey("HS256", "hex:00112233");
  ASSERT_FALSE(short_secret.isOk());
  EXPECT_TRUE(short_secret.status().dbg().starts_with("--key: ")) << short_secret.status().dbg();
  EXPECT_EQ(short_secret.status().dbg().find("00112233"), std::string::npos);
  EXPECT_FALSE(loadSigningKey("HS256", "hex:zz").isOk());
  EXPECT_FALSE(loadSigningKey("HS256", dir.file("missing")).isOk());
  std::ofstream(dir.file("plain")) << "not a secret\n";
  EXPECT_NE(loadSigningKey("HS256", dir.file("plain")).status().dbg().find("must hold one line"),
            std::string::npos);
  EXPECT_TRUE(loadSigningKey("ES256", dir.file("missing")).status().dbg().starts_with("--key: "));
  EXPECT_TRUE(loadSigningKey("RS256", "x").status().dbg().starts_with("--alg: "));
  EXPECT_TRUE(loadSigningKey("ES256", "").status().dbg().starts_with("--key: required"));
}

TEST(KeyGeneratorTest, WritesAnEs256PairThatSignsAndVerifies) {
  citadel::testing::TempDir dir("citadel-keygen");
  auto written = generateIssuerKey({"ES256", dir.path()});
  ASSERT_OK(written);
  ASSERT_EQ(written.value().size(), 2u);
  struct stat st {};
  ASSERT_EQ(::stat(dir.file("issuer.key.pem").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto key = loadSigningKey("ES256", dir.file("issuer.key.pem"));
  ASSERT_OK(key);
  auto public_only = loadSigningKey("ES256", dir.file("issuer.pub.pem"));
  EXPECT_NE(public_only.status().dbg().find("public key"), std::string::npos);

  MintOptions o = mintOptions(kRequired);
  security::token::TokenClaims claims = buildClaims(o, kStart, "kg");
  auto token = security::token::mintToken(claims, key.value());
  ASSERT_OK(token);
  security::token::TrustedIssuers issuers;
  ASSERT_OK(issuers.addConfigured("das.example.com", "ES256", dir.file("issuer.pub.pem")));
  tools::testing::ManualClock clock;
  security::token::TokenVerifier verifier(std::move(issuers), clock);
  const resources::CseIdentity cse{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};
  EXPECT_OK(verifier.verify(token.value(), cse, "Cmyapp"));
}

TEST(KeyGeneratorTest, WritesAnHs256SecretAndNeverOverwrites) {
  citadel::testing::TempDir dir("citadel-keygen");
  ASSERT_OK(generateIssuerKey({"HS256", dir.path()}));
  struct stat st {};
  ASSERT_EQ(::stat(dir.file("issuer.secret").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_OK(loadSigningKey("HS256", dir.file("issuer.secret")));
  auto again = generateIssuerKey({"HS256", dir.path()});
  ASSERT_FALSE(again.isOk());
  EXPECT_NE(again.status().dbg().find("never overwrites"), std::string::npos);
  EXPECT_FALSE(generateIssuerKey({"ES256", dir.file("missing-dir")}).isOk());
}

}  // namespace
}  // namespace citadel::tools
