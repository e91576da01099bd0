#include "resources/virtual_resources.h"

#include <array>
#include <cstdint>

namespace citadel::resources {
namespace {

struct VirtualChild {
  uint16_t parent_ty;
  std::string_view name;
};

// TS-0004 Table 6.8-1, by the parent's ty (TS-0004 §6.3.4.2.1 m2m:resourceType): container 3,
// timeSeries 29, group 9, pollingChannel 15, subscription 23, ontologyRepository 38,
// semanticMashupInstance 41. Types this CSE does not host are listed too: the table is the
// spec's, and costs nothing.
constexpr std::array<VirtualChild, 10> kVirtualChildren = {{
    {3, "la"},
    {3, "ol"},
    {29, "la"},
    {29, "ol"},
    {9, "fopt"},
    {9, "sfop"},
    {15, "pcu"},
    {23, "ntsr"},
    {38, "smv"},
    {41, "msp"},
}};

}  // namespace

bool isVirtualChildName(model::ResourceType parent, std::string_view name) {
  auto ty = static_cast<uint16_t>(parent);
  for (const VirtualChild& child : kVirtualChildren) {
    if (child.parent_ty == ty && child.name == name) return true;
  }
  return false;
}

}  // namespace citadel::resources
