#pragma once
// The two ports between the engine and the bindings (STYLE.md §1). Bindings call a
// PrimitiveHandler, which the engine implements; the engine sends outgoing primitives
// (notifications, DAS queries) through a PrimitiveSender, which the bindings implement.
// The assembly (cse/app) plugs them together, so bindings and engine never include each other.
// A third interface, BindingEndpoint, is what each binding's factory returns to the assembly.

#include <functional>
#include <string>
#include <string_view>

#include "cse/model/request.h"
#include "cse/model/response.h"

namespace citadel::model {

class PrimitiveHandler {
 public:
  virtual ~PrimitiveHandler() = default;
  // Handles one decoded request and returns its response. Never throws. Thread-safe: bindings
  // call it from many threads at once.
  virtual Response handle(Request request) = 0;

  using ResponseCallback = std::function<void(Response)>;
  // The same, for a caller that must not wait: calls `done` exactly once with the response,
  // either before returning or later from another thread. An operation execution time (oet)
  // is where an implementation answers later instead of holding the caller's thread until then
  // (issue 15 #11). The default runs handle() inline. Never throws (nor does it let `done`'s
  // own exception be mistaken for the handler's). Thread-safe.
  virtual void handleAsync(Request request, ResponseCallback done) {
    done(handle(std::move(request)));
  }
};

// The upper-tester control interface (TS-0019 style) for conformance tools. Not a primitive:
// it changes CSE settings, and anything it does to resources goes through PrimitiveHandler.
class UpperTesterHandler {
 public:
  virtual ~UpperTesterHandler() = default;
  // Executes one X-M2M-UTCMD command ("Status", "Reset", "GetConfig cse.id", …). Returns the
  // text for X-M2M-UTRSP, or 4000 naming the unknown command or argument. Thread-safe.
  virtual Result<std::string> execute(std::string_view command) = 0;
};

class PrimitiveSender {
 public:
  virtual ~PrimitiveSender() = default;
  // Sends `request` to `target_uri` (a poa URL such as http://host:port/path) and waits at most
  // the sender's timeout. Returns the peer's response, or a Response with 5103/4008 when the
  // target cannot be reached or does not answer. Thread-safe.
  virtual Response send(const std::string& target_uri, const Request& request) = 0;
};

// One running endpoint of a binding: a listener (HTTP, HTTPS, CoAP, CoAPS) or a client of a
// broker (MQTT), built by the binding's own factory and started by it. The assembly puts its
// point of access in the CSEBase poa and stops endpoints in reverse order of start.
class BindingEndpoint {
 public:
  virtual ~BindingEndpoint() = default;
  // Where a peer reaches this CSE through the endpoint ("http://127.0.0.1:8080",
  // "mqtt://127.0.0.1:1883"), with the port actually bound. Thread-safe.
  virtual std::string pointOfAccess() const = 0;
  // Stops serving and waits for the requests in progress. Idempotent; not from a handler
  // thread.
  virtual void stop() = 0;
};

}  // namespace citadel::model
