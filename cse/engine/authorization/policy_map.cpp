#include "cse/engine/authorization/policy_map.h"

#include <optional>

#include "cse/model/log.h"
#include "security/originator_id.h"

namespace citadel::engine {
namespace {

struct ParsedEntry {
  std::string at, prefix, policy;
};

std::optional<ParsedEntry> parseEntry(std::string_view entry) {
  ParsedEntry parsed;
  if (!entry.starts_with("/")) {
    size_t colon = entry.find(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    parsed.at = std::string(entry.substr(0, colon));
    entry.remove_prefix(colon + 1);
  }
  size_t equals = entry.find('=');
  if (!entry.starts_with("/") || equals == std::string_view::npos || equals + 1 == entry.size()) {
    return std::nullopt;
  }
  parsed.prefix = std::string(entry.substr(0, equals));
  parsed.policy = std::string(entry.substr(equals + 1));
  return parsed;
}

}  // namespace

model::Status PolicyMap::check(const std::vector<std::string>& entries) {
  for (const std::string& entry : entries) {
    if (!parseEntry(entry)) {
      return model::Status::badRequest(
          "authorization.policies entry '" + entry +
              "' is not '[name:]prefix=acp-id' with an SP-relative (/id-mn/...) or absolute "
              "(//sp/id-mn/...) prefix",
          "config.bad_policy_map");
    }
  }
  return {};
}

PolicyMap::PolicyMap(const std::vector<std::string>& entries,
                     const resources::CseIdentity& identity)
    : identity_(identity) {
  for (const std::string& text : entries) {
    std::optional<ParsedEntry> entry = parseEntry(text);
    if (!entry) continue;
    std::string prefix = security::spRelativeId(entry->prefix, identity_);
    while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
    if (!prefix.empty()) entries_.push_back({entry->at, prefix, entry->policy});
  }
}

model::Result<ApplicablePolicies> PolicyMap::find(std::string_view to,
                                                  const resources::Resource& at,
                                                  resources::ResourceResolver& resolver) const {
  ApplicablePolicies found;
  std::string target = security::spRelativeId(to, identity_);
  if (target.empty() || target[0] != '/') return found;
  for (const Entry& entry : entries_) {
    if (!entry.at.empty() && entry.at != at.rn() && entry.at != at.ri()) continue;
    bool below = target.size() > entry.prefix.size() && target.starts_with(entry.prefix) &&
                 target[entry.prefix.size()] == '/';
    if (target != entry.prefix && !below) continue;
    auto policy = resolver.resolveId(entry.policy);
    if (!policy.isOk() || policy.value().type() != model::ResourceType::kAccessControlPolicy) {
      if (!policy.isOk() && policy.status().rsc() == model::Rsc::kInternalServerError) {
        return policy.takeStatus();
      }
      LOG_WARN("authorization.policies: " << model::logSafe(entry.policy) << " for "
                                          << model::logSafe(to) << " cannot be read");
      found.outcome = ApplicablePolicies::Outcome::kUnreadable;
      found.acps.clear();
      return found;
    }
    found.outcome = ApplicablePolicies::Outcome::kFound;
    found.acps.push_back(std::move(policy).value());
  }
  return found;
}

}  // namespace citadel::engine
