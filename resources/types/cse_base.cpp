#include "resources/types/cse_base.h"

#include "resources/simple_data_types.h"

namespace citadel::resources {
namespace {

constexpr int kInCseType = 1;  // m2m:cseTypeID IN_CSE

}  // namespace

model::Status CseBaseType::validateUpdate(const model::Json&) const {
  // TS-0004 §7.4.3.2.3: the CSEBase cannot be updated through the API.
  return model::Status::operationNotAllowed("the <CSEBase> resource cannot be updated",
                                            "cse_base.update");
}

model::Status CseBaseType::validateDelete() const {
  // TS-0004 §7.4.3.2.4.
  return model::Status::operationNotAllowed("the <CSEBase> resource cannot be deleted",
                                            "cse_base.delete");
}

Resource makeCseBase(const CseIdentity& identity, const CseBaseSettings& settings,
                     model::TimePoint now) {
  Resource cb;
  std::string timestamp = model::formatPreciseTimestamp(now);
  auto& a = cb.attributes;
  a["ty"] = static_cast<int>(ResourceType::kCSEBase);
  a["ri"] = identity.cseBaseRi();
  a["rn"] = identity.cse_name;
  a["pi"] = "";
  a["ct"] = timestamp;
  a["lt"] = timestamp;
  a["cst"] = settings.cse_type;
  a["csi"] = identity.cse_id;
  a["srt"] = settings.supported_types;
  a["poa"] = settings.points_of_access;
  a["csz"] = model::Json::array();
  for (std::string_view media_type : kCseSerializations) {
    a["csz"].push_back(std::string(media_type));
  }
  // Release 1 requests (no rvi) are served too (TS-0004 §7.3.2.1, issue 24 #21).
  a["srv"] = {"1", "2a", "3", "4", "5"};
  // Release 4 (ACME's tables): the M2M-SP-ID, and the IN-CSE-ID, which on an IN-CSE
  // (cseType 1, TS-0004 m2m:cseTypeID) is this CSE's own CSE-ID.
  a["spi"] = identity.sp_id;
  if (!settings.e2e_sec_info.is_null()) {
    a["esi"] = settings.e2e_sec_info;
  }
  if (!settings.location.is_null()) {
    a["loc"] = settings.location;
  }
  if (settings.cse_type == kInCseType) {
    a["ici"] = identity.cse_id;
  }
  a[std::string(kCreatorField)] = identity.admin;
  a[std::string(kPathField)] = identity.cse_name;
  return cb;
}

}  // namespace citadel::resources
