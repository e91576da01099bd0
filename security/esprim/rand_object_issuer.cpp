#include "security/esprim/rand_object_issuer.h"

#include "cse/random/random_id.h"

namespace citadel::security::esprim {

std::vector<int> supportedE2eSecFeatures(const RandObjectSettings& settings) {
  std::vector<int> features = {kSuidPreProvisionedEsprim};
  if (settings.enrolled_keys) features.push_back(kSuidEnrolledEsprim);
  if (settings.maf_keys) features.push_back(kSuidMafEsprim);
  if (settings.certificate_keys) features.push_back(kSuidCertificateEsprim);
  return features;
}

RandObjectIssuer::RandObjectIssuer(const model::Clock& clock, RandObjectSettings settings)
    : clock_(clock),
      settings_(settings),
      unique_(settings.capacity, settings.per_originator) {
  if (settings_.shared_lifetime) {
    shared_expires_ =
        std::chrono::floor<std::chrono::seconds>(clock_.now() + *settings_.shared_lifetime);
    shared_ = make('s', shared_expires_);
  }
}

ReceiverRandObject RandObjectIssuer::make(char kind, model::TimePoint expires) const {
  ReceiverRandObject object;
  object.id = random::unguessableId(std::string(1, kind));
  object.value = random::unguessableId("v");
  object.expiry = model::formatTimestamp(expires);
  object.key_gen_algs = {kKeyGenHmacSha256};
  object.protocol_algs = {kJweA128Gcm, kJweA192Gcm, kJweA256Gcm};
  return object;
}

ReceiverRandObject RandObjectIssuer::issue(const std::string& originator) {
  model::TimePoint now = clock_.now();
  // esrx has second precision: the object expires at the second it shows, never later.
  model::TimePoint expires = std::chrono::floor<std::chrono::seconds>(now + settings_.lifetime);
  ReceiverRandObject object = make('u', expires);
  unique_.put(originator, object.id, object, expires, now);
  return object;
}

std::optional<ReceiverRandObject> RandObjectIssuer::find(std::string_view originator,
                                                         std::string_view id) {
  model::TimePoint now = clock_.now();
  if (auto unique = unique_.find(originator, id, now)) return unique;
  if (shared_ && shared_->id == id && now < shared_expires_) return shared_;
  return std::nullopt;
}

model::Json RandObjectIssuer::e2eSecInfo() const {
  model::Json esi = {
      {"esf", supportedE2eSecFeatures(settings_)}};
  if (shared_) esi["esro"] = toJson(*shared_);
  return esi;
}

}  // namespace citadel::security::esprim
