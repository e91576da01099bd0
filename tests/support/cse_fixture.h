#pragma once
// A gtest fixture base sharing one TestCse per test suite. gtest_discover_tests runs every test
// in its own process, so in CI each test gets a fresh CSE; when the binary runs several tests in
// one process they share it, which is why every test makes its own names (uniqueName) and never
// depends on another test's state (STYLE.md §8).

#include <gtest/gtest.h>

#include <cctype>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/binding_client.h"
#include "tests/support/http_client.h"
#include "tests/support/mosquitto_broker.h"
#include "tests/support/mqtt_client.h"
#include "tests/support/test_cse.h"

namespace citadel::testing {

inline constexpr const char* kAdmin = "CAdmin";
inline constexpr const char* kCseBase = "/cse-in";

class CseFixture : public ::testing::Test {
 protected:
  // A derived fixture that needs other server options defines its own SetUpTestSuite calling
  // startCse({...}). With `stderr_path` the CSE's log is appended to that file.
  static void SetUpTestSuite() { startCse(); }
  static void TearDownTestSuite() { stopCse(); }

  static void startCse(std::vector<std::string> extra_args = {}, std::string stderr_path = "") {
    cse_ = std::make_unique<TestCse>(std::move(extra_args), std::move(stderr_path));
  }
  static void stopCse() { cse_.reset(); }

  void SetUp() override {
    ASSERT_TRUE(cse_ != nullptr && cse_->running()) << "the CSE did not start";
    http_ = std::make_unique<HttpClient>(cse_->port());
  }

  static TestCse& cse() { return *cse_; }
  HttpClient& http() { return *http_; }

  // This CSE's point of access for `scheme` ("coap", "https") as the CSEBase poa lists it, and
  // its port: the way to find a binding started on port 0. "" / 0, with a gtest failure
  // recorded, when the CSEBase lists none.
  std::string pointOfAccess(std::string_view scheme) {
    HttpResult cb = http().retrieve(kAdmin, kCseBase);
    EXPECT_EQ(cb.rsc, 2000) << cb;
    std::string prefix = std::string(scheme) + "://";
    for (const auto& poa : cb.resource().value("poa", Json::array())) {
      if (poa.is_string() && poa.get<std::string>().starts_with(prefix)) {
        return poa.get<std::string>();
      }
    }
    ADD_FAILURE() << "no " << prefix << " poa in " << cb;
    return "";
  }
  uint16_t pointOfAccessPort(std::string_view scheme) {
    std::string poa = pointOfAccess(scheme);
    size_t colon = poa.rfind(':');
    return poa.empty() || colon == std::string::npos
               ? 0
               : static_cast<uint16_t>(std::stoi(poa.substr(colon + 1)));
  }

  // A BindingClient for `binding` on this CSE, into `client`: "http" on cse().port(), "coap" on
  // the port the CSEBase poa lists, "mqtt" through `broker` once the CSE answers over it (it
  // connects to the broker in the background). A fatal gtest failure when the binding cannot be
  // reached; call it last in SetUp (or check HasFatalFailure()).
  void connectBindingClient(const std::string& binding, MosquittoBroker& broker,
                            std::unique_ptr<BindingClient>& client) {
    if (binding == "http") {
      client = makeHttpBindingClient(cse().port());
    } else if (binding == "coap") {
      uint16_t port = pointOfAccessPort("coap");
      ASSERT_NE(port, 0);
      client = makeCoapBindingClient(port);
    } else {
      ASSERT_TRUE(broker.running()) << broker.log();
      client = makeMqttBindingClient(broker.uri());
      ASSERT_TRUE(waitUntil([&] { return client->retrieve(kAdmin, kCseBase).rsc == 2000; },
                            std::chrono::seconds(20)))
          << "the CSE never answered over MQTT";
    }
  }

  // The same for "http" or "coap", which need no broker.
  void connectBindingClient(const std::string& binding, std::unique_ptr<BindingClient>& client) {
    if (binding == "http") {
      client = makeHttpBindingClient(cse().port());
      return;
    }
    uint16_t port = pointOfAccessPort("coap");
    ASSERT_NE(port, 0);
    client = makeCoapBindingClient(port);
  }

  // "<prefix><TestName><n>": a resource name unique in this process, valid as rn and AE stem.
  static std::string uniqueName(std::string_view prefix = "x") {
    static int counter = 0;
    std::string name(prefix);
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    if (info != nullptr) {
      for (char c : std::string(info->name())) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
          name.push_back(c);
        }
      }
    }
    return name + std::to_string(++counter);
  }

  // Registers a fresh AE and returns its AE-ID (= originator = ri); its structured path is
  // "/cse-in/" + name, which aePath() gives back.
  struct Ae {
    std::string id;    // AE-ID stem, used as X-M2M-Origin
    std::string name;  // rn
    std::string path;  // "/cse-in/<rn>"
  };
  Ae registerAe(std::string_view prefix = "ae") {
    Ae ae;
    ae.name = uniqueName(prefix);
    ae.id = http().registerAe(ae.name);
    ae.path = std::string(kCseBase) + "/" + ae.name;
    return ae;
  }

  // NOTIFY (acop 16) on the <CSEBase> for `originator`, added to acpCSEBase by the admin (an
  // m2m:seci NOTIFY to the <CSEBase> passes the pipeline like any request).
  void grantNotifyOnCseBase(const std::string& originator) {
    const std::string acp = std::string(kCseBase) + "/acpCSEBase";
    HttpResult current = http().retrieve(kAdmin, acp);
    ASSERT_EQ(current.rsc, 2000) << current;
    Json pv = current.resource()["pv"];
    pv["acr"].push_back({{"acor", {originator}}, {"acop", 16}});
    HttpResult updated = http().update(kAdmin, acp, {{"m2m:acp", {{"pv", pv}}}});
    ASSERT_EQ(updated.rsc, 2004) << updated;
  }

  // Creates a container named `rn` under `parent_path` and returns its path ("" on failure,
  // with a gtest failure recorded).
  std::string createContainer(const std::string& originator, const std::string& parent_path,
                              Json attributes = Json::object()) {
    if (!attributes.contains("rn")) {
      attributes["rn"] = uniqueName("cnt");
    }
    HttpResult r = http().create(originator, parent_path, 3, {{"m2m:cnt", attributes}});
    if (r.rsc != 2001) {
      ADD_FAILURE() << "create container under " << parent_path << ": " << r;
      return "";
    }
    return parent_path + "/" + attributes["rn"].get<std::string>();
  }

  // Creates a contentInstance with `con` and returns the response.
  HttpResult createCin(const std::string& originator, const std::string& container_path,
                       const std::string& con, Json extra = Json::object()) {
    extra["con"] = con;
    return http().create(originator, container_path, 4, {{"m2m:cin", extra}});
  }

 private:
  static inline std::unique_ptr<TestCse> cse_;
  std::unique_ptr<HttpClient> http_;
};

}  // namespace citadel::testing
