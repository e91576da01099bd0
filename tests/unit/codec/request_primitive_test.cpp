// parseRequestPrimitive / requestToPrimitive: the request primitive as JSON or CBOR (the MQTT
// payload of TS-0010 §6.5.1; parameters and types of TS-0004 §7.2.1.1 and §8.2.2), with hostile
// payloads.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "cse/codec/primitive_codec.h"
#include "tests/support/status_macros.h"

namespace citadel::codec {
namespace {

using codec::ContentFormat;
using model::Json;
using model::Operation;
using model::Rsc;

const Json kMinimal = {{"op", 2}, {"to", "cse-in/ae"}, {"fr", "Cae1"}, {"rqi", "r1"}, {"rvi", "3"}};

model::Result<model::Request> parse(const Json& primitive) {
  return parseRequestPrimitive(primitive.dump(), ContentFormat::kJson, codec::ParseLimits{});
}

model::Request parseOk(const Json& primitive) {
  auto result = parse(primitive);
  EXPECT_TRUE(result.isOk()) << citadel::testing::statusOf(result).dbg();
  return result.isOk() ? std::move(result).value() : model::Request{};
}

Json with(Json primitive, const std::string& name, Json value) {
  primitive[name] = std::move(value);
  return primitive;
}

TEST(RequestPrimitiveTest, ParsesMinimalRequest) {
  model::Request request = parseOk(kMinimal);
  EXPECT_EQ(request.operation, Operation::kRetrieve);
  EXPECT_EQ(request.to, "cse-in/ae");
  EXPECT_EQ(request.originator, "Cae1");
  EXPECT_EQ(request.request_id, "r1");
  EXPECT_EQ(request.release_version_indicator, "3");
  EXPECT_TRUE(request.content.is_null());
  EXPECT_FALSE(request.resource_type.has_value());
}

TEST(RequestPrimitiveTest, ParsesEveryParameter) {
  Json full = kMinimal;
  full.update({{"op", 1},
               {"ty", 3},
               {"pc", {{"m2m:cnt", {{"rn", "data"}}}}},
               {"rcn", 9},
               {"rt", {{"rtv", 2}, {"nu", {"mqtt://h/Cae1"}}}},
               {"drt", 2},
               {"fc", {{"fu", 1}, {"lbl", {"a"}}}},
               {"ot", "20250101T000000"},
               {"rqet", "20250101T000010"},
               {"rset", 5000},
               {"oet", "20250101T000001"},
               {"rp", "PT10S"},
               {"ec", 3},
               {"da", true},
               {"gid", "g1"},
               {"grtm", {"x", "y"}},
               {"sqi", false},
               {"vsi", "vendor"},
               {"atrl", {"lbl"}},
               {"rids", {"role1"}},
               {"tkns", {"jwt1", "jwt2"}},
               {"tids", {"tk1"}},
               {"ltids", {"lt1"}},
               {"tqi", true},
               {"asi", true},
               {"aus", {"sig"}},
               {"auri", false}});
  model::Request r = parseOk(full);
  EXPECT_EQ(r.operation, Operation::kCreate);
  EXPECT_EQ(r.resource_type, 3);
  EXPECT_EQ(r.content["m2m:cnt"]["rn"], "data");
  EXPECT_EQ(r.result_content, model::ResultContent::kModifiedAttributes);
  EXPECT_EQ(r.response_type.value, model::ResponseTypeValue::kNonBlockingRequestAsynch);
  EXPECT_EQ(r.response_type.notification_uris, std::vector<std::string>{"mqtt://h/Cae1"});
  EXPECT_EQ(r.desired_identifier_result_type, model::DesiredIdResultType::kUnstructured);
  EXPECT_EQ(r.filter_criteria["fu"], 1);
  EXPECT_EQ(r.originating_timestamp, "20250101T000000");
  EXPECT_EQ(r.request_expiration_timestamp, "20250101T000010");
  EXPECT_EQ(r.result_expiration_timestamp, "5000");
  EXPECT_EQ(r.operation_execution_time, "20250101T000001");
  EXPECT_EQ(r.result_persistence, "PT10S");
  EXPECT_EQ(r.event_category, "3");
  EXPECT_EQ(r.delivery_aggregation, true);
  EXPECT_EQ(r.group_request_identifier, "g1");
  EXPECT_EQ(r.group_request_target_members.size(), 2u);
  EXPECT_EQ(r.semantic_query_indicator, false);
  EXPECT_EQ(r.vendor_information, "vendor");
  EXPECT_EQ(r.attribute_list, std::vector<std::string>{"lbl"});
  EXPECT_EQ(r.role_ids, std::vector<std::string>{"role1"});
  EXPECT_EQ(r.tokens.size(), 2u);
  EXPECT_EQ(r.token_ids, std::vector<std::string>{"tk1"});
  EXPECT_EQ(r.local_token_ids, std::vector<std::string>{"lt1"});
  EXPECT_EQ(r.token_request_indicator, true);
  EXPECT_EQ(r.authorization_signature_indicator, true);
  EXPECT_EQ(r.authorization_signatures, std::vector<std::string>{"sig"});
  EXPECT_EQ(r.authorization_relationship_indicator, false);
}

TEST(RequestPrimitiveTest, RoundTripsThroughRequestToPrimitive) {
  Json full = with(with(with(kMinimal, "op", 1), "ty", 2), "pc", {{"m2m:ae", {{"api", "N1"}}}});
  full.update({{"rt", {{"rtv", 1}}},
               {"rcn", 0},
               {"tids", {"a", "b"}},
               {"ec", 100},
               {"fc", {{"ty", {3}}}},
               {"tqi", false}});
  model::Request first = parseOk(full);
  Json again = requestToPrimitive(first);
  EXPECT_EQ(again, full) << again.dump();
}

TEST(RequestPrimitiveTest, ParsesCborPayload) {
  std::vector<uint8_t> bytes = Json::to_cbor(with(kMinimal, "pc", {{"m2m:cin", {{"con", 1}}}}));
  auto result = parseRequestPrimitive(std::string(bytes.begin(), bytes.end()), ContentFormat::kCbor,
                                      codec::ParseLimits{});
  ASSERT_OK(result);
  EXPECT_EQ(result.value().request_id, "r1");
  EXPECT_EQ(result.value().content["m2m:cin"]["con"], 1);
}

TEST(RequestPrimitiveTest, UnwrapsRequestPrimitiveRoot) {
  EXPECT_EQ(parseOk(Json{{"m2m:rqp", kMinimal}}).request_id, "r1");
}

TEST(RequestPrimitiveTest, IgnoresUnknownParameters) {
  EXPECT_EQ(parseOk(with(kMinimal, "xyz", {{"a", 1}})).to, "cse-in/ae");
}

TEST(RequestPrimitiveTest, TreatsNullParametersAsAbsent) {
  EXPECT_FALSE(parseOk(with(kMinimal, "rcn", nullptr)).result_content.has_value());
}

TEST(RequestPrimitiveTest, RejectsMissingOperationOrTarget) {
  for (const char* name : {"op", "to"}) {
    Json primitive = kMinimal;
    primitive.erase(name);
    auto result = parse(primitive);
    ASSERT_RSC(result, Rsc::kBadRequest);
    EXPECT_EQ(result.status().reason(), "primitive.bad_parameter");
    EXPECT_TRUE(result.status().dbg().starts_with(name)) << result.status().dbg();
  }
  ASSERT_RSC(parse(with(kMinimal, "to", "")), Rsc::kBadRequest);
}

TEST(RequestPrimitiveTest, RejectsEveryWrongTypeNamingTheParameter) {
  const std::vector<std::pair<std::string, Json>> wrong = {
      {"op", "1"},
      {"op", 0},
      {"op", 6},
      {"op", 1.0},
      {"op", -1},
      {"to", 5},
      {"fr", 1},
      {"rqi", 7},
      {"rvi", 3},
      {"ty", "3"},
      {"ty", 0},
      {"ty", 70000},
      {"pc", "x"},
      {"pc", Json::array({1})},
      {"rcn", 11},
      {"rcn", -1},
      {"rcn", "1"},
      {"rt", 3},
      {"rt", Json::object()},
      {"rt", {{"rtv", 6}}},
      {"rt", {{"rtv", 1}, {"nu", "x"}}},
      {"rt", {{"rtv", 1}, {"nu", {1}}}},
      {"drt", 3},
      {"fc", Json::array()},
      {"fc", "x"},
      {"ot", 123},
      {"rqet", true},
      {"rset", -5},
      {"oet", Json::object()},
      {"rp", 1.5},
      {"ec", 2.5},
      {"ec", Json::array()},
      {"vsi", 1},
      {"gid", false},
      {"da", "true"},
      {"tqi", 1},
      {"sqi", "false"},
      {"asi", "yes"},
      {"auri", 0},
      {"tids", "t"},
      {"tids", {1}},
      {"ltids", Json::object()},
      {"rids", {nullptr}},
      {"tkns", 5},
      {"grtm", "x"},
      {"aus", 1},
      {"atrl", "lbl"},
      {"op", 18446744073709551615ull},
  };
  for (const auto& [name, value] : wrong) {
    SCOPED_TRACE(name + "=" + value.dump());
    auto result = parse(with(kMinimal, name, value));
    ASSERT_RSC(result, Rsc::kBadRequest);
    EXPECT_EQ(result.status().reason(), "primitive.bad_parameter");
    EXPECT_TRUE(result.status().dbg().starts_with(name)) << result.status().dbg();
  }
}

TEST(RequestPrimitiveTest, RejectsPayloadThatIsNotAnObject) {
  for (const char* payload : {"[]", "\"x\"", "1", "null", "true", "[{\"op\":1}]"}) {
    SCOPED_TRACE(payload);
    auto result = parseRequestPrimitive(payload, ContentFormat::kJson, codec::ParseLimits{});
    ASSERT_RSC(result, Rsc::kBadRequest);
    EXPECT_EQ(result.status().reason(), "primitive.bad_payload");
  }
}

TEST(RequestPrimitiveTest, RejectsMalformedJsonAndCbor) {
  for (const char* payload : {"", "{", "{\"op\":1,}", "{'op':1}", "{\"op\":1}x", "\xff\xfe"}) {
    SCOPED_TRACE(payload);
    auto result = parseRequestPrimitive(payload, ContentFormat::kJson, codec::ParseLimits{});
    ASSERT_RSC(result, Rsc::kBadRequest);
    EXPECT_EQ(result.status().reason(), "primitive.bad_payload");
  }
  for (std::string payload : {std::string("\xa1\x62op"), std::string("\xbf"),
                              std::string("\x9b\xff\xff\xff\xff\xff\xff\xff\xff")}) {
    auto result = parseRequestPrimitive(payload, ContentFormat::kCbor, codec::ParseLimits{});
    ASSERT_RSC(result, Rsc::kBadRequest);
    EXPECT_EQ(result.status().reason(), "primitive.bad_payload");
  }
}

TEST(RequestPrimitiveTest, RejectsOversizedPayloadBeforeParsing) {
  codec::ParseLimits limits;
  limits.max_bytes = 64;
  std::string payload = with(kMinimal, "vsi", std::string(100, 'v')).dump();
  auto result = parseRequestPrimitive(payload, ContentFormat::kJson, limits);
  ASSERT_RSC(result, Rsc::kBadRequest);
  EXPECT_EQ(result.status().reason(), "primitive.payload_too_large");
  // Garbage of that size is refused for its size, not parsed.
  auto garbage = parseRequestPrimitive(std::string(65, '{'), ContentFormat::kJson, limits);
  EXPECT_EQ(garbage.status().reason(), "primitive.payload_too_large");
}

TEST(RequestPrimitiveTest, RejectsDeeplyNestedContent) {
  std::string payload = R"({"op":1,"to":"x","rqi":"r","pc":)" + std::string(10000, '[') +
                        std::string(10000, ']') + "}";
  auto result = parseRequestPrimitive(payload, ContentFormat::kJson, codec::ParseLimits{});
  ASSERT_RSC(result, Rsc::kBadRequest);
  EXPECT_EQ(result.status().reason(), "primitive.bad_payload");
}

TEST(RequestPrimitiveTest, ReportsRequestIdEvenWhenRejecting) {
  std::string request_id;
  auto result = parseRequestPrimitive(with(kMinimal, "rcn", "bad").dump(), ContentFormat::kJson,
                                      codec::ParseLimits{}, &request_id);
  ASSERT_RSC(result, Rsc::kBadRequest);
  EXPECT_EQ(request_id, "r1");
}

TEST(RequestPrimitiveTest, RejectsEveryTruncationOfAValidPayload) {
  std::string valid = with(with(kMinimal, "op", 1), "pc", {{"m2m:cnt", {{"rn", "c"}}}}).dump();
  for (size_t n = 0; n < valid.size(); ++n) {
    auto result =
        parseRequestPrimitive(valid.substr(0, n), ContentFormat::kJson, codec::ParseLimits{});
    ASSERT_FALSE(result.isOk()) << "prefix of " << n << " bytes parsed";
  }
  std::vector<uint8_t> cbor = Json::to_cbor(Json::parse(valid));
  for (size_t n = 0; n < cbor.size(); ++n) {
    auto result = parseRequestPrimitive(std::string(cbor.begin(), cbor.begin() + n),
                                        ContentFormat::kCbor, codec::ParseLimits{});
    ASSERT_FALSE(result.isOk()) << "CBOR prefix of " << n << " bytes parsed";
  }
}

}  // namespace
}  // namespace citadel::codec
