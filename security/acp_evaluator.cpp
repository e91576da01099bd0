#include "security/acp_evaluator.h"

#include "security/access_context.h"
#include "security/originator_id.h"

namespace citadel::security {
namespace {

bool objectMatches(const model::Json& rule, const AccessRequest& request) {
  // acod restricts CREATE to the listed child types; it does not apply to other operations.
  auto acod = rule.find("acod");
  if (!request.created_type || acod == rule.end() || !acod->is_array() || acod->empty()) {
    return true;
  }
  for (const auto& object : *acod) {
    auto chty = object.find("chty");
    if (chty == object.end() || !chty->is_array()) {
      continue;
    }
    for (const auto& ty : *chty) {
      if (ty.is_number_integer() && ty.get<int64_t>() == *request.created_type) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

bool AcpEvaluator::ruleMatches(const model::Json& rule, const AccessRequest& request) const {
  if (!rule.is_object()) {
    return false;
  }
  // Stored rules were validated on CREATE/UPDATE, but json::value() throws on a type mismatch:
  // read type-checked so that a bad record denies instead of throwing out of the pipeline.
  auto acaf = rule.find("acaf");
  if (acaf != rule.end() &&
      (!acaf->is_boolean() || (acaf->get<bool>() && !request.authenticated))) {
    return false;
  }
  auto acop = rule.find("acop");
  if (acop == rule.end() || !acop->is_number_integer() ||
      (acop->get<int64_t>() & request.operation_bit) == 0) {
    return false;
  }
  bool originator_matched = false;
  if (auto acor = rule.find("acor"); acor != rule.end() && acor->is_array()) {
    for (const auto& entry : *acor) {
      if (entry.is_string() &&
          acorMatches(entry.get_ref<const std::string&>(), request.originator_absolute,
                      identity_)) {
        originator_matched = true;
        break;
      }
    }
  }
  if (!originator_matched) {
    return false;
  }
  if (auto acco = rule.find("acco"); acco != rule.end() && acco->is_array() && !acco->empty()) {
    bool any = false;
    for (const auto& context : *acco) {
      if (accessContextMatches(context, request.now, request.peer_address)) {
        any = true;
        break;
      }
    }
    if (!any) {
      return false;
    }
  }
  return objectMatches(rule, request);
}

AccessDecision AcpEvaluator::decide(const std::vector<const model::Json*>& rule_sets,
                                    const AccessRequest& request) const {
  bool any_rule = false;
  for (const model::Json* set : rule_sets) {
    auto rules = set->find("acr");
    if (rules == set->end() || !rules->is_array()) {
      continue;
    }
    for (const auto& rule : *rules) {
      any_rule = true;
      if (ruleMatches(rule, request)) {
        return {true, "acp.rule_matched"};  // permit-overrides: the first hit decides
      }
    }
  }
  return {false, any_rule ? "acp.no_matching_rule" : "acp.no_rules"};
}

}  // namespace citadel::security
