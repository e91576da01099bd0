#pragma once

#include <memory>

#include "security/access_decider.h"
#include "security/pipeline.h"
#include "security/security_dependencies.h"

namespace citadel::security {

// The one place that states the stage order, with a reason for each position. `access` is
// the CSE's one AccessDecider (also used by the dispatcher); both it and `deps` must outlive
// the pipeline.
std::unique_ptr<Pipeline> makeDefaultPipeline(const SecurityDependencies& deps,
                                              const AccessDecider& access);

}  // namespace citadel::security
