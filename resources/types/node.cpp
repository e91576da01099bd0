#include "resources/types/node.h"

namespace citadel::resources {
namespace {

using model::Json;
using model::Status;

Status bad(const std::string& name, const std::string& why) {
  return Status::badRequest("attribute '" + name + "' " + why, "node.bad_attribute");
}

Status checkNode(const Json& attributes) {
  if (auto ni = attributes.find("ni"); ni != attributes.end() && ni->is_string()) {
    const std::string& id = ni->get_ref<const std::string&>();
    if (id.empty() || id.size() > kMaxNodeIdBytes) {
      return bad("ni", "(nodeID) must be a non-empty M2M-Node-ID of at most " +
                           std::to_string(kMaxNodeIdBytes) + " bytes");
    }
  }
  if (auto hcl = attributes.find("hcl"); hcl != attributes.end() && hcl->is_string() &&
                                         hcl->get_ref<const std::string&>().empty()) {
    return bad("hcl", "(hostedCSELink) must name a <CSEBase> or <remoteCSE>, not be empty");
  }
  for (const char* name : {"hael", "hsl"}) {
    auto links = attributes.find(name);
    if (links == attributes.end() || !links->is_array()) continue;
    if (links->size() > kMaxNodeLinks) {
      return bad(name, "has more than " + std::to_string(kMaxNodeLinks) + " entries");
    }
    for (const Json& link : *links) {
      if (link.is_string() && link.get_ref<const std::string&>().empty()) {
        return bad(name, "holds an empty resource ID");
      }
    }
  }
  return {};
}

}  // namespace

Status NodeType::validateCreate(const Json& attributes) const { return checkNode(attributes); }

Status NodeType::validateUpdate(const Json& content) const {
  // The whole content, {"m2m:nod": {...}}, before its shape is checked (that check names a
  // wrong root).
  auto root = content.is_object() ? content.find("m2m:nod") : content.end();
  if (root == content.end() || !root->is_object()) return {};
  return checkNode(*root);
}

}  // namespace citadel::resources
