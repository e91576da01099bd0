#include "cse/engine/cse_bootstrap.h"

namespace citadel::engine {

using model::Json;
using resources::Resource;

namespace {
constexpr const char* kDefaultAcpName = "acpCSEBase";
}

model::Status ensureCseBase(resources::ResourceRepository& repository,
                            const resources::CseIdentity& identity,
                            const resources::CseBaseSettings& settings,
                            const model::Clock& clock) {
  auto existing = repository.load(identity.cseBaseRi());
  storage::WriteBatch batch;
  model::TimePoint now = clock.now();
  Resource cb;
  if (existing.isOk()) {
    cb = std::move(existing).value();
    if (cb.rn() != identity.cse_name) {
      return model::Status::internal("the store at this path belongs to a CSE named '" + cb.rn() +
                                     "', not '" + identity.cse_name + "'", "bootstrap.mismatch");
    }
    cb.attributes["poa"] = settings.points_of_access;
    cb.attributes["srt"] = settings.supported_types;
    cb.attributes["cst"] = settings.cse_type;
    if (settings.e2e_sec_info.is_null()) {
      cb.attributes.erase("esi");
    } else {
      cb.attributes["esi"] = settings.e2e_sec_info;
    }
    if (settings.location.is_null()) {
      cb.attributes.erase("loc");
    } else {
      cb.attributes["loc"] = settings.location;
    }
  } else if (existing.status().rsc() != model::Rsc::kNotFound) {
    return existing.takeStatus();
  } else {
    cb = resources::makeCseBase(identity, settings, now);
  }
  resources::ResourceRepository::stagePut(batch, cb);
  // The default ACP is recreated when missing (new store, or after an upper-tester Reset).
  std::string acp_ri = "acp" + identity.cseBaseRi();
  auto acp_existing = repository.load(acp_ri);
  if (acp_existing.isOk()) {
    return repository.commit(batch);
  }
  if (acp_existing.status().rsc() != model::Rsc::kNotFound) {
    return acp_existing.takeStatus();
  }
  std::string timestamp = model::formatPreciseTimestamp(now);
  Resource acp;
  acp.attributes = {
      {"ty", static_cast<int>(model::ResourceType::kAccessControlPolicy)},
      {"ri", acp_ri},
      {"rn", kDefaultAcpName},
      {"pi", cb.ri()},
      {"ct", timestamp},
      {"lt", timestamp},
      {"et", "99991231T235959"},
      // RETRIEVE (2) + DISCOVERY (32) of the CSEBase for everyone who passed identity.
      {"pv", {{"acr", Json::array({{{"acor", {"all"}}, {"acop", 34}}})}}},
      {"pvs", {{"acr", Json::array({{{"acor", {identity.admin}}, {"acop", 63}}})}}},
      {std::string(resources::kCreatorField), identity.admin},
      {std::string(resources::kPathField), identity.cse_name + "/" + kDefaultAcpName},
  };
  cb.attributes["acpi"] = {acp.ri()};
  resources::ResourceRepository::stagePut(batch, cb);  // again: now with acpi
  resources::ResourceRepository::stagePut(batch, acp);
  resources::ResourceRepository::stageIndexes(batch, acp);
  return repository.commit(batch);
}

}  // namespace citadel::engine
