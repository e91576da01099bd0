#pragma once
// One HTTP/1.1 request over TLS-PSK to the CSE under test, through `openssl s_client -psk`
// (curl has no TLS-PSK): for the HTTPS-PSK tests with provisioned keys (tls_psk_test) and keys
// fetched from a MEF (mef_enrolment_target_test).

#include <cstdint>
#include <ostream>
#include <string>

namespace citadel::testing {

struct PskReply {
  int rsc = 0;  // X-M2M-RSC, 0 when no HTTP response came (e.g. the handshake failed)
  std::string output;
};

std::ostream& operator<<(std::ostream& out, const PskReply& r);

// `tls` picks the version and suites ("-tls1_3", "-tls1_2 -cipher PSK-AES128-CBC-SHA256");
// `body` with `ty` is sent as application/json;ty=<ty>.
PskReply pskHttpRequest(uint16_t port, const std::string& identity, const std::string& key_hex,
                        const std::string& tls, const std::string& method,
                        const std::string& path, const std::string& originator,
                        const std::string& body = "", int ty = 0);

}  // namespace citadel::testing
