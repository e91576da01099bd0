#pragma once

#include <memory>

#include "security/pipeline.h"
#include "security/stages.h"

namespace citadel::security {

// The one place that states the stage order, with a reason for each position.
std::unique_ptr<Pipeline> makeDefaultPipeline(const SecurityDependencies& deps);

}  // namespace citadel::security
