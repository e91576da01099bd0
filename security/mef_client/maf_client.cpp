#include "security/mef_client/maf_client.h"

#include <openssl/crypto.h>

#include "security/enrolment/enrolment_keys.h"
#include "security/enrolment/tls_key_export.h"

namespace citadel::security::mef {
namespace {

constexpr size_t kKcIdBytes = 16;
constexpr size_t kExportedBytes = 48;

}  // namespace

RegisteredKey::~RegisteredKey() { OPENSSL_cleanse(key.data(), key.size()); }

model::Result<MafMessage> callMaf(const MefClientOptions& options, std::string_view procedure,
                                  const MafMessage& request, const MafShape& answer_shape) {
  std::string body = formatMafMessage(request, false);
  auto done = requestInSession(options, "POST", "/maf/" + std::string(procedure),
                               "application/json",
                               [&body](SSL*) -> model::Result<std::string> { return body; });
  OPENSSL_cleanse(body.data(), body.size());
  if (!done.isOk()) return done.status();
  auto answer = parseMafMessage(done.value().answer.body, answer_shape, true);
  OPENSSL_cleanse(done.value().answer.body.data(), done.value().answer.body.size());
  if (!answer.isOk()) {
    return model::Status::internal("the MAF's answer: " + answer.status().dbg(),
                                   "mef.bad_answer");
  }
  return answer;
}

model::Result<RegisteredKey> registerKey(const MefClientOptions& options,
                                         const MafMessage& request) {
  RegisteredKey registered;
  std::string exported;
  std::string body = formatMafMessage(request, false);
  auto done = requestInSession(
      options, "POST", "/maf/keyRegistration", "application/json",
      [&](SSL* ssl) -> model::Result<std::string> {
        if (!request.key_value) {
          CITADEL_ASSIGN_OR_RETURN(exported, enrolment::exportKeyingMaterial(
                                                 ssl, enrolment::kConnectionExporterLabel));
        }
        return body;
      });
  OPENSSL_cleanse(body.data(), body.size());
  if (!done.isOk()) {
    OPENSSL_cleanse(exported.data(), exported.size());
    return done.status();
  }
  auto answer = parseMafMessage(done.value().answer.body, maf_shapes::kKeyRegistrationAnswer, true);
  if (!answer.isOk()) {
    OPENSSL_cleanse(exported.data(), exported.size());
    return model::Status::internal("the MAF's answer: " + answer.status().dbg(),
                                   "mef.bad_answer");
  }
  registered.answer = std::move(answer).value();
  if (request.key_value) {
    registered.key = *request.key_value;
  } else {
    bool same = exported.size() == kExportedBytes &&
                enrolment::toHex(exported.substr(0, kKcIdBytes)) ==
                    *registered.answer.relative_key_id;
    if (same) registered.key = exported.substr(kKcIdBytes);
    OPENSSL_cleanse(exported.data(), exported.size());
    if (!same) {
      return model::Status::internal("the MAF's RelativeKeyID differs from our export's KcID",
                                     "mef.bad_answer");
    }
  }
  registered.key_id = *registered.answer.relative_key_id + "@" + options.mef_fqdn;
  return registered;
}

model::Result<MafMessage> retrieveKey(const MefClientOptions& options,
                                      const std::string& relative_key_id) {
  MafMessage request;
  request.relative_key_id = relative_key_id;
  return callMaf(options, "keyRetrieval", request, maf_shapes::kKeyRetrievalAnswer);
}

std::string singleKeyOf(std::string_view distributed_key) {
  return std::string(distributed_key.substr(0, distributed_key.size() / 2));
}

}  // namespace citadel::security::mef
