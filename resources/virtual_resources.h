#pragma once
// The virtual resources of TS-0004 §6.8 (Table 6.8-1): children with fixed resourceNames that
// every resource of the listed parent types has, without a stored representation.

#include <string_view>

#include "cse/model/types.h"

namespace citadel::resources {

// Whether `name` is the resourceName of a virtual child of every resource of type `parent`
// (Table 6.8-1: la and ol of a container or timeSeries, fopt and sfop of a group, pcu of a
// pollingChannel, ntsr of a subscription, smv of an ontologyRepository, msp of a
// semanticMashupInstance). Such a name is taken: a CREATE that asks for it is 4105 CONFLICT
// (TS-0004 §7.3.3.5, a sibling with that resourceName exists). Thread-safe.
bool isVirtualChildName(model::ResourceType parent, std::string_view name);

// The resourceName of a <group>'s fanOutPoint (TS-0001 §9.6.14), and the suffix that makes a
// member ID or an address point at one ("<group>/fopt").
inline constexpr std::string_view kFanOutPointName = "fopt";
inline constexpr std::string_view kFanOutSuffix = "/fopt";

}  // namespace citadel::resources
