// The attribute-policy table. Sources: TS-0001 §9.6.x attribute tables and TS-0004 §7.4.x
// (C/U optionality), cross-checked with the ACME tables in shared/reference. Where ACME and the
// spec differ the spec wins; such rows say so.
#include <algorithm>
#include <optional>
#include <vector>

#include "cse/model/status.h"
#include "resources/announced_attributes.h"
#include "resources/attribute_policy.h"
#include "resources/type_descriptor.h"

namespace citadel::resources {
namespace {

using enum ValueType;
constexpr Optionality M = Optionality::kMandatory;
constexpr Optionality O = Optionality::kOptional;
constexpr Optionality NP = Optionality::kNotPermitted;

// Universal attributes of every resource (TS-0001 §9.6.1.3.1).
constexpr AttributePolicy kUniversal[] = {
    {"ty", "resourceType", kNonNegInteger, false, NP, NP},
    {"ri", "resourceID", kId, false, NP, NP},
    {"rn", "resourceName", kResourceName, false, O, NP},
    {"pi", "parentID", kId, false, NP, NP},
    {"ct", "creationTime", kTimestamp, false, NP, NP},
    {"lt", "lastModifiedTime", kTimestamp, false, NP, NP},
    {"et", "expirationTime", kTimestamp, false, O, O},
    {"lbl", "labels", kXsToken, true, O, O},
};

// Common attributes of types that carry an acpi (TS-0001 §9.6.1.3.2).
constexpr AttributePolicy kAccessControlled[] = {
    {"acpi", "accessControlPolicyIDs", kId, true, O, O},
    {"daci", "dynamicAuthorizationConsultationIDs", kId, true, O, O},
    // Release 4 (TS-0001 §9.6.1.3.2, ACME's tables): the custodian stands in for the creator
    // in the default policy of a resource without acpi. Accepted here because issue 5 asks.
    {"cstn", "custodian", kId, false, O, O},
};

// Announceable types: at/aa/ast are accepted and stored; announcement itself is not
// implemented. announceSyncType (ast) is Release 4 (ACME's tables: nonNegInteger, O/O).
constexpr AttributePolicy kAnnounceable[] = {
    {"at", "announceTo", kId, true, O, O},
    {"aa", "announcedAttribute", kString, true, O, O},
    {"ast", "announceSyncType", kNonNegInteger, false, O, O},
};

constexpr AttributePolicy kCseBase[] = {
    // Every CSEBase attribute is configured by the CSE and read-only over the API (§7.4.3).
    {"cst", "cseType", kNonNegInteger, false, NP, NP},
    {"csi", "CSE-ID", kId, false, NP, NP},
    {"srt", "supportedResourceType", kNonNegInteger, true, NP, NP},
    {"poa", "pointOfAccess", kId, true, NP, NP},
    {"nl", "nodeLink", kId, false, NP, NP},
    {"csz", "contentSerialization", kSerialization, true, NP, NP},
    {"esi", "e2eSecInfo", kE2eSecInfo, false, NP, NP},
    {"srv", "supportedReleaseVersions", kString, true, NP, NP},
    {"ctm", "currentTime", kTimestamp, false, NP, NP},
    // Release 4 (ACME's tables): the M2M-SP-ID and, on an IN-CSE, its own CSE-ID as the
    // IN-CSE-ID; both come from the configuration (CseBaseType).
    {"spi", "SP-ID", kString, false, NP, NP},
    {"ici", "IN-CSE-ID", kId, false, NP, NP},
    // Release 4 (ACME's tables: O/O). ACME lets an UPDATE set it, but this CSEBase is
    // read-only over the API (above); the row makes loc a known attribute for filters.
    {"loc", "location", kGeoCoordinates, false, NP, NP},
};

// TS-0004 Table 7.4.4.1-3 (C/U optionality and data types), TS-0001 Table 9.6.4-2 (lists).
// csi is optional on CREATE and set from From (§7.4.4.2.1 Recv-6.5); enumerations, ranges and
// the CSE-ID/cb consistency are checked by RemoteCseType. ACME's Release 4 rows (spi, ici, loc)
// are not taken: TS-0004 v3 does not define them for this type.
constexpr AttributePolicy kRemoteCse[] = {
    {"cst", "cseType", kNonNegInteger, false, O, NP},
    {"poa", "pointOfAccess", kId, true, O, O},
    {"cb", "CSEBase", kId, false, M, NP},
    {"csi", "CSE-ID", kId, false, O, NP},
    {"mei", "M2M-Ext-ID", kString, false, O, O},
    {"tri", "Trigger-Recipient-ID", kNonNegInteger, false, O, O},
    {"rr", "requestReachability", kBoolean, false, M, O},
    {"nl", "nodeLink", kId, false, O, O},
    {"trn", "triggerReferenceNumber", kNonNegInteger, false, O, O},
    {"csz", "contentSerialization", kSerialization, true, O, O},
    {"esi", "e2eSecInfo", kE2eSecInfo, false, O, O},
    {"dcse", "descendantCSEs", kId, true, O, O},
    {"srv", "supportedReleaseVersions", kString, true, M, O},
    {"mtcc", "multicastCapability", kNonNegInteger, false, O, O},
    {"egid", "externalGroupID", kString, false, O, O},
    {"tren", "triggerEnable", kBoolean, false, O, O},
    {"ape", "activityPatternElements", kObject, true, O, O},
};

constexpr AttributePolicy kAe[] = {
    {"apn", "appName", kString, false, O, O},
    {"api", "App-ID", kString, false, M, NP},
    {"aei", "AE-ID", kId, false, NP, NP},
    {"poa", "pointOfAccess", kId, true, O, O},
    {"or", "ontologyRef", kId, false, O, O},
    {"nl", "nodeLink", kId, false, O, O},
    {"rr", "requestReachability", kBoolean, false, M, O},
    {"csz", "contentSerialization", kSerialization, true, O, O},
    {"esi", "e2eSecInfo", kE2eSecInfo, false, O, O},
    // TS-0004 Table 7.4.5.1-1: mandatory from Release 2 on.
    {"srv", "supportedReleaseVersions", kString, true, M, O},
    {"regs", "registrationStatus", kNonNegInteger, false, O, O},
    {"trps", "trackRegistrationPoints", kBoolean, false, O, O},
    {"scp", "sessionCapabilities", kObject, false, O, O},
    {"mei", "M2M-Ext-ID", kString, false, O, O},
    {"tri", "Trigger-Recipient-ID", kNonNegInteger, false, O, O},
    {"trn", "triggerReferenceNumber", kNonNegInteger, false, O, O},
    {"ape", "activityPatternElements", kObject, true, O, O},
    {"tren", "triggerEnable", kBoolean, false, O, O},
    // Release 4 (ACME's tables): the location geo-queries (gmty/geom/gsf) match. ACME gives
    // the cardinality as 01L; TS-0004 R4 types it as one m2m:geoCoordinates, as followed here.
    {"loc", "location", kGeoCoordinates, false, O, O},
};

constexpr AttributePolicy kContainer[] = {
    {"cr", "creator", kId, false, O, NP},
    {"st", "stateTag", kNonNegInteger, false, NP, NP},
    {"mni", "maxNrOfInstances", kNonNegInteger, false, O, O},
    {"mbs", "maxByteSize", kNonNegInteger, false, O, O},
    {"mia", "maxInstanceAge", kNonNegInteger, false, O, O},
    {"cni", "currentNrOfInstances", kNonNegInteger, false, NP, NP},
    {"cbs", "currentByteSize", kNonNegInteger, false, NP, NP},
    {"li", "locationID", kId, false, NP, NP},
    {"or", "ontologyRef", kId, false, O, O},
    {"disr", "disableRetrieval", kBoolean, false, O, O},
    // Release 4 (ACME's tables: list, O/O); stored and returned, no behaviour attached.
    {"subi", "subscriptionIDs", kId, true, O, O},
    {"loc", "location", kGeoCoordinates, false, O, O},  // Release 4, as on <AE>
};

constexpr AttributePolicy kContentInstance[] = {
    {"cr", "creator", kId, false, O, NP},
    {"st", "stateTag", kNonNegInteger, false, NP, NP},
    {"cnf", "contentInfo", kContentInfo, false, O, NP},
    {"cs", "contentSize", kNonNegInteger, false, NP, NP},
    {"conr", "contentRef", kObject, true, O, NP},
    {"or", "ontologyRef", kId, false, O, NP},
    // TS-0004 Table 7.4.7.1-3: content is mandatory on CREATE (ACME makes it optional for R4).
    {"con", "content", kAny, false, M, NP},
    // Release 4 (ACME's tables). ACME marks dgt O on UPDATE, but a <contentInstance> cannot be
    // updated at all (TS-0004 §7.4.7.2.3), so every row here is NP on UPDATE.
    {"dcnt", "deletionCnt", kPositiveInteger, false, O, NP},
    {"dgt", "dataGenerationTime", kAbsRelTimestamp, false, O, NP},
    {"loc", "location", kGeoCoordinates, false, O, NP},  // Release 4, as on <AE>
};

constexpr AttributePolicy kAccessControlPolicy[] = {
    {"cr", "creator", kId, false, O, NP},
    {"pv", "privileges", kObject, false, M, O},
    {"pvs", "selfPrivileges", kObject, false, M, O},
    {"adri", "authorizationDecisionResourceIDs", kId, true, O, O},
    {"apri", "authorizationPolicyResourceIDs", kId, true, O, O},
    {"airi", "authorizationInformationResourceIDs", kId, true, O, O},
};

constexpr AttributePolicy kSubscription[] = {
    {"cr", "creator", kId, false, O, NP},
    {"enc", "eventNotificationCriteria", kObject, false, O, O},
    {"exc", "expirationCounter", kPositiveInteger, false, O, O},
    {"nu", "notificationURI", kId, true, M, O},
    {"gpi", "groupID", kId, false, O, O},
    {"nfu", "notificationForwardingURI", kId, false, O, O},
    {"bn", "batchNotify", kObject, false, O, O},
    {"rl", "rateLimit", kObject, false, O, O},
    {"psn", "preSubscriptionNotify", kPositiveInteger, false, O, NP},
    {"pn", "pendingNotification", kNonNegInteger, false, O, O},
    {"nsp", "notificationStoragePriority", kPositiveInteger, false, O, O},
    {"ln", "latestNotify", kBoolean, false, O, O},
    {"nct", "notificationContentType", kNonNegInteger, false, O, O},
    {"nec", "notificationEventCat", kNonNegInteger, false, O, O},
    {"su", "subscriberURI", kId, false, O, NP},
    // Release 4 notification statistics (TS-0004 R4 §7.4.8; not in the Rel-3 text).
    {"nse", "notificationStatsEnable", kBoolean, false, O, O},
    {"nsi", "notificationStatsInfo", kObject, true, NP, NP},
    // TS-0004 Table 7.4.8.1-3: written by a <crossResourceSubscription> Hosting CSE; this CSE
    // has no such type, so the list is only stored.
    {"acrs", "associatedCrossResourceSub", kId, true, O, O},
    // Release 4 (ACME's tables; not in the Rel-3 text): stored and returned.
    {"eeno", "enableEventNotificationOriginator", kBoolean, false, O, O},
    {"ma", "maxAge", kDuration, false, O, O},
};

// TS-0004 Tables 7.4.13.1-2/-3. TS-0001 Table 9.6.13-2 gives memberType multiplicity 1 and
// consistencyStrategy 1; TS-0004 (and ACME) make both optional on CREATE with defaults, which the
// handler fills in. specializationType and notifyAggregation are checked by GroupType and stored
// (flexContainer/mgmtObj members and notification aggregation are not implemented);
// semanticSupportIndicator is generated by the Hosting CSE, which never sets it (no
// <semanticFanOutPoint> support).
constexpr AttributePolicy kGroup[] = {
    {"cr", "creator", kId, false, O, NP},
    {"mt", "memberType", kNonNegInteger, false, O, NP},
    {"cnm", "currentNrOfMembers", kNonNegInteger, false, NP, NP},
    {"mnm", "maxNrOfMembers", kPositiveInteger, false, M, O},
    {"mid", "memberIDs", kId, true, M, O},
    {"macp", "membersAccessControlPolicyIDs", kId, true, O, O},
    {"mtv", "memberTypeValidated", kBoolean, false, NP, NP},
    {"csy", "consistencyStrategy", kNonNegInteger, false, O, NP},
    {"gn", "groupName", kString, false, O, O},
    // TS-0004 Table 6.3.5.67-1 types spty as an object; ACME's nonNegInteger is not followed.
    {"spty", "specializationType", kObject, false, O, NP},
    {"ssi", "semanticSupportIndicator", kBoolean, false, NP, NP},
    {"nar", "notifyAggregation", kObject, false, O, O},
};

// TS-0004 Table 7.4.40.1-3. issuer/holder/notBefore/notAfter share the token short names
// (TS-0004 §8.2.3: "token, role"). The rlid format and tknb <= tkna are checked by RoleType.
constexpr AttributePolicy kRole[] = {
    {"rlid", "roleID", kId, false, M, NP},
    {"tkis", "issuer", kId, false, M, NP},
    {"tkhd", "holder", kId, false, M, NP},
    {"tknb", "notBefore", kTimestamp, false, M, NP},
    {"tkna", "notAfter", kTimestamp, false, M, NP},
    {"rlnm", "roleName", kString, false, O, NP},
    {"rltl", "tokenLink", kId, false, O, O},
};

// TS-0004 Table 7.4.41.1-3: everything is write-once. tkid / tkob / tkps formats are checked by
// TokenType. TS-0001 Table 9.6.39-2 gives permissions 0..1(L), but TS-0004 types it as one
// m2m:tokenPermissions object {"pm": [...]}; the protocol text wins.
constexpr AttributePolicy kToken[] = {
    {"tkid", "tokenID", kId, false, M, NP},
    {"tkob", "tokenObject", kString, false, M, NP},
    {"vr", "version", kString, false, O, NP},
    {"tkis", "issuer", kId, false, O, NP},
    {"tkhd", "holder", kId, false, O, NP},
    {"tknb", "notBefore", kTimestamp, false, O, NP},
    {"tkna", "notAfter", kTimestamp, false, O, NP},
    {"tknm", "tokenName", kString, false, O, NP},
    {"tkau", "audience", kId, true, O, NP},
    {"tkps", "permissions", kObject, false, O, NP},
    {"tkex", "extension", kString, false, O, NP},
};

// TS-0004 Table 7.4.36.1-3. The dap URIs are checked by DynamicAuthorizationConsultationType.
constexpr AttributePolicy kDynamicAuthorizationConsultation[] = {
    {"dae", "dynamicAuthorizationEnabled", kBoolean, false, M, O},
    {"dap", "dynamicAuthorizationPoA", kId, true, M, O},
    {"dal", "dynamicAuthorizationLifetime", kTimestamp, false, O, O},
};

// TS-0004 Table 7.4.18.1-3 and TS-0001 Table 9.6.18-2: nodeID is an m2m:nodeID (xs:anyURI, so
// any non-empty text), the links are resource IDs; roamingStatus and networkID come from the
// underlying network (NP). nodeType is Release 4 (ACME's tables: nonNegInteger, O/O).
constexpr AttributePolicy kNode[] = {
    {"ni", "nodeID", kString, false, M, O},
    {"hcl", "hostedCSELink", kId, false, O, O},
    {"hael", "hostedAELinks", kId, true, O, O},
    {"hsl", "hostedServiceLinks", kId, true, O, O},
    {"mgca", "mgmtClientAddress", kString, false, O, O},
    {"rms", "roamingStatus", kBoolean, false, NP, NP},
    {"nid", "networkID", kString, false, NP, NP},
    {"nty", "nodeType", kNonNegInteger, false, O, O},
};

// TS-0004 Table 7.4.9.1-3: scheduleElement is m2m:scheduleEntries ({"sce": [...]}, checked
// entry by entry by ScheduleType), networkCoordinated a boolean for a <node>'s schedule.
constexpr AttributePolicy kSchedule[] = {
    {"se", "scheduleElement", kObject, false, M, O},
    {"nco", "networkCoordinated", kBoolean, false, O, O},
};

// TS-0004 Tables 7.4.43.1-3, 7.4.44.1-3 and 7.4.45.1-3, short names from Table 8.2.3-6 (to, fr,
// op, rids, tids and tkns are the primitive parameters' names). The results (dec, sus, ps, ca)
// are NP: only the bound procedure writes them (cse/engine/authorization). The members of the
// complex values are checked by resources/types/authorization_resources.h.
constexpr AttributePolicy kAuthorizationDecision[] = {
    {"dec", "decision", kNonNegInteger, false, NP, NP},
    {"sus", "status", kNonNegInteger, false, NP, NP},
    {"to", "to", kId, false, O, O},
    {"fr", "from", kId, false, O, O},
    {"op", "operation", kNonNegInteger, false, O, O},
    {"rrt", "requestedResourceType", kNonNegInteger, false, O, O},
    {"fu", "filterUsage", kObject, false, O, O},
    {"rids", "roleIDs", kString, true, O, O},
    {"tids", "tokenIDs", kString, true, O, O},
    {"tkns", "tokens", kString, true, O, O},
    {"rtm", "requestTime", kTimestamp, false, O, O},
    {"olo", "originatorLocation", kObject, false, O, O},
    {"oip", "originatorIP", kObject, false, O, O},
};
constexpr AttributePolicy kAuthorizationPolicy[] = {
    {"ps", "policies", kObject, false, NP, NP},
    {"ca", "combiningAlgorithm", kNonNegInteger, false, NP, NP},
    {"sus", "status", kNonNegInteger, false, NP, NP},
    {"to", "to", kId, false, O, O},
};
constexpr AttributePolicy kAuthorizationInformation[] = {
    {"sus", "status", kNonNegInteger, false, NP, NP},
    {"fr", "from", kId, false, O, O},
    {"rids", "roleIDs", kString, true, O, O},
    {"tids", "tokenIDs", kString, true, O, O},
};

// TS-0004 Table 7.4.12.1-3: every attribute is NP on CREATE and UPDATE; the CSE writes them
// (resources/types/request.h). pc is any primitive content; mi and ors are objects.
constexpr AttributePolicy kRequest[] = {
    {"op", "operation", kNonNegInteger, false, NP, NP},
    {"tg", "target", kId, false, NP, NP},
    {"org", "originator", kId, false, NP, NP},
    {"rid", "requestID", kString, false, NP, NP},
    {"mi", "metaInformation", kObject, false, NP, NP},
    {"pc", "primitiveContent", kAny, false, NP, NP},
    {"rs", "requestStatus", kNonNegInteger, false, NP, NP},
    {"ors", "operationResult", kObject, false, NP, NP},
};

// The universal and common attributes of every announced resource (TS-0004 Table 7.4.26.1-2,
// TS-0001 Tables 9.6.26.2-1 and 9.6.26.3-1). Two deliberate departures, for peers: the table
// makes resourceName NP on CREATE, but Release 2/3 CSEs (and ACME) name what they announce, so
// rn is accepted as for any resource; and MA attributes are optional on CREATE (Table
// 7.4.26.1-3 says M, while TS-0004 §7.3.3.10 sends them only "if present in the original
// resource" — an <AE> without e2eSecInfo announces none).
// Added to the universal rows (kUniversal, with expirationTime mandatory on CREATE).
constexpr AttributePolicy kAnnouncedLink[] = {
    {"lnk", "link", kId, false, M, O},
    {"ast", "announceSyncType", kNonNegInteger, false, O, O},  // Release 4 (ACME's tables)
};
constexpr AttributePolicy kAnnouncedAccessControlled[] = {
    {"acpi", "accessControlPolicyIDs", kId, true, O, O},
};

// The type-specific rows of each type, and whether the type accepts announceTo /
// announcedAttribute (TS-0001 marks it announceable; see TypeDescriptor::announceable).
// Universal rows are added for every type and the acpi rows where the type's descriptor says
// has_acpi, so that fact is stated once.
struct TypeRows {
  model::ResourceType type;
  bool announce_attributes;
  std::span<const AttributePolicy> rows;
};

// role, token and dynamicAuthorizationConsultation are not announceable (TS-0001 §9.6.38-40).
constexpr TypeRows kTypeRows[] = {
    {model::ResourceType::kAccessControlPolicy, true, kAccessControlPolicy},
    {model::ResourceType::kAE, true, kAe},
    {model::ResourceType::kContainer, true, kContainer},
    {model::ResourceType::kContentInstance, true, kContentInstance},
    {model::ResourceType::kCSEBase, false, kCseBase},
    {model::ResourceType::kGroup, true, kGroup},
    {model::ResourceType::kNode, true, kNode},
    // TS-0004 Table 7.4.21.1-2: the universal attributes only (et, lbl and rn as for any type).
    {model::ResourceType::kPollingChannel, false, {}},
    {model::ResourceType::kRemoteCSE, true, kRemoteCse},
    {model::ResourceType::kRequest, false, kRequest},  // not announceable (TS-0001 §9.6.12)
    {model::ResourceType::kSubscription, false, kSubscription},
    {model::ResourceType::kSchedule, true, kSchedule},
    {model::ResourceType::kRole, false, kRole},
    {model::ResourceType::kToken, false, kToken},
    {model::ResourceType::kDynamicAuthorizationConsultation, false,
     kDynamicAuthorizationConsultation},
    // Not announceable (TS-0001 §9.6.41-43).
    {model::ResourceType::kAuthorizationDecision, false, kAuthorizationDecision},
    {model::ResourceType::kAuthorizationPolicy, false, kAuthorizationPolicy},
    {model::ResourceType::kAuthorizationInformation, false, kAuthorizationInformation},
};

void append(std::vector<AttributePolicy>& rows, std::span<const AttributePolicy> part) {
  rows.insert(rows.end(), part.begin(), part.end());
}

// The composed rows, indexed by slotOf(ty) (originals below 128, their announced variants
// after): built once from kTypeRows and the descriptors; one vector lookup per attribute on the
// request path.
using Table = std::vector<std::vector<AttributePolicy>>;
constexpr size_t kOriginalSlots = 128;

std::optional<size_t> slotOf(model::ResourceType type) {
  auto ty = static_cast<size_t>(type);
  if (ty < kOriginalSlots) return ty;
  if (model::isAnnouncedType(static_cast<uint16_t>(ty)) &&
      ty < model::kAnnouncedTypeOffset + kOriginalSlots) {
    return kOriginalSlots + ty - model::kAnnouncedTypeOffset;
  }
  return std::nullopt;
}

// An announced variant's rows: the universal announced rows, acpi where it has one, then each
// MA/OA attribute of the original with the original's value type, optional on CREATE and
// UPDATE (only the original's Hosting CSE writes them: TS-0004 §7.4.26.2.4).
std::vector<AttributePolicy> announcedRows(const TypeDescriptor& descriptor,
                                           const std::vector<AttributePolicy>& original_rows,
                                           model::ResourceType original) {
  std::vector<AttributePolicy> rows;
  append(rows, kUniversal);
  for (AttributePolicy& row : rows) {
    if (row.short_name == "et") row.on_create = M;
  }
  append(rows, kAnnouncedLink);
  if (descriptor.has_acpi) {
    append(rows, kAnnouncedAccessControlled);
  }
  for (const AnnouncedAttribute& announced : announcedAttributesOf(original)) {
    for (const AttributePolicy& row : original_rows) {
      if (row.short_name == announced.name) {
        AttributePolicy copy = row;
        copy.on_create = O;
        copy.on_update = O;
        rows.push_back(copy);
      }
    }
  }
  return rows;
}

const Table& table() {
  static const Table kTable = [] {
    Table composed(2 * kOriginalSlots);
    for (const TypeRows& type_rows : kTypeRows) {
      const TypeDescriptor* descriptor = findDescriptor(type_rows.type);
      CITADEL_CHECK(descriptor != nullptr);
      std::vector<AttributePolicy>& rows = composed[*slotOf(type_rows.type)];
      append(rows, kUniversal);
      if (descriptor->has_acpi) {
        append(rows, kAccessControlled);
      }
      if (type_rows.announce_attributes) {
        append(rows, kAnnounceable);
      }
      append(rows, type_rows.rows);
    }
    for (const TypeDescriptor& descriptor : builtinTypeDescriptors()) {
      std::optional<model::ResourceType> original = originalTypeOf(descriptor.type);
      if (!original) continue;
      composed[*slotOf(descriptor.type)] =
          announcedRows(descriptor, composed[*slotOf(*original)], *original);
    }
    return composed;
  }();
  return kTable;
}

}  // namespace

std::span<const AttributePolicy> policiesFor(model::ResourceType type) {
  std::optional<size_t> slot = slotOf(type);
  if (!slot) {
    return {};
  }
  return table()[*slot];
}

const AttributePolicy* findPolicy(model::ResourceType type, std::string_view short_name) {
  for (const auto& row : policiesFor(type)) {
    if (row.short_name == short_name) {
      return &row;
    }
  }
  return nullptr;
}

std::string_view valueTypeName(ValueType type) {
  switch (type) {
    case kString: return "string";
    case kContentInfo: return "m2m:contentInfo (type/subtype:encoding 0-2[:contentSecurity 0-5])";
    case kSerialization:
      return "m2m:serializations member (xml, json, cbor, application/json, application/cbor)";
    case kXsToken: return "xs:token (no tab, CR or LF; no leading, trailing or double spaces)";
    case kResourceName: return "resource name ([A-Za-z0-9][A-Za-z0-9._-]*)";
    case kId: return "ID (non-empty string without spaces)";
    case kNonNegInteger: return "non-negative integer";
    case kPositiveInteger: return "positive integer";
    case kBoolean: return "boolean";
    case kTimestamp: return "timestamp (YYYYMMDDThhmmss)";
    case kAbsRelTimestamp:
      return "m2m:absRelTimestamp (YYYYMMDDThhmmss, or an integer of ms relative to now)";
    case kDuration: return "duration (xs:duration such as \"PT10S\", or a number of ms)";
    case kObject: return "object";
    case kE2eSecInfo: return "m2m:e2eSecInfo {\"esf\": [<m2m:suid>], \"escert\"?, \"esro\"?}";
    case kGeoCoordinates:
      return "m2m:geoCoordinates {\"typ\": <geometryType 1..6>, \"crd\": \"<GeoJSON "
             "coordinates>\"}";
    case kAny: return "any value";
  }
  return "value";
}

}  // namespace citadel::resources
