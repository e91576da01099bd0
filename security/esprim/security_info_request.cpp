#include "security/esprim/security_info_request.h"

namespace citadel::security::esprim {

using model::Json;
using model::Result;
using model::Status;

namespace {

Status bad(std::string dbg) {
  return Status::badRequest("m2m:seci: " + std::move(dbg), "esprim.bad_seci");
}

Status notServed(int sit) {
  return Status(model::Rsc::kNotImplemented,
                "m2m:seci sit " + std::to_string(sit) +
                    " is not served by this CSE; it answers sit 3 (receiverESPrimRandObject "
                    "Request)",
                "esprim.sit_not_served");
}

}  // namespace

Result<model::Response> answerSecurityInfo(const Json& seci, const std::string& originator,
                                           RandObjectIssuer* issuer) {
  if (!seci.is_object()) {
    return bad("expected an object with sit (securityInfoType)");
  }
  auto sit_member = seci.find("sit");
  if (sit_member == seci.end() || !sit_member->is_number_integer()) {
    return bad("sit (securityInfoType) must be an integer 1..8");
  }
  int64_t sit = sit_member->get<int64_t>();
  if (sit < 1 || sit > 8) {
    return bad("sit (securityInfoType) must be an integer 1..8");
  }
  if (sit == 2 || sit == 4 || sit == 8) {
    return bad("sit " + std::to_string(sit) + " is a response type, not a request");
  }
  if (sit != 3) {
    return notServed(static_cast<int>(sit));
  }
  if (seci.size() != 1) {
    return bad("a sit 3 request (receiverESPrimRandObject Request) carries no other member "
               "(TS-0004 Table 6.3.5.48-1)");
  }
  if (issuer == nullptr) {
    return notServed(3);
  }
  model::Response response;
  response.status_code = model::Rsc::kOk;
  response.content = {{"m2m:seci", {{"sit", 4}, {"ero", toJson(issuer->issue(originator))}}}};
  return response;
}

}  // namespace citadel::security::esprim
