#include "security/escertke/escertke_initiator.h"

#include "security/token/base64url.h"

namespace citadel::security::escertke {

using model::Json;
using model::Result;
using model::Rsc;
using model::Status;

Result<EscertkeInitiator> EscertkeInitiator::make(const EscertkeCredentials& credentials,
                                                  std::string terminating_identity) {
  CITADEL_ASSIGN_OR_RETURN(auto context, EscertkeContext::make(false, credentials));
  return EscertkeInitiator(std::make_unique<TunnelledHandshake>(std::move(context)),
                           std::move(terminating_identity));
}

Result<std::string> EscertkeInitiator::message1() { return handshake_->advance(""); }

Result<std::string> EscertkeInitiator::message3(std::string_view message2) {
  return handshake_->advance(message2);
}

Result<E2EKey> EscertkeInitiator::finish(std::string_view message4) {
  CITADEL_ASSIGN_OR_RETURN(std::string more, handshake_->advance(message4));
  if (!handshake_->finished() || !more.empty()) {
    return Status(Rsc::kOriginatorNotAuthenticated,
                  "ESCertKE Message 4 did not finish the handshake", "escertke.handshake_failed");
  }
  if (handshake_->peerIdentity() != terminating_identity_) {
    return Status(Rsc::kOriginatorNotAuthenticated,
                  "the Terminating End-Point's certificate names '" +
                      handshake_->peerIdentity() + "', not '" + terminating_identity_ + "'",
                  "escertke.identity");
  }
  return handshake_->exportKey();
}

Json escertkeContent(std::string_view message) {
  return Json{{"m2m:seci", {{"sit", 6}, {"eckm", token::encodeBase64(message)}}}};
}

Result<std::string> escertkeMessageOf(const Json& content) {
  auto bad = [](const std::string& why) {
    return Status::badRequest("ESCertKE: " + why, "escertke.bad_seci");
  };
  if (!content.is_object() || content.size() != 1 || !content.contains("m2m:seci")) {
    return bad("the content must be {\"m2m:seci\": {\"sit\": 6, \"eckm\": ...}}");
  }
  const Json& seci = content["m2m:seci"];
  if (!seci.is_object() || seci.size() != 2 || !seci.contains("sit") || !seci.contains("eckm") ||
      !seci["sit"].is_number_integer() || seci["sit"].get<int64_t>() != 6 ||
      !seci["eckm"].is_string()) {
    return bad("m2m:seci must hold exactly sit 6 and eckm (base64Binary)");
  }
  const std::string& text = seci["eckm"].get_ref<const std::string&>();
  if (text.size() > kMaxMessageBytes / 3 * 4 + 4) return bad("eckm is over 64 KiB");
  std::optional<std::string> message = token::decodeBase64Lenient(text);
  if (!message || message->empty()) return bad("eckm is not base64Binary");
  return std::move(*message);
}

}  // namespace citadel::security::escertke
