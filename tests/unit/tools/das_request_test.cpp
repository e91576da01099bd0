// Reading the dynamic authorization request (m2m:seci with sit 1 and dreq): every member the
// decision needs, then each malformed form, refused with a dbg naming the member.
#include "tools/das/das_request.h"

#include <gtest/gtest.h>

#include "tests/support/status_macros.h"

namespace citadel::tools::das {
namespace {

using model::Json;

Json dreqContent(Json dreq) { return Json{{"m2m:seci", {{"sit", 1}, {"dreq", std::move(dreq)}}}}; }

Json minimalDreq() { return Json{{"or", "Cae1"}, {"op", 2}, {"trid", "cnt1"}}; }

// The dbg of a refused content; "" (and a failure) when it was accepted.
std::string refusal(const Json& content) {
  auto parsed = parseDasRequest(content);
  if (parsed.isOk()) {
    ADD_FAILURE() << "accepted: " << content.dump();
    return "";
  }
  EXPECT_EQ(parsed.status().rsc(), model::Rsc::kBadRequest);
  EXPECT_EQ(parsed.status().reason(), "das.bad_request");
  return parsed.status().dbg();
}

std::string refusalWith(const char* member, Json value) {
  Json dreq = minimalDreq();
  dreq[member] = std::move(value);
  return refusal(dreqContent(dreq));
}

TEST(DasRequestTest, ReadsEveryMember) {
  Json dreq = {{"or", "//citadel.example.com/id-in/Cae1"},
               {"trt", 4},
               {"op", 3},
               {"trid", "cin42"},
               {"ppl", "20270101T000000"},
               {"orid", {"r1@das.example.com"}},
               {"rfa", {"//citadel.example.com/id-in/cse-in/cnt/cin42"}},
               {"tids", {"t1@das.example.com", "t2@das.example.com"}},
               {"oip", {{"ip4", "127.0.0.1"}}},
               {"rts", "20261231T235959"}};  // a member the DAS does not use: ignored
  auto parsed = parseDasRequest(dreqContent(dreq));
  ASSERT_OK(parsed);
  const DasRequest& r = parsed.value();
  EXPECT_EQ(r.originator, "//citadel.example.com/id-in/Cae1");
  EXPECT_EQ(r.target_resource_type, 4);
  EXPECT_EQ(r.operation, 3);
  EXPECT_EQ(r.target_resource_id, "cin42");
  EXPECT_EQ(r.proposed_lifetime, "20270101T000000");
  EXPECT_EQ(r.originator_role_ids, std::vector<std::string>{"r1@das.example.com"});
  EXPECT_EQ(r.request_full_addresses.size(), 1u);
  ASSERT_TRUE(r.token_ids.has_value());
  EXPECT_EQ(r.token_ids->size(), 2u);
  EXPECT_EQ(r.originator_ip["ip4"], "127.0.0.1");
}

TEST(DasRequestTest, LeavesOptionalMembersUnsetWhenAbsent) {
  auto parsed = parseDasRequest(dreqContent(minimalDreq()));
  ASSERT_OK(parsed);
  EXPECT_FALSE(parsed.value().target_resource_type.has_value());
  EXPECT_FALSE(parsed.value().token_ids.has_value());
  EXPECT_TRUE(parsed.value().originator_ip.is_null());
}

TEST(DasRequestTest, RefusesContentWithoutSecurityInfo) {
  EXPECT_NE(refusal(Json()).find("m2m:seci"), std::string::npos);
  EXPECT_NE(refusal(Json::array()).find("m2m:seci"), std::string::npos);
  EXPECT_NE(refusal(Json{{"m2m:cin", {{"con", "x"}}}}).find("has no m2m:seci object"),
            std::string::npos);
  EXPECT_NE(refusal(Json{{"m2m:seci", "text"}}).find("has no m2m:seci object"), std::string::npos);
}

TEST(DasRequestTest, RefusesSitOtherThanRequest) {
  for (Json sit : {Json(2), Json("1"), Json(1.0), Json(-1), Json(nullptr)}) {
    Json content = {{"m2m:seci", {{"sit", sit}, {"dreq", minimalDreq()}}}};
    EXPECT_NE(refusal(content).find("m2m:seci.sit: expected 1"), std::string::npos) << sit;
  }
  EXPECT_NE(refusal(Json{{"m2m:seci", {{"dreq", minimalDreq()}}}}).find("sit"), std::string::npos);
}

TEST(DasRequestTest, RefusesMissingOrMistypedDreq) {
  EXPECT_NE(refusal(Json{{"m2m:seci", {{"sit", 1}}}}).find("m2m:seci.dreq: expected an object"),
            std::string::npos);
  EXPECT_NE(refusal(Json{{"m2m:seci", {{"sit", 1}, {"dreq", {1, 2}}}}}).find("dreq"),
            std::string::npos);
}

TEST(DasRequestTest, RefusesMissingRequiredMembers) {
  for (const char* member : {"or", "op", "trid"}) {
    Json dreq = minimalDreq();
    dreq.erase(member);
    EXPECT_NE(refusal(dreqContent(dreq)).find("dreq." + std::string(member) + " is missing"),
              std::string::npos)
        << member;
  }
}

TEST(DasRequestTest, RefusesOriginatorAndTargetOfTheWrongType) {
  for (const char* member : {"or", "trid"}) {
    for (Json value : {Json(5), Json::array({"Cae"}), Json(true), Json(nullptr)}) {
      EXPECT_EQ(refusalWith(member, value), "dreq." + std::string(member) + ": expected a string");
    }
    EXPECT_NE(refusalWith(member, "").find("non-empty"), std::string::npos);
    EXPECT_NE(refusalWith(member, std::string(kMaxIdBytes + 1, 'a')).find("at most 512"),
              std::string::npos);
    EXPECT_NE(refusalWith(member, "Cae\nINFO forged log line").find("printable"),
              std::string::npos);
  }
}

TEST(DasRequestTest, RefusesOperationsOutside1To5) {
  for (Json op : {Json(0), Json(6), Json(-1), Json("2"), Json(2.0), Json(2.5), Json(true),
                  Json(uint64_t{18446744073709551615u}), Json(int64_t{-9223372036854775807})}) {
    EXPECT_EQ(refusalWith("op", op), "dreq.op: expected an integer 1..5") << op;
  }
}

TEST(DasRequestTest, RefusesMistypedOptionalMembers) {
  EXPECT_NE(refusalWith("trt", "4").find("dreq.trt"), std::string::npos);
  EXPECT_NE(refusalWith("trt", -4).find("dreq.trt"), std::string::npos);
  EXPECT_NE(refusalWith("trt", 70000).find("dreq.trt"), std::string::npos);
  EXPECT_NE(refusalWith("ppl", 60).find("dreq.ppl"), std::string::npos);
  EXPECT_NE(refusalWith("oip", "127.0.0.1").find("dreq.oip"), std::string::npos);
  for (const char* list : {"orid", "rfa", "tids"}) {
    std::string name = "dreq." + std::string(list);
    EXPECT_NE(refusalWith(list, "t1").find(name), std::string::npos) << list;
    EXPECT_NE(refusalWith(list, Json::array({1})).find(name), std::string::npos) << list;
    EXPECT_NE(refusalWith(list, Json::array({""})).find(name), std::string::npos) << list;
    EXPECT_NE(refusalWith(list, Json::array({{{"a", 1}}})).find(name), std::string::npos);
    EXPECT_NE(refusalWith(list, Json(std::vector<std::string>(kMaxListEntries + 1, "t")))
                  .find("at most 64"),
              std::string::npos)
        << list;
  }
}

TEST(DasRequestTest, WrapsTheResponseInSecurityInfo) {
  EXPECT_EQ(dasResponseContent(Json::object()), Json::parse(R"({"m2m:seci":{"sit":2,"dres":{}}})"));
  EXPECT_EQ(dasResponseContent(Json{{"tkns", {"t"}}})["m2m:seci"]["dres"]["tkns"][0], "t");
}

}  // namespace
}  // namespace citadel::tools::das
