#include "cse/engine/notification/subscription_statistics.h"

namespace citadel::engine {

using model::Json;

void SubscriptionStatistics::record(StripeLocks& locks, const std::string& subscription_ri,
                                    const std::string& target, size_t events, bool answered) {
  std::lock_guard lock(locks.forId(subscription_ri));
  auto loaded = repository_.load(subscription_ri);
  if (!loaded.isOk() || !loaded.value().attributes.value("nse", false)) {
    return;
  }
  resources::Resource subscription = std::move(loaded).value();
  Json& stats = subscription.attributes["nsi"];
  if (!stats.is_array()) {
    stats = Json::array();
  }
  Json* entry = nullptr;
  for (auto& candidate : stats) {
    if (candidate.value("tg", "") == target) {
      entry = &candidate;
    }
  }
  if (entry == nullptr) {
    stats.push_back({{"tg", target}, {"rqs", 0}, {"rsr", 0}, {"noec", 0}});
    entry = &stats.back();
  }
  (*entry)["rqs"] = entry->value("rqs", 0) + 1;
  (*entry)["rsr"] = entry->value("rsr", 0) + (answered ? 1 : 0);
  (*entry)["noec"] = entry->value("noec", int64_t{0}) + static_cast<int64_t>(events);
  storage::WriteBatch batch;
  resources::ResourceRepository::stagePut(batch, subscription);
  repository_.commit(batch).ignore("statistics are best effort; delivery already happened");
}

}  // namespace citadel::engine
