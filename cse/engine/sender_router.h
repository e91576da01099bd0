#pragma once
// Chooses the binding of an outgoing primitive from its target URI's scheme (http://, coap://,
// mqtt://): one PrimitiveSender that the engine sees, one per binding behind it. A send is a
// model::BlockingRegion: on an event-loop thread the loop goes on without it while it waits.

#include <map>
#include <string>

#include "cse/model/ports.h"

namespace citadel::engine {

class SenderRouter final : public model::PrimitiveSender {
 public:
  // Registers the sender for `scheme` ("http"). Not thread-safe: call before serving.
  void add(const std::string& scheme, model::PrimitiveSender* sender) { senders_[scheme] = sender; }
  // 5103 naming the scheme when no binding serves it.
  model::Response send(const std::string& target_uri, const model::Request& request) override;

 private:
  std::map<std::string, model::PrimitiveSender*> senders_;
};

}  // namespace citadel::engine
