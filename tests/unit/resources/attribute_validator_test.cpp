// The generic validator over the attribute-policy table (resources/attribute_policies.cpp):
// names, optionality on CREATE/UPDATE, null handling and value types.
#include "resources/attribute_validator.h"

#include <gtest/gtest.h>

#include <string>

#include "resources/attribute_policy.h"
#include "tests/support/status_macros.h"

namespace citadel::resources {
namespace {

using model::Json;
using model::ResourceType;
using model::Rsc;

constexpr RequestKind kCreate = RequestKind::kCreate;
constexpr RequestKind kUpdate = RequestKind::kUpdate;

void expectInvalid(ResourceType type, RequestKind kind, const Json& attributes,
                   std::string_view reason, std::string_view dbg_mentions = {}) {
  model::Status status = validateAttributes(type, kind, attributes);
  ASSERT_RSC(status, Rsc::kBadRequest);
  EXPECT_EQ(status.reason(), reason) << attributes.dump() << " dbg=" << status.dbg();
  if (!dbg_mentions.empty()) {
    EXPECT_NE(status.dbg().find(dbg_mentions), std::string::npos) << status.dbg();
  }
}

const Json kValidAe = {{"api", "Nlamp"}, {"rr", true}, {"srv", {"3"}}};

TEST(AttributeValidatorTest, AcceptsValidCreates) {
  EXPECT_OK(validateAttributes(ResourceType::kAE, kCreate, kValidAe));
  EXPECT_OK(validateAttributes(ResourceType::kContainer, kCreate,
                               {{"rn", "data"},
                                {"mni", 10},
                                {"mbs", 0},
                                {"lbl", {"a", "b"}},
                                {"et", "20991231T235959"},
                                {"acpi", {"cse-in/acp1"}}}));
  EXPECT_OK(validateAttributes(ResourceType::kContentInstance, kCreate,
                               {{"con", {{"temp", 21.5}}}, {"cnf", "application/json:0"}}));
  EXPECT_OK(validateAttributes(ResourceType::kContainer, kCreate, Json::object()));
}

TEST(AttributeValidatorTest, RejectsNonObjectRepresentation) {
  expectInvalid(ResourceType::kContainer, kCreate, Json::array(), "validate.not_object");
  expectInvalid(ResourceType::kContainer, kUpdate, "x", "validate.not_object");
}

TEST(AttributeValidatorTest, RejectsUnknownAttribute) {
  expectInvalid(ResourceType::kContainer, kCreate, {{"foo", 1}}, "validate.unknown_attribute",
                "foo");
  // An attribute of another type is unknown here: api belongs to <AE>.
  expectInvalid(ResourceType::kContainer, kCreate, {{"api", "Nx"}}, "validate.unknown_attribute");
  // Internal fields are never accepted from the wire.
  expectInvalid(ResourceType::kContainer, kUpdate, {{"_cr", "CAdmin"}},
                "validate.unknown_attribute");
}

TEST(AttributeValidatorTest, RejectsNotPermittedOnCreate) {
  expectInvalid(ResourceType::kContainer, kCreate, {{"ri", "cnt1"}}, "validate.not_permitted",
                "ri");
  expectInvalid(ResourceType::kContainer, kCreate, {{"cni", 0}}, "validate.not_permitted");
  expectInvalid(ResourceType::kContentInstance, kCreate, {{"con", "x"}, {"cs", 1}},
                "validate.not_permitted");
  expectInvalid(ResourceType::kCSEBase, kCreate, {{"csi", "/id-in"}}, "validate.not_permitted");
}

TEST(AttributeValidatorTest, RejectsReadOnlyAndWriteOnceOnUpdate) {
  expectInvalid(ResourceType::kContainer, kUpdate, {{"cni", 3}}, "validate.not_permitted",
                "UPDATE");
  expectInvalid(ResourceType::kContainer, kUpdate, {{"rn", "renamed"}}, "validate.not_permitted");
  expectInvalid(ResourceType::kAE, kUpdate, {{"api", "Nother"}}, "validate.not_permitted");
  expectInvalid(ResourceType::kContentInstance, kUpdate, {{"con", "new"}},
                "validate.not_permitted");
}

TEST(AttributeValidatorTest, RejectsWrongValueTypes) {
  auto cnt = ResourceType::kContainer;
  expectInvalid(cnt, kCreate, {{"mni", "10"}}, "validate.wrong_type", "non-negative integer");
  expectInvalid(cnt, kCreate, {{"mni", -1}}, "validate.wrong_type");
  expectInvalid(cnt, kCreate, {{"mni", 1.5}}, "validate.wrong_type");
  expectInvalid(cnt, kCreate, {{"mni", true}}, "validate.wrong_type");
  expectInvalid(cnt, kCreate, {{"disr", "true"}}, "validate.wrong_type", "boolean");
  expectInvalid(cnt, kCreate, {{"et", "tomorrow"}}, "validate.wrong_type", "timestamp");
  expectInvalid(cnt, kCreate, {{"et", "20241301T000000"}}, "validate.wrong_type");
  expectInvalid(cnt, kCreate, {{"rn", "bad name"}}, "validate.wrong_type", "resource name");
  expectInvalid(cnt, kCreate, {{"rn", 7}}, "validate.wrong_type");
  expectInvalid(cnt, kCreate, {{"acpi", {""}}}, "validate.wrong_type", "ID");
  expectInvalid(cnt, kCreate, {{"acpi", {"a b"}}}, "validate.wrong_type");
  expectInvalid(cnt, kUpdate, {{"mbs", Json::object()}}, "validate.wrong_type");
  expectInvalid(ResourceType::kAE, kCreate, {{"api", "Nlamp"}, {"rr", "yes"}, {"srv", {"3"}}},
                "validate.wrong_type", "rr");
}

TEST(AttributeValidatorTest, RejectsListShapeMismatches) {
  auto cnt = ResourceType::kContainer;
  expectInvalid(cnt, kCreate, {{"lbl", "single"}}, "validate.wrong_type", "a list of");
  expectInvalid(cnt, kCreate, {{"lbl", {"ok", 1}}}, "validate.wrong_type");
  expectInvalid(cnt, kCreate, {{"acpi", "cse-in/acp1"}}, "validate.wrong_type");
  EXPECT_OK(validateAttributes(cnt, kCreate, {{"acpi", Json::array()}}));
}

// m2m:labels, TS-0004 Table 6.3.3-1: a list of xs:token with at least one member.
TEST(AttributeValidatorTest, LabelsAreTokens) {
  auto cnt = ResourceType::kContainer;
  EXPECT_OK(validateAttributes(cnt, kCreate, {{"lbl", {"printers", "domain:home", "a b"}}}));
  for (const char* bad : {" lead", "trail ", "two  spaces", "", "tab\there", "line\nfeed"}) {
    expectInvalid(cnt, kCreate, {{"lbl", {bad}}}, "validate.wrong_type", "lbl");
    expectInvalid(cnt, kUpdate, {{"lbl", {"ok", bad}}}, "validate.wrong_type", "xs:token");
  }
  expectInvalid(cnt, kCreate, {{"lbl", Json::array()}}, "validate.empty_list", "at least one");
}

// m2m:serializations, TS-0004 Table 6.3.3-1: xml, json, cbor, at least one member; the media
// types the CSEBase advertises are accepted too.
TEST(AttributeValidatorTest, ContentSerializationIsSerializations) {
  Json ae = kValidAe;
  for (const Json& good : {Json{"json"}, Json{"xml", "json", "cbor"}, Json{"application/json"},
                           Json{"application/cbor", "json"}}) {
    ae["csz"] = good;
    EXPECT_OK(validateAttributes(ResourceType::kAE, kCreate, ae));
  }
  for (const Json& bad : {Json{"wrong"}, Json{"json", "JSON "}, Json{"application/xml2"}}) {
    ae["csz"] = bad;
    expectInvalid(ResourceType::kAE, kCreate, ae, "validate.wrong_type", "csz");
    expectInvalid(ResourceType::kAE, kUpdate, {{"csz", bad}}, "validate.wrong_type", "csz");
  }
  expectInvalid(ResourceType::kAE, kUpdate, {{"csz", Json::array()}}, "validate.empty_list");
}

// m2m:contentInfo, TS-0004 Table 6.3.3-1, with m2m:encodingType (Table 6.3.4.2.28-1) and
// m2m:contentSecurity (Table 6.3.4.2.38-1).
TEST(AttributeValidatorTest, ContentInfoIsMediaTypeEncodingAndSecurity) {
  auto cin = ResourceType::kContentInstance;
  for (const char* good : {"application/xml:1", "application/xml:1:0", "application/xml:1:5",
                           "text/plain:0", "application/vnd.onem2m-res+json:2"}) {
    EXPECT_OK(validateAttributes(cin, kCreate, {{"con", "x"}, {"cnf", good}}));
  }
  for (const char* bad : {"text", "text:0", "text/plain", "text/plain:0:0:0", "text/plain:9",
                          "text/plain:3", "text/plain:0:6", "text/plain:0:", "/plain:0",
                          "text/:0", "text/plain:", "text/pl ain:0", "text/plain:01"}) {
    expectInvalid(cin, kCreate, {{"con", "x"}, {"cnf", bad}}, "validate.wrong_type", "cnf");
  }
}

TEST(AttributeValidatorTest, RejectsMissingMandatoryOnCreate) {
  expectInvalid(ResourceType::kAE, kCreate, {{"rr", true}, {"srv", {"3"}}},
                "validate.missing_mandatory", "api");
  expectInvalid(ResourceType::kAE, kCreate, {{"api", "Nlamp"}, {"srv", {"3"}}},
                "validate.missing_mandatory", "rr");
  expectInvalid(ResourceType::kContentInstance, kCreate, {{"cnf", "text/plain:0"}},
                "validate.missing_mandatory", "con");
  expectInvalid(ResourceType::kAccessControlPolicy, kCreate, {{"pv", {{"acr", Json::array()}}}},
                "validate.missing_mandatory", "pvs");
}

TEST(AttributeValidatorTest, DoesNotRequireMandatoryOnUpdate) {
  EXPECT_OK(validateAttributes(ResourceType::kAE, kUpdate, {{"lbl", {"x"}}}));
  EXPECT_OK(validateAttributes(ResourceType::kAE, kUpdate, Json::object()));
}

TEST(AttributeValidatorTest, AcceptsNullToDeleteOptionalOnUpdate) {
  EXPECT_OK(validateAttributes(ResourceType::kContainer, kUpdate,
                               {{"lbl", nullptr}, {"mni", nullptr}, {"acpi", nullptr}}));
  EXPECT_OK(validateAttributes(ResourceType::kAE, kUpdate, {{"poa", nullptr}}));
}

TEST(AttributeValidatorTest, RejectsNullOnMandatoryAttribute) {
  // Mandatory on CREATE means cardinality 1: it can change but never disappear.
  expectInvalid(ResourceType::kAE, kUpdate, {{"rr", nullptr}}, "validate.null", "rr");
  expectInvalid(ResourceType::kAE, kUpdate, {{"srv", nullptr}}, "validate.null");
  expectInvalid(ResourceType::kAccessControlPolicy, kUpdate, {{"pv", nullptr}}, "validate.null");
}

TEST(AttributeValidatorTest, RejectsNullOnCreate) {
  expectInvalid(ResourceType::kContainer, kCreate, {{"lbl", nullptr}}, "validate.null");
  expectInvalid(ResourceType::kContentInstance, kCreate, {{"con", nullptr}}, "validate.null");
}

TEST(AttributeValidatorTest, AcceptsCreatorNullPlaceholderOnCreateOnly) {
  EXPECT_OK(validateAttributes(ResourceType::kContainer, kCreate, {{"cr", nullptr}}));
  EXPECT_OK(
      validateAttributes(ResourceType::kContentInstance, kCreate, {{"cr", nullptr}, {"con", "x"}}));
  expectInvalid(ResourceType::kContainer, kUpdate, {{"cr", nullptr}}, "validate.not_permitted");
  // <AE> has no creator attribute at all.
  expectInvalid(ResourceType::kAE, kCreate,
                {{"api", "Nlamp"}, {"rr", true}, {"srv", {"3"}}, {"cr", nullptr}},
                "validate.unknown_attribute");
}

TEST(AttributeValidatorTest, FindsPolicyRowsByType) {
  const AttributePolicy* mni = findPolicy(ResourceType::kContainer, "mni");
  ASSERT_NE(mni, nullptr);
  EXPECT_EQ(mni->long_name, "maxNrOfInstances");
  EXPECT_EQ(mni->on_create, Optionality::kOptional);
  EXPECT_EQ(findPolicy(ResourceType::kContentInstance, "acpi"), nullptr);
  EXPECT_EQ(findPolicy(ResourceType::kAccessControlPolicy, "acpi"), nullptr);
  EXPECT_TRUE(policiesFor(static_cast<ResourceType>(99)).empty());
}

TEST(AttributeValidatorTest, HasNoDuplicateRowsPerType) {
  for (auto type : {ResourceType::kAccessControlPolicy, ResourceType::kAE, ResourceType::kContainer,
                    ResourceType::kContentInstance, ResourceType::kCSEBase}) {
    auto rows = policiesFor(type);
    for (size_t i = 0; i < rows.size(); ++i) {
      for (size_t j = i + 1; j < rows.size(); ++j) {
        EXPECT_NE(rows[i].short_name, rows[j].short_name)
            << "ty=" << static_cast<int>(type) << " duplicates " << rows[i].short_name;
      }
    }
  }
}

// m2m:absRelTimestamp (dgt): a timestamp, or a whole number of ms relative to now (as a JSON
// number or in a string).
TEST(AttributeValidatorTest, DataGenerationTimeIsAnAbsRelTimestamp) {
  for (const Json& dgt : {Json("20260101T120000"), Json("20260101T120000,5"), Json(-5000),
                          Json(1000), Json("3000")}) {
    EXPECT_OK(validateAttributes(ResourceType::kContentInstance, kCreate,
                                 {{"con", "v"}, {"dgt", dgt}}));
  }
  for (const Json& dgt : {Json("yesterday"), Json("20261301T000000"), Json(1.5), Json(true)}) {
    expectInvalid(ResourceType::kContentInstance, kCreate, {{"con", "v"}, {"dgt", dgt}},
                  "validate.wrong_type", "dgt");
  }
}

// maxAge (ma): an xs:duration, or a non-negative number of ms.
TEST(AttributeValidatorTest, MaxAgeIsADuration) {
  for (const Json& ma : {Json("PT10S"), Json("P1DT2H"), Json(0), Json(60000)}) {
    EXPECT_OK(validateAttributes(ResourceType::kSubscription, kUpdate, {{"ma", ma}}));
  }
  for (const Json& ma : {Json("10s"), Json("P"), Json(-1), Json(2.5)}) {
    expectInvalid(ResourceType::kSubscription, kUpdate, {{"ma", ma}}, "validate.wrong_type",
                  "ma");
  }
}

// Generated by the Hosting CSE (TS-0004 Table 7.4.13.1-3), write-once on CREATE, or R4 and
// configured (CSEBase): never writable where the table says NP.
TEST(AttributeValidatorTest, RefusesNotPermittedReleaseFourAttributes) {
  expectInvalid(ResourceType::kGroup, kCreate, {{"mnm", 1}, {"mid", Json::array()}, {"ssi", true}},
                "validate.not_permitted");
  expectInvalid(ResourceType::kGroup, kUpdate, {{"spty", {{"cnd", "x"}}}},
                "validate.not_permitted");
  expectInvalid(ResourceType::kContentInstance, kUpdate, {{"dcnt", 2}}, "validate.not_permitted");
}

TEST(ResourceNameTest, AcceptsResourceNames) {
  for (std::string name : {"lamp", "a", "A1._-", "0abc", "data.2024_v-1"}) {
    EXPECT_TRUE(isValidResourceName(name)) << name;
  }
  EXPECT_TRUE(isValidResourceName(std::string(255, 'x')));
}

TEST(ResourceNameTest, RejectsInvalidResourceNames) {
  for (std::string name :
       {"", "-lamp", ".x", "_x", "la mp", "a/b", "a#b", "caf\xc3\xa9", "a?", "a%20"}) {
    EXPECT_FALSE(isValidResourceName(name)) << name;
  }
  EXPECT_FALSE(isValidResourceName(std::string(256, 'x')));
}

// Issue 24 #18: location (loc, m2m:geoCoordinates) on the types ACME's table lists; O/O on
// <AE> and <container>, O/NP on <contentInstance> (not updatable), NP/NP on the read-only
// CSEBase. A bad value says what is wrong with it.
TEST(AttributeValidatorTest, ValidatesLocation) {
  const Json point = {{"typ", 1}, {"crd", "[1.5, 2]"}};
  Json ae = kValidAe;
  ae["loc"] = point;
  EXPECT_OK(validateAttributes(ResourceType::kAE, kCreate, ae));
  EXPECT_OK(validateAttributes(ResourceType::kAE, kUpdate, {{"loc", point}}));
  EXPECT_OK(validateAttributes(ResourceType::kContainer, kUpdate, {{"loc", nullptr}}));
  EXPECT_OK(validateAttributes(ResourceType::kContentInstance, kCreate,
                               {{"con", "x"}, {"loc", point}}));
  expectInvalid(ResourceType::kContentInstance, kUpdate, {{"loc", point}},
                "validate.not_permitted");
  expectInvalid(ResourceType::kCSEBase, kUpdate, {{"loc", point}}, "validate.not_permitted");
  expectInvalid(ResourceType::kContainer, kCreate, {{"loc", {{"typ", 3}, {"crd", "[1,2]"}}}},
                "geo.bad_coordinates", "attribute 'loc' (location)");
  expectInvalid(ResourceType::kContainer, kCreate, {{"loc", {{"typ", 1}, {"crd", "[1]"}}}},
                "geo.bad_coordinates", "2 or 3 numbers");
  expectInvalid(ResourceType::kContainer, kCreate, {{"loc", "[1,2]"}}, "geo.bad_coordinates",
                "expected an object");
  EXPECT_EQ(findPolicy(ResourceType::kSubscription, "loc"), nullptr);
}

}  // namespace
}  // namespace citadel::resources
