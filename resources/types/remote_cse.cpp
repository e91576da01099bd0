#include "resources/types/remote_cse.h"

#include "resources/attribute_validator.h"
#include "resources/types/polling_channel.h"

namespace citadel::resources {
namespace {

using model::Json;
using model::Status;

Status badValue(const std::string& dbg) { return Status::badRequest(dbg, "csr.bad_value"); }

bool isIntegerIn(const Json& value, int64_t min, int64_t max) {
  return value.is_number_integer() && value.get<int64_t>() >= min && value.get<int64_t>() <= max;
}

// An M2M-ID of a CSE in dcse (m2m:listOfM2MID): SP-relative "/id" or absolute "//sp/id".
bool isCseIdInAnyScope(std::string_view id) {
  if (id.starts_with("//")) {
    size_t slash = id.find('/', 2);
    return slash != std::string_view::npos && slash > 2 && isSpRelativeCseId(id.substr(slash));
  }
  return isSpRelativeCseId(id);
}

// A member of m2m:supportedReleaseVersions: "1", "2", "2a", "3", … (digits, then an optional
// lowercase letter for the intermediate releases).
bool isReleaseVersion(std::string_view v) {
  size_t digits = 0;
  while (digits < v.size() && v[digits] >= '0' && v[digits] <= '9') ++digits;
  return digits > 0 && (digits == v.size() || (digits + 1 == v.size() && v[digits] >= 'a' &&
                                               v[digits] <= 'z'));
}

// The CSE-relative part of an address: "//sp/id-mn/cse-mn" -> "/id-mn/cse-mn"; others as given.
std::string_view spRelative(std::string_view address) {
  if (!address.starts_with("//")) return address;
  size_t slash = address.find('/', 2);
  return slash == std::string_view::npos ? std::string_view() : address.substr(slash);
}

}  // namespace

bool isSpRelativeCseId(std::string_view id) {
  return id.size() > 1 && id[0] == '/' && id.find('/', 1) == std::string_view::npos &&
         isValidResourceName(id.substr(1));
}

Status checkRemoteCseValues(const Json& a) {
  if (auto cst = a.find("cst"); cst != a.end() && cst->is_number() &&
                                !isIntegerIn(*cst, kCseTypeIn, kCseTypeAsn)) {
    return badValue("attribute 'cst' (cseType): expected 1 (IN-CSE), 2 (MN-CSE) or 3 (ASN-CSE), "
                    "TS-0004 Table 6.3.4.2.2-1");
  }
  if (auto mtcc = a.find("mtcc"); mtcc != a.end() && mtcc->is_number() &&
                                  !isIntegerIn(*mtcc, 1, 2)) {
    return badValue("attribute 'mtcc' (multicastCapability): expected 1 (MBMS) or 2 (IP), "
                    "TS-0004 Table 6.3.4.2.58-1");
  }
  if (auto tri = a.find("tri"); tri != a.end() && tri->is_number() && !isIntegerIn(*tri, 0, 65535)) {
    return badValue("attribute 'tri' (Trigger-Recipient-ID): expected a port number 0..65535 "
                    "(m2m:triggerRecipientID)");
  }
  if (auto dcse = a.find("dcse"); dcse != a.end() && dcse->is_array()) {
    for (const Json& id : *dcse) {
      if (id.is_string() && !isCseIdInAnyScope(id.get_ref<const std::string&>())) {
        return badValue("attribute 'dcse' (descendantCSEs): '" + id.get<std::string>() +
                        "' is not a CSE-ID such as /id-asn or //sp.example.com/id-asn");
      }
    }
  }
  if (auto srv = a.find("srv"); srv != a.end() && srv->is_array()) {
    if (srv->empty()) {
      return badValue("attribute 'srv' (supportedReleaseVersions): at least one release version");
    }
    for (const Json& v : *srv) {
      if (v.is_string() && !isReleaseVersion(v.get_ref<const std::string&>())) {
        return badValue("attribute 'srv' (supportedReleaseVersions): '" + v.get<std::string>() +
                        "' is not a release version such as \"2a\" or \"3\"");
      }
    }
  }
  return {};
}

Status RemoteCseType::validateCreate(const Json& attributes) const {
  return checkRemoteCseValues(attributes);
}

Status RemoteCseType::validateUpdate(const Json& content) const {
  // The whole content {"m2m:csr": {...}}; a wrong shape is reported by the generic checks.
  if (!content.is_object() || content.size() != 1 || !content.begin()->is_object()) {
    return {};
  }
  return checkRemoteCseValues(*content.begin());
}

model::Result<std::string> RemoteCseType::assignResourceId(const std::string& originator,
                                                           const Json& attributes) const {
  // TS-0004 §7.4.4.2.1: "If it contains an AE-ID the Hosting CSE shall reject the request". The
  // CSE itself (internal, its own CSE-ID) is a CSE too.
  if (!isSpRelativeCseId(originator)) {
    return Status::operationNotAllowed(
        "only a CSE registers a <remoteCSE>: From must be the registree's CSE-ID (/id-mn)",
        "csr.originator_not_cse");
  }
  auto csi = attributes.find("csi");
  const std::string& cse_id = csi != attributes.end() && csi->is_string()
                                  ? csi->get_ref<const std::string&>()
                                  : originator;
  if (!isSpRelativeCseId(cse_id)) {
    return Status::badRequest("attribute 'csi' (CSE-ID): '" + cse_id +
                                  "' is not an SP-relative CSE-ID such as /id-mn",
                              "csr.bad_cse_id");
  }
  return cse_id.substr(1);
}

Status RemoteCseType::prepareCreate(CreateContext& context) const {
  Json& a = context.child.attributes;
  // The CSE itself records its Registrar (TS-0004 §7.4.4.2.1, Originator side): csi is given.
  bool own_record = context.originator == identity_.cse_id &&
                    context.request.transport.binding == model::Binding::kInternal;
  if (auto cst = context.parent.attributes.find("cst");
      !own_record && cst != context.parent.attributes.end() && *cst == kCseTypeAsn) {
    // TS-0004 §7.4.4.2.1 Recv-6.4: an ASN-CSE hosts no registrations (its own record of its
    // Registrar, step 004 of its registration, is not one).
    return Status::operationNotAllowed("an ASN-CSE accepts no CSE registration",
                                       "csr.asn_host");
  }
  if (own_record) {
    if (!a.contains("csi")) {
      return Status::badRequest("the local <remoteCSE> of a Registrar needs its csi",
                                "csr.missing_csi");
    }
  } else if (a.contains("csi") && a["csi"] != context.originator) {
    // TS-0004 §7.4.4.2.1 Recv-6.5: the CSE-ID is the From of the registration.
    return Status::badRequest("attribute 'csi' (CSE-ID) '" + a["csi"].get<std::string>() +
                                  "' differs from the originator '" + context.originator +
                                  "': a CSE registers with its own CSE-ID",
                              "csr.csi_not_originator");
  } else {
    a["csi"] = context.originator;
  }
  const std::string& csi = a["csi"].get_ref<const std::string&>();
  if (csi == identity_.cse_id) {
    return Status::badRequest("a CSE does not register with itself (csi " + csi + ")",
                              "csr.self");
  }
  // TS-0001 Table 9.6.4-2: CSEBase is the address of the represented CSE's <CSEBase>, which
  // lives under its CSE-ID.
  std::string_view cb = spRelative(a["cb"].get_ref<const std::string&>());
  if (!cb.starts_with(csi + "/") || cb.size() == csi.size() + 1 ||
      cb.find('/', csi.size() + 1) != std::string_view::npos) {
    return Status::badRequest("attribute 'cb' (CSEBase): '" + a["cb"].get<std::string>() +
                                  "' is not the address of a <CSEBase> of " + csi +
                                  " (" + csi + "/<CSEBase name>)",
                              "csr.bad_cse_base");
  }
  // TS-0004 §7.4.4.2.1 Recv-6.4: one <remoteCSE> per CSE-ID under this parent.
  auto existing = context.repository.load(context.child.ri());
  if (existing.isOk()) {
    if (existing.value().type() == model::ResourceType::kRemoteCSE) {
      return {model::Rsc::kOriginatorHasAlreadyRegistered,
              "the CSE " + csi + " is already registered", "csr.already_registered"};
    }
    return Status::conflict("resource ID '" + context.child.ri() + "' is taken",
                            "csr.resource_id_taken");
  }
  if (existing.status().rsc() != model::Rsc::kNotFound) {
    return existing.takeStatus();
  }
  return {};
}

Status RemoteCseType::childWillBeAdded(CreateContext& context) const {
  return recordPollingChannel(context);
}

Status RemoteCseType::childWillBeRemoved(Resource& parent, const Resource& child,
                                storage::WriteBatch& batch) const {
  forgetPollingChannel(parent, child);
  return {};
}

}  // namespace citadel::resources
