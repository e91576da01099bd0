#pragma once
// Which <dynamicAuthorizationConsultation> applies to a resource (TS-0001 §9.6.1.3.2 daci,
// §11.3.4): the resource's own daci; when it is not set or names no valid, enabled DAC, its
// parent's, and so on up to the CSEBase; then the system default DAS, if configured.
// Consultation happens only where an enabled DAC (dae = true) applies.

#include <string>
#include <vector>

#include "resources/resource.h"
#include "resources/resource_repository.h"
#include "resources/resource_resolver.h"

namespace citadel::security {

// The DAS URIs (dap) of the enabled DACs that apply to `resource`, in daci order, and the
// dynamicAuthorizationLifetime (dal) of the first of them ("" when none) for ppl; when no DAC
// applies, `default_das_uris` (the system default). Storage errors surface; dangling daci
// entries are skipped.
struct ApplicableDac {
  std::vector<std::string> das_uris;
  std::string lifetime;
};
model::Result<ApplicableDac> findApplicableDac(const resources::Resource& resource,
                                               resources::ResourceRepository& repository,
                                               resources::ResourceResolver& resolver,
                                               const std::vector<std::string>& default_das_uris);

}  // namespace citadel::security
