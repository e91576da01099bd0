#include "tools/maf/maf_records.h"

#include <openssl/crypto.h>

#include <cctype>

#include <nlohmann/json.hpp>

#include "security/enrolment/enrolment_keys.h"

namespace citadel::tools::maf {
namespace {

using nlohmann::json;
using security::enrolment::fromHex;
using security::enrolment::toHex;

std::string clientKey(std::string_view reg_id) { return "maf/client/" + std::string(reg_id); }
// Hex keeps an identity holding '/' from reaching into another identity's range.
std::string clientOfKey(std::string_view client_id, std::string_view admin_fqdn) {
  return "maf/client-of/" + toHex(client_id) + "/" + toHex(admin_fqdn);
}
std::string kmKey(std::string_view km_id) {
  std::string key = "maf/km/";
  for (char c : km_id) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

std::string encodeKm(const KmRecord& r) {
  json value{{"key", toHex(r.key)}, {"client", r.client_id}, {"expires", r.expires}};
  std::string text = value.dump();
  std::string& held = value["key"].get_ref<std::string&>();
  OPENSSL_cleanse(held.data(), held.size());
  return text;
}

std::string keyKey(std::string_view id) { return "maf/key/" + std::string(id); }
// Kept after a key is de-registered: a RelativeKeyID is never given out twice.
std::string usedKey(std::string_view id) { return "maf/key-used/" + std::string(id); }

model::Status corrupt() {
  return model::Status::internal("a MAF record is corrupt", "maf.corrupt_record");
}

std::string encodeClient(const ClientRecord& r) {
  json value{{"client", r.client_id}, {"admin", r.admin_fqdn}, {"expires", r.expires}};
  if (r.labels) value["labels"] = *r.labels;
  if (!r.km_id.empty()) value["kmId"] = r.km_id;
  return value.dump();
}

model::Result<ClientRecord> decodeClient(std::string_view reg_id, const std::string& text) {
  json value = json::parse(text, nullptr, false);
  if (value.is_discarded() || !value.is_object()) return corrupt();
  ClientRecord r;
  try {
    r.reg_id = std::string(reg_id);
    r.client_id = value.at("client").get<std::string>();
    r.admin_fqdn = value.at("admin").get<std::string>();
    r.expires = value.at("expires").get<int64_t>();
    if (value.contains("labels")) r.labels = value.at("labels").get<std::vector<std::string>>();
    r.km_id = value.value("kmId", "");
  } catch (const json::exception&) {
    return corrupt();
  }
  return r;
}

// The record as stored; holds the key: wipe it after use.
std::string encodeKey(const KeyRecord& r) {
  json value{{"key", toHex(r.key)},  {"source", r.source_client_id}, {"admin", r.admin_fqdn},
             {"suid", r.suid},       {"targets", r.target_ids},      {"expires", r.expires}};
  if (r.labels) value["labels"] = *r.labels;
  std::string text = value.dump();
  std::string& held = value["key"].get_ref<std::string&>();
  OPENSSL_cleanse(held.data(), held.size());
  return text;
}

// The record's "key" member (hex) into *key as bytes, the hex wiped; false when it is not hex.
// Throws json::exception when the member is missing or not a string (the callers catch it).
bool takeKey(json& value, std::string* key) {
  std::string& hex = value.at("key").get_ref<std::string&>();
  auto bytes = fromHex(hex);
  OPENSSL_cleanse(hex.data(), hex.size());
  if (!bytes.isOk()) return false;
  *key = std::move(bytes).value();
  return true;
}

model::Result<KeyRecord> decodeKey(std::string_view id, const std::string& text) {
  json value = json::parse(text, nullptr, false);
  if (value.is_discarded() || !value.is_object()) return corrupt();
  KeyRecord r;
  try {
    if (!takeKey(value, &r.key)) return corrupt();
    r.relative_key_id = std::string(id);
    r.source_client_id = value.at("source").get<std::string>();
    r.admin_fqdn = value.at("admin").get<std::string>();
    r.suid = value.at("suid").get<int>();
    r.target_ids = value.at("targets").get<std::vector<std::string>>();
    r.expires = value.at("expires").get<int64_t>();
    if (value.contains("labels")) r.labels = value.at("labels").get<std::vector<std::string>>();
  } catch (const json::exception&) {
    return corrupt();
  }
  return r;
}

// Reads `key`: the text, nullopt when absent, 5000 on a storage error.
model::Result<std::optional<std::string>> read(storage::Store& store, const std::string& key) {
  std::string text;
  model::Status got = store.get(key, &text);
  if (got.rsc() == model::Rsc::kNotFound) return std::optional<std::string>();
  if (!got.isOk()) return got;
  return std::optional<std::string>(std::move(text));
}

// A batch whose text holds a key: wiped once written.
model::Status writeWiping(storage::Store& store, storage::WriteBatch& batch) {
  model::Status written = store.write(batch);
  for (const auto& op : batch.ops()) {
    auto& value = const_cast<std::string&>(op.value);
    OPENSSL_cleanse(value.data(), value.size());
  }
  for (const auto& condition : batch.conditions()) {
    auto& value = const_cast<std::string&>(condition.value);
    OPENSSL_cleanse(value.data(), value.size());
  }
  return written;
}

}  // namespace

KeyRecord::~KeyRecord() { OPENSSL_cleanse(key.data(), key.size()); }
KmRecord::~KmRecord() { OPENSSL_cleanse(key.data(), key.size()); }

model::Status MafRecords::addClient(const ClientRecord& record, const ClientRecord* replaced,
                                    const KmRecord* km) {
  storage::WriteBatch batch;
  const std::string index = clientOfKey(record.client_id, record.admin_fqdn);
  if (replaced != nullptr) {
    batch.expectValue(clientKey(replaced->reg_id), encodeClient(*replaced));
    batch.expectValue(index, replaced->reg_id);
    batch.del(clientKey(replaced->reg_id));
    if (!replaced->km_id.empty()) batch.del(kmKey(replaced->km_id));
  } else {
    batch.expectAbsent(index);
  }
  batch.expectAbsent(clientKey(record.reg_id));
  batch.put(clientKey(record.reg_id), encodeClient(record));
  batch.put(index, record.reg_id);
  if (km != nullptr) {
    batch.expectAbsent(kmKey(km->km_id));
    batch.put(kmKey(km->km_id), encodeKm(*km));
  }
  return writeWiping(store_, batch);
}

model::Result<std::optional<ClientRecord>> MafRecords::findClient(const std::string& reg_id) {
  CITADEL_ASSIGN_OR_RETURN(auto text, read(store_, clientKey(reg_id)));
  if (!text) return std::optional<ClientRecord>();
  CITADEL_ASSIGN_OR_RETURN(ClientRecord record, decodeClient(reg_id, *text));
  return std::optional<ClientRecord>(std::move(record));
}

model::Result<std::optional<ClientRecord>> MafRecords::clientOf(const std::string& client_id,
                                                                const std::string& admin_fqdn) {
  CITADEL_ASSIGN_OR_RETURN(auto reg_id, read(store_, clientOfKey(client_id, admin_fqdn)));
  if (!reg_id) return std::optional<ClientRecord>();
  return findClient(*reg_id);
}

model::Status MafRecords::updateClient(const ClientRecord& before, const ClientRecord& after,
                                       const KmRecord* km) {
  storage::WriteBatch batch;
  batch.expectValue(clientKey(before.reg_id), encodeClient(before));
  batch.put(clientKey(after.reg_id), encodeClient(after));
  if (km != nullptr) {
    if (km->km_id != before.km_id) {
      if (!before.km_id.empty()) batch.del(kmKey(before.km_id));
      batch.expectAbsent(kmKey(km->km_id));
    }
    batch.put(kmKey(km->km_id), encodeKm(*km));
  }
  return writeWiping(store_, batch);
}

model::Status MafRecords::removeClient(const ClientRecord& record) {
  storage::WriteBatch batch;
  batch.expectValue(clientKey(record.reg_id), encodeClient(record));
  batch.del(clientKey(record.reg_id));
  batch.del(clientOfKey(record.client_id, record.admin_fqdn));
  if (!record.km_id.empty()) batch.del(kmKey(record.km_id));
  return store_.write(batch);
}

model::Result<std::optional<KmRecord>> MafRecords::findKm(std::string_view km_id) {
  CITADEL_ASSIGN_OR_RETURN(auto text, read(store_, kmKey(km_id)));
  if (!text) return std::optional<KmRecord>();
  json value = json::parse(*text, nullptr, false);
  OPENSSL_cleanse(text->data(), text->size());
  if (value.is_discarded() || !value.is_object()) return corrupt();
  KmRecord r;
  try {
    if (!takeKey(value, &r.key)) return corrupt();
    r.km_id = std::string(km_id);
    r.client_id = value.at("client").get<std::string>();
    r.expires = value.at("expires").get<int64_t>();
  } catch (const json::exception&) {
    return corrupt();
  }
  return std::optional<KmRecord>(std::move(r));
}

model::Status MafRecords::addKey(const KeyRecord& record) {
  storage::WriteBatch batch;
  batch.expectAbsent(usedKey(record.relative_key_id));
  batch.expectAbsent(keyKey(record.relative_key_id));
  batch.put(keyKey(record.relative_key_id), encodeKey(record));
  batch.put(usedKey(record.relative_key_id), "");
  return writeWiping(store_, batch);
}

model::Result<std::optional<KeyRecord>> MafRecords::findKey(const std::string& relative_key_id) {
  CITADEL_ASSIGN_OR_RETURN(auto text, read(store_, keyKey(relative_key_id)));
  if (!text) return std::optional<KeyRecord>();
  auto decoded = decodeKey(relative_key_id, *text);
  OPENSSL_cleanse(text->data(), text->size());
  if (!decoded.isOk()) return decoded.status();
  return std::optional<KeyRecord>(std::move(decoded).value());
}

model::Status MafRecords::updateKey(const KeyRecord& before, const KeyRecord& after) {
  storage::WriteBatch batch;
  batch.expectValue(keyKey(before.relative_key_id), encodeKey(before));
  batch.put(keyKey(after.relative_key_id), encodeKey(after));
  return writeWiping(store_, batch);
}

model::Status MafRecords::removeKey(const KeyRecord& record) {
  storage::WriteBatch batch;
  batch.expectValue(keyKey(record.relative_key_id), encodeKey(record));
  batch.del(keyKey(record.relative_key_id));
  return writeWiping(store_, batch);
}

}  // namespace citadel::tools::maf
