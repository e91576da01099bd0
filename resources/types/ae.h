#pragma once
// <AE> (ty 2, m2m:ae), TS-0001 §9.6.5 / TS-0004 §7.4.5, and the registration rules of
// TS-0001 §10.2.2.2: the AE's resource ID is its AE-ID-Stem.

#include "resources/type_handler.h"

namespace citadel::resources {

class AeType final : public TypeHandler {
 public:
  explicit AeType(const CseIdentity& identity) : identity_(identity) {}
  ResourceType type() const override { return ResourceType::kAE; }
  model::Status validateCreate(const model::Json& attributes) const override;
  model::Result<std::string> assignResourceId(const std::string& originator) const override;
  bool resourceIdChosenByOriginator() const override { return true; }  // the AE-ID stem
  model::Status prepareCreate(CreateContext& context) const override;
  // A <pollingChannel> child is recorded in (and forgotten by) the AE (polling_channel.h).
  model::Status childWillBeAdded(CreateContext& context) const override;
  model::Status childWillBeRemoved(Resource& parent, const Resource& child,
                                   storage::WriteBatch& batch) const override;

 private:
  const CseIdentity& identity_;
};

}  // namespace citadel::resources
