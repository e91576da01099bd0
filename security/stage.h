#pragma once
// One step of the security pipeline (STYLE.md §2). Stages are synchronous, and one instance of
// each serves every worker thread at once: a stage keeps no per-request state in itself (that
// lives in the RequestContext on the caller's stack) and only calls thread-safe services.

#include <string_view>

#include "cse/model/response.h"
#include "security/request_context.h"

namespace citadel::security {

class Stage {
 public:
  virtual ~Stage() = default;
  virtual std::string_view name() const = 0;
  // True for a stage that decides whether a request is admissible at all (who sent it, whether
  // the primitive is well formed) rather than what it may do: a non-blocking request must pass
  // these before it is acknowledged (Pipeline::admit).
  virtual bool admission() const { return false; }
  // OK: continue with the next stage. Any error stops the chain and becomes the response.
  [[nodiscard]] virtual model::Status onRequest(RequestContext& context) = 0;
  // Runs in reverse order, for each stage whose onRequest ran (ESPrim wraps responses here).
  virtual void onResponse(RequestContext& context, model::Response& response) {}
};

}  // namespace citadel::security
