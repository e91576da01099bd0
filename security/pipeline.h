#pragma once
// The security pipeline every primitive passes before dispatch. Its output, AuthorizedRequest,
// can only be built here and is the only thing Dispatcher::dispatch accepts, so "no path around
// the pipeline" is checked by the compiler.

#include <memory>
#include <vector>

#include "security/stage.h"

namespace citadel::security {

class Pipeline;

// Proof that a request passed every stage. Not copyable; refers to the caller's context.
class AuthorizedRequest {
 public:
  AuthorizedRequest(const AuthorizedRequest&) = delete;
  AuthorizedRequest& operator=(const AuthorizedRequest&) = delete;
  AuthorizedRequest(AuthorizedRequest&&) = default;

  RequestContext& context() const { return *context_; }
  const model::Request& request() const { return context_->request; }
  // Not for a request to forward (route() set): it has no local target.
  const resources::ResolvedTarget& target() const { return *context_->target; }
  // Where a request for another CSE goes next; nullptr for a request served here.
  const resources::CseRoute* route() const {
    return context_->route ? &*context_->route : nullptr;
  }
  const std::string& originator() const { return context_->originator; }

 private:
  friend class Pipeline;
  explicit AuthorizedRequest(RequestContext& context) : context_(&context) {}
  RequestContext* context_;
};

class Pipeline {
 public:
  explicit Pipeline(std::vector<std::unique_ptr<Stage>> stages) : stages_(std::move(stages)) {}

  // Runs each stage's onRequest in order. The first error is returned and ends the chain; when
  // all pass, the request is authorized only if context.decision is granted (4103 otherwise).
  // Thread-safe: every stage is (stage.h).
  model::Result<AuthorizedRequest> authorize(RequestContext& context) const;
  // Runs onRequest of the leading stages that are admission stages (Stage::admission), in
  // order; the first error is returned. Authorizes nothing: a non-blocking request is admitted
  // here before its acknowledgement and later authorized in full. Thread-safe.
  model::Status admit(RequestContext& context) const;
  // Runs onResponse of the stages that ran, in reverse order.
  void finish(RequestContext& context, model::Response& response) const;

  const std::vector<std::unique_ptr<Stage>>& stages() const { return stages_; }

 private:
  std::vector<std::unique_ptr<Stage>> stages_;
};

}  // namespace citadel::security
