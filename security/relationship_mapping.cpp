#include "security/relationship_mapping.h"

#include <openssl/crypto.h>

#include <map>

#include "cse/model/log.h"
#include "cse/random/random_id.h"
#include "security/das_exchange.h"
#include "security/originator_id.h"

namespace citadel::security {
namespace {

using model::Json;
using model::Result;
using model::Status;

constexpr size_t kMaxIdBytes = 512;
constexpr size_t kMaxTokenBytes = 16384;
// Each DAS is a round trip on this worker; the tokens of one request come from one or two.
constexpr size_t kMaxDasAsked = 3;

Status bad(std::string dbg) {
  return Status::badRequest("m2m:seci (authorization relationship mapping, sit 7): " +
                                std::move(dbg),
                            "relmap.bad_request");
}

Status badAnswer(std::string what) {
  return {model::Rsc::kOriginatorHasNoPrivilege, "the DAS answer " + what, "relmap.bad_answer"};
}

// A list of at most kMaxRelationshipEntries non-empty strings of at most `max_bytes` each.
Result<std::vector<std::string>> readList(const Json& darq, const char* name, size_t max_bytes) {
  std::vector<std::string> out;
  auto member = darq.find(name);
  if (member == darq.end()) return out;
  if (!member->is_array() || member->empty() || member->size() > kMaxRelationshipEntries) {
    return bad(std::string("darq.") + name + ": expected a list of 1.." +
               std::to_string(kMaxRelationshipEntries) + " strings");
  }
  for (const Json& entry : *member) {
    if (!entry.is_string() || entry.get_ref<const std::string&>().empty() ||
        entry.get_ref<const std::string&>().size() > max_bytes) {
      return bad(std::string("darq.") + name + ": expected non-empty strings of at most " +
                 std::to_string(max_bytes) + " bytes");
    }
    out.push_back(entry.get<std::string>());
  }
  return out;
}

struct AeRecordRequest {
  std::vector<std::string> signatures;
  std::vector<std::string> token_ids;
  std::vector<std::string> tokens;
};

Result<AeRecordRequest> readAeRequest(const Json& seci) {
  for (const auto& [key, value] : seci.items()) {
    if (key != "sit" && key != "darq") {
      return bad("unexpected member " + key + " (a sit 7 request carries sit and darq)");
    }
  }
  auto darq = seci.find("darq");
  if (darq == seci.end() || !darq->is_object()) {
    return bad("darq (m2m:dynAuthRelMapRequest) must be an object");
  }
  for (const auto& [key, value] : darq->items()) {
    if (key != "aus" && key != "tids" && key != "tkns") {
      return bad("darq." + key + " is not the AE's to send (aus, tids and tkns are)");
    }
  }
  AeRecordRequest out;
  CITADEL_ASSIGN_OR_RETURN(out.signatures, readList(*darq, "aus", kMaxAuthorSignBytes));
  CITADEL_ASSIGN_OR_RETURN(out.token_ids, readList(*darq, "tids", kMaxIdBytes));
  CITADEL_ASSIGN_OR_RETURN(out.tokens, readList(*darq, "tkns", kMaxTokenBytes));
  if (out.signatures.empty()) {
    return bad("darq.aus (the AuthorSigns to record) is missing");
  }
  if (out.token_ids.empty() && out.tokens.empty()) {
    return bad("darq names no token: tids or tkns is required (TS-0004 Table 6.3.5.58-1)");
  }
  return out;
}

}  // namespace

model::Request makeRelationshipNotify(const RelationshipQuery& query, const std::string& cse_id,
                                      const std::string& das_uri, std::string request_id) {
  Json darq = Json::object();
  if (!query.originator.empty()) darq["or"] = query.originator;
  if (!query.token_ids.empty()) darq["tids"] = query.token_ids;
  if (!query.tokens.empty()) darq["tkns"] = query.tokens;
  if (!query.signatures.empty()) darq["aus"] = query.signatures;
  if (query.request_signature) darq["asri"] = true;
  return makeSecurityInfoNotify(kSitRelationshipMappingRequest, "darq", std::move(darq), cse_id,
                                das_uri, std::move(request_id));
}

Result<std::vector<std::string>> readRelationshipAnswer(const model::Response& response) {
  switch (static_cast<int>(response.status_code) / 1000) {
    case 2: break;
    case 4:
      if (response.status_code == model::Rsc::kRequestTimeout) {
        return Status(model::Rsc::kRequestTimeout, "the DAS did not answer in time",
                      "relmap.timeout");
      }
      return Status(model::Rsc::kOriginatorHasNoPrivilege,
                    "the DAS refused the relationship mapping (rsc " +
                        std::to_string(static_cast<int>(response.status_code)) + ")",
                    "relmap.refused");
    default:
      return Status(model::Rsc::kTargetNotReachable, "the DAS cannot be reached",
                    "relmap.unreachable");
  }
  std::vector<std::string> signatures;
  const Json& pc = response.content;
  if (pc.is_null()) return signatures;
  auto seci = pc.is_object() ? pc.find("m2m:seci") : pc.end();
  if (!pc.is_object() || seci == pc.end() || !seci->is_object()) {
    return badAnswer("has no m2m:seci");
  }
  auto sit = seci->find("sit");
  if (sit == seci->end() || !sit->is_number_integer() ||
      sit->get<int64_t>() != kSitRelationshipMappingResponse) {
    return badAnswer("is not an authorization relationship mapping response (sit 8)");
  }
  auto dars = seci->find("dars");
  if (dars == seci->end()) return signatures;
  if (!dars->is_object()) return badAnswer("dars is not an object");
  auto recorded = dars->find("signature");
  if (recorded == dars->end()) return signatures;
  if (!recorded->is_array() || recorded->size() > kMaxRelationshipEntries) {
    return badAnswer("signature is not a list of at most 16 signatures");
  }
  for (const Json& entry : *recorded) {
    if (!entry.is_string() || entry.get_ref<const std::string&>().empty() ||
        entry.get_ref<const std::string&>().size() > kMaxAuthorSignBytes) {
      return badAnswer("signature holds something other than a signature string");
    }
    signatures.push_back(entry.get<std::string>());
  }
  return signatures;
}

bool authorSignMatches(const std::vector<std::string>& presented,
                       const std::vector<std::string>& recorded) {
  bool found = false;
  for (const std::string& ours : recorded) {
    for (const std::string& theirs : presented) {
      // The length is not secret (a signature's length is its algorithm's); the bytes are.
      bool same = ours.size() == theirs.size() &&
                  CRYPTO_memcmp(ours.data(), theirs.data(), ours.size()) == 0;
      found = found || same;
    }
  }
  return found;
}

Result<model::Response> forwardAuthorSigns(const AuthorizationServices& services,
                                           const resources::CseIdentity& identity,
                                           const Json& seci, const std::string& originator,
                                           model::TimePoint now) {
  CITADEL_ASSIGN_OR_RETURN(AeRecordRequest request, readAeRequest(seci));
  if (services.local_tokens == nullptr || services.das_sender == nullptr) {
    return Status(model::Rsc::kNotImplemented,
                  "this CSE holds no DAS-issued tokens (no DAS is configured)",
                  "relmap.not_supported");
  }
  std::string holder = absoluteId(originator, identity);
  // Each token named, by the DAS that issued it; a token of another holder, or one no DAS
  // issued through this CSE, ends the request (the AE may sign only what it holds).
  std::map<std::string, RelationshipQuery> by_das;
  auto add = [&](const std::string& token_id, const std::string* compact) -> Status {
    auto held = services.local_tokens->dasToken(token_id, now);
    if (!held || absoluteId(held->claims->holder, identity) != holder ||
        held->das_uri.empty()) {
      return Status(model::Rsc::kOriginatorHasNoPrivilege,
                    "token " + token_id + " is not one a DAS issued to " + originator +
                        " through this CSE",
                    "relmap.not_held");
    }
    RelationshipQuery& query = by_das[held->das_uri];
    query.token_ids.push_back(token_id);
    if (compact != nullptr) query.tokens.push_back(*compact);
    return {};
  };
  for (const std::string& token_id : request.token_ids) {
    CITADEL_RETURN_IF_ERROR(add(token_id, nullptr));
  }
  for (const std::string& compact : request.tokens) {
    if (services.verifier == nullptr) return Status::noPrivilege("token.untrusted_issuer");
    CITADEL_ASSIGN_OR_RETURN(auto verified,
                             services.verifier->verify(compact, identity, originator));
    CITADEL_RETURN_IF_ERROR(add(verified.claims->token_id, &compact));
  }
  if (by_das.size() > kMaxDasAsked) {
    return bad("the tokens were issued by more than " + std::to_string(kMaxDasAsked) +
               " DASs; send them in separate requests");
  }
  Json recorded = Json::array();
  for (auto& [das_uri, query] : by_das) {
    query.originator = holder;
    query.signatures = request.signatures;
    model::Response answer = services.das_sender->send(
        das_uri,
        makeRelationshipNotify(query, identity.cse_id, das_uri, random::unguessableId("rel-")));
    auto read = readRelationshipAnswer(answer);
    if (!read.isOk()) {
      LOG_INFO("relationship mapping record at DAS " << das_uri << " for "
                                                     << model::logSafe(originator) << ": "
                                                     << read.status().reason());
      return read.takeStatus();
    }
    for (const std::string& token_id : query.token_ids) recorded.push_back(token_id);
  }
  model::Response response;
  response.status_code = model::Rsc::kOk;
  response.content = {{"m2m:seci",
                       {{"sit", kSitRelationshipMappingResponse},
                        {"dars", {{"tids", std::move(recorded)}}}}}};
  return response;
}

void moveToHolder(token::TokenClaims& claims, const std::string& holder_absolute,
                  const resources::CseIdentity& identity) {
  const std::string previous = claims.holder;
  claims.holder = holder_absolute;
  if (!claims.permissions) return;
  for (token::TokenPermission& permission : *claims.permissions) {
    if (!permission.privileges) continue;
    Json& privileges = *permission.privileges;
    auto acr = privileges.is_object() ? privileges.find("acr") : privileges.end();
    if (acr == privileges.end() || !acr->is_array()) continue;
    for (Json& rule : *acr) {
      auto acor = rule.is_object() ? rule.find("acor") : rule.end();
      if (acor == rule.end() || !acor->is_array()) continue;
      for (Json& entry : *acor) {
        if (entry.is_string() &&
            absoluteId(entry.get_ref<const std::string&>(), identity) == previous) {
          entry = holder_absolute;
        }
      }
    }
  }
}

std::vector<std::string> recordedAuthorSigns(const AuthorizationServices& services,
                                             const resources::CseIdentity& identity,
                                             const std::string& das_uri,
                                             const std::string& token_id) {
  if (services.das_sender == nullptr) return {};
  RelationshipQuery query;
  query.token_ids = {token_id};
  query.request_signature = true;
  model::Response answer = services.das_sender->send(
      das_uri,
      makeRelationshipNotify(query, identity.cse_id, das_uri, random::unguessableId("rel-")));
  auto read = readRelationshipAnswer(answer);
  if (!read.isOk()) {
    LOG_INFO("AuthorSign of token " << model::logSafe(token_id) << " from DAS " << das_uri
                                    << ": " << read.status().reason());
    return {};
  }
  return std::move(read).value();
}

}  // namespace citadel::security
