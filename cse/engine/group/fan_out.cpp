#include "cse/engine/group/fan_out.h"

#include <algorithm>

#include "cse/codec/primitive_codec.h"
#include "cse/model/json_size.h"
#include "resources/virtual_resources.h"

namespace citadel::engine {
namespace {

using model::Json;
using model::Status;

using resources::kFanOutSuffix;

thread_local int fan_out_depth = 0;

struct DepthGuard {
  DepthGuard() { ++fan_out_depth; }
  ~DepthGuard() { --fan_out_depth; }
};

std::vector<std::string> idsOf(const Json& mid) {
  std::vector<std::string> ids;
  if (!mid.is_array()) return ids;
  for (const auto& id : mid) {
    if (id.is_string()) ids.push_back(id.get<std::string>());
  }
  return ids;
}

bool isWrite(model::Operation operation) {
  return operation == model::Operation::kCreate || operation == model::Operation::kUpdate ||
         operation == model::Operation::kDelete;
}

}  // namespace

model::Result<std::vector<std::string>> FanOut::addressedMembers(const model::Request& request,
                                                                 const Json& mid) {
  std::vector<std::string> members = idsOf(mid);
  if (request.group_request_target_members.empty()) {
    return members;
  }
  // §7.4.14.2.4: every grtm entry must be a member of the group or of one of its sub-groups
  // (members "…/fopt"); the request then goes to those entries only.
  std::vector<std::string> allowed = members;
  for (const auto& member : members) {
    if (!member.ends_with(kFanOutSuffix)) continue;
    auto sub_group = resolver_.resolveId(
        std::string_view(member).substr(0, member.size() - kFanOutSuffix.size()));
    if (sub_group.isOk() && sub_group.value().type() == model::ResourceType::kGroup) {
      std::vector<std::string> nested = idsOf(sub_group.value().attributes.value("mid", Json()));
      allowed.insert(allowed.end(), nested.begin(), nested.end());
    }
  }
  for (const auto& id : request.group_request_target_members) {
    if (std::find(allowed.begin(), allowed.end(), id) == allowed.end()) {
      return Status::badRequest("grtm entry '" + id +
                                    "' is not a member of this group or of its sub-groups",
                                "group.grtm_not_member");
    }
  }
  return request.group_request_target_members;
}

model::Response FanOut::run(const model::Request& request, const resources::ResolvedTarget& target,
                            const std::string& gid, model::PrimitiveHandler& handler) {
  if (fan_out_depth >= kMaxDepth) {
    return model::Response::fromStatus(
        Status::badRequest("fanOutPoints nest deeper than " + std::to_string(kMaxDepth) +
                               " groups here",
                           "group.fan_out_too_deep"),
        request.request_id);
  }
  DepthGuard depth;
  auto members = addressedMembers(request, target.resource().attributes.value("mid", Json()));
  if (!members.isOk()) {
    return model::Response::fromStatus(members.status(), request.request_id);
  }
  if (members.value().empty()) {
    return model::Response::fromStatus(
        Status(model::Rsc::kNoMembers, "the group has no members to fan the request out to",
               "group.no_members"),
        request.request_id);
  }
  model::TimePoint start = clock_.now();
  std::optional<model::TimePoint> deadline;
  if (!request.request_expiration_timestamp.empty()) {
    deadline = model::parseAbsRelTimestamp(request.request_expiration_timestamp, start);
  }

  model::Request member_request = request;
  member_request.group_request_target_members.clear();
  member_request.response_type = {};  // blocking: the answers are gathered here
  member_request.group_request_identifier = gid;
  Json entries = Json::array();
  size_t bytes = 0;
  bool any_asked = false;
  auto add = [&](Json entry) {
    size_t size = model::jsonBytes(entry);
    if (bytes + size > max_aggregated_bytes_ && entry.contains("pc")) {
      if (isWrite(request.operation)) {
        entry.erase("pc");
      } else {
        entry["rsc"] = static_cast<int>(model::Rsc::kInternalServerError);
        entry["pc"] = Json{{"m2m:dbg", "this member's answer was left out: the aggregated "
                                       "response reached its limit of " +
                                           std::to_string(max_aggregated_bytes_) +
                                           " bytes; address this member alone (grtm)"}};
      }
      size = model::jsonBytes(entry);
    }
    bytes += size;
    entries.push_back(std::move(entry));
  };
  for (const auto& member : members.value()) {
    if (deadline && clock_.now() >= *deadline) {
      break;  // §7.4.14.2.5: answers after rqet are discarded; later members are not asked
    }
    any_asked = true;
    member_request.to =
        target.fan_out_path.empty() ? member : member + "/" + target.fan_out_path;
    model::Response answer = handler.handle(member_request);
    Json* nested = nullptr;
    if (member.ends_with(kFanOutSuffix) && answer.status_code == model::Rsc::kOk &&
        answer.content.is_object() && answer.content.contains("m2m:agr")) {
      nested = &answer.content["m2m:agr"]["m2m:rsp"];
    }
    if (nested != nullptr && nested->is_array()) {
      for (auto& entry : *nested) add(std::move(entry));  // a sub-group's members, flattened
      continue;
    }
    answer.from = member;  // §7.4.14.2.5: which member answered
    add(codec::responseToPrimitive(std::move(answer)));
  }
  if (!any_asked) {
    return model::Response::fromStatus(
        Status(model::Rsc::kGroupMembersNotResponded,
               "the request expired (rqet) before any member was asked",
               "group.members_not_responded"),
        request.request_id);
  }
  model::Response response;
  response.status_code = model::Rsc::kOk;  // §7.4.14.2.5: OK whatever the members answered
  response.content = Json{{"m2m:agr", Json{{"m2m:rsp", std::move(entries)}}}};
  return response;
}

}  // namespace citadel::engine
