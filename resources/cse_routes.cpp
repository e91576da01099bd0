#include "resources/cse_routes.h"

#include <algorithm>

#include "resources/types/polling_channel.h"

namespace citadel::resources {
namespace {

constexpr size_t kRemoteCsePage = 64;

bool listsOnlyRelease1(const Resource& remote) {
  auto srv = remote.attributes.find("srv");
  if (srv == remote.attributes.end() || !srv->is_array() || srv->empty()) return false;
  for (const auto& version : *srv) {
    if (version != "1") return false;
  }
  return true;
}

}  // namespace

bool listsDescendant(const Resource& remote, std::string_view target) {
  auto dcse = remote.attributes.find("dcse");
  if (dcse == remote.attributes.end() || !dcse->is_array()) return false;
  for (const auto& id : *dcse) {
    if (id.is_string() && id.get_ref<const std::string&>() == target) return true;
  }
  return false;
}

std::string relayingCse(std::string_view originator) {
  if (!originator.starts_with("/") || originator.starts_with("//")) return "";
  size_t slash = originator.find('/', 1);
  return std::string(originator.substr(0, slash));
}

model::Result<std::optional<CseRoute>> CseRoutes::directRoute(std::string_view cse_id,
                                                              std::string_view target) const {
  // A <remoteCSE>'s resource ID is its CSE-ID without the '/' (RemoteCseType).
  auto record = repository_.loadShared(cse_id.substr(1));
  if (!record.isOk()) {
    if (record.status().rsc() == model::Rsc::kNotFound) return std::optional<CseRoute>();
    return record.takeStatus();
  }
  const Resource& remote = *record.value();
  if (remote.type() != model::ResourceType::kRemoteCSE ||
      remote.attributes.value("csi", "") != cse_id) {
    return std::optional<CseRoute>();
  }
  CseRoute route;
  route.next_cse_id = std::string(cse_id);
  route.target_cse_id = std::string(target);
  route.release1 = listsOnlyRelease1(remote);
  if (auto poa = remote.attributes.find("poa"); poa != remote.attributes.end() && poa->is_array()) {
    for (const auto& uri : *poa) {
      if (uri.is_string()) route.points_of_access.push_back(uri.get<std::string>());
    }
  }
  if (auto rr = remote.attributes.find("rr");
      rr != remote.attributes.end() && rr->is_boolean() && !rr->get<bool>()) {
    route.polling_channel = pollingChannelOf(remote);
  }
  // CSE-to-CSE traffic goes over TLS/DTLS where the next CSE offers it (TS-0004 §7.3.2.1: its
  // CSE-ID is proven only inside a security association); plain ones after, in its order.
  std::stable_partition(route.points_of_access.begin(), route.points_of_access.end(),
                        [](const std::string& uri) {
                          return uri.starts_with("https://") || uri.starts_with("coaps://") ||
                                 uri.starts_with("mqtts://");
                        });
  return std::optional<CseRoute>(std::move(route));
}

model::Result<std::optional<CseRoute>> CseRoutes::routeTo(std::string_view target_cse_id,
                                                          std::string_view came_from) const {
  if (target_cse_id == identity_.cse_id || target_cse_id.size() < 2) {
    return std::optional<CseRoute>();
  }
  // Never back to the CSE that relayed it: that CSE routed it here, so a route back is a loop.
  if (target_cse_id != came_from) {
    CITADEL_ASSIGN_OR_RETURN(std::optional<CseRoute> direct,
                             directRoute(target_cse_id, target_cse_id));
    if (direct) return direct;
    // A descendant of one of the <remoteCSE>s (dcse), listed in the type index below the
    // <CSEBase>.
    std::string after;
    do {
      CITADEL_ASSIGN_OR_RETURN(IdPage page,
                               repository_.typeIdPage(model::ResourceType::kRemoteCSE,
                                                      identity_.cse_name + "/", after,
                                                      kRemoteCsePage));
      for (const auto& ri : page.ids) {
        CITADEL_ASSIGN_OR_RETURN(std::shared_ptr<const Resource> remote,
                                 repository_.loadShared(ri));
        std::string csi = remote->attributes.value("csi", "");
        if (csi != came_from && listsDescendant(*remote, target_cse_id)) {
          return directRoute(csi, target_cse_id);
        }
      }
      after = std::move(page.next);
    } while (!after.empty());
  }
  // "If a match is not found, and the CSE received the request from an AE or a descendant CSE,
  // and the CSE is not the IN-CSE, then it shall retarget the request to its Registrar CSE";
  // from the Registrar itself, or at an IN-CSE, nothing is forwarded.
  if (registrar_.empty() || came_from == registrar_) {
    return std::optional<CseRoute>();
  }
  CITADEL_ASSIGN_OR_RETURN(std::optional<CseRoute> up, directRoute(registrar_, target_cse_id));
  if (up) up->via_registrar = true;
  return up;
}

}  // namespace citadel::resources
