#include "security/das_exchange.h"

#include "resources/types/access_control_policy.h"
#include "security/originator_id.h"
#include "security/token_permissions.h"

namespace citadel::security {
namespace {

using model::Json;
using model::Status;

// A DAS answer is small; anything beyond these is hostile or broken.
constexpr size_t kMaxTokens = 16;
constexpr size_t kMaxTokenBytes = 16384;

Status badAnswer(std::string what) {
  return {model::Rsc::kOriginatorHasNoPrivilege, "the DAS answer " + what, "das.bad_answer"};
}

}  // namespace

DasQuery dasQueryFor(const RequestContext& context, const resources::CseIdentity& identity,
                     model::TimePoint now) {
  DasQuery query;
  query.originator = absoluteId(context.originator, identity);
  query.roles = context.roles;
  if (context.target) {
    query.target_type = static_cast<uint16_t>(context.target->resource().type());
    query.target_id = context.target->resource().ri();
    // orid: the roles valid on the target, those of token permissions naming it included.
    appendPermissionRoles(context.tokens, context.target->resource(), identity, query.roles);
  }
  query.operation = static_cast<int>(context.request.operation);
  query.originator_ip = context.request.transport.peer_address;
  query.request_time = now;
  query.author_sign_indicator = context.request.authorization_signature_indicator.value_or(false);
  return query;
}

model::Request makeDasNotify(const DasQuery& query, const std::string& cse_id,
                             const std::string& das_uri, std::string request_id) {
  Json dreq = {{"or", query.originator},
               {"trt", query.target_type},
               {"op", query.operation},
               {"trid", query.target_id},
               {"rts", model::formatTimestamp(query.request_time)}};
  if (!query.originator_ip.empty()) {
    bool v6 = query.originator_ip.find(':') != std::string::npos;
    dreq["oip"] = {{v6 ? "ip6" : "ip4", query.originator_ip}};
  }
  if (!query.roles.empty()) dreq["orid"] = query.roles;
  if (!query.token_ids.empty()) dreq["tids"] = query.token_ids;
  if (!query.preferred_lifetime.empty()) dreq["ppl"] = query.preferred_lifetime;
  if (query.author_sign_indicator) dreq["asi"] = true;
  return makeSecurityInfoNotify(1, "dreq", std::move(dreq), cse_id, das_uri,
                                std::move(request_id));
}

model::Request makeSecurityInfoNotify(int sit, const char* member, Json body,
                                      const std::string& cse_id, const std::string& das_uri,
                                      std::string request_id) {
  model::Request notify;
  notify.operation = model::Operation::kNotify;
  notify.to = das_uri;
  notify.originator = cse_id;
  notify.request_id = std::move(request_id);
  notify.release_version_indicator = "3";
  notify.content = {{"m2m:seci", {{"sit", sit}, {member, std::move(body)}}}};
  return notify;
}

model::Result<DasAnswer> readDasAnswer(const model::Response& response, model::TimePoint now) {
  switch (static_cast<int>(response.status_code) / 1000) {
    case 2: break;
    case 4:
      if (response.status_code == model::Rsc::kRequestTimeout) {
        return Status(model::Rsc::kOriginatorHasNoPrivilege, "the DAS did not answer in time",
                      "das.timeout");
      }
      return Status(model::Rsc::kOriginatorHasNoPrivilege, "the DAS refused the consultation",
                    "das.refused");
    default:
      return Status(model::Rsc::kOriginatorHasNoPrivilege, "the DAS cannot be reached",
                    "das.unreachable");
  }
  DasAnswer answer;
  if (response.content.is_null()) {
    return answer;  // nothing granted
  }
  const Json& pc = response.content;
  auto seci = pc.is_object() ? pc.find("m2m:seci") : pc.end();
  if (!pc.is_object() || seci == pc.end() || !seci->is_object()) {
    return badAnswer("has no m2m:seci");
  }
  auto sit = seci->find("sit");
  if (sit == seci->end() || !sit->is_number_integer() || sit->get<int64_t>() != 2) {
    return badAnswer("is not a dynamic authorization response (sit 2)");
  }
  auto dres = seci->find("dres");
  if (dres == seci->end()) {
    return answer;
  }
  if (!dres->is_object()) {
    return badAnswer("dres is not an object");
  }
  if (auto dai = dres->find("dai"); dai != dres->end()) {
    auto gp = dai->is_object() ? dai->find("gp") : dai->end();
    if (!dai->is_object() || gp == dai->end() ||
        !resources::validateSetOfAcrs(*gp, "gp").isOk()) {
      return badAnswer("dai.gp is not a set of access control rules");
    }
    answer.privileges = *gp;
    if (auto pl = dai->find("pl"); pl != dai->end()) {
      // m2m:absRelTimestamp: a timestamp, or milliseconds from now (TS-0004 §6.3.3).
      std::optional<model::TimePoint> until;
      if (pl->is_string()) {
        until = model::parseAbsRelTimestamp(pl->get_ref<const std::string&>(), now);
      } else if (pl->is_number_unsigned()) {
        until = now + std::chrono::milliseconds(pl->get<uint64_t>());
      }
      if (!until) {
        return badAnswer("dai.pl is not a timestamp or a number of milliseconds");
      }
      if (*until > now) {
        answer.until = until;
      }
    }
  }
  if (auto asri = dres->find("asri"); asri != dres->end()) {
    if (!asri->is_boolean()) {
      return badAnswer("asri is not a boolean");
    }
    answer.author_sign_requested = asri->get<bool>();
  }
  if (auto tkns = dres->find("tkns"); tkns != dres->end()) {
    if (!tkns->is_array() || tkns->size() > kMaxTokens) {
      return badAnswer("tkns is not a list of at most 16 tokens");
    }
    for (const auto& token : *tkns) {
      if (!token.is_string() || token.get_ref<const std::string&>().size() > kMaxTokenBytes) {
        return badAnswer("tkns holds something other than a compact token");
      }
      answer.tokens.push_back(token.get<std::string>());
    }
  }
  return answer;
}

}  // namespace citadel::security
