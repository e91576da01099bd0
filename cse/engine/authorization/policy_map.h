#pragma once
// Which of this CSE's <accessControlPolicy> resources govern a target on another CSE, for the
// PDP and PRP procedures (TS-0003 §7.5.2-7.5.3 leave "how the applicable policies are
// obtained" out of scope; here the operator says it, authorization.policies):
//   [name:]prefix=acp-id
// A `to` equal to or below `prefix` (SP-relative "/id-mn/cse-mn/fleet" or absolute
// "//sp/id-mn/...", compared on path-segment boundaries) is governed by the ACP `acp-id` (an ID
// of this CSE). With a name, the entry applies only at the <authorizationDecision> or
// <authorizationPolicy> of that resourceName or resourceID. Every matching entry's ACP applies;
// their privileges combine permit-overrides (TS-0004 Table 6.3.4.2.53-1).

#include <string>
#include <string_view>
#include <vector>

#include "cse/model/status.h"
#include "resources/cse_identity.h"
#include "resources/resource.h"
#include "resources/resource_resolver.h"

namespace citadel::engine {

// The policies that apply to one request.
struct ApplicablePolicies {
  enum class Outcome { kFound, kNone, kUnreadable };
  Outcome outcome = Outcome::kNone;       // kNone: no entry matches; kUnreadable: one does, but
                                          // its ACP is missing or not an ACP
  std::vector<resources::Resource> acps;  // kFound: in configuration order
};

class PolicyMap {
 public:
  // 4000 naming the first entry that is not "[name:]prefix=acp-id" with a prefix starting '/'.
  static model::Status check(const std::vector<std::string>& entries);

  // Entries refused by check() are skipped.
  PolicyMap(const std::vector<std::string>& entries, const resources::CseIdentity& identity);

  // The ACPs for `to` at the authorization resource `at`. 5000 on a storage fault.
  model::Result<ApplicablePolicies> find(std::string_view to, const resources::Resource& at,
                                         resources::ResourceResolver& resolver) const;

 private:
  struct Entry {
    std::string at;      // rn or ri of the authorization resource; "" for every one
    std::string prefix;  // SP-relative, without a trailing '/'
    std::string policy;  // an <accessControlPolicy> ID on this CSE
  };
  const resources::CseIdentity& identity_;
  std::vector<Entry> entries_;
};

}  // namespace citadel::engine
