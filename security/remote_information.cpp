#include "security/remote_information.h"

#include <algorithm>

#include "cse/model/log.h"
#include "security/authorization_exchange.h"
#include "resources/resource.h"
#include "resources/views/role_view.h"
#include "security/originator_id.h"

namespace citadel::security {

using model::Json;
using Outcome = RemoteInformation::Outcome;

std::string repositoryFor(std::string_view id,
                          const std::vector<std::pair<std::string, std::string>>& repositories) {
  size_t at = id.rfind('@');
  if (at == std::string_view::npos) return {};
  std::string_view issuer = id.substr(at + 1);
  for (const auto& [fqdn, pip] : repositories) {
    if (fqdn == issuer) return pip;
  }
  return {};
}

RemoteInformation fetchInformation(model::PrimitiveSender& sender, const std::string& pip,
                                   const std::string& holder_absolute,
                                   const std::vector<std::string>& role_ids,
                                   const std::vector<std::string>& token_ids,
                                   const resources::CseIdentity& identity) {
  Json request = {{"fr", holder_absolute}};
  if (!role_ids.empty()) request["rids"] = role_ids;
  if (!token_ids.empty()) request["tids"] = token_ids;
  model::Request sent = authorizationUpdate(pip, identity, "pip-", "m2m:auif", std::move(request));
  model::Response response = sender.send(pip, sent);
  AuthorizationAnswer read = readAuthorizationAnswer(response, sent, "m2m:auif", identity);
  RemoteInformation answer;
  auto unusable = [&](std::string_view why) {
    LOG_INFO("PIP " << model::logSafe(pip) << ": " << why);
    answer.outcome = Outcome::kUnusable;
    answer.roles.clear();
    answer.tokens.clear();
    return answer;
  };
  if (read.kind == AuthorizationAnswer::Kind::kNoAnswer) return answer;
  if (read.kind == AuthorizationAnswer::Kind::kUnusable) return unusable(read.why);
  if (read.status == 2) {
    answer.outcome = Outcome::kNotApplicable;
    return answer;
  }
  if (read.status != 1) return unusable("status other than OK");
  const Json* auif = read.result;
  if (auto roles = auif->find("m2m:rol"); roles != auif->end()) {
    if (!roles->is_array()) return unusable("m2m:rol is not a list");
    for (const Json& role : *roles) {
      if (!role.is_object()) return unusable("an m2m:rol entry is not an object");
      answer.roles.push_back(role);
    }
  }
  if (auto tokens = auif->find("m2m:tk"); tokens != auif->end()) {
    if (!tokens->is_array()) return unusable("m2m:tk is not a list");
    for (const Json& token : *tokens) {
      auto object = token.is_object() ? token.find("tkob") : token.end();
      if (!token.is_object() || object == token.end() || !object->is_string()) {
        return unusable("an m2m:tk entry has no tokenObject");
      }
      answer.tokens.push_back(object->get<std::string>());
    }
  }
  answer.outcome = answer.roles.empty() && answer.tokens.empty() ? Outcome::kNotApplicable
                                                                 : Outcome::kFound;
  return answer;
}

std::vector<std::string> verifyRemoteRoles(const std::vector<Json>& roles,
                                           const std::vector<std::string>& asked,
                                           std::string_view holder_absolute,
                                           const std::vector<RoleAuthority>& trusted,
                                           const resources::CseIdentity& identity,
                                           model::TimePoint now) {
  std::vector<std::string> valid;
  for (const Json& attributes : roles) {
    resources::Resource role;
    role.attributes = attributes;
    resources::RoleView view(role);
    std::string role_id = view.roleId();
    if (std::find(asked.begin(), asked.end(), role_id) == asked.end()) continue;
    if (absoluteId(view.holder(), identity) != holder_absolute) continue;
    std::string issuer = view.issuer();
    bool trusted_issuer = std::any_of(trusted.begin(), trusted.end(),
                                      [&](const RoleAuthority& a) { return a.issuer == issuer; });
    if (!trusted_issuer) continue;
    auto not_before = view.notBefore();
    auto not_after = view.notAfter();
    if (!not_before || !not_after || now < *not_before || now > *not_after) continue;
    if (std::find(valid.begin(), valid.end(), role_id) == valid.end()) valid.push_back(role_id);
  }
  return valid;
}

std::vector<std::string> rolesFromRepositories(const AuthorizationServices& services,
                                               const resources::CseIdentity& identity,
                                               const std::string& holder_absolute,
                                               const std::vector<std::string>& unknown,
                                               model::TimePoint now) {
  std::vector<std::string> valid;
  if (services.decision_sender == nullptr || services.repositories.empty()) return valid;
  size_t lookups = 0;
  for (const std::string& role_id : unknown) {
    std::string pip = repositoryFor(role_id, services.repositories);
    if (pip.empty()) continue;
    if (lookups++ == kMaxRepositoryLookups) break;
    RemoteInformation fetched = fetchInformation(*services.decision_sender, pip,
                                                 holder_absolute, {role_id}, {}, identity);
    for (std::string& role : verifyRemoteRoles(fetched.roles, {role_id}, holder_absolute,
                                               services.role_authorities, identity, now)) {
      if (std::find(valid.begin(), valid.end(), role) == valid.end()) {
        valid.push_back(std::move(role));
      }
    }
  }
  return valid;
}

}  // namespace citadel::security
