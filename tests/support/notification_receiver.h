#pragma once
// NotificationReceiver: a real HTTP server on 127.0.0.1:<ephemeral port> that plays the
// notification target of a subscription (TS-0009 NOTIFY = POST without ty). It records every
// request (method, path, query, headers, body parsed from JSON or CBOR, arrival time) and answers
// with a configurable rsc per path (2000 by default; 4101 to refuse a verification request). A
// path can be stalled to simulate a dead target: the request is recorded on arrival but not
// answered until release(), stop() or the stall limit. Every wait is bounded (STYLE.md §8).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cse/model/json.h"
#include "tests/support/http_client.h"

namespace Poco {
class ThreadPool;
namespace Net {
class HTTPServer;
}
}  // namespace Poco

namespace citadel::testing {

using SteadyTime = std::chrono::steady_clock::time_point;

struct ReceivedRequest {
  std::string method;
  std::string path;   // request target without the query ("/n1")
  std::string query;  // after '?', "" when none
  std::map<std::string, std::string, CaseInsensitiveLess> headers;
  std::string body;
  Json json;  // the body parsed as JSON or (Content-Type ...cbor) CBOR; null when not parseable
  SteadyTime arrival;

  std::string header(const std::string& name) const;
  // A copy of json["m2m:sgn"] when present, else null. A copy, so that a test's chained
  // sgn()["nev"]["net"] on a malformed notification fails (type_error) instead of reading
  // a missing key of a const object (undefined behaviour in nlohmann::json).
  Json sgn() const;
  // A verification request: {"m2m:sgn": {"vrq": true, ...}}.
  bool isVerification() const;
  // A subscription-deletion notice: {"m2m:sgn": {"sud": true, ...}}.
  bool isDeletion() const;
  // An event notification: m2m:sgn with nev, or an aggregate m2m:agn.
  bool isEvent() const;
};

class NotificationReceiver {
 public:
  // Starts listening at once. A start failure is recorded as a gtest failure; port() is then 0.
  NotificationReceiver();
  ~NotificationReceiver();  // stop()

  NotificationReceiver(const NotificationReceiver&) = delete;
  NotificationReceiver& operator=(const NotificationReceiver&) = delete;

  uint16_t port() const { return port_; }
  // "http://127.0.0.1:<port><path>"; `path` starts with '/'.
  std::string url(const std::string& path) const;

  // The X-M2M-RSC answered on `path` (2000 unless set). HTTP status follows TS-0009.
  void setRsc(const std::string& path, int rsc);
  // Answers requests to `path` with `body` as JSON content (none unless set): e.g. a DAS's
  // m2m:seci answer, for a target that plays a Dynamic Authorization Server.
  void setBody(const std::string& path, const Json& body);
  // Requests to `path` are recorded on arrival and answered only after `delay`, or earlier
  // when release(path) or stop() is called.
  void setDelay(const std::string& path, std::chrono::milliseconds delay);
  // A dead target: a delay of one minute (released by release() or stop()).
  void stall(const std::string& path) { setDelay(path, std::chrono::minutes(1)); }
  // Answers the requests waiting on `path` now and stops delaying it.
  void release(const std::string& path);

  // Every request so far, in arrival order.
  std::vector<ReceivedRequest> requests() const;
  // The requests to `path`, in arrival order.
  std::vector<ReceivedRequest> requestsTo(const std::string& path) const;
  // The requests to `path` that are event notifications (no verification, no deletion notice).
  std::vector<ReceivedRequest> eventsTo(const std::string& path) const;

  // Waits until `predicate` holds over requests(), at most `timeout`. Returns whether it held.
  bool waitFor(const std::function<bool(const std::vector<ReceivedRequest>&)>& predicate,
               std::chrono::milliseconds timeout);
  // Waits until `path` received at least `count` event notifications.
  bool waitForEvents(const std::string& path, size_t count, std::chrono::milliseconds timeout);
  // Waits until `path` received at least `count` requests of any kind.
  bool waitForRequests(const std::string& path, size_t count, std::chrono::milliseconds timeout);

  // Stops accepting, wakes stalled requests and waits for the handler threads. Idempotent.
  void stop();

  // Called by the request handler (internal).
  struct Answer {
    int rsc = 2000;
    std::chrono::milliseconds delay{0};
    std::string body;  // JSON; "" answers without content
  };
  Answer record(ReceivedRequest request);
  // Blocks until `until`, a release of `path`, or stop(). Internal.
  void waitDelay(const std::string& path, SteadyTime until, uint64_t release_generation);
  uint64_t releaseGeneration(const std::string& path) const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<ReceivedRequest> requests_;
  std::map<std::string, int> rsc_;
  std::map<std::string, std::string> body_;
  std::map<std::string, std::chrono::milliseconds> delay_;
  std::map<std::string, uint64_t> released_;
  bool stopping_ = false;
  uint16_t port_ = 0;
  std::unique_ptr<Poco::ThreadPool> pool_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

// A TCP port on 127.0.0.1 that nothing listens on (bound, read back, closed): a target that
// refuses connections.
uint16_t closedPort();

}  // namespace citadel::testing
