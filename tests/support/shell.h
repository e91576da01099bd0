#pragma once
// Runs a command-line tool for the interop tests (coap-client, curl, openssl scripts), bounded
// by `timeout <seconds>`, and returns what it printed on stdout and stderr.

#include <string>

namespace citadel::testing {

// `*exit_code` (when given) receives the command's exit status, -1 if it did not exit normally.
std::string runShell(const std::string& command, int* exit_code = nullptr, int seconds = 20);

// Runs tools/make_test_pki.sh `arguments` into `directory` (a test CA, the CSE's certificate,
// client certificates, PSK entries). "" when it succeeded, else what it printed.
std::string makeTestPki(const std::string& directory, const std::string& arguments = "");

// coap-client-openssl (Debian's name) or coap-client; "" when neither is installed.
std::string coapClientTool();

}  // namespace citadel::testing
