#include "tools/das/das_request.h"

#include <optional>

namespace citadel::tools::das {
namespace {

using model::Json;
using model::Result;
using model::Status;

Status bad(std::string dbg) { return Status::badRequest(std::move(dbg), "das.bad_request"); }

bool hasControlCharacter(const std::string& text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return true;
    }
  }
  return false;
}

// An integer in 0..max (nlohmann keeps non-negative numbers as unsigned, negative as signed).
std::optional<int64_t> smallInteger(const Json& value, int64_t max) {
  if (value.is_number_unsigned()) {
    uint64_t v = value.get<uint64_t>();
    return v <= static_cast<uint64_t>(max) ? std::optional<int64_t>(static_cast<int64_t>(v))
                                           : std::nullopt;
  }
  if (value.is_number_integer()) {
    int64_t v = value.get<int64_t>();
    return v >= 0 && v <= max ? std::optional<int64_t>(v) : std::nullopt;
  }
  return std::nullopt;
}

Result<std::string> readId(const Json& value, std::string_view name) {
  if (!value.is_string()) {
    return bad("dreq." + std::string(name) + ": expected a string");
  }
  const std::string& text = value.get_ref<const std::string&>();
  if (text.empty() || text.size() > kMaxIdBytes || hasControlCharacter(text)) {
    return bad("dreq." + std::string(name) + ": expected a non-empty ID of at most " +
               std::to_string(kMaxIdBytes) + " printable bytes");
  }
  return text;
}

Result<std::string> requiredId(const Json& dreq, std::string_view name, std::string_view what) {
  auto member = dreq.find(name);
  if (member == dreq.end()) {
    return bad("dreq." + std::string(name) + " is missing (" + std::string(what) + ")");
  }
  return readId(*member, name);
}

Result<std::vector<std::string>> readIdList(const Json& value, std::string_view name) {
  if (!value.is_array() || value.size() > kMaxListEntries) {
    return bad("dreq." + std::string(name) + ": expected an array of at most " +
               std::to_string(kMaxListEntries) + " strings");
  }
  std::vector<std::string> out;
  for (const Json& entry : value) {
    CITADEL_ASSIGN_OR_RETURN(std::string id, readId(entry, name));
    out.push_back(std::move(id));
  }
  return out;
}

Result<int64_t> readOperation(const Json& dreq) {
  auto op = dreq.find("op");
  if (op == dreq.end()) {
    return bad("dreq.op is missing (the operation to authorize, 1..5)");
  }
  auto value = smallInteger(*op, 5);
  if (!value || *value < 1) {
    return bad("dreq.op: expected an integer 1..5");
  }
  return *value;
}

// The optional members: each is checked for its type when present.
Status readOptional(const Json& dreq, DasRequest& out) {
  if (auto trt = dreq.find("trt"); trt != dreq.end()) {
    out.target_resource_type = smallInteger(*trt, 65535);
    if (!out.target_resource_type) {
      return bad("dreq.trt: expected a resource type (an integer 0..65535)");
    }
  }
  if (auto ppl = dreq.find("ppl"); ppl != dreq.end()) {
    if (!ppl->is_string() || ppl->get_ref<const std::string&>().size() > kMaxIdBytes) {
      return bad("dreq.ppl: expected a timestamp string");
    }
    out.proposed_lifetime = ppl->get<std::string>();
  }
  if (auto orid = dreq.find("orid"); orid != dreq.end()) {
    CITADEL_ASSIGN_OR_RETURN(out.originator_role_ids, readIdList(*orid, "orid"));
  }
  if (auto rfa = dreq.find("rfa"); rfa != dreq.end()) {
    CITADEL_ASSIGN_OR_RETURN(out.request_full_addresses, readIdList(*rfa, "rfa"));
  }
  if (auto tids = dreq.find("tids"); tids != dreq.end()) {
    CITADEL_ASSIGN_OR_RETURN(out.token_ids, readIdList(*tids, "tids"));
  }
  if (auto asi = dreq.find("asi"); asi != dreq.end()) {
    if (!asi->is_boolean()) {
      return bad("dreq.asi: expected a boolean (authorSignIndicator)");
    }
    out.author_sign_indicator = asi->get<bool>();
  }
  if (auto oip = dreq.find("oip"); oip != dreq.end()) {
    if (!oip->is_object()) {
      return bad("dreq.oip: expected an object (ipv4 / ipv6 address)");
    }
    out.originator_ip = *oip;
  }
  return {};
}

}  // namespace

Result<DasRequest> parseDasRequest(const Json& content) {
  if (!content.is_object()) {
    return bad("the content must be {\"m2m:seci\":{\"sit\":1,\"dreq\":{...}}}");
  }
  auto seci = content.find("m2m:seci");
  if (seci == content.end() || !seci->is_object()) {
    return bad(
        "the content has no m2m:seci object (a dynamic authorization request is "
        "{\"m2m:seci\":{\"sit\":1,\"dreq\":{...}}})");
  }
  auto sit = seci->find("sit");
  if (sit == seci->end() || smallInteger(*sit, 255) != kSitDynamicAuthorizationRequest) {
    return bad("m2m:seci.sit: expected 1 (dynamic authorization request)");
  }
  auto dreq = seci->find("dreq");
  if (dreq == seci->end() || !dreq->is_object()) {
    return bad("m2m:seci.dreq: expected an object (the dynamic authorization request)");
  }
  DasRequest out;
  CITADEL_ASSIGN_OR_RETURN(out.originator, requiredId(*dreq, "or", "the originator to authorize"));
  CITADEL_ASSIGN_OR_RETURN(out.operation, readOperation(*dreq));
  CITADEL_ASSIGN_OR_RETURN(out.target_resource_id,
                           requiredId(*dreq, "trid", "the targeted resource ID"));
  CITADEL_RETURN_IF_ERROR(readOptional(*dreq, out));
  return out;
}

int securityInfoTypeOf(const Json& content) {
  if (!content.is_object()) return 0;
  auto seci = content.find("m2m:seci");
  if (seci == content.end() || !seci->is_object()) return 0;
  auto sit = seci->find("sit");
  if (sit == seci->end()) return 0;
  return static_cast<int>(smallInteger(*sit, 255).value_or(0));
}

Result<RelationshipRequest> parseRelationshipRequest(const Json& content) {
  const Json& seci = content.at("m2m:seci");
  auto darq = seci.find("darq");
  if (darq == seci.end() || !darq->is_object()) {
    return bad("m2m:seci.darq: expected an object (the relationship mapping request)");
  }
  RelationshipRequest out;
  if (auto originator = darq->find("or"); originator != darq->end()) {
    CITADEL_ASSIGN_OR_RETURN(out.originator, readId(*originator, "or"));
  }
  if (auto tids = darq->find("tids"); tids != darq->end()) {
    CITADEL_ASSIGN_OR_RETURN(out.token_ids, readIdList(*tids, "tids"));
  }
  if (auto aus = darq->find("aus"); aus != darq->end()) {
    CITADEL_ASSIGN_OR_RETURN(out.signatures, readIdList(*aus, "aus"));
  }
  if (auto tkns = darq->find("tkns"); tkns != darq->end()) {
    if (!tkns->is_array() || tkns->size() > kMaxListEntries) {
      return bad("darq.tkns: expected an array of tokens");
    }
    for (const Json& token : *tkns) {
      if (!token.is_string()) return bad("darq.tkns: expected an array of tokens");
    }
  }
  if (auto asri = darq->find("asri"); asri != darq->end()) {
    if (!asri->is_boolean()) return bad("darq.asri: expected a boolean (authorSignReqInfo)");
    out.signature_requested = asri->get<bool>();
  }
  if (out.token_ids.empty()) {
    return bad("darq.tids is missing (this DAS keeps relationship records by token ID)");
  }
  if (out.signatures.empty() == !out.signature_requested) {
    return bad("darq: either aus (AuthorSigns to record) or asri=true (a request for them)");
  }
  if (!out.signatures.empty() && out.originator.empty()) {
    return bad("darq.or is missing (the AE whose AuthorSigns these are)");
  }
  return out;
}

Json relationshipResponseContent(Json dars) {
  return Json{{"m2m:seci", {{"sit", kSitRelationshipMappingResponse}, {"dars", std::move(dars)}}}};
}

Json dasResponseContent(Json dres) {
  return Json{{"m2m:seci", {{"sit", kSitDynamicAuthorizationResponse}, {"dres", std::move(dres)}}}};
}

}  // namespace citadel::tools::das
