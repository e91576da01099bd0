#pragma once
// A two-CSE tree on loopback, shared by the inter-CSE tests: an IN-CSE (id-in, cse-in) and an
// MN-CSE (id-mn, cse-mn) registering with it. Both accept CSE-IDs over plain HTTP/CoAP from
// loopback peers (security.plainCse=loopback), as two CSEs on one machine without certificates
// must.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/http_client.h"
#include "tests/support/mqtt_client.h"
#include "tests/support/test_cse.h"

namespace citadel::testing {

// How long a test waits for an MN to register with its IN (start-up, first attempt, retries).
constexpr std::chrono::seconds kRegistrationWait{30};

inline std::vector<std::string> inCseArgs(const std::string& port = "0") {
  return {"--http.port=" + port, "--security.plainCse=loopback"};
}

// The MN registers with the IN listening on `registrar_port`; `extra` is appended.
inline std::vector<std::string> mnCseArgs(uint16_t registrar_port,
                                          std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {
      "--cse.type=MN",
      "--cse.id=id-mn",
      "--cse.name=cse-mn",
      "--registrar.url=http://127.0.0.1:" + std::to_string(registrar_port),
      "--registrar.cseId=id-in",
      "--registrar.cseBaseName=cse-in",
      "--registrar.retryMax=1000",
      "--security.plainCse=loopback"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// The port of the `scheme` point of access a CSE lists in its <CSEBase> poa; 0 if none.
inline uint16_t pointOfAccessPort(HttpClient& client, const std::string& cse_base,
                                  const std::string& scheme) {
  HttpResult base = client.retrieve("CAdmin", cse_base);
  for (const Json& poa : base.resource().value("poa", Json::array())) {
    std::string uri = poa.get<std::string>();
    if (uri.starts_with(scheme + "://")) {
      return static_cast<uint16_t>(std::stoi(uri.substr(uri.rfind(':') + 1)));
    }
  }
  return 0;
}

// An <accessControlPolicy> body: `rules` as its privileges, the admin alone in its
// selfPrivileges, and `extra` attributes (adri, apri, airi…) merged in.
inline Json acpBody(const std::string& name, const Json& rules,
                    const Json& extra = Json::object()) {
  Json acp = {{"rn", name},
              {"pv", {{"acr", rules}}},
              {"pvs", {{"acr", {{{"acor", {"CAdmin"}}, {"acop", 63}}}}}}};
  acp.update(extra);
  return {{"m2m:acp", acp}};
}

// The body registering an AE named `name` (rr false, Release 3).
inline Json treeAeBody(const std::string& name) {
  return {{"m2m:ae", {{"rn", name}, {"api", "N" + name}, {"rr", false}, {"srv", {"3"}}}}};
}

// An <accessControlPolicy> granting every operation to `originator`, and a container `name`
// it governs, under `cse_base`; returns the container's path.
inline std::string grantedContainer(HttpClient& client, const std::string& cse_base,
                                    const std::string& name, const std::string& originator) {
  Json acp = {{"m2m:acp",
               {{"rn", name + "Acp"},
                {"pv", {{"acr", {{{"acor", {originator}}, {"acop", 63}}}}}},
                {"pvs", {{"acr", {{{"acor", {"CAdmin"}}, {"acop", 63}}}}}}}}};
  HttpResult made = client.create("CAdmin", cse_base, 1, acp);
  EXPECT_EQ(made.rsc, 2001) << made;
  Json cnt = {{"m2m:cnt", {{"rn", name}, {"acpi", {made.resource().value("ri", "")}}}}};
  HttpResult container = client.create("CAdmin", cse_base, 3, cnt);
  EXPECT_EQ(container.rsc, 2001) << container;
  return cse_base + "/" + name;
}

// An AE "Crecv" (rn recv) of the MN whose poa is `poa_url` and whose ACP lets the IN (the
// notifications' originator) NOTIFY it: its Hosting CSE, the MN, decides that, as for any
// NOTIFY addressed to an <AE> (TS-0004 §7.3.3.9). Then a subscription on the IN with
// nu "/id-mn/Crecv" on a container "watched" of `subscriber` (an AE of the IN) and one
// contentInstance "event" in it: the event goes IN -> MN -> AE.
inline void notifyAnAeOfTheMn(HttpClient& in, HttpClient& mn, const std::string& poa_url,
                              const std::string& subscriber) {
  Json acp = {{"m2m:acp",
               {{"rn", "notifyMe"},
                {"pv", {{"acr", {{{"acor", {"/id-in"}}, {"acop", 16}}}}}},
                {"pvs", {{"acr", {{{"acor", {"CAdmin", "Crecv"}}, {"acop", 63}}}}}}}}};
  HttpResult policy = mn.create("CAdmin", "/cse-mn", 1, acp);
  ASSERT_EQ(policy.rsc, 2001) << policy;
  Json recv = {{"m2m:ae",
                {{"rn", "recv"}, {"api", "Nrecv"}, {"rr", true}, {"srv", {"3"}},
                 {"poa", {poa_url}}, {"acpi", {policy.resource().value("ri", "")}}}}};
  ASSERT_EQ(mn.create("Crecv", "/cse-mn", 2, recv).rsc, 2001);
  std::string cnt = grantedContainer(in, "/cse-in", "watched", subscriber);
  Json sub = {{"m2m:sub",
               {{"rn", "toMn"}, {"nu", {"/id-mn/Crecv"}}, {"enc", {{"net", {3}}}}}}};
  HttpResult subscribed = in.create(subscriber, cnt, 23, sub);
  ASSERT_EQ(subscribed.rsc, 2001) << subscribed;
  ASSERT_EQ(in.create(subscriber, cnt, 4, {{"m2m:cin", {{"con", "event"}}}}).rsc, 2001);
}

// Starts the IN, then the MN (mnExtraArgs() appended to its flags), and an HTTP client for
// each. Waits for nothing: what "registered" means differs between tests.
class CseTreeTest : public ::testing::Test {
 protected:
  virtual std::vector<std::string> mnExtraArgs() const { return {}; }

  void SetUp() override {
    ASSERT_TRUE(in_.running());
    mn_ = std::make_unique<TestCse>(mnCseArgs(in_.port(), mnExtraArgs()));
    ASSERT_TRUE(mn_->running());
    in_http_ = std::make_unique<HttpClient>(in_.port());
    mn_http_ = std::make_unique<HttpClient>(mn_->port());
  }

  // True once each CSE holds the other's <remoteCSE> (the MN registered), within `timeout`.
  bool waitForRegistration(std::chrono::seconds timeout = std::chrono::seconds(30)) {
    return waitUntil(
        [&] {
          return in_http_->retrieve("CAdmin", "/cse-in/id-mn").rsc == 2000 &&
                 mn_http_->retrieve("CAdmin", "/cse-mn/id-in").rsc == 2000;
        },
        timeout);
  }

  TestCse in_{inCseArgs()};
  std::unique_ptr<TestCse> mn_;
  std::unique_ptr<HttpClient> in_http_;
  std::unique_ptr<HttpClient> mn_http_;
};

}  // namespace citadel::testing
