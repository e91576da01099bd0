#include "tools/das/decision.h"

#include "cse/model/wildcard.h"
#include "tools/token_cli/access_operations.h"

namespace citadel::tools::das {
namespace {

// Policy patterns: '*' spans any characters, '/' included ("//sp/*" covers every entity of sp).
bool matches(std::string_view pattern, std::string_view text) {
  return model::wildcardMatch(pattern, text);
}

}  // namespace

Decision decide(const DasRequest& request, const Requester& requester, const Policy& policy) {
  Decision decision;
  decision.operation_bit = acopBitForOperation(request.operation);
  std::string originator_absolute =
      absoluteOriginator(request.originator, requester.cse_id, requester.sp_id);
  for (const PolicyRule& rule : policy.rules) {
    if ((rule.operations & decision.operation_bit) == 0) {
      continue;
    }
    if (!matches(rule.target_pattern, request.target_resource_id)) {
      continue;
    }
    if (!matches(rule.originator_pattern, request.originator) &&
        !matches(absoluteOriginator(rule.originator_pattern, requester.cse_id, requester.sp_id),
                 originator_absolute)) {
      continue;
    }
    decision.verdict = rule.verdict;
    decision.rule = &rule;
    return decision;
  }
  return decision;  // TS-0003 §7.3.2.2: nothing grants, so the DAS refuses
}

std::string absoluteOriginator(std::string_view originator, std::string_view requester,
                               std::string_view sp_id) {
  if (originator.starts_with("//")) {
    return std::string(originator);
  }
  // The requester's own SP and SP-relative CSE-ID. (Built with append: GCC 12 reports a false
  // -Wrestrict on "literal" + std::string temporaries.)
  std::string_view requester_sp = sp_id;
  std::string_view requester_cse = requester;
  if (requester.starts_with("//")) {
    size_t slash = requester.find('/', 2);
    requester_sp = requester.substr(2, slash == std::string_view::npos ? slash : slash - 2);
    requester_cse = slash == std::string_view::npos ? std::string_view() : requester.substr(slash);
  }
  std::string out = "//";
  out.append(requester_sp);
  if (originator.starts_with("/")) {
    return out.append(originator);  // SP-relative: "/id-mn/Cae", "/Sae"
  }
  if (originator.starts_with("S")) {
    return out.append("/").append(originator);  // S-stems are SP-relative
  }
  if (!requester_cse.starts_with("/")) {
    out.append("/");  // a requester written without its leading '/'
  }
  return out.append(requester_cse).append("/").append(originator);
}

}  // namespace citadel::tools::das
