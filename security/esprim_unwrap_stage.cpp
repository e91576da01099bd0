#include "security/esprim_unwrap_stage.h"

#include <openssl/crypto.h>

#include "cse/codec/primitive_codec.h"
#include "cse/model/blocking_region.h"
#include "cse/codec/primitive_parameters.h"
#include "security/esprim/established_key_store.h"
#include "security/esprim/esprim_object.h"
#include "security/esprim/esprim_originator.h"
#include "security/esprim/pairwise_key_store.h"
#include "security/esprim/rand_object_issuer.h"
#include "security/esprim/session_checks.h"
#include "security/esprim/session_key.h"
#include "security/originator_id.h"

namespace citadel::security {

using model::Json;
using model::Rsc;
using model::Status;

namespace {

// Wipes a secret held in a local string when the scope ends, whichever way it ends.
class Wipe {
 public:
  explicit Wipe(std::string& secret) : secret_(secret) {}
  Wipe(const Wipe&) = delete;
  Wipe& operator=(const Wipe&) = delete;
  ~Wipe() {
    if (!secret_.empty()) OPENSSL_cleanse(secret_.data(), secret_.size());
  }

 private:
  std::string& secret_;
};

Status impersonation(std::string_view reason) {
  return {Rsc::kEsprimImpersonationError,
          "the originator is not the identity bound to the pairwiseESPrimKey (kid)", reason};
}

// The serialization the inner primitive has: the JWE `cty` when present (TS-0003 §8.4.3.2),
// JSON otherwise.
std::optional<codec::ContentFormat> innerFormat(const Json& header) {
  auto cty = header.find("cty");
  if (cty == header.end()) return codec::ContentFormat::kJson;
  return codec::formatForMediaType(cty->get_ref<const std::string&>());
}

}  // namespace

Status EsprimUnwrapStage::onRequest(RequestContext& context) {
  // The plain path: one comparison for everything that is not a NOTIFY.
  if (context.request.operation != model::Operation::kNotify || services_ == nullptr) {
    return {};
  }
  const Json& content = context.request.content;
  if (!content.is_object() || content.size() != 1) return {};
  auto seci = content.find("m2m:seci");
  if (seci == content.end() || !seci->is_object()) return {};
  auto sit = seci->find("sit");
  if (sit == seci->end() || !sit->is_number_integer() || sit->get<int64_t>() != 5) return {};
  // TS-0004 §7.6.2 step H: only when `to` is this CSE's <CSEBase> is this CSE the Target. An
  // <AE> target decrypts the object itself (the NOTIFY is re-targeted to it unopened).
  if (!addressesCseBase(context.request.to, identity_)) return {};
  auto epo = seci->find("epo");
  if (seci->size() != 2 || epo == seci->end() || !epo->is_string()) {
    return Status::badRequest("m2m:seci sit 5 carries exactly sit and epo (the ESPrim object as "
                              "a JWE compact string, TS-0004 Table 6.3.5.48-1)",
                              "esprim.bad_seci");
  }
  return unwrap(context, epo->get_ref<const std::string&>());
}

Status EsprimUnwrapStage::unwrap(RequestContext& context, const std::string& epo) {
  model::TimePoint now = clock_.now();
  CITADEL_ASSIGN_OR_RETURN(esprim::EsprimObject object, esprim::parseEsprimObject(epo));
  std::optional<codec::ContentFormat> format = innerFormat(object.header);
  if (!format) {
    return Status::badRequest("cty must name JSON or CBOR (application/json, application/cbor "
                              "or their oneM2M forms)",
                              "esprim.bad_cty");
  }
  // C.6a: the pairwise key, and the identity it is shared with.
  std::optional<esprim::PairwiseKey> key = services_->keys.find(object.key_id, now);
  if (!key && services_->established != nullptr) {
    key = services_->established->find(object.key_id, now);
  }
  if (!key && services_->enrolled != nullptr) {
    // May ask the MEF (bounded by its client's timeout): others on this I/O loop go on meanwhile.
    model::BlockingRegion waiting;
    if (std::optional<model::PskCredential> credential = services_->enrolled->find(object.key_id)) {
      key = esprim::PairwiseKey{object.key_id, credential->originator, std::move(credential->key),
                                std::nullopt};
      OPENSSL_cleanse(credential->key.data(), credential->key.size());
    }
  }
  if (!key) {
    return {Rsc::kEsprimUnknownKeyId,
            "the pairwiseESPrimKeyID (kid) is not known to this CSE or has expired",
            "esprim.unknown_kid"};
  }
  Wipe wipe_key(key->key);
  std::string owner = localOriginator(key->originator, identity_);
  // Key confusion: the kid of A in a NOTIFY from B. The outer `fr` is the Originator (TS-0004
  // §7.6.2 step F), whom stage 1 identified; it must be the key's identity.
  if (context.originator != owner) return impersonation("esprim.outer_fr_not_key_owner");
  // C.6b.1: a receiver object this CSE issued to that identity (or the shared one), unexpired.
  std::optional<esprim::ReceiverRandObject> receiver =
      services_->rand_objects.find(owner, object.receiver_rand_id);
  if (!receiver) {
    return {Rsc::kEsprimUnknownRecvRandId,
            "the receiverESPrimRandObject (rri) is not known to this CSE for this originator or "
            "has expired; ask for a new one (m2m:seci sit 3)",
            "esprim.unknown_rri"};
  }
  // C.6b.2: the originator object, carried (oro) or cached for (kid, ori).
  esprim::OriginatorRandObject originator;
  if (auto oro = object.header.find("oro"); oro != object.header.end()) {
    CITADEL_ASSIGN_OR_RETURN(originator, esprim::parseOriginatorRandObject(*oro));
    if (originator.id != object.originator_rand_id) {
      return Status::badRequest("ori must be the esri of oro", "esprim.ori_mismatch");
    }
  } else {
    auto cached = sessions_.find(object.key_id, object.originator_rand_id, now);
    if (!cached) {
      return {Rsc::kEsprimUnknownOrigRandId,
              "the originatorESPrimRandObject (ori) is not known to this CSE or has expired; "
              "send it in full as oro",
              "esprim.unknown_ori"};
    }
    originator = std::move(*cached);
  }
  CITADEL_RETURN_IF_ERROR(esprim::checkSessionParameters(*receiver, originator, object.enc, now));
  // C.6b.2.iii and C.6c.2: the session key, and the authenticated decryption.
  CITADEL_ASSIGN_OR_RETURN(std::string session_key,
                           session_keys_.sessionKey(key->key, *receiver, originator));
  Wipe wipe_session(session_key);
  auto exchange = std::make_shared<esprim::EsprimExchange>();
  CITADEL_ASSIGN_OR_RETURN(exchange->content_key,
                           esprim::contentEncryptionKey(session_key, object.enc));
  CITADEL_ASSIGN_OR_RETURN(std::string plaintext,
                           esprim::decryptEsprimObject(object, exchange->content_key));
  // Replay: the IV is consumed by the first object that verified with it.
  CITADEL_RETURN_IF_ERROR(sessions_.record(object.key_id, originator,
                                           *model::parseTimestamp(originator.expiry), object.iv,
                                           now));
  exchange->encoded_response_header = esprim::responseProtectedHeader(
      object.enc, object.key_id, object.originator_rand_id, object.receiver_rand_id);
  exchange->enc = object.enc;
  exchange->inner_format = *format;
  exchange->outer_request_id = context.request.request_id;
  exchange->outer_release_version = context.request.release_version_indicator;
  exchange->outer_vendor_information = context.request.vendor_information;
  exchange->outer_event_category = context.request.event_category;

  auto inner = codec::parseRequestPrimitive(plaintext, *format, services_->inner_limits);
  if (!inner.isOk()) {
    // The sender holds the key (the tag verified): it gets the parser's words, encrypted.
    context.esprim = std::move(exchange);
    return inner.takeStatus();
  }
  model::Request request = std::move(inner).value();
  // Table 7.6.2-1: the inner From must be the identity bound to the key.
  if (localOriginator(request.originator, identity_) != owner) {
    return impersonation("esprim.inner_fr_not_key_owner");
  }
  request.transport = context.request.transport;
  // TS-0004 §7.6.2 step K: delivery parameters of the inner request are ignored.
  request.response_type = {};
  request.event_category.clear();
  request.delivery_aggregation.reset();
  context.request = std::move(request);
  context.esprim = std::move(exchange);
  // As stage 1 does for the outer primitive, before anything compares, logs or echoes an ID.
  CITADEL_RETURN_IF_ERROR(codec::checkParameterCharacters(context.request));
  if (context.request.operation == model::Operation::kCreate &&
      context.request.resource_type == static_cast<uint16_t>(model::ResourceType::kAE)) {
    return Status::badRequest("an <AE> registers in clear, not inside an ESPrim object",
                              "esprim.inner_registration");
  }
  // The key authenticates the inner originator (TS-0003 §7.1.2: an ACP rule's acaf holds).
  context.originator_authenticated = true;
  return {};
}

void EsprimUnwrapStage::onResponse(RequestContext& context, model::Response& response) {
  if (!context.esprim) return;
  const esprim::EsprimExchange& exchange = *context.esprim;
  // TS-0004 §7.6.2 step L (TS-0003 §8.4.2 C.8): the whole inner response, under the same key.
  std::string inner =
      codec::serializeResponsePrimitive(std::move(response), exchange.inner_format);
  auto epo = esprim::encryptWithEncodedHeader(exchange.encoded_response_header, exchange.enc,
                                              inner, exchange.content_key);
  model::Response outer;
  if (epo.isOk()) {
    outer.status_code = Rsc::kOk;  // step M: a successful NOTIFY response
    outer.content = esprim::esprimContent(std::move(epo).value());
    outer.request_id = exchange.outer_request_id;
  } else {
    outer = model::Response::fromStatus(epo.status(), exchange.outer_request_id);
  }
  outer.release_version_indicator = exchange.outer_release_version;
  outer.vendor_information = exchange.outer_vendor_information;
  outer.event_category = exchange.outer_event_category;
  response = std::move(outer);
}

}  // namespace citadel::security
