#pragma once
// The HTTP binding's acceptor: it accepts connections itself and hands one to a worker only once
// the client has sent its first bytes (the request line, or the TLS ClientHello). Poco's
// TCPServer gives every accepted connection a worker that blocks in its first read, so a few
// dozen silent connections (half-open, or a slow-loris client) would hold every worker and stop
// the listener for everyone; here they wait in one epoll set, cost no thread, and are closed
// after `first_byte_timeout`. One thread; the dispatcher does the rest.

#include <chrono>
#include <cstddef>
#include <memory>
#include <thread>

namespace Poco::Net {
class ServerSocket;
class TCPServerDispatcher;
}  // namespace Poco::Net

namespace citadel::http {

struct GateOptions {
  std::chrono::milliseconds first_byte_timeout{10000};
  size_t max_waiting = 10000;  // connections waiting for their first bytes; more are closed
};

class ConnectionGate {
 public:
  // `dispatcher` must outlive the gate. Starts its thread at once.
  ConnectionGate(const Poco::Net::ServerSocket& listener, Poco::Net::TCPServerDispatcher& dispatcher,
                 GateOptions options);
  ~ConnectionGate();  // stop()

  ConnectionGate(const ConnectionGate&) = delete;
  ConnectionGate& operator=(const ConnectionGate&) = delete;

  // Stops accepting and closes the connections still waiting. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace citadel::http
