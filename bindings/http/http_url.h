#pragma once
// The parts of an http:// or https:// target URL (RFC 3986 §3) that the HTTP sender needs: where
// to connect, what to put in the request line and the Host header, and the notification
// serialization hint of TS-0004 Table 7.4.8.1-3 ("ct=cbor" / "ct=json" in the query), which is
// taken out of the target.

#include <cstdint>
#include <string>

#include "cse/codec/content_format.h"
#include "cse/model/status.h"

namespace citadel::http {

struct HttpUrl {
  bool secure = false;  // https
  std::string host;     // as written, without the brackets of an IPv6 literal
  uint16_t port = 80;   // 80 / 443 unless the URL names one
  std::string target;   // path and query as sent ("/" for none); the fragment is dropped
  codec::ContentFormat format = codec::ContentFormat::kJson;  // from a "ct" query member

  // The Host header (RFC 9110 §7.2): the host, bracketed when IPv6, and the port unless it is
  // the scheme's default.
  std::string hostHeader() const;
};

// 5103 with reason "http.bad_url" for another scheme, user information, a missing host, a bad
// port, or a control character or space anywhere in the URL (it would end up in the request
// line).
model::Result<HttpUrl> parseHttpUrl(const std::string& url);

}  // namespace citadel::http
