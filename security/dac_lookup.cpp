#include "security/dac_lookup.h"

#include "resources/views/access_controlled_view.h"
#include "resources/views/dac_view.h"

namespace citadel::security {
namespace {

constexpr int kMaxDepth = 32;      // the tree is shallower; a loop in stored data must end
constexpr size_t kMaxDasUris = 8;

// Adds the DAS URIs of the enabled DACs named by `resource`'s daci. True when any was found.
model::Result<bool> collect(const resources::Resource& resource,
                            resources::ResourceResolver& resolver, ApplicableDac& out) {
  bool found = false;
  resources::AccessControlledView controlled(resource);
  for (const auto& id : controlled.dynamicAuthorizationConsultationIds()) {
    auto dac = resolver.resolveId(id);
    if (!dac.isOk()) {
      if (dac.status().rsc() == model::Rsc::kInternalServerError) return dac.takeStatus();
      continue;  // dangling or remote: "not valid", the parent's may apply
    }
    if (dac.value().type() != model::ResourceType::kDynamicAuthorizationConsultation) continue;
    resources::DacView view(dac.value());
    if (!view.enabled() || !view.hasPointsOfAccess()) {
      continue;
    }
    for (auto& uri : view.pointsOfAccess()) {
      if (out.das_uris.size() < kMaxDasUris) {
        out.das_uris.push_back(std::move(uri));
        found = true;
      }
    }
    std::string lifetime = view.lifetime();
    if (found && out.lifetime.empty() && !lifetime.empty()) {
      out.lifetime = std::move(lifetime);
    }
  }
  return found;
}

}  // namespace

model::Result<ApplicableDac> findApplicableDac(const resources::Resource& resource,
                                               resources::ResourceRepository& repository,
                                               resources::ResourceResolver& resolver,
                                               const std::vector<std::string>& default_das_uris) {
  ApplicableDac applicable;
  CITADEL_ASSIGN_OR_RETURN(bool found, collect(resource, resolver, applicable));
  std::string parent = resource.pi();
  for (int depth = 0; !found && !parent.empty() && depth < kMaxDepth; ++depth) {
    auto loaded = repository.load(parent);
    if (!loaded.isOk()) {
      if (loaded.status().rsc() == model::Rsc::kInternalServerError) return loaded.takeStatus();
      break;
    }
    CITADEL_ASSIGN_OR_RETURN(found, collect(loaded.value(), resolver, applicable));
    parent = loaded.value().pi();
  }
  if (!found) {
    applicable.das_uris = default_das_uris;
  }
  return applicable;
}

}  // namespace citadel::security
