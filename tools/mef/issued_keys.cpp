#include "tools/mef/issued_keys.h"

#include <openssl/crypto.h>

#include <nlohmann/json.hpp>

#include "cse/model/log.h"
#include "security/enrolment/enrolment_keys.h"
#include "security/mef_client/est_messages.h"
#include "security/token/base64url.h"

namespace citadel::tools::mef {
namespace {

using nlohmann::json;
using security::enrolment::fromHex;
using security::enrolment::toHex;

constexpr std::string_view kKeyPrefix = "mef/ke/";
constexpr std::string_view kByKpmPrefix = "mef/by-kpm/";

std::string keyKey(std::string_view key_id) { return std::string(kKeyPrefix).append(key_id); }
std::string certificateKey(std::string_view serial_hex) {
  return std::string("mef/cert/").append(serial_hex);
}
std::string kpmPrefix(std::string_view kpm_id) {
  // Hex keeps an identity holding '/' from reaching into another identity's range.
  return std::string(kByKpmPrefix).append(toHex(kpm_id)).append("/");
}

model::Status corrupt() {
  return model::Status::internal("an issued-key record is corrupt", "mef.corrupt_record");
}

model::Result<IssuedKey> decode(std::string_view key_id, const std::string& text) {
  json value = json::parse(text, nullptr, false);
  if (value.is_discarded() || !value.is_object()) return corrupt();
  IssuedKey key;
  try {
    auto ke = fromHex(value.at("ke").get<std::string>());
    if (!ke.isOk()) return corrupt();
    key.ke = std::move(ke).value();
    key.kpm_id = value.at("kpm").get<std::string>();
    key.enrolee_id = value.value("enrolee", "");
    key.enrolment.key_id = std::string(key_id);
    key.enrolment.target = value.at("target").get<std::string>();
    key.enrolment.suid = value.at("suid").get<int>();
    key.enrolment.issued = value.at("issued").get<int64_t>();
    key.enrolment.expires = value.at("expires").get<int64_t>();
    key.enrolment.ke_confirmation =
        toHex(security::enrolment::keyConfirmation(key.ke, key.enrolment.key_id));
  } catch (const json::exception&) {
    return corrupt();
  }
  return key;
}

}  // namespace

model::Status IssuedKeys::record(const IssuedKey& key) {
  json value{{"ke", toHex(key.ke)},
             {"kpm", key.kpm_id},
             {"enrolee", key.enrolee_id},
             {"target", key.enrolment.target},
             {"suid", key.enrolment.suid},
             {"issued", key.enrolment.issued},
             {"expires", key.enrolment.expires}};
  std::string text = value.dump();
  storage::WriteBatch batch;
  batch.expectAbsent(keyKey(key.enrolment.key_id));
  batch.put(keyKey(key.enrolment.key_id), text);
  batch.put(kpmPrefix(key.kpm_id) + key.enrolment.key_id, "");
  OPENSSL_cleanse(text.data(), text.size());
  model::Status written = store_.write(batch);
  return written;
}

model::Status IssuedKeys::recordCertificate(const std::string& serial_hex,
                                           const std::string& kpm_id, const std::string& subject,
                                           int64_t not_after, const std::string& der) {
  json value{{"kpm", kpm_id},
             {"subject", subject},
             {"notAfter", not_after},
             {"der", security::token::encodeBase64(der)}};
  storage::WriteBatch batch;
  batch.expectAbsent(certificateKey(serial_hex));
  batch.put(certificateKey(serial_hex), value.dump());
  return store_.write(batch);
}

model::Result<std::optional<std::string>> IssuedKeys::findCertificate(
    const std::string& serial_hex) {
  std::string text;
  model::Status got = store_.get(certificateKey(serial_hex), &text);
  if (got.rsc() == model::Rsc::kNotFound) return std::optional<std::string>();
  if (!got.isOk()) return got;
  json value = json::parse(text, nullptr, false);
  std::optional<std::string> der;
  if (value.is_object() && value.contains("der") && value["der"].is_string()) {
    der = security::mef::decodeBase64(value["der"].get<std::string>());
  }
  if (!der) return model::Status::internal("corrupt certificate record " + serial_hex,
                                           "mef.corrupt_record");
  return std::optional<std::string>(std::move(*der));
}

model::Result<std::optional<IssuedKey>> IssuedKeys::find(const std::string& key_id) {
  std::string text;
  model::Status got = store_.get(keyKey(key_id), &text);
  if (got.rsc() == model::Rsc::kNotFound) return std::optional<IssuedKey>();
  if (!got.isOk()) return got;
  auto key = decode(key_id, text);
  OPENSSL_cleanse(text.data(), text.size());
  if (!key.isOk()) return key.status();
  return std::optional<IssuedKey>(std::move(key).value());
}

model::Result<std::vector<Enrolment>> IssuedKeys::listFor(const std::string& kpm_id,
                                                          size_t limit) {
  std::string prefix = kpmPrefix(kpm_id);
  std::vector<std::string> key_ids;
  {
    auto it = store_.newIterator();
    for (it->seek(prefix); it->valid() && key_ids.size() < limit; it->next()) {
      if (!it->key().starts_with(prefix)) break;
      key_ids.emplace_back(it->key().substr(prefix.size()));
    }
    if (!it->status().isOk()) return it->status();
  }
  std::vector<Enrolment> enrolments;
  for (const std::string& key_id : key_ids) {
    CITADEL_ASSIGN_OR_RETURN(std::optional<IssuedKey> key, find(key_id));
    if (!key) return corrupt();  // the index names a key that is not there
    OPENSSL_cleanse(key->ke.data(), key->ke.size());
    enrolments.push_back(std::move(key->enrolment));
  }
  return enrolments;
}

namespace {

constexpr std::string_view kRevokedKeyPrefix = "mef/revoked/key/";
constexpr std::string_view kRevokedCertificatePrefix = "mef/revoked/cert/";

bool present(storage::Store& store, const std::string& key) {
  std::string ignored;
  model::Status got = store.get(key, &ignored);
  if (got.isOk()) return true;
  if (got.rsc() != model::Rsc::kNotFound) {
    LOG_ERROR("MEF: reading " << key << " failed (treated as revoked): " << got.dbg());
    return true;
  }
  return false;
}

model::Status revoke(storage::Store& store, const std::string& record, const std::string& mark,
                     int64_t when) {
  std::string ignored;
  model::Status issued = store.get(record, &ignored);
  if (issued.rsc() == model::Rsc::kNotFound) {
    return model::Status::notFound("this MEF issued no such key or certificate",
                                   "mef.not_issued");
  }
  CITADEL_RETURN_IF_ERROR(issued);
  if (present(store, mark)) return {};  // revoked before: keep the first time
  storage::WriteBatch batch;
  batch.put(mark, std::to_string(when));
  return store.write(batch);
}

}  // namespace

model::Status IssuedKeys::revokeKey(const std::string& key_id, int64_t when) {
  return revoke(store_, keyKey(key_id), std::string(kRevokedKeyPrefix) + key_id, when);
}

model::Status IssuedKeys::revokeCertificate(const std::string& serial_hex, int64_t when) {
  return revoke(store_, certificateKey(serial_hex),
                std::string(kRevokedCertificatePrefix) + serial_hex, when);
}

bool IssuedKeys::isKeyRevoked(const std::string& key_id) {
  return present(store_, std::string(kRevokedKeyPrefix) + key_id);
}

bool IssuedKeys::isCertificateRevoked(const std::string& serial_hex) {
  return present(store_, std::string(kRevokedCertificatePrefix) + serial_hex);
}

model::Result<std::vector<IssuedKeys::Revoked>> IssuedKeys::revokedCertificates() {
  std::vector<Revoked> revoked;
  auto it = store_.newIterator();
  for (it->seek(kRevokedCertificatePrefix); it->valid(); it->next()) {
    if (!it->key().starts_with(kRevokedCertificatePrefix)) break;
    Revoked entry;
    entry.serial_hex = std::string(it->key().substr(kRevokedCertificatePrefix.size()));
    entry.when = std::strtoll(std::string(it->value()).c_str(), nullptr, 10);
    revoked.push_back(std::move(entry));
  }
  if (!it->status().isOk()) return it->status();
  return revoked;
}

}  // namespace citadel::tools::mef
