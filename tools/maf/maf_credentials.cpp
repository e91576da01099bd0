#include "tools/maf/maf_credentials.h"

#include <algorithm>
#include <cctype>

namespace citadel::tools::maf {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool isRelativeKmId(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '_' || c == '-';
  });
}

model::Status bad(std::string dbg) {
  return model::Status::badRequest(std::move(dbg), "maf.km_file");
}

}  // namespace

bool isAbsoluteEntityId(std::string_view id) {
  if (!id.starts_with("//")) return false;
  size_t slash = id.find('/', 2);
  return slash != std::string_view::npos && slash > 2 && slash + 1 < id.size();
}

model::Result<MafCredentials> MafCredentials::load(const std::string& path,
                                                   std::string_view maf_fqdn) {
  CITADEL_ASSIGN_OR_RETURN(security::mef::BootstrapPsks psks,
                           security::mef::BootstrapPsks::load(path));
  return fromPsks(std::move(psks), maf_fqdn);
}

model::Result<MafCredentials> MafCredentials::fromPsks(security::mef::BootstrapPsks psks,
                                                       std::string_view maf_fqdn) {
  MafCredentials credentials;
  const std::string suffix = "@" + lower(maf_fqdn);
  for (const std::string& km_id : psks.identities()) {
    std::string folded = lower(km_id);
    if (!folded.ends_with(suffix) ||
        !isRelativeKmId(std::string_view(km_id).substr(0, km_id.size() - suffix.size()))) {
      return bad("KmID " + km_id + ": expected MAF_RELATIVE_KmID@" + std::string(maf_fqdn) +
                 " (TS-0003 10.6: letters, digits, '.', '_', '-')");
    }
    if (!isAbsoluteEntityId(psks.boundId(km_id))) {
      return bad("KmID " + km_id + ": the third field must be the MAF Client's Absolute AE-ID "
                 "or CSE-ID (//SP-ID/...)");
    }
    if (!credentials.by_lower_.emplace(folded, km_id).second) {
      return bad("KmID " + km_id + ": another KmID differs from it only in case (10.6: not case "
                 "sensitive)");
    }
  }
  credentials.psks_ = std::move(psks);
  return credentials;
}

std::optional<std::string> MafCredentials::key(std::string_view km_id) const {
  auto it = by_lower_.find(lower(km_id));
  if (it == by_lower_.end()) return std::nullopt;
  return psks_.find(it->second);
}

std::string MafCredentials::clientId(std::string_view km_id) const {
  auto it = by_lower_.find(lower(km_id));
  if (it == by_lower_.end()) return "";
  return psks_.boundId(it->second);
}

}  // namespace citadel::tools::maf
