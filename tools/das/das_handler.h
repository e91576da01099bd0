#pragma once
// The DAS's PrimitiveHandler: what the HTTP, CoAP and MQTT bindings call for each request. It
// admits only NOTIFY requests from the allowed CSEs, reads the securityInfo, asks
// answerRequest() and logs the decision (originator, target, operation, outcome; token IDs,
// never tokens or keys). The order of the checks:
//   1. fr is one of the allowed CSEs          else 4103 (before anything about the request is
//                                             revealed to a stranger)
//   2. the operation is NOTIFY                else 4005 (TS-0001 §11.5.2: the CSE notifies the
//                                             DAS)
//   3. pc is a dynamic authorization request  else 4000 with a dbg naming the member
//      (sit 1), or a relationship mapping
//      request (sit 7)
//   4. the answer, after the rule's delay=    2000 with the dres (an empty dres is a refusal);
//                                             5000 when a token cannot be issued

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "cse/model/clock.h"
#include "cse/model/ports.h"
#include "tools/das/das_answer.h"
#include "tools/das/issued_tokens.h"
#include "tools/das/policy.h"

namespace citadel::tools::das {

struct DasSettings {
  std::vector<std::string> allowed_cses;  // --allow: CSE-IDs compared with fr
  std::string sp_id = "citadel.example.com";
  TokenIssuerSettings issuer;
  size_t issued_token_capacity = 4096;
};

class DasHandler final : public model::PrimitiveHandler {
 public:
  // `clock` must outlive the handler. `new_token_name` names tokens (the part before
  // "@issuer"); the default is random.
  DasHandler(Policy policy, DasSettings settings, const model::Clock& clock,
             std::function<std::string()> new_token_name = {});

  // Never throws; thread-safe (the bindings call it from many threads).
  model::Response handle(model::Request request) override;

  // Wakes requests waiting out a delay= (they are answered at once) and makes later delays
  // zero. Call before stopping the bindings so that stop() does not wait for them.
  void shutdown();

  // True when `from` names one of the allowed CSEs: compared in absolute form, so "/id-in" and
  // "//citadel.example.com/id-in" are the same CSE.
  bool isAllowed(std::string_view from) const;

  const IssuedTokens& issuedTokensForTest() const { return issued_; }

 private:
  model::Response answer(const model::Request& request);
  // A sit 7 request (authorization relationship mapping): a record, or its AuthorSigns.
  model::Response answerRelationshipRequest(const model::Request& request);
  void waitFor(std::chrono::milliseconds delay);

  const Policy policy_;
  const DasSettings settings_;
  std::vector<std::string> allowed_absolute_;
  const model::Clock& clock_;
  std::function<std::string()> new_token_name_;
  IssuedTokens issued_;

  std::mutex stop_mutex_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;  // guarded by stop_mutex_
};

}  // namespace citadel::tools::das
