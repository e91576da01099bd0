#include "resources/types/subscription.h"

#include "cse/model/duration.h"
#include "resources/batch_notify.h"
#include "resources/type_descriptor.h"
#include "resources/views/subscription_view.h"

namespace citadel::resources {
namespace {

using model::Json;
using model::Status;

// TS-0004 §6.3.4.2.19 notificationEventType 7, "Blocking_Update".
constexpr int kBlockingUpdate = 7;

Status bad(const std::string& dbg) { return Status::badRequest(dbg, "subscription.bad_attribute"); }

bool isIntList(const Json& value, int64_t min, int64_t max) {
  if (!value.is_array()) {
    return false;
  }
  for (const auto& v : value) {
    if (!v.is_number_integer() || v.get<int64_t>() < min || v.get<int64_t>() > max) {
      return false;
    }
  }
  return true;
}

// operationMonitor (TS-0004 Table 6.3.5.57-1), a list (0..n) of {ops: m2m:accessControlOperations
// (a bit set, 1..63), or: m2m:ID}, each with at least one of the two.
Status validateOperationMonitor(const Json& om) {
  if (!om.is_array()) {
    return bad("enc.om (operationMonitor) must be a list of {\"ops\", \"or\"}");
  }
  for (const auto& entry : om) {
    if (!entry.is_object() || entry.empty()) {
      return bad("each enc.om entry must name operations (ops) and/or an originator (or)");
    }
    for (auto it = entry.begin(); it != entry.end(); ++it) {
      if (it.key() == "ops") {
        if (!it->is_number_integer() || it->get<int64_t>() < 1 || it->get<int64_t>() > 63) {
          return bad("enc.om.ops must be m2m:accessControlOperations (1..63)");
        }
      } else if (it.key() == "or") {
        if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
          return bad("enc.om.or must be an originator ID (m2m:ID)");
        }
      } else {
        return bad("unknown member 'enc.om." + it.key() + "'");
      }
    }
  }
  return {};
}

// eventNotificationCriteria (TS-0004 §6.3.5.x, m2m:eventNotificationCriteria).
Status validateCriteria(const Json& enc) {
  if (!enc.is_object()) {
    return bad("eventNotificationCriteria (enc) must be an object");
  }
  for (auto it = enc.begin(); it != enc.end(); ++it) {
    const std::string& k = it.key();
    const Json& v = *it;
    if (k == "net") {
      // 6 and 8 (AE triggers, missing data) need features or resource types this CSE does not
      // host.
      if (!isIntList(v, 1, 8)) return bad("enc.net must be a list of notificationEventType 1..8");
      for (const auto& net : v) {
        if (net.get<int>() == 6 || net.get<int>() == 8) {
          return bad("enc.net value " + std::to_string(net.get<int>()) +
                     " is not supported by this CSE (supported: 1, 2, 3, 4, 5, 7)");
        }
      }
    } else if (k == "chty") {
      if (!isIntList(v, 1, 65535)) return bad("enc.chty must be a list of resource types");
    } else if (k == "atr") {
      if (!v.is_array()) return bad("enc.atr must be a list of attribute names");
      for (const auto& a : v) {
        if (!a.is_string() && !(a.is_object() && a.contains("nm"))) {
          return bad("enc.atr entries must be attribute names");
        }
      }
    } else if (k == "crb" || k == "cra" || k == "ms" || k == "us" || k == "exb" || k == "exa") {
      if (!v.is_string()) return bad("enc." + k + " must be a timestamp");
    } else if (k == "sts" || k == "stb" || k == "sza" || k == "szb") {
      if (!v.is_number_integer() || v.get<int64_t>() < 0) {
        return bad("enc." + k + " must be a non-negative integer");
      }
    } else if (k == "fo") {
      if (!v.is_number_integer() || v.get<int>() < 1 || v.get<int>() > 2) {
        return bad("enc.fo must be 1 (AND) or 2 (OR)");
      }
    } else if (k == "om") {
      CITADEL_RETURN_IF_ERROR(validateOperationMonitor(v));
    } else if (k == "md") {
      return bad("enc.md (missing data) is not supported by this CSE: it needs <timeSeries>");
    } else {
      return bad("unknown member 'enc." + k + "'");
    }
  }
  // TS-0004 §7.4.8.2.1 / §7.4.8.2.3: notificationEventType and operationMonitor exclude each
  // other (an UPDATE replaces enc whole, so the new enc is what the resource would hold).
  auto om = enc.find("om");
  if (enc.contains("net") && om != enc.end() && !om->empty()) {
    return bad("enc.net (notificationEventType) and enc.om (operationMonitor) cannot both be set");
  }
  return {};
}

// TS-0004 §7.4.8.2.1 Recv-6.4: with Blocking_Update "any resource-specific attributes of the
// <subscription> resource other than eventNotificationCriteria or notificationURI" are refused
// (TS-0001 Table 9.6.8-2: "All other notification policies shall not be allowed"). cr is the
// Hosting CSE's to set, so a request naming it asks for nothing this rule forbids.
Status checkBlockingPolicies(const Json& given) {
  static constexpr std::string_view kForbidden[] = {"exc", "gpi", "nfu", "bn",  "rl",
                                                    "psn", "pn",  "nsp", "ln",  "nct",
                                                    "nec", "su",  "nse"};
  for (std::string_view key : kForbidden) {
    if (given.contains(std::string(key))) {
      std::string dbg(key);
      dbg += " is not allowed on a subscription with enc.net 7 (Blocking_Update): only enc and "
             "nu may be given (TS-0004 §7.4.8.2.1)";
      return bad(dbg);
    }
  }
  return {};
}

// TS-0004 §7.4.8.2.1 Recv-6.4 / TS-0001 Table 9.6.8-2: exactly one Notification Target, a
// oneM2M-compliant resource ID (a URL, scheme://..., is not one).
Status checkBlockingTarget(const Json& attributes) {
  auto nu = attributes.find("nu");
  if (nu == attributes.end() || !nu->is_array() || nu->size() != 1) {
    return bad("a subscription with enc.net 7 (Blocking_Update) must have exactly one "
               "notificationURI (nu) entry (TS-0004 §7.4.8.2.1)");
  }
  const Json& target = nu->front();
  if (!target.is_string() || target.get_ref<const std::string&>().empty() ||
      target.get_ref<const std::string&>().find("://") != std::string::npos) {
    return bad("the notificationURI (nu) of a subscription with enc.net 7 (Blocking_Update) "
               "must be a oneM2M resource ID, not a URL (TS-0004 §7.4.8.2.1)");
  }
  return {};
}

// TS-0004 §7.4.8.2.1 Recv-6.4: no condition tag but atr; TS-0001 Table 9.6.8-2: net 7 "shall
// not be combined with any other notificationEventType tag value".
Status checkBlockingCriteria(const Json& enc) {
  if (enc["net"].size() != 1) {
    return bad("enc.net 7 (Blocking_Update) cannot be combined with other "
               "notificationEventTypes (TS-0001 Table 9.6.8-2)");
  }
  for (auto it = enc.begin(); it != enc.end(); ++it) {
    if (it.key() != "net" && it.key() != "atr") {
      return bad("enc." + it.key() +
                 " is not allowed with enc.net 7 (Blocking_Update): the only condition is "
                 "the attribute list (atr) (TS-0004 §7.4.8.2.1)");
    }
  }
  return {};
}

Status validateBlockingCreate(const Json& a) {
  CITADEL_RETURN_IF_ERROR(checkBlockingCriteria(a["enc"]));
  CITADEL_RETURN_IF_ERROR(checkBlockingTarget(a));
  return checkBlockingPolicies(a);
}

Status validateSpecific(const Json& a) {
  if (auto it = a.find("enc"); it != a.end() && !it->is_null()) {
    CITADEL_RETURN_IF_ERROR(validateCriteria(*it));
  }
  if (auto it = a.find("nu"); it != a.end() && !it->is_null() && it->empty()) {
    return bad("notificationURI (nu) must name at least one target");
  }
  if (auto it = a.find("nct"); it != a.end() && !it->is_null()) {
    int nct = it->get<int>();
    if (nct < 1 || nct > 3) {
      return bad("notificationContentType (nct) " + std::to_string(nct) +
                 " is not supported (1 all attributes, 2 modified attributes, 3 resource ID)");
    }
    // TS-0001 Table 9.6.8-4: modified attributes only with Update_of_Resource.
    if (nct == 2) {
      auto enc = a.find("enc");
      if (enc != a.end() && enc->is_object() && enc->contains("net")) {
        for (const auto& net : (*enc)["net"]) {
          if (net.get<int>() != 1) {
            return bad("notificationContentType 2 (modified attributes) is valid only with "
                       "notificationEventType 1 (Update_of_Resource)");
          }
        }
      }
    }
  }
  if (auto it = a.find("bn"); it != a.end() && !it->is_null()) {
    CITADEL_RETURN_IF_ERROR(validateBatchNotify(*it, "bn"));
  }
  if (auto it = a.find("rl"); it != a.end() && !it->is_null()) {
    const Json& rl = *it;
    if (!rl.is_object() || !rl.contains("mnn") || !rl["mnn"].is_number_integer() ||
        rl["mnn"].get<int64_t>() < 1 || !rl.contains("tww") || !rl["tww"].is_number_integer() ||
        rl["tww"].get<int64_t>() < 1) {
      return bad("rateLimit (rl) must be {\"mnn\": positive integer, \"tww\": seconds}");
    }
  }
  if (auto it = a.find("pn"); it != a.end() && !it->is_null() &&
      (it->get<int>() < 1 || it->get<int>() > 2)) {
    return bad("pendingNotification (pn) must be 1 (sendLatest) or 2 (sendAllPending)");
  }
  return {};
}

// TS-0004 §7.4.8.2.1 and §7.4.8.2.3: "If the Originator provides a value of childResourceType
// which is not a valid child of the subscribed-to resource, the request shall be rejected with
// ... BAD_REQUEST". Valid children are those the type descriptors allow under `subscribed`.
Status checkChildTypes(const Json& attributes, ResourceType subscribed) {
  auto enc = attributes.find("enc");
  if (enc == attributes.end() || !enc->is_object() || !enc->contains("chty")) {
    return {};
  }
  for (const auto& chty : (*enc)["chty"]) {
    auto child = static_cast<ResourceType>(chty.get<int>());
    if (!allowsChild(subscribed, child)) {
      return bad("enc.chty (childResourceType) " + std::to_string(chty.get<int>()) +
                 " is not a valid child type of the subscribed-to resource (ty " +
                 std::to_string(static_cast<int>(subscribed)) + ")");
    }
  }
  return {};
}

}  // namespace

bool isBlockingUpdate(const Json& attributes) {
  auto enc = attributes.find("enc");
  if (enc == attributes.end() || !enc->is_object()) {
    return false;
  }
  auto net = enc->find("net");
  if (net == enc->end() || !net->is_array()) {
    return false;
  }
  for (const auto& value : *net) {
    if (value.is_number_integer() && value.get<int>() == kBlockingUpdate) {
      return true;
    }
  }
  return false;
}

Status SubscriptionType::validateCreate(const Json& attributes) const {
  CITADEL_RETURN_IF_ERROR(validateSpecific(attributes));
  if (isBlockingUpdate(attributes)) {
    return validateBlockingCreate(attributes);
  }
  return {};
}

Status SubscriptionType::validateUpdate(const Json& changes) const {
  if (!changes.is_object() || changes.size() != 1 || !changes.begin()->is_object()) {
    return {};  // the generic checks report the shape
  }
  // TS-0004 §7.4.8.2.3 Recv-6.4.
  if (isBlockingUpdate(*changes.begin())) {
    return bad("enc.net 7 (Blocking_Update) can be set only when the subscription is created "
               "(TS-0004 §7.4.8.2.3)");
  }
  return validateSpecific(*changes.begin());
}

Status SubscriptionType::checkSingleBlocking(const Resource& parent,
                                             ResourceRepository& repository) const {
  // TS-0004 §7.4.8.2.1 Recv-6.4: one Blocking_Update subscription per subscribed-to resource.
  // The caller holds the parent's lock, so two such CREATEs cannot both pass.
  std::vector<std::string> ids;
  std::string below = parent.path() + "/";
  CITADEL_RETURN_IF_ERROR(appendAllPages(
      [&](std::string_view after) {
        return repository.typeIdPage(ResourceType::kSubscription, below, after,
                                     ResourceRepository::kScanPage);
      },
      &ids));
  for (const auto& ri : ids) {
    auto sibling = repository.load(ri);
    if (sibling.isOk() && sibling.value().pi() == parent.ri() &&
        isBlockingUpdate(sibling.value().attributes)) {
      return {model::Rsc::kBlockingSubscriptionAlreadyExists,
              "the subscribed-to resource already has a subscription with enc.net 7 "
              "(Blocking_Update): " + ri,
              "subscription.blocking_exists"};
    }
  }
  return {};
}

Status SubscriptionType::prepareCreate(CreateContext& context) const {
  Json& a = context.child.attributes;
  CITADEL_RETURN_IF_ERROR(checkChildTypes(a, context.parent.type()));
  if (isBlockingUpdate(a)) {
    CITADEL_RETURN_IF_ERROR(checkSingleBlocking(context.parent, context.repository));
    a["nct"] = 2;  // TS-0001 Table 9.6.8-2: "The notificationContentType shall be modified ..."
  }
  if (!a.contains("nct")) {
    a["nct"] = 1;  // TS-0001 Table 9.6.8-4: all attributes for net 1-4
  }
  // TS-0004 §7.4.8.2.1 Recv-6.5: the subscriber is recorded as creator.
  a["cr"] = context.originator;
  completeBatchNotify(a);
  // nsi stays absent until the first counted notification (SubscriptionStatistics adds it).
  return {};
}

void SubscriptionType::completeBatchNotify(Json& attributes) const {
  // TS-0004 §7.4.8.2.1 Recv-6.5 and Table 6.3.5.6-1: bn without duration gets the default.
  auto bn = attributes.find("bn");
  if (bn != attributes.end() && bn->is_object() && !bn->contains("dur")) {
    (*bn)["dur"] = model::formatDuration(default_batch_duration_);
  }
}

Status SubscriptionType::onUpdated(UpdateContext& context) const {
  if (isBlockingUpdate(context.resource.attributes)) {
    // What CREATE refuses for Blocking_Update, an UPDATE cannot add (TS-0001 Table 9.6.8-2).
    CITADEL_RETURN_IF_ERROR(checkBlockingPolicies(context.changes));
    CITADEL_RETURN_IF_ERROR(checkBlockingTarget(context.resource.attributes));
  }
  if (context.changes.contains("bn")) {
    completeBatchNotify(context.resource.attributes);
  }
  if (context.changes.contains("enc")) {
    auto subscribed = context.repository.load(context.resource.pi());
    if (!subscribed.isOk()) {
      return subscribed.takeStatus();
    }
    CITADEL_RETURN_IF_ERROR(checkChildTypes(context.changes, subscribed.value().type()));
  }
  // R4 notificationStatsEnable: set to true (again) starts the statistics afresh, removed takes
  // them away; nsi is absent until the next counted notification. Set to false keeps them.
  if (auto nse = context.changes.find("nse"); nse != context.changes.end() && *nse != false) {
    context.resource.attributes.erase("nsi");
  }
  return {};
}

std::vector<int> notificationEventTypes(const Resource& subscription) {
  return SubscriptionView(subscription).eventTypes();
}

}  // namespace citadel::resources
