#pragma once
// A PrimitiveHandler for the CoAP server tests: records every Request and answers with what
// the test installs (by default 2000 with {"m2m:cb":{"rn":"cse-in"}}). Thread-safe.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <vector>

#include "cse/model/ports.h"

namespace citadel::coap {

class FakePrimitiveHandler final : public model::PrimitiveHandler {
 public:
  using Responder = std::function<model::Response(const model::Request&)>;

  model::Response handle(model::Request request) override {
    Responder responder;
    {
      std::lock_guard lock(mu_);
      requests_.push_back(request);
      responder = responder_;
    }
    cv_.notify_all();
    if (responder) return responder(request);
    model::Response response;
    response.request_id = request.request_id;
    response.release_version_indicator = "3";
    response.content = {{"m2m:cb", {{"rn", "cse-in"}}}};
    return response;
  }

  void respondWith(Responder responder) {
    std::lock_guard lock(mu_);
    responder_ = std::move(responder);
  }
  std::vector<model::Request> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  size_t count() const {
    std::lock_guard lock(mu_);
    return requests_.size();
  }
  // Waits (bounded) until at least `n` requests arrived.
  bool waitFor(size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return requests_.size() >= n; });
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<model::Request> requests_;
  Responder responder_;
};

}  // namespace citadel::coap
