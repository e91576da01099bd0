// Hostile and malformed input over HTTP. Every rejection must carry the right rsc and an
// actionable, non-empty m2m:dbg (STYLE.md §3), and the server must keep serving afterwards.
#include <gtest/gtest.h>

#include "tests/support/cse_fixture.h"

namespace citadel::testing {
namespace {

class BadInputTest : public CseFixture {
 protected:
  void TearDown() override { expectStillServing(cse()); }

  // rsc, the HTTP status TS-0009 Table 6.3.2-1 maps it to, and a non-empty dbg.
  static void expectRejected(const HttpResult& r, int rsc, int http_status = 400) {
    EXPECT_EQ(r.rsc, rsc) << r;
    EXPECT_EQ(r.http_status, http_status) << r;
    EXPECT_FALSE(r.dbg().empty()) << "no m2m:dbg string in " << r;
    if (!r.request_id.empty()) {
      EXPECT_EQ(r.header("X-M2M-RI"), r.request_id) << "rqi not echoed: " << r;
    }
  }
  // The process is alive and answers a normal request on a fresh connection.
  static void expectStillServing(TestCse& cse) {
    ASSERT_TRUE(cse.running()) << "the CSE died (wait status " << cse.lastWaitStatus() << ")";
    HttpClient fresh(cse.port());
    HttpResult r = fresh.retrieve(kAdmin, kCseBase);
    EXPECT_EQ(r.rsc, 2000) << "normal request after hostile input: " << r;
  }
  // POST with a raw body and the given Content-Type.
  HttpResult postRaw(const std::string& originator, const std::string& path,
                     const std::string& content_type, const std::string& body) {
    return http().raw("POST", path,
                      {{"X-M2M-Origin", originator},
                       {"X-M2M-RI", HttpClient::nextRequestId()},
                       {"X-M2M-RVI", "3"},
                       {"Content-Type", content_type}},
                      body);
  }
};

TEST_F(BadInputTest, RejectsMalformedJson) {
  Ae ae = registerAe();
  for (const std::string& body :
       {std::string("{\"m2m:cnt\": {"), std::string("{\"m2m:cnt\": {\"rn\": }}"),
        std::string("not json"), std::string("{\"m2m:cnt\":{\"rn\":\"a\xff\"}}"),
        std::string("{\"m2m:cnt\":{}} trailing")}) {
    expectRejected(postRaw(ae.id, ae.path, "application/json;ty=3", body), 4000);
  }
}

TEST_F(BadInputTest, RejectsContentThatIsNotOneResourceObject) {
  Ae ae = registerAe();
  for (const std::string& body :
       {std::string("[]"), std::string("\"m2m:cnt\""), std::string("{}"),
        std::string("{\"m2m:cnt\":{},\"m2m:ae\":{}}"), std::string("{\"m2m:cnt\":[]}")}) {
    expectRejected(postRaw(ae.id, ae.path, "application/json;ty=3", body), 4000);
  }
}

TEST_F(BadInputTest, RejectsWrongAttributeTypes) {
  Ae ae = registerAe();
  expectRejected(http().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"mni", "x"}}}}), 4000);
  expectRejected(http().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"mni", 1.5}}}}), 4000);
  expectRejected(http().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"lbl", "notalist"}}}}), 4000);
  expectRejected(http().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", 42}}}}), 4000);
  std::string rn = uniqueName("ae");
  expectRejected(
      http().create("C" + rn, kCseBase, 2,
                    {{"m2m:ae", {{"rn", rn}, {"api", "Nx"}, {"rr", "yes"}, {"srv", {"3"}}}}}),
      4000);
  EXPECT_EQ(http().retrieve(kAdmin, "/cse-in/" + rn).rsc, 4004);
}

TEST_F(BadInputTest, RejectsInvalidResourceNames) {
  Ae ae = registerAe();
  for (const char* rn : {"", "a b", "a/b", "-lead", "\xC3\xA9t\xC3\xA9"}) {
    expectRejected(http().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", rn}}}}), 4000);
  }
}

TEST_F(BadInputTest, RejectsTooManyQueryParameters) {
  Ae ae = registerAe();
  std::string query;
  for (int i = 0; i < 200; ++i) {
    query += "lbl=x" + std::to_string(i) + "&";
  }
  expectRejected(http().retrieve(ae.id, ae.path, query), 4000);
}

TEST_F(BadInputTest, RejectsUnknownAttribute) {
  Ae ae = registerAe();
  expectRejected(http().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"foo", 1}}}}), 4000);
  std::string cnt = createContainer(ae.id, ae.path);
  expectRejected(http().update(ae.id, cnt, {{"m2m:cnt", {{"bar", true}}}}), 4000);
}

TEST_F(BadInputTest, RejectsNotPermittedAttributesInCreate) {
  Ae ae = registerAe();
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, Json>>{{"ri", "myri"},
                                                 {"cni", 0},
                                                 {"cbs", 0},
                                                 {"ct", "20250101T000000"},
                                                 {"st", 0},
                                                 {"ty", 3},
                                                 {"pi", ae.id}}) {
    HttpResult r = http().create(ae.id, ae.path, 3, {{"m2m:cnt", {{name, value}}}});
    expectRejected(r, 4000);
  }
  std::string cnt = createContainer(ae.id, ae.path);
  expectRejected(http().create(ae.id, cnt, 4, {{"m2m:cin", {{"con", "x"}, {"cs", 1}}}}), 4000);
}

TEST_F(BadInputTest, RejectsReadOnlyAndWriteOnceAttributesInUpdate) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  for (const auto& [name, value] : std::vector<std::pair<std::string, Json>>{
           {"cni", 5}, {"ri", "x"}, {"ct", "20250101T000000"}, {"rn", "renamed"}, {"st", 9}}) {
    expectRejected(http().update(ae.id, cnt, {{"m2m:cnt", {{name, value}}}}), 4000);
  }
  expectRejected(http().update(ae.id, ae.path, {{"m2m:ae", {{"api", "Nother"}}}}), 4000);
  expectRejected(http().update(ae.id, ae.path, {{"m2m:ae", {{"aei", "Cother"}}}}), 4000);
  EXPECT_EQ(http().retrieve(ae.id, cnt).resource().value("st", -1), 0);  // nothing changed
}

TEST_F(BadInputTest, RejectsUnknownResourceType) {
  Ae ae = registerAe();
  expectRejected(http().create(ae.id, ae.path, 999, {{"m2m:cnt", Json::object()}}), 4000);
  expectRejected(postRaw(ae.id, ae.path, "application/json;ty=abc", "{\"m2m:cnt\":{}}"), 4000);
}

TEST_F(BadInputTest, RejectsDisallowedChildType) {
  Ae ae = registerAe();
  // TS-0004 §7.3.3.x: a contentInstance cannot be a child of an AE.
  expectRejected(http().create(ae.id, ae.path, 4, {{"m2m:cin", {{"con", "x"}}}}), 4108, 403);
  std::string cnt = createContainer(ae.id, ae.path);
  expectRejected(
      http().create(ae.id, cnt, 2, {{"m2m:ae", {{"api", "Nx"}, {"rr", false}, {"srv", {"3"}}}}}),
      4108, 403);
}

TEST_F(BadInputTest, RejectsMissingMandatoryAttribute) {
  std::string rn = uniqueName("ae");
  expectRejected(http().create("C" + rn, kCseBase, 2,
                               {{"m2m:ae", {{"rn", rn}, {"rr", false}, {"srv", {"3"}}}}}),
                 4000);
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  expectRejected(http().create(ae.id, cnt, 4, {{"m2m:cin", {{"cnf", "text/plain:0"}}}}), 4000);
  expectRejected(
      http().create(ae.id, ae.path, 1, {{"m2m:acp", {{"pv", {{"acr", Json::array()}}}}}}),
      4000);  // pvs is mandatory
}

TEST_F(BadInputTest, RejectsWrongRootName) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  expectRejected(http().create(ae.id, cnt, 4, {{"m2m:cnt", {{"con", "x"}}}}), 4000);
  expectRejected(http().update(ae.id, cnt, {{"m2m:ae", {{"lbl", {"x"}}}}}), 4000);
  EXPECT_EQ(http().retrieve(ae.id, cnt).resource().value("cni", -1), 0);
}

TEST_F(BadInputTest, RejectsMissingRequestIdentifier) {
  Ae ae = registerAe();
  HttpResult r = http().raw("GET", ae.path, {{"X-M2M-Origin", ae.id}, {"X-M2M-RVI", "3"}});
  expectRejected(r, 4000);
}

TEST_F(BadInputTest, RejectsNonJsonContentType) {
  Ae ae = registerAe();
  for (const char* type : {"text/plain;ty=3", "application/xml;ty=3", "image/png;ty=3"}) {
    expectRejected(postRaw(ae.id, ae.path, type, "{\"m2m:cnt\":{}}"), 4015, 415);
  }
  HttpResult none = http().raw(
      "POST", ae.path,
      {{"X-M2M-Origin", ae.id}, {"X-M2M-RI", HttpClient::nextRequestId()}, {"X-M2M-RVI", "3"}},
      "{\"m2m:cnt\":{}}");
  EXPECT_TRUE(none.rsc == 4015 || none.rsc == 4000) << none;
  EXPECT_FALSE(none.dbg().empty()) << none;
}

TEST_F(BadInputTest, RejectsDeepNesting) {
  Ae ae = registerAe();
  std::string body = "{\"m2m:cnt\":{\"lbl\":" + std::string(100000, '[') + "}}";
  expectRejected(postRaw(ae.id, ae.path, "application/json;ty=3", body), 4000);
  std::string objects;
  for (int i = 0; i < 20000; ++i) objects += "{\"a\":";
  expectRejected(postRaw(ae.id, ae.path, "application/json;ty=3", "{\"m2m:cnt\":" + objects), 4000);
}

TEST_F(BadInputTest, RejectsInvalidPercentEncoding) {
  Ae ae = registerAe();
  for (const std::string& path :
       {ae.path + "/%zz", ae.path + "/%4", std::string("/%00"), ae.path + "?rcn=%G1"}) {
    HttpResult r = http().raw(
        "GET", path,
        {{"X-M2M-Origin", ae.id}, {"X-M2M-RI", HttpClient::nextRequestId()}, {"X-M2M-RVI", "3"}});
    expectRejected(r, 4000);
  }
}

TEST_F(BadInputTest, RejectsContentInDelete) {
  Ae ae = registerAe();
  HttpResult r = http().raw("DELETE", ae.path,
                            {{"X-M2M-Origin", ae.id},
                             {"X-M2M-RI", HttpClient::nextRequestId()},
                             {"X-M2M-RVI", "3"},
                             {"Content-Type", "application/json"}},
                            "{\"m2m:ae\":{}}");
  expectRejected(r, 4000);  // Content is NP in DELETE (TS-0004 Table 7.2.1.1-1)
  EXPECT_EQ(http().retrieve(ae.id, ae.path).rsc, 2000);
}

TEST_F(BadInputTest, SurvivesGarbageRequestLines) {
  for (const std::string& bytes :
       {std::string("GARBAGE\r\n\r\n"), std::string("\x16\x03\x01\x02\x01\r\n\r\n"),
        std::string("GET / HTTP/9.9\r\n\r\n"), std::string("GET / HTTP/1.1\r\n\r\n\r\n"),
        std::string("GET\r\n\r\n"), std::string("GET /cse-in HTTP/1.1\r\nNoColonHere\r\n\r\n"),
        std::string("GET /cse-in HTTP/1.1\r\nContent-Length: abc\r\n\r\n"),
        std::string("GET /") + std::string(100000, 'a') + " HTTP/1.1\r\n\r\n",
        std::string("GET /cse-in HTTP/1.1\r\nX-Big: ") + std::string(100000, 'b') + "\r\n\r\n",
        std::string(8192, '\0')}) {
    RawExchange x = rawExchange(cse().port(), bytes);
    ASSERT_TRUE(x.connected);
    EXPECT_FALSE(x.timed_out) << "no answer and no close for " << bytes.substr(0, 40);
    int status = x.httpStatus();
    // 4xx, or 505 for an HTTP version other than 1.x (RFC 9110 §15.6.6), or a closed connection.
    EXPECT_TRUE(x.closed_by_peer || (status >= 400 && status < 500) || status == 505)
        << "status " << status << " for " << bytes.substr(0, 40);
    ASSERT_TRUE(cse().running());
  }
}

TEST_F(BadInputTest, AnswersUnsupportedHttpVersionInHttp11) {
  // TS-0009 binds to HTTP/1.1 only; RFC 9112 §2.3: a server answers with the highest version it
  // conforms to (not the client's "HTTP/9.9"), and RFC 9110 §15.6.6 has 505 for this case.
  RawExchange x = rawExchange(cse().port(),
                              "GET /cse-in HTTP/9.9\r\nX-M2M-Origin: CAdmin\r\n"
                              "X-M2M-RI: v99\r\nX-M2M-RVI: 3\r\n\r\n");
  ASSERT_FALSE(x.timed_out);
  EXPECT_TRUE(x.received.starts_with("HTTP/1.1 ")) << x.received.substr(0, 120);
  EXPECT_TRUE(x.httpStatus() == 505 || x.httpStatus() == 400) << x.received.substr(0, 120);
}

TEST_F(BadInputTest, RefusesTooManyHeaderFields) {
  Ae ae = registerAe();
  std::string head = "GET " + ae.path + " HTTP/1.1\r\nHost: x\r\nX-M2M-Origin: " + ae.id +
                     "\r\nX-M2M-RI: many\r\nX-M2M-RVI: 3\r\n";
  for (int i = 0; i < 200; ++i) {
    head += "X-Filler-" + std::to_string(i) + ": v\r\n";
  }
  RawExchange x = rawExchange(cse().port(), head + "\r\n");
  EXPECT_FALSE(x.timed_out);
  int status = x.httpStatus();
  EXPECT_TRUE(x.closed_by_peer || (status >= 400 && status < 500)) << x.received.substr(0, 200);
  EXPECT_EQ(x.received.find("X-M2M-RSC: 2000"), std::string::npos) << x.received.substr(0, 200);

  // Over limits.maxHeaders (64) but under the HTTP parser's own limit: a oneM2M 4000.
  HeaderList headers = {
      {"X-M2M-Origin", ae.id}, {"X-M2M-RI", HttpClient::nextRequestId()}, {"X-M2M-RVI", "3"}};
  for (int i = 0; i < 70; ++i) {
    headers.emplace_back("X-Filler-" + std::to_string(i), "v");
  }
  expectRejected(http().raw("GET", ae.path, headers), 4000);
}

// --limits.maxRequestBytes=4096: bodies over the limit are refused before parsing.
TEST_F(BadInputTest, RejectsOversizeBody) {
  TestCse small({"--limits.maxRequestBytes=4096"});
  ASSERT_TRUE(small.running());
  HttpClient client(small.port());
  std::string ae_id = client.registerAe("big");
  ASSERT_FALSE(ae_id.empty());
  Json body = {{"m2m:cnt", {{"lbl", {std::string(10 * 1024, 'x')}}}}};
  HttpResult r = client.create(ae_id, "/cse-in/big", 3, body);
  expectRejected(r, 4000);
  EXPECT_EQ(client.create(ae_id, "/cse-in/big", 3, {{"m2m:cnt", {{"rn", "ok"}}}}).rsc, 2001);
  expectStillServing(small);
}

TEST_F(BadInputTest, RejectsOversizeChunkedBody) {
  TestCse small({"--limits.maxRequestBytes=4096"});
  ASSERT_TRUE(small.running());
  HttpClient client(small.port());
  std::string ae_id = client.registerAe("chunky");
  ASSERT_FALSE(ae_id.empty());
  auto chunkedPost = [&](const std::string& json) {
    std::string chunked;
    for (size_t at = 0; at < json.size(); at += 1000) {
      std::string piece = json.substr(at, 1000);
      char size[16];
      std::snprintf(size, sizeof(size), "%zx", piece.size());
      chunked += std::string(size) + "\r\n" + piece + "\r\n";
    }
    chunked += "0\r\n\r\n";
    return "POST /cse-in/chunky HTTP/1.1\r\nHost: x\r\nX-M2M-Origin: " + ae_id +
           "\r\nX-M2M-RI: chunked-1\r\nX-M2M-RVI: 3\r\n"
           "Content-Type: application/json;ty=3\r\n"
           "Transfer-Encoding: chunked\r\n\r\n" +
           chunked;
  };
  // Under the limit a chunked body is fine.
  RawExchange small_body = rawExchange(
      small.port(), chunkedPost("{\"m2m:cnt\":{\"lbl\":[\"" + std::string(2000, 'z') + "\"]}}"));
  EXPECT_EQ(small_body.httpStatus(), 201) << small_body.received.substr(0, 300);

  RawExchange x = rawExchange(small.port(), chunkedPost("{\"m2m:cnt\":{\"lbl\":[\"" +
                                                        std::string(10 * 1024, 'y') + "\"]}}"));
  EXPECT_FALSE(x.timed_out);
  EXPECT_EQ(x.httpStatus(), 400) << x.received.substr(0, 300);
  EXPECT_NE(x.received.find("X-M2M-RSC: 4000"), std::string::npos) << x.received.substr(0, 300);
  EXPECT_NE(x.received.find("m2m:dbg"), std::string::npos) << x.received.substr(0, 300);
  expectStillServing(small);
}

}  // namespace
}  // namespace citadel::testing
