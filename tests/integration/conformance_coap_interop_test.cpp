// Issue 24 #19, CoAP interop: datagrams encoded the way common CoAP client libraries send them,
// to the real binary. RFC 7252 allows what they do (an empty Uri-Query for a URI without a
// query, a repeated elective option), so the CSE must serve them; what RFC 7252 §5.4.5 refuses
// (a repeated critical option) answers 4.02 Bad Option. Each test asserts the CoAP code, the
// oneM2M-RSC option and the stored state (read back over HTTP).
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "bindings/coap/coap_options.h"
#include "bindings/coap/coap_wire.h"
#include "tests/support/coap_client.h"
#include "tests/support/cse_fixture.h"

namespace citadel::testing {
namespace {

namespace option = coap::option;
using coap::CoapMessage;
using coap::MessageType;

class ConformanceCoapInteropTest : public CseFixture {
 protected:
  static void SetUpTestSuite() { startCse({"--coap.enabled=true", "--coap.port=0"}); }

  void SetUp() override {
    CseFixture::SetUp();
    if (HasFatalFailure()) return;
    uint16_t port = pointOfAccessPort("coap");
    ASSERT_NE(port, 0);
    coap_ = std::make_unique<CoapClient>(port);
  }

  // A CON request with a fresh message ID and token; the oneM2M options FR, RQI and RVI "3".
  static CoapMessage request(uint8_t method, const std::string& originator,
                             std::initializer_list<std::string> path) {
    static uint16_t message_id = 0x4000;
    CoapMessage m;
    m.type = MessageType::kConfirmable;
    m.code = method;
    m.message_id = ++message_id;
    m.token = "tk" + std::to_string(message_id);
    for (const auto& segment : path) m.options.emplace_back(option::kUriPath, segment);
    m.options.emplace_back(option::kOneM2mFr, originator);
    m.options.emplace_back(option::kOneM2mRqi, CoapClient::nextRequestId());
    m.options.emplace_back(option::kOneM2mRvi, "3");
    return m;
  }

  // A CREATE of <container> `rn` under `ae` (Content-Format 50, oneM2M-TY 3, JSON payload).
  static CoapMessage containerCreate(const Ae& ae, const std::string& rn) {
    CoapMessage post = request(coap::method::kPost, ae.id, {"cse-in", ae.name});
    post.options.emplace_back(option::kContentFormat, coap::encodeUint(50));
    post.options.emplace_back(option::kOneM2mTy, coap::encodeUint(3));
    post.payload = Json{{"m2m:cnt", {{"rn", rn}}}}.dump();
    return post;
  }

  // The CSE's answer to `m` sent as one datagram (the wire bytes of RFC 7252 §3).
  std::optional<CoapMessage> exchange(const CoapMessage& m) {
    auto reply = coap_->rawDatagram(coap::serializeMessage(m), std::chrono::seconds(5));
    if (!reply) return std::nullopt;
    auto parsed = coap::parseMessage(*reply);
    if (!parsed.isOk()) return std::nullopt;
    return std::move(parsed).value();
  }

  static int rscOf(const CoapMessage& m) {
    const std::string* raw = m.option(option::kOneM2mRsc);
    if (raw == nullptr) return 0;
    return static_cast<int>(coap::decodeUint(*raw, 2).value_or(0));
  }

  std::unique_ptr<CoapClient> coap_;
};

// libcoap's coap-client and aiocoap send an empty Uri-Query option when the URI has a "?" with
// nothing after it; RFC 7252 §6.5 composes it back to an empty query: no parameter at all.
TEST_F(ConformanceCoapInteropTest, AnEmptyUriQueryIsIgnored) {
  Ae ae = registerAe();
  CoapMessage get = request(coap::method::kGet, ae.id, {"cse-in", ae.name});
  get.options.emplace_back(option::kUriQuery, "");
  auto reply = exchange(get);
  ASSERT_TRUE(reply.has_value()) << "no answer";
  EXPECT_EQ(reply->code, coap::code(2, 5)) << coap::codeString(reply->code) << reply->payload;
  EXPECT_EQ(rscOf(*reply), 2000);
  EXPECT_EQ(reply->token, get.token);
  EXPECT_NE(reply->payload.find("\"m2m:ae\""), std::string::npos) << reply->payload;
}

// The same for a CREATE, sent as Californium does (Uri-Query between Uri-Path and the oneM2M
// options, Content-Format 50): the container is created and stored.
TEST_F(ConformanceCoapInteropTest, ACreateWithAnEmptyUriQueryIsStored) {
  Ae ae = registerAe();
  std::string rn = uniqueName("cnt");
  CoapMessage post = containerCreate(ae, rn);
  post.options.emplace_back(option::kUriQuery, "");
  auto reply = exchange(post);
  ASSERT_TRUE(reply.has_value()) << "no answer";
  EXPECT_EQ(reply->code, coap::code(2, 1)) << coap::codeString(reply->code) << reply->payload;
  EXPECT_EQ(rscOf(*reply), 2001);
  EXPECT_EQ(http().retrieve(ae.id, ae.path + "/" + rn).rsc, 2000);
}

// An empty Uri-Query next to real ones (a client joining "?&rcn=1"): the others still apply.
TEST_F(ConformanceCoapInteropTest, AnEmptyUriQueryBesideOthersLeavesThemInForce) {
  Ae ae = registerAe();
  CoapMessage get = request(coap::method::kGet, ae.id, {"cse-in", ae.name});
  get.options.emplace_back(option::kUriQuery, "");
  get.options.emplace_back(option::kUriQuery, "fu=1");
  auto reply = exchange(get);
  ASSERT_TRUE(reply.has_value()) << "no answer";
  EXPECT_EQ(rscOf(*reply), 2000) << reply->payload;
  // fu=1 (discovery) applied: the answer is a list of IDs, not the <AE>.
  EXPECT_NE(reply->payload.find("\"m2m:uril\""), std::string::npos) << reply->payload;
}

// RFC 7252 §5.4.5: a repeated non-repeatable option is treated like an unrecognized one.
// Content-Format (12) is elective, so the repeat is ignored and the first one counts.
TEST_F(ConformanceCoapInteropTest, ARepeatedContentFormatIsIgnored) {
  Ae ae = registerAe();
  std::string rn = uniqueName("cnt");
  CoapMessage post = containerCreate(ae, rn);  // Content-Format 50 first
  post.options.emplace_back(option::kContentFormat, coap::encodeUint(60));
  auto reply = exchange(post);
  ASSERT_TRUE(reply.has_value()) << "no answer";
  EXPECT_EQ(rscOf(*reply), 2001) << reply->payload;
  EXPECT_EQ(http().retrieve(ae.id, ae.path + "/" + rn).rsc, 2000);
}

// Accept (17) is critical: repeated, it is a bad option (4.02), and nothing is created.
TEST_F(ConformanceCoapInteropTest, ARepeatedAcceptIsABadOption) {
  Ae ae = registerAe();
  std::string rn = uniqueName("cnt");
  CoapMessage post = containerCreate(ae, rn);
  post.options.emplace_back(option::kAccept, coap::encodeUint(50));
  post.options.emplace_back(option::kAccept, coap::encodeUint(60));
  auto reply = exchange(post);
  ASSERT_TRUE(reply.has_value()) << "no answer";
  EXPECT_EQ(reply->code, coap::code(4, 2)) << coap::codeString(reply->code) << reply->payload;
  EXPECT_NE(reply->payload.find("Accept"), std::string::npos) << reply->payload;
  EXPECT_EQ(http().retrieve(ae.id, ae.path + "/" + rn).rsc, 4004);
}

// A oneM2M option is critical (TS-0008 Table 6.2.2.4.0-1): repeated, 4.02; nothing created.
TEST_F(ConformanceCoapInteropTest, ARepeatedOneM2mOptionIsABadOption) {
  Ae ae = registerAe();
  std::string rn = uniqueName("cnt");
  CoapMessage post = containerCreate(ae, rn);
  post.options.emplace_back(option::kOneM2mFr, ae.id);
  auto reply = exchange(post);
  ASSERT_TRUE(reply.has_value()) << "no answer";
  EXPECT_EQ(reply->code, coap::code(4, 2)) << coap::codeString(reply->code) << reply->payload;
  EXPECT_EQ(http().retrieve(ae.id, ae.path + "/" + rn).rsc, 4004);
}

}  // namespace
}  // namespace citadel::testing
