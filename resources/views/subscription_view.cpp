#include "resources/views/subscription_view.h"

namespace citadel::resources {

std::vector<int> SubscriptionView::eventTypes() const {
  constexpr int kUpdateOfResource = 1;  // TS-0004 §6.3.4.2.19, the default of enc.net
  std::vector<int> types;
  const Json& criteria = eventNotificationCriteria();
  if (auto net = criteria.find("net"); net != criteria.end() && net->is_array()) {
    for (const auto& value : *net) {
      if (value.is_number_integer()) {
        types.push_back(value.get<int>());
      }
    }
  }
  if (types.empty()) {
    types.push_back(kUpdateOfResource);
  }
  return types;
}

}  // namespace citadel::resources
