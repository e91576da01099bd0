// The typed views (resources/views/): well-formed records read as typed values, and a record
// whose members have the wrong JSON types (a damaged or hand-edited store) reads as the
// documented defaults instead of throwing.
#include <gtest/gtest.h>

#include "resources/views/access_controlled_view.h"
#include "resources/views/acp_view.h"
#include "resources/views/ae_view.h"
#include "resources/views/container_view.h"
#include "resources/views/dac_view.h"
#include "resources/views/group_view.h"
#include "resources/views/role_view.h"
#include "resources/views/subscription_view.h"
#include "resources/views/token_view.h"

namespace citadel::resources {
namespace {

using model::Json;

Resource record(Json attributes) {
  Resource resource;
  resource.attributes = std::move(attributes);
  return resource;
}

// Every attribute the views read, each of a JSON type it never has in a valid record.
Resource malformed() {
  return record({{"acpi", "acp1"},       {"daci", 5},           {"cstn", {1, 2}},
                 {"pv", "rules"},        {"pvs", Json::array()}, {"rlid", 3},
                 {"tkis", true},         {"tkhd", {{"a", 1}}},  {"tknb", 20240101},
                 {"tkna", "not a time"}, {"tkid", nullptr},     {"tkob", 1.5},
                 {"tkps", "x"},          {"dae", "true"},       {"dap", "http://das"},
                 {"dal", 60},            {"mni", "10"},         {"mbs", 1.5},
                 {"mia", true},          {"cni", "3"},          {"cbs", nullptr},
                 {"st", "1"},            {"disr", 1},           {"mid", "Cone"},
                 {"mnm", "5"},           {"cnm", 2.5},          {"mt", "3"},
                 {"csy", false},         {"aei", 7},            {"poa", "http://x"},
                 {"rr", "yes"},          {"regs", "2"},         {"nu", "http://n"},
                 {"enc", {"net", 1}},    {"exc", "2"},          {"su", 1},
                 {"ln", "true"},         {"bn", 3},             {"rl", 4},
                 {"nct", "1"},           {"nse", 0}});
}

TEST(TypedViewsTest, ReadWellFormedRecordsAsTypedValues) {
  Resource role = record({{"rlid", "r@issuer.com"},
                          {"tkis", "CAuth"},
                          {"tkhd", "Cholder"},
                          {"tknb", "20240101T000000"},
                          {"tkna", "20991231T235959"}});
  RoleView role_view(role);
  EXPECT_EQ(role_view.roleId(), "r@issuer.com");
  EXPECT_EQ(role_view.issuer(), "CAuth");
  EXPECT_EQ(role_view.holder(), "Cholder");
  EXPECT_EQ(role_view.notBefore(), model::parseTimestamp("20240101T000000"));
  EXPECT_TRUE(role_view.notAfter().has_value());

  Resource dac = record({{"dae", true}, {"dap", {"http://a", 5, "coap://b"}}, {"dal", "x"}});
  DacView dac_view(dac);
  EXPECT_TRUE(dac_view.enabled());
  EXPECT_TRUE(dac_view.hasPointsOfAccess());
  EXPECT_EQ(dac_view.pointsOfAccess(), (std::vector<std::string>{"http://a", "coap://b"}));
  EXPECT_EQ(dac_view.lifetime(), "x");

  Resource acp = record({{"pv", {{"acr", Json::array()}}}, {"pvs", {{"acr", {1}}}}});
  EXPECT_TRUE(AcpView(acp).privileges().contains("acr"));
  EXPECT_EQ(AcpView(acp).selfPrivileges()["acr"].size(), 1u);

  Resource container = record({{"mni", 5}, {"cni", 2}, {"cbs", 10}, {"st", 4}, {"disr", true}});
  ContainerView container_view(container);
  EXPECT_EQ(container_view.maxNrOfInstances(), 5);
  EXPECT_EQ(container_view.maxByteSize(), ContainerView::kNoLimit);
  EXPECT_EQ(container_view.currentNrOfInstances(), 2);
  EXPECT_EQ(container_view.currentByteSize(), 10);
  EXPECT_EQ(container_view.stateTag(), 4);
  EXPECT_TRUE(container_view.disableRetrieval());

  Resource subscription = record({{"nu", {"http://n"}}, {"enc", {{"net", {3, 4}}}}});
  EXPECT_EQ(SubscriptionView(subscription).eventTypes(), (std::vector<int>{3, 4}));
  EXPECT_EQ(SubscriptionView(subscription).notificationUris(),
            (std::vector<std::string>{"http://n"}));

  Resource token = record({{"tkid", "t@issuer.com"}, {"tkob", "a.b.c"}});
  EXPECT_EQ(TokenView(token).tokenId(), "t@issuer.com");
  EXPECT_EQ(TokenView(token).tokenObject(), "a.b.c");
}

TEST(TypedViewsTest, ReadDefaultsFromAMalformedRecordWithoutThrowing) {
  Resource bad = malformed();
  AccessControlledView controlled(bad);
  EXPECT_NO_THROW({
    EXPECT_TRUE(controlled.accessControlPolicyIds().empty());
    EXPECT_TRUE(controlled.dynamicAuthorizationConsultationIds().empty());
    EXPECT_EQ(controlled.custodian(), "");
  });
  AcpView acp(bad);
  EXPECT_NO_THROW({
    EXPECT_EQ(acp.privileges(), Json::object());
    EXPECT_EQ(acp.selfPrivileges(), Json::object());
  });
  RoleView role(bad);
  EXPECT_NO_THROW({
    EXPECT_EQ(role.roleId(), "");
    EXPECT_EQ(role.issuer(), "");
    EXPECT_EQ(role.holder(), "");
    EXPECT_FALSE(role.notBefore().has_value());
    EXPECT_FALSE(role.notAfter().has_value());
  });
  TokenView token(bad);
  EXPECT_NO_THROW({
    EXPECT_EQ(token.tokenId(), "");
    EXPECT_FALSE(token.tokenObject().has_value());
    EXPECT_EQ(token.permissions(), Json::object());
  });
  DacView dac(bad);
  EXPECT_NO_THROW({
    EXPECT_FALSE(dac.enabled());
    EXPECT_FALSE(dac.hasPointsOfAccess());
    EXPECT_TRUE(dac.pointsOfAccess().empty());
    EXPECT_EQ(dac.lifetime(), "");
  });
  ContainerView container(bad);
  EXPECT_NO_THROW({
    EXPECT_EQ(container.maxNrOfInstances(), ContainerView::kNoLimit);
    EXPECT_EQ(container.maxByteSize(), ContainerView::kNoLimit);
    EXPECT_EQ(container.maxInstanceAge(), ContainerView::kNoLimit);
    EXPECT_EQ(container.currentNrOfInstances(), 0);
    EXPECT_EQ(container.currentByteSize(), 0);
    EXPECT_EQ(container.stateTag(), 0);
    EXPECT_FALSE(container.disableRetrieval());
  });
  GroupView group(bad);
  EXPECT_NO_THROW({
    EXPECT_TRUE(group.memberIds().empty());
    EXPECT_EQ(group.maxNrOfMembers(), 0);
    EXPECT_EQ(group.currentNrOfMembers(), 0);
    EXPECT_EQ(group.memberType(), kMixedMemberType);
    EXPECT_EQ(group.consistencyStrategy(),
              static_cast<int64_t>(ConsistencyStrategy::kAbandonMember));
  });
  AeView ae(bad);
  EXPECT_NO_THROW({
    EXPECT_EQ(ae.aeId(), "");
    EXPECT_TRUE(ae.pointsOfAccess().empty());
    EXPECT_FALSE(ae.requestReachability());
    EXPECT_EQ(ae.registrationStatus(), 1);
  });
  SubscriptionView subscription(bad);
  EXPECT_NO_THROW({
    EXPECT_TRUE(subscription.notificationUris().empty());
    EXPECT_EQ(subscription.eventTypes(), std::vector<int>{1});
    EXPECT_EQ(subscription.expirationCounter(), 0);
    EXPECT_EQ(subscription.subscriberUri(), "");
    EXPECT_FALSE(subscription.latestNotify());
    EXPECT_EQ(subscription.batchNotify(), Json::object());
    EXPECT_EQ(subscription.rateLimit(), Json::object());
    EXPECT_EQ(subscription.notificationContentType(), 1);
    EXPECT_FALSE(subscription.notificationStatsEnable());
  });
}

TEST(TypedViewsTest, ReadDefaultsWhenTheRecordIsNotAnObject) {
  Json not_object = Json::array({1, 2});
  AttributeReader reader(not_object);
  EXPECT_NO_THROW({
    EXPECT_EQ(reader.find("x"), nullptr);
    EXPECT_EQ(reader.string("x"), "");
    EXPECT_EQ(reader.integer("x", 7), 7);
    EXPECT_TRUE(reader.boolean("x", true));
    EXPECT_TRUE(reader.stringList("x").empty());
    EXPECT_EQ(reader.object("x"), Json::object());
  });
}

TEST(TypedViewsTest, SkipNonIntegerEventTypesAndDefaultToUpdateOfResource) {
  Resource subscription = record({{"enc", {{"net", {"3", 2, nullptr}}}}});
  EXPECT_EQ(SubscriptionView(subscription).eventTypes(), std::vector<int>{2});
  Resource empty_net = record({{"enc", {{"net", Json::array()}}}});
  EXPECT_EQ(SubscriptionView(empty_net).eventTypes(), std::vector<int>{1});
}

}  // namespace
}  // namespace citadel::resources
