// The CoAP binding end to end (TS-0008): the real `citadel` with coap.enabled on a free port
// (read back from the CSEBase poa), driven by the CoAP test client. CRUD with the code and rsc
// of Table 6.2.4-1, Location-Path, the three addressing forms, ACP denial, discovery, CBOR,
// block-wise payloads both ways, and notifications delivered to a coap:// target.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "bindings/coap/coap_server.h"
#include "tests/support/coap_client.h"
#include "tests/support/cse_fixture.h"
#include "tests/support/status_macros.h"

namespace citadel::testing {
namespace {

using coap::option::kLocationPath;
using coap::option::kOneM2mRqi;
using coap::option::kOneM2mRvi;

// A coap:// notification target: records what arrives and answers 2000.
class CoapReceiver final : public model::PrimitiveHandler {
 public:
  CoapReceiver() {
    coap::CoapServerOptions options;
    options.port = 0;
    auto started = coap::CoapServer::start(options, *this);
    EXPECT_TRUE(started.isOk()) << started.status().dbg();
    if (started.isOk()) server_ = std::move(started).value();
  }
  std::string url(const std::string& path) const {
    return "coap://127.0.0.1:" + std::to_string(server_ ? server_->port() : 0) + path;
  }
  model::Response handle(model::Request request) override {
    model::Response response;
    response.request_id = request.request_id;
    {
      std::lock_guard lock(mu_);
      received_.push_back(std::move(request));
    }
    cv_.notify_all();
    return response;
  }
  bool waitFor(size_t n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(5), [&] { return received_.size() >= n; });
  }
  std::vector<model::Request> received() {
    std::lock_guard lock(mu_);
    return received_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<model::Request> received_;
  std::unique_ptr<coap::CoapServer> server_;
};

class CoapBindingTest : public CseFixture {
 protected:
  static void SetUpTestSuite() { startCse({"--coap.enabled=true", "--coap.port=0"}); }

  void SetUp() override {
    CseFixture::SetUp();
    if (HasFatalFailure()) return;
    uint16_t port = pointOfAccessPort("coap");
    ASSERT_NE(port, 0);
    coap_ = std::make_unique<CoapClient>(port);
  }

  CoapClient& coap() { return *coap_; }

  // Registers an AE over CoAP; returns its AE-ID and path.
  Ae registerAeOverCoap() {
    Ae ae;
    ae.name = uniqueName("cae");
    ae.id = coap().registerAe(ae.name);
    ae.path = std::string(kCseBase) + "/" + ae.name;
    return ae;
  }

  std::unique_ptr<CoapClient> coap_;
};

TEST_F(CoapBindingTest, RetrievesTheCseBase) {
  CoapResult r = coap().retrieve(kAdmin, kCseBase);
  ASSERT_EQ(r.code, 205) << r;
  EXPECT_EQ(r.rsc, 2000);
  EXPECT_EQ(r.option(kOneM2mRqi), r.request_id);
  EXPECT_EQ(r.option(kOneM2mRvi), "3");
  EXPECT_EQ(r.resource().value("rn", ""), "cse-in");
  EXPECT_EQ(r.content_format, coap::content_format::kJson);
}

TEST_F(CoapBindingTest, RunsTheResourceLifecycle) {
  Ae ae = registerAeOverCoap();
  ASSERT_FALSE(ae.id.empty());
  std::string cnt = ae.path + "/cnt";
  CoapResult created = coap().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", "cnt"}}}});
  ASSERT_EQ(created.code, 201) << created;
  EXPECT_EQ(created.rsc, 2001);
  std::vector<std::string> location;
  for (const auto& [n, v] : created.options) {
    if (n == kLocationPath) location.push_back(v);
  }
  EXPECT_EQ(location, splitPath(cnt)) << "TS-0008 §6.2.3: Location-Path of the new resource";

  CoapResult cin = coap().create(ae.id, cnt, 4, {{"m2m:cin", {{"con", "21.5"}}}});
  ASSERT_EQ(cin.rsc, 2001) << cin;
  CoapResult latest = coap().retrieve(ae.id, cnt + "/la");
  ASSERT_EQ(latest.code, 205) << latest;
  EXPECT_EQ(latest.resource().value("con", ""), "21.5");

  CoapResult updated = coap().update(ae.id, cnt, {{"m2m:cnt", {{"lbl", {"hot"}}}}});
  EXPECT_EQ(updated.code, 204) << updated;
  EXPECT_EQ(updated.rsc, 2004);
  EXPECT_EQ(http().retrieve(ae.id, cnt).resource()["lbl"], Json::array({"hot"}))
      << "the HTTP binding sees the same resource";

  CoapResult deleted = coap().remove(ae.id, cnt);
  EXPECT_EQ(deleted.code, 202) << deleted;
  EXPECT_EQ(deleted.rsc, 2002);
  CoapResult gone = coap().retrieve(ae.id, cnt);
  EXPECT_EQ(gone.code, 404) << gone;
  EXPECT_EQ(gone.rsc, 4004);
  EXPECT_FALSE(gone.dbg().empty());
}

TEST_F(CoapBindingTest, AddressesByAllThreeForms) {
  Ae ae = registerAeOverCoap();
  EXPECT_EQ(coap().retrieve(ae.id, "/cse-in/" + ae.name).rsc, 2000);
  EXPECT_EQ(coap().retrieve(ae.id, "/~/id-in/cse-in/" + ae.name).rsc, 2000);
  EXPECT_EQ(coap().retrieve(ae.id, "/_/citadel.example.com/id-in/cse-in/" + ae.name).rsc, 2000);
}

TEST_F(CoapBindingTest, DeniesAnotherOriginatorWithForbidden) {
  Ae owner = registerAeOverCoap();
  Ae other = registerAeOverCoap();
  CoapResult r = coap().retrieve(other.id, owner.path);
  EXPECT_EQ(r.code, 403) << r;
  EXPECT_EQ(r.rsc, 4103);
}

TEST_F(CoapBindingTest, AnswersConflictWithForbiddenUnlikeHttp) {
  Ae ae = registerAeOverCoap();
  ASSERT_EQ(coap().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", "dup"}}}}).rsc, 2001);
  CoapResult again = coap().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", "dup"}}}});
  EXPECT_EQ(again.rsc, 4105) << again;
  EXPECT_EQ(again.code, 403) << "TS-0008 Table 6.2.4-1: 4105 is 4.03 (HTTP says 409)";
}

TEST_F(CoapBindingTest, DiscoversWithFilterCriteriaInUriQuery) {
  Ae ae = registerAeOverCoap();
  ASSERT_EQ(coap().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", "a"}, {"lbl", {"x"}}}}}).rsc,
            2001);
  ASSERT_EQ(coap().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", "b"}}}}).rsc, 2001);
  CoapResult found = coap().retrieve(ae.id, ae.path, "fu=1&ty=3&lbl=x");
  ASSERT_EQ(found.rsc, 2000) << found;
  ASSERT_TRUE(found.json.contains("m2m:uril")) << found;
  EXPECT_EQ(found.json["m2m:uril"].size(), 1u) << found;
}

TEST_F(CoapBindingTest, AnswersInCborWhenAccepted) {
  coap::CoapRequestParts parts;
  parts.method = coap::method::kGet;
  parts.uri_path = {"cse-in"};
  parts.accept = coap::content_format::kResCbor;
  parts.options = {{coap::option::kOneM2mFr, kAdmin},
                   {kOneM2mRqi, CoapClient::nextRequestId()},
                   {kOneM2mRvi, "3"}};
  CoapResult r = coap().send(parts);
  ASSERT_EQ(r.rsc, 2000) << r;
  EXPECT_EQ(r.content_format, coap::content_format::kResCbor);
  EXPECT_EQ(r.json["m2m:cb"].value("rn", ""), "cse-in");
}

TEST_F(CoapBindingTest, CarriesLargePayloadsInBlocksBothWays) {
  Ae ae = registerAeOverCoap();
  ASSERT_EQ(coap().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", "big"}}}}).rsc, 2001);
  std::string con(20000, 'z');
  CoapResult cin = coap().create(ae.id, ae.path + "/big", 4, {{"m2m:cin", {{"con", con}}}});
  ASSERT_EQ(cin.rsc, 2001) << cin;
  CoapResult back = coap().retrieve(ae.id, ae.path + "/big/la");
  ASSERT_EQ(back.rsc, 2000) << back;
  EXPECT_EQ(back.resource().value("con", ""), con);
}

TEST_F(CoapBindingTest, RejectsARequestWithoutRequestIdentifier) {
  coap::CoapRequestParts parts;
  parts.method = coap::method::kGet;
  parts.uri_path = {"cse-in"};
  parts.options = {{coap::option::kOneM2mFr, kAdmin}, {kOneM2mRvi, "3"}};
  CoapResult r = coap().send(parts);
  EXPECT_EQ(r.code, 400) << r;
  EXPECT_EQ(r.rsc, 4000);
}

TEST_F(CoapBindingTest, DeliversNotificationsToACoapTarget) {
  CoapReceiver receiver;
  Ae ae = registerAeOverCoap();
  std::string cnt = ae.path + "/watched";
  ASSERT_EQ(coap().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", "watched"}}}}).rsc, 2001);
  CoapResult sub = coap().create(
      ae.id, cnt, 23,
      {{"m2m:sub", {{"rn", "sub"}, {"nu", {receiver.url("/notify")}}, {"enc", {{"net", {3}}}}}}});
  ASSERT_EQ(sub.rsc, 2001) << sub;
  ASSERT_EQ(receiver.received().size(), 1u) << "the verification request came first";
  EXPECT_EQ(receiver.received()[0].operation, model::Operation::kNotify);
  EXPECT_EQ(receiver.received()[0].to, "notify");
  EXPECT_TRUE(receiver.received()[0].content["m2m:sgn"].value("vrq", false));

  ASSERT_EQ(coap().create(ae.id, cnt, 4, {{"m2m:cin", {{"con", "event"}}}}).rsc, 2001);
  ASSERT_TRUE(receiver.waitFor(2));
  model::Request event = receiver.received()[1];
  EXPECT_EQ(event.originator, "/id-in");
  EXPECT_EQ(event.transport.binding, model::Binding::kCoap);
  EXPECT_EQ(event.content["m2m:sgn"]["nev"]["rep"]["m2m:cin"].value("con", ""), "event");
}

}  // namespace
}  // namespace citadel::testing
