#include "security/acp_evaluator.h"

#include <optional>

#include "cse/model/types.h"

#include "security/access_context.h"
#include "security/originator_id.h"

namespace citadel::security {
namespace {

// TS-0003 §7.1.5 (res_objd): an acod list restricts CREATE to the child types it names; the
// rule applies when any entry matches. An entry's optional ty must be the addressed resource's
// type; its spty needs a mgmtObj or flexContainer, neither of which this CSE has, so an entry
// with spty never matches. acod does not restrict other operations (TS-0001 §9.6.2.4).
bool objectMatches(const model::Json& rule, const AccessRequest& request) {
  auto acod = rule.find("acod");
  if (!request.created_type || acod == rule.end() || !acod->is_array() || acod->empty()) {
    return true;
  }
  for (const auto& object : *acod) {
    if (!object.is_object() || object.contains("spty")) {
      continue;
    }
    if (auto ty = object.find("ty"); ty != object.end() &&
        (!ty->is_number_integer() || !request.target_type ||
         ty->get<int64_t>() != *request.target_type)) {
      continue;
    }
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

// An acor entry that may name a <group> (TS-0004 Table 7.3.3.15-1: no wildcards, not "all",
// not a Role-ID, not an SP domain) and is not an AE-ID stem ("C…" / "S…" without '/'), which
// never addresses a group here: only those cost a lookup.
bool mayNameGroup(std::string_view entry) {
  if (entry.empty() || entry == "all" || entry.find('*') != std::string_view::npos ||
      entry.find('@') != std::string_view::npos) {
    return false;
  }
  if (entry.starts_with("//") && entry.find('/', 2) == std::string_view::npos) {
    return false;
  }
  bool slash = entry.find('/') != std::string_view::npos;
  return slash || (entry[0] != 'C' && entry[0] != 'S');
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
  if (auto acco = rule.find("acco"); acco != rule.end() && acco->is_array() && !acco->empty()) {
    bool any = false;
    for (const auto& context : *acco) {
      if (accessContextMatches(context, request.now, request.peer_address, request.location)) {
        any = true;
        break;
      }
    }
    if (!any) {
      return false;
    }
  }
  if (!objectMatches(rule, request)) {
    return false;
  }
  // Last: a <group> entry in acor costs a lookup, the conditions above do not.
  auto acor = rule.find("acor");
  return acor != rule.end() && originatorMatches(*acor, request);
}

bool AcpEvaluator::originatorMatches(const model::Json& acor,
                                     const AccessRequest& request) const {
  if (!acor.is_array()) {
    return false;
  }
  for (const auto& entry : acor) {
    if (!entry.is_string()) continue;
    const std::string& text = entry.get_ref<const std::string&>();
    if (acorMatches(text, request.originator_absolute, identity_)) {
      return true;
    }
    // A Role-ID (issuer-relative@issuer) matches exactly, without wildcards.
    if (request.roles != nullptr && text.find('@') != std::string::npos) {
      for (const auto& role : *request.roles) {
        if (role == text) return true;
      }
    }
  }
  // Group IDs second: they need a lookup, and a direct match makes it unnecessary.
  if (groups_ == nullptr) {
    return false;
  }
  for (const auto& entry : acor) {
    if (entry.is_string() && mayNameGroup(entry.get_ref<const std::string&>()) &&
        groups_->isMember(entry.get_ref<const std::string&>(), request.originator_absolute)
            .value_or(false)) {
      return true;
    }
  }
  return false;
}

AccessDecision AcpEvaluator::decide(const std::vector<const model::Json*>& rule_sets,
                                    const AccessRequest& request) const {
  // acr.aca (R4, TS-0001 Table 9.6.2.1-x) limits what a rule grants for RETRIEVE and UPDATE
  // only. A matching rule without it covers every attribute and decides at once (the hot
  // path: permit-overrides, the first hit); rules with it add up, so every rule is looked at.
  const bool attribute_limited =
      request.operation_bit == static_cast<uint8_t>(model::AccessOperation::kRetrieve) ||
      request.operation_bit == static_cast<uint8_t>(model::AccessOperation::kUpdate);
  bool any_rule = false;
  std::optional<AttributeScope> scope;
  for (const model::Json* set : rule_sets) {
    auto rules = set->find("acr");
    if (rules == set->end() || !rules->is_array()) {
      continue;
    }
    for (const auto& rule : *rules) {
      any_rule = true;
      if (!ruleMatches(rule, request)) {
        continue;
      }
      auto aca = rule.find("aca");
      if (!attribute_limited || aca == rule.end()) {
        return {true, "acp.rule_matched"};
      }
      if (!scope) {
        scope = AttributeScope::none();
      }
      scope->add(*aca);
    }
  }
  if (scope) {
    AccessDecision decision{true, "acp.rule_matched_attributes"};
    decision.attributes = std::move(*scope);
    return decision;
  }
  return {false, any_rule ? "acp.no_matching_rule" : "acp.no_rules"};
}

}  // namespace citadel::security
