// ESPrim phase B against the real binary (issue 16, slice 1): the <CSEBase> shows e2eSecInfo
// (esi), and a NOTIFY with m2m:seci sit 3 from an originator with NOTIFY privilege on the
// <CSEBase> gets a unique receiverESPrimRandObject (sit 4), over HTTP and CoAP. Without that
// privilege the pipeline refuses it (4103); hostile seci gets 4000. The pairwise key file must
// be mode 0600 and well formed, or the CSE does not start, and never shows a key.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <set>

#include "cse/model/clock.h"
#include "tests/support/coap_client.h"
#include "tests/support/cse_fixture.h"
#include "tests/support/shell.h"
#include "tests/support/temp_dir.h"

namespace citadel::testing {
namespace {

constexpr const char* kKeyHex = "00112233445566778899aabbccddeeff";

Json randRequest() { return {{"m2m:seci", {{"sit", 3}}}}; }

// A 0600 key file with one key for `originator` in a new `dir`, and the CSE started with
// ESPrim on and `extra` options.
void startEsprimCse(std::unique_ptr<TempDir>& dir, const std::string& originator,
                    std::vector<std::string> extra,
                    void (*start)(std::vector<std::string>, std::string)) {
  dir = std::make_unique<TempDir>();
  std::string path = dir->file("esprim.keys");
  std::ofstream(path) << "k1 " << originator << " " << kKeyHex << "\n";
  ::chmod(path.c_str(), 0600);
  extra.insert(extra.begin(), {"--esprim.enabled=true", "--esprim.keyFile=" + path});
  start(std::move(extra), "");
}

class EsprimRandTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    startEsprimCse(keys_, "Cesprim",
                   {"--coap.enabled=true", "--coap.port=0", "--esprim.randLifetime=600"},
                   &startCse);
  }
  static void TearDownTestSuite() {
    stopCse();
    keys_.reset();
  }

  HttpResult notify(const std::string& originator, const std::string& body) {
    return http().raw("POST", kCseBase,
                      {{"X-M2M-Origin", originator},
                       {"X-M2M-RI", HttpClient::nextRequestId()},
                       {"X-M2M-RVI", "3"},
                       {"Content-Type", "application/json"}},
                      body);
  }

  // The fields TS-0004 §6.3.5.51 and TS-0003 §8.4.3.1.2 ask for, as this CSE fills them.
  static void expectRandObject(const Json& seci) {
    ASSERT_TRUE(seci.is_object()) << seci;
    EXPECT_EQ(seci["sit"], 4) << seci;
    const Json& ero = seci["ero"];
    ASSERT_TRUE(ero.is_object()) << seci;
    EXPECT_EQ(ero.size(), 5u) << ero;
    std::string esri = ero.value("esri", "");
    std::string esrv = ero.value("esrv", "");
    EXPECT_EQ(esri.size(), 33u) << ero;
    EXPECT_EQ(esri.substr(0, 1), "u") << ero;  // "not shared"
    EXPECT_EQ(esrv.size(), 33u) << ero;        // "v" + 128 bits in hex
    EXPECT_EQ(esrv.find_first_not_of("0123456789abcdef", 1), std::string::npos) << ero;
    auto expiry = model::parseTimestamp(ero.value("esrx", ""));
    ASSERT_TRUE(expiry.has_value()) << ero;
    auto now = std::chrono::system_clock::now();
    EXPECT_GT(*expiry, now + std::chrono::seconds(500)) << ero;
    EXPECT_LE(*expiry, now + std::chrono::seconds(601)) << ero;
    EXPECT_EQ(ero["esks"], Json::parse("[1]")) << ero;
    EXPECT_EQ(ero["espa"], Json::parse("[10,11,12]")) << ero;
  }

  static inline std::unique_ptr<TempDir> keys_;
};

TEST_F(EsprimRandTest, TheCseBaseShowsE2eSecInfo) {
  Ae ae = registerAe();
  HttpResult cb = http().retrieve(ae.id, kCseBase);
  ASSERT_EQ(cb.rsc, 2000) << cb;
  // ESPrim objects (sit 5) under pre-provisioned keys are accepted: SUID 13; no shared object
  // is configured, so no esro: originators ask for unique ones.
  EXPECT_EQ(cb.resource()["esi"], Json::parse(R"({"esf":[13]})")) << cb;
  HttpResult esi = http().raw("GET", std::string(kCseBase) + "?atrl=esi",
                              {{"X-M2M-Origin", ae.id},
                               {"X-M2M-RI", HttpClient::nextRequestId()},
                               {"X-M2M-RVI", "3"}});
  ASSERT_EQ(esi.rsc, 2000) << esi;
  EXPECT_EQ(esi.resource()["esi"], Json::parse(R"({"esf":[13]})")) << esi;
}

TEST_F(EsprimRandTest, ANotifyWithSit3GetsAUniqueRandObjectOverHttp) {
  Ae ae = registerAe();
  grantNotifyOnCseBase(ae.id);
  std::set<std::string> ids;
  std::set<std::string> values;
  for (int i = 0; i < 5; ++i) {
    HttpResult r = notify(ae.id, randRequest().dump());
    ASSERT_EQ(r.rsc, 2000) << r;
    expectRandObject(r.json["m2m:seci"]);
    ids.insert(r.json["m2m:seci"]["ero"].value("esri", ""));
    values.insert(r.json["m2m:seci"]["ero"].value("esrv", ""));
  }
  EXPECT_EQ(ids.size(), 5u);
  EXPECT_EQ(values.size(), 5u);
}

TEST_F(EsprimRandTest, ANotifyWithSit3GetsAUniqueRandObjectOverCoap) {
  Ae ae = registerAe();
  grantNotifyOnCseBase(ae.id);
  uint16_t port = pointOfAccessPort("coap");
  ASSERT_NE(port, 0);
  CoapClient coap(port);
  CoapResult first = coap.notify(ae.id, kCseBase, randRequest());
  ASSERT_EQ(first.rsc, 2000) << first;
  expectRandObject(first.json["m2m:seci"]);
  CoapResult second = coap.notify(ae.id, kCseBase, randRequest());
  ASSERT_EQ(second.rsc, 2000) << second;
  EXPECT_NE(first.json["m2m:seci"]["ero"]["esri"], second.json["m2m:seci"]["ero"]["esri"]);
  EXPECT_NE(first.json["m2m:seci"]["ero"]["esrv"], second.json["m2m:seci"]["ero"]["esrv"]);
}

// TS-0004 §7.6.2 step G: the NOTIFY is authorized as any other (Recv-6.3); the default
// acpCSEBase gives NOTIFY to the admin only.
TEST_F(EsprimRandTest, AnOriginatorWithoutNotifyPrivilegeGets4103) {
  Ae ae = registerAe();
  HttpResult r = notify(ae.id, randRequest().dump());
  EXPECT_EQ(r.rsc, 4103) << r;
  EXPECT_FALSE(r.json.contains("m2m:seci")) << r;
}

TEST_F(EsprimRandTest, HostileSecurityInfoGets4000) {
  Ae ae = registerAe();
  grantNotifyOnCseBase(ae.id);
  const std::string hostile[] = {
      R"({"m2m:seci":{}})",
      R"({"m2m:seci":{"sit":"3"}})",
      R"({"m2m:seci":{"sit":3.0001}})",
      R"({"m2m:seci":{"sit":null}})",
      R"({"m2m:seci":{"sit":0}})",
      R"({"m2m:seci":{"sit":9}})",
      R"({"m2m:seci":{"sit":99999999999999999999}})",
      R"({"m2m:seci":{"sit":4,"ero":{"esri":"u1","esrv":"v1","esrx":"20991231T000000","esks":[1],"espa":[12]}}})",
      R"({"m2m:seci":{"sit":2,"dres":{}}})",
      R"({"m2m:seci":{"sit":3,"ero":{}}})",
      R"({"m2m:seci":{"sit":3,"epo":"a.b.c.d.e"}})",
      R"({"m2m:seci":[3]})",
      R"({"m2m:seci":"sit 3"})",
      R"({"m2m:seci":{"sit":3},"m2m:sgn":{}})",
      "{\"m2m:seci\":{\"sit\":3,\"pad\":\"" + std::string(60000, 'A') + "\"}}",
  };
  for (const std::string& body : hostile) {
    HttpResult r = notify(ae.id, body);
    EXPECT_EQ(r.rsc, 4000) << body.substr(0, 120) << " -> " << r;
    EXPECT_FALSE(r.json.contains("m2m:seci")) << r;
  }
  // The CSE still serves the same originator afterwards.
  HttpResult ok = notify(ae.id, randRequest().dump());
  EXPECT_EQ(ok.rsc, 2000) << ok;
}

// esprim.sharedRandLifetime: a shared receiverESPrimRandObject as esi.esro (TS-0003 §8.4.2 B.1).
class EsprimSharedRandTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    startEsprimCse(keys_, "Cshared", {"--esprim.sharedRandLifetime=86400"}, &startCse);
  }
  static void TearDownTestSuite() {
    stopCse();
    keys_.reset();
  }
  static inline std::unique_ptr<TempDir> keys_;
};

TEST_F(EsprimSharedRandTest, TheCseBaseShowsASharedRandObject) {
  HttpResult cb = http().retrieve(kAdmin, kCseBase);
  ASSERT_EQ(cb.rsc, 2000) << cb;
  const Json& esro = cb.resource()["esi"]["esro"];
  ASSERT_TRUE(esro.is_object()) << cb;
  EXPECT_EQ(esro.value("esri", "").substr(0, 1), "s") << esro;  // "shared"
  EXPECT_EQ(esro.value("esrv", "").size(), 33u) << esro;
  auto expiry = model::parseTimestamp(esro.value("esrx", ""));
  ASSERT_TRUE(expiry.has_value()) << esro;
  EXPECT_GT(*expiry, std::chrono::system_clock::now() + std::chrono::hours(23)) << esro;
  EXPECT_EQ(esro["esks"], Json::parse("[1]")) << esro;
  EXPECT_EQ(esro["espa"], Json::parse("[10,11,12]")) << esro;
  EXPECT_EQ(cb.resource()["esi"]["esf"], Json::parse("[13]")) << cb;
}

// Without esprim.enabled: no esi, and a sit 3 request is one this CSE does not serve.
class EsprimOffTest : public CseFixture {};

TEST_F(EsprimOffTest, NoE2eSecInfoAndSit3IsNotServed) {
  HttpResult cb = http().retrieve(kAdmin, kCseBase);
  ASSERT_EQ(cb.rsc, 2000) << cb;
  EXPECT_FALSE(cb.resource().contains("esi")) << cb;
  HttpResult r = http().raw("POST", kCseBase,
                            {{"X-M2M-Origin", kAdmin},
                             {"X-M2M-RI", HttpClient::nextRequestId()},
                             {"X-M2M-RVI", "3"},
                             {"Content-Type", "application/json"}},
                            randRequest().dump());
  EXPECT_EQ(r.rsc, 5001) << r;
}

// An <AE> may carry its own esi; its type is checked (TS-0004 §6.3.5.52).
TEST_F(EsprimOffTest, AnAeMaySetAWellFormedE2eSecInfoOnly) {
  Ae ae = registerAe();
  HttpResult good = http().update(ae.id, ae.path, {{"m2m:ae", {{"esi", {{"esf", {13}}}}}}});
  ASSERT_EQ(good.rsc, 2004) << good;
  EXPECT_EQ(good.resource()["esi"], Json::parse(R"({"esf":[13]})")) << good;
  for (const char* bad : {R"({"esf":[99]})", R"({"esf":13})", R"("esi")", R"({"esf":[13],"x":1})",
                          R"({"esf":[13],"esro":{"esri":"u1"}})"}) {
    HttpResult r = http().update(ae.id, ae.path, {{"m2m:ae", {{"esi", Json::parse(bad)}}}});
    EXPECT_EQ(r.rsc, 4000) << bad << " -> " << r;
  }
}

// The start-up checks of the pairwise key file: exit non-zero, the fix named, no key shown.
class EsprimStartupTest : public ::testing::Test {
 protected:
  std::string start(const std::string& keys, int* code) {
    return runShell(std::string(CITADEL_BINARY) + " --http.port=0 --esprim.enabled=true " +
                        "--storage.path=" + dir_.file("db") + " --esprim.keyFile=" + keys +
                        " 2>&1",
                    code, 15);
  }
  TempDir dir_;
};

TEST_F(EsprimStartupTest, RefusesAKeyFileOthersCanReadOrThatIsMalformed) {
  const std::string secret = "0123456789abcdef0123456789abcdef";
  std::string keys = dir_.file("esprim.keys");
  std::ofstream(keys) << "k1 Cae1 " << secret << "\n";
  ::chmod(keys.c_str(), 0644);
  int code = 0;
  std::string loose = start(keys, &code);
  EXPECT_NE(code, 0) << loose;
  EXPECT_NE(loose.find("chmod 600"), std::string::npos) << loose;
  EXPECT_EQ(loose.find(secret), std::string::npos) << "the key must not be shown";

  std::string missing = start(dir_.file("none.keys"), &code);
  EXPECT_NE(code, 0) << missing;
  EXPECT_NE(missing.find("none.keys"), std::string::npos) << missing;

  const std::string not_hex = "0123456789abcdef0123456789abcdeg";
  std::string bad = dir_.file("bad.keys");
  std::ofstream(bad) << "# comment\nk1 Cae1 " << not_hex << "\n";
  ::chmod(bad.c_str(), 0600);
  std::string malformed = start(bad, &code);
  EXPECT_NE(code, 0) << malformed;
  EXPECT_NE(malformed.find("bad.keys:2"), std::string::npos) << malformed;
  EXPECT_EQ(malformed.find(not_hex), std::string::npos) << "the key must not be shown";
}

}  // namespace
}  // namespace citadel::testing
