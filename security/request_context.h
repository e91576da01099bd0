#pragma once
// Per-request state shared by the pipeline stages and the dispatcher, as typed fields (never a
// string-keyed bag). Lives on the stack of RequestProcessor::handle.

#include <optional>
#include <string>

#include "cse/model/request.h"
#include "resources/resource_resolver.h"

namespace citadel::security {

// The ACP decision, with why. Tests assert on `reason`.
struct AccessDecision {
  bool granted = false;
  std::string_view reason = "acp.not_evaluated";
};

struct RequestContext {
  model::Request request;
  // `fr` in local form: the AE-ID-Stem for this CSE's AEs ("Cxyz"), otherwise as received.
  std::string originator;
  bool originator_is_admin = false;
  bool is_registration = false;  // CREATE <AE>: no From needed, ACP skipped (TS-0004 Recv-6.3)
  // The addressed resource; for CREATE, the parent of the new one. Set by TargetResolutionStage.
  std::optional<resources::ResolvedTarget> target;
  AccessDecision decision;
  size_t stages_run = 0;  // how many stages' onRequest ran (their onResponse run in reverse)
};

}  // namespace citadel::security
