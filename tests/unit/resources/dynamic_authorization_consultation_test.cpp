// DynamicAuthorizationConsultationType and its policy rows (TS-0004 §7.4.36): dae and dap are
// mandatory on CREATE, dap is a non-empty list of DAS URIs with a binding scheme this CSE can
// send through, dal a timestamp; hostile values answer 4000 naming the attribute.
#include "resources/types/dynamic_authorization_consultation.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/support/status_macros.h"
#include "tests/unit/resources/type_checks.h"

namespace citadel::resources {
namespace {

using model::Json;
using model::ResourceType;
using model::Rsc;
using testing::checkCreate;
using testing::checkUpdate;
using testing::expectBad;

Json validDac() { return {{"dae", true}, {"dap", {"https://das.example.com:8443/das"}}}; }

Json dacWith(const std::string& name, Json value) {
  Json dac = validDac();
  dac[name] = std::move(value);
  return dac;
}

class DynamicAuthorizationConsultationTest : public ::testing::Test {
 protected:
  DynamicAuthorizationConsultationType dac_;
};

TEST_F(DynamicAuthorizationConsultationTest, AcceptsEveryBindingScheme) {
  EXPECT_OK(checkCreate(dac_, validDac()));
  EXPECT_OK(checkCreate(
      dac_, dacWith("dap", {"http://127.0.0.1:8080/das", "coap://[::1]:5683/das",
                            "coaps://das.local", "mqtt://broker:1883", "mqtts://broker",
                            "HTTPS://DAS.example.com"})));
  Json full = validDac();
  full.update({{"dal", "20991231T235959"}, {"acpi", {"acp1"}}, {"daci", {"dac0"}},
               {"lbl", {"x"}}, {"rn", "das"}});
  EXPECT_OK(checkCreate(dac_, full));
  EXPECT_OK(checkCreate(dac_, dacWith("dae", false)));
}

TEST_F(DynamicAuthorizationConsultationTest, RefusesEachMissingMandatoryAttribute) {
  for (const char* name : {"dae", "dap"}) {
    Json dac = validDac();
    dac.erase(name);
    expectBad(checkCreate(dac_, dac), std::string("'") + name + "'");
  }
}

TEST_F(DynamicAuthorizationConsultationTest, RefusesWrongTypes) {
  expectBad(checkCreate(dac_, dacWith("dae", "true")), "'dae'");
  expectBad(checkCreate(dac_, dacWith("dae", 1)), "'dae'");
  expectBad(checkCreate(dac_, dacWith("dae", nullptr)), "'dae'");
  expectBad(checkCreate(dac_, dacWith("dap", "https://das.example.com")), "'dap'");
  expectBad(checkCreate(dac_, dacWith("dap", {1})), "'dap'");
  expectBad(checkCreate(dac_, dacWith("dal", "tomorrow")), "'dal'");
  expectBad(checkCreate(dac_, dacWith("dal", 3600)), "'dal'");
}

TEST_F(DynamicAuthorizationConsultationTest, RefusesUnusablePointsOfAccess) {
  Json seventeen = Json::array();
  for (size_t i = 0; i <= kMaxDasPointsOfAccess; ++i) {
    seventeen.push_back("http://das" + std::to_string(i));
  }
  for (const Json& bad :
       {Json::array(), Json({"ftp://das.example.com"}), Json({"das.example.com"}),
        Json({"http:das.example.com"}), Json({"http://"}), Json({"http:///path"}),
        Json({"javascript://alert(1)"}), Json({"file:///etc/passwd"}),
        Json({"https://das.example.com", "gopher://x"}), Json({"http://das\x01.example.com"}),
        Json({"http://" + std::string(kMaxDasUriBytes, 'a')}), seventeen}) {
    model::Status status = checkCreate(dac_, dacWith("dap", bad));
    expectBad(status, "'dap'");
  }
}

TEST_F(DynamicAuthorizationConsultationTest, ChecksChangedAttributesOnUpdate) {
  EXPECT_OK(checkUpdate(dac_, {{"dae", false}}));
  EXPECT_OK(checkUpdate(dac_, {{"dap", {"coap://das"}}}));
  EXPECT_OK(checkUpdate(dac_, {{"dal", "20991231T235959"}}));
  EXPECT_OK(checkUpdate(dac_, {{"dal", nullptr}}));
  EXPECT_OK(checkUpdate(dac_, {{"acpi", {"acp1"}}}));
  expectBad(checkUpdate(dac_, {{"dap", Json::array()}}), "'dap'");
  expectBad(checkUpdate(dac_, {{"dap", {"ftp://das"}}}), "'dap'");
  // Mandatory on CREATE: cannot be deleted.
  expectBad(checkUpdate(dac_, {{"dap", nullptr}}), "'dap'");
  expectBad(checkUpdate(dac_, {{"dae", nullptr}}), "'dae'");
  expectBad(checkUpdate(dac_, {{"dae", "no"}}), "'dae'");
  expectBad(checkUpdate(dac_, {{"rn", "other"}}), "'rn'");
}

TEST_F(DynamicAuthorizationConsultationTest, LeavesMalformedUpdateShapesToGenericChecks) {
  EXPECT_OK(dac_.validateUpdate(Json::array()));
  EXPECT_OK(dac_.validateUpdate({{"m2m:dac", 1}}));
}

TEST_F(DynamicAuthorizationConsultationTest, HoldsSubscriptions) {
  EXPECT_EQ(dac_.rootName(), "m2m:dac");
  EXPECT_EQ(static_cast<int>(dac_.type()), 34);
  EXPECT_TRUE(dac_.allowsChild(ResourceType::kSubscription));
  EXPECT_FALSE(dac_.allowsChild(ResourceType::kDynamicAuthorizationConsultation));
}

}  // namespace
}  // namespace citadel::resources
