// The demo and interoperability check: CoapServer on port 0 with a fake PrimitiveHandler,
// exchanged with by libcoap's coap-client tool (package libcoap3-bin) and by our test client.
//
// libcoap 4.3.1 clients reject any response carrying oneM2M options they have not registered
// (RFC 7252 §5.4.1, and only two can be; see bindings/coap/coap_wire.h), so coap-client prints
// our response in its debug dump (-v 7) and then times out. The tests assert on the Request the
// server decoded from libcoap's bytes and on the response bytes in that dump.
#include <gtest/gtest.h>

#include <fstream>

#include "bindings/coap/coap_server.h"
#include "tests/support/coap_client.h"
#include "tests/support/shell.h"
#include "tests/support/status_macros.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/coap/fake_primitive_handler.h"

namespace citadel::coap {
namespace {

class CoapCliInteropTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tool_ = citadel::testing::coapClientTool();
    if (tool_.empty()) GTEST_SKIP() << "coap-client (libcoap3-bin) is not installed";
    CoapServerOptions options;
    options.port = 0;
    auto started = CoapServer::start(options, handler_);
    ASSERT_OK(started);
    server_ = std::move(started).value();
  }

  std::string url(const std::string& path) {
    return "'coap://127.0.0.1:" + std::to_string(server_->port()) + path + "'";
  }

  // -B 1: coap-client waits one second for the response it will reject (see above).
  std::string coapClient(const std::string& args) {
    return citadel::testing::runShell(tool_ + " -B 1 -v 7 " + args);
  }

  std::string tool_;
  FakePrimitiveHandler handler_;
  std::unique_ptr<CoapServer> server_;
};

TEST_F(CoapCliInteropTest, DecodesLibcoapsGetWithOneM2mOptions) {
  std::string out = coapClient("-m get -O 279,Ccli -O 283,rq-cli-1 -O 271,3 " +
                               url("/cse-in?rcn=1&lbl=a+b"));
  ASSERT_TRUE(handler_.waitFor(1)) << out;
  model::Request seen = handler_.requests()[0];
  EXPECT_EQ(seen.operation, model::Operation::kRetrieve);
  EXPECT_EQ(seen.to, "cse-in");
  EXPECT_EQ(seen.originator, "Ccli");
  EXPECT_EQ(seen.request_id, "rq-cli-1");
  EXPECT_EQ(seen.release_version_indicator, "3");
  EXPECT_EQ(seen.result_content, model::ResultContent::kAttributes);
  EXPECT_EQ(seen.filter_criteria["lbl"], model::Json::array({"a", "b"}));
  EXPECT_EQ(seen.transport.binding, model::Binding::kCoap);
  // The piggybacked response as libcoap dumped it: 2.05, Max-Age 0, RVI, RQI, RSC 2000, JSON.
  EXPECT_NE(out.find("t:ACK c:2.05"), std::string::npos) << out;
  EXPECT_NE(out.find("Content-Format:application/json, Max-Age:0"), std::string::npos) << out;
  EXPECT_NE(out.find("271:\\x33"), std::string::npos) << out;
  EXPECT_NE(out.find("283:\\x72\\x71\\x2D\\x63\\x6C\\x69\\x2D\\x31"), std::string::npos) << out;
  EXPECT_NE(out.find("307:\\x07\\xD0"), std::string::npos) << out;
  EXPECT_NE(out.find(R"(:: '{"m2m:cb":{"rn":"cse-in"}}')"), std::string::npos) << out;
}

TEST_F(CoapCliInteropTest, DecodesLibcoapsNonConfirmableSpRelativeRequest) {
  std::string out =
      coapClient("-N -m delete -O 279,Ccli -O 283,rq-cli-2 -O 271,3 " + url("/~/id-in/cse-in/x"));
  ASSERT_TRUE(handler_.waitFor(1)) << out;
  model::Request seen = handler_.requests()[0];
  EXPECT_EQ(seen.operation, model::Operation::kDelete);
  EXPECT_EQ(seen.to, "/id-in/cse-in/x");
  EXPECT_NE(out.find("t:NON c:2.04"), std::string::npos) << out;  // 2000 for DELETE
}

TEST_F(CoapCliInteropTest, ReassemblesLibcoapsBlock1Create) {
  citadel::testing::TempDir dir;
  std::string file = dir.path() + "/cin.json";
  std::string con(3000, 'c');
  std::ofstream(file) << model::Json{{"m2m:cin", {{"con", con}}}}.dump();
  std::string out = coapClient("-m post -b 64 -t 50 -f " + file +
                               " -O 267,0x04 -O 279,Ccli -O 283,rq-cli-3 -O 271,3 " +
                               url("/cse-in/cnt"));
  ASSERT_TRUE(handler_.waitFor(1)) << out;
  model::Request seen = handler_.requests()[0];
  EXPECT_EQ(seen.operation, model::Operation::kCreate);
  EXPECT_EQ(seen.resource_type, 4);
  EXPECT_EQ(seen.content["m2m:cin"]["con"], con);
  EXPECT_EQ(handler_.count(), 1u);
  EXPECT_NE(out.find("c:2.31"), std::string::npos) << "2.31 Continue per block";
  EXPECT_NE(out.find("Block1:47/_/64"), std::string::npos) << out;  // the last of 48 blocks
}

TEST_F(CoapCliInteropTest, AnswersLibcoapsUnknownCriticalOptionWithBadOption) {
  std::string out = coapClient("-m get -O 283,rq-cli-4 -O 1001,x " + url("/cse-in"));
  EXPECT_NE(out.find("t:ACK c:4.02"), std::string::npos) << out;
  EXPECT_EQ(handler_.count(), 0u);
}

TEST_F(CoapCliInteropTest, OurClientSeesTheSameServerWhole) {
  citadel::testing::CoapClient client(server_->port());
  auto r = client.retrieve("Cours", "/cse-in");
  EXPECT_EQ(r.code, 205) << r;
  EXPECT_EQ(r.rsc, 2000);
  EXPECT_EQ(r.json["m2m:cb"]["rn"], "cse-in");
}

}  // namespace
}  // namespace citadel::coap
