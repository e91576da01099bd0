// The MA/OA columns of TS-0001 Tables 9.6.2-2 (accessControlPolicy), 9.6.3-3 (CSEBase, for
// <CSEBaseAnnc>), 9.6.5-3 (AE), 9.6.6-3 (container), 9.6.7-3 (contentInstance) and 9.6.13-3
// (group) and 9.6.4-2 (remoteCSE), cross-checked with the ACME tables in shared/reference (its Annc rtypes). Where they
// differ the spec wins; such rows say so.
#include "resources/announced_attributes.h"

#include <optional>

namespace citadel::resources {
namespace {

constexpr Announced MA = Announced::kMandatory;
constexpr Announced OA = Announced::kOptional;

// TS-0001 Table 9.6.2-2: privileges and selfPrivileges MA (so that the announced policy decides
// at the target as the original does), the authorization links OA (ACME: MA).
constexpr AnnouncedAttribute kAccessControlPolicy[] = {
    {"pv", MA}, {"pvs", MA}, {"adri", OA}, {"apri", OA}, {"airi", OA}};

// TS-0001 Table 9.6.5-3: supportedReleaseVersions and e2eSecInfo MA (ACME lists esi without a
// column for AEAnnc), everything else OA. location is Release 4 (ACME: OA).
constexpr AnnouncedAttribute kAe[] = {
    {"srv", MA},  {"esi", MA},  {"daci", OA}, {"apn", OA}, {"api", OA},  {"aei", OA},
    {"poa", OA},  {"regs", OA}, {"trps", OA}, {"or", OA},  {"rr", OA},   {"nl", OA},
    {"csz", OA},  {"ape", OA},  {"tren", OA}, {"scp", OA}, {"loc", OA}};

// TS-0001 Table 9.6.6-3.
constexpr AnnouncedAttribute kContainer[] = {{"daci", OA}, {"mni", OA}, {"mbs", OA},
                                             {"mia", OA},  {"li", OA},  {"or", OA},
                                             {"disr", OA}, {"loc", OA}};

// TS-0001 Table 9.6.7-3 (dataGenerationTime and location are Release 4; ACME: OA).
constexpr AnnouncedAttribute kContentInstance[] = {{"cnf", OA}, {"conr", OA}, {"or", OA},
                                                   {"con", OA}, {"dgt", OA},  {"loc", OA}};

// TS-0001 Table 9.6.13-3.
constexpr AnnouncedAttribute kGroup[] = {
    {"daci", OA}, {"mt", OA},  {"spty", OA}, {"cnm", OA}, {"mnm", OA}, {"mid", OA},
    {"macp", OA}, {"mtv", OA}, {"csy", OA},  {"gn", OA},  {"ssi", OA}, {"nar", OA}};

// TS-0001 Table 9.6.3-3 as ACME reads it for <CSEBaseAnnc>: srv MA, the rest OA. The CSE
// announces its <CSEBase> itself (the Announcer), with cst, csi, poa, csz and srv.
constexpr AnnouncedAttribute kCseBase[] = {{"srv", MA}, {"cst", OA}, {"csi", OA}, {"poa", OA},
                                           {"csz", OA}, {"nl", OA},  {"esi", OA}, {"loc", OA}};

// TS-0001 Table 9.6.4-2: e2eSecInfo and supportedReleaseVersions MA, the CSE's description OA;
// the trigger and external IDs (M2M-Ext-ID, Trigger-Recipient-ID, triggerReferenceNumber) NA.
constexpr AnnouncedAttribute kRemoteCse[] = {
    {"esi", MA},  {"srv", MA},  {"daci", OA}, {"cst", OA},  {"poa", OA},
    {"cb", OA},   {"csi", OA},  {"rr", OA},   {"nl", OA},   {"csz", OA},
    {"dcse", OA}, {"mtcc", OA}, {"egid", OA}, {"tren", OA}, {"ape", OA}};

// TS-0001 Table 9.6.18-2: nodeID MA, the rest OA (nodeType is Release 4; ACME: OA).
constexpr AnnouncedAttribute kNode[] = {{"ni", MA},   {"daci", OA}, {"hcl", OA}, {"hael", OA},
                                        {"hsl", OA},  {"mgca", OA}, {"rms", OA}, {"nid", OA},
                                        {"nty", OA}};

// TS-0001 Table 9.6.9-2: scheduleElement OA, networkCoordinated OA (ACME); acpi and daci NA
// (the <scheduleAnnc> descriptor has no acpi: its announced parent's policies govern it).
constexpr AnnouncedAttribute kSchedule[] = {{"se", OA}, {"nco", OA}};

}  // namespace

std::span<const AnnouncedAttribute> announcedAttributesOf(model::ResourceType original) {
  switch (original) {
    case model::ResourceType::kAccessControlPolicy: return kAccessControlPolicy;
    case model::ResourceType::kAE: return kAe;
    case model::ResourceType::kContainer: return kContainer;
    case model::ResourceType::kContentInstance: return kContentInstance;
    case model::ResourceType::kCSEBase: return kCseBase;
    case model::ResourceType::kGroup: return kGroup;
    case model::ResourceType::kNode: return kNode;
    case model::ResourceType::kSchedule: return kSchedule;
    case model::ResourceType::kRemoteCSE: return kRemoteCse;
    default: return {};
  }
}

std::optional<model::ResourceType> originalTypeOf(model::ResourceType announced) {
  auto ty = static_cast<uint16_t>(announced);
  if (!model::isAnnouncedType(ty)) return std::nullopt;
  return static_cast<model::ResourceType>(ty - model::kAnnouncedTypeOffset);
}

const AnnouncedAttribute* findAnnouncedAttribute(model::ResourceType original,
                                                 std::string_view name) {
  for (const AnnouncedAttribute& attribute : announcedAttributesOf(original)) {
    if (attribute.name == name) return &attribute;
  }
  return nullptr;
}

}  // namespace citadel::resources
