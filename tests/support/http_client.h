#pragma once
// A small keep-alive HTTP/1.1 client for the integration tests (TS-0009 binding), plus a raw
// socket exchange for malformed HTTP. Every helper request carries a fresh X-M2M-RI and
// X-M2M-RVI: 3; raw() sends only what it is given.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "cse/model/json.h"

namespace Poco::Net {
class HTTPClientSession;
}

namespace citadel::testing {

using Json = model::Json;

struct CaseInsensitiveLess {
  bool operator()(const std::string& a, const std::string& b) const;
};

struct HttpResult {
  int http_status = 0;  // 0: no response (connection error; see `error`)
  int rsc = 0;          // X-M2M-RSC, 0 if absent
  std::map<std::string, std::string, CaseInsensitiveLess> headers;
  std::string body;
  Json json;               // parsed body; null when empty or unparseable
  std::string error;       // transport error text, if any
  std::string request_id;  // the X-M2M-RI this client sent (empty for raw() without one)

  // The header's value, "" when absent.
  std::string header(const std::string& name) const;
  bool hasHeader(const std::string& name) const { return headers.count(name) != 0; }
  // The m2m:dbg string of an error body, "" when absent or not a string.
  std::string dbg() const;
  // The resource inside a one-member body such as {"m2m:cnt":{...}}; null otherwise.
  const Json& resource() const;
};

// For gtest failure messages: "HTTP 400 rsc=4000 body=...".
std::ostream& operator<<(std::ostream& out, const HttpResult& result);

using HeaderList = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
 public:
  explicit HttpClient(uint16_t port, std::string host = "127.0.0.1");
  ~HttpClient();

  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Points the client at another port (after TestCse::restart()) and drops the connection.
  void setPort(uint16_t port);
  uint16_t port() const { return port_; }

  // `path` is the HTTP path ("/cse-in/ae", a leading '/' is added when missing); `query` is
  // appended after '?' as given ("rcn=1&atrl=rn+ty"). An empty originator sends no
  // X-M2M-Origin header.
  HttpResult create(const std::string& originator, const std::string& path, int ty,
                    const Json& body, const std::string& query = "");
  HttpResult retrieve(const std::string& originator, const std::string& path,
                      const std::string& query = "");
  HttpResult update(const std::string& originator, const std::string& path, const Json& body,
                    const std::string& query = "");
  HttpResult remove(const std::string& originator, const std::string& path,
                    const std::string& query = "");
  // Exactly these headers and body (Poco adds Host and, for a non-empty body, Content-Length).
  HttpResult raw(const std::string& method, const std::string& target, const HeaderList& headers,
                 const std::string& body = "");

  // Registers an AE named `name` with originator "C<name>" (api "N<name>", rr false, srv ["3"])
  // and returns its AE-ID (the stem "C<name>", also the ri). Records a gtest failure and
  // returns "" when the CSE does not answer 2001.
  std::string registerAe(const std::string& name);

  // A fresh request identifier, unique within this process.
  static std::string nextRequestId();
  // Requests sent on the current connection (keep-alive checks).
  int requestsOnConnection() const { return requests_on_connection_; }
  // Number of TCP connections this client has opened.
  int connectionsOpened() const { return connections_opened_; }

 private:
  HttpResult send(const std::string& method, const std::string& target, const HeaderList& headers,
                  const std::string* body);
  HttpResult sendOnce(const std::string& method, const std::string& target,
                      const HeaderList& headers, const std::string* body, bool* reused);
  HttpResult oneM2M(const std::string& method, const std::string& originator,
                    const std::string& path, const std::string& query,
                    const std::string& content_type, const std::string* body);
  void resetSession();

  std::string host_;
  uint16_t port_;
  std::unique_ptr<Poco::Net::HTTPClientSession> session_;
  int requests_on_connection_ = 0;
  int connections_opened_ = 0;
};

// Bytes in, bytes out over a fresh TCP connection, for malformed HTTP.
struct RawExchange {
  std::string received;  // everything read before the connection closed or the timeout
  bool connected = false;
  bool closed_by_peer = false;  // the server closed (or reset) the connection
  bool timed_out = false;       // neither a full response nor a close within the timeout
  // The status code of the first response in `received`, 0 if none.
  int httpStatus() const;
};

// Sends `bytes` (as given; writes stop early if the server closes), then reads until the server
// closes the connection, `responses` complete HTTP responses (by Content-Length) have arrived,
// or `timeout` passes.
RawExchange rawExchange(uint16_t port, const std::string& bytes,
                        std::chrono::milliseconds timeout = std::chrono::seconds(5),
                        int responses = 1);

}  // namespace citadel::testing
