#include "security/esprim/esprim_originator.h"

#include <algorithm>

#include "cse/codec/primitive_codec.h"
#include "cse/model/clock.h"
#include "cse/random/random_id.h"
#include "resources/e2e_sec_info.h"
#include "security/esprim/esprim_object.h"
#include "security/esprim/session_key.h"

namespace citadel::security::esprim {

using model::Json;
using model::Result;
using model::Status;

namespace {

Status badReceiverObject(const std::string& what) {
  return Status::badRequest("receiverESPrimRandObject: " + what, "esprim.bad_rro");
}

bool intList(const Json& value, std::vector<int>& out) {
  if (!value.is_array() || value.empty() || value.size() > 8) return false;
  for (const Json& id : value) {
    if (!id.is_number_integer() || id.get<int64_t>() < 1 || id.get<int64_t>() > 1000000) {
      return false;
    }
    out.push_back(id.get<int>());
  }
  return true;
}

}  // namespace

Result<ReceiverRandObject> parseReceiverRandObject(const Json& json) {
  if (!json.is_object() || json.size() != 5) {
    return badReceiverObject("expected exactly esri, esrv, esrx, esks and espa");
  }
  ReceiverRandObject object;
  for (const char* name : {"esri", "esrv", "esrx"}) {
    auto member = json.find(name);
    if (member == json.end() || !member->is_string()) {
      return badReceiverObject(std::string(name) + " must be a string");
    }
  }
  object.id = json["esri"].get<std::string>();
  object.value = json["esrv"].get<std::string>();
  object.expiry = json["esrx"].get<std::string>();
  if (!resources::isAsciiNcName(object.id) || !resources::isAsciiNcName(object.value) ||
      !model::parseTimestamp(object.expiry)) {
    return badReceiverObject("esri and esrv must be xs:NCName, esrx an absolute timestamp");
  }
  if (!json.contains("esks") || !intList(json["esks"], object.key_gen_algs) ||
      !json.contains("espa") || !intList(json["espa"], object.protocol_algs)) {
    return badReceiverObject("esks and espa must be lists of 1 to 8 positive integers");
  }
  return object;
}

OriginatorRandObject makeOriginatorRandObject(const ReceiverRandObject& receiver,
                                              std::string_view enc) {
  OriginatorRandObject object;
  object.id = random::unguessableId("o");
  object.value = random::unguessableId("v");
  object.expiry = receiver.expiry;
  object.key_gen_alg = kKeyGenHmacSha256;
  object.protocol_algs = {protocolAlgIdOf(enc)};
  return object;
}

Result<OriginatorSession> openSession(std::string key_id, std::string_view pairwise_key,
                                      ReceiverRandObject receiver,
                                      OriginatorRandObject originator, std::string enc) {
  OriginatorSession session;
  CITADEL_ASSIGN_OR_RETURN(std::string session_key,
                           deriveSessionKey(pairwise_key, receiver, originator,
                                            originator.key_gen_alg));
  CITADEL_ASSIGN_OR_RETURN(session.content_key, contentEncryptionKey(session_key, enc));
  session.key_id = std::move(key_id);
  session.receiver = std::move(receiver);
  session.originator = std::move(originator);
  session.enc = std::move(enc);
  return session;
}

Result<std::string> wrapRequest(const OriginatorSession& session, const model::Request& inner,
                                bool with_oro) {
  Json header = {{"alg", "dir"},
                 {"enc", session.enc},
                 {"kid", session.key_id},
                 {"ori", session.originator.id},
                 {"rri", session.receiver.id}};
  if (with_oro) header["oro"] = toJson(session.originator);
  std::string plaintext = codec::requestToPrimitive(inner).dump();
  return encryptEsprimObject(header, plaintext, session.content_key);
}

Json esprimContent(std::string epo) {
  return {{"m2m:seci", {{"sit", 5}, {"epo", std::move(epo)}}}};
}

model::Request outerNotify(std::string to, std::string from, std::string request_id,
                           std::string epo) {
  model::Request outer;
  outer.operation = model::Operation::kNotify;
  outer.to = std::move(to);
  outer.originator = std::move(from);
  outer.request_id = std::move(request_id);
  outer.release_version_indicator = "3";
  outer.content = esprimContent(std::move(epo));
  return outer;
}

Result<model::Response> unwrapResponse(const OriginatorSession& session,
                                       const Json& outer_content) {
  const Json* epo = nullptr;
  if (outer_content.is_object() && outer_content.contains("m2m:seci")) {
    const Json& seci = outer_content["m2m:seci"];
    if (seci.is_object() && seci.value("sit", 0) == 5 && seci.contains("epo") &&
        seci["epo"].is_string()) {
      epo = &seci["epo"];
    }
  }
  if (epo == nullptr) {
    return Status::badRequest("the answer carries no m2m:seci with sit 5 and epo",
                              "esprim.no_epo");
  }
  CITADEL_ASSIGN_OR_RETURN(EsprimObject object,
                           parseEsprimObject(epo->get_ref<const std::string&>()));
  if (object.key_id != session.key_id || object.originator_rand_id != session.originator.id ||
      object.receiver_rand_id != session.receiver.id) {
    // C.11a: the answer must name the session the request used.
    return Status::badRequest("the protected response names another session (kid, ori, rri)",
                              "esprim.other_session");
  }
  if (object.enc != session.enc) {
    return Status(model::Rsc::kEsprimUnsupportedOption, "the response uses another enc",
                  "esprim.unsupported_enc");
  }
  CITADEL_ASSIGN_OR_RETURN(std::string plaintext,
                           decryptEsprimObject(object, session.content_key));
  return codec::parseResponsePrimitive(plaintext, codec::ContentFormat::kJson,
                                       codec::ParseLimits{kMaxObjectBytes, 32});
}

}  // namespace citadel::security::esprim
