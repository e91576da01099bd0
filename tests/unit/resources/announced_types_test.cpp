// The announced types' attribute tables (TS-0004 Tables 7.4.26.1-2/-3, composed from the
// originals' MA/OA columns in resources/announced_attributes.cpp) and the link rule of
// resources/types/announced.h.
#include <gtest/gtest.h>

#include "resources/announced_attributes.h"
#include "resources/attribute_policy.h"
#include "resources/types/announced.h"

namespace citadel::resources {
namespace {

using enum model::ResourceType;

const CseIdentity kIdentity{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};

TEST(AnnouncedTypesTest, CarryTheLinkTheOriginalsAnnouncedAttributesAndNoCounters) {
  const AttributePolicy* link = findPolicy(kAEAnnc, "lnk");
  ASSERT_NE(link, nullptr);
  EXPECT_EQ(link->on_create, Optionality::kMandatory);
  const AttributePolicy* et = findPolicy(kContainerAnnc, "et");
  ASSERT_NE(et, nullptr);
  EXPECT_EQ(et->on_create, Optionality::kMandatory);  // Table 7.4.26.1-2
  // OA attributes keep the original's value type and become writable by the Hosting CSE.
  const AttributePolicy* api = findPolicy(kAEAnnc, "api");
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(api->type, ValueType::kString);
  EXPECT_EQ(api->on_update, Optionality::kOptional);  // NP on the original <AE>
  EXPECT_NE(findPolicy(kContentInstanceAnnc, "con"), nullptr);
  EXPECT_NE(findPolicy(kAccessControlPolicyAnnc, "pvs"), nullptr);
  EXPECT_NE(findPolicy(kGroupAnnc, "mid"), nullptr);
  // NA attributes stay with the original; instances and policies have no acpi.
  EXPECT_EQ(findPolicy(kContainerAnnc, "cni"), nullptr);
  EXPECT_EQ(findPolicy(kContainerAnnc, "st"), nullptr);
  EXPECT_EQ(findPolicy(kAEAnnc, "at"), nullptr);
  EXPECT_EQ(findPolicy(kContentInstanceAnnc, "acpi"), nullptr);
  EXPECT_EQ(findPolicy(kAccessControlPolicyAnnc, "acpi"), nullptr);
  EXPECT_NE(findPolicy(kCSEBaseAnnc, "csi"), nullptr);
}

TEST(AnnouncedTypesTest, ClassifiesMaAndOaAsTheSpecTables) {
  ASSERT_NE(findAnnouncedAttribute(kAE, "srv"), nullptr);
  EXPECT_EQ(findAnnouncedAttribute(kAE, "srv")->kind, Announced::kMandatory);
  EXPECT_EQ(findAnnouncedAttribute(kAE, "poa")->kind, Announced::kOptional);
  EXPECT_EQ(findAnnouncedAttribute(kAccessControlPolicy, "pv")->kind, Announced::kMandatory);
  EXPECT_EQ(findAnnouncedAttribute(kContainer, "cni"), nullptr);  // NA
  EXPECT_EQ(findAnnouncedAttribute(kContentInstance, "cs"), nullptr);  // NA
  EXPECT_EQ(originalTypeOf(kAEAnnc), kAE);
  EXPECT_EQ(originalTypeOf(kAE), std::nullopt);
  EXPECT_EQ(model::announcedTypeOf(kContainer), kContainerAnnc);
}

TEST(AnnouncedTypesTest, ALinkNamesTheCseOfTheOriginal) {
  EXPECT_EQ(linkedCseId("/id-mn/cse-mn/ae", kIdentity), "/id-mn");
  EXPECT_EQ(linkedCseId("/id-mn", kIdentity), "/id-mn");
  EXPECT_EQ(linkedCseId("//citadel.example.com/id-mn/C1", kIdentity), "/id-mn");
  EXPECT_EQ(linkedCseId("//other.example/id-x/C1", kIdentity), "//other.example/id-x");
  // CSE-relative, this CSE's own, and malformed links name no CSE.
  EXPECT_EQ(linkedCseId("Cae", kIdentity), "");
  EXPECT_EQ(linkedCseId("/id-in/x", kIdentity), "");
  EXPECT_EQ(linkedCseId("", kIdentity), "");
  EXPECT_EQ(linkedCseId("//", kIdentity), "");
  EXPECT_EQ(linkedCseId("/id mn/x", kIdentity), "");
}

TEST(AnnouncedTypesTest, RefusesALinkThatNamesNoOtherCse) {
  AnnouncedType ae(kAEAnnc, kIdentity);
  EXPECT_TRUE(ae.validateCreate({{"lnk", "/id-mn/C1"}, {"et", "20991231T000000"}}).isOk());
  EXPECT_EQ(ae.validateCreate({{"lnk", "C1"}}).rsc(), model::Rsc::kBadRequest);
  EXPECT_EQ(ae.validateCreate({{"lnk", 5}}).rsc(), model::Rsc::kBadRequest);
  EXPECT_EQ(ae.validateUpdate({{"m2m:aeA", {{"lnk", "/id-in/x"}}}}).rsc(),
            model::Rsc::kBadRequest);
  AnnouncedType policy(kAccessControlPolicyAnnc, kIdentity);
  EXPECT_EQ(policy.validateCreate({{"lnk", "/id-mn/acp1"}, {"pv", {{"acr", "x"}}}}).rsc(),
            model::Rsc::kBadRequest);
}

}  // namespace
}  // namespace citadel::resources
