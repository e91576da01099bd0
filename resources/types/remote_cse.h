#pragma once
// <remoteCSE> (ty 16, m2m:csr), TS-0001 §9.6.4 / TS-0004 §7.4.4, and the registrar's side of
// CSE registration (TS-0001 §10.2.2.7): a Registree CSE creates it under the Registrar's
// <CSEBase> with From = its own CSE-ID, which becomes the resource's CSE-ID (csi) and, without
// its '/', its resource ID. The CSE itself creates the <remoteCSE> that represents its own
// Registrar (TS-0004 §7.4.4.2.1, Originator after the CREATE response), giving csi explicitly.

#include "resources/type_handler.h"

namespace citadel::resources {

// TS-0004 Table 6.3.4.2.2-1 (m2m:cseTypeID).
inline constexpr int64_t kCseTypeIn = 1;
inline constexpr int64_t kCseTypeMn = 2;
inline constexpr int64_t kCseTypeAsn = 3;

// True for an SP-relative CSE-ID: '/' followed by one non-empty segment ("/id-mn").
bool isSpRelativeCseId(std::string_view id);

// Value checks the attribute-policy table cannot express (enumerations and ranges of cst, mtcc
// and tri, the CSE-IDs of dcse, the release versions of srv). `attributes` is the object under
// "m2m:csr"; members of the wrong JSON type are left to the generic validator. 4000 naming the
// attribute, reason "csr.bad_value".
model::Status checkRemoteCseValues(const model::Json& attributes);

class RemoteCseType final : public TypeHandler {
 public:
  explicit RemoteCseType(const CseIdentity& identity) : identity_(identity) {}
  ResourceType type() const override { return ResourceType::kRemoteCSE; }
  model::Status validateCreate(const model::Json& attributes) const override;
  using TypeHandler::assignResourceId;
  // The CSE-ID without its '/': csi when given (the CSE's own local <remoteCSE> of its
  // Registrar), else From. 4005 when From is not a CSE-ID (an AE), 4000 for a malformed csi.
  model::Result<std::string> assignResourceId(const std::string& originator,
                                              const model::Json& attributes) const override;
  bool resourceIdChosenByOriginator() const override { return true; }  // the CSE-ID
  // The registration rules of TS-0004 §7.4.4.2.1: 4005 for an ASN-CSE host, 4000 when csi differs from From or cb is not under csi, 4117 when the CSE-ID is
  // already registered here (4105 when another resource holds that resource ID).
  model::Status prepareCreate(CreateContext& context) const override;
  // A <pollingChannel> child is recorded in (and forgotten by) the <remoteCSE>.
  model::Status childWillBeAdded(CreateContext& context) const override;
  model::Status childWillBeRemoved(Resource& parent, const Resource& child,
                                   storage::WriteBatch& batch) const override;
  model::Status validateUpdate(const model::Json& changes) const override;

 private:
  const CseIdentity& identity_;
};

}  // namespace citadel::resources
