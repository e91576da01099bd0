#pragma once
// CseUnderTest: the real `citadel` binary as a child process with HTTP, CoAP and MQTT on free
// loopback ports (port 0, read back) and RocksDB in one directory kept across kill -9 and
// restarts. It is the integration tests' TestCse (pointed at `binary` through
// CITADEL_TEST_BINARY) plus the CoAP and MQTT readiness checks. Only the PID started here is
// ever signalled.

#include <cstdint>
#include <memory>
#include <string>

#include "tests/support/test_cse.h"

namespace citadel::crash_test {

class CseUnderTest {
 public:
  // Nothing runs until start(). `log_path` receives the CSE's stderr (appended). Sets
  // CITADEL_TEST_BINARY to `binary` in this process's environment.
  CseUnderTest(std::string binary, std::string storage_path, bool sync, std::string broker_uri,
               std::string log_path);

  // Starts the CSE and waits until it answers on all three bindings: the HTTP ready line, a
  // CoAP port in the CSEBase poa, and an admin RETRIEVE over MQTT (the CSE connects to the
  // broker in the background). False, with the reason in *error, when any of them fails.
  bool start(std::string* error);
  // SIGKILL and reap: a process crash.
  void kill9();
  // SIGTERM, then SIGKILL after a grace period.
  void stop();

  uint16_t httpPort() const { return cse_ ? cse_->port() : 0; }
  uint16_t coapPort() const { return coap_port_; }
  const std::string& brokerUri() const { return broker_uri_; }

 private:
  bool waitForCoapPort(std::string* error);
  bool waitForMqtt(std::string* error);

  std::string storage_path_;
  bool sync_;
  std::string broker_uri_;
  std::string log_path_;
  std::unique_ptr<testing::TestCse> cse_;  // created by the first start()
  uint16_t coap_port_ = 0;
};

// The CSE's administrator originator (cse.admin) and CSEBase path, as configured by default.
inline constexpr const char* kAdmin = "CAdmin";
inline constexpr const char* kCseBase = "/cse-in";

}  // namespace citadel::crash_test
