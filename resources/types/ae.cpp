#include "resources/types/ae.h"

#include "resources/attribute_validator.h"
#include "resources/types/polling_channel.h"

namespace citadel::resources {

model::Status AeType::validateCreate(const model::Json& attributes) const {
  // TS-0004 §7.4.5.2.1: an App-ID starts with 'R' (registered; 'r' tolerated) or 'N'.
  const auto& api = attributes["api"].get_ref<const std::string&>();
  if (api.size() < 2 || (api[0] != 'R' && api[0] != 'r' && api[0] != 'N')) {
    return model::Status::badRequest("App-ID (api) '" + api + "' must start with 'R' or 'N'",
                                     "ae.bad_app_id");
  }
  return {};
}

model::Result<std::string> AeType::assignResourceId(const std::string& from) const {
  // TS-0001 Table 7.2-1 and §10.2.2.2: no From, "C" or "S" asks for a CSE-assigned stem; a
  // full stem (re-registration, pre-provisioned) is used as given.
  if (from.empty() || from == "C") {
    return randomResourceId("C");
  }
  if (from == "S") {
    return randomResourceId("S");
  }
  if ((from[0] != 'C' && from[0] != 'S') || !isValidResourceName(from)) {
    return model::Status::badRequest(
        "originator for AE registration must be empty, 'C', 'S' or an AE-ID-Stem starting "
        "with 'C' or 'S' followed by [A-Za-z0-9._-]", "ae.bad_originator");
  }
  return from;
}

namespace {

// Release 4 and later: rvi "4", "5", ... (the leading number; "2a" is release 2).
bool isRelease4OrLater(const std::string& rvi) {
  size_t digits = 0;
  while (digits < rvi.size() && rvi[digits] >= '0' && rvi[digits] <= '9') {
    ++digits;
  }
  return digits > 0 && (digits > 1 || rvi[0] >= '4');
}

}  // namespace

model::Status AeType::prepareCreate(CreateContext& context) const {
  // TS-0001 Table 7.2-1, App-ID: "'r' is permitted as an alternative. NOTE: Use of 'r' will be
  // forbidden from release 4 onwards." So a release-4 (or later) request may not use it.
  const auto& api = context.child.attributes["api"].get_ref<const std::string&>();
  if (api[0] == 'r' && isRelease4OrLater(context.request.release_version_indicator)) {
    return model::Status::badRequest(
        "App-ID (api) '" + api + "': a registered App-ID starts with 'R'; 'r' is forbidden "
        "from release 4 onwards (TS-0001 Table 7.2-1), and this request has rvi " +
            context.request.release_version_indicator,
        "ae.lowercase_r_app_id");
  }
  std::string stem = context.child.ri();
  // TS-0004 §7.4.5.2.1 Recv-6.4: an <AE> with this AE-ID already exists -> 4117.
  auto existing = context.repository.load(stem);
  if (existing.isOk()) {
    return {model::Rsc::kOriginatorHasAlreadyRegistered,
            "an AE with AE-ID '" + stem + "' is already registered", "ae.already_registered"};
  }
  if (existing.status().rsc() != model::Rsc::kNotFound) {
    return existing.takeStatus();
  }
  context.child.attributes["aei"] = stem;
  // The registered AE is the creator of its own <AE> (default access without acpi).
  context.child.attributes[std::string(kCreatorField)] = stem;
  return {};
}

model::Status AeType::childWillBeAdded(CreateContext& context) const {
  return recordPollingChannel(context);
}

model::Status AeType::childWillBeRemoved(Resource& parent, const Resource& child,
                                storage::WriteBatch& batch) const {
  forgetPollingChannel(parent, child);
  return {};
}

}  // namespace citadel::resources
