#include "security/authorization_exchange.h"

#include "cse/random/random_id.h"

namespace citadel::security {

using model::Json;
using Kind = AuthorizationAnswer::Kind;

std::string cseOfId(std::string_view id, const resources::CseIdentity& identity) {
  std::string own = "//" + identity.sp_id;
  if (id.starts_with(own + "/")) id.remove_prefix(own.size());
  if (!id.starts_with("/") || id.starts_with("//")) return {};
  return std::string(id.substr(0, id.find('/', 1)));
}

model::Request authorizationUpdate(const std::string& target,
                                   const resources::CseIdentity& identity,
                                   std::string_view rqi_prefix, std::string_view root,
                                   Json attributes) {
  model::Request update;
  update.operation = model::Operation::kUpdate;
  update.to = target;
  update.originator = identity.cse_id;
  update.request_id = random::unguessableId(rqi_prefix);
  update.release_version_indicator = "3";
  update.content = Json::object();
  update.content[std::string(root)] = std::move(attributes);
  return update;
}

AuthorizationAnswer readAuthorizationAnswer(const model::Response& response,
                                            const model::Request& sent, std::string_view root,
                                            const resources::CseIdentity& identity) {
  AuthorizationAnswer answer;
  if (response.status_code != model::Rsc::kUpdated) return answer;
  auto unusable = [&](std::string_view why) {
    answer.kind = Kind::kUnusable;
    answer.why = why;
    return answer;
  };
  if (!response.request_id.empty() && response.request_id != sent.request_id) {
    return unusable("answer for another request");
  }
  if (!response.from.empty() && cseOfId(response.from, identity) != cseOfId(sent.to, identity)) {
    return unusable("answer from another CSE");
  }
  const Json& content = response.content;
  auto object = content.is_object() ? content.find(root) : content.end();
  if (!content.is_object() || object == content.end() || !object->is_object()) {
    return unusable("no result object in the answer");
  }
  auto status = object->find("sus");
  if (status == object->end() || !status->is_number_integer()) return unusable("no status");
  answer.kind = Kind::kResult;
  answer.result = &*object;
  answer.status = status->get<int64_t>();
  return answer;
}

}  // namespace citadel::security
