#include "security/dac_lookup.h"

namespace citadel::security {
namespace {

constexpr uint16_t kDacType = 34;  // dynamicAuthorizationConsultation (TS-0004 Table 6.3.4.2.1-1)
constexpr int kMaxDepth = 32;      // the tree is shallower; a loop in stored data must end
constexpr size_t kMaxDasUris = 8;

// Adds the DAS URIs of the enabled DACs named by `resource`'s daci. True when any was found.
model::Result<bool> collect(const resources::Resource& resource,
                            resources::ResourceResolver& resolver, ApplicableDac& out) {
  auto daci = resource.attributes.find("daci");
  if (daci == resource.attributes.end() || !daci->is_array()) {
    return false;
  }
  bool found = false;
  for (const auto& id : *daci) {
    if (!id.is_string()) continue;
    auto dac = resolver.resolveId(id.get_ref<const std::string&>());
    if (!dac.isOk()) {
      if (dac.status().rsc() == model::Rsc::kInternalServerError) return dac.takeStatus();
      continue;  // dangling or remote: "not valid", the parent's may apply
    }
    const auto& attributes = dac.value().attributes;
    if (static_cast<uint16_t>(dac.value().type()) != kDacType) continue;
    auto dae = attributes.find("dae");
    auto dap = attributes.find("dap");
    if (dae == attributes.end() || !dae->is_boolean() || !dae->get<bool>() ||
        dap == attributes.end() || !dap->is_array()) {
      continue;
    }
    for (const auto& uri : *dap) {
      if (uri.is_string() && out.das_uris.size() < kMaxDasUris) {
        out.das_uris.push_back(uri.get<std::string>());
        found = true;
      }
    }
    if (auto dal = attributes.find("dal"); found && out.lifetime.empty() &&
                                           dal != attributes.end() && dal->is_string()) {
      out.lifetime = dal->get<std::string>();
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
