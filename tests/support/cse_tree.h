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
