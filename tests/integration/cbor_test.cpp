// CBOR over HTTP (TS-0004 §8.5, spec digest bindings.md §1 and §6): request bodies in
// application/cbor (and the oneM2M +cbor type), responses in CBOR when Accept asks for it or,
// without Accept, in the request body's format; malformed CBOR answers 4000 and the server
// stays up.
#include <gtest/gtest.h>

#include "tests/support/cse_fixture.h"

namespace citadel::testing {
namespace {

std::string cbor(const Json& value) {
  std::vector<uint8_t> bytes = Json::to_cbor(value);
  return std::string(bytes.begin(), bytes.end());
}

// The body of `r` decoded as CBOR; discarded (is_discarded) when it is not CBOR.
Json fromCbor(const HttpResult& r) {
  return Json::from_cbor(r.body, /*strict=*/true, /*allow_exceptions=*/false);
}

class CborTest : public CseFixture {
 protected:
  HeaderList headers(const std::string& originator, const std::string& content_type,
                     const std::string& accept) {
    HeaderList h;
    if (!originator.empty()) {
      h.emplace_back("X-M2M-Origin", originator);
    }
    h.emplace_back("X-M2M-RI", HttpClient::nextRequestId());
    h.emplace_back("X-M2M-RVI", "3");
    if (!content_type.empty()) {
      h.emplace_back("Content-Type", content_type);
    }
    if (!accept.empty()) {
      h.emplace_back("Accept", accept);
    }
    return h;
  }
  HttpResult createCbor(const std::string& originator, const std::string& path, int ty,
                        const std::string& body, const std::string& accept = "",
                        const std::string& media = "application/cbor") {
    return http().raw("POST", path,
                      headers(originator, media + ";ty=" + std::to_string(ty), accept), body);
  }
  HttpResult retrieveAccepting(const std::string& originator, const std::string& path,
                               const std::string& accept) {
    return http().raw("GET", path, headers(originator, "", accept));
  }
};

TEST_F(CborTest, CreatesAeContainerAndInstanceFromCborBodies) {
  std::string name = uniqueName("ae");
  std::string originator = "C" + name;
  HttpResult ae = createCbor(
      originator, kCseBase, 2,
      cbor({{"m2m:ae", {{"rn", name}, {"api", "N" + name}, {"rr", false}, {"srv", {"3"}}}}}),
      "application/json");
  ASSERT_EQ(ae.rsc, 2001) << ae;
  EXPECT_EQ(ae.resource().value("aei", ""), originator);
  std::string ae_path = std::string(kCseBase) + "/" + name;

  HttpResult cnt = createCbor(
      originator, ae_path, 3,
      cbor({{"m2m:cnt", {{"rn", "box"}, {"mni", 10}, {"lbl", {"x", "y"}}}}}), "application/json");
  ASSERT_EQ(cnt.rsc, 2001) << cnt;
  EXPECT_EQ(cnt.resource().value("mni", 0), 10);
  EXPECT_EQ(cnt.resource()["lbl"], Json({"x", "y"}));

  HttpResult cin =
      createCbor(originator, ae_path + "/box", 4,
                 cbor({{"m2m:cin", {{"rn", "i"}, {"con", "zwölf °C"}, {"cnf", "text/plain:0"}}}}),
                 "application/json");
  ASSERT_EQ(cin.rsc, 2001) << cin;

  // Read back in JSON: the stored values are the ones sent in CBOR.
  HttpResult back = http().retrieve(originator, ae_path + "/box/i");
  ASSERT_EQ(back.rsc, 2000) << back;
  EXPECT_EQ(back.resource().value("con", ""), "zwölf °C");
  EXPECT_EQ(back.resource().value("cs", 0), static_cast<int>(std::string("zwölf °C").size()));
  EXPECT_EQ(http().retrieve(originator, ae_path + "/box").resource().value("cni", 0), 1);
}

TEST_F(CborTest, AcceptsOneM2MResourceCborMediaType) {
  Ae ae = registerAe();
  HttpResult r = createCbor(ae.id, ae.path, 3, cbor({{"m2m:cnt", {{"rn", "v"}}}}),
                            "application/json", "application/vnd.onem2m-res+cbor");
  EXPECT_EQ(r.rsc, 2001) << r;
  EXPECT_EQ(http().retrieve(ae.id, ae.path + "/v").rsc, 2000);
}

TEST_F(CborTest, AnswersInCborWhenAccepted) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path, {{"rn", "c"}, {"mni", 3}});
  HttpResult r = retrieveAccepting(ae.id, cnt, "application/cbor");
  ASSERT_EQ(r.rsc, 2000) << r;
  EXPECT_NE(r.header("Content-Type").find("cbor"), std::string::npos) << r.header("Content-Type");
  Json body = fromCbor(r);
  ASSERT_FALSE(body.is_discarded()) << "not CBOR: " << r.body.substr(0, 80);
  ASSERT_TRUE(body.contains("m2m:cnt"));
  EXPECT_EQ(body["m2m:cnt"].value("rn", ""), "c");
  EXPECT_EQ(body["m2m:cnt"].value("mni", 0), 3);
  EXPECT_EQ(body["m2m:cnt"].value("ty", 0), 3);
}

TEST_F(CborTest, AnswersInRequestFormatWithoutAccept) {
  Ae ae = registerAe();
  HttpResult r = createCbor(ae.id, ae.path, 3, cbor({{"m2m:cnt", {{"rn", "c"}}}}), "");
  ASSERT_EQ(r.rsc, 2001) << r;
  Json body = fromCbor(r);
  ASSERT_FALSE(body.is_discarded()) << "a CBOR request without Accept gets CBOR";
  EXPECT_EQ(body["m2m:cnt"].value("rn", ""), "c");
}

TEST_F(CborTest, AnswersErrorsInCborWhenAccepted) {
  Ae ae = registerAe();
  HttpResult r = retrieveAccepting(ae.id, ae.path + "/missing", "application/cbor");
  EXPECT_EQ(r.rsc, 4004) << r;
  Json body = fromCbor(r);
  ASSERT_FALSE(body.is_discarded());
  EXPECT_TRUE(body.contains("m2m:dbg")) << body.dump();
}

TEST_F(CborTest, AnswersDiscoveryInCbor) {
  Ae ae = registerAe();
  createContainer(ae.id, ae.path, {{"rn", "d1"}});
  HttpResult r = http().raw("GET", ae.path + "?fu=1&ty=3", headers(ae.id, "", "application/cbor"));
  ASSERT_EQ(r.rsc, 2000) << r;
  Json body = fromCbor(r);
  ASSERT_FALSE(body.is_discarded());
  EXPECT_EQ(body["m2m:uril"], Json::array({ae.path.substr(1) + "/d1"}));
}

TEST_F(CborTest, RejectsMalformedCbor) {
  Ae ae = registerAe();
  std::string valid = cbor({{"m2m:cnt", {{"rn", "never"}}}});
  struct Case {
    const char* name;
    std::string body;
  };
  std::vector<Case> cases = {
      {"truncated", valid.substr(0, valid.size() - 3)},
      {"trailing bytes", valid + std::string("\x01", 1)},
      {"byte string",
       cbor({{"m2m:cnt", {{"rn", Json::binary(std::vector<std::uint8_t>{1, 2, 3})}}}})},
      {"huge declared map", std::string("\xbb\x00\x00\x00\x7f\xff\xff\xff\xff", 9)},
      {"huge declared text", std::string("\xa1\x7b\x00\x00\x00\x7f\xff\xff\xff\xff", 10)},
      {"deep nesting", std::string(5000, '\x81') + std::string(1, '\x00')},
      {"json text", R"({"m2m:cnt":{"rn":"never"}})"},
      {"break without start", std::string(1, '\xff')},
  };
  for (const auto& c : cases) {
    HttpResult r = createCbor(ae.id, ae.path, 3, c.body, "application/json");
    EXPECT_EQ(r.rsc, 4000) << c.name << ": " << r;
    EXPECT_EQ(r.http_status, 400) << c.name;
  }
  EXPECT_EQ(http().retrieve(ae.id, ae.path + "/never").rsc, 4004);
  EXPECT_EQ(http().retrieve(ae.id, ae.path).rsc, 2000) << "the server is still serving";
}

}  // namespace
}  // namespace citadel::testing
